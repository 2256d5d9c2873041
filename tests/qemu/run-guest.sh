#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-guest.sh [--demo] NAME - boot guest kernel NAME in QEMU and run the
# pagesnap guest tests in it (or, with --demo, a short demonstration).
#
#   NAME: stock-6.1 | stock-6.12 | debug-6.12   (see kernel-resolve.sh)
#
# Steps: resolve the kernel (IMAGE, KDIR); build pagesnap.ko against KDIR
# in $CACHE/build/NAME/ (a copy of driver/ and uapi/, so kernels do not
# collide); build the guest programs statically; pack them with busybox
# and tests/qemu/init.sh into an initramfs; boot it under TCG with a hard
# time bound; judge the serial log.
#
# The run fails when: the boot times out or the guest does not reach the
# end of /init; the module does not build, load or unload; a test fails;
# the CUnit summary is missing (a run that tests nothing is a failure);
# dmesg shows a kernel error (BUG:, WARNING:, Oops, KASAN:, UBSAN:, lockdep,
# hung task, RCU stall, soft lockup, kmemleak report, general protection);
# the kernel taint has bits other than O (4096), E (8192) and N (262144,
# KUnit tests ran).
#
# Environment:
#   PAGESNAP_CACHE         cache root (default /var/cache/pagesnap)
#   PAGESNAP_BOOT_TIMEOUT  seconds for one boot (default 1500; 3600 debug)
#   PAGESNAP_MODPARAMS     parameters for insmod pagesnap.ko
#   PAGESNAP_DRIVER_DIR    driver source to build (default driver/)
#   PAGESNAP_LOGLEVEL      console loglevel of the guest kernel (default 5;
#                          dmesg is dumped in full at the end anyway)
#   PAGESNAP_SUITES        guest suites to add (tests/qemu/suites/README;
#                          default all, "none" for the CUnit suite alone)
#   PAGESNAP_G_*           passed to the guest suites in /etc/pagesnap-env
#   PAGESNAP_RESULT        where to write the result file (default
#                          $PAGESNAP_CACHE/logs/NAME/result)
#   PAGESNAP_LOG           where to write the serial log (default
#                          $PAGESNAP_CACHE/logs/NAME/serial-MODE.log)
#   PAGESNAP_REPEAT=N      repeat mode: run the CUnit tests and the suites
#                          N times in a row in this one boot and print each
#                          test's failures out of N (its flake rate); the
#                          run fails if any test failed once.  Defaults
#                          then: suites "cli race realmem python" (the
#                          ones that compare live memory), race and
#                          realmem's stress 20 s, the CUnit suites states
#                          diff aggr race, the Python group stats, the
#                          CLI's live-memory sections (chosen so that 20
#                          iterations take about an hour under TCG;
#                          PAGESNAP_SUITES, PAGESNAP_REPEAT_CUNIT,
#                          PAGESNAP_G_* override)
#   PAGESNAP_REPEAT_CUNIT  CUnit tests to repeat (SUITE or SUITE/TEST
#                          words; empty: all)
#   V=1                    show build commands and the serial console live
#
# Output: build progress, the guest's test summary lines, a verdict line
#   "guest NAME: PASS|FAIL (...)" and the path of the serial log.  Also
#   writes $CACHE/logs/NAME/result (shell variables) for run-guests.sh.

set -euo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/lib/summary.sh
. "$TOP/tests/lib/summary.sh"
CACHE=${PAGESNAP_CACHE:-/var/cache/pagesnap}
MODE=test

usage() { echo "usage: $0 [--demo] stock-6.1|stock-6.12|debug-6.12" >&2; exit 2; }

while [ $# -gt 0 ]; do
	case "$1" in
	--demo) MODE=demo; shift ;;
	-h|--help) usage ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ $# -eq 1 ] || usage
NAME=$1
case "$NAME" in
stock-6.1|stock-6.12|debug-6.12) ;;
*) usage ;;
esac

