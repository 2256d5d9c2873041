#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# libpagesnap as a user gets it: install into a scratch DESTDIR, build a
# program with pkg-config against the shared library, and one with
# `gcc -static` against the non-PIC archive; check the soname, the symbol
# version node and that nothing but pagesnap_* is exported.
# A step that needs a host capability (a 32-bit toolchain, a kernel that
# executes 32-bit binaries) probes it first and is a counted skip with the
# reason when it is missing.
# Prints "N passed, N failed, N skipped".

TOP=$(cd "$(dirname "$0")/../.." && pwd)
LIB=$TOP/libpagesnap
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
pass=0
fail=0
skip=0
ok()  { pass=$((pass + 1)); echo "ok    $*"; }
bad() { fail=$((fail + 1)); echo "FAIL  $*"; }
skp() { skip=$((skip + 1)); echo "SKIP  $*"; }

# can32: empty when this host builds and runs a static 32-bit program;
# else why not.  CONFIG_IA32_EMULATION=y is not enough: the kernel may
# have it off (ia32_emulation=0, IA32_EMULATION_DEFAULT_DISABLED), and
# execve then fails with ENOEXEC.  So the probe executes one.
printf 'int main(void) { return 42; }\n' > "$W/true32.c"
if ! gcc -m32 -static -o "$W/true32" "$W/true32.c" 2>"$W/true32.log"; then
	can32="no 32-bit toolchain (gcc -m32 -static: $(head -1 "$W/true32.log"))"
else
	"$W/true32" 2>"$W/true32.run"
	rc=$?
	if [ "$rc" -eq 42 ]; then
		can32=
	else
		can32="this kernel does not execute 32-bit binaries (exit $rc: $(head -1 "$W/true32.run"))"
	fi
fi

make -s -C "$LIB" all static >/dev/null 2>&1 || bad "library builds"
if make -s -C "$LIB" install DESTDIR="$W/root" PREFIX=/usr >"$W/install.log" 2>&1; then
	ok "make install DESTDIR"
else
	bad "make install"; cat "$W/install.log"
fi
R=$W/root/usr
for f in include/pagesnap.h include/pagesnap_version.h include/linux/pagesnap.h \
	 lib/libpagesnap.a lib/pkgconfig/libpagesnap.pc lib/libpagesnap.so.0 \
	 share/man/man3/pagesnap_open.3; do
	[ -e "$R/$f" ] && ok "installed $f" || bad "missing $f"
done

