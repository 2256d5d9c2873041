#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# apply-patches.sh SRCDIR - apply the pagesnap 6.12 patch series to SRCDIR.
#
# SRCDIR is a fresh, unmodified linux-source-6.12 tree (for example one
# extracted from /usr/src/linux-source-6.12.tar.xz).  The patches listed in
# kernel/patches/series are applied in order with patch -p1; the first one
# that does not apply cleanly (no fuzz, no offsets beyond patch's own
# defaults, no rejects) stops the script with an error.  A tree that already
# carries the series is refused, never patched twice.
# Progress goes to stderr; nothing is printed on stdout.

set -euo pipefail

die() { echo "apply-patches: error: $*" >&2; exit 1; }

[ $# -eq 1 ] || { echo "usage: $0 SRCDIR" >&2; exit 2; }
src=$1
pdir=$(cd "$(dirname "$0")/patches" && pwd)

if [ ! -f "$src/Makefile" ] || [ ! -f "$src/mm/util.c" ]; then
	die "$src is not a kernel source tree"
fi
if grep -q '^void snapshot_page(' "$src/mm/util.c"; then
	die "$src already has snapshot_page(): apply to a fresh copy"
fi

while read -r p; do
	case "$p" in
	''|'#'*) continue ;;
	esac
	[ -f "$pdir/$p" ] || die "series lists $p, which does not exist"
	echo "apply-patches: $p" >&2
	patch -d "$src" -p1 --batch --forward --fuzz=0 --no-backup-if-mismatch \
		--quiet <"$pdir/$p" >&2 || die "$p does not apply to $src"
done <"$pdir/series"
