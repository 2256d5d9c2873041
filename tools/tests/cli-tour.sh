#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The README's pagesnap-cli tour: the commands, run in a guest, printed as
# README shows them.  "cli-tour.sh" prints the tour (paste it between the
# README's cli-tour markers: scripts/update-tour.sh does that from a
# serial log); "cli-tour.sh check README" compares the README's block
# with what the code prints now, numbers and sizes masked, and prints
# "N passed, N failed".
CLI=${CLI:-pagesnap-cli}
tour() {
	for c in "info" "describe 0x1828" "--page-types describe 0x1828" \
		 "pfn 0" "scan --columns pfn,flags,type,memcg ,4" \
		 "stats --by memcg --top 2" "stats --by order --top 3"; do
		echo "# pagesnap-cli $c"
		# through a pipe: no progress line, as in a README
		# shellcheck disable=SC2086
		"$CLI" $c 2>&1 | cat
	done
}
# numbers, hex, sizes and the kernel release vary from boot to boot
mask() {
	sed -E 's/[0-9]+(\.[0-9]+)? (B|KiB|MiB|GiB|TiB)/SIZE/g;
		s/^(kernel +).*/\1RELEASE/; s/^(library +).*/\1VERSION/;
		s/0x[0-9a-f]+/N/g; s/[0-9]+/N/g'
}
if [ "$1" != check ]; then
	tour
	exit 0
fi
readme=$2
want=$(sed -n '/^<!-- cli-tour begin -->$/,/^<!-- cli-tour end -->$/s/^kernel  *\([0-9]*\.[0-9]*\)\..*/\1/p' "$readme")
have=$(uname -r | sed 's/^\([0-9]*\.[0-9]*\)\..*/\1/')
if [ -z "$want" ]; then
	echo "SKIP: no cli-tour block in $readme yet"
	echo "cli-tour: 0 passed, 0 failed, 1 skipped"
	exit 3
fi
if [ "$want" != "$have" ]; then
	echo "SKIP: the README tour is from Linux $want, this is $have"
	echo "cli-tour: 0 passed, 0 failed, 1 skipped"
	exit 3
fi
# the README's session is a stock kernel's: the port backend
backend=$("$CLI" info 2>/dev/null | awk '$1 == "backend" {print $2}')
if [ "$backend" != port ]; then
	echo "SKIP: the README tour is of the port backend, this is ${backend:-unknown}"
	echo "cli-tour: 0 passed, 0 failed, 1 skipped"
	exit 3
fi
sed -n '/^<!-- cli-tour begin -->$/,/^<!-- cli-tour end -->$/p' "$readme" |
	sed '1,2d; $d' | sed '$d' | mask > /tmp/cli-tour.readme
tour | mask > /tmp/cli-tour.now
pass=0
fail=0
if [ ! -s /tmp/cli-tour.readme ]; then
	fail=1; echo "FAIL: no cli-tour block in $readme"
elif cmp -s /tmp/cli-tour.readme /tmp/cli-tour.now; then
	pass=1; echo "PASS: README tour matches what pagesnap-cli prints ($(wc -l < /tmp/cli-tour.now) lines, numbers masked)"
else
	fail=1; echo "FAIL: README tour is stale:"
	diff /tmp/cli-tour.readme /tmp/cli-tour.now | head -20
fi
rm -f /tmp/cli-tour.readme /tmp/cli-tour.now
echo "cli-tour: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
