#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run every host test program; sum their "N passed, N failed" lines.
cd "$(dirname "$0")" || exit 1
total_pass=0
total_fail=0
status=0
for t in ./unit-tests ./cli-tests.sh ./docs-tests.sh ./page-types-cmp.sh ./build-tests.sh; do
	[ -x "$t" ] || continue
	echo "=== $t"
	log=$(mktemp)
	timeout 120 "$t" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
	rm -f "$log"
	if [ -z "$line" ]; then
		echo "$t: no summary line (exit $rc)"
		total_fail=$((total_fail + 1))
		status=1
		continue
	fi
	total_pass=$((total_pass + $(echo "$line" | cut -d' ' -f1)))
	total_fail=$((total_fail + $(echo "$line" | cut -d' ' -f3)))
	[ "$rc" -eq 0 ] || status=1
done
echo
echo "$total_pass passed, $total_fail failed"
exit $status