BUILD=$CACHE/build/$NAME
LOGDIR=$CACHE/logs/$NAME
LOG=${PAGESNAP_LOG:-$LOGDIR/serial-$MODE.log}
RESULT=${PAGESNAP_RESULT:-$LOGDIR/result}
REPEAT=${PAGESNAP_REPEAT:-1}
case "$REPEAT" in
''|*[!0-9]*) echo "PAGESNAP_REPEAT must be a number" >&2; exit 2 ;;
esac
[ "$REPEAT" -ge 1 ] || REPEAT=1
if [ "$REPEAT" -gt 1 ] && [ "$MODE" = test ]; then
	# the suites that compare live memory, each iteration kept short
	: "${PAGESNAP_SUITES:=cli race realmem python}"
	: "${PAGESNAP_G_RACE_SECONDS:=5}"
	: "${PAGESNAP_G_REALMEM_STRESS_SECONDS:=20}"
	: "${PAGESNAP_REPEAT_CUNIT=states diff aggr race}"
	: "${PAGESNAP_G_PY_TESTS:=stats}"
	: "${PAGESNAP_G_CLI_LIVE:=1}"
	export PAGESNAP_SUITES PAGESNAP_G_RACE_SECONDS \
		PAGESNAP_G_REALMEM_STRESS_SECONDS PAGESNAP_G_PY_TESTS \
		PAGESNAP_G_CLI_LIVE
fi
DRIVER_DIR=${PAGESNAP_DRIVER_DIR:-$TOP/driver}
if [ "$NAME" = debug-6.12 ]; then
	TIMEOUT=${PAGESNAP_BOOT_TIMEOUT:-$((3600 * REPEAT))}
else
	TIMEOUT=${PAGESNAP_BOOT_TIMEOUT:-$((1500 + 300 * (REPEAT - 1)))}
fi
mkdir -p "$BUILD" "$LOGDIR" "$(dirname "$LOG")"
# One run per kernel at a time: runs share $BUILD and the logs.
exec 9> "$BUILD.lock"
flock 9
rm -f "$RESULT"

say() { echo "guest $NAME: $*"; }

# verdict PASS|FAIL REASON: record the result and exit accordingly.
T0=$(date +%s)
PASSED=0 FAILED=0 SKIPPED=0
verdict() {
	local v=$1 why=$2
	cat > "$RESULT" <<-EOR
	VERDICT=$v
	PASSED=$PASSED
	FAILED=$FAILED
	SKIPPED=$SKIPPED
	SECONDS_TOTAL=$(( $(date +%s) - T0 ))
	LOG='$LOG'
	WHY='${why//\'/}'
	EOR
	echo "guest $NAME: $v ($why)"
	[ "$v" = PASS ]
	exit $?
}

if [ "${V:-0}" = 1 ]; then
	quiet() { "$@"; }
else
	# quiet CMD...: run CMD, show its output only on failure; keep its
	# exit status (a suite's 77 means "not applicable").
	quiet() {
		local rc=0
		"$@" > "$BUILD/step.log" 2>&1 || rc=$?
		[ "$rc" -eq 0 ] || [ "$rc" -eq 77 ] || cat "$BUILD/step.log"
		return "$rc"
	}
fi

# --- kernel -------------------------------------------------------------
say "resolving kernel"
kr=$("$TOP/tests/qemu/kernel-resolve.sh" "$NAME") ||
	verdict FAIL "cannot resolve kernel $NAME"
IMAGE=$(echo "$kr" | sed -n 's/^IMAGE=//p')
KDIR=$(echo "$kr" | sed -n 's/^KDIR=//p')
[ -f "$IMAGE" ] || verdict FAIL "kernel image '$IMAGE' missing"
[ -d "$KDIR" ] || verdict FAIL "kbuild dir '$KDIR' missing"
say "IMAGE=$IMAGE"
say "KDIR=$KDIR"

# --- module -------------------------------------------------------------
say "building pagesnap.ko from $DRIVER_DIR"
[ -f "$DRIVER_DIR/Makefile" ] || [ -f "$DRIVER_DIR/Kbuild" ] ||
	verdict FAIL "$DRIVER_DIR has no Makefile/Kbuild"
mkdir -p "$BUILD/driver" "$BUILD/uapi"
quiet rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
	--exclude='*.mod.c' --exclude='.*.cmd' --exclude='Module.symvers' \
	--exclude='modules.order' --exclude='.tmp_versions' --exclude='*.d' \
	"$DRIVER_DIR/" "$BUILD/driver/"
quiet rsync -a --delete "$TOP/uapi/" "$BUILD/uapi/"
# $BUILD is shared by every checkout that runs this kernel, and rsync
# gives the sources their own (possibly older) times: an object another
# checkout built would look newer than a changed source.  So when the
# sources differ from the last build's, the build products go first.
src_sum=$(cd "$BUILD" && find driver uapi -type f ! -name '*.o' ! -name '*.ko' \
	! -name '*.mod' ! -name '*.mod.c' ! -name '.*.cmd' ! -name '*.d' \
	! -name Module.symvers ! -name modules.order | LC_ALL=C sort | xargs md5sum | md5sum)
