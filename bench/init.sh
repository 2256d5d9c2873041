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

echo
echo "PAGESNAP-GUEST: kernel $(uname -r), $(nproc) cpus, $(grep MemTotal /proc/meminfo)"
if insmod /pagesnap.ko; then
	echo "PAGESNAP-INSMOD: ok"
	cd /tmp
	if [ -x /bin/pagesnap-profile ]; then
		/bin/pagesnap-profile
	else
		/bin/pagesnap-bench $(cat /etc/bench-args)
	fi
	echo "PAGESNAP-BENCH-RC: $?"
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
