// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * PAGESNAP_IOC_QUERY: one pfn, a range into a caller buffer of entries of
 * the caller's size, and the in-kernel filter kept on the handle.  Every
 * argument is checked here, before the ioctl, so that a bad call fails the
 * same way on any driver.
 */
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>

#include "internal.h"

int ps_check_query_flags(const struct pagesnap *ps, unsigned int flags)
{
	if (flags & ~PAGESNAP_QUERY_FLAGS_ALL)
		return ps_err(-EINVAL);
	if ((flags & PAGESNAP_QUERY_SKIP_HOLES) &&
	    !(ps->info.features & PAGESNAP_FEAT_SKIP_HOLES))
		return ps_err(-EOPNOTSUPP);
	if ((flags & PAGESNAP_QUERY_RUNS) &&
	    !(ps->info.features & PAGESNAP_FEAT_RUNS))
		return ps_err(-EOPNOTSUPP);
	return 0;
}

int ps_check_entry_size(size_t entry_sz, unsigned int flags)
{
	if (entry_sz < PAGESNAP_ENTRY_SIZE_VER0 ||
	    entry_sz > PAGESNAP_ENTRY_SIZE_MAX || entry_sz % 8)
		return ps_err(-EINVAL);
	if ((flags & PAGESNAP_QUERY_RUNS) &&
	    entry_sz < PAGESNAP_ENTRY_SIZE_VER1)
		return ps_err(-EINVAL);
	return 0;
}

int ps_query(struct pagesnap *ps, uint64_t start_pfn, uint64_t nr_pfns,
	     unsigned int flags, const struct pagesnap_filter *filters,
	     unsigned int nr_filters, void *entries, size_t entry_sz,
	     unsigned int max_entries, unsigned int *filled,
	     uint64_t *next_pfn)
{
	const size_t nr_pages_end = offsetof(struct pagesnap_entry, nr_pages) +
				    sizeof(uint64_t);
	const uint64_t one = 1;
	struct pagesnap_query q;
	unsigned int i;
	int ret;

	if (!ps || !entries || !filled || !next_pfn || !max_entries ||
	    !nr_pfns || nr_filters > PAGESNAP_MAX_FILTERS)
		return ps_err(-EINVAL);
	ret = ps_check_query_flags(ps, flags);
	if (!ret)
		ret = ps_check_entry_size(entry_sz, flags);
	if (ret)
		return ret;
	if (start_pfn + nr_pfns < start_pfn)
		return ps_err(-EOVERFLOW);

	memset(&q, 0, sizeof(q));
	q.start_pfn = start_pfn;
	q.nr_pfns = nr_pfns;
	q.entries = (uintptr_t)entries;
	q.entry_size = (uint32_t)entry_sz;
	q.max_entries = max_entries;
	q.flags = flags;
	q.nr_filters = nr_filters;
	if (nr_filters)
		memcpy(q.filters, filters, nr_filters * sizeof(*filters));

	if (ioctl(ps->fd, PAGESNAP_IOC_QUERY, &q) < 0)
		return ps_err(-errno);
	if (q.filled > max_entries || q.next_pfn <= start_pfn ||
	    q.next_pfn > start_pfn + nr_pfns)
		return ps_err(-EPROTO);
	/* a driver before nr_pages leaves it zero: it means one page */
	if (!(ps->info.features & PAGESNAP_FEAT_RUNS) &&
	    entry_sz >= nr_pages_end)
		for (i = 0; i < q.filled; i++)
			memcpy((char *)entries + i * entry_sz +
			       offsetof(struct pagesnap_entry, nr_pages),
			       &one, sizeof(one));
	*filled = (unsigned int)q.filled;
	*next_pfn = q.next_pfn;
	return 0;
}

int ps_get(struct pagesnap *ps, uint64_t pfn, void *entry, size_t entry_sz)
{
	unsigned int filled;
	uint64_t next, got;
	int ret;

	if (!ps || !entry)
		return ps_err(-EINVAL);
	if (pfn == UINT64_MAX)
		return ps_err(-ERANGE);
	ret = ps_query(ps, pfn, 1, 0, NULL, 0, entry, entry_sz, 1, &filled,
		       &next);
	if (ret)
		return ret;
	memcpy(&got, (char *)entry + offsetof(struct pagesnap_entry, pfn),
	       sizeof(got));
	if (filled != 1 || got != pfn)
		return ps_err(-EPROTO);
	return 0;
}

