#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Every pagesnap-cli command against the real driver, inside a QEMU guest
# (busybox sh; needs /bin/pagesnap-cli and /bin/pagesnap-json-check, both
# static: make -C tools static guest-check).  JSON output is validated and
# its numbers are checked against each other and against what the guest
# knows (file inodes, page counts).  Counts of live memory are bracketed
# (in_bracket below).  Prints "N passed, N failed, N skipped".

CLI=${CLI:-pagesnap-cli}
# PAGESNAP_G_CLI_LIVE=1 (the repeat mode): only info and the sections that
# compare live memory (stats, /proc/kpageflags, scan)
LIVE_ONLY=${PAGESNAP_G_CLI_LIVE:-0}
JC=${JC:-pagesnap-json-check}
T=${TMPDIR:-/tmp}/pagesnap-cli-test
mkdir -p "$T"
pass=0
fail=0
skip=0

ok()   { pass=$((pass + 1)); echo "PASS: $*"; }
bad()  { fail=$((fail + 1)); echo "FAIL: $*"; head -c 600 "$T/out"; head -c 300 "$T/err"; }
skp()  { skip=$((skip + 1)); echo "SKIP: $*"; }

# run WANT_RC DESC ARGS...
run() {
	want=$1; desc=$2; shift 2
	"$CLI" "$@" > "$T/out" 2> "$T/err"
	rc=$?
	if [ "$rc" -eq "$want" ]; then ok "$desc"; else bad "$desc (exit $rc, want $want)"; fi
}
json() {
	if "$JC" < "$T/out"; then ok "$1: valid JSON"; else bad "$1: invalid JSON"; fi
}
# num KEY: first "KEY":number of the JSON in $T/out
num() {
	sed -n "s/.*\"$1\":\([0-9][0-9]*\).*/\1/p" "$T/out" | head -n 1
}
eq() {
	if [ -n "$2" ] && [ "$2" = "$3" ]; then ok "$1 ($2)"; else bad "$1: '$2' != '$3'"; fi
}

# Live memory.  A count of free pages (or of pages a filter selects) taken
# by one walk cannot equal one taken by another walk a moment later: the
# CLI processes themselves allocate and free.  So the count under test is
# read between two reads of the set of such pfns, A and B (buddy_set: the
# kernel-filtered scan; KPF_BUDDY is set exactly on the pages pagesnap
# reports free).  A pfn that changes at most once in that window is, when
# counted, as in A or as in B, so the count lies in [|A & B|, |A | B|]:
# the bound is the pfns that moved, measured.  A pfn changing twice in
# the window can break that, so a bracket is retried up to 5 times; a
# real disagreement fails every try.
buddy_set() {
	"$CLI" scan --bits buddy --ranges "$1" 2>/dev/null > "$2"
}
# set_sizes A B: "|A & B| |A | B|" of two --ranges listings (hex start,
# hex count, in pfn order, disjoint runs)
set_sizes() {
	awk 'function hex(s,  i, v) { v = 0; s = tolower(s)
		for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return v }
	FNR == 1 { f++; next }
	NF >= 2 { st = hex($1); n = hex($2)
		if (f == 1) { na++; as[na] = st; ae[na] = st + n; ta += n }
		else { nb++; bs[nb] = st; be[nb] = st + n; tb += n } }
	END { i = j = 1
		while (i <= na && j <= nb) {
			lo = as[i] > bs[j] ? as[i] : bs[j]
			hi = ae[i] < be[j] ? ae[i] : be[j]
			if (hi > lo) both += hi - lo
			if (ae[i] < be[j]) i++; else j++
		}
		print both + 0, ta + tb - both }' "$1" "$2"
}
# bracket DESC RANGE CMD: CMD prints counts (one per line) for the range
bracket() {
	desc=$1 range=$2 cmd=$3
	for try in 1 2 3 4 5; do
		buddy_set "$range" "$T/setA"
		counts=$(eval "$cmd")
		buddy_set "$range" "$T/setB"
		set -- $(set_sizes "$T/setA" "$T/setB")
		lo=$1 hi=$2
		out=0
		for c in $counts; do
			[ "$c" -ge "$lo" ] && [ "$c" -le "$hi" ] || out=1
		done
		echo "NOTE: $desc try $try:" $counts "bracket [$lo, $hi]"
		[ -n "$counts" ] && [ "$out" = 0 ] && { ok "$desc"; return; }
	done
	bad "$desc:" $counts "outside [$lo, $hi] in 5 tries"
}

