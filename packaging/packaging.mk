# SPDX-License-Identifier: GPL-2.0
#
# Installation and DKMS, included by the top-level Makefile.
#
#   make install   [DESTDIR=] [PREFIX=/usr/local] [KDIR=<kbuild dir>]
#   make uninstall (same variables)
#   make dkms-source  [DKMS_SRCDIR=/usr/src/pagesnap-VERSION]
#   make dkms-build   [KVER=<kernel release>]   dkms add + build
#   make dkms-install [KVER=...]                 dkms add + build + install
#   make dkms-remove                             dkms remove --all
#   make check-install    install into a temporary DESTDIR and check it
#   make check-dkms       dkms build against both stock kernels' headers
#   make check-packaging  check-install + check-dkms + Python host tests
#   make clean-packaging  remove packaging/.build (the install module builds)
#
# The one version number is libpagesnap's (libpagesnap/Makefile VERSION);
# dkms.conf and the Python package follow it.  The module is built in
# packaging/.build/module-KREL (a copy of driver/ and uapi/), never in
# driver/, and installed with kbuild's modules_install into the kernel of
# KDIR (INSTALL_MOD_PATH=$(DESTDIR)).
#
# Other locations (all under DESTDIR):
#   LIBDIR INCDIR MANDIR (libpagesnap), SBINDIR COMPDIR (tools)
#   UDEVRULESDIR   $(PREFIX)/lib/udev/rules.d     60-pagesnap.rules
#   MODLOADDIR     $(PREFIX)/lib/modules-load.d   pagesnap.conf
#                  (INSTALL_MODULES_LOAD=no to not load pagesnap at boot)
#   MODPROBEDIR    $(PREFIX)/lib/modprobe.d       pagesnap.conf
#   SYSTEMDUNITDIR $(PREFIX)/lib/systemd/system   pagesnap-metrics.service
#                  and .timer (not enabled: systemctl enable --now
#                  pagesnap-metrics.timer)
#   PYTHONDIR      $(PREFIX)/lib/python3.X/dist-packages (PREFIX=/usr:
#                  /usr/lib/python3/dist-packages)  the pagesnap package
#   (INSTALL_PYTHON=no to skip it)

PKG_VERSION := $(shell sed -n 's/^VERSION *:*= *//p' libpagesnap/Makefile)
PREFIX ?= /usr/local
UDEVRULESDIR ?= $(PREFIX)/lib/udev/rules.d
MODLOADDIR ?= $(PREFIX)/lib/modules-load.d
MODPROBEDIR ?= $(PREFIX)/lib/modprobe.d
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
INSTALL_MODULES_LOAD ?= yes
INSTALL_PYTHON ?= yes
PYTHON ?= /usr/bin/python3
ifeq ($(PREFIX),/usr)
PYTHONDIR ?= /usr/lib/python3/dist-packages
else
PYTHONDIR ?= $(PREFIX)/lib/python$(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || echo 3)/dist-packages
endif

KREL = $(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null)
KVER ?= $(KREL)
MODBUILD = $(CURDIR)/packaging/.build/module-$(KREL)
MOD_INSTALL_DIR ?= updates
# Driver sources to build/package (another tree: DRIVER_SRC=/path/driver)
DRIVER_SRC ?= driver
# Distribution header trees have no signing key: do not try to sign with
# it (Secure Boot: use dkms-install, which signs with the DKMS MOK key).
MODSIGN_OFF = $(if $(wildcard $(KDIR)/certs/signing_key.pem),,CONFIG_MODULE_SIG_ALL=)
UAPI_SRC ?= uapi
DKMS_SRCDIR ?= /usr/src/pagesnap-$(PKG_VERSION)
DKMS ?= dkms
RSYNC_BUILD_EXCLUDES := --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
	--exclude='*.mod.c' --exclude='.*.cmd' --exclude='Module.symvers' \
	--exclude='modules.order' --exclude='*.d' --exclude='.tmp_versions' \
	--exclude='.gitignore'


.PHONY: install uninstall install-module install-lib install-tools \
	install-config install-python uninstall-module module-stage \
	dkms-source dkms-build dkms-install dkms-remove check-install \
	check-dkms check-packaging check-python clean-packaging

# --- install ---------------------------------------------------------------

module-stage:
	@test -n "$(KREL)" || { echo "error: KDIR=$(KDIR) is not a kbuild tree" \
		"(no include/config/kernel.release); pass KDIR=" >&2; exit 1; }
	mkdir -p $(MODBUILD)/driver $(MODBUILD)/uapi
	rsync -a --delete $(RSYNC_BUILD_EXCLUDES) $(DRIVER_SRC)/ $(MODBUILD)/driver/
	rsync -a --delete $(UAPI_SRC)/ $(MODBUILD)/uapi/
	$(MAKE) -C $(MODBUILD)/driver KDIR=$(KDIR)

install-module: module-stage
	$(MAKE) -C $(KDIR) M=$(MODBUILD)/driver INSTALL_MOD_PATH=$(DESTDIR) \
		INSTALL_MOD_DIR=$(MOD_INSTALL_DIR) $(MODSIGN_OFF) modules_install
	if [ -z "$(DESTDIR)" ]; then depmod -a $(KREL); fi

install-lib:
	rm -f libpagesnap/libpagesnap.pc	# bakes in PREFIX: regenerate
	$(MAKE) -C libpagesnap install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)

install-tools:
	$(MAKE) -C tools install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)

