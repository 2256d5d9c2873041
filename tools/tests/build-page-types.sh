#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-page-types.sh OUT [static]: build Linux 6.12's tools/mm/page-types
# from Debian's linux-source-6.12 (scripts/install-deps.sh installs it),
# the reference that pagesnap-cli --page-types is compared with byte for
# byte.  Exit 3 when the source tarball is missing (callers SKIP).
set -e
out=$1
static=${2:+-static}
tar=${LINUX_SOURCE_612:-/usr/src/linux-source-6.12.tar.xz}
[ -r "$tar" ] || { echo "no $tar (apt-get install linux-source-6.12)" >&2; exit 3; }
[ -x "$out" ] && [ "$out" -nt "$tar" ] && [ "$out" -nt "$0" ] && exit 0
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
tar -xJf "$tar" -C "$src" --wildcards '*/tools/mm/page-types.c' \
	'*/tools/lib/api/*' '*/tools/include/*' \
	'*/include/uapi/linux/kernel-page-flags.h' '*/include/uapi/linux/magic.h'
mm=$(echo "$src"/*/tools/mm)
# -ftrivial-auto-var-init=zero: walk_pfn() compares cnt[], which nothing
# fills without -M (kpagecount_read() returns early), so -l splits runs
# wherever stale stack bytes differ; zero is what the code means.
gcc -O2 -ftrivial-auto-var-init=zero $static -I"$mm/../include" -I"$mm/../lib" -I"$mm/../lib/api" \
	-o "$out" "$mm/page-types.c" "$mm/../lib/api/fs/fs.c" \
	"$mm/../lib/api/debug.c" 2>/dev/null
