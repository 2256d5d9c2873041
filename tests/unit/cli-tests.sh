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
expect 2 "cgroup not a directory" -- scan --cgroup /etc/hostname
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
has "$out" "^0	3	_____l" "first run: 3 lru pages"
has "$out" "^3	3	__________B" "second run: 3 buddy pages"
expect 0 "pfn runs as JSON" -- -j pfn -F "$kpf" ,6 --ranges
json_is "[(r['pfn'], r['count']) for r in d['ranges']]" "[(0, 3), (3, 3)]" "JSON runs"
expect 0 "scan columns" -- scan -F "$kpf" --columns pfn,kpf,names 6
has "$out" "^6	1828	uptodate,lru,mmap,anon$" "columns pfn,kpf,names"
expect 1 "missing kpageflags file" -- stats -F /nonexistent/kpf
expect 2 "--kpageflags not for cache" -- cache -F "$kpf"
rm -f "$kpf"

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
