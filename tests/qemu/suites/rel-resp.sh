#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest suite "rel-resp": tests/reliability/resp.guest.sh (tests/reliability/README.md).
exec "$(dirname "$0")/../../reliability/payload.sh" rel-resp "$@"
