#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-install.sh - "make install" into a temporary DESTDIR, then check
# the tree: every expected file, the soname symlinks, the module for the
# chosen kernel (and that modprobe resolves it there, without loading
# anything), the udev rule and module config, the pkg-config file; then
# compile and link a program against the installed header and library
# through pkg-config (PKG_CONFIG_SYSROOT_DIR/PKG_CONFIG_PATH into
# DESTDIR), shared and static, run it, import the Python package from the
# installed location, and "make uninstall" must leave no file behind.
#
# Environment: KDIR (default: the 6.12 stock headers), PREFIX (default
# /usr), KEEP=1 to keep the DESTDIR.  Prints "N passed, N failed".

set -uo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
KDIR=${KDIR:-$(ls -d /usr/src/linux-headers-6.12.*-cloud-amd64 2>/dev/null | tail -n1)}
PREFIX=${PREFIX:-/usr}
PASS=0 FAIL=0

ok()   { PASS=$((PASS + 1)); echo "PASS: $1"; }
bad()  { FAIL=$((FAIL + 1)); echo "FAIL: $1${2:+: $2}"; }
t()    { local name=$1; shift; if "$@" >/dev/null 2>&1; then ok "$name"; else bad "$name"; fi; }
finish() {
	echo "check-install: $PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ] && [ "$PASS" -gt 0 ]
	exit $?
}

[ -n "$KDIR" ] && [ -f "$KDIR/include/config/kernel.release" ] || {
	bad "kbuild tree" "KDIR='$KDIR' has no include/config/kernel.release"; finish; }
KREL=$(cat "$KDIR/include/config/kernel.release")
D=$(mktemp -d /tmp/pagesnap-destdir.XXXXXX)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$D"' EXIT
echo "check-install: DESTDIR=$D PREFIX=$PREFIX KDIR=$KDIR"

if make -C "$TOP" install DESTDIR="$D" PREFIX="$PREFIX" KDIR="$KDIR" > "$D.log" 2>&1; then
	ok "make install"
else
	bad "make install" "$(tail -n 5 "$D.log")"; finish
fi

P=$D$PREFIX
LIB=$P/lib
# the library's one version number (libpagesnap/Makefile)
LIBVER=$(sed -n 's/^VERSION := //p' "$TOP/libpagesnap/Makefile")
# --- files ---------------------------------------------------------------
for f in include/pagesnap.h include/pagesnap_version.h include/linux/pagesnap.h \
	 lib/libpagesnap.so.$LIBVER lib/libpagesnap.a lib/pkgconfig/libpagesnap.pc \
	 sbin/pagesnap-cli lib/udev/rules.d/60-pagesnap.rules \
	 lib/modules-load.d/pagesnap.conf lib/modprobe.d/pagesnap.conf \
	 lib/systemd/system/pagesnap-metrics.service \
	 lib/systemd/system/pagesnap-metrics.timer \
	 share/man/man3/pagesnap_open.3 share/man/man3/pagesnap_scan.3; do
	t "file $PREFIX/$f" test -f "$P/$f"
done
n3=$(ls "$P"/share/man/man3/*.3 2>/dev/null | wc -l)
nsrc=$(ls "$TOP"/libpagesnap/man/*.3 2>/dev/null | wc -l)
t "man3: all $nsrc pages" test "$n3" -eq "$nsrc" -a "$n3" -gt 0
for f in share/man/man8/pagesnap-cli.8 share/bash-completion/completions/pagesnap-cli; do
	t "file $PREFIX/$f" test -f "$P/$f"
done
t "cmp uapi header" cmp "$TOP/uapi/linux/pagesnap.h" "$P/include/linux/pagesnap.h"
t "cli is executable" test -x "$P/sbin/pagesnap-cli"
t "metrics service runs the installed cli" \
	grep -q "^ExecStart=$PREFIX/sbin/pagesnap-cli metrics -o " \
	"$P/lib/systemd/system/pagesnap-metrics.service"

# --- symlinks ------------------------------------------------------------
t "libpagesnap.so -> libpagesnap.so.0" test "$(readlink "$LIB/libpagesnap.so")" = libpagesnap.so.0
t "libpagesnap.so.0 -> libpagesnap.so.$LIBVER" test "$(readlink "$LIB/libpagesnap.so.0")" = "libpagesnap.so.$LIBVER"
soname=$(readelf -d "$LIB/libpagesnap.so.$LIBVER" 2>/dev/null | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
t "soname is libpagesnap.so.0" test "$soname" = libpagesnap.so.0

# --- module ----------------------------------------------------------------
ko=$(find "$D/lib/modules/$KREL" -name 'pagesnap.ko*' 2>/dev/null | head -n1)
t "module installed under /lib/modules/$KREL" test -n "$ko"
if [ -n "$ko" ]; then
	vm=$(modinfo -F vermagic "$ko" 2>/dev/null)
	t "module vermagic is $KREL" test "${vm%% *}" = "$KREL"
	t "module name is pagesnap" test "$(modinfo -F name "$ko" 2>/dev/null)" = pagesnap
	# depmod + modprobe against DESTDIR: resolved, nothing loaded
	# (--show-depends only prints the insmod line).
	if depmod -b "$D" "$KREL" 2>/dev/null; then
		show=$(modprobe -d "$D" -S "$KREL" --show-depends pagesnap 2>&1)
		case "$show" in
		"insmod $ko"*) ok "modprobe resolves pagesnap in DESTDIR" ;;
		*) bad "modprobe resolves pagesnap in DESTDIR" "$show" ;;
		esac
	else
		bad "depmod -b DESTDIR"
	fi
fi

# --- configuration ---------------------------------------------------------
rule=$P/lib/udev/rules.d/60-pagesnap.rules
t "udev rule names the device" grep -q 'KERNEL=="pagesnap"' "$rule"
t "udev rule sets MODE 0600" grep -q 'MODE="0600"' "$rule"
t "modules-load names pagesnap" grep -qx pagesnap "$P/lib/modules-load.d/pagesnap.conf"
t "pkg-config prefix is $PREFIX" grep -qx "prefix=$PREFIX" "$LIB/pkgconfig/libpagesnap.pc"

# --- build against the installed tree ---------------------------------------
export PKG_CONFIG_SYSROOT_DIR=$D PKG_CONFIG_PATH=$LIB/pkgconfig PKG_CONFIG_LIBDIR=$LIB/pkgconfig
ver=$(pkg-config --modversion libpagesnap 2>/dev/null)
want=$(sed -n 's/^VERSION *:*= *//p' "$TOP/libpagesnap/Makefile")
t "pkg-config --modversion = $want" test "$ver" = "$want"
cflags=$(pkg-config --cflags libpagesnap)
libs=$(pkg-config --libs libpagesnap)
case "$cflags $libs" in
*"$D"*) ok "pkg-config flags point into DESTDIR" ;;
*) bad "pkg-config flags point into DESTDIR" "$cflags $libs" ;;
esac
cat > "$D/prog.c" <<'EOC'
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <pagesnap.h>