if [ "$src_sum" != "$(cat "$BUILD/driver.srcsum" 2>/dev/null)" ]; then
	find "$BUILD/driver" \( -name '*.o' -o -name '*.ko' -o -name '*.mod' \
		-o -name '*.mod.c' -o -name '.*.cmd' -o -name '*.d' \
		-o -name Module.symvers -o -name modules.order \) -delete
fi
rm -f "$BUILD/driver.srcsum"
quiet make -C "$BUILD/driver" KDIR="$KDIR" ${V:+V=$V} ||
	verdict FAIL "pagesnap.ko does not build against $KDIR"
KO=$BUILD/driver/pagesnap.ko
[ -f "$KO" ] || verdict FAIL "build produced no pagesnap.ko"
echo "$src_sum" > "$BUILD/driver.srcsum"

# --- guest programs -----------------------------------------------------
say "building guest programs"
GOUT=$BUILD/guest
# -B: $GOUT is shared like $BUILD/driver (see there)
quiet make -B -C "$TOP/tests/guest" OUT="$GOUT" ${V:+V=$V} ||
	verdict FAIL "guest programs do not build"

CLI=""
if [ "$MODE" = demo ]; then
	# The CLI goes in when tools/ can build it statically.
	if [ -f "$TOP/tools/Makefile" ] &&
	   make -C "$TOP/tools" -n static >/dev/null 2>&1; then
		say "building pagesnap-cli statically (make -C tools static)"
		if quiet make -C "$TOP/tools" static; then
			CLI=$(ls "$TOP"/tools/pagesnap-cli-static \
			      "$TOP"/tools/pagesnap-cli.static 2>/dev/null | head -n1 || true)
		fi
		[ -n "$CLI" ] || say "tools/ has a static target but no static CLI came out"
	fi
	[ -n "$CLI" ] || say "no static pagesnap-cli (tools/ has no 'static' target): demo uses tests/guest/pagesnap-demo"
fi

# --- initramfs ----------------------------------------------------------
say "assembling initramfs"
ROOT=$BUILD/initramfs
rm -rf "$ROOT"
mkdir -p "$ROOT"/{bin,etc,proc,sys,dev,tmp}
cp /bin/busybox "$ROOT/bin/busybox"
! readelf -l "$ROOT/bin/busybox" | grep -q INTERP ||
	verdict FAIL "/bin/busybox is not static (install busybox-static)"
cp "$TOP/tests/qemu/init.sh" "$ROOT/init"
chmod 755 "$ROOT/init"
cp "$KO" "$ROOT/pagesnap.ko"
for p in "$GOUT"/pagesnap-*; do
	[ -x "$p" ] && cp "$p" "$ROOT/bin/"
done
echo "$MODE" > "$ROOT/etc/pagesnap-mode"
echo "$REPEAT" > "$ROOT/etc/pagesnap-repeat"
echo "${PAGESNAP_REPEAT_CUNIT:-}" > "$ROOT/etc/pagesnap-repeat-cunit"
echo "${PAGESNAP_MODPARAMS:-}" > "$ROOT/etc/pagesnap-modparams"

# --- disk and swap ------------------------------------------------------
# A machine with a disk: an ext4 virtio disk (vda, partly filled) and a
# swap virtio disk (vdb), so that page cache gets dirty, written back and
# reclaimed and anonymous memory swapped (tests/qemu/suites/realmem.sh).
# The images are made on the host (mkfs.ext4 -d, mkswap) for every run.
# The virtio modules a kernel has as modules (stock-6.1: virtio,
# virtio_pci, virtio_blk; stock-6.12: virtio_blk) are taken from its
# package with their dependencies (modinfo), decompressed, and loaded by
# /init in order.  A kernel without CONFIG_BLOCK, EXT4_FS or SWAP gets no
# disk (/etc/pagesnap-disk says why; the realmem suite is then n/a).
DISK_IMG=$BUILD/disk.img SWAP_IMG=$BUILD/swap.img
DISK_MB=${PAGESNAP_DISK_MB:-1024} SWAP_MB=${PAGESNAP_SWAP_MB:-512}
DISK_FILL_MB=${PAGESNAP_DISK_FILL_MB:-96}
if [ "$NAME" = debug-6.12 ]; then
	KCONFIG=$KDIR/.config MODDIR=
