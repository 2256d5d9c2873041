#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/run-bench.sh [--mem SIZE] [--kernel NAME] [--rounds N] [--queries N]
#                    [--fill PERCENT] [--mix] [--paths P,...] [--profile]
#
# Boots a QEMU guest (TCG, q35, 2 cpus, SIZE of RAM, default 4G) on kernel
# NAME (default stock-6.12) and runs bench/pagesnap-bench in it: pagesnap
# (library, CLI) against /proc/kpageflags, the three proc files and
# page-types, interleaved, each N times (default 5).  --fill holds
# anonymous memory worth PERCENT of the guest's MemTotal during the run
# (default 1, the ballast that gives the filtered scan its ~1 % flag; at
# most 80), to measure a guest whose memory is mostly in use; with --mix
# that memory is a busy machine's mix instead of anonymous pages alone:
# anonymous order-0 and THP, page cache, slab (many small files) and page
# tables (a forked child with a large sparse mapping).  Writes
# bench/results/latest.{json,md,log}.  --profile boots the same guest but
# --paths runs only the named rows (and the baselines kpageflags,
# three-proc, memmap-floor, pread-latency): for experiments.  --perf
# samples the whole guest with Debian's perf (cpu-clock) while the bench
# runs and writes the flat profile to bench/results/NAME.perf.txt.
# --icount runs QEMU with -icount shift=0: the guest clock counts guest
# instructions (1 ns each), so an experiment's times do not depend on the
# host's load; they count work, not memory stalls, and are no TCG speed.
# runs bench/profile.sh instead (function_graph traces of pagesnap's
# ioctls) and writes bench/results/profile-NAME.txt (the raw traces) and
# profile-NAME.summary.txt (per-function calls and times,
# bench/profile-summary.py).
#
# Reuses the test harness pieces: tests/qemu/kernel-resolve.sh for the
# kernel, the same out-of-tree module build as tests/qemu/run-guest.sh (a
# copy of driver/ and uapi/ per kernel under $CACHE/build/bench-NAME), the
# static busybox initramfs.  The guest /init is bench/init.sh.  The module
# is built with PAGESNAP_BENCH=1 (the memmap-floor row needs it).
#
# Environment: PAGESNAP_CACHE (default /var/cache/pagesnap),
# PAGESNAP_BOOT_TIMEOUT (default 1800 s), PAGESNAP_DRIVER_DIR, V=1;
# for experiments: PAGESNAP_BENCH_CLI (another static pagesnap-cli) and
# PAGESNAP_BENCH_NAME (results file stem instead of "latest").
set -euo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${PAGESNAP_CACHE:-/var/cache/pagesnap}
MEM=4G NAME=stock-6.12 ROUNDS=5 QUERIES=20000 PROFILE=0 FILL=1 MIX=0 PATHS= PERF=0 ICOUNT=

usage() { echo "usage: $0 [--mem SIZE] [--kernel stock-6.1|stock-6.12|debug-6.12] [--rounds N] [--queries N] [--fill PERCENT] [--mix] [--paths P,...] [--profile] [--perf] [--icount]" >&2; exit 2; }
while [ $# -gt 0 ]; do
	case "$1" in
	--mem) MEM=${2:?}; shift 2 ;;
	--kernel) NAME=${2:?}; shift 2 ;;
	--rounds) ROUNDS=${2:?}; shift 2 ;;
	--queries) QUERIES=${2:?}; shift 2 ;;
	--fill) FILL=${2:?}; shift 2 ;;
	--mix) MIX=1; shift ;;
	--profile) PROFILE=1; shift ;;
	--paths) PATHS=${2:?}; shift 2 ;;
	--perf) PERF=1; shift ;;
	--icount) ICOUNT="-icount shift=0,sleep=off"; shift ;;
	*) usage ;;
	esac
done
case "$NAME" in stock-6.1|stock-6.12|debug-6.12) ;; *) usage ;; esac
[[ "$MEM" =~ ^[0-9]+[MG]$ ]] || { echo "bench: --mem wants e.g. 4G or 2048M" >&2; exit 2; }
[[ "$ROUNDS" =~ ^[0-9]+$ ]] && [ "$ROUNDS" -ge 1 ] && [ "$ROUNDS" -le 32 ] || { echo "bench: --rounds 1..32" >&2; exit 2; }
[[ "$QUERIES" =~ ^[0-9]+$ ]] && [ "$QUERIES" -ge 1 ] || { echo "bench: --queries >= 1" >&2; exit 2; }
[[ "$PATHS" =~ ^[a-z0-9,-]*$ ]] || { echo "bench: --paths wants row names, comma-separated" >&2; exit 2; }
[[ "$FILL" =~ ^[0-9]+$ ]] && [ "$FILL" -ge 1 ] && [ "$FILL" -le 80 ] || { echo "bench: --fill 1..80" >&2; exit 2; }

