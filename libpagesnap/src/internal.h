/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * Private to libpagesnap: the handle layout and helpers shared by the
 * source files.  Built with -fvisibility=hidden: only what pagesnap.h
 * marks PAGESNAP_API (and v0_1.c's compatibility symbols) is exported.
 */
#ifndef LIBPAGESNAP_INTERNAL_H
#define LIBPAGESNAP_INTERNAL_H

#include "pagesnap.h"
#include "sized.h"

struct pagesnap {
	int fd;
	unsigned int nr_filters;
	struct pagesnap_info info;
	struct pagesnap_filter filters[PAGESNAP_MAX_FILTERS];
};

/*
 * Are PAGESNAP_QUERY_* @flags known, and supported by the driver?  0,
 * -EINVAL or -EOPNOTSUPP (errno set).
 */
int ps_check_query_flags(const struct pagesnap *ps, unsigned int flags);

/*
 * Is @entry_sz a size the driver takes for @flags (a multiple of 8, from
 * PAGESNAP_ENTRY_SIZE_VER0, or VER1 with runs, to PAGESNAP_ENTRY_SIZE_MAX)?
 * 0 or -EINVAL (errno set).
 */
int ps_check_entry_size(size_t entry_sz, unsigned int flags);

/* Issue one PAGESNAP_IOC_QUERY with explicit filters. */
int ps_query(struct pagesnap *ps, uint64_t start_pfn, uint64_t nr_pfns,
	     unsigned int flags, const struct pagesnap_filter *filters,
	     unsigned int nr_filters, void *entries, size_t entry_sz,
	     unsigned int max_entries, unsigned int *filled,
	     uint64_t *next_pfn);

/* Re-read the driver's info (pfn_end grows with memory hotplug). */
int ps_refresh_info(struct pagesnap *ps);

#endif /* LIBPAGESNAP_INTERNAL_H */
