#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pagesnap-cli --page-types against Linux 6.12's tools/mm/page-types on
# the same saved kpageflags files (-F), option for option: the outputs
# must be byte-identical (cmp) and the exit statuses equal.  The files:
# a synthesized one (runs and thousands of distinct flag words, hash
# collisions in page-types' summary table included) and, when present,
# real ones saved in the guests (tests/data/kpageflags-*.xz).
# Prints "N passed, N failed[, N skipped]".

here=$(cd "$(dirname "$0")" && pwd)
top=$here/../..
CLI=${CLI:-$top/tools/pagesnap-cli}
PT=${PAGE_TYPES:-$here/page-types}
pass=0
fail=0
skip=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

if ! "$top/tools/tests/build-page-types.sh" "$PT"; then
	echo "skip  page-types could not be built from linux-source-6.12"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi

# same PT_ARGS -- CLI_ARGS: both outputs byte for byte, both exit codes
same() {
	local pa=() ca=()
	while [ "$1" != "--" ]; do pa+=("$1"); shift; done
	shift
	ca=("$@")
	"$PT" "${pa[@]}" > "$T/pt.out" 2> "$T/pt.err"
	local prc=$?
	"$CLI" --page-types "${ca[@]}" > "$T/cli.out" 2> "$T/cli.err"
	local crc=$?
	if [ "$prc" = "$crc" ] && cmp -s "$T/pt.out" "$T/cli.out"; then
		pass=$((pass + 1))
		echo "ok    page-types ${pa[*]} = pagesnap-cli --page-types ${ca[*]} ($(wc -l < "$T/pt.out") lines, rc $prc)"
	else
		fail=$((fail + 1))
		echo "FAIL  page-types ${pa[*]} (rc $prc) vs pagesnap-cli --page-types ${ca[*]} (rc $crc)"
		cmp "$T/pt.out" "$T/cli.out" | head -2
		diff "$T/pt.out" "$T/cli.out" | head -6
	fi
}

# counts PT_ARGS -- CLI_ARGS: page-types' summary and pagesnap-cli's own
# stats (not --page-types: -F read in runs of equal words) give the same
# pages for each flag word and the same total, whatever their order
counts() {
	local pa=() ca=()
	while [ "$1" != "--" ]; do pa+=("$1"); shift; done
	shift
	ca=("$@")
	"$PT" "${pa[@]}" 2>&1 | awk -F'\t' '$1 ~ /^0x|total/ {split($2, a, " "); print $1, a[1]}' | sort > "$T/pt.out"
	"$CLI" "${ca[@]}" 2>&1 | awk -F'\t' '$1 ~ /^0x|total/ {split($2, a, " "); print $1, a[1]}' | sort > "$T/cli.out"
	if [ -s "$T/pt.out" ] && cmp -s "$T/pt.out" "$T/cli.out"; then
		pass=$((pass + 1))
		echo "ok    page-types ${pa[*]} counts = pagesnap-cli ${ca[*]} ($(wc -l < "$T/pt.out") flag words)"
	else
		fail=$((fail + 1))
		echo "FAIL  page-types ${pa[*]} counts != pagesnap-cli ${ca[*]}"
		diff "$T/pt.out" "$T/cli.out" | head -6
	fi
}

# A synthesized kpageflags: 3000 distinct words (many collide in the
# 13-bit hash), drawn in runs, plus the combinations the kernel makes.
python3 - "$T/synth" <<'PY'
import random, struct, sys
rnd = random.Random(6120)
named = list(range(0, 27)) + list(range(32, 39)) + [40, 41]
common = [0, 0x20, 0x28, 0x68, 0x400, 0x1828, 0x5828, 0x100000, 0x800,
          0x8000, 0x10000, 0x28000, 0x18000, 0x400000, 0x401828,
          (1 << 32) | 0x400, (1 << 32), 0x1000000, 0x2000000, 0x4000080,
          0x80 | 0x40, 0x80 | 0x2, 0x1000 | (1 << 34) | 0x800,
          0x200, 0x300, 0x100, 0x4000000 | (1 << 33) | 0x40000]
pool = common + [sum(1 << b for b in rnd.sample(named, rnd.randint(1, 9)))
                 for _ in range(3000)]
