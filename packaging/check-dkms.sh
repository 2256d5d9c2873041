#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-dkms.sh [KERNEL_RELEASE...] - prove "dkms add" + "dkms build" of
# pagesnap against each kernel's headers (default: both stock Debian
# cloud kernels whose /lib/modules/<release>/build exists).  Building
# only: nothing is installed or loaded, and the system's DKMS state is not
# touched (a private --sourcetree/--dkmstree/--installtree under /tmp).
#
# Stages the source with "make dkms-source" (what "make dkms-build" puts
# in /usr/src/pagesnap-<version>), then per kernel checks: dkms build
# succeeds, the built pagesnap.ko has that kernel's vermagic, and
# "dkms status" says "built".  Prints "N passed, N failed".
#
# Environment: PAGESNAP_DRIVER_DIR (driver sources, default driver/).

set -uo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
PASS=0 FAIL=0 SKIP=0
ok()  { PASS=$((PASS + 1)); echo "PASS: $1"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL: $1${2:+: $2}"; }
skip() { SKIP=$((SKIP + 1)); echo "SKIP: $1${2:+: $2}"; }

if [ $# -gt 0 ]; then
	KERNELS=("$@")
else
	KERNELS=()
	for b in /lib/modules/6.1.*-cloud-amd64/build /lib/modules/6.12.*-cloud-amd64/build; do
		[ -e "$b/Makefile" ] && KERNELS+=("$(basename "$(dirname "$b")")")
	done
fi
VER=$(sed -n 's/^VERSION *:*= *//p' "$TOP/libpagesnap/Makefile")
T=$(mktemp -d /tmp/pagesnap-dkms.XXXXXX)
trap 'rm -rf "$T"' EXIT
TREES=(--sourcetree "$T/src" --dkmstree "$T/dkms" --installtree "$T/install")
mkdir -p "$T/src" "$T/dkms" "$T/install"

if ! command -v dkms >/dev/null; then
	bad "dkms installed" "apt-get install dkms"
elif [ ${#KERNELS[@]} -eq 0 ]; then
	bad "kernel headers" "no /lib/modules/6.1*/6.12*-cloud-amd64/build"
elif make -s -C "$TOP" dkms-source DKMS_SRCDIR="$T/src/pagesnap-$VER" \
	DRIVER_SRC="${PAGESNAP_DRIVER_DIR:-$TOP/driver}" > "$T/stage.log" 2>&1; then
	ok "dkms-source: pagesnap-$VER staged"
	conf=$T/src/pagesnap-$VER/dkms.conf
	grep -q "^PACKAGE_VERSION=\"$VER\"" "$conf" && ok "dkms.conf version $VER" ||
		bad "dkms.conf version $VER" "$(grep PACKAGE_VERSION "$conf")"
	[ -f "$T/src/pagesnap-$VER/uapi/linux/pagesnap.h" ] && ok "uapi header in the DKMS source" ||
		bad "uapi header in the DKMS source"
	if dkms add -m pagesnap -v "$VER" "${TREES[@]}" > "$T/add.log" 2>&1; then
		ok "dkms add"
	else
		bad "dkms add" "$(tail -n 3 "$T/add.log")"
	fi
	for k in "${KERNELS[@]}"; do
		log=$T/build-$k.log
		if dkms build -m pagesnap -v "$VER" -k "$k" "${TREES[@]}" > "$log" 2>&1; then
			ok "dkms build -k $k"
		else
			bad "dkms build -k $k" "$(tail -n 8 "$log"; cat "$T"/dkms/pagesnap/"$VER"/build/make.log 2>/dev/null | tail -n 15)"
			continue
		fi
		ko=$(find "$T/dkms/pagesnap/$VER/$k" -name 'pagesnap.ko*' | head -n1)
		vm=$(modinfo -F vermagic "$ko" 2>/dev/null)
		[ "${vm%% *}" = "$k" ] && ok "built module has vermagic $k" ||
			bad "built module has vermagic $k" "'$ko': '$vm'"
		st=$(dkms status -m pagesnap -v "$VER" -k "$k" "${TREES[@]}" 2>/dev/null)
		case "$st" in
		*": built"*) ok "dkms status -k $k: built" ;;
		*) bad "dkms status -k $k: built" "$st" ;;
		esac
	done
else
	bad "make dkms-source" "$(tail -n 5 "$T/stage.log")"
fi
echo "check-dkms: $PASS passed, $FAIL failed${SKIP:+, $SKIP skipped}"
[ "$FAIL" -eq 0 ] && [ "$PASS" -gt 0 ]