soname=$(readelf -d "$LIB/libpagesnap.so" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
[ "$soname" = libpagesnap.so.0 ] && ok "soname $soname" || bad "soname '$soname'"
readelf -V "$LIB/libpagesnap.so" | grep -q 'LIBPAGESNAP_0.1' && ok "version node LIBPAGESNAP_0.1" ||
	bad "no version node"
others=$(nm -D --defined-only "$LIB/libpagesnap.so" | awk '$2 == "T" && $3 !~ /^pagesnap_/')
[ -z "$others" ] && ok "only pagesnap_* exported" || bad "also exported: $others"
# exports: exactly the names of libpagesnap.map, every one versioned
exported=$(nm -D --defined-only "$LIB/libpagesnap.so" | awk '$2 ~ /^[TDBR]$/ {print $3}' |
	sed 's/@.*//' | sort -u)
mapped=$(sed -n 's/^\t\t\(pagesnap_[a-z0-9_]*\);$/\1/p' "$LIB/libpagesnap.map" | sort -u)
[ -n "$mapped" ] && [ "$exported" = "$mapped" ] && ok "exports = libpagesnap.map ($(echo "$mapped" | wc -l) names)" ||
	bad "exports differ from the map: $(diff <(echo "$mapped") <(echo "$exported") | grep '^[<>]' | tr '\n' ' ')"
unversioned=$(nm -D --defined-only "$LIB/libpagesnap.so" | awk '$2 == "T" && $3 !~ /@/ {print $3}')
[ -z "$unversioned" ] && ok "every export versioned" || bad "unversioned: $unversioned"
# hidden by visibility, not only by the map: the objects' default-visibility
# globals are the exports (and v0_1.c's _v0_1 implementations)
visible=$(readelf -sW "$LIB"/src/*.os | awk '$5 == "GLOBAL" && $6 == "DEFAULT" && $7 != "UND" {print $8}' |
	sed 's/@.*//; s/_v0_1$//' | sort -u)
[ "$visible" = "$mapped" ] && ok "-fvisibility=hidden: only PAGESNAP_API symbols have default visibility" ||
	bad "default visibility beyond the map: $(diff <(echo "$mapped") <(echo "$visible") | grep '^>' | tr '\n' ' ')"

cat > "$W/prog.c" <<'C'
#include <stdio.h>
#include <pagesnap.h>

int main(void)
{
	struct pagesnap *ps;
	int ret = pagesnap_open("/nonexistent/pagesnap", &ps);

	if (!pagesnap_check_version(PAGESNAP_VERSION_MAJOR, PAGESNAP_VERSION_MINOR))
		return 3;
	printf("%d %s\n", ret, pagesnap_strerror(ret));
	return ret == -ENOENT ? 0 : 1;
}
C
sed -i '1i #include <errno.h>' "$W/prog.c"
export PKG_CONFIG_PATH=$R/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$W/root
flags=$(pkg-config --cflags --libs libpagesnap 2>&1)
[ $? -eq 0 ] && ok "pkg-config: $flags" || bad "pkg-config: $flags"
if gcc -Wall -Wextra -Werror -o "$W/prog" "$W/prog.c" $flags 2>"$W/cc.log"; then
	ok "compiles -Wall -Wextra -Werror and links with pkg-config flags"
	out=$(LD_LIBRARY_PATH=$R/lib "$W/prog")
	[ $? -eq 0 ] && ok "runs: $out" || bad "run: $out"
	ldd "$W/prog" 2>/dev/null | grep -q 'libpagesnap.so.0' && ok "linked to libpagesnap.so.0" ||
		bad "not dynamically linked to libpagesnap"
else
	bad "compile with pkg-config"; cat "$W/cc.log"
fi
if g++ -x c++ -fsyntax-only -I"$LIB/include" -I"$TOP/uapi" - <<< '#include <pagesnap.h>
int main() { return pagesnap_version_major(); }' 2>"$W/cxx.log"; then
	ok "header usable from C++"
else
	bad "C++"; cat "$W/cxx.log"
fi
if gcc -static -no-pie -I"$LIB/include" -I"$TOP/uapi" -o "$W/prog-static" "$W/prog.c" \
	"$LIB/static/libpagesnap.a" 2>"$W/st.log"; then
	file "$W/prog-static" | grep -q 'statically linked' && ok "gcc -static against static/libpagesnap.a" ||
		bad "not static"
	"$W/prog-static" >/dev/null && ok "static program runs" || bad "static program"
else
	bad "static link"; cat "$W/st.log"
fi
if [ "${can32#no 32-bit toolchain}" != "$can32" ]; then
	skp "header compiles for 32-bit (-m32): $can32"
elif gcc -m32 -Wall -Wextra -Werror -fsyntax-only -I"$LIB/include" -I"$TOP/uapi" "$W/prog.c" 2>"$W/m32.log"; then
	ok "header compiles for 32-bit (-m32)"
else
	bad "-m32"; cat "$W/m32.log"
fi

# a 32-bit program reads the pagemap of a 64-bit process high up (stack)
cat > "$W/pm32.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <pagesnap.h>

int main(int argc, char **argv)
{
	struct pagesnap_pagemap *pm;
	struct pagesnap_vaddr v;
	int ret;

	if (argc != 3 || pagesnap_pagemap_open(atoi(argv[1]), &pm))
		return 2;
	ret = pagesnap_pagemap_read(pm, strtoull(argv[2], NULL, 16), &v, 1);
	printf("%d %u\n", ret, v.state);
	return ret ? 1 : 0;
}
C
if [ -n "$can32" ]; then
	skp "32-bit pagemap read: $can32"
elif gcc -m32 -static -Wall -Wextra -Werror -I"$LIB/include" -I"$TOP/uapi" -D_GNU_SOURCE \
	-D_FILE_OFFSET_BITS=64 -o "$W/pm32" "$W/pm32.c" \
	$(ls "$LIB"/src/*.c | grep -v '/internal') 2>"$W/pm32.log"; then
	stack=$(awk '/\[stack\]/ {split($1, a, "-"); print a[2]}' /proc/$$/maps)
	stack=$(printf '%x' $((0x$stack - 4096)))	# the top page is in use
	out=$("$W/pm32" $$ "$stack" 2>&1)
	[ "$out" = "0 1" ] && ok "32-bit reader: 64-bit stack page present" || bad "32-bit pagemap read: '$out'"
else
	bad "32-bit pagemap reader builds"; cat "$W/pm32.log"
fi

# the example of libpagesnap/README.md compiles and says what is missing
awk '/^```c/ {f = 1; next} /^```/ {f = 0} f' "$LIB/README.md" > "$W/readme.c"
if [ -s "$W/readme.c" ] && gcc -Wall -Wextra -Werror -I"$LIB/include" -I"$TOP/uapi" \
	-o "$W/readme" "$W/readme.c" "$LIB/libpagesnap.a" 2>"$W/readme.log"; then
	ok "README example compiles warning-free"
	if [ ! -e /dev/pagesnap ]; then
		"$W/readme" 2>&1 | grep -q "module not loaded" && ok "README example: module not loaded" ||
			bad "README example message"
	fi
else
	bad "README example"; cat "$W/readme.log"
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
