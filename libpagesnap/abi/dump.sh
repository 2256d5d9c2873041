#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# usage: dump.sh LIBPAGESNAP_DIR UAPI_DIR OUT.abi
#
# The ABI of LIBPAGESNAP_DIR/libpagesnap.so.0 (built with -g) as abidw
# (abigail-tools) sees it, restricted to the types declared in the public
# headers: LIBPAGESNAP_DIR/include, UAPI_DIR, and LIBPAGESNAP_DIR/abi (the
# frozen 0.1 types of the LIBPAGESNAP_0.1 compatibility symbols) when the
# tree has it.  The layouts of the opaque struct pagesnap and struct
# pagesnap_scan are dropped: callers never see them.  Used alike for the
# baseline (make-baseline.sh) and by check.sh.
set -eu
[ $# -eq 3 ] || { echo "usage: $0 LIBPAGESNAP_DIR UAPI_DIR OUT.abi" >&2; exit 2; }
lib=$(realpath "$1") uapi=$(realpath "$2") out=$3
# --hd, not --hf: abidw matches the headers by directory
set -- --hd "$lib/include" --hd "$uapi"
[ -f "$lib/abi/v0_1.h" ] && set -- "$@" --hd "$lib/abi"
abidw --drop-private-types "$@" --no-corpus-path --no-comp-dir-path \
	--short-locs --type-id-style hash --out-file "$out.raw" \
	"$lib/libpagesnap.so.0"
# Every symbol as if it were its name's default version: a program bound to
# name@NODE gets the same function whether or not NODE is still the
# default for new links (the 0.1 compatibility symbols are not), and
# abidiff compares the types of a function only when the two ids agree
# (pagesnap_get@@LIBPAGESNAP_0.1 in the baseline, pagesnap_get@LIBPAGESNAP_0.1
# since 0.2: without this it compared neither way, silently).
sed -e "s/is-default-version='no'/is-default-version='yes'/" \
	-e "s/elf-symbol-id='\([^'@]*\)@\([^@']\)/elf-symbol-id='\1@@\2/g" \
	"$out.raw" >"$out"
rm -f "$out.raw"
