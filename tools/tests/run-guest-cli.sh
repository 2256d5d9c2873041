#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-guest-cli.sh NAME - boot guest kernel NAME (stock-6.1, stock-6.12,
# debug-6.12) with the committed driver and the static pagesnap-cli, and
# run guest-cli.sh in it.  A small stand-alone sibling of
# tests/qemu/run-guest.sh (whose kernel-resolve.sh it uses) for checking
# the CLI; prints the guest's "N passed, N failed" and exits non-zero on a
# failure, a kernel error or a timeout.
#
# Environment: PAGESNAP_CACHE (default /var/cache/pagesnap),
# PAGESNAP_BOOT_TIMEOUT (default 900 s; 2400 for debug-6.12),
# CLI_BIN / JSON_CHECK_BIN to test other builds (e.g. gcc -m32 ones).

set -euo pipefail

NAME=${1:?usage: $0 stock-6.1|stock-6.12|debug-6.12}
TOP=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${PAGESNAP_CACHE:-/var/cache/pagesnap}
W=$CACHE/cli-guest/$NAME
if [ "$NAME" = debug-6.12 ]; then TMO=${PAGESNAP_BOOT_TIMEOUT:-2400}; else TMO=${PAGESNAP_BOOT_TIMEOUT:-900}; fi

kr=$("$TOP/tests/qemu/kernel-resolve.sh" "$NAME" | tail -n 2)
IMAGE=$(sed -n 's/^IMAGE=//p' <<< "$kr")
KDIR=$(sed -n 's/^KDIR=//p' <<< "$kr")

rm -rf "$W" && mkdir -p "$W/root"/{bin,proc,sys,dev,tmp}
git -C "$TOP" archive HEAD driver uapi | tar -x -C "$W"
make -s -C "$W/driver" KDIR="$KDIR" > "$W/driver.log" 2>&1 ||
	{ cat "$W/driver.log"; echo "run-guest-cli: driver does not build for $NAME"; exit 1; }
make -s -C "$TOP/tools" static guest-check
cp /bin/busybox "$W/root/bin/"
cp "$W/driver/pagesnap.ko" "$W/root/"
cp "${CLI_BIN:-$TOP/tools/pagesnap-cli-static}" "$W/root/bin/pagesnap-cli"
cp "${JSON_CHECK_BIN:-$TOP/tools/tests/pagesnap-json-check}" "$W/root/bin/pagesnap-json-check"
cp "$TOP/tools/tests/guest-cli.sh" "$W/root/guest-cli.sh"
cat > "$W/root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug; mount -t tmpfs -o size=512m tmpfs /tmp
echo 8 > /proc/sys/vm/nr_hugepages
if insmod /pagesnap.ko; then
	sh /guest-cli.sh
	echo "CLI-GUEST-RC: $?"
	rmmod pagesnap && echo "CLI-GUEST-RMMOD: ok"
fi
dmesg | grep -E 'BUG:|WARNING:|Oops|KASAN:|UBSAN:|general protection' | sed 's/^/CLI-GUEST-KERNEL: /'
echo "CLI-GUEST-TAINTED: $(cat /proc/sys/kernel/tainted)"
reboot -f
INIT
chmod 755 "$W/root/init"
(cd "$W/root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) > "$W/initrd.cpio"

timeout -k 10 "$TMO" qemu-system-x86_64 -machine q35 -accel tcg -m 3G -smp 2 \
	-nographic -nodefaults -no-reboot -monitor none -serial "file:$W/serial.log" \
	-kernel "$IMAGE" -initrd "$W/initrd.cpio" \
	-append "console=ttyS0 loglevel=3 panic=-1 rdinit=/init" < /dev/null > "$W/qemu.out" 2>&1 || true
tr -d '\r' < "$W/serial.log" > "$W/console.log"

grep -E '^(FAIL|SKIP|NOTE):|passed,|^CLI-GUEST' "$W/console.log" || true
echo "console log: $W/console.log"
grep -q '^CLI-GUEST-RC: 0$' "$W/console.log" &&
	grep -q '^CLI-GUEST-RMMOD: ok' "$W/console.log" &&
	! grep -q '^CLI-GUEST-KERNEL:' "$W/console.log"
