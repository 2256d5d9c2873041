/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * Private to libpagesnap: the handle layout and helpers shared by the
 * source files.  Nothing here is exported from the shared library.
 */
#ifndef LIBPAGESNAP_INTERNAL_H
#define LIBPAGESNAP_INTERNAL_H

#include <errno.h>
#include "pagesnap.h"

struct pagesnap {
	int fd;
	unsigned int nr_filters;
	struct pagesnap_info info;
	struct pagesnap_filter filters[PAGESNAP_MAX_FILTERS];
};

/* Return a negative errno and leave it in errno too. */
static inline int ps_err(int err)
{
	errno = -err;
	return err;
}

/*
 * Are PAGESNAP_QUERY_* @flags known, and supported by the driver?  0,
 * -EINVAL or -EOPNOTSUPP (errno set).
 */
int ps_check_query_flags(const struct pagesnap *ps, unsigned int flags);

/* Issue one PAGESNAP_IOC_QUERY with explicit filters. */
int ps_query(struct pagesnap *ps, uint64_t start_pfn, uint64_t nr_pfns,
	     unsigned int flags, const struct pagesnap_filter *filters,
	     unsigned int nr_filters, struct pagesnap_entry *entries,
	     unsigned int max_entries, unsigned int *filled,
	     uint64_t *next_pfn);

/* Re-read the driver's info (pfn_end grows with memory hotplug). */
int ps_refresh_info(struct pagesnap *ps);

/*
 * Test hook: wrap an already open descriptor and a made-up info block in
 * a handle without the INFO handshake, so unit tests can exercise the
 * argument checks that run before any ioctl.  Not in the shared library.
 */
int pagesnap__wrap_fd(int fd, const struct pagesnap_info *info,
		      struct pagesnap **psp);

/*
 * Test hook: when set, pagesnap_stats_collect() calls this instead of the
 * PAGESNAP_IOC_STATS ioctl (0 or -errno) and does not re-read the info.
 * Not in the shared library.
 */
extern int (*pagesnap__stats_ioctl)(int fd, struct pagesnap_stats *st);

/*
 * Test hook: when set, every PAGESNAP_IOC_QUERY goes to this instead of
 * the driver (0 or -errno).  Not in the shared library.
 */
extern int (*pagesnap__query_ioctl)(int fd, struct pagesnap_query *q);

/*
 * Test hook: when set, every PAGESNAP_IOC_COLUMNS goes to this instead of
 * the driver (0 or -errno), and scans do not re-read the info.  Not in
 * the shared library.
 */
extern int (*pagesnap__columns_ioctl)(int fd, struct pagesnap_columns *c);

#endif /* LIBPAGESNAP_INTERNAL_H */
