#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest suite "rel-priv": tests/reliability/priv.guest.sh (tests/reliability/README.md).
exec "$(dirname "$0")/../../reliability/payload.sh" rel-priv "$@"
