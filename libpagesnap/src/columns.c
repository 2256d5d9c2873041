// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * PAGESNAP_IOC_COLUMNS: the fields a caller names, one dense array each.
 * pagesnap_columns() fills caller arrays for a range; pagesnap_scan_columns()
 * streams any range through library-owned arrays of a fixed size.
 * Neither takes a structure that could grow: the fields are a bit mask
 * and the arrays a list of pointers, so no size travels with them.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
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

/* The bytes of a read() record of @fields (uapi: PAGESNAP_FEAT_READ). */
static size_t record_size(uint64_t fields)
{
	size_t n = 0;

	for (; fields; fields &= fields - 1)
		n += PAGESNAP_COL_SIZE(fields & -fields);
	return (n + 7) & ~(size_t)7;
}

/*
 * One pfn by pread() of one record on the handle's own second descriptor:
 * no request structure, the cheapest way the driver has to ask.  0, a
 * negative errno as the ioctl would give (ERANGE at pfn_end), or 1 when
 * the descriptor cannot be opened (the caller takes the ioctl).
 */
static int columns_pread(struct pagesnap *ps, uint64_t pfn, uint64_t fields,
			 void *const arrays[])
{
	uint64_t rec[32], rest;	/* 9 __u64 and 14 __u32 columns at most */
	size_t off = 0;
	unsigned int k;
	ssize_t n;

	if (ps->read_fd < 0) {
		ps->read_fd = open(ps->path, O_RDONLY | O_CLOEXEC);
		if (ps->read_fd < 0)
			return 1;
		ps->read_fields = 0;
	}
	if (ps->read_fields != fields) {
		struct pagesnap_read_fields rf;

		memset(&rf, 0, sizeof(rf));
		rf.fields = fields;
		if (ioctl(ps->read_fd, PAGESNAP_IOC_READ_FIELDS, &rf) < 0)
			return -errno;
		if (rf.record_size != record_size(fields) ||
		    rf.record_size > sizeof(rec))
			return -EPROTO;
		ps->read_fields = fields;
		ps->read_size = rf.record_size;
	}
	n = pread(ps->read_fd, rec, ps->read_size,
		  (off_t)(pfn * ps->read_size));
	if (n < 0)
		return -errno;
	if (n == 0)
		return -ERANGE;
	if ((size_t)n != ps->read_size)
		return -EPROTO;
	for (rest = fields, k = 0; rest; rest &= rest - 1, k++) {
		size_t sz = PAGESNAP_COL_SIZE(rest & -rest);

		memcpy(arrays[k], (const char *)rec + off, sz);
		off += sz;
	}
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
 *
 * A single pfn is read with one pread() of a record (PAGESNAP_FEAT_READ)
 * on a second descriptor of the device that the handle opens for it on
 * first use, the same values at less cost than an ioctl.
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
	if (nr_pfns == 1 && ps->info.features & PAGESNAP_FEAT_READ &&
	    start_pfn < ps->info.pfn_end && ps->info.pfn_end <= (1ULL << 52)) {
		*nr_done = 0;
		ret = columns_pread(ps, start_pfn, fields, arrays);
		if (ret < 0)
			return ps_err(ret);
		if (!ret) {
			*nr_done = 1;
			return 0;
		}
	}
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
