#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest suite "rust": the Rust crate (bindings/rust) against the real
# driver, compared with libpagesnap on pages it controls, and the
# documented errors (bindings/rust/guest-payload.sh: static binaries,
# about 1 MB).  Without Debian's cargo on the host the suite still runs,
# to report one counted skip and why.
# Payload interface: see tests/qemu/suites/README.

set -euo pipefail
KERNEL=$1 ROOT=$2
TOP=$(cd "$(dirname "$0")/../../.." && pwd)
: "$KERNEL"

if [ ! -x "${CARGO:-/usr/bin/cargo}" ] || [ ! -x "${RUSTC:-/usr/bin/rustc}" ]; then
	cat > "$ROOT/suites/rust" <<'EOS'
#!/bin/sh
echo "SKIP: rust: no /usr/bin/cargo on the host that built this guest (scripts/install-deps.sh)"
echo "rust-guest: 0 passed, 0 failed, 1 skipped"
EOS
	exit 0
fi
"$TOP/bindings/rust/guest-payload.sh" "$ROOT" > /dev/null
printf '#!/bin/sh\nexec /rust/run.sh\n' > "$ROOT/suites/rust"
