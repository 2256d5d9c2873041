#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# usage: make-baseline.sh COMMIT OUT.abi
#
# Build libpagesnap as of COMMIT (git archive into a temporary directory,
# -O2 -g) and write its ABI (dump.sh) to OUT.abi.  Run once per release,
# on the release's commit; see README.md "Versioning and the ABI check".
set -eu
[ $# -eq 2 ] || { echo "usage: $0 COMMIT OUT.abi" >&2; exit 2; }
commit=$1 out=$(realpath -m "$2")
here=$(cd "$(dirname "$0")" && pwd)
top=$(git -C "$here" rev-parse --show-toplevel)
tmp=$(mktemp -d /tmp/pagesnap-baseline.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
git -C "$top" archive "$commit" libpagesnap uapi mk | tar -x -C "$tmp"
make -s -C "$tmp/libpagesnap" OPTFLAGS="-O2 -g" >/dev/null
"$here/dump.sh" "$tmp/libpagesnap" "$tmp/uapi" "$out"
echo "baseline of $(git -C "$top" log -1 --format='%h %s' "$commit") -> $out"
