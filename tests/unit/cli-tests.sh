#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pagesnap-cli without a driver: dispatch, exit codes, error messages and
# JSON that parses back (python3 -m json.tool).
# Prints "N passed, N failed, N skipped".

CLI=${CLI:-$(dirname "$0")/../../tools/pagesnap-cli}
NODEV=/nonexistent/pagesnap
pass=0
fail=0
skip=0
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

ok()   { pass=$((pass + 1)); echo "ok    $*"; }
bad()  { fail=$((fail + 1)); echo "FAIL  $*"; sed 's/^/      out: /' "$out" | head -5; sed 's/^/      err: /' "$err" | head -5; }

# expect RC DESCRIPTION -- ARGS...: run, check the exit status
expect() {
	local rc=$1 desc=$2
	shift 3
	"$CLI" "$@" >"$out" 2>"$err"
	local got=$?
	if [ "$got" -eq "$rc" ]; then ok "$desc"; return 0; fi
	bad "$desc (exit $got, want $rc)"; return 1
}

# grep_in FILE PATTERN DESCRIPTION
has() {
	if grep -q -- "$2" "$1"; then ok "$3"; else bad "$3: no '$2'"; fi
}

json_ok() {
	if python3 -m json.tool "$out" >/dev/null 2>&1; then ok "$1: valid JSON"
	else bad "$1: invalid JSON"; fi
}

# jq-less field check: python3 -c on the JSON in $out
json_is() {
	local expr=$1 want=$2 desc=$3 got
	got=$(python3 -c "import json,sys; d=json.load(open('$out')); print($expr)" 2>&1)
	if [ "$got" = "$want" ]; then ok "$desc"; else bad "$desc: got '$got' want '$want'"; fi
}

[ -x "$CLI" ] || { echo "FAIL  $CLI not built"; echo "0 passed, 1 failed"; exit 1; }

expect 2 "no arguments is a usage error" --
has "$err" "Usage: pagesnap-cli" "usage on stderr"
expect 0 "help" -- help
has "$out" "describe" "help lists commands"
expect 0 "--help" -- --help
expect 0 "version" -- version
expect 0 "-j version" -- -j version
json_ok "version"
json_is "d['abi_version']" "1" "version reports ABI 1"

expect 2 "unknown command" -- bogus
has "$err" "^Error: unknown command 'bogus'" "error names the word"
expect 2 "ambiguous prefix" -- s
has "$err" "ambiguous command 's': could be scan, stats" "ambiguity lists candidates"
expect 0 "unambiguous prefix 'desc'" -- desc lru
expect 2 "unknown option" -- --bogus info
has "$err" "unknown option '--bogus'" "option at fault named"
expect 2 "option missing its argument" -- describe --bits
expect 2 "option not for this command" -- --bits lru info
has "$err" "option '--bits' does not apply to 'info'" "inapplicable option named"

expect 0 "describe 0x1828" -- describe 0x1828
has "$out" "^0x0000000000001828	___U_l_____Ma" "describe: hex and symbolic"
has "$out" "uptodate,lru,mmap,anon$" "describe: long names"
expect 0 "describe by names" -- describe lru,anonymous,compound
has "$out" "^0x0000000000019020" "describe: names, alias and compound"
expect 0 "-j describe" -- -j describe lru,anon
json_ok "describe"
json_is "d['kpf']" "0x1020" "describe JSON kpf"
json_is "','.join(d['flags'])" "lru,anon" "describe JSON names"
expect 0 "-p describe" -- -p describe dirty
json_ok "pretty describe"
has "$out" '^    "kpf": "0x10"' "pretty output is indented"
# issue 14.3: clustered short options are read like getopt reads them
expect 0 "-jp describe" -- -jp describe dirty
has "$out" '^    "kpf": "0x10"' "-jp is indented like -p -j"
expect 0 "-pj describe" -- -pj describe dirty
has "$out" '^    "kpf": "0x10"' "-pj is indented"
expect 2 "-jb SPEC: error is JSON" -- -jb lru=x scan
json_ok "-jb usage error"
expect 0 "-j scan --columns help" -- -j scan --columns help
json_ok "columns help in JSON"
json_is "'pincount' in [c['name'] for c in d['columns']]" "True" "JSON columns list"
expect 2 "describe unknown flag" -- describe lru,nosuch
has "$err" "flags 'lru,nosuch'" "bad flags quoted"
expect 0 "describe list shows every flag" -- describe list
[ "$(grep -c . "$out")" -ge 38 ] && ok "38 flag names listed" || bad "flag list too short"
expect 0 "-j describe list" -- -j describe list
json_ok "describe list"
json_is "len(d['flags'])" "38" "JSON flag list has 38 names"

