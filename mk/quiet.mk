# SPDX-License-Identifier: GPL-2.0
#
# Shared by the userspace Makefiles (libpagesnap/, tools/, tests/unit/):
# quiet "  CC  file" lines unless V=1, and the common warning flags.

ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-7s %s\n' $(1) $(2)
MAKEFLAGS += --no-print-directory
endif

CC ?= cc
AR ?= ar
WARNFLAGS := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2
OPTFLAGS ?= -O2 -g
