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
# Runs on every kernel: on the debug kernel (KASAN, TCG) it takes about
# 3.5 min of the boot (200 s for all groups, columns() and load() too).

"$TOP/bindings/python/guest-payload.sh" "$ROOT" > /dev/null
printf '#!/bin/sh\nexec /python/run.sh\n' > "$ROOT/suites/python"
