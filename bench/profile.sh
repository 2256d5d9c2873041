#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of bench/run-bench.sh --profile: function_graph traces of
# pagesnap's ioctls, so that the per-call costs in bench/README.md can be
# split by kernel function.  Under TCG the tracer's own cost per traced
# function is large: read the durations relative to each other, never as
# absolute times.  Prints each trace between PAGESNAP-PROFILE markers.

T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs tracefs $T || {
	echo "PAGESNAP-PROFILE: no tracefs"; exit 1; }
grep -qw function_graph $T/available_tracers || {
	echo "PAGESNAP-PROFILE: no function_graph tracer"; exit 1; }

# trace NAME DEPTH COMMAND...: trace pagesnap_ioctl() during COMMAND
trace() {
	name=$1 depth=$2
	shift 2
	echo 0 > $T/tracing_on
	echo nop > $T/current_tracer
	echo pagesnap_ioctl > $T/set_graph_function || return 1
	echo "$depth" > $T/max_graph_depth
	echo function_graph > $T/current_tracer
	: > $T/trace
	echo 1 > $T/tracing_on
	"$@" > /dev/null
	echo 0 > $T/tracing_on
	echo "===== PAGESNAP-PROFILE-$name BEGIN ====="
	echo "command: $* (max_graph_depth $depth)"
	grep -v '^#' $T/trace
	echo "===== PAGESNAP-PROFILE-$name END ====="
}

pfn=$(pagesnap-cli -j info | sed -n 's/.*"pfn_start": *\([0-9]*\).*/\1/p')
pfn=$((${pfn:-0} + 4096))
# one pfn, three times (the first pays for cold caches): every function
trace GET 0 sh -c "pagesnap-cli pfn $pfn; pagesnap-cli pfn $pfn; pagesnap-cli pfn $pfn"
# a full scan of 512 pfns (one 512-entry call), and in-kernel stats over
# 4096 pfns: where a walk's time goes, by callee
trace SCAN 6 pagesnap-cli scan "$pfn+512"
trace STATS 6 pagesnap-cli stats "$pfn+4096"
echo "PAGESNAP-PROFILE: done"
