#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lint-kernel.sh - lint every piece of kernel code in the tree:
#   driver/   W=1 + sparse (C=1) builds against each guest kernel's kbuild
#             tree, and checkpatch.pl --strict on every file (driver/lint.sh)
#   kernel/   checkpatch.pl --strict on the snapshot_page() patches
#
# Kernels: stock-6.1 and stock-6.12 (resolved by tests/qemu/kernel-resolve.sh),
# plus debug-6.12 when PAGESNAP_LINT_DEBUG=1 (that may build the kernel) or,
# by default, when it is already built (it is the one tree with KUnit, so
# driver/pagesnap_kunit_cases.c gets its W=1 + sparse build there);
# PAGESNAP_LINT_DEBUG=0 leaves it out.
# PAGESNAP_LINT_KDIRS="dir1 dir2" lints against exactly those trees instead.
# Exit status is non-zero when anything is not clean.
set -euo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
kdirs=()

if [ -n "${PAGESNAP_LINT_KDIRS:-}" ]; then
	read -r -a kdirs <<<"$PAGESNAP_LINT_KDIRS"
else
	names=(stock-6.1 stock-6.12)
	case "${PAGESNAP_LINT_DEBUG:-auto}" in
	1) names+=(debug-6.12) ;;
	auto)
		key=$("$TOP"/kernel/build-debug-kernel.sh --key 2>/dev/null || true)
		[ -n "$key" ] &&
		[ -f "${PAGESNAP_CACHE:-/var/cache/pagesnap}/debug-6.12/$key/.done" ] &&
			names+=(debug-6.12)
		;;
	esac
	for name in "${names[@]}"; do
		kdir=$("$TOP"/tests/qemu/kernel-resolve.sh "$name" |
		       sed -n 's/^KDIR=//p')
		[ -n "$kdir" ] || { echo "lint-kernel: no KDIR for $name" >&2; exit 1; }
		kdirs+=("$kdir")
	done
fi

fail=0
"$TOP"/driver/lint.sh "${kdirs[@]}" || fail=1
if [ -f "$TOP"/kernel/Makefile ]; then
	make -s -C "$TOP"/kernel checkpatch || fail=1
fi
if [ $fail -ne 0 ]; then
	echo "lint-kernel: FAILED"
	exit 1
fi
echo "lint-kernel: OK"