BUILD=$CACHE/build/bench-$NAME
RES=$TOP/bench/results
STEM=${PAGESNAP_BENCH_NAME:-latest}
[[ "$STEM" =~ ^[A-Za-z0-9_-]+$ ]] || { echo "bench: bad PAGESNAP_BENCH_NAME" >&2; exit 2; }
LOG=$BUILD/serial.log
DRIVER_DIR=${PAGESNAP_DRIVER_DIR:-$TOP/driver}
TIMEOUT=${PAGESNAP_BOOT_TIMEOUT:-1800}
SRC=${PAGESNAP_LINUX_SRC:-$CACHE/src/linux-source-6.12}
mkdir -p "$BUILD" "$RES"
exec 9> "$BUILD.lock"
flock 9

say() { echo "bench $NAME: $*"; }
die() { echo "bench $NAME: FAIL: $*" >&2; exit 1; }
if [ "${V:-0}" = 1 ]; then
	quiet() { "$@"; }
else
	quiet() { "$@" > "$BUILD/step.log" 2>&1 || { cat "$BUILD/step.log"; return 1; }; }
fi

# --- kernel (the harness's resolver) ------------------------------------
say "resolving kernel"
kr=$("$TOP/tests/qemu/kernel-resolve.sh" "$NAME") || die "cannot resolve kernel $NAME"
IMAGE=$(echo "$kr" | sed -n 's/^IMAGE=//p')
KDIR=$(echo "$kr" | sed -n 's/^KDIR=//p')
[ -f "$IMAGE" ] && [ -d "$KDIR" ] || die "bad kernel-resolve output: $kr"
say "IMAGE=$IMAGE KDIR=$KDIR"

# --- module, built as tests/qemu/run-guest.sh builds it -------------------
say "building pagesnap.ko"
mkdir -p "$BUILD/driver" "$BUILD/uapi"
quiet rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
	--exclude='*.mod.c' --exclude='.*.cmd' --exclude='Module.symvers' \
	--exclude='modules.order' --exclude='.tmp_versions' --exclude='*.d' \
	"$DRIVER_DIR/" "$BUILD/driver/"
quiet rsync -a --delete "$TOP/uapi/" "$BUILD/uapi/"
# PAGESNAP_BENCH=1 adds the bench-only memmap-floor ioctl (driver/Kbuild);
# no other build has it.
quiet make -C "$BUILD/driver" KDIR="$KDIR" PAGESNAP_BENCH=1 ${V:+V=$V} ||
	die "pagesnap.ko does not build"
nm "$BUILD/driver/pagesnap.ko" | grep ' pagesnap_ioctl_bench$' >/dev/null ||
	die "pagesnap.ko was built without the bench-only floor ioctl"
KO=$BUILD/driver/pagesnap.ko

# --- static guest programs -------------------------------------------------
say "building pagesnap-bench, pagesnap-cli-static, page-types (static)"
GOUT=$BUILD/bin
quiet make -C "$TOP/bench" OUT="$GOUT" SRC="$SRC" "$GOUT/pagesnap-bench" ||
	die "pagesnap-bench does not build"
quiet make -C "$TOP/tools" static || die "pagesnap-cli-static does not build"
rm -rf "$GOUT/rust"
if [ -x /usr/bin/cargo ]; then
	quiet "$TOP/bindings/rust/guest-payload.sh" "$GOUT" ||
		say "the Rust crate does not build: rust-scan will say 'binary missing'"
else
	say "no /usr/bin/cargo: rust-scan will say 'binary missing'"
fi
if ! quiet make -C "$TOP/bench" OUT="$GOUT" SRC="$SRC" "$GOUT/page-types"; then
	say "page-types does not build from $SRC: its rows will say 'binary missing'"
	rm -f "$GOUT/page-types"
fi

# --- initramfs ----------------------------------------------------------
ROOT=$BUILD/initramfs
rm -rf "$ROOT"
mkdir -p "$ROOT"/{bin,etc,proc,sys,dev,tmp}
cp /bin/busybox "$ROOT/bin/busybox"
! readelf -l "$ROOT/bin/busybox" | grep -q INTERP || die "/bin/busybox is not static"
cp "$TOP/bench/init.sh" "$ROOT/init"
chmod 755 "$ROOT/init"
cp "$KO" "$ROOT/pagesnap.ko"
cp "$GOUT/pagesnap-bench" "$ROOT/bin/"
cp "${PAGESNAP_BENCH_CLI:-$TOP/tools/pagesnap-cli-static}" "$ROOT/bin/pagesnap-cli"
[ -x "$GOUT/page-types" ] && cp "$GOUT/page-types" "$ROOT/bin/"
[ -x "$GOUT/rust/fullscan" ] && cp "$GOUT/rust/fullscan" "$ROOT/bin/pagesnap-rust-scan"
# The py-numpy-* rows: Debian's python3.11 and numpy with the pagesnap
# package (the Python guest suite's payload, ~87 MB of the initramfs).
if [ "$PROFILE" = 0 ] && /usr/bin/python3.11 -c 'import numpy' 2>/dev/null; then
	if quiet "$TOP/bindings/python/guest-payload.sh" "$ROOT"; then
		cp "$TOP/bench/py-scan.py" "$ROOT/python/py-scan.py"
	else
		say "the Python payload failed: the py-numpy rows will fail"
	fi
