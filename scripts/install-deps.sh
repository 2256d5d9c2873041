#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages pagesnap needs to build and to run its QEMU
# guest tests.  Idempotent: asks dpkg what is installed and calls apt-get
# (update once, then install) only for what is missing, so a second run is
# a fast no-op.  Non-interactive; must run as root when something is missing.

set -eu

PKGS="qemu-system-x86 busybox-static cpio libcunit1-dev build-essential
gcc-multilib bc bison flex libelf-dev libssl-dev dwarves rsync kmod
xz-utils sparse dkms pkg-config python3 bash-completion e2fsprogs
linux-source-6.12 linux-source-6.1
linux-headers-cloud-amd64 linux-headers-6.12-cloud-amd64 abigail-tools
rustc cargo librust-libc-dev
libzstd-dev clang libclang-rt-dev prometheus prometheus-node-exporter
libpng-dev zlib1g-dev python3-png python3-numpy python3-pandas
python3-mypy python3-setuptools python3-wheel python3-venv python3-pip"

missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	case "$st" in
	ii*) ;;
	*) missing="$missing $p" ;;
	esac
done

if [ -z "$missing" ]; then
	echo "deps: all $(echo $PKGS | wc -w) packages present"
	exit 0
fi

echo "deps: installing:$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: error: must be root to install packages" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