expect 1 "info without the module" -- --device $NODEV info
has "$err" "^Error: cannot open '$NODEV': pagesnap module not loaded" "module-not-loaded message"
expect 1 "-j info without the module" -- -j --device $NODEV info
json_ok "JSON error"
json_is "d['error'].startswith(\"cannot open '$NODEV'\")" "True" "JSON error object"
[ ! -s "$err" ] && ok "JSON mode: nothing on stderr" || bad "JSON mode wrote stderr"
expect 2 "-j usage error is JSON too" -- -j bogus
json_ok "JSON usage error"
if [ -e /dev/pagesnap ]; then
	skip=$((skip + 1)); echo "SKIP  default device missing on this host: /dev/pagesnap exists here"
else
	expect 1 "default device missing on this host" -- info
fi

for cmd in "pfn 10" "scan" "stats 0,100" "cache" "idle mark 5" "hwpoison inject 5"; do
	# shellcheck disable=SC2086
	expect 1 "$cmd: error without the module" -- -j --device $NODEV $cmd
	json_ok "$cmd error"
done

expect 2 "pfn without argument" -- pfn
expect 2 "pfn bad range" -- pfn 10,5
has "$err" "invalid range '10,5'" "range quoted"
expect 2 "pfn range too large" -- pfn 0xffffffffffffffff+2
has "$err" "does not fit in 64 bits" "overflow explained"
expect 2 "pfn two ranges" -- pfn 1 2
expect 2 "scan bad bit-spec" -- scan --bits lru=anon
has "$err" "invalid bit-spec 'lru=anon'" "bit-spec quoted"
expect 2 "scan bad column" -- --device $NODEV scan --columns pfn,nosuch
has "$err" "unknown column 'nosuch'" "column named"
expect 0 "scan --columns help" -- scan --columns help
has "$out" "refcount" "columns listed"
for c in pincount raw_flags entire_mapcount folio_mapcount memcg_ino file_index; do
	has "$out" "^  $c " "column $c offered (issue 14.7)"
done
expect 2 "cgroup not a directory" -- scan --cgroup /etc/hostname
# issue 14.2: --cgroup takes memory cgroup directories only
expect 2 "--cgroup /tmp refused" -- --device $NODEV scan --cgroup /tmp
has "$err" "cgroup '/tmp' is not on a cgroup filesystem" "non-cgroupfs directory explained"
if [ "$(stat -f -c %T /sys/fs/cgroup 2>/dev/null)" = tmpfs ]; then
	expect 2 "--cgroup on the tmpfs above v1 hierarchies" -- --device $NODEV stats --cgroup /sys/fs/cgroup
else
	skip=$((skip + 1)); echo "SKIP  /sys/fs/cgroup is not a tmpfs here"
fi
nomem=""
for d in /sys/fs/cgroup/cpu /sys/fs/cgroup/pids /sys/fs/cgroup/unified; do
	if [ -d "$d" ] && [ ! -e "$d/memory.stat" ] &&
	   stat -f -c %T "$d" 2>/dev/null | grep -q cgroup; then nomem=$d; break; fi
