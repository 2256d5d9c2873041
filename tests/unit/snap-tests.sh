#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Snapshot files on the host (no driver): 'pagesnap-cli --input' against
# a synthetic snapshot written by tools/tests/snapgen through the same
# writer as 'record', entry by entry; every damaged-file case fails with a
# clear message and exit 1; then the reader fuzzer under ASan/UBSan,
# bounded in runs and time.  Prints "N passed, N failed, N skipped".

cd "$(dirname "$0")" || exit 1
CLI=${CLI:-../../tools/pagesnap-cli}
GEN=./snapgen
FUZZ=./snap-fuzz
FUZZ_RUNS=${FUZZ_RUNS:-300000}
FUZZ_SECONDS=${FUZZ_SECONDS:-90}
pass=0
fail=0
skip=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

ok()   { pass=$((pass + 1)); echo "ok    $*"; }
bad()  { fail=$((fail + 1)); echo "FAIL  $*"; sed 's/^/      out: /' "$T/out" 2>/dev/null | head -5; sed 's/^/      err: /' "$T/err" 2>/dev/null | head -5; }
skp()  { skip=$((skip + 1)); echo "SKIP  $*"; }

# run RC DESC ARGS...
run() {
	local rc=$1 desc=$2 got
	shift 2
	"$CLI" "$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -eq "$rc" ]; then ok "$desc"; else bad "$desc (exit $got, want $rc)"; fi
}
has() { if grep -q -- "$2" "$1"; then ok "$3"; else bad "$3: no '$2'"; fi; }

for b in "$CLI" "$GEN"; do
	[ -x "$b" ] || { echo "FAIL  $b not built"; echo "0 passed, 1 failed"; exit 1; }
done

"$GEN" -e "$T/a.snap" > "$T/a.expect" && ok "snapgen writes a snapshot" || bad "snapgen"
"$GEN" "$T/b.snap" 1 && ok "snapgen variant 1" || bad "snapgen variant 1"
size=$(stat -c %s "$T/a.snap")
[ "$size" -lt 16384 ] && ok "4352 pfns in $size bytes" || bad "snapshot of $size bytes"

# --- replay: every field of every pfn as written ----------------------------
run 0 "-j pfn --detail over the whole snapshot" -j -I "$T/a.snap" pfn 0,0x1100 --detail
python3 - "$T/out" "$T/a.expect" > "$T/cmp" 2>&1 <<'EOF'
import json, sys
pages = json.load(open(sys.argv[1]))["pages"]
want = [l.split() for l in open(sys.argv[2])]
zones = ["DMA", "DMA32", "Normal", "HighMem", "Movable", "Device"]
kinds = ["none", "anon", "ksm", "file", "movable"]
bad = 0
if len(pages) != len(want):
    print("count", len(pages), len(want)); sys.exit(1)
for p, w in zip(pages, want):
    w = [int(x, 16) for x in w]
    (pfn, valid, kpf, snap, head, order, index, ptype, border, kind, memcg,
     ma, mi, ino, fidx, nid, zone) = w
    got = [p["pfn"], int(p["valid"], 16), int(p["snap_flags"], 16)]
    exp = [pfn, valid, snap]
    if not snap & 0x20:
        got += [int(p["kpf"], 16), p["head_pfn"], p["order"], p["index"],
                p["buddy_order"], p["node"], p["zone"].lower(), p["memcg_ino"],
                p["mapping"]]
        exp += [kpf, head, order, index, border, nid, zones[zone].lower(), memcg,
                kinds[kind]]
        if kind == 3:
            f = p["file"]
            got += [f["dev_major"], f["dev_minor"], f["ino"], f["index"]]
            exp += [ma, mi, ino, fidx]
    if got != exp:
        bad += 1
        if bad < 5: print("pfn", hex(pfn), got, exp)
print("mismatches", bad)
sys.exit(1 if bad else 0)
EOF
[ $? -eq 0 ] && ok "replayed entries equal the written ones, field by field" || { bad "replay differs"; head -5 "$T/cmp"; }