/* Build check: the installed headers and library work together. */
int main(void)
{
	struct pagesnap_entry e;
	struct pagesnap *ps = NULL;
	uint64_t s, end;
	int ret;

	if (!pagesnap_check_version(PAGESNAP_VERSION_MAJOR, PAGESNAP_VERSION_MINOR))
		return 1;
	if (sizeof(e) != PAGESNAP_ENTRY_SIZE_VER1)
		return 2;
	if (pagesnap_parse_range("0x10+4", &s, &end) || s != 16 || end != 20)
		return 3;
	ret = pagesnap_open("/nonexistent/pagesnap", &ps);
	if (ret != -ENOENT || errno != ENOENT || ps)
		return 4;
	if (strcmp(pagesnap_flag_name(PAGESNAP_KPF_LRU), "lru"))
		return 5;
	printf("%s: %s\n", PAGESNAP_VERSION, pagesnap_strerror(ret));
	return 0;
}
EOC
if cc -Wall -Wextra -Werror $cflags -o "$D/prog" "$D/prog.c" $libs 2> "$D/cc.log"; then
	ok "compile+link via pkg-config (shared)"
	out=$(LD_LIBRARY_PATH=$LIB "$D/prog" 2>&1)
	t "run against installed libpagesnap.so.0" test $? -eq 0 -a -n "$out"
	t "linked to libpagesnap.so.0" sh -c "LD_LIBRARY_PATH=$LIB ldd $D/prog | grep -q '$LIB/libpagesnap.so.0'"
else
	bad "compile+link via pkg-config (shared)" "$(head -n 5 "$D/cc.log")"
fi
# shellcheck disable=SC2046 # pkg-config output is a list of words
if cc -Wall -Wextra -Werror -static $cflags -o "$D/prog-static" "$D/prog.c" \
	$(pkg-config --libs --static libpagesnap) 2> "$D/cc.log"; then
	ok "compile+link via pkg-config (static)"
	t "run static program" "$D/prog-static"
else
	bad "compile+link via pkg-config (static)" "$(head -n 5 "$D/cc.log")"
fi

# --- Python package ----------------------------------------------------------
pyd=$(find "$P/lib" -type d -name pagesnap -path '*-packages/*' | head -n1)
t "python package installed" test -n "$pyd"
if [ -n "$pyd" ]; then
	t "python imports installed package with installed library" env \
		PYTHONPATH="$(dirname "$pyd")" PAGESNAP_LIBRARY="$LIB/libpagesnap.so.0" \
		/usr/bin/python3 -I -c "import sys; sys.path.insert(0, '$(dirname "$pyd")'); import pagesnap; assert pagesnap.__file__.startswith('$D'); assert pagesnap._lib.path.startswith('$D'); pagesnap.parse_range('1+1')"
fi

# --- uninstall -------------------------------------------------------------
rm -f "$D/prog" "$D/prog-static" "$D/prog.c" "$D/cc.log"
find "$D" -name '__pycache__' -prune -exec rm -rf {} +
rm -f "$D"/lib/modules/"$KREL"/modules.* 2>/dev/null
if make -C "$TOP" uninstall DESTDIR="$D" PREFIX="$PREFIX" KDIR="$KDIR" > "$D.log" 2>&1; then
	ok "make uninstall"
else
	bad "make uninstall" "$(tail -n 5 "$D.log")"
fi
left=$(find "$D" \( -type f -o -type l \) | sed "s|^$D||")
if [ -z "$left" ]; then ok "uninstall leaves no file"; else bad "uninstall leaves no file" "$(echo $left | head -c 300)"; fi
rm -f "$D.log"
finish