done
if [ -n "$nomem" ]; then
	expect 2 "--cgroup without the memory controller ($nomem)" -- --device $NODEV stats --cgroup "$nomem"
	has "$err" "has no memory controller" "memory-less cgroup explained"
else
	skip=$((skip + 1)); echo "SKIP  no cgroup directory without memory.stat here"
fi
expect 2 "cgroup bad inode" -- scan --cgroup @x
expect 2 "addr without pid" -- addr
expect 2 "addr pid 0" -- addr 0
expect 2 "addr bad range" -- addr 1 5,1
expect 2 "addr range without end" -- addr 1 0x1000,
has "$err" "has no end" "open-ended address range refused"
expect 1 "addr no such process" -- --device $NODEV addr 2147483647
has "$err" "no such process" "missing process explained"
expect 1 "file missing" -- file /nonexistent/file
expect 1 "file on a device node" -- file /dev/null
expect 2 "idle without command" -- idle
expect 2 "idle mark without range" -- idle mark
expect 2 "hwpoison unknown command" -- hwpoison bogus
has "$err" "unknown hwpoison command 'bogus'" "subcommand named"
expect 2 "--top not a number" -- cache --top x
expect 0 "command help" -- scan help
has "$out" "\-\-bits SPEC" "command help lists its options"
expect 0 "-j command help" -- -j stats help
json_ok "command help"

# --kpageflags: the listing and summary logic on a made-up kpageflags file
kpf=$(mktemp)
python3 - "$kpf" <<'PY'
import struct, sys
# pfn: 0-2 lru, 3-5 buddy, 6 uptodate|lru|mmap|anon, 7 nopage,
#      8 lru|reserved, 9 compound_head|lru (not huge), 10 head|huge
vals = [0x20] * 3 + [0x400] * 3 + [0x1828, 0x100000, (1 << 32) | 0x20,
        0x8020, 0x28000]
