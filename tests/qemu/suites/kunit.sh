#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest suite "kunit": the KUnit tests of the snapshot port and the encoder
# (driver/pagesnap_kunit_cases.c, on synthetic struct pages).  Builds
# pagesnap_kunit.ko against the guest kernel (make PAGESNAP_KUNIT=1) and
# lets tests/kernel/kunit-guest.sh load it in the guest, where KUnit runs
# the suite at load time.
#
# Applies to kernels built with CONFIG_KUNIT=y: debug-6.12.  The stock
# Debian kernels have no CONFIG_KUNIT at all (exit 77).
# Payload interface: see tests/qemu/suites/README.

set -euo pipefail
KERNEL=$1 ROOT=$2
TOP=$(cd "$(dirname "$0")/../../.." && pwd)
CACHE=${PAGESNAP_CACHE:-/var/cache/pagesnap}

KDIR=$("$TOP/tests/qemu/kernel-resolve.sh" "$KERNEL" | sed -n 's/^KDIR=//p')
[ -d "$KDIR" ] || { echo "kunit: no KDIR for $KERNEL" >&2; exit 1; }
if ! grep -q '^CONFIG_KUNIT=y' "$KDIR/.config"; then
	echo "kunit: $KERNEL has no CONFIG_KUNIT=y"
	exit 77
fi

# A build directory of its own: driver/ and uapi/ side by side.
B=$CACHE/build/$KERNEL/kunit
mkdir -p "$B/driver" "$B/uapi"
rsync -a --delete --include='*.c' --include='*.h' --include=Kbuild \
	--include=Makefile --exclude='*' "$TOP/driver/" "$B/driver/"
rsync -a --delete "$TOP/uapi/" "$B/uapi/"
make -C "$B/driver" KDIR="$KDIR" PAGESNAP_KUNIT=1
cp "$B/driver/pagesnap_kunit.ko" "$ROOT/pagesnap_kunit.ko"
cp "$TOP/tests/kernel/kunit-guest.sh" "$ROOT/suites/kunit"