else
	kver=${IMAGE##*/vmlinuz-}
	KCONFIG=$(dirname "$IMAGE")/config-$kver
	MODDIR=$(dirname "$(dirname "$IMAGE")")/lib/modules/$kver
fi
kcfg() { sed -n "s/^CONFIG_$1=//p" "$KCONFIG" 2>/dev/null | head -n1; }
MODS=()
# add_module NAME: NAME.ko from MODDIR, after the modules it depends on
add_module() {
	local m=$1 f d
	for d in "${MODS[@]}"; do [ "$d" != "$m" ] || return 0; done
	f=$(find "$MODDIR" \( -name "$m.ko" -o -name "$m.ko.xz" \) 2>/dev/null | head -n1)
	[ -n "$f" ] || return 1
	for d in $(modinfo -F depends "$f" | tr ',' ' '); do
		add_module "$d" || return 1
	done
	mkdir -p "$ROOT/lib/modules"
	case "$f" in
	*.xz) xz -dc "$f" > "$ROOT/lib/modules/$m.ko" ;;
	*) cp "$f" "$ROOT/lib/modules/$m.ko" ;;
	esac
	MODS+=("$m")
}
DISK_WHY=
for opt in BLOCK EXT4_FS SWAP VIRTIO_PCI VIRTIO_BLK; do
	case "$(kcfg $opt)" in
	y) ;;
	m) mod=$(echo "${opt%_FS}" | tr 'A-Z' 'a-z')
	   [ -n "$MODDIR" ] && add_module "$mod" ||
		DISK_WHY="CONFIG_$opt=m but no module in $MODDIR" ;;
	*) DISK_WHY="kernel without CONFIG_$opt" ;;
	esac
	[ -z "$DISK_WHY" ] || break
done
QEMU_DISK=()
if [ -z "$DISK_WHY" ]; then
	# the fill: files of incompressible data, made once per kernel
	FILL=$BUILD/disk-fill
	if [ "$(du -sm "$FILL" 2>/dev/null | cut -f1)" != "$DISK_FILL_MB" ]; then
		rm -rf "$FILL"
		mkdir -p "$FILL/data"
		for i in $(seq 1 $((DISK_FILL_MB / 16))); do
			head -c 16M /dev/urandom > "$FILL/data/fill$i"
		done
	fi
	rm -f "$DISK_IMG" "$SWAP_IMG"
	truncate -s "${DISK_MB}M" "$DISK_IMG"
	quiet /usr/sbin/mkfs.ext4 -q -F -L pagesnap -d "$FILL" "$DISK_IMG" ||
		verdict FAIL "mkfs.ext4 of the guest disk failed"
	truncate -s "${SWAP_MB}M" "$SWAP_IMG"
	quiet /usr/sbin/mkswap -L pagesnap-swap "$SWAP_IMG" ||
		verdict FAIL "mkswap of the guest swap disk failed"
	QEMU_DISK=(-drive "file=$DISK_IMG,if=virtio,format=raw,cache=unsafe"
		   -drive "file=$SWAP_IMG,if=virtio,format=raw,cache=unsafe")
	printf '%s\n' "${MODS[@]}" > "$ROOT/etc/pagesnap-modules"
	echo "vda ext4 ${DISK_MB}M filled ${DISK_FILL_MB}M, vdb swap ${SWAP_MB}M" > "$ROOT/etc/pagesnap-disk"
	say "disk: ext4 ${DISK_MB} MiB (${DISK_FILL_MB} MiB filled) + swap ${SWAP_MB} MiB, virtio${MODS[*]:+; modules: ${MODS[*]}}"
else
	echo "none: $DISK_WHY" > "$ROOT/etc/pagesnap-disk"
	say "no disk: $DISK_WHY"
fi
export PAGESNAP_DISK_WHY=$DISK_WHY

