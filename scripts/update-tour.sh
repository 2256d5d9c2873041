#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# update-tour.sh SERIAL_LOG: put the pagesnap-cli tour a guest printed
# (tools/tests/cli-tour.sh, between PAGESNAP-CLI-TOUR markers) into
# README.md between its cli-tour markers, and the Python tour
# (PAGESNAP-PYTHON-TOUR) into docs/python.md's session block.  The guest
# suites check both blocks against what the code prints (cli-tour.sh
# check, guest_test.py), so a stale one fails make check.
set -euo pipefail
log=$1
top=$(cd "$(dirname "$0")/.." && pwd)
block() { # BEGIN END: the lines between two markers of the log
	tr -d '\r' < "$log" | sed -n "/^===== $1 =====\$/,/^===== $2 =====\$/p" | sed '1d;$d'
}
replace() { # FILE BEGIN-RE END-RE TEXTFILE: keep the markers, new inside
	python3 - "$@" <<'PY'
import re, sys
path, begin, end, new = sys.argv[1:5]
s = open(path).read()
body = open(new).read()
m = re.search(begin, s, re.M)
e = re.search(end, s[m.end():], re.M) if m else None
if not m or not e:
    sys.exit(f"{path}: markers {begin!r}..{end!r} not found")
s = s[:m.end()] + "\n" + body + s[m.end() + e.start():]
open(path, "w").write(s)
PY
}
t=$(mktemp)
trap 'rm -f "$t"' EXIT
{ echo '```'; block "PAGESNAP-CLI-TOUR BEGIN" "PAGESNAP-CLI-TOUR END"; echo '```'; } > "$t"
[ "$(wc -l < "$t")" -gt 2 ] || { echo "no CLI tour in $log" >&2; exit 1; }
replace "$top/README.md" '^<!-- cli-tour begin -->$' '^<!-- cli-tour end -->$' "$t"
{ echo '```'; echo '# python3 /python/tour.py'
  block "PAGESNAP-PYTHON-TOUR BEGIN" "PAGESNAP-PYTHON-TOUR END"; echo '```'; } > "$t"
[ "$(wc -l < "$t")" -gt 3 ] || { echo "no Python tour in $log" >&2; exit 1; }
replace "$top/docs/python.md" '^<!-- python-tour begin -->$' '^<!-- python-tour end -->$' "$t"
{ echo '```'; block "PAGESNAP-PYTHON-TOUR BEGIN" "PAGESNAP-PYTHON-TOUR END" | head -n 9
  echo '```'; } > "$t"
replace "$top/README.md" '^<!-- python-tour-head begin -->$' '^<!-- python-tour-head end -->$' "$t"
echo "README.md and docs/python.md updated from $log"
