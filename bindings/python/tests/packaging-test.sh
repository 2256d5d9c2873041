#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The package as users get it (issue 14.9), offline with Debian's tools:
# - mypy --strict passes on the package (it ships py.typed);
# - a wheel builds with Debian's pip/setuptools/wheel and installs with
#   pip into a fresh venv (no system site packages, --no-index), py.typed
#   included, and imports from there;
# - pip install --no-build-isolation --no-index . works in a venv that
#   sees Debian's setuptools and wheel (--system-site-packages).
# Prints "N passed, N failed".
PY=${PYTHON:-/usr/bin/python3}
here=$(cd "$(dirname "$0")/.." && pwd)
lib=${PAGESNAP_LIBRARY:-$here/../../libpagesnap/libpagesnap.so.0}
pass=0
fail=0
T=$(mktemp -d)
trap 'rm -rf "$T" "$here/build" "$here"/*.egg-info' EXIT
ok()  { pass=$((pass + 1)); echo "ok    $*"; }
bad() { fail=$((fail + 1)); echo "FAIL  $*"; sed 's/^/      /' "$T/log" | tail -8; }

if "$PY" -m mypy --strict "$here/pagesnap" > "$T/log" 2>&1; then
	ok "mypy --strict: $(tail -1 "$T/log")"
else
	bad "mypy --strict"
fi

# an import from outside the source tree, answering where it came from
probe='import os, pagesnap; d = os.path.dirname(pagesnap.__file__); print(d, os.path.exists(os.path.join(d, "py.typed")))'
if (cd "$here" && "$PY" -m pip wheel --no-build-isolation --no-index --no-deps \
	-w "$T/dist" .) > "$T/log" 2>&1 && ls "$T"/dist/pagesnap-*.whl > /dev/null 2>&1; then
	ok "wheel built offline: $(basename "$T"/dist/pagesnap-*.whl)"
	if "$PY" -m venv "$T/venv" > "$T/log" 2>&1 &&
	   "$T/venv/bin/pip" install --no-index "$T"/dist/pagesnap-*.whl >> "$T/log" 2>&1; then
		ok "wheel installed with pip in a fresh venv, no index"
		out=$(cd "$T" && PAGESNAP_LIBRARY=$lib "$T/venv/bin/python" -c "$probe" 2>&1)
		case $out in
		"$T/venv/"*" True") ok "imports from the venv, py.typed installed" ;;
		*) echo "$out" > "$T/log"; bad "venv import: $out" ;;
		esac
	else
		bad "pip install of the wheel into a fresh venv"
	fi
else
	bad "pip wheel --no-build-isolation --no-index"
fi

if "$PY" -m venv --system-site-packages "$T/sys" > "$T/log" 2>&1 &&
   (cd "$here" && "$T/sys/bin/pip" install --no-build-isolation --no-index .) >> "$T/log" 2>&1; then
	out=$(cd "$T" && PAGESNAP_LIBRARY=$lib "$T/sys/bin/python" -c "$probe" 2>&1)
	case $out in
	"$T/sys/"*" True") ok "pip install --no-build-isolation --no-index . in a venv" ;;
	*) echo "$out" > "$T/log"; bad "source install import: $out" ;;
	esac
else
	bad "pip install --no-build-isolation --no-index . (venv --system-site-packages)"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