# --- info -------------------------------------------------------------
run 0 "info" info
run 0 "-j info" -j info
json "info"
pfn_start=$(num pfn_start)
pfn_end=$(num pfn_end)
psize=$(num page_size)
[ -n "$pfn_end" ] && [ "$pfn_end" -gt 0 ] && ok "pfn_end $pfn_end" || bad "no pfn_end"

# --- describe -----------------------------------------------------------
if [ "$LIVE_ONLY" != 1 ]; then
run 0 "describe" describe 0x1828
grep -q "uptodate,lru,mmap,anon" "$T/out" && ok "describe names" || bad "describe names"
fi

# --- pfn ----------------------------------------------------------------
if [ "$LIVE_ONLY" != 1 ]; then
run 0 "pfn detail" pfn 0x1000
grep -q '^snapshot' "$T/out" && ok "pfn detail has snapshot line" || bad "pfn detail"
run 0 "-j pfn" -j pfn 0x1000
json "pfn"
eq "pfn JSON names the pfn asked for" "$(num pfn)" 4096
run 1 "pfn beyond the end" -j pfn "$pfn_end"
json "pfn error"
grep -q '"error"' "$T/out" && ok "error object" || bad "no error object"
run 0 "pfn range, each page" pfn 0x1000+16
eq "16 pages listed" "$(($(wc -l < "$T/out") - 1))" 16
run 0 "-j pfn range --ranges" -j pfn 0x1000,0x9000 --ranges
json "pfn ranges"
sum=$(tr '{' '\n' < "$T/out" | sed -n 's/.*"count":\([0-9]*\).*/\1/p' | awk '{s += $1} END {print s}')
eq "runs cover the range" "$sum" $((0x8000))
run 0 "-j pfn --detail" -j pfn 0x1000+4 --detail
json "pfn detail range"
fi

# --- stats --------------------------------------------------------------
if [ "$LIVE_ONLY" != 1 ]; then
	run 0 "stats" stats
	grep -q "total" "$T/out" && ok "stats total line" || bad "stats total"
fi
run 0 "-j stats" -j stats
json "stats"
total=$(num total_pages)
eq "stats covers every pfn" "$total" $((pfn_end - pfn_start))
f=$(num faithful); u=$(num unfaithful); h=$(num holes)
eq "faithful + unfaithful + holes = total" $((f + u + h)) "$total"
[ "$u" = 0 ] && ok "no unfaithful snapshot in an idle guest" || echo "NOTE: $u unfaithful snapshots"
# the in-kernel stats (default) against the same summary from a full scan
export PAGESNAP_CLI_STATS=scan
run 0 "-j stats, scan path" -j stats
unset PAGESNAP_CLI_STATS
json "stats scan path"
eq "scan path: same total" "$(num total_pages)" "$total"
eq "scan path: same holes" "$(num holes)" "$h"
eq "scan path: same online pages" $(($(num faithful) + $(num unfaithful))) $((f + u))
# free pages: the in-kernel count and the scan path's, bracketed
free_counts() {
	"$CLI" -j stats > "$T/out" 2>/dev/null && num free_pages
	PAGESNAP_CLI_STATS=scan "$CLI" -j stats > "$T/out" 2>/dev/null && num free_pages
}
bracket "free pages: in-kernel and scan path within the moved pfns" \
	"$pfn_start,$pfn_end" free_counts
# The same on a range that starts and ends inside free blocks (order >= 4,
# at most 0x8000 pfns apart), with a third count: the free pages
# /proc/kpageflags reports (KPF_BUDDY, bit 10, on every page of a free
# block), bracketed the same way.
heads=$("$CLI" scan --bits buddy --columns pfn,buddy 0x10000,0x70000 2>/dev/null |
	awk '$2 ~ /^[0-9]+$/ && $2 >= 4 { print $1 }')
