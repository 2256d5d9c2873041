#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the "realmem" suite (tests/qemu/suites/realmem.sh): busy
# memory, then the differential and the stress test on it.  busybox sh.

pass=0
fail=0
skip=0
ok()  { pass=$((pass + 1)); echo "PASS: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

LIMIT=${PAGESNAP_G_REALMEM_LIMIT:-64M}
FLIMIT=${PAGESNAP_G_REALMEM_FILE_LIMIT:-128M}
STRESS=${PAGESNAP_G_REALMEM_STRESS_SECONDS:-20}
CG=/sys/fs/cgroup
LOADDIR=/mnt/disk/load
vm() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }

if ! grep -q '^/dev/vdb' /proc/swaps || ! grep -q ' /mnt/disk ext4 ' /proc/mounts; then
	bad "disk and swap present (see PAGESNAP-GUEST: disk)"
	echo "realmem: $pass passed, $fail failed, $skip skipped"
	exit 1
fi
ok "ext4 disk and swap present"

# the memory cgroup of the load
mkdir -p "$CG"
grep -q " $CG cgroup2 " /proc/mounts || mount -t cgroup2 none "$CG"
echo +memory > "$CG/cgroup.subtree_control"
mkdir -p "$CG/anon" "$CG/file" "$LOADDIR"
echo "$LIMIT" > "$CG/anon/memory.max"
echo "$FLIMIT" > "$CG/file/memory.max"
if [ "$(cat "$CG/anon/memory.max")" = max ] || [ "$(cat "$CG/file/memory.max")" = max ]; then
	bad "memory.max of the load cgroups set"
fi

t0_out=$(vm pswpout) t0_in=$(vm pswpin)
SECS=$((STRESS * 4 + 600))
sh -c "echo \$\$ > $CG/anon/cgroup.procs && exec pagesnap-memload anon 160 $SECS" &
anon_pid=$!
sh -c "echo \$\$ > $CG/file/cgroup.procs && exec pagesnap-memload file $LOADDIR 48 $SECS" &
file_pid=$!

# wait (up to 120 s) for swapping and dirty page cache to be under way
i=0
while [ "$i" -lt 120 ]; do
	[ "$(vm pswpout)" -gt "$t0_out" ] && [ "$(vm pswpin)" -gt "$t0_in" ] &&
		[ "$(vm nr_dirty)" -gt 0 ] && break
	sleep 1
	i=$((i + 1))
done
echo "realmem: load under way after ${i}s: pswpout +$(($(vm pswpout) - t0_out)), pswpin +$(($(vm pswpin) - t0_in)), nr_dirty $(vm nr_dirty), nr_writeback $(vm nr_writeback), memory.current anon $(cat "$CG/anon/memory.current") file $(cat "$CG/file/memory.current")"

# The differential, until every watched flag was present in one run (at
# most 5 runs; every run must pass).
need="DIRTY WRITEBACK RECLAIM SWAPCACHE SWAPBACKED DIRTY_FILE"
run=1
while [ "$run" -le 5 ]; do
	echo "realmem: differential run $run under load"
	pagesnap-guest-tests diff > /tmp/realmem-diff.out 2>&1
	rc=$?
	cat /tmp/realmem-diff.out
	sum=$(grep '^guest-tests: ' /tmp/realmem-diff.out | tail -n1)
	if [ "$rc" -eq 0 ] && echo "$sum" | grep -q ' 0 failed'; then
		ok "differential run $run agrees ($sum)"
	else
		bad "differential run $run: exit $rc, ${sum:-no summary}"
	fi
	missing=
	for f in $need; do
		n=$(sed -n "s/^diff: all-memory pages with $f *\([0-9]*\):.*/\1/p" /tmp/realmem-diff.out)
		echo "PAGESNAP-REALMEM: run $run $f ${n:-?}"
		[ "${n:-0}" -gt 0 ] || missing="$missing $f"
	done
	[ -n "$missing" ] || break
	echo "realmem: not present in run $run:$missing"
	run=$((run + 1))
done
for f in $need; do
	case " $missing " in
	*" $f "*) bad "$f pages present during a differential run" ;;
	*) ok "$f pages present during a differential run" ;;
	esac
done

# Scanners under churn, with the load still running.  Besides its
# correctness checks, stress.c checks that it covered enough in the time
# given: every scanner finished a pass, every kind of churn ran, a memory
# block went offline.  Under this load on a busy TCG host that can take
# longer than STRESS seconds; when those coverage checks alone fail, the
# run is repeated once with twice the time, and that run counts.
COVER='^FAIL: (stress_every_scanner_completed_a_scan|stress_churn_ran|stress_memory_offline_online: offline ok 0, online failures 0)'
secs=$STRESS
for attempt in 1 2; do
	echo "realmem: pagesnap-rel stress for ${secs}s under load"
	pagesnap-rel stress --seconds "$secs" --scanners 3 --hwpoison-seconds 0 > /tmp/realmem-stress.out 2>&1
	rc=$?
	grep -v '^PASS:' /tmp/realmem-stress.out | sed 's/^FAIL:/stress: failed:/' | tail -n 30
	sf=$(grep -c '^FAIL:' /tmp/realmem-stress.out)
	sc=$(grep -Ec "$COVER" /tmp/realmem-stress.out)
	[ "$attempt" = 1 ] && [ "$sf" -gt 0 ] && [ "$sf" -eq "$sc" ] || break
	echo "realmem: stress covered too little in ${secs}s under load ($sc coverage checks); once more"
	secs=$((secs * 2))
done
if [ "$rc" -eq 0 ] && [ "$sf" -eq 0 ]; then
	ok "stress under load ($(grep -c '^PASS:' /tmp/realmem-stress.out) checks passed, ${secs}s)"
else
	bad "stress under load: exit $rc, $sf failed (${secs}s)"
	grep '^FAIL:' /tmp/realmem-stress.out | head -n 10
fi

echo "realmem: load at the end: pswpout +$(($(vm pswpout) - t0_out)), pswpin +$(($(vm pswpin) - t0_in)), pgsteal_file $(vm pgsteal_file), nr_dirty $(vm nr_dirty), nr_writeback $(vm nr_writeback)"
kill "$anon_pid" "$file_pid" 2>/dev/null
wait "$anon_pid" "$file_pid" 2>/dev/null
rm -rf "$LOADDIR"
rmdir "$CG/anon" "$CG/file" 2>/dev/null
echo "realmem: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
