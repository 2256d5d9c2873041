#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest suite "cli": every pagesnap-cli command against the real driver
# (tools/tests/guest-cli.sh) with the static CLI and JSON validator.
# CLI_BIN / JSON_CHECK_BIN test other static builds (e.g. gcc -m32 ones).
# Payload interface: see tests/qemu/suites/README.

set -euo pipefail
KERNEL=$1 ROOT=$2
TOP=$(cd "$(dirname "$0")/../../.." && pwd)
# Userspace over the same ABI: the stock kernels run all of it.  Under the
# debug kernel (KASAN, TCG) all of it took ~8 min of the boot, driving the
# ioctls the CUnit suite already drives under the sanitizers, so there it
# runs the sections that compare with live memory and that record, replay,
# diff, map and export it (the repeat mode's PAGESNAP_G_CLI_LIVE=1), and
# all of it only when asked for by name (PAGESNAP_SUITES="cli").
LIVE=0
case " ${PAGESNAP_SUITES:-all} " in
*" cli "*) ;;
*) [ "$KERNEL" != debug-6.12 ] || LIVE=1 ;;
esac

make -s -C "$TOP/tools" static guest-check
cp "${CLI_BIN:-$TOP/tools/pagesnap-cli-static}" "$ROOT/bin/pagesnap-cli"
cp "${JSON_CHECK_BIN:-$TOP/tools/tests/pagesnap-json-check}" "$ROOT/bin/pagesnap-json-check"
cp "$TOP/tools/tests/png-pixel" "$TOP/tools/tests/map-regions" "$ROOT/bin/"
if [ "$LIVE" = 1 ]; then
	cp "$TOP/tools/tests/guest-cli.sh" "$ROOT/bin/guest-cli.sh"
	cat > "$ROOT/suites/cli" <<'WRAP'
#!/bin/sh
echo "NOTE: debug-6.12: the live-memory, record, diff, map and metrics sections (all: PAGESNAP_SUITES=cli)"
PAGESNAP_G_CLI_LIVE=1 exec /bin/guest-cli.sh "$@"
WRAP
	chmod 755 "$ROOT/suites/cli"
else
	cp "$TOP/tools/tests/guest-cli.sh" "$ROOT/suites/cli"
fi
cp "$TOP/tools/tests/cli-tour.sh" "$ROOT/bin/cli-tour.sh"
mkdir -p "$ROOT/cli-tour"
cp "$TOP/README.md" "$ROOT/cli-tour/README.md"
# Linux 6.12's page-types, static, for the --page-types cmp (skipped
# in the guest when linux-source-6.12 is missing on the host)
if "$TOP/tools/tests/build-page-types.sh" "$TOP/tools/tests/page-types-static" static; then
	cp "$TOP/tools/tests/page-types-static" "$ROOT/bin/page-types"
fi