int ps_query_range(struct pagesnap *ps, uint64_t start_pfn, uint64_t nr_pfns,
		   unsigned int flags, void *entries, size_t entry_sz,
		   unsigned int max_entries, unsigned int *filled,
		   uint64_t *next_pfn)
{
	if (!ps)
		return ps_err(-EINVAL);
	return ps_query(ps, start_pfn, nr_pfns, flags, ps->filters,
			ps->nr_filters, entries, entry_sz, max_entries, filled,
			next_pfn);
}

/**
 * pagesnap_get2() - snapshot one page
 * @ps:       handle
 * @pfn:      page frame number
 * @entry:    filled with the snapshot (holes have PAGESNAP_SF_HOLE set)
 * @entry_sz: the caller's sizeof(struct pagesnap_entry)
 *
 * The handle's filter does not apply.  Exactly @entry_sz bytes are written.
 *
 * Return: 0, -EINVAL (NULL argument, bad @entry_sz), -ERANGE (@pfn beyond
 * the last pfn served), -EPROTO (the driver answered nonsense), or an
 * ioctl error.
 */
int pagesnap_get2(struct pagesnap *ps, uint64_t pfn,
		  struct pagesnap_entry *entry, size_t entry_sz)
{
	return ps_get(ps, pfn, entry, entry_sz);
}

/**
 * pagesnap_query_range2() - snapshot part of a pfn range
 * @ps:          handle
 * @start_pfn:   first pfn
 * @nr_pfns:     pfns in the range, >= 1
 * @flags:       PAGESNAP_QUERY_* flags
 * @entries:     caller buffer of @max_entries entries of @entry_sz bytes
 * @entry_sz:    the caller's sizeof(struct pagesnap_entry): a multiple of
 *               8 from PAGESNAP_ENTRY_SIZE_VER0 (VER1 with
 *               PAGESNAP_QUERY_RUNS) to PAGESNAP_ENTRY_SIZE_MAX
 * @max_entries: capacity of @entries, >= 1
 * @filled:      entries written
 * @next_pfn:    first pfn not examined: call again from there until it
 *               reaches @start_pfn + @nr_pfns (or the driver's pfn_end)
 *
 * Applies the filter set with pagesnap_set_filter().  Nothing is written
 * past @entries + @max_entries * @entry_sz bytes.
 *
 * Return: 0, -EINVAL (bad argument, flag or size), -EOVERFLOW (range
 * wraps), -EOPNOTSUPP (flag not supported by the driver), -ERANGE
 * (@start_pfn at or beyond the driver's pfn_end), -EPROTO, or an ioctl
 * error.
 */
int pagesnap_query_range2(struct pagesnap *ps, uint64_t start_pfn,
			  uint64_t nr_pfns, unsigned int flags,
			  struct pagesnap_entry *entries, size_t entry_sz,
			  unsigned int max_entries, unsigned int *filled,
			  uint64_t *next_pfn)
{
	return ps_query_range(ps, start_pfn, nr_pfns, flags, entries,
			      entry_sz, max_entries, filled, next_pfn);
}

/**
 * pagesnap_set_filter() - set the in-kernel filter of later queries
 * @ps:    handle
 * @terms: filter terms; a page matches when it matches any of them
 * @nr:    number of terms; 0 removes the filter
 *
 * Return: 0, -EINVAL (NULL argument, value bits outside mask, too many
 * terms for PAGESNAP_MAX_FILTERS or the driver's max_filters), or
 * -EOPNOTSUPP (the driver has no filter support).
 */
int pagesnap_set_filter(struct pagesnap *ps,
			const struct pagesnap_filter *terms, unsigned int nr)
{
	unsigned int i;

	if (!ps || (nr && !terms))
		return ps_err(-EINVAL);
	if (nr && !(ps->info.features & PAGESNAP_FEAT_FILTER))
		return ps_err(-EOPNOTSUPP);
	if (nr > PAGESNAP_MAX_FILTERS || nr > ps->info.max_filters)
		return ps_err(-EINVAL);
	for (i = 0; i < nr; i++)
		if (terms[i].value & ~terms[i].mask)
			return ps_err(-EINVAL);
	if (nr)
		memcpy(ps->filters, terms, nr * sizeof(*terms));
	ps->nr_filters = nr;
	return 0;
}