open(sys.argv[1], "wb").write(b"".join(struct.pack("<Q", v) for v in vals))
PY
expect 0 "stats from a kpageflags file" -- stats -F "$kpf"
has "$out" "^0x0000000000000020	         5 " "well-known view folds reserved and non-huge compound into lru"
has "$out" "^0x0000000000028000	         1 " "hugetlb head keeps its compound bit"
has "$out" "total	        11 " "total counts every pfn"
expect 0 "stats --raw" -- stats -F "$kpf" --raw
has "$out" "^0x0000000100000020	         1 " "raw view keeps reserved"
expect 0 "-j stats" -- -j stats -F "$kpf"
json_ok "stats from file"
json_is "sum(x['pages'] for x in d['summary'])" "11" "JSON summary adds up"
json_is "d['total_pages']" "11" "JSON total"
expect 0 "scan any-of" -- -j scan -F "$kpf" --bits buddy,nopage
json_is "[p['pfn'] for p in d['pages']]" "[3, 4, 5, 7]" "a,b selects any"
expect 0 "scan negation" -- -j scan -F "$kpf" --bits lru,~anon
json_is "[p['pfn'] for p in d['pages']]" "[0, 1, 2, 8, 9]" "a,~b"
expect 0 "scan a,b=a" -- -j scan -F "$kpf" --bits lru,mmap=lru
json_is "d['matched']" "5" "a,b=a"
expect 0 "scan exact" -- -j scan -F "$kpf" --bits =lru
json_is "[p['pfn'] for p in d['pages']]" "[0, 1, 2, 8, 9]" "=a exact on the well-known view"
expect 0 "scan exact raw" -- -j scan -F "$kpf" --raw --bits =lru
json_is "[p['pfn'] for p in d['pages']]" "[0, 1, 2]" "=a exact on the raw view"
expect 0 "scan two specs AND" -- -j scan -F "$kpf" --bits lru --bits mmap
json_is "[p['pfn'] for p in d['pages']]" "[6]" "several --bits AND"
expect 0 "scan a range" -- -j scan -F "$kpf" 2+3
json_is "[p['pfn'] for p in d['pages']]" "[2, 3, 4]" "N+M range"
expect 0 "pfn runs" -- pfn -F "$kpf" 0, --ranges
has "$out" "^pfn	pages	flags$" "runs header names pfn and pages, not offset/len"
has "$out" "^0x0	3	_____l" "first run: 3 lru pages, pfn in 0x hex"
has "$out" "^0x3	3	__________B" "second run: 3 buddy pages"
expect 0 "pfn runs as JSON" -- -j pfn -F "$kpf" ,6 --ranges
json_is "[(r['pfn'], r['count']) for r in d['ranges']]" "[(0, 3), (3, 3)]" "JSON runs"
expect 0 "scan columns" -- scan -F "$kpf" --columns pfn,kpf,names 6
has "$out" "^6	1828	uptodate,lru,mmap,anon$" "columns pfn,kpf,names"
# issue 14.4: past the end of a kpageflags file, as past the device's end
expect 1 "-F pfn past the end is an error" -- pfn -F "$kpf" 11
has "$err" "beyond the last pfn served (0xa)" "past-the-end error names the last pfn"
expect 1 "-j -F pfn past the end" -- -j pfn -F "$kpf" 0x20
json_ok "past-the-end JSON error"
expect 0 "-F range over the end" -- pfn -F "$kpf" 8+8
has "$err" "range cut at the last pfn served (0xa): 3 of 8 pfns" "a cut range says so"
[ "$(grep -c . "$out")" = 4 ] && ok "cut range lists the 3 pfns served" || bad "cut range listing"
expect 0 "open-ended range is not a cut" -- pfn -F "$kpf" 8,
[ ! -s "$err" ] && ok "N, says nothing on stderr" || bad "N, wrote stderr"
# issue 14.3: "flags" is a list of names in every JSON document
expect 0 "-j scan default columns" -- -j scan -F "$kpf" 6
json_is "d['pages'][0]['flags']" "['uptodate', 'lru', 'mmap', 'anon']" "scan JSON flags: list of names"
expect 0 "-j pfn range flags" -- -j pfn -F "$kpf" 6+1 --columns pfn,flags,kpf
json_is "d['pages'][0]['flags']" "['uptodate', 'lru', 'mmap', 'anon']" "pfn RANGE JSON flags: list of names"
# issue 14.6: stats -N drops the summary
expect 0 "stats -N" -- stats -F "$kpf" -N
grep -q "page-count" "$out" && bad "stats -N printed the summary" || ok "stats -N: no flag summary"
expect 2 "stats --by on a file" -- stats -F "$kpf" --by memcg
expect 2 "stats --top without --by" -- stats -F "$kpf" --top 3
expect 2 "stats --by bogus" -- stats --by bogus
has "$err" "expected memcg, file, type or order" "--by keys listed"
# --page-types refuses what page-types has no equivalent for
expect 2 "--page-types --columns" -- --page-types scan -F "$kpf" --columns pfn
has "$err" "\-\-columns has no page-types equivalent" "--columns refused with --page-types"
expect 2 "--page-types --detail" -- --page-types pfn -F "$kpf" 1 --detail
expect 2 "--page-types pfn needs a range" -- --page-types pfn -F "$kpf"
expect 2 "native stats --ranges" -- stats -F "$kpf" --ranges
has "$err" "stats \-\-ranges is page-types \-l" "stats --ranges points at --page-types"
expect 1 "missing kpageflags file" -- stats -F /nonexistent/kpf
expect 2 "--kpageflags not for cache" -- cache -F "$kpf"
rm -f "$kpf"

