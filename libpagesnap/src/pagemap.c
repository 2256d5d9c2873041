// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * Process virtual address -> pfn through /proc/PID/pagemap
 * (Documentation/admin-guide/mm/pagemap.rst).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

#define PM_PFN_MASK		((1ULL << 55) - 1)
#define PM_SWAP_TYPE_BITS	5
#define PM_SOFT_DIRTY		(1ULL << 55)
#define PM_MMAP_EXCLUSIVE	(1ULL << 56)
#define PM_FILE			(1ULL << 61)
#define PM_SWAP			(1ULL << 62)
#define PM_PRESENT		(1ULL << 63)

#define PM_BATCH		512

struct pagesnap_pagemap {
	int fd;
	uint64_t page_size;
};

/**
 * pagesnap_pagemap_open() - open the pagemap of a process
 * @pid: process id; 0 for the calling process
 * @pmp: the new reader
 *
 * Return: 0, -EINVAL (@pid < 0 or @pmp NULL), -ESRCH (no such process),
 * -EACCES/-EPERM (not allowed to read its pagemap), -ENOMEM.
 */
int pagesnap_pagemap_open(pid_t pid, struct pagesnap_pagemap **pmp)
{
	struct pagesnap_pagemap *pm;
	char path[64];
	int ret;

	if (pid < 0 || !pmp)
		return ps_err(-EINVAL);
	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/self/pagemap");
	pm = calloc(1, sizeof(*pm));
	if (!pm)
		return ps_err(-ENOMEM);
	pm->page_size = (uint64_t)sysconf(_SC_PAGESIZE);
	pm->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (pm->fd < 0) {
		ret = errno == ENOENT ? -ESRCH : -errno;
		free(pm);
		return ps_err(ret);
	}
	*pmp = pm;
	return 0;
}

static void decode(uint64_t vaddr, uint64_t pme, struct pagesnap_vaddr *v)
{
	v->vaddr = vaddr;
	v->pagemap = pme;
	v->pfn = 0;
	v->swap_offset = 0;
	v->swap_type = 0;
	v->flags = 0;
	v->reserved = 0;
	if (pme & PM_FILE)
		v->flags |= PAGESNAP_VADDR_F_FILE;
	if (pme & PM_MMAP_EXCLUSIVE)
		v->flags |= PAGESNAP_VADDR_F_EXCLUSIVE;
	if (pme & PM_SOFT_DIRTY)
		v->flags |= PAGESNAP_VADDR_F_SOFT_DIRTY;
	if (pme & PM_PRESENT) {
		v->state = PAGESNAP_VADDR_PRESENT;
		v->pfn = pme & PM_PFN_MASK;
		if (!v->pfn)
			v->flags |= PAGESNAP_VADDR_F_PFN_HIDDEN;
	} else if (pme & PM_SWAP) {
		v->state = PAGESNAP_VADDR_SWAPPED;
		v->swap_type = (uint32_t)(pme & ((1U << PM_SWAP_TYPE_BITS) - 1));
		v->swap_offset = (pme & PM_PFN_MASK) >> PM_SWAP_TYPE_BITS;
	} else {
		v->state = PAGESNAP_VADDR_NOT_MAPPED;
	}
}

/**
 * pagesnap_pagemap_read() - what backs @nr pages from @vaddr
 * @pm:    reader
 * @vaddr: virtual address, rounded down to its page
 * @out:   @nr results, one per page
 * @nr:    pages, >= 1
 *
 * Pages beyond the end of the address space read as not mapped.
 *
 * Return: 0, -EINVAL (bad argument), -EOVERFLOW (the range wraps), or the
 * error of reading the pagemap file.
 */
int pagesnap_pagemap_read(struct pagesnap_pagemap *pm, uint64_t vaddr,
			  struct pagesnap_vaddr *out, unsigned int nr)
{
	uint64_t buf[PM_BATCH], page, i, n;
	ssize_t got;

	if (!pm || !out || !nr)
		return ps_err(-EINVAL);
	page = vaddr / pm->page_size;
	if (page + nr < page || page + nr > UINT64_MAX / pm->page_size)
		return ps_err(-EOVERFLOW);
	while (nr) {
		n = nr < PM_BATCH ? nr : PM_BATCH;
		if (page > (uint64_t)INT64_MAX / 8)
			got = 0;
		else
			got = pread(pm->fd, buf, n * 8, (off_t)(page * 8));
		if (got < 0)
			return ps_err(errno == EIO ? -ESRCH : -errno);
		for (i = (uint64_t)got / 8; i < n; i++)
			buf[i] = 0;
		for (i = 0; i < n; i++)
			decode((page + i) * pm->page_size, buf[i], &out[i]);
		out += n;
		page += n;
		nr -= (unsigned int)n;
	}
	return 0;
}

/**
 * pagesnap_pagemap_close() - close a pagemap reader
 * @pm: reader; NULL is ignored
 */
void pagesnap_pagemap_close(struct pagesnap_pagemap *pm)
{
	if (!pm)
		return;
	close(pm->fd);
	free(pm);
}
