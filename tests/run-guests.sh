#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-guests.sh KERNEL... - run the guest tests on each kernel in turn
# (tests/qemu/run-guest.sh) and print a table.
#
# Counting: the closing line "N passed, N failed" counts the tests (CUnit
# and guest suites, tests/qemu/suites/README) summed
# over all kernels (a test that ran on two kernels counts twice); a kernel
# whose run failed without a CUnit summary (no boot, no module, timeout,
# kernel error after the tests) adds one failure of its own, so a run that
# tests nothing can never pass.  Skipped tests are shown, never counted as
# passed.  Exit status: 0 only if every kernel passed.

set -uo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${PAGESNAP_CACHE:-/var/cache/pagesnap}

if [ $# -eq 0 ]; then
	echo "usage: $0 stock-6.1|stock-6.12|debug-6.12..." >&2
	exit 2
fi

# Each run writes its result to a private file: another run of the same
# kernel (another checkout sharing the cache) may overwrite the shared one.
RESDIR=$(mktemp -d /tmp/pagesnap-guests.XXXXXX)
trap 'rm -rf "$RESDIR"' EXIT
rows=()
tp=0 tf=0 ts=0 kfail=0
for k in "$@"; do
	echo "==================== guest $k ===================="
	PAGESNAP_RESULT=$RESDIR/$k "$TOP/tests/qemu/run-guest.sh" "$k"
	rc=$?
	VERDICT=FAIL PASSED=0 FAILED=0 SKIPPED=0 SECONDS_TOTAL=0 LOG=- WHY="no result"
	res=$RESDIR/$k
	# shellcheck disable=SC1090
	[ -f "$res" ] && . "$res"
	[ $rc -eq 0 ] || VERDICT=FAIL
	if [ "$VERDICT" != PASS ]; then
		kfail=$((kfail + 1))
		# a failed kernel counts at least once, even if no test failed
		[ "$FAILED" -gt 0 ] || FAILED=1
	fi
	tp=$((tp + PASSED)) tf=$((tf + FAILED)) ts=$((ts + SKIPPED))
	rows+=("$(printf '%-11s %-5s %7s %7s %8s %6ss  %s' "$k" "$VERDICT" \
		"$PASSED" "$FAILED" "$SKIPPED" "$SECONDS_TOTAL" "$WHY")")
done

echo
echo "==================== guest kernels ===================="
printf '%-11s %-5s %7s %7s %8s %7s  %s\n' kernel verdict passed failed skipped time detail
for r in "${rows[@]}"; do
	echo "$r"
done
echo "serial logs and differential figures: $CACHE/logs/<kernel>/{serial-test.log,diff.txt}"
echo "kernels: $(($# - kfail)) passed, $kfail failed"
echo "guest tests (CUnit + suites) summed over $# kernels:"
echo "$tp passed, $tf failed, $ts skipped"
[ $kfail -eq 0 ]
