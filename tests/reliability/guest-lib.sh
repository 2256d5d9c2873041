# SPDX-License-Identifier: GPL-2.0
# Sourced by the reliability guest suites (busybox sh; tests/reliability/
# README.md).  REL_NAME and REL_KERNEL are set by the suite script.
#
#   rel_begin                start: note the kernel-report count and time
#   rel_run CMD...           run CMD, keep its output, FAIL if it crashed
#   rel_pass/rel_fail NAME   a verdict from the script itself
#   rel_fig KEY VALUE        a figure for tests/RELIABILITY.md
#   rel_secs BASE            duration: BASE (stock) x10 on debug... see below
#   rel_end                  kernel reports during the suite must be 0; print
#                            "P passed, F failed, S skipped" and exit accordingly

REL_OUT=/tmp/rel-$REL_NAME.out
# The same patterns tests/qemu/run-guest.sh judges the whole log with.
REL_PAT='BUG:|WARNING:|Oops|KASAN:|UBSAN:|possible circular locking|INFO: task|rcu_sched self-detected stall|self-detected stall|soft lockup|kmemleak: .*suspected memory leak|unreferenced object|general protection|Kernel panic'
export REL_KERNEL

rel_reports() { dmesg | grep -Ec "$REL_PAT"; }
rel_uptime() { cut -d' ' -f1 /proc/uptime; }

rel_begin() {
	: > "$REL_OUT"
	REL_R0=$(rel_reports)
	REL_T0=$(rel_uptime)
	echo "reliability suite $REL_NAME on $REL_KERNEL ($(uname -r)), scale ${PAGESNAP_G_REL_SCALE:-1}"
}

rel_pass() { echo "PASS: $1" | tee -a "$REL_OUT"; }
rel_fail() { echo "FAIL: $1: $2" | tee -a "$REL_OUT"; }
rel_fig() { echo "PAGESNAP-REL: $REL_NAME.$1 $2"; }

rel_run() {
	local rc=0
	echo "+ $*"
	{ "$@" 2>&1; echo $? > /tmp/rel-cmd.rc; } | tee /tmp/rel-cmd.out
	rc=$(cat /tmp/rel-cmd.rc)
	cat /tmp/rel-cmd.out >> "$REL_OUT"
	if [ "$rc" != 0 ] && ! grep -q '^FAIL:' /tmp/rel-cmd.out; then
		rel_fail "$1" "exit status $rc with no verdict (crashed?)"
	fi
	return $rc
}

# rel_secs STOCK DEBUG: seconds for this kernel, times PAGESNAP_G_REL_SCALE.
rel_secs() {
	local s=$1
	case "$REL_KERNEL" in debug*) s=$2 ;; esac
	awk -v s="$s" -v k="${PAGESNAP_G_REL_SCALE:-1}" 'BEGIN { printf "%d\n", s * k }'
}

rel_end() {
	local r1 n p f s
	r1=$(rel_reports)
	n=$((r1 - REL_R0))
	rel_fig kernel_reports "$n"
	rel_fig seconds "$(awk -v a="$REL_T0" -v b="$(rel_uptime)" 'BEGIN { printf "%.0f\n", b - a }')"
	if [ "$n" -eq 0 ]; then
		rel_pass "${REL_NAME}_kernel_reports_0"
	else
		rel_fail "${REL_NAME}_kernel_reports_0" "$n new kernel report lines"
		dmesg | grep -E "$REL_PAT" | tail -n 20
	fi
	p=$(grep -c '^PASS:' "$REL_OUT")
	f=$(grep -c '^FAIL:' "$REL_OUT")
	s=$(grep -c '^SKIP:' "$REL_OUT")
	grep -E '^(FAIL|SKIP):' "$REL_OUT"
	echo "$REL_NAME: $p passed, $f failed, $s skipped"
	[ "$f" -eq 0 ] && [ "$p" -gt 0 ]
}