SUITES=()
NA_SKIPS=()
if [ "$MODE" = test ]; then
	mkdir -p "$ROOT/suites"
	want=${PAGESNAP_SUITES:-all}
	for s in "$TOP"/tests/qemu/suites/*.sh; do
		sname=$(basename "$s" .sh)
		case " $want " in
		*" all "*|*" $sname "*) ;;
		*) continue ;;
		esac
		src=0
		quiet "$s" "$NAME" "$ROOT" || src=$?
		case $src in
		0) [ -f "$ROOT/suites/$sname" ] ||
			verdict FAIL "suite $sname wrote no $ROOT/suites/$sname"
		   SUITES+=("$sname"); say "suite $sname: in" ;;
		77) why=$(tail -n1 "$BUILD/step.log" 2>/dev/null || true)
		    say "suite $sname: n/a on $NAME${why:+ ($why)}: counted as skipped"
		    NA_SKIPS+=("suite $sname: n/a on $NAME${why:+: $why}") ;;
		*) verdict FAIL "suite $sname: payload failed (exit $src)" ;;
		esac
	done
	env | grep '^PAGESNAP_G_[A-Za-z0-9_]*=' | sed "s/=\(.*\)/='\1'/" \
		> "$ROOT/etc/pagesnap-env" || true
fi
if [ "$MODE" = demo ]; then
	if [ -n "$CLI" ]; then
		cp "$CLI" "$ROOT/bin/pagesnap-cli"
		cp "$TOP/tests/qemu/demo-cli.sh" "$ROOT/demo.sh"
	else
		cp "$TOP/tests/qemu/demo-raw.sh" "$ROOT/demo.sh"
	fi
fi
INITRD=$BUILD/initramfs.cpio
(cd "$ROOT" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) > "$INITRD"

# --- boot ---------------------------------------------------------------
say "booting (TCG, q35, 3G, 2 cpus, time bound ${TIMEOUT}s); serial log: $LOG"
rm -f "$LOG"
# no_timer_check: under TCG on a loaded host the IO-APIC timer check can
# miss its ticks and panic the boot ("IO-APIC + timer doesn't work!")
APPEND="console=ttyS0 loglevel=${PAGESNAP_LOGLEVEL:-5} panic=-1 rdinit=/init no_timer_check"
qrc=0
timeout -k 10 "$TIMEOUT" qemu-system-x86_64 -machine q35 -accel tcg \
	-m 3G -smp 2 -nographic -nodefaults -no-reboot -monitor none \
	-serial "file:$LOG" -kernel "$IMAGE" -initrd "$INITRD" \
	"${QEMU_DISK[@]}" -append "$APPEND" < /dev/null > "$BUILD/qemu.out" 2>&1 &
qpid=$!
if [ "${V:-0}" = 1 ]; then
	tail -F --pid=$qpid "$LOG" 2>/dev/null &
fi
wait $qpid || qrc=$?
sleep 0.2
BOOT_S=$(( $(date +%s) - T0 ))
[ -f "$LOG" ] || verdict FAIL "qemu wrote no serial log: $(cat "$BUILD/qemu.out")"
tr -d '\r' < "$LOG" > "$LOG.tmp" && mv "$LOG.tmp" "$LOG"

# --- judge --------------------------------------------------------------
reasons=()
[ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ] && reasons+=("boot timed out after ${TIMEOUT}s")
[ "$qrc" -eq 0 ] || [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ] ||
	reasons+=("qemu exited with $qrc: $(head -c 300 "$BUILD/qemu.out")")
if ! grep -q '^PAGESNAP-DONE' "$LOG"; then
	reasons+=("guest did not reach the end of /init")
	echo "---- guest $NAME died or hung; last lines of its console ----"
	tail -n 15 "$LOG"
	echo "----"
fi
grep -q '^PAGESNAP-INSMOD: ok' "$LOG" || reasons+=("module did not load")
grep -q '^PAGESNAP-GUEST: disk: FAILED' "$LOG" && reasons+=("the guest did not mount its disk or swap")
if grep -q '^PAGESNAP-INSMOD: ok' "$LOG"; then
	grep -q '^PAGESNAP-RMMOD: ok' "$LOG" || reasons+=("module did not unload")
fi

if [ "$MODE" = test ] && [ "$REPEAT" -gt 1 ]; then
	# Repeat mode: per test (CUnit "PASS:/FAIL: suite/test" lines, the
	# suites' PASS:/FAIL: lines, the name up to ": " or " ("), in how
	# many of the REPEAT iterations it ran and failed.  A suite or the
	# CUnit program exiting non-zero without a FAIL line counts as a
	# failure of "SECTION/(exit status)".
	REPORT=${LOG%.log}.repeat
	awk -v n="$REPEAT" '
	function key(s) { sub(/: .*/, "", s); sub(/ \(.*/, "", s); return sec "/" s }
	/^PAGESNAP-REPEAT-BEGIN: / { it = $2; sec = "cunit"; next }
	/^PAGESNAP-REPEAT-END: / { done++; it = 0; next }
	!it { next }
	/^PAGESNAP-TESTS-RC: / { k = "cunit/(exit status)"; ran[k, it] = 1; keys[k] = 1
		if ($2 != 0 && !anyfail["cunit", it]) bad[k, it] = 1; next }
	/^PAGESNAP-SUITE-BEGIN: / { sec = $2; next }
	/^PAGESNAP-SUITE-END: / { k = sec "/(exit status)"; ran[k, it] = 1; keys[k] = 1
		if ($3 != "rc=0" && !anyfail[sec, it]) bad[k, it] = 1; sec = "-"; next }
	/^(PASS|FAIL): / { k = key(substr($0, 7)); keys[k] = 1; ran[k, it] = 1
		if ($1 == "FAIL:") { bad[k, it] = 1; anyfail[sec, it] = 1 } }
	END {
		printf "repeat: %d of %d iterations completed\n", done, n
		for (k in keys) {
			r = f = 0
			for (i = 1; i <= n; i++) { r += ((k, i) in ran); f += ((k, i) in bad) }
			printf "repeat: %-70s ran %3d failed %3d flake rate %5.1f%%\n", k, r, f, r ? 100 * f / r : 0
		}
	}' "$LOG" | sort > "$REPORT"
	cat "$REPORT"
	done_it=$(sed -n 's/^repeat: \([0-9]*\) of .*/\1/p' "$REPORT")
	[ "${done_it:-0}" -eq "$REPEAT" ] || reasons+=("only ${done_it:-0} of $REPEAT iterations completed")
	PASSED=$(awk '$NF ~ /%$/ { p += $(NF - 5) - $(NF - 3) } END { print p + 0 }' "$REPORT")
	FAILED=$(awk '$NF ~ /%$/ { f += $(NF - 3) } END { print f + 0 }' "$REPORT")
	SKIPPED=0
	[ "$FAILED" -eq 0 ] || reasons+=("$FAILED test run(s) failed in $REPEAT iterations")
	[ "$PASSED" -gt 0 ] || reasons+=("no test passed")
	SUITE_ROWS=()
	CUNIT_V=REPEAT CUNIT_P=$PASSED CUNIT_F=$FAILED sum=x
