#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest suite "python": the Python bindings against the real driver,
# compared with the C library (bindings/python/guest-payload.sh copies
# Debian's python3 and its stdlib into the guest, about 35 MB).
# Payload interface: see tests/qemu/suites/README.

set -euo pipefail
KERNEL=$1 ROOT=$2
TOP=$(cd "$(dirname "$0")/../../.." && pwd)
# Userspace over the same ABI: the stock kernels cover it.  Under the
# debug kernel (KASAN, TCG) it took ~8 min of the boot, driving the ioctls
# the CUnit suite already drives under the sanitizers, so it runs there
# only when asked for by name (PAGESNAP_SUITES="python").
case " ${PAGESNAP_SUITES:-all} " in
*" python "*) ;;
*) [ "$KERNEL" != debug-6.12 ] || { echo "on debug-6.12 only when named in PAGESNAP_SUITES"; exit 77; } ;;
esac

"$TOP/bindings/python/guest-payload.sh" "$ROOT" > /dev/null
printf '#!/bin/sh\nexec /python/run.sh\n' > "$ROOT/suites/python"
