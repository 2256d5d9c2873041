#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the benchmark guest (built by bench/run-bench.sh): mounts the
# pseudo filesystems like tests/qemu/init.sh, loads pagesnap.ko, runs
# pagesnap-bench with the arguments in /etc/bench-args (or, when the image
# has /bin/pagesnap-profile, bench/profile.sh instead), prints dmesg and
# resets the machine.  Lines the host parses start with "PAGESNAP-".

/bin/busybox --install -s /bin
export PATH=/bin
mkdir -p /proc /sys /dev /tmp
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs -o size=256m tmpfs /tmp

# Seconds since boot, centiseconds: to time a command in busybox sh.
up() { cut -d' ' -f1 /proc/uptime; }
took() { awk -v a="$1" -v b="$(up)" 'BEGIN {printf "%.2f", b - a}'; }

# A snapshot of the whole guest recorded and replayed (bench/README.md):
# its size, the record walk, and stats/scan/diff answered from the file.
# pagesnap-bench's ballast is gone by then: with -f PERCENT, the same
# share of MemTotal is held in a tmpfs file (shmem) while recording.
record_replay() {
	fill=$(sed -n 's/.*-f \([0-9]*\).*/\1/p' /etc/bench-args)
	if [ "${fill:-1}" -gt 1 ]; then
		kib=$(awk -v f="$fill" '/MemTotal/ {print int($2 * f / 100)}' /proc/meminfo)
		mount -o remount,size=$((kib + 65536))k /tmp
		dd if=/dev/zero of=/tmp/fill bs=1M count=$((kib / 1024)) 2>/dev/null
		echo "PAGESNAP-RECORD: holding $((kib / 1024)) MiB in /tmp/fill (shmem)"
	fi
	t=$(up); /bin/pagesnap-cli -j record -o /tmp/bench.psnap > /tmp/rec.json; rc=$?; rec=$(took "$t")
	t=$(up); /bin/pagesnap-cli --input /tmp/bench.psnap stats > /dev/null; st=$(took "$t")
	t=$(up); /bin/pagesnap-cli --input /tmp/bench.psnap scan --columns pfn,kpf > /dev/null; sc=$(took "$t")
	t=$(up); /bin/pagesnap-cli diff /tmp/bench.psnap live > /dev/null; df=$(took "$t")
	t=$(up); /bin/pagesnap-cli stats > /dev/null; live=$(took "$t")
	echo "PAGESNAP-RECORD: rc=$rc $(cat /tmp/rec.json)"
	echo "PAGESNAP-RECORD: record ${rec}s, replay stats ${st}s, replay scan (every pfn listed) ${sc}s, diff against live ${df}s, live stats ${live}s (wall, /proc/uptime)"
	rm -f /tmp/bench.psnap /tmp/fill
}

echo
echo "PAGESNAP-GUEST: kernel $(uname -r), $(nproc) cpus, $(grep MemTotal /proc/meminfo)"
if insmod /pagesnap.ko; then
	echo "PAGESNAP-INSMOD: ok"
	cd /tmp
	if [ -x /bin/pagesnap-profile ]; then
		/bin/pagesnap-profile
	elif [ -x /usr/bin/perf ]; then
		# run-bench.sh --perf: a flat profile of the whole run
		echo 0 > /proc/sys/kernel/kptr_restrict
		echo -1 > /proc/sys/kernel/perf_event_paranoid
		/usr/bin/perf record -q -a -e cpu-clock -F 4000 -o /tmp/perf.data \
			-- /bin/pagesnap-bench $(cat /etc/bench-args)
		rc=$?
		echo "===== PAGESNAP-PERF BEGIN ====="
		/usr/bin/perf report -i /tmp/perf.data --stdio --no-children \
			--sort sym --percent-limit 0.2 2>&1 | grep -v '^$'
		echo "===== PAGESNAP-PERF END ====="
		rm -f /tmp/perf.data
		(exit $rc)
	else
		/bin/pagesnap-bench $(cat /etc/bench-args)
	fi
	echo "PAGESNAP-BENCH-RC: $?"
	[ -x /bin/pagesnap-profile ] || record_replay
	cd /
	rmmod pagesnap
else
	echo "PAGESNAP-INSMOD: FAILED"
fi
echo "===== PAGESNAP-DMESG BEGIN ====="
dmesg | tail -n 50
echo "===== PAGESNAP-DMESG END ====="
echo "PAGESNAP-DONE"
sync
reboot -f
