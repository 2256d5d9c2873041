#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# usage: check.sh LIBPAGESNAP_DIR UAPI_DIR BASELINE.abi VERSION
#
# The ABI check of `make check`: compares the exported ABI of the built
# library (LIBPAGESNAP_DIR/libpagesnap.so.0, with debug info) with the
# stored baseline of the last release (abidiff, abigail-tools) and fails
# on any change that is not a new symbol in the node of the release being
# made:
#   1. no symbol of the baseline is removed or changed, in any node: not its
#      node, not a parameter, not a type it reaches (a struct that grows
#      is a change: give the function a new, sized version instead); a
#      symbol that stops being the default for new links (kept with .symver
#      for old programs) is not a change;
#   2. every symbol the baseline lacks is in version node
#      LIBPAGESNAP_<major>.<minor> of VERSION (the Makefile's), newer than
#      the baseline's release (libpagesnap-<major>.<minor>.abi), and is
#      the default version there.
# README.md says how to update the baseline at a release.
set -u
[ $# -eq 4 ] || { echo "usage: $0 LIBPAGESNAP_DIR UAPI_DIR BASELINE.abi VERSION" >&2; exit 2; }
lib=$1 uapi=$2 base=$3 version=$4
here=$(dirname "$0")
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
finish() { echo "abi: $pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit; }

command -v abidiff >/dev/null || { bad "abidiff missing (apt-get install abigail-tools; scripts/install-deps.sh)"; finish; }
tmp=$(mktemp -d /tmp/pagesnap-abi.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

cur_node=LIBPAGESNAP_$(echo "$version" | cut -d. -f1,2)
base_rel=$(basename "$base" .abi | sed -n 's/^libpagesnap-\([0-9]*\.[0-9]*\)$/\1/p')
[ -n "$base_rel" ] || { bad "baseline name $base: want libpagesnap-MAJOR.MINOR.abi"; finish; }
newer=$(printf '%s\n%s\n' "$base_rel" "${cur_node#LIBPAGESNAP_}" | sort -V | tail -1)
if [ "$newer" = "$base_rel" ]; then
	bad "VERSION $version is not newer than the baseline's release $base_rel"
	finish
fi
ok "VERSION $version: new symbols belong in $cur_node (baseline: release $base_rel)"

if ! "$here/dump.sh" "$lib" "$uapi" "$tmp/cur.abi" 2>"$tmp/dump.err" ||
   ! grep -q "<elf-function-symbols>" "$tmp/cur.abi"; then
	bad "abidw of $lib/libpagesnap.so.0 (built with -g?): $(cat "$tmp/dump.err")"
	finish
fi

# 1. nothing of the baseline removed or changed (added symbols: step 2)
abidiff --no-added-syms --redundant "$base" "$tmp/cur.abi" >"$tmp/diff1"
rc=$?
if [ "$rc" -eq 0 ]; then
	ok "every symbol of $(basename "$base") is there, unchanged"
else
	bad "abidiff $(basename "$base") (exit $rc): removed or changed symbols:"
	sed 's/^/    /' "$tmp/diff1"
fi

# 2. what was added is in the current node (dump.sh makes every version
# look like the default; whether it is, objdump tells below)
abidiff "$base" "$tmp/cur.abi" >"$tmp/diff2"
# "[A] 'function ...' {name@@NODE}", or "[A] name@@NODE" for a symbol
# without debug information in the public headers
grep '^  \[A\] ' "$tmp/diff2" | sed 's/^.*[{ ]\([^{} ]*\)}\{0,1\}$/\1/' >"$tmp/added"
unversioned=$(grep -v '@' "$tmp/added")
if [ -n "$unversioned" ]; then
	bad "added symbols without a version node: $unversioned"
fi
wrong=$(grep '@' "$tmp/added" | grep -v "@@$cur_node\$")
hidden=$(objdump -T "$lib/libpagesnap.so.0" | awk -v n="($cur_node)" 'NF >= 2 && $(NF-1) == n {print $NF}')
if [ -n "$hidden" ]; then
	bad "symbols of $cur_node that new programs cannot link to (not default): $hidden"
fi
if [ -n "$wrong" ]; then
	bad "added symbols outside $cur_node (a released node never grows):"
	echo "$wrong" | sed 's/^/    /'
else
	ok "$(wc -l <"$tmp/added") added symbols, all @@$cur_node: $(tr '\n' ' ' <"$tmp/added")"
fi
finish
