// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * Opening /dev/pagesnap: the INFO handshake and the diagnosis of why it
 * failed, in words a user can act on.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "internal.h"

_Static_assert(sizeof(struct pagesnap_entry) == PAGESNAP_ENTRY_SIZE_VER1,
	       "pagesnap_entry size changed: add a SIZE_VER constant");
_Static_assert(sizeof(struct pagesnap_info) == PAGESNAP_INFO_SIZE_VER0,
	       "pagesnap_info size changed: add a SIZE_VER constant");
_Static_assert(sizeof(struct pagesnap_query) == PAGESNAP_QUERY_SIZE_VER0,
	       "pagesnap_query size changed: add a SIZE_VER constant");
_Static_assert(sizeof(struct pagesnap_filter) == 16, "pagesnap_filter");
_Static_assert(sizeof(struct pagesnap_entry) % 8 == 0, "entry alignment");

/* Check that what the driver told us is something this library can use. */
static int check_info(const struct pagesnap_info *info)
{
	if (info->abi_version < PAGESNAP_ABI_VERSION)
		return -EPROTO;
	if (info->abi_version > PAGESNAP_ABI_VERSION)
		return -EPROTONOSUPPORT;
	if (info->entry_size < PAGESNAP_ENTRY_SIZE_VER0 ||
	    !info->page_size || !info->max_pfns ||
	    info->pfn_start > info->pfn_end)
		return -EPROTO;
	return 0;
}

int ps_refresh_info(struct pagesnap *ps)
{
	struct pagesnap_info info;
	int ret;

	memset(&info, 0, sizeof(info));
	if (ioctl(ps->fd, PAGESNAP_IOC_INFO, &info) < 0)
		return ps_err(errno == EINVAL ? -EPROTO : -errno);
	ret = check_info(&info);
	if (ret)
		return ps_err(ret);
	ps->info = info;
	return 0;
}

/**
 * pagesnap_open() - open the pagesnap device and check its ABI
 * @path: device node; NULL for PAGESNAP_DEVICE_PATH
 * @psp:  where to store the new handle
 *
 * Return: 0, or -ENOENT/-ENODEV/-ENXIO (module not loaded), -EPERM or
 * -EACCES (no CAP_SYS_ADMIN), -ENOTTY (not a pagesnap device), -EPROTO
 * (driver ABI too old), -EPROTONOSUPPORT (driver ABI too new), -ENOMEM,
 * -EINVAL (@psp is NULL).
 */
int pagesnap_open(const char *path, struct pagesnap **psp)
{
	struct pagesnap *ps;
	int ret;

	if (!psp)
		return ps_err(-EINVAL);
	if (!path)
		path = PAGESNAP_DEVICE_PATH;

	ps = calloc(1, sizeof(*ps));
	if (!ps)
		return ps_err(-ENOMEM);
	ps->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (ps->fd < 0) {
		ret = -errno;
		free(ps);
		return ps_err(ret);
	}
	ret = ps_refresh_info(ps);
	if (ret) {
		close(ps->fd);
		free(ps);
		return ps_err(ret);
	}
	*psp = ps;
	return 0;
}

/**
 * pagesnap_close() - release a handle and its descriptor
 * @ps: handle from pagesnap_open(); NULL is ignored
 */
void pagesnap_close(struct pagesnap *ps)
{
	if (!ps)
		return;
	if (ps->fd >= 0)
		close(ps->fd);
	free(ps);
}

/**
 * pagesnap_fd() - the device descriptor behind a handle
 * @ps: handle
 *
 * Return: the descriptor, or -EINVAL when @ps is NULL.
 */
int pagesnap_fd(const struct pagesnap *ps)
{
	if (!ps)
		return ps_err(-EINVAL);
	return ps->fd;
}

/**
 * pagesnap_info() - what the driver reported in the handshake
 * @ps:   handle
 * @info: filled with the driver's struct pagesnap_info
 *
 * Return: 0, or -EINVAL when an argument is NULL.
 */
int pagesnap_info(const struct pagesnap *ps, struct pagesnap_info *info)
{
	if (!ps || !info)
		return ps_err(-EINVAL);
	*info = ps->info;
	return 0;
}

/**
 * pagesnap_strerror() - describe an error code returned by libpagesnap
 * @err: negative (or positive) errno value
 *
 * Return: a static string; codes the library gives a special meaning
 * (a missing module, missing privileges, ABI mismatch) get a message
 * that says what to do, the others the C library's text.
 */
const char *pagesnap_strerror(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case 0:
		return "success";
	case ENOENT:
	case ENODEV:
	case ENXIO:
		return "pagesnap module not loaded (no " PAGESNAP_DEVICE_PATH
		       "; try: modprobe pagesnap)";
	case EPERM:
	case EACCES:
		return "need CAP_SYS_ADMIN (run as root)";
	case EPROTO:
		return "driver ABI too old for this library (update the pagesnap module)";
	case EPROTONOSUPPORT:
		return "driver ABI too new for this library (update libpagesnap)";
	case ENOTTY:
		return "not a pagesnap device (ioctl not supported)";
	case EOPNOTSUPP:
		return "not supported by this driver or kernel";
	case ERANGE:
		return "pfn outside the range the driver serves";
	case ESRCH:
		return "no such process";
	default:
		return strerror(err);
	}
}
