/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * Private to libpagesnap: the entry-size-generic core behind every exported
 * function that fills or hands out struct pagesnap_entry.  Entries are
 * untyped here so that v0_1.c, which is compiled against the 0.1 layout of
 * the struct and not the uapi header, can share the code.
 */
#ifndef LIBPAGESNAP_SIZED_H
#define LIBPAGESNAP_SIZED_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

struct pagesnap;
struct pagesnap_scan;

/* Return a negative errno and leave it in errno too. */
static inline int ps_err(int err)
{
	errno = -err;
	return err;
}

int ps_get(struct pagesnap *ps, uint64_t pfn, void *entry, size_t entry_sz);
int ps_query_range(struct pagesnap *ps, uint64_t start_pfn, uint64_t nr_pfns,
		   unsigned int flags, void *entries, size_t entry_sz,
		   unsigned int max_entries, unsigned int *filled,
		   uint64_t *next_pfn);
/* @entry_sz 0: the library's own sizeof(struct pagesnap_entry). */
int ps_scan_begin(struct pagesnap *ps, uint64_t start_pfn, uint64_t end_pfn,
		  unsigned int flags, size_t entry_sz,
		  struct pagesnap_scan **scanp);
int ps_scan_next(struct pagesnap_scan *scan, const void **entry);
uint64_t ps_entry_flags(const void *entry, int raw);

#endif /* LIBPAGESNAP_SIZED_H */
