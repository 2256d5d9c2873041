#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the "kunit" suite (tests/qemu/suites/kunit.sh): load
# pagesnap_kunit.ko, which runs the KUnit suite "pagesnap" at load time,
# read its KTAP results from debugfs, count the test cases, unload.
# Every case the suite's plan ("1..N") announces must report ok or skip.

SUITE=pagesnap
R=/sys/kernel/debug/kunit/$SUITE/results
fail() {
	echo "kunit: $*"
	echo "kunit: 0 passed, 1 failed"
	exit 1
}

insmod /pagesnap_kunit.ko || fail "insmod pagesnap_kunit.ko failed"
[ -r "$R" ] || { rmmod pagesnap_kunit; fail "no $R (CONFIG_KUNIT_DEBUGFS?)"; }
cp "$R" /tmp/kunit-results
rmmod pagesnap_kunit || fail "rmmod pagesnap_kunit failed"
cat /tmp/kunit-results

# Test cases are the lines one level in (4 spaces): "    ok 3 name".
plan=$(sed -n 's/^    1\.\.\([0-9]*\)$/\1/p' /tmp/kunit-results | head -n1)
ok=$(grep -cE '^    ok [0-9]+ ' /tmp/kunit-results)
skip=$(grep -E '^    ok [0-9]+ ' /tmp/kunit-results | grep -c '# SKIP')
bad=$(grep -cE '^    not ok [0-9]+ ' /tmp/kunit-results)
passed=$((ok - skip))
[ -n "$plan" ] || { echo "kunit: no test plan in the results"; bad=$((bad + 1)); }
if [ -n "$plan" ] && [ $((ok + bad)) -ne "$plan" ]; then
	echo "kunit: plan says $plan cases, $((ok + bad)) reported"
	bad=$((bad + 1))
fi
if [ "$bad" -eq 0 ] && ! grep -qE "^ok [0-9]+ $SUITE\$" /tmp/kunit-results; then
	echo "kunit: the suite itself did not report ok"
	bad=$((bad + 1))
fi
echo "kunit: $passed passed, $bad failed, $skip skipped"
[ "$bad" -eq 0 ]
