#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-series.sh [--build] - check kernel/patches against linux-source-6.12.
#
# Default (make -C kernel check-series, a step of make check):
#   apply       the series applies to a pristine tree in the order of
#               patches/series, with patch -p1 --fuzz=0 (apply-patches.sh);
#   checkpatch  every patch is checkpatch.pl --strict clean, run from the
#               top of the pristine tree, but for the message types that
#               patches/checkpatch-exceptions allows for it, each with its
#               reason there (the PASS line names them: never silent).
# --build (make -C kernel check-series-build; too slow for make check):
#   build       the pristine tree and then every prefix of the series
#               (patches 1..k) builds the objects the series touches with
#               W=1 C=2 (sparse) on the debug-6.12 config (tinyconfig +
#               debug.config, as build-debug-kernel.sh configures it), and
#               no prefix has a compiler or sparse warning the pristine
#               tree does not have.
#
# The pristine tree is extracted once from /usr/src/linux-source-6.12.tar.xz
# into $PAGESNAP_CACHE/src/linux-source-6.12 (where driver/lint.sh and
# bench/ look for checkpatch.pl and page-types; .pagesnap-pristine records
# the package version, and another version is extracted afresh) and the
# series never writes to it: the
# series is applied to a hard-linked copy (patch replaces the files it
# changes, it does not write into them), and --build works on a full copy.
# Ends with "N passed, N failed" (one check per patch and kind).
# Environment: PAGESNAP_CACHE (default /var/cache/pagesnap), PAGESNAP_JOBS
# (--build; default 2).

set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
PDIR=$HERE/patches
CACHE=${PAGESNAP_CACHE:-/var/cache/pagesnap}
JOBS=${PAGESNAP_JOBS:-2}
PKG=linux-source-6.12
TARBALL=/usr/src/$PKG.tar.xz
OBJS=(mm/memory.o mm/util.o mm/debug.o mm/huge_memory.o fs/proc/page.o)

die() { echo "check-series: error: $*" >&2; exit 1; }

build=0
case "${1:-}" in
'') ;;
--build) build=1 ;;
*) echo "usage: $0 [--build]" >&2; exit 2 ;;
esac

if [ ! -f "$TARBALL" ]; then
	[ "$(id -u)" -eq 0 ] || die "$PKG is not installed and we are not root"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "$PKG" >&2 || die "cannot install $PKG"
fi
version=$(dpkg-query -W -f='${Version}' "$PKG" 2>/dev/null ||
	  sha256sum "$TARBALL" | cut -c1-16)
SRC=$CACHE/src/$PKG

# The pristine tree, extracted once under a lock.
mkdir -p "$CACHE/src"
exec 9>"$SRC.lock"
flock 9
if [ "$(cat "$SRC/.pagesnap-pristine" 2>/dev/null)" != "$version" ]; then
	echo "check-series: extracting $TARBALL" >&2
	rm -rf "$SRC" "$SRC.new"
	mkdir -p "$SRC.new"
	tar -xJf "$TARBALL" -C "$SRC.new"
	mv "$SRC.new/$PKG" "$SRC"
	rmdir "$SRC.new"
	echo "$version" >"$SRC/.pagesnap-pristine"
fi
flock -u 9

WORK=$(mktemp -d "$CACHE/src/check-series.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mapfile -t patches < <(grep -v -e '^#' -e '^$' "$PDIR/series")
[ "${#patches[@]}" -gt 0 ] || die "the series is empty"

pass=0 fail=0
ok() { echo "PASS $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }

# exceptions PATCH: the message types checkpatch may raise for PATCH.
exceptions() {
	local glob type
	while read -r glob type _; do
		case "$glob" in ''|'#'*) continue ;; esac
		# shellcheck disable=SC2254
		case "$1" in $glob) echo "$type" ;; esac
	done <"$PDIR/checkpatch-exceptions"
}

check_apply_and_style() {
	local p ignore out n
	cp -al "$SRC" "$WORK/tree"
	if "$HERE/apply-patches.sh" "$WORK/tree" 2>"$WORK/apply.log"; then
		for p in "${patches[@]}"; do ok "apply $p"; done
	else
		cat "$WORK/apply.log"
		n=$(grep -c '^apply-patches: 0' "$WORK/apply.log" || true)
		for p in "${patches[@]}"; do
			if [ "$n" -gt 1 ]; then
				ok "apply $p"
			else
				ko "apply $p"
			fi
			n=$((n - 1))
		done
	fi

	for p in "${patches[@]}"; do
		ignore=$(exceptions "$p" | paste -sd, -)
		# From the top of the pristine tree: checkpatch wants a kernel
		# tree, and the tree has no .git to look commit ids up in.
		if out=$(cd "$SRC" && ./scripts/checkpatch.pl --strict --quiet \
			 --show-types ${ignore:+--ignore "$ignore"} "$PDIR/$p"); then
			ok "checkpatch $p${ignore:+ (allowed: $ignore)}"
		else
			echo "$out"
			ko "checkpatch $p"
		fi
	done
}

# warnings LOG: the compiler and sparse warnings in a make log, without
# line numbers (a patch moves them), sorted.
warnings() {
	grep -E '(warning|error):' "$1" |
		sed -E 's/:[0-9]+:[0-9]+:/:/; s/:[0-9]+:/:/' | sort -u
}

# build_objs K: build $OBJS with W=1 C=2 into $WORK/K.log, warnings into
# $WORK/K.warn.
build_objs() {
	make -C "$WORK/build" -s -j"$JOBS" W=1 C=2 "${OBJS[@]}" >"$WORK/$1.log" 2>&1 ||
		return 1
	warnings "$WORK/$1.log" >"$WORK/$1.warn"
}

check_build() {
	local k p
	echo "check-series: copying and configuring the tree" >&2
	cp -a "$SRC" "$WORK/build"
	rm -f "$WORK/build/.pagesnap-pristine"
	make -C "$WORK/build" -s tinyconfig
	"$WORK/build/scripts/kconfig/merge_config.sh" -m -O "$WORK/build" \
		"$WORK/build/.config" "$HERE/debug.config" >/dev/null
	make -C "$WORK/build" -s olddefconfig
	echo "check-series: make prepare" >&2
	make -C "$WORK/build" -s -j"$JOBS" prepare >/dev/null
	build_objs 0 || { cat "$WORK/0.log"; ko "build of the pristine tree"; return; }
	echo "check-series: pristine tree: $(wc -l <"$WORK/0.warn") warning(s) in ${OBJS[*]}" >&2
	k=0
	for p in "${patches[@]}"; do
		k=$((k + 1))
		if ! patch -d "$WORK/build" -p1 --batch --forward --fuzz=0 \
		     --no-backup-if-mismatch --quiet <"$PDIR/$p" >&2; then
			ko "build 1..$k: $p does not apply"
			return
		fi
		if ! build_objs "$k"; then
			cat "$WORK/$k.log"
			ko "build 1..$k ($p)"
		elif comm -13 "$WORK/0.warn" "$WORK/$k.warn" | grep .; then
			ko "build 1..$k ($p): new warnings above"
		else
			ok "build 1..$k ($p): ${OBJS[*]} W=1 C=2, no new warning"
		fi
	done
}

check_apply_and_style
[ "$build" -eq 0 ] || check_build

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