h1=$(echo "$heads" | sed -n 1p)
h2=
for hd in $heads; do
	[ $((0x$hd)) -gt $((0x$h1)) ] && [ $((0x$hd)) -lt $((0x$h1 + 0x8000)) ] && h2=$hd
done
if [ -n "$h1" ] && [ -n "$h2" ]; then
	ustart=$((0x$h1 + 3)) uend=$((0x$h2 + 5))
	URANGE=$(printf '0x%x,0x%x' $ustart $uend)
	free_counts_u() {
		"$CLI" -j stats "$URANGE" > "$T/out" 2>/dev/null && num free_pages
		PAGESNAP_CLI_STATS=scan "$CLI" -j stats "$URANGE" > "$T/out" 2>/dev/null && num free_pages
		dd if=/proc/kpageflags bs=8 skip=$ustart count=$((uend - ustart)) 2>/dev/null |
			od -A n -v -t x8 | tr -s ' ' '\n' | awk 'NF {
				v = index("0123456789abcdef", substr($1, length($1) - 2, 1)) - 1
				n += int(v / 4) % 2 } END { print n + 0 }'
	}
	echo "NOTE: range inside free blocks at both ends: $URANGE (counts: in-kernel, scan path, /proc/kpageflags)"
	bracket "free pages of a range ending inside free blocks: in-kernel, scan path and /proc/kpageflags" \
		"$URANGE" free_counts_u
else
	skp "free pages of a range ending inside free blocks: no two free blocks of order >= 4 within 0x8000 pfns in 0x10000-0x70000"
fi
if [ "$LIVE_ONLY" != 1 ]; then
run 0 "-j stats --bits nopage" -j stats --bits nopage
eq "holes counted the same by the filter" "$(num total_pages)" "$h"
run 0 "-j scan --bits nopage" -j scan --bits nopage --columns pfn
eq "scan with kernel filter matches stats" "$(num matched)" "$h"
fi

# --- the same pfns through /proc/kpageflags (first MiB: stable pages) -----
if [ -r /proc/kpageflags ]; then
	# read proc, CLI, proc: a pfn agrees when the CLI equals either read
	kpf256() {
		dd if=/proc/kpageflags bs=8 count=256 2>/dev/null | od -A n -v -t x8 |
			tr -s ' ' '\n' | sed '/^$/d; s/^0*//; s/^$/0/'
	}
	kpf256 > "$T/proc1.kpf"
	"$CLI" scan --raw --columns pfn,kpf ,0x100 2>/dev/null | awk 'NR > 1 {print $2}' > "$T/cli.kpf"
	kpf256 > "$T/proc2.kpf"
	n=$(wc -l < "$T/proc1.kpf")
	d=$(paste "$T/cli.kpf" "$T/proc1.kpf" "$T/proc2.kpf" | awk '$1 != $2 && $1 != $3' | wc -l)
	if [ "$n" -eq 256 ] && [ "$(wc -l < "$T/cli.kpf")" -eq 256 ] && [ "$d" -eq 0 ]; then
		ok "pfns 0-0xff: flags equal to /proc/kpageflags"
	else
		bad "pfns 0-0xff: $d of $n differ from /proc/kpageflags"
		paste "$T/cli.kpf" "$T/proc1.kpf" "$T/proc2.kpf" | awk '$1 != $2 && $1 != $3' | head -5
	fi
else
	skp "no /proc/kpageflags"
fi

# --- scan ---------------------------------------------------------------
if [ "$LIVE_ONLY" != 1 ]; then
run 0 "scan --bits buddy" scan --bits buddy --columns pfn,order,buddy,zone ,0x10000
run 0 "-j scan --bits lru,~anon" -j scan --bits lru,~anon --columns pfn,names,mapping,dev,ino,offset ,0x100000
json "scan"
if grep -q '"mapping":"anon"' "$T/out"; then bad "lru,~anon returned anon pages"; else ok "lru,~anon excludes anon"; fi
# kernel filter vs userspace filter: same answer
fi
user_buddy() {
	"$CLI" scan --columns pfn,flags 0x1000,0x11000 2>/dev/null |
		awk -F'\t' 'NR > 1 && substr($2, 11, 1) == "B"' | wc -l
}
bracket "userspace-filtered buddy count within the kernel-filtered sets" \
	0x1000,0x11000 user_buddy
