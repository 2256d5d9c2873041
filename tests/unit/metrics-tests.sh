#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 'pagesnap-cli metrics' on the host, from the synthetic snapshot of
# tools/tests/snapgen (no driver): the values are the layout's and agree
# with 'stats' and 'cache' on the same file; Debian's promtool accepts the
# exposition; -o is atomic; a real prometheus-node-exporter with the
# textfile collector, started on loopback and scraped, serves the same
# series and values.  Prints "N passed, N failed, N skipped".

cd "$(dirname "$0")" || exit 1
CLI=${CLI:-../../tools/pagesnap-cli}
GEN=./snapgen
pass=0
fail=0
skip=0
T=$(mktemp -d)
NE_PID=
cleanup() {
	[ -n "$NE_PID" ] && kill "$NE_PID" 2>/dev/null && wait "$NE_PID" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

ok()   { pass=$((pass + 1)); echo "ok    $*"; }
bad()  { fail=$((fail + 1)); echo "FAIL  $*"; }
skp()  { skip=$((skip + 1)); echo "SKIP  $*"; }
# val FILE SERIES: the value of one exact series line
val() { awk -v s="$2" 'index($0, s " ") == 1 {print $NF}' "$1"; }
is() { local got; got=$(val "$1" "$2"); if [ "$got" = "$3" ]; then ok "$2 = $3"; else bad "$2: got '$got', want '$3'"; fi; }

for b in "$CLI" "$GEN"; do
	[ -x "$b" ] || { echo "FAIL  $b not built"; echo "0 passed, 1 failed"; exit 1; }
done
"$GEN" "$T/a.snap" || { echo "FAIL  snapgen"; echo "0 passed, 1 failed"; exit 1; }

"$CLI" --input "$T/a.snap" metrics > "$T/m.prom" 2> "$T/err" && ok "metrics --input" || { bad "metrics --input"; cat "$T/err"; }
P=$T/m.prom
is "$P" 'pagesnap_pages{kind="hole"}' 16
is "$P" 'pagesnap_pages{kind="free"}' 2304
is "$P" 'pagesnap_pages{kind="anon"}' 160
is "$P" 'pagesnap_pages{kind="anon_thp"}' 512
is "$P" 'pagesnap_pages{kind="file"}' 256
is "$P" 'pagesnap_pages{kind="shmem"}' 256
is "$P" 'pagesnap_pages{kind="slab"}' 64
is "$P" 'pagesnap_pages{kind="pagetable"}' 32
is "$P" 'pagesnap_pages{kind="hugetlb"}' 512
is "$P" 'pagesnap_pages{kind="reserved"}' 240
sum=$(awk '/^pagesnap_pages\{/ {s += $NF} END {print s}' "$P")
[ "$sum" = 4352 ] && ok "kinds add up to the 4352 pfns" || bad "kinds add up to $sum"
is "$P" 'pagesnap_flag_pages{flag="dirty"}' 32
is "$P" 'pagesnap_thp_pages{mapping="anon"}' 512
is "$P" 'pagesnap_hugetlb_pages' 512
is "$P" 'pagesnap_memcg_page_cache_bytes{memcg="/system.slice/app.service"}' 1048576
is "$P" 'pagesnap_memcg_page_cache_bytes{memcg="/user.slice/user 1000"}' 1048576
is "$P" 'pagesnap_file_page_cache_bytes{dev="8:1",ino="1234",path="/var/lib/data file.db"}' 1048576
is "$P" 'pagesnap_snapshot_timestamp_seconds' 1764547200.000
is "$P" 'pagesnap_scrape_duration_seconds' 0.123457
is "$P" 'pagesnap_info{kernel="6.12.0-synthetic",backend="port",source="file"}' 1

# the same numbers as the other commands give from the same file
"$CLI" -j --input "$T/a.snap" stats > "$T/stats.json"
"$CLI" -j --input "$T/a.snap" cache --top 0 > "$T/cache.json"
python3 - "$P" "$T/stats.json" "$T/cache.json" > "$T/cmp" 2>&1 <<'EOF'
import json, re, sys
m = {}
for l in open(sys.argv[1]):
    if not l.startswith("#"):
        k, v = l.rsplit(" ", 1)
        m[k] = float(v)
s = json.load(open(sys.argv[2]))
c = json.load(open(sys.argv[3]))
bad = []
for fb in s["free_blocks"]:
    for o, n in enumerate(fb["by_order"]):
        k = 'pagesnap_free_blocks{node="%d",zone="%s",order="%d"}' % (fb["node"], fb["zone"], o)
        if m.get(k, -1) != n: bad.append((k, m.get(k), n))
for fo in s["folio_orders"]:
    for key, name in (("pages", "pagesnap_folio_pages"), ("folios", "pagesnap_folios")):
        k = '%s{order="%d"}' % (name, fo["order"])
        if m.get(k, -1) != fo[key]: bad.append((k, m.get(k), fo[key]))
if m["pagesnap_pages{kind=\"free\"}"] != s["free_pages"]: bad.append("free")
if m["pagesnap_pages{kind=\"hole\"}"] != s["holes"]: bad.append("holes")
if m["pagesnap_page_cache_bytes"] != c["file_bytes"]: bad.append("cache")
for f in c["top"]:
    k = 'pagesnap_file_page_cache_bytes{dev="%d:%d",ino="%d",path="%s"}' % (f["dev_major"], f["dev_minor"], f["ino"], f["path"])
    if m.get(k, -1) != f["bytes"]: bad.append((k, m.get(k), f["bytes"]))
print(bad)
sys.exit(1 if bad else 0)
EOF
[ $? -eq 0 ] && ok "free blocks, folio orders, free pages, holes, page cache: as stats and cache say" || { bad "metrics vs stats/cache"; cat "$T/cmp"; }

"$CLI" --input "$T/a.snap" metrics --top 1 > "$T/top1.prom"
n=$(grep -c '^pagesnap_file_page_cache_bytes{' "$T/top1.prom")
[ "$n" = 1 ] && ok "--top 1 bounds the file series" || bad "--top 1: $n file series"
"$CLI" -j --input "$T/a.snap" metrics > "$T/out" 2>&1
[ $? -eq 2 ] && ok "-j is a usage error" || bad "-j accepted"

if command -v promtool > /dev/null; then
	if promtool check metrics < "$P" > "$T/lint" 2>&1; then
		ok "promtool check metrics accepts the exposition"
	else
		bad "promtool check metrics:"; sed 's/^/      /' "$T/lint"
	fi
else
	skp "promtool not installed (Debian package prometheus)"
fi

# -o: atomic, no temporary left, a failure leaves nothing
mkdir "$T/tf"
"$CLI" --input "$T/a.snap" metrics -o "$T/tf/pagesnap.prom" && cmp -s "$T/tf/pagesnap.prom" "$P" &&
	ok "-o writes the same text" || bad "-o output differs"
[ "$(ls "$T/tf")" = pagesnap.prom ] && ok "-o leaves no temporary" || bad "-o left: $(ls "$T/tf")"
"$CLI" --input "$T/a.snap" metrics -o "$T/nodir/x.prom" 2> "$T/err"
[ $? -eq 1 ] && grep -q "cannot create" "$T/err" && ok "-o into a missing directory: an error" || bad "-o missing dir"

# a real node_exporter with the textfile collector, scraped on loopback
NE=$(command -v prometheus-node-exporter || command -v node_exporter)
if [ -n "$NE" ]; then
	for try in 1 2 3 4 5; do
		port=$((20000 + (RANDOM % 20000)))
		"$NE" --web.listen-address="127.0.0.1:$port" --collector.disable-defaults \
			--collector.textfile --collector.textfile.directory="$T/tf" \
			> "$T/ne.log" 2>&1 &
		NE_PID=$!
		for i in $(seq 50); do
			python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/metrics', timeout=2)" 2>/dev/null && break
			kill -0 "$NE_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill -0 "$NE_PID" 2>/dev/null && break
		wait "$NE_PID" 2>/dev/null
		NE_PID=
	done
	if [ -n "$NE_PID" ]; then
		python3 -c "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:$port/metrics', timeout=5).read().decode())" > "$T/scrape" 2>&1
		grep -q '^node_textfile_scrape_error 0' "$T/scrape" && ok "node_exporter read the file without error" || bad "node_textfile_scrape_error: $(grep scrape_error "$T/scrape")"
		python3 - "$P" "$T/scrape" > "$T/cmp" 2>&1 <<'EOF'
import re, sys
def series(path):
    d = {}
    for l in open(path):
        if l.startswith("pagesnap_"):
            k, v = l.rsplit(" ", 1)
            name, _, labels = k.partition("{")
            # node_exporter sorts labels: compare label sets
            lab = tuple(sorted(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', labels)))
            d[(name, lab)] = float(v)
    return d
a, b = series(sys.argv[1]), series(sys.argv[2])
missing = [k for k in a if k not in b or a[k] != b[k]]
print(len(a), "series,", len(missing), "missing or different", missing[:3])
sys.exit(1 if missing or not a else 0)
EOF
		[ $? -eq 0 ] && ok "scraped over loopback: $(cat "$T/cmp")" || { bad "scrape differs"; cat "$T/cmp"; }
		grep '^pagesnap_pages{kind="anon_thp"}' "$T/scrape" | sed 's/^/      scraped: /'
		kill "$NE_PID"; wait "$NE_PID" 2>/dev/null; NE_PID=
	else
		bad "node_exporter did not start: $(tail -2 "$T/ne.log")"
	fi
else
	skp "prometheus-node-exporter not installed"
fi

# the systemd units that refresh the file every minute
U=../../packaging
mkdir "$T/units"
sed "s|@SBINDIR@|$(cd ../../tools && pwd)|" "$U/pagesnap-metrics.service.in" > "$T/units/pagesnap-metrics.service"
cp "$U/pagesnap-metrics.timer" "$T/units/"
if command -v systemd-analyze > /dev/null; then
	(cd "$T/units" && systemd-analyze verify --man=no ./pagesnap-metrics.service ./pagesnap-metrics.timer) > "$T/verify" 2>&1
	[ $? -eq 0 ] && [ ! -s "$T/verify" ] && ok "systemd-analyze verify: service and timer clean" ||
		{ bad "systemd-analyze verify:"; sed 's/^/      /' "$T/verify"; }
else
	skp "systemd-analyze not installed"
fi
dir=$(sed -n 's|^ExecStart=.* metrics -o \(.*\)/[^/]*\.prom$|\1|p' "$T/units/pagesnap-metrics.service")
if [ -n "$NE" ]; then
	nedef=$("$NE" --help 2>&1 | sed -n 's/.*--collector.textfile.directory="\([^"]*\)".*/\1/p')
	[ -n "$dir" ] && [ "$dir" = "$nedef" ] && ok "the service writes into node_exporter's default textfile directory ($dir)" ||
		bad "service writes into '$dir', node_exporter reads '$nedef'"
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
