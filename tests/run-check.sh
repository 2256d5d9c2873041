#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-check.sh - everything `make check` runs, with one closing total.
#
# Runs, in order, each step below, shows its output and keeps its closing
# "N passed, N failed[, N skipped]" line:
#   unit       host CUnit/shell tests of the library and CLI (tests/unit)
#   abi        libpagesnap's exported ABI against its last release (abidiff)
#   python     Python binding host tests (fake device)
#   rust       Rust crate host tests (fake device, ABI against the C header);
#              without Debian's cargo a counted skip with the reason
#   install    make install into a DESTDIR, checked; a program built on it
#   dkms       dkms build against both stock kernels' headers
#   series     kernel/patches applies in order, checkpatch --strict per patch
#   guests     every guest kernel (tests/run-guests.sh $GUEST_KERNELS)
# A step that exits non-zero, or prints no such line, or whose line says
# nothing passed, counts as (at least) one failure.  Skips (a check the
# machine cannot make: no 32-bit execution, no root, ...) are summed
# separately and listed with their reasons before the total; they never
# count as passes.  The last line is the sum over all steps; exit status
# 0 only if nothing failed.
#
# Environment: MAKE (default make), GUEST_KERNELS (default: all three).

set -uo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib/summary.sh
. "$TOP/tests/lib/summary.sh"
MAKE=${MAKE:-make}
GUEST_KERNELS=${GUEST_KERNELS:-stock-6.1 stock-6.12 debug-6.12}
LOG=$(mktemp -d /tmp/pagesnap-check.XXXXXX)
trap 'rm -rf "$LOG"' EXIT

tp=0 tf=0 ts=0
rows=()
skips=()

# step NAME CMD...: run CMD, tee its output, add its closing counts.
step() {
	local name=$1 rc line p f s v
	shift
	echo "==================== check: $name ===================="
	"$@" 2>&1 | tee "$LOG/$name.out"
	rc=${PIPESTATUS[0]}
	summary_counts "$(cat "$LOG/$name.out")"
	line=$SUM_LINE p=$SUM_P f=$SUM_F s=$SUM_S
	v=PASS
	if [ "$rc" -ne 0 ] || [ -z "$line" ] || [ "$p" -eq 0 ] || [ "$f" -ne 0 ]; then
		v=FAIL
		[ "$f" -gt 0 ] || f=1
	fi
	tp=$((tp + p)) tf=$((tf + f)) ts=$((ts + s))
	while IFS= read -r l; do
		skips+=("$name: $l")
	done < <(grep -E '^ *SKIP[: ]' "$LOG/$name.out" | sed -E 's/^ *SKIP:? *//' | sort -u)
	rows+=("$(printf '%-10s %-4s exit %-3s %s' "$name" "$v" "$rc" "${line:-no summary line}")")
}

cd "$TOP" || exit 1
step unit $MAKE -C tests/unit check
step abi $MAKE check-abi
step python $MAKE check-python
if [ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ]; then
	step rust $MAKE check-rust
else
	echo "==================== check: rust ===================="
	echo "rust: SKIP: /usr/bin/cargo not found (scripts/install-deps.sh installs it)"
	ts=$((ts + 1))
	rows+=("$(printf '%-10s %-4s %s' rust SKIP 'no /usr/bin/cargo: 0 passed, 0 failed, 1 skipped')")
fi
step install $MAKE check-install
step dkms $MAKE check-dkms
step series $MAKE -s -C kernel check-series
# shellcheck disable=SC2086
step guests tests/run-guests.sh $GUEST_KERNELS

echo
echo "==================== make check: summary ===================="
for r in "${rows[@]}"; do
	echo "$r"
done
for r in "${skips[@]}"; do
	echo "skipped: $r"
done
echo "total: $tp passed, $tf failed, $ts skipped"
[ "$tf" -eq 0 ]
