#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# usage: build.sh OUT_DIR [CC_FLAGS...]
#
# OUT_DIR/old-prog: old-prog.c compiled with the libpagesnap 0.1 headers
# (v0.1/include, as of d2797e4, the commit before nr_pages) and linked
# against OUT_DIR/stub/libpagesnap.so, a stand-in with the 0.1 map, so that
# it binds its libpagesnap functions @LIBPAGESNAP_0.1 as a program built
# against the 0.1 release does.  Run it with the real library
# (LD_LIBRARY_PATH).
set -eu
[ $# -ge 1 ] || { echo "usage: $0 OUT_DIR [CC_FLAGS...]" >&2; exit 2; }
out=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
CC=${CC:-cc}
mkdir -p "$out/stub"
"$CC" -Wall -Wextra -shared -fPIC -I"$here/v0.1/include" -o "$out/stub/libpagesnap.so" \
	"$here/stub.c" -Wl,--version-script="$here/v0.1/libpagesnap.map" \
	-Wl,-soname,libpagesnap.so.0
"$CC" -Wall -Wextra -Werror -O2 "$@" -I"$here/v0.1/include" -o "$out/old-prog" \
	"$here/old-prog.c" -L"$out/stub" -lpagesnap -ldl
