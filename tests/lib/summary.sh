# SPDX-License-Identifier: GPL-2.0
#
# summary.sh - sourced by the test runners (tests/run-check.sh,
# tests/qemu/run-guest.sh): read the closing "P passed, F failed[, S
# skipped]" line of a test program's output.
#
# summary_counts TEXT: sets SUM_LINE to the last line of TEXT holding
# "P passed, F failed" (any prefix; empty if none) and SUM_P, SUM_F, SUM_S
# to its counts (0 where absent).

summary_counts() {
	SUM_LINE=$(printf '%s\n' "$1" |
		grep -E '(^|[^0-9])[0-9]+ passed, [0-9]+ failed' | tail -n1 || true)
	SUM_P=$(sed -nE 's/(^|.*[^0-9])([0-9]+) passed, ([0-9]+) failed.*/\2/p' <<< "$SUM_LINE")
	SUM_F=$(sed -nE 's/(^|.*[^0-9])([0-9]+) passed, ([0-9]+) failed.*/\3/p' <<< "$SUM_LINE")
	SUM_S=$(sed -nE 's/.*failed, ([0-9]+) skipped.*/\1/p' <<< "$SUM_LINE")
	SUM_P=${SUM_P:-0} SUM_F=${SUM_F:-0} SUM_S=${SUM_S:-0}
}
