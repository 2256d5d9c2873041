#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest suite "race": the folio-split race (tests/kernel/race.c) against
# pagesnap, /proc/kpageflags and /proc/kpagecount, on every kernel.  30 s
# by default; PAGESNAP_G_RACE_SECONDS=N for a longer run.  On a kernel
# whose /proc/kpage* use snapshot_page() (debug-6.12: kernel/patches),
# kpageflags is held to pagesnap's consistency rule too
# (PAGESNAP_G_RACE_STRICT_PROC=0 only records it; see tests/kernel/race.c).
# Payload interface: see tests/qemu/suites/README.

set -euo pipefail
KERNEL=$1 ROOT=$2
TOP=$(cd "$(dirname "$0")/../../.." && pwd)
CACHE=${PAGESNAP_CACHE:-/var/cache/pagesnap}

# per kernel: the run holds that kernel's lock, so no two builds share it
OUT=$CACHE/build/$KERNEL/kernel-tests
make -s -B -C "$TOP/tests/kernel" OUT="$OUT" "$OUT/pagesnap-race"
cp "$OUT/pagesnap-race" "$ROOT/bin/pagesnap-race"
cat > "$ROOT/suites/race" <<'EOS'
# Guest side of tests/qemu/suites/race.sh
patched=
grep -q ' snapshot_page$' /proc/kallsyms && patched=--patched
/bin/pagesnap-race $patched
EOS
