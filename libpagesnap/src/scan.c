// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * Streaming scans: an iterator over any pfn range that holds one fixed
 * buffer of entries and resumes each query from the driver's next_pfn.
 *
 * A caller that wants an entry per pfn still gets the cheapest request
 * that serves it: where the driver has PAGESNAP_FEAT_RUNS the scan asks
 * for runs (one entry for many like pages, far fewer bytes copied out of
 * the kernel) and hands each run out as the per-pfn entries it stands
 * for, pfn (and, with PAGESNAP_VALID_FOLIO, head_pfn) advanced by one.
 */
#include <stdlib.h>

#include "internal.h"

#define SCAN_BATCH	512	/* entries per ioctl: 72 KiB, whatever the range */

struct pagesnap_scan {
	struct pagesnap *ps;
	uint64_t pos;		/* next pfn to ask the driver for */
	uint64_t end;		/* one past the last pfn */
	unsigned int flags;
	unsigned int filled;	/* entries in buf */
	unsigned int next;	/* next entry of buf to hand out */
	int expand;		/* runs asked for on the caller's behalf */
	uint64_t sub;		/* pfns of buf[next] handed out already */
	struct pagesnap_entry one;	/* a pfn of a run, handed out */
	struct pagesnap_entry buf[SCAN_BATCH];
};

/**
 * pagesnap_scan_begin() - start an iterator over [@start_pfn, @end_pfn)
 * @ps:        handle
 * @start_pfn: first pfn; raised to the driver's pfn_start
 * @end_pfn:   one past the last pfn; lowered to the driver's pfn_end
 *             (UINT64_MAX: to the end of memory)
 * @flags:     PAGESNAP_QUERY_* flags
 * @scanp:     the new iterator
 *
 * The handle's filter applies.  The driver's pfn range is re-read, so
 * memory added since pagesnap_open() is seen.
 *
 * Return: 0, -EINVAL (bad argument, @start_pfn > @end_pfn), -EOPNOTSUPP
 * (flag not supported), -ENOMEM, or an ioctl error.
 */
int pagesnap_scan_begin(struct pagesnap *ps, uint64_t start_pfn,
			uint64_t end_pfn, unsigned int flags,
			struct pagesnap_scan **scanp)
{
	struct pagesnap_scan *scan;
	int ret;

	if (!ps || !scanp || start_pfn > end_pfn)
		return ps_err(-EINVAL);
	ret = ps_check_query_flags(ps, flags);
	if (ret)
		return ret;
	if (!pagesnap__query_ioctl) {	/* a unit test's fake driver */
		ret = ps_refresh_info(ps);
		if (ret)
			return ret;
	}

	scan = calloc(1, sizeof(*scan));
	if (!scan)
		return ps_err(-ENOMEM);
	scan->ps = ps;
	scan->flags = flags;
	if (!(flags & PAGESNAP_QUERY_RUNS) &&
	    ps->info.features & PAGESNAP_FEAT_RUNS) {
		scan->expand = 1;
		scan->flags |= PAGESNAP_QUERY_RUNS;
	}
	scan->pos = start_pfn < ps->info.pfn_start ? ps->info.pfn_start :
						     start_pfn;
	scan->end = end_pfn > ps->info.pfn_end ? ps->info.pfn_end : end_pfn;
	if (scan->pos > scan->end)
		scan->pos = scan->end;
	*scanp = scan;
	return 0;
}

/*
 * Make sure the buffer holds an entry not handed out yet, querying the
 * driver as often as it takes.  Return: 1 when it does, 0 at the end of
 * the range, or a negative errno.
 */
static int ps_scan_refill(struct pagesnap_scan *scan)
{
	struct pagesnap *ps = scan->ps;
	uint64_t next;
	int ret;

	while (scan->next >= scan->filled) {
		if (scan->pos >= scan->end)
			return 0;
		scan->next = 0;
		scan->filled = 0;
		ret = ps_query(ps, scan->pos, scan->end - scan->pos,
			       scan->flags, ps->filters, ps->nr_filters,
			       scan->buf, SCAN_BATCH, &scan->filled, &next);
		if (ret == -ERANGE) {	/* memory went away (hot-unplug) */
			scan->end = scan->pos;
			return 0;
		}
		if (ret)
			return ret;
		scan->pos = next;
	}
	return 1;
}

/*
 * The entry to hand out next (buffer not empty): the buffer's own, or,
 * for a run the caller did not ask for, its next pfn's entry.
 */
static const struct pagesnap_entry *ps_scan_take(struct pagesnap_scan *scan)
{
	const struct pagesnap_entry *e = &scan->buf[scan->next];

	if (!scan->expand || e->nr_pages <= 1) {
		scan->next++;
		return e;
	}
	scan->one = *e;
	scan->one.pfn += scan->sub;
	if (e->valid & PAGESNAP_VALID_FOLIO)
		scan->one.head_pfn += scan->sub;
	scan->one.nr_pages = 1;
	if (++scan->sub == e->nr_pages) {
		scan->sub = 0;
		scan->next++;
	}
	return &scan->one;
}

/**
 * pagesnap_scan_next() - the next entry of a scan
 * @scan:  iterator
 * @entry: points to the entry, valid until the next call
 *
 * Return: 1 with an entry, 0 at the end of the range, or a negative
 * errno (the scan can be resumed by calling again after -EINTR).
 */
int pagesnap_scan_next(struct pagesnap_scan *scan,
		       const struct pagesnap_entry **entry)
{
	int ret;

	if (!scan || !entry)
		return ps_err(-EINVAL);
	ret = ps_scan_refill(scan);
	if (ret == 1)
		*entry = ps_scan_take(scan);
	return ret;
}

/**
 * pagesnap_scan_position() - the first pfn the scan has not fetched yet
 * @scan: iterator
 *
 * Return: that pfn (for progress reports), 0 when @scan is NULL.
 */
uint64_t pagesnap_scan_position(const struct pagesnap_scan *scan)
{
	return scan ? scan->pos : 0;
}

/**
 * pagesnap_scan_end() - free an iterator
 * @scan: iterator; NULL is ignored
 */
void pagesnap_scan_end(struct pagesnap_scan *scan)
{
	free(scan);
}

/**
 * pagesnap_scan() - call @fn for every entry of [@start_pfn, @end_pfn)
 * @ps:        handle
 * @start_pfn: first pfn
 * @end_pfn:   one past the last pfn (UINT64_MAX: to the end of memory)
 * @flags:     PAGESNAP_QUERY_* flags
 * @fn:        callback; a non-zero return stops the scan
 * @arg:       passed to @fn
 *
 * Return: 0 when the range was covered, what @fn returned when it
 * stopped the scan, or a negative errno as pagesnap_scan_begin() and
 * pagesnap_scan_next().
 */
int pagesnap_scan(struct pagesnap *ps, uint64_t start_pfn, uint64_t end_pfn,
		  unsigned int flags, pagesnap_scan_fn fn, void *arg)
{
	struct pagesnap_scan *scan;
	int ret;

	if (!fn)
		return ps_err(-EINVAL);
	ret = pagesnap_scan_begin(ps, start_pfn, end_pfn, flags, &scan);
	if (ret)
		return ret;
	/* a batch at a time: no call per entry but the callback's */
	while ((ret = ps_scan_refill(scan)) == 1) {
		while (scan->next < scan->filled) {
			ret = fn(ps_scan_take(scan), arg);
			if (ret)
				goto out;
		}
	}
out:
	pagesnap_scan_end(scan);
	if (ret < 0)
		errno = -ret;
	return ret;
}
