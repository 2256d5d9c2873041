#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel-resolve.sh NAME - find (fetching if needed) the guest kernel NAME.
#
#   NAME: stock-6.1 | stock-6.12 | debug-6.12
#
# Prints two lines on stdout:
#   IMAGE=<path to a bzImage>
#   KDIR=<kbuild tree to build modules for it>
#
# Stock kernels are Debian's cloud kernels.  The versioned package is
# resolved at run time from the meta package (so security updates are
# followed), downloaded with `apt-get download` into
# $PAGESNAP_CACHE/kernels/<pkg>_<version>/ (default /var/cache/pagesnap)
# and unpacked there with dpkg -x; nothing is installed into /boot.  The
# headers package of exactly that version provides KDIR and is installed
# when missing.  debug-6.12 is built (or reused) by kernel/build-debug-kernel.sh.
# Progress goes to stderr.

set -euo pipefail

CACHE=${PAGESNAP_CACHE:-/var/cache/pagesnap}
TOP=$(cd "$(dirname "$0")/../.." && pwd)

die() { echo "kernel-resolve: error: $*" >&2; exit 1; }
log() { echo "kernel-resolve: $*" >&2; }

# dep_of META: the versioned package the meta package depends on.
dep_of() {
	local meta=$1 dep
	dep=$(apt-cache depends "$meta" 2>/dev/null |
	      awk '$1 == "Depends:" && $2 ~ /^linux-/ { print $2; exit }')
	[ -n "$dep" ] || die "cannot resolve $meta (apt-get update needed?)"
	echo "$dep"
}

# pkg_version PKG: candidate version of PKG.
pkg_version() {
	apt-cache policy "$1" | awk '$1 == "Candidate:" { print $2; exit }'
}

# fetch_image PKG: download and unpack PKG (or PKG-unsigned) into the
# cache; print the path of its vmlinuz.
fetch_image() {
	local pkg=$1 p ver dir img tmp deb
	for p in "$pkg" "$pkg-unsigned"; do
		ver=$(pkg_version "$p")
		[ -n "$ver" ] && [ "$ver" != "(none)" ] || continue
		dir=$CACHE/kernels/${p}_${ver}
		img=$(ls "$dir"/root/boot/vmlinuz-* 2>/dev/null | head -n1 || true)
		if [ -n "$img" ]; then
			echo "$img"
			return 0
		fi
		log "fetching $p $ver into $dir"
		mkdir -p "$CACHE/kernels"
		tmp=$(mktemp -d "$CACHE/kernels/.fetch.XXXXXX")
		if ! (cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root "$p=$ver" >&2); then
			rm -rf "$tmp"
			continue
		fi
		deb=$(ls "$tmp"/*.deb | head -n1)
		mkdir -p "$tmp/root"
		dpkg -x "$deb" "$tmp/root"
		rm -f "$deb"
		if ! ls "$tmp"/root/boot/vmlinuz-* >/dev/null 2>&1; then
			log "$p has no /boot/vmlinuz, trying the next candidate"
			rm -rf "$tmp"
			continue
		fi
		rm -rf "$dir"
		mv "$tmp" "$dir"
		ls "$dir"/root/boot/vmlinuz-* | head -n1
		return 0
	done
	die "no package among $pkg, $pkg-unsigned provides /boot/vmlinuz"
}

# ensure_headers PKG: install headers package PKG unless installed.
ensure_headers() {
	local pkg=$1 st
	st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
	case "$st" in
	ii*) return 0 ;;
	esac
	log "installing $pkg"
	[ "$(id -u)" -eq 0 ] || die "$pkg is missing and we are not root"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "$pkg" >&2 ||
		die "cannot install $pkg"
}

stock() {
	local image_meta=$1 headers_meta=$2 image_pkg headers_pkg krel img
	image_pkg=$(dep_of "$image_meta")
	headers_pkg=$(dep_of "$headers_meta")
	krel=${image_pkg#linux-image-}
	[ "${headers_pkg#linux-headers-}" = "$krel" ] ||
		die "$image_meta -> $image_pkg but $headers_meta -> $headers_pkg"
	img=$(fetch_image "$image_pkg")
	ensure_headers "$headers_pkg"
	[ -f "/usr/src/linux-headers-$krel/Makefile" ] ||
		die "/usr/src/linux-headers-$krel is not a kbuild tree"
	echo "IMAGE=$img"
	echo "KDIR=/usr/src/linux-headers-$krel"
}

case "${1:-}" in
stock-6.1)
	stock linux-image-cloud-amd64 linux-headers-cloud-amd64 ;;
stock-6.12)
	stock linux-image-6.12-cloud-amd64 linux-headers-6.12-cloud-amd64 ;;
debug-6.12)
	b=$TOP/kernel/build-debug-kernel.sh
	[ -x "$b" ] || die "$b does not exist (yet): the debug-6.12 kernel cannot be built"
	exec "$b" ;;
*)
	echo "usage: $0 stock-6.1|stock-6.12|debug-6.12" >&2
	exit 2 ;;
esac