elif [ "$MODE" = test ]; then
	# CUnit "Run Summary": tests Total Ran Passed Failed Inactive.
	# (the one before the program's exit status: suites may run the
	# program again, e.g. realmem's differential)
	sum=$(awk '/^PAGESNAP-TESTS-RC: / { exit } $1 == "tests" && NF == 6 { print $2, $3, $4, $5, $6 }' "$LOG" | tail -n1)
	if [ -z "$sum" ]; then
		reasons+=("CUnit summary missing: nothing was tested")
	else
		read -r total ran PASSED FAILED SKIPPED <<< "$sum"
		[ "$FAILED" -eq 0 ] || reasons+=("$FAILED test(s) failed")
		[ "$ran" -gt 0 ] || reasons+=("no test ran")
	fi
	rc=$(sed -n 's/^PAGESNAP-TESTS-RC: //p' "$LOG" | head -n1)
	[ "$rc" = 0 ] || reasons+=("test program exit status '${rc:-none}'")
	CUNIT_P=$PASSED CUNIT_F=$FAILED CUNIT_V=PASS
	[ -n "$sum" ] && [ "$FAILED" -eq 0 ] && [ "$rc" = 0 ] || CUNIT_V=FAIL
	# Guest suites: exit status and their own "P passed, F failed" line.
	SUITE_ROWS=()
	for sname in "${SUITES[@]}"; do
		out=$(awk -v b="PAGESNAP-SUITE-BEGIN: $sname" \
			-v e="PAGESNAP-SUITE-END: $sname " \
			'$0 == b { f = 1; next } index($0, e) == 1 { print; f = 0 } f' "$LOG")
		src=$(echo "$out" | sed -n "s/^PAGESNAP-SUITE-END: $sname rc=//p" | tail -n1)
		summary_counts "$out"
		line=$SUM_LINE sp=$SUM_P sf=$SUM_F ss=$SUM_S
		sv=PASS
		if [ -z "$src" ]; then
			sv=FAIL; reasons+=("suite $sname did not finish")
		elif [ "$src" != 0 ]; then
			sv=FAIL; reasons+=("suite $sname exit status $src")
		fi
		if [ -z "$line" ]; then
			sv=FAIL; reasons+=("suite $sname printed no 'N passed, N failed' line")
		elif [ "$sp" -eq 0 ] && [ "$ss" -eq 0 ]; then
			sv=FAIL; reasons+=("suite $sname: nothing passed")
		elif [ "$sp" -eq 0 ] && [ "$sv" = PASS ] && [ "$sf" -eq 0 ]; then
			sv=SKIP	# skipped as a whole, counted, with its reason
		fi
		[ "$sf" -eq 0 ] || { sv=FAIL; reasons+=("suite $sname: $sf failed"); }
		[ "$sv" != FAIL ] || [ "$sf" -gt 0 ] || sf=1
		PASSED=$((PASSED + sp)) FAILED=$((FAILED + sf)) SKIPPED=$((SKIPPED + ss))
		SUITE_ROWS+=("$(printf '  suite %-12s %-4s %s' "$sname" "$sv" "${line:-no summary}")")
	done
