#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every host test program; sum their closing "N passed, N failed[,
# N skipped]" lines (tests/lib/summary.sh) into one such line.  A skip is
# a check this host cannot make (no root, no 32-bit execution, ...): it is
# listed at the end with its reason and counted, never as a pass.  A
# program without a summary line, or exiting non-zero, counts as a failure.
cd "$(dirname "$0")" || exit 1
# shellcheck source=tests/lib/summary.sh
. ../lib/summary.sh
total_pass=0
total_fail=0
total_skip=0
status=0
skips=()
for t in ./unit-tests ./cli-tests.sh ./snap-tests.sh ./metrics-tests.sh ./docs-tests.sh ./page-types-cmp.sh ./build-tests.sh ../abi/run.sh; do
	[ -x "$t" ] || continue
	echo "=== $t"
	log=$(mktemp)
	timeout 240 "$t" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	summary_counts "$(cat "$log")"
	while IFS= read -r l; do
		skips+=("$t: $l")
	done < <(grep -E '^ *SKIP[: ]' "$log" | sed -E 's/^ *SKIP:? *//')
	rm -f "$log"
	if [ -z "$SUM_LINE" ]; then
		echo "$t: no summary line (exit $rc)"
		total_fail=$((total_fail + 1))
		status=1
		continue
	fi
	total_pass=$((total_pass + SUM_P))
	total_fail=$((total_fail + SUM_F))
	total_skip=$((total_skip + SUM_S))
	if [ "$rc" -ne 0 ]; then
		status=1
		# a program that failed without saying so counts once
		[ "$SUM_F" -gt 0 ] || total_fail=$((total_fail + 1))
	fi
done
echo
for s in "${skips[@]}"; do
	echo "skipped: $s"
done
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
exit $status