else
	say "no /usr/bin/python3.11 with numpy: the py-numpy rows will say 'binary missing'"
fi
[ "$PROFILE" = 1 ] && cp "$TOP/bench/profile.sh" "$ROOT/bin/pagesnap-profile"
if [ "$PERF" = 1 ]; then
	# Debian's perf and the libraries it links, at their own paths
	perf=$(command -v perf) || die "--perf needs Debian's linux-perf (perf)"
	mkdir -p "$ROOT/usr/bin"
	cp "$perf" "$ROOT/usr/bin/perf"
	for lib in $(ldd "$perf" | grep -o '/[^ ]*'); do
		mkdir -p "$ROOT$(dirname "$lib")"
		cp -L "$lib" "$ROOT$lib"
	done
fi
echo "-n $ROUNDS -q $QUERIES -f $FILL$([ "$MIX" = 1 ] && echo ' -m')${PATHS:+ -p $PATHS}" > "$ROOT/etc/bench-args"
INITRD=$BUILD/initramfs.cpio
(cd "$ROOT" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) > "$INITRD"

# --- boot ---------------------------------------------------------------
say "booting (TCG, q35, $MEM, 2 cpus, bound ${TIMEOUT}s); serial log: $LOG"
rm -f "$LOG"
qrc=0
# shellcheck disable=SC2086
timeout -k 10 "$TIMEOUT" qemu-system-x86_64 -machine q35 -accel tcg $ICOUNT \
	-m "$MEM" -smp 2 -nographic -nodefaults -no-reboot -monitor none \
	-serial "file:$LOG" -kernel "$IMAGE" -initrd "$INITRD" \
	-append "console=ttyS0 loglevel=4 panic=-1 rdinit=/init" \
	< /dev/null > "$BUILD/qemu.out" 2>&1 &
qpid=$!
[ "${V:-0}" = 1 ] && { tail -F --pid=$qpid "$LOG" 2>/dev/null & }
wait $qpid || qrc=$?
[ -f "$LOG" ] || die "qemu wrote no serial log: $(cat "$BUILD/qemu.out")"
tr -d '\r' < "$LOG" > "$LOG.tmp" && mv "$LOG.tmp" "$LOG"
[ "$qrc" -eq 0 ] || die "qemu exited with $qrc (124: timeout); see $LOG"
grep -q '^PAGESNAP-BENCH-RC: 0' "$LOG" || die "the bench did not finish; see $LOG"
if grep -Eq 'BUG:|WARNING:|Oops|general protection|Kernel panic|soft lockup' "$LOG"; then
	die "the guest kernel complained; see $LOG"
fi

# --- results ------------------------------------------------------------
if [ "$PROFILE" = 1 ]; then
	out=$RES/profile-$NAME.txt
	{
		echo "Guest: QEMU TCG q35, $MEM RAM, 2 cpus, kernel $NAME; $(date -u +%Y-%m-%dT%H:%MZ); bench/profile.sh"
		sed -n '/^===== PAGESNAP-PROFILE-.* BEGIN =====$/,/^===== PAGESNAP-PROFILE-.* END =====$/p' "$LOG"
	} > "$out"
	grep -q 'PAGESNAP-PROFILE: done' "$LOG" || die "the profile did not finish; see $LOG"
	python3 "$TOP/bench/profile-summary.py" "$out" > "${out%.txt}.summary.txt"
	say "wrote $out (raw, not kept in git) and ${out%.txt}.summary.txt"
	exit 0
fi
extract() { sed -n "/^===== PAGESNAP-BENCH-$1 BEGIN =====\$/,/^===== PAGESNAP-BENCH-$1 END =====\$/p" "$LOG" | sed '1d;$d'; }
extract JSON > "$RES/$STEM.json"
{
	echo "Guest: QEMU TCG q35${ICOUNT:+ $ICOUNT}, $MEM RAM, 2 cpus, kernel $NAME, --fill $FILL$([ "$MIX" = 1 ] && echo ' --mix'); host $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)."
	echo
	extract MD
} > "$RES/$STEM.md"
grep '^PAGESNAP-' "$LOG" | grep -v -e '-JSON' -e '-MD' > "$RES/$STEM.log" || true
if [ "$PERF" = 1 ]; then
	sed -n '/^===== PAGESNAP-PERF BEGIN =====$/,/^===== PAGESNAP-PERF END =====$/p' "$LOG" |
		sed '1d;$d' > "$RES/$STEM.perf.txt"
	say "wrote $RES/$STEM.perf.txt"
fi
sed -n '/^path  /,/^latency pread/p' "$LOG"
say "wrote $RES/$STEM.json $RES/$STEM.md $RES/$STEM.log"