run 0 "pfn one page" -I "$T/a.snap" pfn 0x201
has "$T/out" "head 0x200, order 9 (2.0 MiB), index 1" "THP tail decoded from its run"
run 0 "-j pfn 0x205 (a THP tail)" -j -I "$T/a.snap" pfn 0x205
has "$T/out" '"head_pfn":512' "head_pfn rebuilt for a tail"
run 0 "pfn --ranges" -I "$T/a.snap" pfn 0x100,0x400 --ranges
has "$T/out" "^0x200	512	" "--ranges: the THP's 0x200 pages in one range (0x pfn, decimal count)"
run 1 "pfn past pfn_end" -I "$T/a.snap" pfn 0x1100
has "$T/err" "beyond the last pfn served (0x10ff)" "same message as live"
run 0 "scan --bits thp" -j -I "$T/a.snap" scan --bits thp --columns pfn
has "$T/out" '"matched":512' "512 THP pages"
run 0 "scan --cgroup @200" -j -I "$T/a.snap" scan --cgroup @200 --columns pfn
has "$T/out" '"matched":416' "memcg 200: 160 anon + 256 shmem pages"

run 0 "-j stats" -j -I "$T/a.snap" stats
python3 - "$T/out" > "$T/cmp" 2>&1 <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
fb = d["free_blocks"][0]["by_order"]
checks = [
    (d["total_pages"], 0x1100), (d["holes"], 16), (d["free_pages"], 0x100 + 0x800),
    (d["faithful"], 0x1100 - 16), (fb[8], 1), (fb[9], 1), (fb[10], 1), (sum(fb), 3),
    (d["page_types"]["hugetlb"], 512), (d["page_types"]["slab"], 64),
    (d["mappings"]["file"], 512),
    ([o["folios"] for o in d["folio_orders"] if o["order"] == 9][0], 2),
]
bad = [c for c in checks if c[0] != c[1]]
print(bad)
sys.exit(1 if bad else 0)
EOF
[ $? -eq 0 ] && ok "stats from the snapshot: the layout's counts" || { bad "stats counts"; cat "$T/cmp"; }
run 0 "stats text" -I "$T/a.snap" stats
has "$T/out" "snapshots: 4336 faithful, 0 unfaithful, 16 holes" "stats text line"
run 0 "-j cache" -j -I "$T/a.snap" cache
has "$T/out" '"path":"/var/lib/data file.db"' "cache path from the file table"
has "$T/out" '"file_pages":512' "cache counts 512 file pages"
run 0 "-j info" -j -I "$T/a.snap" info
has "$T/out" '"kernel":"6.12.0-synthetic"' "info gives the recorded kernel"
has "$T/out" '"hostname":"snapgen"' "info gives the recorded host"
has "$T/out" '"duration_ns":123456789' "info gives the walk's duration (tail record)"
run 2 "--input with --kpageflags" -I "$T/a.snap" -F /dev/null stats
run 2 "--input for a command that takes none" -I "$T/a.snap" describe lru
run 2 "record without -o" record

