// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * PAGESNAP_IOC_COLUMNS: the fields a caller names, one dense array each.
 * pagesnap_columns() fills caller arrays for a range; pagesnap_scan_columns()
 * streams any range through library-owned arrays of a fixed size.
 * Neither takes a structure that could grow: the fields are a bit mask
 * and the arrays a list of pointers, so no size travels with them.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "internal.h"

/* pfns per ioctl of a streaming scan: at most 2 MiB for every column */
#define COLUMNS_BATCH	16384

static int columns_ioctl(int fd, struct pagesnap_columns *c)
{
	return ioctl(fd, PAGESNAP_IOC_COLUMNS, c) < 0 ? -errno : 0;
}

static int columns_check(const struct pagesnap *ps, uint64_t fields)
{
	if (!fields || fields & ~PAGESNAP_COLS_ALL)
		return ps_err(-EINVAL);
	if (!(ps->info.features & PAGESNAP_FEAT_COLUMNS))
		return ps_err(-EOPNOTSUPP);
	return 0;
}

/*
 * One or more ioctls for [start, start + nr): value i of each array is
 * pfn start + i.  *done: pfns filled (less than nr only at pfn_end).
 */
static int columns_fill(struct pagesnap *ps, uint64_t start, uint64_t nr,
			uint64_t fields, void *const arrays[], uint64_t *done)
{
	uint64_t table[64], pfn = start, end = start + nr, rest;
	unsigned int n;
	int ret;

	*done = 0;
	while (pfn < end) {
		struct pagesnap_columns c;

		memset(&c, 0, sizeof(c));
		c.start_pfn = pfn;
		c.nr_pfns = end - pfn;
		c.fields = fields;
		c.arrays = (uintptr_t)table;
		for (rest = fields, n = 0; rest; rest &= rest - 1, n++)
			table[n] = (uintptr_t)arrays[n] + (pfn - start) *
				   PAGESNAP_COL_SIZE(rest & -rest);
		ret = columns_ioctl(ps->fd, &c);
		if (ret == -ERANGE && pfn > start)	/* memory went away */
			break;
		if (ret)
			return ps_err(ret);
		if (c.next_pfn <= pfn || c.next_pfn > end ||
		    c.nr_done != c.next_pfn - pfn)
			return ps_err(-EPROTO);
		pfn = c.next_pfn;
		*done = pfn - start;
		if (pfn >= ps->info.pfn_end)
			break;
	}
	return 0;
}

/**
 * pagesnap_columns() - chosen fields of a pfn range, one array per field
 * @ps:        handle
 * @start_pfn: first pfn; must be below the driver's pfn_end
 * @nr_pfns:   pfns wanted; each array must hold that many values
 * @fields:    PAGESNAP_COL_* bits, at least one
 * @arrays:    one array per bit of @fields, in increasing bit order;
 *             __u64 values for bits in PAGESNAP_COLS_U64, else __u32
 * @nr_done:   pfns filled: @nr_pfns, or fewer when the range runs past
 *             the driver's pfn_end
 *
 * Return: 0, -EINVAL (bad argument, no or unknown field), -EOPNOTSUPP
 * (driver without PAGESNAP_FEAT_COLUMNS), -EOVERFLOW (the range wraps),
 * -EPROTO (the driver's answer does not add up), or an ioctl error
 * (ERANGE, EFAULT, ENOMEM, EINTR); errno is set too.
 */
int pagesnap_columns(struct pagesnap *ps, uint64_t start_pfn, uint64_t nr_pfns,
		     uint64_t fields, void *const arrays[], uint64_t *nr_done)
{
	unsigned int n;
	int ret;

	if (!ps || !arrays || !nr_done || !nr_pfns)
		return ps_err(-EINVAL);
	ret = columns_check(ps, fields);
	if (ret)
		return ret;
	for (n = 0; n < (unsigned int)__builtin_popcountll(fields); n++)
		if (!arrays[n])
			return ps_err(-EINVAL);
	if (start_pfn + nr_pfns < start_pfn)
		return ps_err(-EOVERFLOW);
	return columns_fill(ps, start_pfn, nr_pfns, fields, arrays, nr_done);
}

/**
 * pagesnap_scan_columns() - chosen fields of any range, a batch at a time
 * @ps:        handle
 * @start_pfn: first pfn; raised to the driver's pfn_start
 * @end_pfn:   one past the last pfn; lowered to the driver's pfn_end
 *             (UINT64_MAX: to the end of memory)
 * @fields:    PAGESNAP_COL_* bits, at least one
 * @fn:        called for each batch of consecutive pfns with the arrays
 *             (in increasing bit order, @nr values each); a non-zero
 *             return stops the scan
 * @arg:       passed to @fn
 *
 * Memory is bounded whatever the range: the library owns one batch of
 * arrays (at most 16384 pfns, 2 MiB for every column).
 *
 * Return: 0 when the range was covered, what @fn returned when it
 * stopped the scan, or a negative errno as pagesnap_columns(), -ENOMEM.
 */
int pagesnap_scan_columns(struct pagesnap *ps, uint64_t start_pfn,
			  uint64_t end_pfn, uint64_t fields,
			  pagesnap_columns_fn fn, void *arg)
{
	void *arrays[64];
	size_t per_pfn = 0;
	unsigned char *buf;
	uint64_t pos, end, done;
	unsigned int k, n = 0;
	int ret;

	if (!ps || !fn || start_pfn > end_pfn)
		return ps_err(-EINVAL);
	ret = columns_check(ps, fields);
	if (ret)
		return ret;
	ret = ps_refresh_info(ps);
	if (ret)
		return ret;
	for (k = 0; k < 64; k++)
		if (fields & (1ULL << k))
			per_pfn += PAGESNAP_COL_SIZE(1ULL << k);
	buf = malloc(per_pfn * COLUMNS_BATCH);
	if (!buf)
		return ps_err(-ENOMEM);
	for (k = 0, done = 0; k < 64; k++)
		if (fields & (1ULL << k)) {
			arrays[n++] = buf + done;
			done += (uint64_t)COLUMNS_BATCH *
				PAGESNAP_COL_SIZE(1ULL << k);
		}

	pos = start_pfn < ps->info.pfn_start ? ps->info.pfn_start : start_pfn;
	end = end_pfn > ps->info.pfn_end ? ps->info.pfn_end : end_pfn;
	ret = 0;
	while (pos < end) {
		uint64_t nr = end - pos < COLUMNS_BATCH ? end - pos :
							  COLUMNS_BATCH;

		ret = columns_fill(ps, pos, nr, fields, arrays, &done);
		if (ret)
			break;
		if (!done)		/* memory went away (hot-unplug) */
			break;
		ret = fn(pos, done, arrays, arg);
		if (ret)
			break;
		pos += done;
	}
	free(buf);
	if (ret < 0)
		errno = -ret;
	return ret;
}
