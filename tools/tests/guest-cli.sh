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
# set_sizes A B: "|A & B| |A | B|" of two --ranges listings (0x hex
# start, decimal count, in pfn order, disjoint runs)
set_sizes() {
	awk 'function hex(s,  i, v) { v = 0; s = tolower(s); sub(/^0x/, "", s)
		for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return v }
	FNR == 1 { f++; next }
	NF >= 2 { st = hex($1); n = $2 + 0
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
run 0 "-j stats --walk, scan path" -j stats --walk
json "stats scan path"
eq "scan path: same total" "$(num total_pages)" "$total"
eq "scan path: same holes" "$(num holes)" "$h"
eq "scan path: same online pages" $(($(num faithful) + $(num unfaithful))) $((f + u))
# free pages: the in-kernel count and the scan path's, bracketed
free_counts() {
	"$CLI" -j stats > "$T/out" 2>/dev/null && num free_pages
	"$CLI" -j stats --walk > "$T/out" 2>/dev/null && num free_pages
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
		"$CLI" -j stats --walk "$URANGE" > "$T/out" 2>/dev/null && num free_pages
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
# issue 14.6: the mapping table adds up to the online pages (an "other" row)
for how in "" --walk; do
	"$CLI" -j stats $how > "$T/out" 2> "$T/err"
	m=$(sed 's/.*"mappings":{\([^}]*\)}.*/\1/' "$T/out" | tr ',' '\n' | sed 's/.*://' | awk '{s += $1} END {print s}')
	eq "stats $how: mapping rows add up to the online pages" "$m" $(($(num faithful) + $(num unfaithful)))
done
if [ "$LIVE_ONLY" != 1 ]; then
"$CLI" stats > "$T/out" 2> "$T/err"
grep -q '^order  ' "$T/out" && ok "free blocks table has an order header" || bad "no order header"
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
# the test's own page cache, which record, cache and metrics look for too
dd if=/dev/zero of="$T/f" bs=4096 count=20 2>/dev/null
ino=$(ls -i "$T/f" | awk '{print $1}')
if [ "$LIVE_ONLY" != 1 ]; then
run 0 "file" file "$T/f"
run 0 "-j file" -j file "$T/f"
json "file"
eq "20 cached pages" "$(num cached_pages)" 20
inos=$(tr '{' '\n' < "$T/out" | sed -n 's/.*"ino":\([0-9]*\).*/\1/p' | sort -u | tr '\n' ' ')
eq "driver's inode = stat's inode" "$inos" "$ino "
run 0 "file tree --ranges" file "$T" --ranges -N
head -n 1 "$T/out" | grep -q '^file_index	pfn	pages	flags$' && ok "file --ranges header names pfn" || bad "file --ranges header"
run 0 "file listing" file "$T/f"
head -n 1 "$T/out" | grep -q '^file_index	pfn	flags$' && ok "file header: file_index, pfn (issue 14.7)" || bad "file header"
sed -n 3p "$T/out" | grep -q '^0	0x[0-9a-f]*	' && ok "file listing: decimal index, 0x pfn" || bad "file listing format"
fi

# --- addr ---------------------------------------------------------------
if [ "$LIVE_ONLY" != 1 ]; then
run 0 "addr whole process" addr $$
run 0 "-j addr" -j addr $$
json "addr"
[ "$(num present)" -gt 0 ] && ok "addr finds present pages" || bad "addr: no present page"
head -n 1 "$T/out" > "$T/h"
run 0 "addr text" addr $$
head -n 1 "$T/out" | grep -q '^vaddr	state	pfn	flags	vma$' && ok "addr header has a vma column" || bad "addr header"
grep -q '	\[stack\]$' "$T/out" && ok "addr names the [stack] VMA (issue 14 'names')" || bad "no [stack] VMA in addr output"
run 0 "-j addr vma" -j addr $$
grep -q '"vma":"\[stack\]"' "$T/out" && ok "addr JSON has vma" || bad "addr JSON vma"
run 0 "addr --ranges" addr $$ --ranges -N
head -n 1 "$T/out" | grep -q '^vaddr	pfn	pages	flags$' && ok "addr --ranges header (issue 14.7)" || bad "addr --ranges header"
sed -n 2p "$T/out" | grep -q '^0x[0-9a-f]*	0x[0-9a-f]*	[0-9]*	' && ok "addr --ranges: 0x hex addresses, decimal pages" || bad "addr --ranges format"
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
run 0 "stats --by file" stats --by file --top 0
grep -q "^$T/f	20	" "$T/out" && ok "stats --by file names the test file, 20 pages" || bad "stats --by file: no '$T/f	20'"
fi

# --- record and replay ----------------------------------------------------
# The test file's pages (controlled): the recorded entry of each equals a
# live read just before or just after the recording (a page may leave the
# LRU-add batch in between, nothing else moves them).  Whole-machine
# counts: exact for what cannot move (pfns, holes); free pages move with
# every allocation, so a recording's count is judged against live counts
# taken just before and just after it: it must lie between them in one of
# up to 5 rounds (a round whose count left that bracket saw the allocator
# move twice).
fpfns=$("$CLI" file -N "$T/f" 2>/dev/null | awk '$1 ~ /^[0-9]+$/ && NF == 3 {sub(/^0x/, "", $2); print $2}')
for p in $fpfns; do "$CLI" -j pfn "0x$p" > "$T/before.$p" 2>/dev/null; done
"$CLI" scan --raw --columns pfn,kpf,order,type ,0x100 > "$T/low.before" 2>/dev/null
run 0 "record" -j record -o "$T/snap"
json "record"
for p in $fpfns; do "$CLI" -j pfn "0x$p" > "$T/after.$p" 2>/dev/null; done
"$CLI" scan --raw --columns pfn,kpf,order,type ,0x100 > "$T/low.after" 2>/dev/null
echo "NOTE: record of $(num pfns) pfns: $(num bytes) bytes, $(sed -n 's/.*"seconds":\([0-9.]*\).*/\1/p' "$T/out") s"
[ -s "$T/snap" ] && [ "$(num bytes)" = "$(wc -c < "$T/snap")" ] && ok "record reports the file's size" || bad "record size"
n=0; d=0
for p in $fpfns; do
	"$CLI" -j --input "$T/snap" pfn "0x$p" > "$T/replay.$p" 2>/dev/null
	n=$((n + 1))
	if ! cmp -s "$T/replay.$p" "$T/before.$p" && ! cmp -s "$T/replay.$p" "$T/after.$p"; then
		d=$((d + 1)); echo "  pfn 0x$p: $(head -c 300 "$T/replay.$p")"; echo "  live: $(head -c 300 "$T/after.$p")"
	fi
done
[ "$n" -eq 20 ] && [ "$d" -eq 0 ] && ok "replay of the test file's $n pages: as live" || bad "replay: $d of $n pages differ"
"$CLI" --input "$T/snap" scan --raw --columns pfn,kpf,order,type ,0x100 > "$T/low.replay" 2>/dev/null
if [ "$(wc -l < "$T/low.replay")" -eq 257 ] &&
   { cmp -s "$T/low.replay" "$T/low.before" || cmp -s "$T/low.replay" "$T/low.after"; }; then
	ok "replay of pfns 0-0xff: as live ($(wc -l < "$T/low.replay") lines)"
else
	bad "replay of pfns 0-0xff differs"; diff "$T/low.replay" "$T/low.after" | head -5
fi
run 0 "-j stats --input" -j --input "$T/snap" stats
json "stats --input"
rt=$(num total_pages); rh=$(num holes); rf=$(num free_pages)
"$CLI" -j stats > "$T/out" 2>/dev/null
eq "replayed stats: total pages" "$rt" "$(num total_pages)"
eq "replayed stats: holes" "$rh" "$(num holes)"
inside=0
for round in 1 2 3 4 5; do
	"$CLI" -j stats > "$T/out" 2>/dev/null; l1=$(num free_pages)
	"$CLI" -j record -o "$T/snap.r" > /dev/null 2>&1
	"$CLI" -j stats > "$T/out" 2>/dev/null; l2=$(num free_pages)
	"$CLI" -j --input "$T/snap.r" stats > "$T/out" 2>/dev/null; r=$(num free_pages)
	lo=$((l1 < l2 ? l1 : l2)); hi=$((l1 < l2 ? l2 : l1))
	[ -n "$r" ] && [ "$r" -ge "$lo" ] && [ "$r" -le "$hi" ] && { inside=$round; break; }
	echo "  round $round: live $l1 .. $l2, recorded $r"
done
[ "$inside" -gt 0 ] && ok "recorded free pages between the live counts around it (round $inside: $l1 .. $l2, $r)" || bad "recorded free pages outside the live counts in 5 rounds"
run 0 "-j cache --input" -j --input "$T/snap" cache --top 0
json "cache --input"
grep -q "\"path\":\"$T/f\"" "$T/out" && ok "replayed cache names the test file" || bad "replayed cache: test file missing"
run 0 "-j info --input" -j --input "$T/snap" info
eq "replayed info: pfn_end" "$(num pfn_end)" "$pfn_end"
grep -q "\"kernel\":\"$(uname -r)\"" "$T/out" && ok "replayed info: kernel release" || bad "replayed info: kernel"
run 1 "record into a missing directory" record -o /nonexistent/dir/snap
grep -q "cannot create '/nonexistent/dir/snap'" "$T/err" && ok "record: the file it cannot create is named" || bad "record error text"
run 1 "record past the last pfn" record "$pfn_end," -o "$T/past"
[ ! -e "$T/past" ] && ok "record past the end leaves no file" || bad "record past the end left a file"
run 0 "record a range" -j record 0x1000+0x800 -o "$T/part"
run 1 "a pfn outside a partial snapshot" --input "$T/part" pfn 0x100
grep -q "outside the pfns the snapshot holds" "$T/err" && ok "partial snapshot: clear error" || bad "partial snapshot error"
run 0 "a pfn inside a partial snapshot" --input "$T/part" pfn 0x1400
ls "$T" | grep -q 'tmp' && bad "record left a temporary: $(ls "$T" | grep tmp)" || ok "record leaves no temporary"
rm -f "$T/part"
head -c 2000 "$T/snap" > "$T/snap.cut"
run 1 "a truncated snapshot" --input "$T/snap.cut" stats
grep -q "truncated" "$T/err" && ok "truncation explained" || bad "truncation message"

# --- metrics ----------------------------------------------------------------
# pval FILE SERIES: the value of one exact series line
pval() { awk -v s="$2" 'index($0, s " ") == 1 {print $NF}' "$1"; }
run 0 "metrics (live)" metrics --top 0
cp "$T/out" "$T/live.prom"
eq "live metrics: kinds add up to every pfn" "$(awk '/^pagesnap_pages\{/ {s += $NF} END {print s}' "$T/live.prom")" "$total"
eq "live metrics: holes as stats" "$(pval "$T/live.prom" 'pagesnap_pages{kind="hole"}')" "$h"
grep -q "^pagesnap_file_page_cache_bytes{.*path=\"$T/f\"} $((20 * psize))\$" "$T/live.prom" &&
	ok "live metrics: the test file's 20 pages, by path" || bad "live metrics: test file series"
run 0 "metrics -o (live)" metrics -o "$T/m.prom"
[ -s "$T/m.prom" ] && [ "$(ls "$T" | grep -c 'm.prom.tmp')" -eq 0 ] && ok "metrics -o: file in place, no temporary" || bad "metrics -o"
run 0 "metrics --input" --input "$T/snap" metrics
eq "replayed metrics: free pages as replayed stats" "$(pval "$T/out" 'pagesnap_pages{kind="free"}')" "$rf"
grep -q 'source="file"' "$T/out" && ok "replayed metrics say source=file" || bad "replayed metrics source"

# --- diff and watch ---------------------------------------------------------
# A file the test creates after the recording: 256 new page-cache pages,
# exactly, in the diff against live and against a second recording.
dd if=/dev/zero of="$T/g" bs=4096 count=256 2>/dev/null
run 0 "-j diff snapshot live" -j diff "$T/snap" live
json "diff live"
grep -q "{\"file\":\"$T/g\",\"a\":0,\"b\":256,\"delta\":256}" "$T/out" &&
	ok "diff against live: the new file's 256 pages" || bad "diff live: no row for $T/g"
[ "$(num changed)" -ge 256 ] && ok "diff against live: $(num changed) pages changed" || bad "diff live: changed $(num changed)"
run 0 "record a second snapshot" record -o "$T/snap2"
run 0 "-j diff two snapshots" -j diff "$T/snap" "$T/snap2"
json "diff files"
grep -q "{\"file\":\"$T/g\",\"a\":0,\"b\":256,\"delta\":256}" "$T/out" &&
	ok "diff of two recordings: the new file's 256 pages" || bad "diff files: no row for $T/g"
run 0 "diff text" diff --top 5 "$T/snap" "$T/snap2"
grep -q "changed state" "$T/out" && ok "diff text summary" || bad "diff text"
sed 's/^/NOTE: diff: /' "$T/out"
run 0 "watch -i 0.5 3" watch -i 0.5 3
eq "watch: a header and 3 lines" "$(wc -l < "$T/out")" 4
awk 'NR == 3 {exit !($1 ~ /^[-+][0-9]+$/)}' "$T/out" && ok "watch: later lines are signed changes" || bad "watch line 3: $(sed -n 3p "$T/out")"
rm -f "$T/g" "$T/snap2"

# --- map ----------------------------------------------------------------------
# Regions the test makes (a THP, a hugetlb page, the test file's pages)
# and a hole must have their kind's colour at their pixel of the PNG,
# decoded with libpng (png-pixel).  Colours: cmd_map.c's palette.
RGB_THP="150 0 110"; RGB_HUGETLB="140 90 255"; RGB_HOLE="24 24 24"
RGB_FILE="38 110 230"; RGB_SHMEM="0 200 200"
# pixel PNGJSON PFN: "X Y" of the centre of PFN's cell, from map -j
pixel() {
	s0=$(sed -n 's/.*"start_pfn":\([0-9]*\).*/\1/p' "$1"); sc=$(sed -n 's/.*"pfns_per_cell":\([0-9]*\).*/\1/p' "$1")
	co=$(sed -n 's/.*"cells_per_row":\([0-9]*\).*/\1/p' "$1"); z=$(sed -n 's/.*"cell_pixels":\([0-9]*\).*/\1/p' "$1")
	l=$(sed -n 's/.*"left":\([0-9]*\).*/\1/p' "$1"); t=$(sed -n 's/.*"top":\([0-9]*\).*/\1/p' "$1")
	i=$(( ($2 - s0) / sc ))
	echo "$(( l + (i % co) * z + z / 2 )) $(( t + (i / co) * z + z / 2 ))"
}
# at PNGJSON PNG PFN WANT DESC
at() {
	got=$(png-pixel "$2" $(pixel "$1" "$3") 2>&1)
	if [ "$got" = "$4" ]; then ok "$5 (pfn 0x$(printf %x "$3")): $4"; else bad "$5 (pfn $3): got '$got', want '$4'"; fi
}
old_hp=$(cat /proc/sys/vm/nr_hugepages 2>/dev/null)
[ -w /proc/sys/vm/nr_hugepages ] && echo 2 > /proc/sys/vm/nr_hugepages
map-regions < /dev/null > "$T/regions" 2>&1 &
rp=$!
for i in 1 2 3 4 5 6 7 8 9 10; do grep -q ready "$T/regions" && break; sleep 1; done
thp=$(awk '$1 == "thp" && $2 != "none" {print $2}' "$T/regions")
htlb=$(awk '$1 == "hugetlb" && $2 != "none" {print $2}' "$T/regions")
hole=$("$CLI" scan --bits nopage --columns pfn 2>/dev/null | sed -n 2p)
run 0 "-j map -o (whole machine)" -j map -o "$T/map.png"
json "map"
cp "$T/out" "$T/map.json"
eq "map: PNG size as reported" "$(png-pixel "$T/map.png")" "$(num width)x$(num height)"
echo "NOTE: map $(num width)x$(num height), $(num pfns_per_cell) pfns per cell, $(wc -c < "$T/map.png") bytes"
if [ -n "$thp" ]; then at "$T/map.json" "$T/map.png" $((0x$thp + 100)) "$RGB_THP" "map: the THP"
else skp "map: no THP ($(grep thp "$T/regions"))"; fi
if [ -n "$htlb" ]; then at "$T/map.json" "$T/map.png" $((0x$htlb + 100)) "$RGB_HUGETLB" "map: the hugetlb page"
else skp "map: no hugetlb page ($(grep hugetlb "$T/regions"); nr_hugepages '$old_hp')"; fi
if [ -n "$hole" ]; then
	# the middle of the first run of holes, where a cell is holes only
	hl=$("$CLI" pfn "0x$hole,$pfn_end" --ranges 2>/dev/null | awk 'NR == 2 {print $2}')
	at "$T/map.json" "$T/map.png" $((0x$hole + hl / 2)) "$RGB_HOLE" "map: a hole"
else skp "map: no hole in this guest"; fi
# a page of the test file, on a map of 512 pfns around it (1 pfn per cell)
fp=$(echo "$fpfns" | head -n 1)
if [ -n "$fp" ] && [ $((0x$fp)) -ge 256 ]; then
	run 0 "-j map of 512 pfns" -j map $((0x$fp - 256))+512 -o "$T/map2.png"
	cp "$T/out" "$T/map2.json"
	eq "small map: 1 pfn per cell" "$(num pfns_per_cell)" 1
	if "$CLI" -j pfn "0x$fp" 2>/dev/null | grep -q '"swapbacked"'; then want=$RGB_SHMEM; else want=$RGB_FILE; fi
	at "$T/map2.json" "$T/map2.png" $((0x$fp)) "$want" "map: a page of the test file"
fi
run 0 "map on a non-terminal: letters" map --no-color 0x0+0x8000
grep -q '^ *[0-9a-f]* [ 0-9+aTfsSpHro]*$' "$T/out" && ok "map text rows" || bad "map text rows"
if [ "${PAGESNAP_G_MAP_EXPORT:-0}" = 1 ] && command -v base64 > /dev/null; then
	echo "PAGESNAP-MAP-PNG-BEGIN"; base64 "$T/map.png"; echo "PAGESNAP-MAP-PNG-END"
	echo "PAGESNAP-SNAP-BEGIN"; base64 "$T/snap"; echo "PAGESNAP-SNAP-END"
fi
kill "$rp" 2>/dev/null; wait "$rp" 2>/dev/null
[ -n "$old_hp" ] && [ -w /proc/sys/vm/nr_hugepages ] && echo "$old_hp" > /proc/sys/vm/nr_hugepages

if [ "$LIVE_ONLY" != 1 ]; then
# --- memcg names (issue 14.2/14.3) ------------------------------------------
CG=/sys/fs/cgroup
if ! grep -q " $CG cgroup2 " /proc/mounts; then
	mkdir -p $CG && mount -t cgroup2 none $CG 2>/dev/null
fi
if grep -q " $CG cgroup2 " /proc/mounts && grep -qw memory $CG/cgroup.controllers; then
	echo +memory > $CG/cgroup.subtree_control
	mkdir -p $CG/pstest
	sh -c "echo \$\$ > $CG/pstest/cgroup.procs; dd if=/dev/zero of=$T/cg bs=4096 count=64 2>/dev/null"
	run 0 "-j file charged to /pstest" -j file "$T/cg"
	n=$(grep -o '"memcg":"/pstest"' "$T/out" | wc -l)
	eq "file pages show memcg /pstest" "$n" 64
	run 0 "--cgroup DIR" -j scan --cgroup $CG/pstest --columns pfn,memcg
	[ "$(num matched)" -ge 64 ] && ok "--cgroup $CG/pstest finds its pages ($(num matched))" || bad "--cgroup: $(num matched) pages"
	run 0 "stats --by memcg" stats --by memcg --top 0
	grep -q '^/pstest	' "$T/out" && ok "stats --by memcg shows /pstest" || bad "stats --by memcg"
	grep -q '^/	' "$T/out" && ok "stats --by memcg shows the root as /" || bad "no / row"
	run 2 "--cgroup /tmp refused" stats --cgroup /tmp
	grep -q "not on a cgroup filesystem" "$T/err" && ok "--cgroup /tmp explained" || bad "--cgroup /tmp message"
	# --input: the path names a memcg of the recording, not of this machine
	run 0 "record with /pstest" record -o "$T/cg.snap"
	rmdir $CG/pstest 2>/dev/null
	for w in $CG/pstest /pstest pstest; do
		run 0 "--input --cgroup $w" -j --input "$T/cg.snap" scan --cgroup "$w" --columns pfn,memcg
		[ "$(num matched)" -ge 64 ] && ok "--input --cgroup $w: the recording's /pstest ($(num matched))" ||
			bad "--input --cgroup $w: $(num matched) pages"
	done
	run 2 "--input --cgroup of no recorded memcg" --input "$T/cg.snap" stats --cgroup /nosuch
	grep -q "not a memory cgroup of the recording" "$T/err" && ok "--input --cgroup /nosuch explained" || bad "--input --cgroup /nosuch message"
	rm -f "$T/cg" "$T/cg.snap"
	rmdir $CG/pstest 2>/dev/null
else
	skp "no cgroup2 with the memory controller: memcg names untested"
fi

# --- --page-types: byte for byte against Linux 6.12's page-types ----------
if command -v page-types > /dev/null && [ -r /proc/kpageflags ]; then
	cat /proc/kpageflags > "$T/kpf"
	ptn=0; ptd=0
	for a in "" "-r" "-N" "-l" "-l -r" "-a 0x1000,0x9000 -L" "-b lru" "-b buddy -l" \
		 "-b lru,~anon" "-r -b slab,~active" "-b =nopage" "-b compound_head,huge=compound_head" \
		 "-b thp -l -r" "-b mmap,anon=mmap -a 0x100," "-b reserved -r" "-a ,0x100000 -b dirty,writeback"; do
		c=$(echo " $a " | sed 's/ -r / --raw /; s/ -N / -N /; s/ -b / --bits /g; s/ -a / /g')
		cmd=stats
		case " $a " in *" -L "*) cmd=scan; c=$(echo "$c" | sed 's/ -L / /') ;; esac
		case " $a " in *" -l "*) c=$(echo "$c" | sed 's/ -l / --ranges /') ;; esac
		# shellcheck disable=SC2086
		page-types -F "$T/kpf" $a > "$T/pt" 2>&1
		# shellcheck disable=SC2086
		"$CLI" --page-types -F "$T/kpf" $cmd $c > "$T/cli" 2>&1
		ptn=$((ptn + 1))
		if cmp -s "$T/pt" "$T/cli"; then :; else
			ptd=$((ptd + 1)); echo "DIFF: page-types -F kpf $a vs pagesnap-cli --page-types -F kpf $cmd $c"
			cmp "$T/pt" "$T/cli" | head -n 2
		fi
	done
	eq "page-types -F and pagesnap-cli --page-types -F identical on $ptn option sets ($(($(wc -c < "$T/kpf") / 8)) pfns)" "$ptd" 0
	# issue 11.4: pagesnap-cli's own -F stats (equal words read as runs)
	# count each flag word as page-types does (not -r: page-types -r
	# moves overloaded bits, pagesnap-cli --raw does not)
	page-types -F "$T/kpf" | awk -F'\t' '$1 ~ /^0x|total/ {split($2, a, " "); print $1, a[1]}' | sort > "$T/pt"
	"$CLI" -F "$T/kpf" stats | awk -F'\t' '$1 ~ /^0x|total/ {split($2, a, " "); print $1, a[1]}' | sort > "$T/cli"
	if [ -s "$T/pt" ] && cmp -s "$T/pt" "$T/cli"; then
		ok "stats -F counts = page-types -F counts ($(wc -l < "$T/pt") flag words)"
	else
		bad "stats -F counts differ from page-types -F"
		diff "$T/pt" "$T/cli" | head -n 4
	fi
	page-types -d 0x1828 > "$T/pt"; "$CLI" --page-types describe 0x1828 > "$T/cli"
	cmp -s "$T/pt" "$T/cli" && ok "--page-types describe = page-types -d" || bad "describe differs"
	rm -f "$T/kpf"
else
	skp "no page-types binary or /proc/kpageflags: guest cmp not run"
fi
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

# --- the README's tour, printed for scripts/update-tour.sh and checked -------
if [ "$LIVE_ONLY" = 1 ]; then
	skp "README tour: not in the live-memory sections (PAGESNAP_G_CLI_LIVE=1)"
elif [ -x /bin/cli-tour.sh ]; then
	echo "===== PAGESNAP-CLI-TOUR BEGIN ====="
	CLI=$CLI /bin/cli-tour.sh
	echo "===== PAGESNAP-CLI-TOUR END ====="
	CLI=$CLI /bin/cli-tour.sh check /cli-tour/README.md
	case $? in
	0) pass=$((pass + 1)) ;;
	3) skip=$((skip + 1)) ;;
	*) fail=$((fail + 1)) ;;
	esac
else
	skp "cli-tour.sh not in the guest"
fi

rm -rf "$T"
echo "guest-cli: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