# --- a fake device (fakedev.so, LD_PRELOAD) -----------------------------
FAKE=${FAKE:-$(dirname "$0")/../fakedev/fakedev.so}
if [ -r "$FAKE" ]; then
	fk() { LD_PRELOAD=$FAKE PAGESNAP_FAKE_DEV=/fake/pagesnap "$@"; }
	fexpect() {
		local rc=$1 desc=$2
		shift 3
		fk "$CLI" --device /fake/pagesnap "$@" >"$out" 2>"$err"
		local got=$?
		if [ "$got" -eq "$rc" ]; then ok "$desc"; else bad "$desc (exit $got, want $rc)"; fi
	}
	# issue 14.1: every feature the driver announces has a name
	PAGESNAP_FAKE_EXTRA_FEATURES=0xc fexpect 0 "info, STATS|RUNS driver" -- info
	has "$out" "^features        filter,skip_holes,stats,runs$" "info names all four features"
	PAGESNAP_FAKE_EXTRA_FEATURES=0xc fexpect 0 "-j info" -- -j info
	json_is "d['features']" "['filter', 'skip_holes', 'stats', 'runs']" "JSON features"
	PAGESNAP_FAKE_EXTRA_FEATURES=0x10 fexpect 0 "info, COLUMNS driver" -- info
	has "$out" "^features        filter,skip_holes,columns$" "info names the COLUMNS feature"
	PAGESNAP_FAKE_EXTRA_FEATURES=0x60 fexpect 0 "info, unknown features" -- info
	has "$out" "^features        filter,skip_holes,bit5,bit6$" "unnamed feature bits shown as bitN"
	# issue 14.7: what the detail view shows can be listed
	fexpect 0 "scan the detail view's fields" -- scan --columns pfn,pincount,raw_flags,entire_mapcount,folio_mapcount,memcg_ino 10+2
	has "$out" "^pfn	pincount	raw_flags	entire_mapcount	folio_mapcount	memcg_ino$" "header"
	[ "$(grep -c . "$out")" = 3 ] && ok "two pages listed" || bad "listing"
	fexpect 0 "--columns offset still accepted" -- scan --columns pfn,offset 10+2
	# issue 14.2: memcg as a cgroup path
	# the hierarchy pagesnap-cli resolves in: v1 "memory", else cgroup2
	mroot=$(awk '{ for (i = 7; $i != "-"; i++); t = $(i + 1); o = $(i + 3) }
		t == "cgroup" && o ~ /(^|,)memory(,|$)/ { v1 = $5 }
		t == "cgroup2" && !v2 { v2 = $5 }
		END { print v1 ? v1 : v2 }' /proc/self/mountinfo)
	if [ -n "$mroot" ] && [ "$(stat -c %i "$mroot")" = 1 ]; then
		fexpect 0 "memcg column is a path" -- scan --columns pfn,memcg 0+1
		has "$out" "^0	/$" "memcg inode 1 shown as / ($mroot)"
		fexpect 0 "pfn detail memcg" -- pfn 0
		has "$out" "^memcg            / (inode 1)$" "detail view: path and inode"
		fexpect 0 "-j pfn memcg" -- -j pfn 0
		json_is "(d['page']['memcg'], d['page']['memcg_ino'])" "('/', 1)" "JSON memcg path and inode"
		fexpect 0 "--cgroup the memory root" -- -j scan --cgroup "$mroot" --columns pfn 0+10
		json_is "d['matched']" "10" "--cgroup DIR accepted for a memory cgroup"
		fexpect 0 "stats --by memcg" -- -j stats --by memcg
		json_is "[(r['memcg'], r['pages']) for r in d['rows']]" "[('/', 4800), ('-', 200)]" "by memcg: path and pages"
	else
		skip=$((skip + 5)); echo "SKIP  no memory cgroup hierarchy rooted at inode 1 here"
	fi
	if unshare -m true 2>/dev/null; then
		LD_PRELOAD=$FAKE PAGESNAP_FAKE_DEV=/fake/pagesnap unshare -m sh -c \
			'for m in $(awk "\$9 ~ /^cgroup/ {print \$5}" /proc/self/mountinfo); do umount -l "$m"; done; "$0" --device /fake/pagesnap scan --columns pfn,memcg 0+1' "$CLI" >"$out" 2>"$err"
		has "$out" "^0	@1$" "no cgroupfs mounted: memcg shown as @INODE"
	else
		skip=$((skip + 1)); echo "SKIP  unshare -m not permitted: @INODE fallback untested here"
	fi
	# issue 14.6: stats tables say what they count
	fexpect 0 "stats" -- stats
	has "$out" "^order                0$" "free blocks table has an order header"
	has "$out" "^(buddy: the first page of each free block" "buddy vs free pages explained"
	has "$out" "^(online pages 4800" "mapping table states the online pages"
	fexpect 0 "stats --by type --top 2" -- stats --by type --top 2
	has "$out" "^none	3428	" "by type: largest first"
	has "$out" "^(2 more)	886	" "by type: the rest on one line"
	fexpect 0 "stats --by order" -- -j stats --by order --top 0
	json_is "sum(r['pages'] for r in d['rows'])" "5000" "by order: rows add up"
	fexpect 0 "stats --walk" -- -j stats --walk
	json_is "d['total_pages']" "5000" "--walk counts every pfn"
	# issue 14.5: --page-types on the device, same pipeline as -F
	fexpect 0 "--page-types stats" -- --page-types stats
	has "$out" "^             total	      5000       19$" "page-types total line"
	has "$out" "^0x0000000000001820	       685        2  _____l_____Ma______________________________	lru,mmap,anonymous$" "page-types line: 43 symbols, anonymous"
	fexpect 2 "--page-types is text only" -- -j --page-types stats
	# issue 11.4: the columns and runs paths list and count exactly what
	# whole entries give: the same command on a driver with COLUMNS and
	# RUNS (0x1f) and on one with neither (0x3), byte for byte; like pages
	# at 2000-2999 make runs that are not holes
	same_paths() {
		local desc=$1
		shift
		LD_PRELOAD=$FAKE PAGESNAP_FAKE_DEV=/fake/pagesnap PAGESNAP_FAKE_FEATURES=0x3 \
			PAGESNAP_FAKE_LIKE_START=2000 PAGESNAP_FAKE_LIKE_END=3000 \
			"$CLI" --device /fake/pagesnap "$@" >"$out" 2>"$err"
		local r1=$?
		cp "$out" "$out.entries"
		LD_PRELOAD=$FAKE PAGESNAP_FAKE_DEV=/fake/pagesnap PAGESNAP_FAKE_FEATURES=0x1f \
			PAGESNAP_FAKE_LIKE_START=2000 PAGESNAP_FAKE_LIKE_END=3000 \
			"$CLI" --device /fake/pagesnap "$@" >"$out" 2>>"$err"
		local r2=$?
		if [ "$r1" = 0 ] && [ "$r2" = 0 ] && [ -s "$out" ] && cmp -s "$out.entries" "$out"; then
			ok "columns/runs = entries: $desc ($(wc -l < "$out") lines)"
		else
			bad "columns/runs != entries: $desc (rc $r1/$r2)"
			diff "$out.entries" "$out" | head -4
		fi
	}
	allcols=pfn,flags,names,kpf,raw_flags,refcount,mapcount,entire_mapcount,folio_mapcount,pincount,order,head,index,type,buddy,node,zone,memcg_ino,mapping,dev,ino,file_index,owner,faithful
	same_paths "scan" scan
	same_paths "scan --bits lru" scan --bits lru
	same_paths "scan --raw --bits =buddy" --raw scan --bits =buddy
	same_paths "scan every column" scan --columns "$allcols" 900,3100
	same_paths "-j scan" -j scan 900,3100
	same_paths "-j scan columns" -j scan --columns pfn,flags,refcount,head,dev 900,3100
	same_paths "pfn --detail" pfn --detail 990,1010
	same_paths "-j pfn --detail" -j pfn --detail 1990,2010
	same_paths "pfn --ranges" pfn 0, --ranges
	same_paths "-j pfn --ranges --bits" -j pfn 0, --ranges --bits reserved
	same_paths "stats --walk" stats --walk
	same_paths "stats --walk --raw --bits lru" --raw stats --walk --bits lru
	same_paths "-j stats --walk" -j stats --walk
	same_paths "stats --by type" stats --by type
	same_paths "stats --by order" stats --by order --top 0
	same_paths "stats --by file" stats --by file --top 0
	same_paths "stats --by memcg" stats --by memcg
	same_paths "scan --cgroup @1" scan --cgroup @1 0,1300
	# -F: a kpageflags file of the fake's flags lists and counts as the device
	fk "$CLI" --device /fake/pagesnap --raw scan --columns kpf | tail -n +2 |
		python3 -c 'import sys, struct; sys.stdout.buffer.write(b"".join(struct.pack("<Q", int(l, 16)) for l in sys.stdin))' > "$out.kpf"
	for a in "scan" "scan --bits lru,~anon" "pfn 0, --ranges" "--raw scan 900,1300" "stats --walk" "--raw stats --walk 100,4000"; do
		# shellcheck disable=SC2086
		fk "$CLI" --device /fake/pagesnap $a > "$out.dev" 2>"$err"
		a=${a/ --walk/}
		# shellcheck disable=SC2086
		"$CLI" -F "$out.kpf" $a > "$out" 2>>"$err"
		case $a in *stats*)
			# the flag summary, up to its total line: all a file has
			sed -i -n '1,/^ *total\t/p' "$out.dev" "$out" ;;
		esac
		if [ -s "$out" ] && cmp -s "$out.dev" "$out"; then
			ok "-F = device: $a ($(wc -l < "$out") lines)"
		else
			bad "-F != device: $a"
			diff "$out.dev" "$out" | head -4
		fi
	done
	rm -f "$out.entries" "$out.kpf" "$out.dev"
	# issue 13.5 / 14.10: progress on a terminal only, off with -q and -j
	# The line shows once a walk has lasted PAGESNAP_PROGRESS_DELAY (1 s):
	# 0 here, so that how fast this machine reads the file does not
	# decide whether it shows.
	big=$(mktemp)
	truncate -s 512M "$big"
	export PAGESNAP_PROGRESS_DELAY=0
	ontty() { python3 "$(dirname "$0")/ontty.py" "$@"; }
	if ontty sh -c 'test -t 0 && test -t 2' >/dev/null 2>&1; then
		ontty "$CLI" -F "$big" scan --bits lru >"$out.tty" 2>&1
		grep -aq "pfns/s, ETA" "$out.tty" && ok "progress with rate and ETA on a terminal" || bad "no progress on a terminal"
		ontty "$CLI" -q -F "$big" scan --bits lru >"$out.tty" 2>&1
		rc=$?
		[ "$rc" = 0 ] && ! grep -aq " pfns" "$out.tty" && ok "-q: no progress" || bad "-q: rc $rc or progress shown"
		ontty "$CLI" -j -F "$big" scan --bits lru >"$out.tty" 2>&1
		rc=$?
		[ "$rc" = 0 ] && ! grep -aq " pfns" "$out.tty" && ok "-j: no progress" || bad "-j: rc $rc or progress shown"
		# the default delay: a walk this short shows none
		PAGESNAP_PROGRESS_DELAY=bogus ontty "$CLI" -F "$big" scan 0,65536 >"$out.tty" 2>&1
		rc=$?
		[ "$rc" = 0 ] && ! grep -aq " pfns" "$out.tty" && ok "PAGESNAP_PROGRESS_DELAY=bogus: the 1 s default" || bad "rc $rc or progress line within the default delay"
	else
		skip=$((skip + 4)); echo "SKIP  no pseudo-terminal here (tests/unit/ontty.py: python3 pty.fork())"
	fi
	"$CLI" -F "$big" scan --bits lru >"$out" 2>"$err"
	[ ! -s "$err" ] && ok "not a terminal: no progress" || bad "progress without a terminal"
	unset PAGESNAP_PROGRESS_DELAY
	rm -f "$big" "$out.tty"
