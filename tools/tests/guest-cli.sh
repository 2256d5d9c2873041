#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Every pagesnap-cli command against the real driver, inside a QEMU guest
# (busybox sh; needs /bin/pagesnap-cli and /bin/pagesnap-json-check, both
# static: make -C tools static guest-check).  JSON output is validated and
# its numbers are checked against each other and against what the guest
# knows (file inodes, page counts).  Prints "N passed, N failed".

CLI=${CLI:-pagesnap-cli}
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

# --- info -------------------------------------------------------------
run 0 "info" info
run 0 "-j info" -j info
json "info"
pfn_start=$(num pfn_start)
pfn_end=$(num pfn_end)
psize=$(num page_size)
[ -n "$pfn_end" ] && [ "$pfn_end" -gt 0 ] && ok "pfn_end $pfn_end" || bad "no pfn_end"

# --- describe -----------------------------------------------------------
run 0 "describe" describe 0x1828
grep -q "uptodate,lru,mmap,anon" "$T/out" && ok "describe names" || bad "describe names"

# --- pfn ----------------------------------------------------------------
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

# --- stats --------------------------------------------------------------
run 0 "stats" stats
grep -q "total" "$T/out" && ok "stats total line" || bad "stats total"
run 0 "-j stats" -j stats
json "stats"
total=$(num total_pages)
eq "stats covers every pfn" "$total" $((pfn_end - pfn_start))
f=$(num faithful); u=$(num unfaithful); h=$(num holes)
eq "faithful + unfaithful + holes = total" $((f + u + h)) "$total"
[ "$u" = 0 ] && ok "no unfaithful snapshot in an idle guest" || echo "NOTE: $u unfaithful snapshots"
# the in-kernel stats (default) against the same summary from a full scan
fr=$(num free_pages)
run 0 "-j stats --walk, scan path" -j stats --walk
json "stats scan path"
eq "scan path: same total" "$(num total_pages)" "$total"
eq "scan path: same holes" "$(num holes)" "$h"
eq "scan path: same online pages" $(($(num faithful) + $(num unfaithful))) $((f + u))
fs=$(num free_pages)
d=$((fs > fr ? fs - fr : fr - fs))
# free pages move a little even in an idle guest: 1 % of the pfns
[ -n "$fs" ] && [ "$d" -le $((total / 100)) ] &&
	ok "scan path: free pages within 1 % ($fr vs $fs)" ||
	bad "scan path: free pages $fr vs $fs"
# issue 14.6: the mapping table adds up to the online pages (an "other" row)
for how in "" --walk; do
	"$CLI" -j stats $how > "$T/out" 2> "$T/err"
	m=$(sed 's/.*"mappings":{\([^}]*\)}.*/\1/' "$T/out" | tr ',' '\n' | sed 's/.*://' | awk '{s += $1} END {print s}')
	eq "stats $how: mapping rows add up to the online pages" "$m" $(($(num faithful) + $(num unfaithful)))
done
"$CLI" stats > "$T/out" 2> "$T/err"
grep -q '^order  ' "$T/out" && ok "free blocks table has an order header" || bad "no order header"
run 0 "-j stats --bits nopage" -j stats --bits nopage
eq "holes counted the same by the filter" "$(num total_pages)" "$h"
run 0 "-j scan --bits nopage" -j scan --bits nopage --columns pfn
eq "scan with kernel filter matches stats" "$(num matched)" "$h"

# --- the same pfns through /proc/kpageflags (first MiB: stable pages) -----
if [ -r /proc/kpageflags ]; then
	"$CLI" scan --raw --columns pfn,kpf ,0x100 2>/dev/null | awk 'NR > 1 {print $2}' > "$T/cli.kpf"
	dd if=/proc/kpageflags bs=8 count=256 2>/dev/null | od -A n -v -t x8 |
		tr -s ' ' '\n' | sed '/^$/d; s/^0*//; s/^$/0/' > "$T/proc.kpf"
	n=$(wc -l < "$T/proc.kpf")
	d=$(paste "$T/cli.kpf" "$T/proc.kpf" | awk '$1 != $2' | wc -l)
	if [ "$n" -eq 256 ] && [ "$d" -eq 0 ]; then
		ok "pfns 0-0xff: flags equal to /proc/kpageflags"
	else
		bad "pfns 0-0xff: $d of $n differ from /proc/kpageflags"
		paste "$T/cli.kpf" "$T/proc.kpf" | awk '$1 != $2' | head -5
	fi
else
	skp "no /proc/kpageflags"
fi

# --- scan ---------------------------------------------------------------
run 0 "scan --bits buddy" scan --bits buddy --columns pfn,order,buddy,zone ,0x10000
run 0 "-j scan --bits lru,~anon" -j scan --bits lru,~anon --columns pfn,names,mapping,dev,ino,offset ,0x100000
json "scan"
if grep -q '"mapping":"anon"' "$T/out"; then bad "lru,~anon returned anon pages"; else ok "lru,~anon excludes anon"; fi
# kernel filter vs userspace filter: same answer
k=$("$CLI" -j scan --bits buddy --columns pfn 0x1000,0x40000 2>/dev/null | sed -n 's/.*"matched":\([0-9]*\).*/\1/p')
a=$("$CLI" scan --columns pfn,flags 0x1000,0x40000 2>/dev/null | awk -F'\t' 'NR > 1 && substr($2, 11, 1) == "B"' | wc -l)
eq "kernel-filtered buddy pages = userspace count" "$k" "$a"
run 0 "scan --cgroup" scan --cgroup @1 --columns pfn,memcg ,0x1000

# --- file ---------------------------------------------------------------
dd if=/dev/zero of="$T/f" bs=4096 count=20 2>/dev/null
ino=$(ls -i "$T/f" | awk '{print $1}')
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

# --- addr ---------------------------------------------------------------
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

# --- cache --------------------------------------------------------------
run 0 "cache" cache --top 5
run 0 "-j cache" -j cache --top 0
json "cache"
grep -q "\"path\":\"$T/f\"" "$T/out" && ok "cache resolves the test file's path" || bad "cache: test file missing"
run 0 "stats --by file" stats --by file --top 0
grep -q "^$T/f	20	" "$T/out" && ok "stats --by file names the test file, 20 pages" || bad "stats --by file: no '$T/f	20'"

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
	rm -f "$T/cg"
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
	page-types -d 0x1828 > "$T/pt"; "$CLI" --page-types describe 0x1828 > "$T/cli"
	cmp -s "$T/pt" "$T/cli" && ok "--page-types describe = page-types -d" || bad "describe differs"
	rm -f "$T/kpf"
else
	skp "no page-types binary or /proc/kpageflags: guest cmp not run"
fi

# --- actions --------------------------------------------------------------
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

# --- memory: a full streaming scan stays small ----------------------------
if time -v true > /dev/null 2>&1; then
	time -v "$CLI" stats > /dev/null 2> "$T/time"
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$T/time")
	echo "NOTE: peak RSS of 'stats' over $total pfns: ${rss} KiB"
	[ -n "$rss" ] && [ "$rss" -lt 16384 ] && ok "peak RSS ${rss} KiB < 16 MiB" || bad "peak RSS ${rss} KiB"
else
	skp "busybox time -v unavailable: RSS not measured"
fi

# --- the README's tour, printed for scripts/update-tour.sh and checked -------
if [ -x /bin/cli-tour.sh ]; then
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
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
