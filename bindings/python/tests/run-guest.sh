#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-guest.sh NAME - boot guest kernel NAME (stock-6.1, stock-6.12,
# debug-6.12) with pagesnap.ko and the Python guest test, standalone.
#
# The same steps as tests/qemu/run-guest.sh, reduced to what the Python
# test needs: resolve the kernel (tests/qemu/kernel-resolve.sh), build
# pagesnap.ko against its KDIR in $PAGESNAP_CACHE/build/python-NAME, add
# busybox + guest-payload.sh to an initramfs, boot under TCG, then judge:
# the module loads, /python/run.sh exits 0 and prints "python-guest: N
# passed, 0 failed" with N > 0, and the console shows no kernel error.
#
# Environment: PAGESNAP_CACHE (default /var/cache/pagesnap),
# PAGESNAP_BOOT_TIMEOUT (default 900 s), V=1 (show the console live).

set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../../.." && pwd)
CACHE=${PAGESNAP_CACHE:-/var/cache/pagesnap}
NAME=${1:-}
case "$NAME" in
stock-6.1|stock-6.12|debug-6.12) ;;
*) echo "usage: $0 stock-6.1|stock-6.12|debug-6.12" >&2; exit 2 ;;
esac
TIMEOUT=${PAGESNAP_BOOT_TIMEOUT:-900}
BUILD=$CACHE/build/python-$NAME
LOG=$BUILD/serial.log
say() { echo "python-guest $NAME: $*"; }
die() { say "FAIL ($*)"; exit 1; }
mkdir -p "$BUILD"

kr=$("$TOP/tests/qemu/kernel-resolve.sh" "$NAME") || die "cannot resolve kernel"
IMAGE=$(echo "$kr" | sed -n 's/^IMAGE=//p')
KDIR=$(echo "$kr" | sed -n 's/^KDIR=//p')
say "IMAGE=$IMAGE KDIR=$KDIR"

say "building pagesnap.ko"
mkdir -p "$BUILD/driver" "$BUILD/uapi"
rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
	"$TOP/driver/" "$BUILD/driver/"
rsync -a --delete "$TOP/uapi/" "$BUILD/uapi/"
make -C "$BUILD/driver" KDIR="$KDIR" > "$BUILD/module.log" 2>&1 ||
	{ cat "$BUILD/module.log"; die "pagesnap.ko does not build"; }

say "assembling initramfs"
ROOT=$BUILD/initramfs
rm -rf "$ROOT"
mkdir -p "$ROOT"/{bin,etc,proc,sys,dev,tmp}
cp /bin/busybox "$ROOT/bin/busybox"
cp "$BUILD/driver/pagesnap.ko" "$ROOT/pagesnap.ko"
"$TOP/bindings/python/guest-payload.sh" "$ROOT"
cat > "$ROOT/init" <<'EOI'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs -o size=256m tmpfs /tmp
echo "PAGESNAP-GUEST: kernel $(uname -r)"
if insmod /pagesnap.ko; then
	echo "PAGESNAP-INSMOD: ok"
	/python/run.sh
	rmmod pagesnap && echo "PAGESNAP-RMMOD: ok"
else
	echo "PAGESNAP-INSMOD: FAILED"
fi
echo "===== PAGESNAP-DMESG BEGIN ====="
dmesg
echo "===== PAGESNAP-DMESG END ====="
echo "PAGESNAP-TAINTED: $(cat /proc/sys/kernel/tainted)"
echo "PAGESNAP-DONE"
reboot -f
EOI
chmod 755 "$ROOT/init"
(cd "$ROOT" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) > "$BUILD/initramfs.cpio"

say "booting (TCG, 3G, 2 cpus, bound ${TIMEOUT}s); serial log $LOG"
rm -f "$LOG"
qrc=0
timeout -k 10 "$TIMEOUT" qemu-system-x86_64 -machine q35 -accel tcg \
	-m 3G -smp 2 -nographic -nodefaults -no-reboot -monitor none \
	-serial "file:$LOG" -kernel "$IMAGE" -initrd "$BUILD/initramfs.cpio" \
	-append "console=ttyS0 loglevel=3 panic=-1 rdinit=/init" \
	< /dev/null > "$BUILD/qemu.out" 2>&1 &
qpid=$!
[ "${V:-0}" = 1 ] && tail -F --pid=$qpid "$LOG" 2>/dev/null &
wait $qpid || qrc=$?
tr -d '\r' < "$LOG" > "$LOG.tmp" && mv "$LOG.tmp" "$LOG"

grep -E '^PAGESNAP-(INSMOD|PYTHON:)' "$LOG" || true
awk '/===== PAGESNAP-PYTHON-TOUR BEGIN/,/===== PAGESNAP-PYTHON-TOUR END/' "$LOG"
awk 'f; /===== PAGESNAP-PYTHON-TOUR END/ { f = 1 }' "$LOG" |
	grep -E '^(PASS|FAIL|SKIP): py-|^  [a-z]|^python-guest:|^PAGESNAP-(PYTHON-RC|RMMOD|TAINTED)' || true
why=()
[ "$qrc" -eq 0 ] || why+=("qemu exit $qrc")
grep -q '^PAGESNAP-DONE' "$LOG" || why+=("guest did not finish")
grep -q '^PAGESNAP-INSMOD: ok' "$LOG" || why+=("module did not load")
grep -q '^PAGESNAP-PYTHON-RC: 0$' "$LOG" || why+=("python test failed")
sum=$(sed -n 's/^python-guest: //p' "$LOG" | tail -n1)
case "$sum" in
*" 0 failed"*) [ "${sum%% *}" -gt 0 ] || why+=("nothing passed") ;;
*) why+=("summary '${sum:-missing}'") ;;
esac
PAT='BUG:|WARNING:|Oops|KASAN:|UBSAN:|general protection|Kernel panic|soft lockup'
grep -Eq "$PAT" "$LOG" && why+=("kernel errors: $(grep -Em1 "$PAT" "$LOG")")
if [ ${#why[@]} -eq 0 ]; then
	say "PASS ($sum)"
else
	die "$(printf '%s; ' "${why[@]}")"
fi