else
	skip=$((skip + 1)); echo "SKIP  $FAKE not built (make -C tests/fakedev)"
fi

# --- issue 14.8: bash completion asks the CLI ------------------------------
BC=/usr/share/bash-completion/bash_completion
if [ -r "$BC" ]; then
	comp() { # comp "LINE" WORDS...: COMPREPLY for the last word
		local line=$1
		shift
		PATH=$(cd "$(dirname "$CLI")" && pwd):$PATH bash -c '
			source "$1"; source "$2"; shift 2
			line=$1; shift
			COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
			COMP_LINE=$line; COMP_POINT=${#line}; COMPREPLY=()
			_pagesnap_cli 2>/dev/null; echo "${COMPREPLY[*]}"' \
			comp "$BC" "${COMP_SCRIPT:-$(dirname "$0")/../../tools/bash-completion/pagesnap-cli}" "$line" "$@"
	}
	cw() { local want=$1 desc=$2 got; shift 2; got=$(comp "$@")
		if [ "$got" = "$want" ]; then ok "completion: $desc"; else bad "completion: $desc: got '$got' want '$want'"; fi; }
	cw "lru,~anon lru,~anonymous" "--bits lru,~an" "pagesnap-cli --bits lru,~an" pagesnap-cli --bits "lru,~an"
	cw "lru" "--bits=lr" "pagesnap-cli --bits=lr" pagesnap-cli --bits = lr
	cw "lru,anon lru,anonymous" "describe lru,an" "pagesnap-cli describe lru,an" pagesnap-cli describe lru,an
	cw "pfn,pincount" "--columns pfn,pin" "pagesnap-cli scan --columns pfn,pin" pagesnap-cli scan --columns pfn,pin
	got=$(comp "pagesnap-cli info --" pagesnap-cli info --)
	case " $got " in *" --top "*|*" --bits "*) bad "completion: info offered --top/--bits" ;;
	*" --json "*) ok "completion: info offers only what applies" ;; *) bad "completion: info: '$got'" ;; esac
	got=$(comp "pagesnap-cli stats --t" pagesnap-cli stats --t)
	[ "$got" = "--top" ] && ok "completion: stats --t" || bad "completion: stats --t: '$got'"
	got=$(comp "pagesnap-cli --bits u" pagesnap-cli --bits u)
	[ "$got" = "uptodate unevictable uncached" ] && ok "completion: flag names asked of the CLI" || bad "completion: flag names: '$got'"
	# the names come from the pagesnap-cli on PATH, not from a list
	stub=$(mktemp -d)
	printf '#!/bin/sh\n[ "$1 $2" = "describe list" ] && echo " 0 L zzflag"\n' > "$stub/pagesnap-cli"
	chmod +x "$stub/pagesnap-cli"
	got=$(PATH=$stub:$PATH bash -c 'source "$1"; source "$2"
		COMP_WORDS=(pagesnap-cli --bits zz); COMP_CWORD=2
		COMP_LINE="pagesnap-cli --bits zz"; COMP_POINT=${#COMP_LINE}
		_pagesnap_cli 2>/dev/null; echo "${COMPREPLY[*]}"' x "$BC" \
		"${COMP_SCRIPT:-$(dirname "$0")/../../tools/bash-completion/pagesnap-cli}")
	rm -rf "$stub"
	[ "$got" = "zzflag" ] && ok "completion: flag names come from the CLI" || bad "completion: flag names not asked of the CLI: '$got'"
else
	skip=$((skip + 1)); echo "SKIP  no $BC (apt-get install bash-completion)"
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