words = []
while len(words) < 200000:
    w = rnd.choice(common) if rnd.random() < 0.5 else rnd.choice(pool)
    words += [w] * rnd.choice([1, 1, 1, 2, 3, 8, 64, 511])
open(sys.argv[1], "wb").write(b"".join(struct.pack("<Q", w)
                                        for w in words[:200000]))
PY
# one with a bit page-types has no name for: both stop the same way
python3 -c "import struct,sys; open(sys.argv[1],'wb').write(struct.pack('<4Q', 0x20, 0x20, 1 << 28, 0x20))" "$T/badbit"

files=("$T/synth")
for x in "$top"/tests/data/kpageflags-*.xz; do
	[ -e "$x" ] || continue
	xz -dc "$x" > "$T/$(basename "$x" .xz)" && files+=("$T/$(basename "$x" .xz)")
done

specs=(lru lru,~anonymous lru,mmap=lru =lru buddy,nopage compound
       compound_head,huge=compound_head an 0x20 0x10,anon '~anon'
       slab,~active thp,compound_head=thp =0 dirty,writeback
       reserved mmap,anon=mmap 'uptodate,~dirty,~lru' ksm,zero_page)
ranges=(1000, 5 100+500 1000,2000 199990, ,10 150000+100000 300000 0x100+0x80)
for f in "${files[@]}"; do
	echo "=== $(basename "$f"): $(($(stat -c %s "$f") / 8)) pfns"
	same -F "$f" -- -F "$f" stats
	same -F "$f" -r -- -F "$f" --raw stats
	same -F "$f" -N -- -F "$f" -N stats
	same -F "$f" -l -- -F "$f" stats --ranges
	same -F "$f" -l -r -N -- -F "$f" --raw scan --ranges -N
	same -F "$f" -L -a 0+3000 -- -F "$f" scan 0+3000
	same -F "$f" -L -r -a 4000,9000 -- -F "$f" --raw pfn 4000,9000
	for r in "${ranges[@]}"; do
		same -F "$f" -a "$r" -- -F "$f" stats "$r"
		same -F "$f" -l -a "$r" -- -F "$f" pfn "$r" --ranges
	done
	same -F "$f" -L -a 1000,2000 -a 1500,3000 -- -F "$f" scan 1000,2000 1500,3000
	same -F "$f" -l -a 10+10 -a 20+10 -- -F "$f" pfn 10+10 20+10 --ranges
	for s in "${specs[@]}"; do
		same -F "$f" -b "$s" -- -F "$f" --bits "$s" stats
		same -F "$f" -r -b "$s" -- -F "$f" --raw --bits "$s" stats
		same -F "$f" -l -b "$s" -a 0,50000 -- -F "$f" --bits "$s" pfn 0,50000 --ranges
	done
	same -F "$f" -b lru -b ~anon -b mmap -- -F "$f" --bits lru --bits '~anon' --bits mmap stats
	# (not -r: page-types -r moves overloaded bits, pagesnap-cli --raw not)
	counts -F "$f" -- -F "$f" stats
	counts -F "$f" -a 1000,150000 -b lru,~anonymous -- -F "$f" --bits lru,~anonymous stats 1000,150000
	same -F "$f" -L -r -b slab -b active -- -F "$f" --raw --bits slab --bits active scan
done
same -F "$T/badbit" -L -- -F "$T/badbit" scan
same -F "$T/badbit" -b nosuchflag -- -F "$T/badbit" --bits nosuchflag stats
same -F /nonexistent/kpf -- -F /nonexistent/kpf stats
same -F "$T/synth" -a 20,10 -- -F "$T/synth" stats 20,10
same -F "$T/synth" -a x -- -F "$T/synth" stats x
same -F "$T/synth" -a 0x10,0x10 -l -- -F "$T/synth" stats 0x10,0x10 --ranges
for d in 0x1828 0x0 anon lru,anonymous,compound 0x10,anon compound_head,huge \
	 reserved,mlocked,softdirty readahead,slub_frozen,file,swap,mmap_exclusive \
	 u i g 0xffffffff 0x4000000000000000 bogus; do
	same -d "$d" -- describe "$d"
done

if [ "$skip" -gt 0 ]; then echo "$pass passed, $fail failed, $skip skipped"
else echo "$pass passed, $fail failed"; fi
[ "$fail" -eq 0 ]
