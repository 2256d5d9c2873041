#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Usage: lint [KDIR...]
#
# Build pagesnap.ko with W=1 and sparse (C=1) against each kbuild tree
# (and pagesnap_kunit.ko, make PAGESNAP_KUNIT=1, against 6.12 trees with
# CONFIG_KUNIT=y) and run checkpatch.pl --strict on every driver file.
# Fails on any compiler, sparse or checkpatch warning.
#
# Each kernel gets its own build directory (driver/ and uapi/ copied side
# by side), so several trees never share objects.  Environment:
#   CHECKPATCH  path of checkpatch.pl (default: from the 6.12 source)
#   LINT_DIR    where the per-kernel build directories go (default: mktemp)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
src_cache=${PAGESNAP_CACHE:-/var/cache/pagesnap}/src
CHECKPATCH=${CHECKPATCH:-$src_cache/linux-source-6.12/scripts/checkpatch.pl}

if [ $# -eq 0 ]; then
	set -- /lib/modules/"$(uname -r)"/build
fi

# The driver's own files: not what an in-tree build left (*.mod.c).
sources() {
	for f in "$here"/*.c "$here"/*.h "$here"/*.sh "$here"/Kbuild \
		 "$here"/Makefile; do
		case "$f" in
		*.mod.c) ;;
		*) echo "$f" ;;
		esac
	done
}

work=${LINT_DIR:-$(mktemp -d /tmp/pagesnap-lint.XXXXXX)}
fail=0

for kdir in "$@"; do
	name=$(basename "$(readlink -f "$kdir")")
	dir=$work/$name
	rm -rf "$dir"
	mkdir -p "$dir/driver" "$dir/uapi"
	# shellcheck disable=SC2046 # file names without blanks
	cp -a $(sources) "$dir/driver/"
	cp -a "$top"/uapi/. "$dir/uapi/"
	log=$dir/build.log
	echo "lint: W=1 C=1 against $kdir"
	if ! make -C "$kdir" M="$dir/driver" W=1 C=1 modules >"$log" 2>&1; then
		cat "$log"
		echo "lint: FAILED: build against $kdir"
		fail=1
		continue
	fi
	if grep -E 'warning:|error:|note:' "$log"; then
		echo "lint: FAILED: warnings against $kdir"
		fail=1
	fi
	# The KUnit module (pagesnap_kunit_cases.c) builds only where KUnit is.
	grep -q '^CONFIG_KUNIT=y' "$kdir/.config" 2>/dev/null || continue
	grep -q '^VERSION = 6$' "$kdir/Makefile" &&
		grep -q '^PATCHLEVEL = 12$' "$kdir/Makefile" || continue
	echo "lint: W=1 C=1 PAGESNAP_KUNIT=1 against $kdir"
	mkdir -p "$dir/kunit"
	# shellcheck disable=SC2046
	cp -a $(sources) "$dir/kunit/"
	if ! make -C "$kdir" M="$dir/kunit" W=1 C=1 PAGESNAP_KUNIT=1 \
	     modules >"$log.kunit" 2>&1; then
		cat "$log.kunit"
		echo "lint: FAILED: KUnit build against $kdir"
		fail=1
	elif grep -E 'warning:|error:|note:' "$log.kunit"; then
		echo "lint: FAILED: KUnit warnings against $kdir"
		fail=1
	fi
done

if [ -f "$CHECKPATCH" ]; then
	for f in $(sources); do
		if ! perl "$CHECKPATCH" --strict --no-tree --quiet -f "$f"; then
			echo "lint: FAILED: checkpatch $f"
			fail=1
		fi
	done
else
	echo "lint: FAILED: checkpatch not found at $CHECKPATCH"
	fail=1
fi

[ -n "${LINT_DIR:-}" ] || rm -rf "$work"
if [ $fail -ne 0 ]; then
	echo "lint: FAILED"
	exit 1
fi
echo "lint: OK"