install-config:
	install -d $(DESTDIR)$(UDEVRULESDIR) $(DESTDIR)$(MODPROBEDIR)
	install -m 644 packaging/60-pagesnap.rules $(DESTDIR)$(UDEVRULESDIR)/
	install -m 644 packaging/modprobe.conf $(DESTDIR)$(MODPROBEDIR)/pagesnap.conf
	install -d $(DESTDIR)$(SYSTEMDUNITDIR)
	sed 's|@SBINDIR@|$(SBINDIR)|' packaging/pagesnap-metrics.service.in \
		> $(DESTDIR)$(SYSTEMDUNITDIR)/pagesnap-metrics.service
	chmod 644 $(DESTDIR)$(SYSTEMDUNITDIR)/pagesnap-metrics.service
	install -m 644 packaging/pagesnap-metrics.timer $(DESTDIR)$(SYSTEMDUNITDIR)/
	if [ "$(INSTALL_MODULES_LOAD)" = yes ]; then \
		install -d $(DESTDIR)$(MODLOADDIR) && \
		install -m 644 packaging/modules-load.conf \
			$(DESTDIR)$(MODLOADDIR)/pagesnap.conf; fi

install-python:
	if [ "$(INSTALL_PYTHON)" = yes ]; then \
		$(MAKE) -C bindings/python install DESTDIR=$(DESTDIR) \
			PYTHONDIR=$(PYTHONDIR); fi

install: install-module install-lib install-tools install-config install-python
	if [ -z "$(DESTDIR)" ]; then ldconfig || true; \
		udevadm control --reload 2>/dev/null || true; fi

# Everything install puts in place, and nothing else.
LIBDIR ?= $(PREFIX)/lib
INCDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
SBINDIR ?= $(PREFIX)/sbin
COMPDIR ?= $(PREFIX)/share/bash-completion/completions

uninstall-module:
	@test -n "$(KREL)" || { echo "error: KDIR=$(KDIR) is not a kbuild tree" >&2; exit 1; }
	rm -f $(DESTDIR)/lib/modules/$(KREL)/$(MOD_INSTALL_DIR)/pagesnap.ko*
	-rmdir -p $(DESTDIR)/lib/modules/$(KREL)/$(MOD_INSTALL_DIR) 2>/dev/null
	if [ -z "$(DESTDIR)" ]; then depmod -a $(KREL); fi

uninstall: uninstall-module
	rm -f $(DESTDIR)$(LIBDIR)/libpagesnap.so* $(DESTDIR)$(LIBDIR)/libpagesnap.a \
		$(DESTDIR)$(LIBDIR)/pkgconfig/libpagesnap.pc \
		$(DESTDIR)$(INCDIR)/pagesnap.h $(DESTDIR)$(INCDIR)/pagesnap_version.h \
		$(DESTDIR)$(INCDIR)/linux/pagesnap.h \
		$(DESTDIR)$(SBINDIR)/pagesnap-cli \
		$(DESTDIR)$(MANDIR)/man8/pagesnap-cli.8 \
		$(DESTDIR)$(COMPDIR)/pagesnap-cli \
		$(DESTDIR)$(UDEVRULESDIR)/60-pagesnap.rules \
		$(DESTDIR)$(MODLOADDIR)/pagesnap.conf \
		$(DESTDIR)$(MODPROBEDIR)/pagesnap.conf \
		$(DESTDIR)$(SYSTEMDUNITDIR)/pagesnap-metrics.service \
		$(DESTDIR)$(SYSTEMDUNITDIR)/pagesnap-metrics.timer
	for m in libpagesnap/man/*.3; do \
		rm -f $(DESTDIR)$(MANDIR)/man3/$${m##*/}; done
	$(MAKE) -C bindings/python uninstall DESTDIR=$(DESTDIR) PYTHONDIR=$(PYTHONDIR)
	if [ -z "$(DESTDIR)" ]; then ldconfig || true; fi

# --- DKMS ------------------------------------------------------------------

# The DKMS source tree: driver/ and uapi/ side by side, and dkms.conf.
dkms-source:
	@test -n "$(PKG_VERSION)" || { echo "error: no VERSION in libpagesnap/Makefile" >&2; exit 1; }
	mkdir -p $(DESTDIR)$(DKMS_SRCDIR)/driver $(DESTDIR)$(DKMS_SRCDIR)/uapi
	rsync -a --delete $(RSYNC_BUILD_EXCLUDES) $(DRIVER_SRC)/ $(DESTDIR)$(DKMS_SRCDIR)/driver/
	rsync -a --delete $(UAPI_SRC)/ $(DESTDIR)$(DKMS_SRCDIR)/uapi/
	sed 's/@VERSION@/$(PKG_VERSION)/' packaging/dkms.conf.in \
		> $(DESTDIR)$(DKMS_SRCDIR)/dkms.conf

dkms-build: dkms-source
	$(DKMS) status -m pagesnap -v $(PKG_VERSION) | grep -q . || \
		$(DKMS) add -m pagesnap -v $(PKG_VERSION)
	$(DKMS) build -m pagesnap -v $(PKG_VERSION) -k $(KVER)

dkms-install: dkms-build
	$(DKMS) install -m pagesnap -v $(PKG_VERSION) -k $(KVER)

dkms-remove:
	-$(DKMS) remove -m pagesnap -v $(PKG_VERSION) --all
	rm -rf $(DKMS_SRCDIR)

# --- checks ------------------------------------------------------------------

# KDIR when it is a kbuild tree, else the stock 6.12 headers.
CHECK_KDIR = $(if $(wildcard $(KDIR)/include/config/kernel.release),$(KDIR),$(lastword $(wildcard /usr/src/linux-headers-6.12.*-cloud-amd64)))

check-install:
	KDIR=$(CHECK_KDIR) packaging/check-install.sh

check-dkms:
	packaging/check-dkms.sh

check-python:
	$(MAKE) -C bindings/python check

check-packaging: check-python check-install check-dkms

clean-packaging:
	rm -rf packaging/.build
