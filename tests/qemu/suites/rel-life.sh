#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest suite "rel-life": tests/reliability/life.guest.sh (tests/reliability/README.md).
exec "$(dirname "$0")/../../reliability/payload.sh" rel-life "$@"
