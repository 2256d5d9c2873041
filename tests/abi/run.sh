#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A program built against the libpagesnap 0.1 release, run with the
# library of this tree: old-prog (build.sh: the 0.1 headers, bound
# @LIBPAGESNAP_0.1), run with the new libpagesnap.so.0 and the fake
# device, whose driver has or lacks runs (nr_pages).  The guest suite
# tests/qemu/suites/libabi.sh runs it against the real driver.
# Prints "N passed, N failed".
cd "$(dirname "$0")" || exit 1
TOP=$(cd ../.. && pwd)
LIB=$TOP/libpagesnap
FAKEDEV=$TOP/tests/fakedev/fakedev.so
W=$(mktemp -d /tmp/pagesnap-abi01.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$W"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok    $*"; }
bad() { fail=$((fail + 1)); echo "FAIL  $*"; }

make -s -C "$LIB" >/dev/null && make -s -C "$TOP/tests/fakedev" fakedev.so >/dev/null ||
	{ bad "build library/fakedev"; echo "$pass passed, $fail failed"; exit 1; }
if ./build.sh "$W"; then
	ok "old-prog built against the 0.1 header"
else
	bad "old-prog build"; echo "$pass passed, $fail failed"; exit 1
fi
need=$(objdump -T "$W/old-prog" | awk '/pagesnap_(get|query_range|scan|scan_begin)$/ {print $(NF-1), $NF}' | sort)
# the stub aborts if called: a passing run was served by the new library
n=$(echo "$need" | grep -c '^(\?LIBPAGESNAP_0\.1)\? ')
[ "$n" -eq 4 ] && ok "binds get, query_range, scan, scan_begin @LIBPAGESNAP_0.1" ||
	bad "symbol versions: $need"

for feat in 0x3 0xf; do
	out=$(LD_LIBRARY_PATH=$LIB LD_PRELOAD=$FAKEDEV PAGESNAP_FAKE_DEV=/nonexistent/pagesnap-abi01 \
		PAGESNAP_FAKE_FEATURES=$feat "$W/old-prog" /nonexistent/pagesnap-abi01 2>&1)
	rc=$?
	echo "$out" | grep -v '^abi-0.1:' | sed 's/^/    /'
	line=$(echo "$out" | grep '^abi-0.1:')
	[ "$rc" -eq 0 ] && [ -n "$line" ] && ok "driver features $feat: $line" ||
		bad "driver features $feat (exit $rc): ${line:-no summary}"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
