#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest suite "realmem": the all-memory differential (t_diff.c) and the
# scanners-under-churn stress test (tests/reliability/stress.c) on a
# machine whose memory is busy the way a production machine's is: page
# cache on the ext4 disk that is dirty, under writeback and reclaimed,
# and anonymous memory swapped out to the swap disk and back in
# (tests/qemu/run-guest.sh gives every guest the disk and the swap).
# The load (pagesnap-memload, tests/guest/memload.c) runs in two memory
# cgroups whose memory.max is below what they touch (anon: 160 MiB in
# 64M; file: 4 x 48 MiB files in 128M).  The suite checks that
# DIRTY, WRITEBACK, RECLAIM, SWAPCACHE and SWAPBACKED pages, and dirty
# pages of the disk's page cache (DIRTY_FILE: DIRTY without SWAPBACKED,
# tmpfs being swap-backed) were present
# while the differential ran (their counts are printed in the
# PAGESNAP-DIFF block) and that every field agreed on them.
# n/a (exit 77) on a kernel run-guest.sh gives no disk (no CONFIG_BLOCK).
# Knobs: PAGESNAP_G_REALMEM_LIMIT (anon memory.max, default 64M),
# PAGESNAP_G_REALMEM_FILE_LIMIT (file memory.max, default 128M),
# PAGESNAP_G_REALMEM_STRESS_SECONDS (default 20; doubled once when only
# stress.c's coverage checks failed: the load slows its scanners).
# Payload interface: see tests/qemu/suites/README.

set -euo pipefail
KERNEL=$1 ROOT=$2
TOP=$(cd "$(dirname "$0")/../../.." && pwd)
if [ -n "${PAGESNAP_DISK_WHY:-}" ]; then
	echo "realmem: no disk on $KERNEL: $PAGESNAP_DISK_WHY"
	exit 77
fi
OUT=$(dirname "$ROOT")/reliability
make -s -B -C "$TOP/tests/reliability" OUT="$OUT" "$OUT/pagesnap-rel"
cp "$OUT/pagesnap-rel" "$ROOT/bin/"
[ -x "$ROOT/bin/pagesnap-memload" ] || { echo "realmem: no pagesnap-memload" >&2; exit 1; }
cp "$TOP/tests/qemu/realmem.guest.sh" "$ROOT/suites/realmem"