else
	rc=$(sed -n 's/^PAGESNAP-DEMO-RC: //p' "$LOG" | tail -n1)
	[ "$rc" = 0 ] || reasons+=("demo exit status '${rc:-none}'")
fi

# A suite that does not apply to this kernel is a skip, shown and counted.
SKIPPED=$((SKIPPED + ${#NA_SKIPS[@]}))

# Kernel errors, anywhere on the console or in the dmesg dump.
PAT='BUG:|WARNING:|Oops|KASAN:|UBSAN:|possible circular locking|INFO: task|rcu_sched self-detected stall|self-detected stall|soft lockup|kmemleak: .*suspected memory leak|unreferenced object|general protection|Kernel panic'
if grep -Eq "$PAT" "$LOG"; then
	reasons+=("kernel errors in dmesg")
	echo "---- kernel errors (first 20 lines) ----"
	grep -En "$PAT" "$LOG" | head -n 20
	echo "----"
fi

taint=$(sed -n 's/^PAGESNAP-TAINTED: //p' "$LOG" | tail -n1)
if [ -z "$taint" ]; then
	reasons+=("taint value missing")
elif [ $(( taint & ~(4096 | 8192 | 262144) )) -ne 0 ]; then
	# N (262144): an in-kernel test ran, the kunit suite's KUnit module
	reasons+=("kernel tainted $taint (allowed: O=4096, E=8192, N=262144)")
fi

# --- report -------------------------------------------------------------
echo "---- guest $NAME: summary ----"
grep -E '^PAGESNAP-(GUEST|INSMOD|RMMOD|TESTS-RC|DEMO-RC|TAINTED|TIME)' "$LOG" || true
grep -E '^(SKIP|FAIL|PASS)[: ]|^  *(suites|tests|asserts) |^Run Summary|^guest-tests:' "$LOG" | grep -v '^PASS' || true
if [ "$MODE" = test ]; then
	awk '/===== PAGESNAP-DIFF BEGIN/,/===== PAGESNAP-DIFF END/' "$LOG" > "$LOGDIR/diff.txt"
	[ -s "$LOGDIR/diff.txt" ] && cat "$LOGDIR/diff.txt"
fi
if [ "$MODE" = demo ]; then
	awk '/===== PAGESNAP-DEMO BEGIN/,/===== PAGESNAP-DEMO END/' "$LOG"
fi
if [ "$MODE" = test ]; then
	printf '  suite %-12s %-4s %s\n' cunit "$CUNIT_V" "${sum:+$CUNIT_P passed, $CUNIT_F failed}"
	for r in "${SUITE_ROWS[@]}"; do echo "$r"; done
	for r in "${NA_SKIPS[@]}"; do echo "SKIP: $r"; done
fi
echo "serial log: $LOG (boot+build ${BOOT_S}s)"

if [ ${#reasons[@]} -eq 0 ]; then
	if [ "$MODE" = test ]; then
		verdict PASS "$PASSED passed, $FAILED failed, $SKIPPED skipped"
	else
		verdict PASS "demo ran"
	fi
fi
why=$(printf '%s; ' "${reasons[@]}")
verdict FAIL "${why%; }"
