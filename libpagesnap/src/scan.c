// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * Streaming scans: an iterator over any pfn range that holds one fixed
 * buffer of entries and resumes each query from the driver's next_pfn.
 *
 * A caller that does not ask for runs still gets them from a driver with
 * PAGESNAP_FEAT_RUNS when its entries are no larger than the library's:
 * the library queries with PAGESNAP_QUERY_RUNS at its own entry size and
 * hands out each pfn of a run as the entry it stands for (pfn, and
 * head_pfn with PAGESNAP_VALID_FOLIO, advanced; nr_pages 1).  A larger
 * entry has fields the library cannot advance, so it is queried as asked.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* bytes of entries per ioctl: 512 entries of VER1, whatever the range */
#define SCAN_BYTES	(512 * PAGESNAP_ENTRY_SIZE_VER1)

struct pagesnap_scan {
	struct pagesnap *ps;
	uint64_t pos;		/* next pfn to ask the driver for */
	uint64_t end;		/* one past the last pfn */
	unsigned int flags;	/* what the driver is asked for */
	int expand;		/* runs the caller did not ask for */
	unsigned int batch;	/* capacity of buf, in entries */
	size_t entry_sz;	/* bytes per entry in buf */
	unsigned int filled;	/* entries in buf */
	unsigned int next;	/* next entry of buf to hand out */
	uint64_t run_left;	/* pfns of the run in one still to hand out */
	unsigned char *one;	/* the entry of one pfn of a run */
	unsigned char buf[];
};

#define ENTRY_FIELD(e, f)	((unsigned char *)(e) + \
				 offsetof(struct pagesnap_entry, f))

static uint64_t get_u64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void put_u64(unsigned char *p, uint64_t v)
{
	memcpy(p, &v, sizeof(v));
}

int ps_scan_begin(struct pagesnap *ps, uint64_t start_pfn, uint64_t end_pfn,
		  unsigned int flags, size_t entry_sz,
		  struct pagesnap_scan **scanp)
{
	struct pagesnap_scan *scan;
	unsigned int batch;
	int ret, expand;

	if (!entry_sz)
		entry_sz = sizeof(struct pagesnap_entry);
	if (!ps || !scanp || start_pfn > end_pfn)
		return ps_err(-EINVAL);
	ret = ps_check_query_flags(ps, flags);
	if (!ret)
		ret = ps_check_entry_size(entry_sz, flags);
	if (!ret)
		ret = ps_refresh_info(ps);
	if (ret)
		return ret;

	/* the fields of a run the library advances end here */
	expand = !(flags & PAGESNAP_QUERY_RUNS) &&
		 (ps->info.features & PAGESNAP_FEAT_RUNS) &&
		 entry_sz <= sizeof(struct pagesnap_entry);
	if (expand)
		entry_sz = sizeof(struct pagesnap_entry);
	batch = (unsigned int)(SCAN_BYTES / entry_sz);
	if (!batch)
		batch = 1;
	scan = calloc(1, sizeof(*scan) + (size_t)(batch + 1) * entry_sz);
	if (!scan)
		return ps_err(-ENOMEM);
	scan->ps = ps;
	scan->flags = flags | (expand ? PAGESNAP_QUERY_RUNS : 0);
	scan->expand = expand;
	scan->batch = batch;
	scan->entry_sz = entry_sz;
	scan->one = scan->buf + (size_t)batch * entry_sz;
	scan->pos = start_pfn < ps->info.pfn_start ? ps->info.pfn_start :
						     start_pfn;
	scan->end = end_pfn > ps->info.pfn_end ? ps->info.pfn_end : end_pfn;
	if (scan->pos > scan->end)
		scan->pos = scan->end;
	*scanp = scan;
	return 0;
}

/**
 * pagesnap_scan_begin2() - start an iterator over [@start_pfn, @end_pfn)
 * @ps:        handle
 * @start_pfn: first pfn; raised to the driver's pfn_start
 * @end_pfn:   one past the last pfn; lowered to the driver's pfn_end
 *             (UINT64_MAX: to the end of memory)
 * @flags:     PAGESNAP_QUERY_* flags
 * @entry_sz:  the caller's sizeof(struct pagesnap_entry), as for
 *             pagesnap_query_range2(): the size of the entries handed out
 * @scanp:     the new iterator
 *
 * The handle's filter applies.  The driver's pfn range is re-read, so
 * memory added since pagesnap_open() is seen.
 *
 * Return: 0, -EINVAL (bad argument or size, @start_pfn > @end_pfn),
 * -EOPNOTSUPP (flag not supported), -ENOMEM, or an ioctl error.
 */
