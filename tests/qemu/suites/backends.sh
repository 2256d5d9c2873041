#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest suite "backends": native vs port (tests/kernel/backends.c).  Every
# pfn is snapshotted with pagesnap.ko backend=port and backend=native and
# the entries are compared one by one; differing pfns are re-checked to
# tell churn from disagreement.  Needs a kernel that exports
# snapshot_page() (debug-6.12); exit 77 on the others.
# Payload interface: see tests/qemu/suites/README.

set -euo pipefail
KERNEL=$1 ROOT=$2
TOP=$(cd "$(dirname "$0")/../../.." && pwd)
CACHE=${PAGESNAP_CACHE:-/var/cache/pagesnap}

KDIR=$("$TOP/tests/qemu/kernel-resolve.sh" "$KERNEL" | sed -n 's/^KDIR=//p')
[ -d "$KDIR" ] || { echo "backends: no KDIR for $KERNEL" >&2; exit 1; }
if ! awk '$2 == "snapshot_page" { f = 1 } END { exit !f }' \
	"$KDIR/Module.symvers" 2>/dev/null; then
	echo "backends: $KERNEL does not export snapshot_page(): no native backend"
	exit 77
fi

# per kernel: the run holds that kernel's lock, so no two builds share it
OUT=$CACHE/build/$KERNEL/kernel-tests
make -s -B -C "$TOP/tests/kernel" OUT="$OUT" "$OUT/pagesnap-backends"
cp "$OUT/pagesnap-backends" "$ROOT/bin/pagesnap-backends"
cat > "$ROOT/suites/backends" <<'EOS'
# Guest side of tests/qemu/suites/backends.sh: ends with pagesnap.ko
# loaded with the run's parameters, as init.sh loaded it.
/bin/pagesnap-backends /pagesnap.ko "$(cat /etc/pagesnap-modparams)"
EOS
