# SPDX-License-Identifier: GPL-2.0
#
# pagesnap top-level Makefile: it only delegates.  Each directory owns its
# build; the scripts under tests/ own the QEMU guests.
#
#   make                 module (for KDIR) + library + CLI + Rust crate (if cargo)
#   make demo            fresh machine: deps, build, boot a guest, show answers
#   make check           every test: host unit tests, packaging, every guest
#   make check-host      host tests and packaging checks only
#   make check-abi       libpagesnap's ABI against its last release (abidiff)
#   make check-guest K=  one guest kernel (stock-6.1, stock-6.12, debug-6.12)
#   make flake           each live-memory guest test 20 times in one boot per kernel
#   make lint            checkpatch --strict, W=1 and sparse on every kernel
#   make reliability     longer reliability/security runs -> tests/RELIABILITY.md
#
# V=1 shows full commands.

KDIR ?= /lib/modules/$(shell uname -r)/build
GUEST_KERNELS ?= stock-6.1 stock-6.12 debug-6.12
K ?= stock-6.12

export V KDIR

.PHONY: all module lib tools rust deps demo check check-host check-guest \
	check-guests check-abi check-rust lint clean

all: module lib tools rust

module:
	@test -d "$(KDIR)" || { echo "Error: no kbuild tree at KDIR=$(KDIR);" \
		"install linux-headers-$$(uname -r) or pass KDIR=<kernel build dir>" >&2; exit 1; }
	$(MAKE) -C driver KDIR=$(KDIR)

lib:
	$(MAKE) -C libpagesnap

tools: lib
	$(MAKE) -C tools

# The Rust crate (bindings/rust), with Debian's cargo; skipped with a
# message when /usr/bin/cargo is absent.
rust:
	$(MAKE) -C bindings/rust

check-rust: lib
	$(MAKE) -C bindings/rust check

deps:
	scripts/install-deps.sh

demo: deps
	tests/qemu/run-guest.sh --demo $(K)

# Host tests, packaging checks and every guest kernel, with one closing
# "N passed, N failed, N skipped" total (tests/run-check.sh).
check: deps lib tools
	GUEST_KERNELS="$(GUEST_KERNELS)" tests/run-check.sh

check-host: lib tools
	$(MAKE) -C tests/unit check
	$(MAKE) check-abi
	$(MAKE) check-rust
	$(MAKE) check-packaging

check-guests:
	tests/run-guests.sh $(GUEST_KERNELS)

check-guest:
	tests/qemu/run-guest.sh $(K)

check-abi:
	$(MAKE) -C libpagesnap check-abi

# Flake rates: the CUnit tests and the live-memory suites REPEAT times in
# a row in one boot of each kernel (tests/qemu/README.md, repeat mode).
REPEAT ?= 20
.PHONY: flake
flake:
	@rc=0; for k in $(GUEST_KERNELS); do \
		PAGESNAP_REPEAT=$(REPEAT) tests/qemu/run-guest.sh $$k || rc=1; \
	done; exit $$rc

lint:
	scripts/lint-kernel.sh

# Reliability campaign (tests/reliability/README.md): the rel-* guest suites
# alone on every kernel at REL_SCALE (default 5) times their make-check
# durations, then tests/RELIABILITY.md; reliability-report: the report alone,
# from the last guest logs (e.g. of make check).
.PHONY: reliability reliability-report
reliability:
	tests/reliability/run.sh $(GUEST_KERNELS)

reliability-report:
	tests/reliability/report.sh

# Not part of check: boots a 4 GiB guest and compares pagesnap with the proc
# files and page-types (bench/README.md), on an idle guest (latest.*) and on
# a busy mixed one (--fill 70 --mix: busy-mix.*).  BENCH_ARGS="--mem 2G ..."
# to vary both.
.PHONY: bench
bench:
	PAGESNAP_BENCH_NAME=latest bench/run-bench.sh $(BENCH_ARGS)
	PAGESNAP_BENCH_NAME=busy-mix bench/run-bench.sh --fill 70 --mix $(BENCH_ARGS)
	PAGESNAP_BENCH_NAME=busy-mix-icount bench/run-bench.sh --fill 70 --mix --icount $(BENCH_ARGS)

clean:
	$(MAKE) -C driver clean KDIR=$(KDIR) || true
	$(MAKE) -C libpagesnap clean
	$(MAKE) -C tools clean
	$(MAKE) -C tests/unit clean
	$(MAKE) -C tests/fakedev clean
	$(MAKE) -C bindings/rust clean

# Installation, DKMS and their checks (install, uninstall, dkms-build,
# dkms-install, dkms-remove, check-install, check-dkms, check-packaging):
# see packaging/packaging.mk.
include packaging/packaging.mk
