#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the pagesnap test guest (busybox initramfs, built by
# tests/qemu/run-guest.sh).  Mounts the pseudo filesystems, reserves
# hugepages, loads pagesnap.ko, runs the guest tests and the guest suites
# (tests/qemu/suites/README) or the demo, then dumps dmesg and the taint
# mask between markers the host parses, and resets the machine (QEMU runs
# with -no-reboot, so that exits QEMU; unlike poweroff it also works on
# kernels without ACPI).
#
# Every line the host parses starts with "PAGESNAP-".

/bin/busybox --install -s /bin
export PATH=/bin
mkdir -p /proc /sys /dev /tmp
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs -o size=512m tmpfs /tmp

# The disk and the swap (tests/qemu/run-guest.sh): the virtio modules this
# kernel has as modules, in order; then ext4 on /mnt/disk, swap on vdb.
DISK=$(cat /etc/pagesnap-disk 2>/dev/null)
case "$DISK" in
none*|"") echo "PAGESNAP-GUEST: disk: ${DISK:-none}" ;;
*)
	for m in $(cat /etc/pagesnap-modules 2>/dev/null); do
		insmod "/lib/modules/$m.ko" || echo "PAGESNAP-GUEST: insmod $m failed"
	done
	n=0
	while [ ! -b /dev/vdb ] && [ "$n" -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	mkdir -p /mnt/disk
	if mount -t ext4 /dev/vda /mnt/disk && swapon /dev/vdb; then
		echo "PAGESNAP-GUEST: disk: $DISK; /mnt/disk $(df -k /mnt/disk | awk 'NR == 2 {print $3 " of " $2 " kB used"}'); swap $(awk 'NR == 2 {print $1, $3 " kB"}' /proc/swaps)"
	else
		echo "PAGESNAP-GUEST: disk: FAILED ($DISK)"
	fi ;;
esac

echo
MODE=$(cat /etc/pagesnap-mode)
MODPARAMS=$(cat /etc/pagesnap-modparams)

echo "PAGESNAP-GUEST: kernel $(uname -r), mode $MODE, $(nproc) cpus"
echo "PAGESNAP-GUEST: $(grep MemTotal /proc/meminfo)"
echo 8 > /proc/sys/vm/nr_hugepages 2>/dev/null
echo "PAGESNAP-GUEST: hugepages reserved: $(cat /proc/sys/vm/nr_hugepages 2>/dev/null)"

if insmod /pagesnap.ko $MODPARAMS; then
	echo "PAGESNAP-INSMOD: ok"
	loaded=1
else
	echo "PAGESNAP-INSMOD: FAILED ($?)"
	loaded=0
fi

stamp() { echo "PAGESNAP-TIME: $(cut -d' ' -f1 /proc/uptime)s $*"; }

# The guest suites (tests/qemu/suites/README): each in a subshell, with the
# module loaded before it starts (a suite may unload and reload it).
run_suites() {
	set -a
	[ -f /etc/pagesnap-env ] && . /etc/pagesnap-env
	set +a
	for s in /suites/*; do
		[ -f "$s" ] || continue
		n=${s##*/}
		grep -q '^pagesnap ' /proc/modules || insmod /pagesnap.ko $MODPARAMS
		stamp "suite $n"
		echo "PAGESNAP-SUITE-BEGIN: $n"
		(cd /tmp && sh "$s")
		echo "PAGESNAP-SUITE-END: $n rc=$?"
	done
	grep -q '^pagesnap ' /proc/modules || insmod /pagesnap.ko $MODPARAMS
}

stamp "start"
REPEAT=$(cat /etc/pagesnap-repeat 2>/dev/null || echo 1)
if [ "$loaded" = 1 ]; then
	if [ "$MODE" = demo ]; then
		sh /demo.sh
		echo "PAGESNAP-DEMO-RC: $?"
	elif [ "$REPEAT" -gt 1 ]; then
		# repeat mode: the CUnit tests and the suites, REPEAT times in a
		# row in this one boot; the host counts each test's failures
		cd /tmp
		i=1
		while [ "$i" -le "$REPEAT" ]; do
			stamp "repeat $i"
			echo "PAGESNAP-REPEAT-BEGIN: $i"
			/bin/pagesnap-guest-tests $(cat /etc/pagesnap-repeat-cunit 2>/dev/null)
			echo "PAGESNAP-TESTS-RC: $?"
			run_suites
			echo "PAGESNAP-REPEAT-END: $i"
			i=$((i + 1))
		done
		cd /
	else
		cd /tmp
		/bin/pagesnap-guest-tests
		echo "PAGESNAP-TESTS-RC: $?"
		run_suites
		cd /
	fi
	stamp "tests done"
	if rmmod pagesnap; then
		echo "PAGESNAP-RMMOD: ok"
	else
		echo "PAGESNAP-RMMOD: FAILED"
	fi
fi

if [ -e /sys/kernel/debug/kmemleak ]; then
	# Objects younger than 5 s are not reported: let them age.
	sleep 6
	echo scan > /sys/kernel/debug/kmemleak
	echo "===== PAGESNAP-KMEMLEAK BEGIN ====="
	cat /sys/kernel/debug/kmemleak
	echo "===== PAGESNAP-KMEMLEAK END ====="
fi

stamp "checks done"
echo "===== PAGESNAP-DMESG BEGIN ====="
dmesg
echo "===== PAGESNAP-DMESG END ====="
echo "PAGESNAP-TAINTED: $(cat /proc/sys/kernel/tainted)"
echo "PAGESNAP-DONE"
sync
reboot -f