int pagesnap_scan_begin2(struct pagesnap *ps, uint64_t start_pfn,
			 uint64_t end_pfn, unsigned int flags, size_t entry_sz,
			 struct pagesnap_scan **scanp)
{
	if (!entry_sz)
		return ps_err(-EINVAL);
	return ps_scan_begin(ps, start_pfn, end_pfn, flags, entry_sz, scanp);
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

	while (!scan->run_left && scan->next >= scan->filled) {
		if (scan->pos >= scan->end)
			return 0;
		scan->next = 0;
		scan->filled = 0;
		ret = ps_query(ps, scan->pos, scan->end - scan->pos,
			       scan->flags, ps->filters, ps->nr_filters,
			       scan->buf, scan->entry_sz, scan->batch,
			       &scan->filled, &next);
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

/* The next pfn of the run being handed out. */
static const void *ps_scan_run_next(struct pagesnap_scan *scan)
{
	unsigned char *e = scan->one;

	put_u64(ENTRY_FIELD(e, pfn), get_u64(ENTRY_FIELD(e, pfn)) + 1);
	if (get_u64(ENTRY_FIELD(e, valid)) & PAGESNAP_VALID_FOLIO)
		put_u64(ENTRY_FIELD(e, head_pfn),
			get_u64(ENTRY_FIELD(e, head_pfn)) + 1);
	scan->run_left--;
	return e;
}

/*
 * The next entry to hand out: one of buf, or with the library's own runs
 * the first pfn of a run, whose others ps_scan_run_next() hands out.
 */
static const void *ps_scan_take(struct pagesnap_scan *scan)
{
	unsigned char *e = scan->buf + (size_t)scan->next++ * scan->entry_sz;
	uint64_t nr, pfn;

	if (!scan->expand)
		return e;
	nr = get_u64(ENTRY_FIELD(e, nr_pages));
	pfn = get_u64(ENTRY_FIELD(e, pfn));
	if (nr <= 1)
		return e;
	/* never past what the call covered, whatever the driver says */
	if (pfn >= scan->pos)
		nr = 1;
	else if (nr > scan->pos - pfn)
		nr = scan->pos - pfn;
	put_u64(ENTRY_FIELD(e, nr_pages), 1);
	memcpy(scan->one, e, scan->entry_sz);
	scan->run_left = nr - 1;
	return e;
}

/* What the caller is handed next, ps_scan_refill() having made sure. */
static const void *ps_scan_give(struct pagesnap_scan *scan)
{
	return scan->run_left ? ps_scan_run_next(scan) : ps_scan_take(scan);
}

int ps_scan_next(struct pagesnap_scan *scan, const void **entry)
{
	int ret;

	if (!scan || !entry)
		return ps_err(-EINVAL);
	ret = ps_scan_refill(scan);
	if (ret == 1)
		*entry = ps_scan_give(scan);
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
 * pagesnap_scan2() - call @fn for every entry of [@start_pfn, @end_pfn)
 * @ps:        handle
 * @start_pfn: first pfn
 * @end_pfn:   one past the last pfn (UINT64_MAX: to the end of memory)
 * @flags:     PAGESNAP_QUERY_* flags
 * @entry_sz:  the caller's sizeof(struct pagesnap_entry)
 * @fn:        callback, given entries of @entry_sz bytes; a non-zero
 *             return stops the scan
 * @arg:       passed to @fn
 *
 * Return: 0 when the range was covered, what @fn returned when it
 * stopped the scan, or a negative errno as pagesnap_scan_begin2() and
 * pagesnap_scan_next().
 */
int pagesnap_scan2(struct pagesnap *ps, uint64_t start_pfn, uint64_t end_pfn,
		   unsigned int flags, size_t entry_sz, pagesnap_scan_fn fn,
		   void *arg)
{
	struct pagesnap_scan *scan;
	int ret;

	if (!fn || !entry_sz)
		return ps_err(-EINVAL);
	ret = ps_scan_begin(ps, start_pfn, end_pfn, flags, entry_sz, &scan);
	if (ret)
		return ret;
	/* a batch at a time: no call per entry but the callback's */
	while ((ret = ps_scan_refill(scan)) == 1) {
		while (scan->run_left || scan->next < scan->filled) {
			ret = fn(ps_scan_give(scan), arg);
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