[ "$LIVE_ONLY" = 1 ] || run 0 "scan --cgroup" scan --cgroup @1 --columns pfn,memcg ,0x1000

# --- file ---------------------------------------------------------------
if [ "$LIVE_ONLY" != 1 ]; then
dd if=/dev/zero of="$T/f" bs=4096 count=20 2>/dev/null
ino=$(ls -i "$T/f" | awk '{print $1}')
run 0 "file" file "$T/f"
run 0 "-j file" -j file "$T/f"
json "file"
eq "20 cached pages" "$(num cached_pages)" 20
inos=$(tr '{' '\n' < "$T/out" | sed -n 's/.*"ino":\([0-9]*\).*/\1/p' | sort -u | tr '\n' ' ')
eq "driver's inode = stat's inode" "$inos" "$ino "
run 0 "file tree --ranges" file "$T" --ranges -N
fi

# --- addr ---------------------------------------------------------------
if [ "$LIVE_ONLY" != 1 ]; then
run 0 "addr whole process" addr $$
run 0 "-j addr" -j addr $$
json "addr"
[ "$(num present)" -gt 0 ] && ok "addr finds present pages" || bad "addr: no present page"
start=$(sed -n '1s/-.*//p' /proc/$$/maps)
run 0 "-j addr range" -j addr $$ "0x$start+0x2000"
json "addr range"
eq "two pages reported" $(( $(num present) + $(num swapped) + $(num not_mapped) )) 2
fi

# --- cache --------------------------------------------------------------
if [ "$LIVE_ONLY" != 1 ]; then
run 0 "cache" cache --top 5
run 0 "-j cache" -j cache --top 0
json "cache"
grep -q "\"path\":\"$T/f\"" "$T/out" && ok "cache resolves the test file's path" || bad "cache: test file missing"
fi

# --- actions --------------------------------------------------------------
if [ "$LIVE_ONLY" != 1 ]; then
if [ -e /sys/kernel/mm/page_idle/bitmap ]; then
	run 0 "idle mark" idle mark 0x1000+64
else
	run 1 "idle mark without page_idle" idle mark 0x1000+64
	grep -q "not available" "$T/err" && ok "idle: clear error" || bad "idle error text"
fi
if [ -e /sys/kernel/debug/hwpoison/corrupt-pfn ]; then
	# a free page of this throw-away guest: poison it, see it, unpoison it
	pfn=$("$CLI" scan --bits buddy --columns pfn 0x10000,0x20000 2>/dev/null | sed -n 2p)
	run 0 "hwpoison inject (free page 0x$pfn)" hwpoison inject "0x$pfn" --bits buddy
	run 0 "pfn after inject" -j pfn "0x$pfn"
	grep -q '"hwpoison"' "$T/out" && ok "page shows hwpoison" || bad "no hwpoison flag"
	run 0 "hwpoison unpoison" hwpoison unpoison "0x$pfn"
	run 0 "pfn after unpoison" -j pfn "0x$pfn"
	grep -q '"hwpoison"' "$T/out" && bad "still hwpoison" || ok "hwpoison flag gone"
else
	run 1 "hwpoison without injector" hwpoison inject 0x1000
	grep -q "CONFIG_HWPOISON_INJECT" "$T/err" && ok "hwpoison: clear error" || bad "hwpoison error text"
fi
fi

# --- memory: a full streaming scan stays small ----------------------------
if [ "$LIVE_ONLY" != 1 ]; then
if time -v true > /dev/null 2>&1; then
	time -v "$CLI" stats > /dev/null 2> "$T/time"
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$T/time")
	echo "NOTE: peak RSS of 'stats' over $total pfns: ${rss} KiB"
	[ -n "$rss" ] && [ "$rss" -lt 16384 ] && ok "peak RSS ${rss} KiB < 16 MiB" || bad "peak RSS ${rss} KiB"
else
	skp "busybox time -v unavailable: RSS not measured"
fi
fi

rm -rf "$T"
echo "guest-cli: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
