#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# payload.sh SUITE KERNEL ROOT - host side of the reliability guest suites
# (tests/qemu/suites/rel-*.sh call it; tests/qemu/suites/README).
# Builds pagesnap-rel (and pagesnap-rel32) into $ROOT/../reliability,
# copies them and guest-lib.sh into the initramfs, and writes
# ROOT/suites/SUITE from tests/reliability/NAME.guest.sh (SUITE = rel-NAME) with the kernel
# name baked in.

set -euo pipefail
SUITE=$1 KERNEL=$2 ROOT=$3
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(dirname "$ROOT")/reliability

# -B: $OUT is shared with every checkout that runs this kernel (a CI
# clone builds older sources there, newer than ours by mtime)
make -s -B -C "$HERE" OUT="$OUT"
mkdir -p "$ROOT/bin" "$ROOT/lib" "$ROOT/suites"
cp "$OUT/pagesnap-rel" "$ROOT/bin/"
[ -x "$OUT/pagesnap-rel32" ] && cp "$OUT/pagesnap-rel32" "$ROOT/bin/"
cp "$HERE/guest-lib.sh" "$ROOT/lib/rel-lib.sh"
{
	echo "REL_NAME=$SUITE"
	echo "REL_KERNEL=$KERNEL"
	echo ". /lib/rel-lib.sh"
	cat "$HERE/${SUITE#rel-}.guest.sh"
} > "$ROOT/suites/$SUITE"

# hwpoison injection: built in on debug-6.12; a module on stock-6.12 that is
# not in the guest's initramfs, so ship it (decompressed) when the kernel
# package has it; stock-6.1's cloud kernel has no CONFIG_MEMORY_FAILURE.
if [ "$SUITE" = rel-stress ]; then
	kr=$("$HERE/../qemu/kernel-resolve.sh" "$KERNEL")
	img=$(echo "$kr" | sed -n 's/^IMAGE=//p')
	ko=$(find "$(dirname "$(dirname "$img")")/lib/modules" -name 'hwpoison-inject.ko*' 2>/dev/null | head -n1 || true)
	case "$ko" in
	*.xz) xz -dc "$ko" > "$ROOT/hwpoison-inject.ko" ;;
	*.ko) cp "$ko" "$ROOT/hwpoison-inject.ko" ;;
	esac
fi
exit 0
