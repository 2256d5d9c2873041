#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [KERNEL...] - `make reliability`: boot each guest kernel with the
# CUnit suite and the five rel-* suites only, every duration multiplied by
# REL_SCALE (default 5; make check runs them at 1), and the fuzzer made
# to go on until it has sent REL_FUZZ_CALLS ioctls per kernel, then write
# tests/RELIABILITY.md (report.sh).  One guest at a time.
#
#   REL_SCALE=N       duration multiplier (PAGESNAP_G_REL_SCALE in the guest)
#   REL_SEED=S        fuzzer seed (PAGESNAP_G_REL_SEED; default: random, printed)
#   REL_FUZZ_CALLS=N  fuzzed ioctls per kernel, the 64- and 32-bit callers
#                     together, half each (PAGESNAP_G_REL_FUZZ_CALLS;
#                     default 1000000, issue 12's size).  A count, not a
#                     duration: debug-6.12 is ~4x slower per call than the
#                     stock kernels and a busy host slows every kernel, so
#                     no one scale gives the same size everywhere.
# Exit status: 0 when every kernel passed.

set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
KERNELS=("$@")
[ ${#KERNELS[@]} -gt 0 ] || KERNELS=(stock-6.1 stock-6.12 debug-6.12)
SCALE=${REL_SCALE:-5}
CALLS=${REL_FUZZ_CALLS:-1000000}
export PAGESNAP_G_REL_FUZZ_CALLS=$CALLS
export PAGESNAP_SUITES="rel-fuzz rel-stress rel-life rel-priv rel-resp"
export PAGESNAP_G_REL_SCALE=$SCALE
[ -n "${REL_SEED:-}" ] && export PAGESNAP_G_REL_SEED=$REL_SEED

rc=0
for k in "${KERNELS[@]}"; do
	# about 2.5 min of suites per unit of scale on stock, 5 on debug;
	# fuzzing: ~20000 calls/s on stock, ~5000 on debug (make check logs),
	# with room for a host four times slower
	case $k in
	debug-*) to=$((2400 + 400 * SCALE + CALLS / 450)) ;;
	*) to=$((600 + 200 * SCALE + CALLS / 1750)) ;;
	esac
	PAGESNAP_BOOT_TIMEOUT=${PAGESNAP_BOOT_TIMEOUT:-$to} \
		"$TOP/tests/qemu/run-guest.sh" "$k" || rc=1
	# keep this run's log and verdict: the next guest run of $k overwrites them
	logs=${PAGESNAP_CACHE:-/var/cache/pagesnap}/logs/$k
	cp -p "$logs/serial-test.log" "$logs/reliability-test.log" 2>/dev/null || rc=1
	cp -p "$logs/result" "$logs/reliability-test.result" 2>/dev/null || true
done
"$HERE/report.sh" || rc=1
exit $rc
