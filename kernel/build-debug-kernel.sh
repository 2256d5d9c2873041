#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-debug-kernel.sh - build (or reuse) the debug-6.12 guest kernel.
#
# Usage: build-debug-kernel.sh [--key]
#
# Builds Debian's linux-source-6.12 with the pagesnap patch series
# (kernel/patches/series) and the debug config fragment (kernel/debug.config)
# on top of tinyconfig, then prints exactly two lines on stdout:
#
#   IMAGE=<path to bzImage>
#   KDIR=<kbuild tree to build out-of-tree modules against>
#
# Everything else (progress, compiler output) goes to stderr or to the build
# log in the cache directory.  The build lives in
#   $PAGESNAP_CACHE/debug-6.12/<key>/      (PAGESNAP_CACHE: /var/cache/pagesnap)
# where <key> is a sha256 over the source package version, the compiler
# version, this script, apply-patches.sh, debug.config and every patch in
# the series.  A finished build with the same key is reused at once; a
# half-finished one (no .done stamp) is removed and built again.  Builds of
# the same key are serialised with flock.
#
# --key prints the cache key and exits.
# Environment: PAGESNAP_CACHE, PAGESNAP_JOBS (default: nproc).

set -euo pipefail

# All stdout of the commands below goes to stderr; fd 3 is the real stdout.
exec 3>&1 1>&2

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${PAGESNAP_CACHE:-/var/cache/pagesnap}
JOBS=${PAGESNAP_JOBS:-$(nproc)}
PKG=linux-source-6.12
TARBALL=/usr/src/$PKG.tar.xz

die() { echo "build-debug-kernel: error: $*"; exit 1; }
log() { echo "build-debug-kernel: $*"; }

# ensure_source: install the source package if its tarball is missing.
ensure_source() {
	[ -f "$TARBALL" ] && return 0
	log "$TARBALL is missing, installing $PKG"
	[ "$(id -u)" -eq 0 ] || die "$PKG is not installed and we are not root"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "$PKG" || die "cannot install $PKG"
	[ -f "$TARBALL" ] || die "$PKG installed but $TARBALL does not exist"
}

# source_version: the package version, or the tarball's hash if dpkg does
# not know where the tarball came from.
source_version() {
	local v
	v=$(dpkg-query -W -f='${Version}' "$PKG" 2>/dev/null || true)
	if [ -n "$v" ]; then
		echo "$PKG $v"
	else
		echo "$TARBALL $(sha256sum "$TARBALL" | cut -d' ' -f1)"
	fi
}

# cache_key: sha256 of everything that determines the build.
cache_key() {
	local f
	{
		source_version
		echo "cc $(gcc --version | head -n1)"
		for f in build-debug-kernel.sh apply-patches.sh debug.config \
			 patches/series; do
			echo "$f $(sha256sum <"$HERE/$f" | cut -d' ' -f1)"
		done
		grep -v -e '^#' -e '^$' "$HERE/patches/series" | while read -r f; do
			echo "patches/$f $(sha256sum <"$HERE/patches/$f" | cut -d' ' -f1)"
		done
	} | sha256sum | cut -c1-16
}

# verify_config DIR: every option the fragment sets must have survived
# olddefconfig with the same value; every option it unsets must be unset.
verify_config() {
	local cfg=$1/.config line opt bad=0
	while read -r line; do
		case "$line" in
		CONFIG_*=*)
			grep -qxF "$line" "$cfg" || {
				log "config: wanted $line, got: $(grep -E "^(# )?${line%%=*}[= ]" "$cfg" || echo unset)"
				bad=1
			} ;;
		'# CONFIG_'*' is not set')
			opt=${line#\# }
			opt=${opt%% *}
			if grep -qE "^$opt=" "$cfg"; then
				log "config: wanted $opt unset, got: $(grep -E "^$opt=" "$cfg")"
				bad=1
			fi ;;
		esac
	done <"$HERE/debug.config"
	[ "$bad" -eq 0 ] || die "config fragment not honoured (see above)"
}

# build DIR: extract, patch, configure and build into DIR/linux.
build() {
	local dir=$1 src=$1/linux start end
	start=$(date +%s)
	log "extracting $TARBALL"
	tar -xJf "$TARBALL" -C "$dir"
	mv "$dir/$PKG" "$src"
	"$HERE/apply-patches.sh" "$src"

	log "configuring: tinyconfig + debug.config"
	make -C "$src" -s tinyconfig
	"$src/scripts/kconfig/merge_config.sh" -m -O "$src" "$src/.config" \
		"$HERE/debug.config" >/dev/null
	make -C "$src" -s olddefconfig
	verify_config "$src"

	log "building bzImage and modules with -j$JOBS"
	make -C "$src" -j"$JOBS" KBUILD_BUILD_USER=pagesnap \
		KBUILD_BUILD_HOST=pagesnap all
	make -C "$src" modules_prepare

	[ -f "$src/arch/x86/boot/bzImage" ] || die "no bzImage was built"
	grep -qw snapshot_page "$src/System.map" ||
		die "snapshot_page is not in System.map"
	grep -qP '\tsnapshot_page\tvmlinux\tEXPORT_SYMBOL_GPL' \
		"$src/Module.symvers" ||
		die "snapshot_page is not exported in Module.symvers"
	grep -qP '\thuge_zero_pfn\tvmlinux\tEXPORT_SYMBOL_GPL' \
		"$src/Module.symvers" ||
		die "huge_zero_pfn is not exported in Module.symvers"
	end=$(date +%s)
	echo "build_seconds=$((end - start)) jobs=$JOBS date=$(date -u +%FT%TZ)" \
		>"$dir/.done"
	log "built in $((end - start)) s"
}

case "${1:-}" in
'') ;;
--key)
	ensure_source
	cache_key >&3
	exit 0 ;;
*)
	echo "usage: $0 [--key]"
	exit 2 ;;
esac

ensure_source
key=$(cache_key)
dir=$CACHE/debug-6.12/$key
mkdir -p "$CACHE/debug-6.12"

exec 9>"$dir.lock"
flock 9
if [ ! -f "$dir/.done" ]; then
	rm -rf "$dir"
	mkdir -p "$dir"
	log "building debug-6.12 (key $key); log: $dir/build.log"
	# Not in an "if": set -e must stay in force inside the subshell.
	set +e
	(set -e; build "$dir") >"$dir/build.log" 2>&1
	rc=$?
	set -e
	if [ "$rc" -ne 0 ]; then
		tail -n 40 "$dir/build.log"
		die "build failed; full log: $dir/build.log"
	fi
	grep '^build-debug-kernel: built' "$dir/build.log" || true
fi
flock -u 9

echo "IMAGE=$dir/linux/arch/x86/boot/bzImage" >&3
echo "KDIR=$dir/linux" >&3