# --- record from a device, replay, compare: byte for byte ------------------
# The Python tests' fake /dev/pagesnap (LD_PRELOAD, tests/fakedev/
# fakedev.c) serves pages that are a pure function of the pfn, so every
# read command must answer from the recording exactly as it answers live.
FAKESRC=../fakedev/fakedev.c
if cc -Wall -O2 -shared -fPIC -I../../uapi -o "$T/fakedev.so" "$FAKESRC" -ldl 2>"$T/err"; then
	FD=/nonexistent/pagesnap-fake
	mkdir -p "$T/nomount"
	live() { LD_PRELOAD="$T/fakedev.so" PAGESNAP_FAKE_DEV=$FD "$CLI" -D $FD "$@"; }
	live -j record -o "$T/fake.snap" --mount "$T/nomount" > "$T/out" 2> "$T/err" &&
		ok "record from the (fake) device" || bad "record from the fake device"
	has "$T/out" '"pfns":5000' "record covers its 5000 pfns"
	n=0; nbad=0
	while IFS='|' read -r desc args; do
		n=$((n + 1))
		args=${args//NOMOUNT/$T/nomount}
		args=${args//PNGFILE/$T/x.png}
		# shellcheck disable=SC2086
		live $args > "$T/live.out" 2>&1
		rl=$?
		# shellcheck disable=SC2086
		"$CLI" -I "$T/fake.snap" $args > "$T/replay.out" 2>&1
		rr=$?
		if [ "$rl" -ne 0 ] || [ "$rr" -ne 0 ] || [ ! -s "$T/live.out" ]; then
			nbad=$((nbad + 1)); echo "      $desc: exit $rl live, $rr replay"; head -2 "$T/live.out"
		elif ! cmp -s "$T/live.out" "$T/replay.out"; then
			nbad=$((nbad + 1)); echo "      $desc: replay differs"
			diff "$T/live.out" "$T/replay.out" | head -4 | sed 's/^/      /'
		fi
	done <<'EOF2'
pfn detail|pfn 0x123
pfn JSON of a hole|-j pfn 1100
pfn range --detail|-j pfn 0,5000 --detail
pfn --ranges|pfn 900,1300 --ranges
scan, every column|scan --columns pfn,flags,names,kpf,refcount,mapcount,order,head,index,type,buddy,node,zone,memcg,mapping,dev,ino,offset,owner,faithful
scan --bits|-j scan --bits lru,~anon --columns pfn,flags
scan --raw --bits|scan --raw --bits slab --columns pfn,kpf
scan --cgroup|-j scan --cgroup @1 --columns pfn 0,2000
stats|stats
stats -j|-j stats
stats --raw|stats --raw 0x100,0x1000
stats --bits|-j stats --bits anon
cache|-j cache --top 0 --mount NOMOUNT
map text|map --no-color 0,5000
map PNG|-j map -o PNGFILE
EOF2
	[ "$nbad" -eq 0 ] && ok "$n commands: replay = live, byte for byte" || bad "$nbad of $n commands differ"
	# the two PNGs: written by live and by replay to the same name in turn
	live map -o "$T/live.png" > /dev/null 2>&1
	"$CLI" -I "$T/fake.snap" map -o "$T/replay.png" > /dev/null 2>&1
	cmp -s "$T/live.png" "$T/replay.png" && ok "map PNG: replay = live, byte for byte" || bad "map PNGs differ"
	live metrics --top 0 --mount "$T/nomount" | grep -v -e timestamp_seconds -e duration_seconds -e '^pagesnap_info' > "$T/live.prom"
	"$CLI" -I "$T/fake.snap" metrics --top 0 | grep -v -e timestamp_seconds -e duration_seconds -e '^pagesnap_info' > "$T/replay.prom"
	cmp -s "$T/live.prom" "$T/replay.prom" && ok "metrics: replay = live (but when, how long, source)" || { bad "metrics differ"; diff "$T/live.prom" "$T/replay.prom" | head -5; }
	live info > "$T/live.out" 2>&1
	"$CLI" -I "$T/fake.snap" info | head -n "$(wc -l < "$T/live.out")" > "$T/replay.out"
	sed -i 's|^device .*||' "$T/live.out" "$T/replay.out"
	cmp -s "$T/live.out" "$T/replay.out" && ok "info: replay = live" || { bad "info differs"; diff "$T/live.out" "$T/replay.out" | head; }
	live -j diff "$T/fake.snap" live --mount "$T/nomount" > "$T/out" 2>&1
	has "$T/out" '"compared":5000,"changed":0' "diff of the recording and live: nothing changed"
else
	skp "fakedev.so does not build: $(head -c 200 "$T/err")"
fi

# --- damaged files: clear errors, exit 1, never an answer ---------------------
cp "$T/a.snap" "$T/c.snap"
run 1 "missing file" -I "$T/nonexistent" stats
has "$T/err" "cannot open" "missing file named"
printf 'hello world, not a snapshot\n' > "$T/x.snap"
run 1 "not a snapshot" -I "$T/x.snap" stats
has "$T/err" "not a pagesnap snapshot file" "bad magic explained"
n=0; nbad=0
for cut in 0 7 31 32 40 63 64 100 $((size / 4)) $((size / 3)) $((size / 2)) $((size * 3 / 4)) $((size - 33)) $((size - 32)) $((size - 1)); do
	head -c "$cut" "$T/a.snap" > "$T/t.snap"
	"$CLI" -I "$T/t.snap" stats > "$T/out" 2> "$T/err"
	rc=$?
	n=$((n + 1))
	if [ "$rc" -ne 1 ] || [ -s "$T/out" ] || ! grep -q "^Error: snapshot" "$T/err"; then
		nbad=$((nbad + 1)); echo "      cut at $cut: exit $rc, $(head -c 200 "$T/err")"
	fi
done
[ "$nbad" -eq 0 ] && ok "$n truncations: exit 1, no output, an error" || bad "$nbad of $n truncations"
n=0; nbad=0
for off in 3 9 20 30 33 45 60 70 200 $((size / 4)) $((size / 3)) $((size / 2)) $((size * 3 / 4)) $((size - 20)) $((size - 2)); do
	cp "$T/a.snap" "$T/t.snap"
	printf '\xa5' | dd of="$T/t.snap" bs=1 seek="$off" conv=notrunc 2>/dev/null
	cmp -s "$T/t.snap" "$T/a.snap" && continue
	"$CLI" -I "$T/t.snap" stats > "$T/out" 2> "$T/err"
	rc=$?
	n=$((n + 1))
	if [ "$rc" -ne 1 ] || [ -s "$T/out" ] || ! grep -q "^Error: snapshot" "$T/err"; then
		nbad=$((nbad + 1)); echo "      byte $off: exit $rc, $(head -c 200 "$T/err")"
	fi
done
[ "$nbad" -eq 0 ] && ok "$n corrupted bytes: exit 1, no output, an error" || bad "$nbad of $n corruptions"
# a future format and an unknown required section, with valid checksums
python3 - "$T/a.snap" "$T" <<'EOF'
import struct, sys
def crc32c(data, crc=0):
    crc ^= 0xffffffff
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82f63b78 & -(crc & 1))
    return crc ^ 0xffffffff
d = bytearray(open(sys.argv[1], "rb").read())
f = bytearray(d)
f[8:12] = struct.pack("<I", 2)
f[28:32] = struct.pack("<I", crc32c(bytes(f[:28])))
open(sys.argv[2] + "/future.snap", "wb").write(f)
# an unknown, not optional, section right after the meta record
pos = 32
stored = struct.unpack("<Q", d[pos + 8:pos + 16])[0]
pos += 32 + stored
hdr = bytearray(struct.pack("<IIQQ", 99, 0, 0, 0)) + b"\0" * 8
hdr[24:28] = struct.pack("<I", crc32c(b""))
hdr[28:32] = struct.pack("<I", crc32c(bytes(hdr[:28])))
open(sys.argv[2] + "/unknown.snap", "wb").write(bytes(d[:pos]) + bytes(hdr) + bytes(d[pos:]))
hdr[4:8] = struct.pack("<I", 1)
hdr[28:32] = struct.pack("<I", crc32c(bytes(hdr[:28])))
open(sys.argv[2] + "/optional.snap", "wb").write(bytes(d[:pos]) + bytes(hdr) + bytes(d[pos:]))
EOF
run 1 "a future format version" -I "$T/future.snap" stats
has "$T/err" "snapshot format 2: this pagesnap-cli reads format 1" "future version explained"
run 1 "an unknown required section" -I "$T/unknown.snap" stats
has "$T/err" "section type 99 .* not known" "unknown section explained"
run 0 "an unknown optional section is skipped" -I "$T/optional.snap" stats
cmp -s "$T/c.snap" "$T/a.snap" && ok "the reader never writes its input" || bad "input changed"

# --- diff ----------------------------------------------------------------------
# variant 1: 0x560-0x57f anon -> free (a new order-5 block), 0x800-0x83f
# free -> anon, the rest of the order-10 block split into 1 order-6 and 7
# order-7 blocks (8 new heads): 104 pages changed
run 0 "diff A B" diff "$T/a.snap" "$T/b.snap"
has "$T/out" "4352 compared, 104 changed state (416.0 KiB)" "diff: 104 pages changed"
has "$T/out" "+64  free -> anon" "diff: 64 pages free -> anon"
run 0 "-j diff A B" -j diff "$T/a.snap" "$T/b.snap"
python3 - "$T/out" > "$T/cmp" 2>&1 <<'EOF2'
import json, sys
d = json.load(open(sys.argv[1]))
mv = {(m["from"], m["to"]): m["pages"] for m in d["moves"]}
k = {r["kind"]: r["delta"] for r in d["kinds"]}
fb = {r["order"]: (r["a"], r["b"]) for r in d["free_blocks"]}
mc = {r["memcg"]: r["delta"] for r in d["memcgs"]}
checks = [(d["changed"], 104), (d["compared"], 4352), (mv[("anon", "free")], 32),
          (mv[("free", "anon")], 64), (mv[("free", "free")], 8), (k["anon"], 32),
          (k["free"], -32), (fb["7"], (0, 7)), (fb["10"], (1, 0)),
          (mc["/user.slice/user 1000"], 32), (d["files"], [])]
bad = [c for c in checks if c[0] != c[1]]
print(bad)
sys.exit(1 if bad else 0)
EOF2
[ $? -eq 0 ] && ok "diff JSON: moves, kinds, free blocks, memcgs as the layouts differ" || { bad "diff JSON"; cat "$T/cmp"; }
run 0 "diff A A" -j diff "$T/a.snap" "$T/a.snap"
has "$T/out" '"changed":0' "a snapshot against itself: nothing changed"
run 2 "diff with one snapshot" diff "$T/a.snap"
run 1 "diff with a damaged B" diff "$T/a.snap" "$T/t.snap"
has "$T/err" "snapshot '$T/t.snap'" "the damaged file is named"
run 2 "watch -j" -j watch 1
run 2 "watch -i 0" watch -i 0 1

# --- map -----------------------------------------------------------------------
# every region of the layout has its kind's colour at its cell's centre
run 0 "-j map -o" -j -I "$T/a.snap" map -o "$T/a.png"
cp "$T/out" "$T/map.json"
has "$T/map.json" '"pfns_per_cell":1' "map: 1 pfn per cell for 4352 pfns"
PY=
for p in /usr/bin/python3 python3; do
	"$p" -c 'import png' 2>/dev/null && { PY=$p; break; }
done
if [ -n "$PY" ]; then
	"$PY" - "$T/map.json" "$T/a.png" > "$T/cmp" 2>&1 <<'EOF2'
import json, sys, png
g = json.load(open(sys.argv[1]))
w, h, rows, info = png.Reader(filename=sys.argv[2]).asRGB8()
rows = [bytes(r) for r in rows]
def px(pfn):
    i = (pfn - g["start_pfn"]) // g["pfns_per_cell"]
    z = g["cell_pixels"]
    x = g["left"] + (i % g["cells_per_row"]) * z + z // 2
    y = g["top"] + (i // g["cells_per_row"]) * z + z // 2
    return tuple(rows[y][3 * x:3 * x + 3])
want = {  # pfn: (what, colour of cmd_map.c's palette)
    0x5: ("hole", (24, 24, 24)), 0x50: ("reserved", (150, 150, 150)),
    0x150: ("free order 8", (46, 151, 46)), 0x300: ("anon THP", (150, 0, 110)),
    0x450: ("file", (38, 110, 230)), 0x520: ("slab", (240, 140, 0)),
    0x550: ("page table", (240, 220, 0)), 0x5a0: ("anon", (220, 50, 47)),
    0x700: ("hugetlb", (140, 90, 255)), 0x900: ("free order 10", (10, 125, 10)),
    0xd00: ("free order 9", (28, 138, 28)), 0x1080: ("shmem", (0, 200, 200)),
}
bad = [(hex(p), n, px(p), c) for p, (n, c) in want.items() if px(p) != c]
print(len(want), "regions;", "wrong:", bad)
if (w, h) != (g["width"], g["height"]): bad.append("size")
sys.exit(1 if bad else 0)
EOF2
	[ $? -eq 0 ] && ok "map PNG: $(cat "$T/cmp")" || { bad "map PNG pixels"; cat "$T/cmp"; }
else
	skp "no Python with the png module (Debian python3-png): PNG not decoded"
fi
# map --diff: changed pages in their new kind's colour, the rest grey
run 0 "-j map --input A --diff B" -j -I "$T/a.snap" map --diff "$T/b.snap" -o "$T/d.png"
cp "$T/out" "$T/dmap.json"
if [ -n "$PY" ]; then
	"$PY" - "$T/dmap.json" "$T/d.png" > "$T/cmp" 2>&1 <<'EOF2'
import json, sys, png
g = json.load(open(sys.argv[1]))
w, h, rows, info = png.Reader(filename=sys.argv[2]).asRGB8()
rows = [bytes(r) for r in rows]
def px(pfn):
    i = (pfn - g["start_pfn"]) // g["pfns_per_cell"]
    z = g["cell_pixels"]
    return tuple(rows[g["top"] + (i // g["cells_per_row"]) * z + z // 2]
                 [3 * (g["left"] + (i % g["cells_per_row"]) * z + z // 2):][:3])
want = {0x300: ("THP, unchanged", (70, 70, 70)), 0x5a0: ("anon, unchanged", (70, 70, 70)),
        0x570: ("anon -> free order 5", (100, 190, 100)), 0x820: ("free -> anon", (220, 50, 47)),
        0x900: ("free order 10 -> 7 (new head)", (64, 164, 64))}
bad = [(hex(p), n, px(p), c) for p, (n, c) in want.items() if px(p) != c]
print(len(want), "cells;", "wrong:", bad)
sys.exit(1 if bad else 0)
EOF2
	[ $? -eq 0 ] && ok "map --diff PNG: $(cat "$T/cmp")" || { bad "map --diff pixels"; cat "$T/cmp"; }
fi
run 2 "map --diff without --input" map --diff "$T/b.snap"
run 0 "map on a non-terminal: letters" -I "$T/a.snap" map
has "$T/out" "TTTTTTTT" "map text: the THP as T"
run 0 "map --no-color" -I "$T/a.snap" map --no-color
if command -v script > /dev/null; then
	COLUMNS=80 script -qec "$CLI -I $T/a.snap map" /dev/null > "$T/out" 2>&1
	grep -q $'\e\[38;5;' "$T/out" && grep -q '▀' "$T/out" && ok "map on a terminal: 256 colours, half blocks" ||
		bad "map on a terminal: no colour"
	COLUMNS=80 script -qec "$CLI -I $T/a.snap map --no-color" /dev/null > "$T/out" 2>&1
	grep -q $'\e\[' "$T/out" && bad "--no-color on a terminal still colours" || ok "--no-color on a terminal: no escapes"
else
	skp "no script(1): terminal rendering not tested"
fi
run 2 "map -j without -o" -j -I "$T/a.snap" map

# --- the fuzzer ------------------------------------------------------------------
if [ -x "$FUZZ" ]; then
	mkdir -p "$T/corpus" "$T/seeds"
	cp "$T/a.snap" "$T/b.snap" "$T/future.snap" "$T/optional.snap" "$T/seeds/"
	(cd "$T" && timeout $((FUZZ_SECONDS + 60)) "$OLDPWD/$FUZZ" -runs="$FUZZ_RUNS" \
		-max_total_time="$FUZZ_SECONDS" -max_len=16384 -seed=1 \
		-print_final_stats=1 corpus seeds) > "$T/fuzz.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$T/fuzz.log")
	grep -E "^#[0-9]+ *DONE|ERROR|SUMMARY" "$T/fuzz.log" | tail -3 | sed 's/^/      /'
	# bounded by time too on a loaded machine: at least 20000 files
	if [ "$rc" -eq 0 ] && [ -n "$runs" ] && [ "$runs" -ge 20000 ]; then
		ok "fuzzer: $runs mutated files under ASan/UBSan, no finding"
	else
		bad "fuzzer: exit $rc after ${runs:-?} runs"; tail -30 "$T/fuzz.log"
	fi
else
	skp "snap-fuzz not built (needs clang with libFuzzer: clang, libclang-rt-dev)"
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
