// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * A file's cached pages -> pfns, as page-types -f finds them: map the
 * file, ask mincore() which pages are in the page cache, map just those
 * (MADV_POPULATE_READ reports a truncated file as EFAULT instead of
 * raising SIGBUS), and read their pfns from our own pagemap.
 */
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "internal.h"

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ	22
#endif

#define FILE_BATCH	512	/* pages mapped at a time */

struct chunk {
	char *map;
	uint64_t page_size;
	unsigned char vec[FILE_BATCH];
	struct pagesnap_vaddr v[FILE_BATCH];
};

/* Map the resident pages of @vec into our page tables. */
static int populate(struct chunk *c, unsigned int n)
{
	unsigned int i = 0, j;

	while (i < n) {
		if (!(c->vec[i] & 1)) {
			i++;
			continue;
		}
		for (j = i; j < n && (c->vec[j] & 1); j++)
			;
		if (madvise(c->map + i * c->page_size,
			    (j - i) * c->page_size, MADV_POPULATE_READ)) {
			if (errno == EFAULT)	/* truncated under us */
				return 0;
			if (errno != EINVAL)
				return -errno;
			/* kernel before 5.14: touch them */
			for (; i < j; i++)
				(void)*(volatile char *)(c->map + i * c->page_size);
		}
		i = j;
	}
	return 0;
}

static int walk_chunk(struct chunk *c, int fd, struct pagesnap_pagemap *pm,
		      uint64_t first, unsigned int n, pagesnap_file_fn fn,
		      void *arg)
{
	size_t len = (size_t)n * c->page_size;
	unsigned int i;
	int ret;

	c->map = mmap(NULL, len, PROT_READ, MAP_SHARED, fd,
		      (off_t)(first * c->page_size));
	if (c->map == MAP_FAILED)
		return -errno;
	ret = madvise(c->map, len, MADV_RANDOM) ? -errno : 0;
	if (!ret && mincore(c->map, len, c->vec))
		ret = -errno;
	if (!ret)
		ret = populate(c, n);
	if (!ret)
		ret = pagesnap_pagemap_read(pm, (uintptr_t)c->map, c->v, n);
	munmap(c->map, len);
	for (i = 0; !ret && i < n; i++) {
		if (!(c->vec[i] & 1) || c->v[i].state != PAGESNAP_VADDR_PRESENT)
			continue;
		if (c->v[i].flags & PAGESNAP_VADDR_F_PFN_HIDDEN)
			return -EPERM;
		ret = fn(first + i, c->v[i].pfn, arg);
	}
	return ret;
}

/**
 * pagesnap_file_pages() - call @fn for each cached page of a file
 * @fd:         regular file open for reading
 * @first_page: first page of the file to look at
 * @nr_pages:   pages to look at; clipped to the file size
 * @fn:         called with (page index in the file, pfn, @arg); a
 *              non-zero return stops the walk
 * @arg:        passed to @fn
 *
 * Pages not in the page cache are skipped and not read in.
 *
 * Return: 0, what @fn returned when it stopped the walk, -EINVAL (bad
 * argument or not a regular file), -EBADF, -EPERM (pfns need
 * CAP_SYS_ADMIN), -ENOMEM, or an mmap/mincore error.
 */
int pagesnap_file_pages(int fd, uint64_t first_page, uint64_t nr_pages,
			pagesnap_file_fn fn, void *arg)
{
	struct pagesnap_pagemap *pm;
	struct chunk *c;
	struct stat st;
	uint64_t end, n;
	int ret;

	if (fd < 0 || !fn)
		return ps_err(fd < 0 ? -EBADF : -EINVAL);
	if (fstat(fd, &st))
		return ps_err(-errno);
	if (!S_ISREG(st.st_mode))
		return ps_err(-EINVAL);
	c = calloc(1, sizeof(*c));
	if (!c)
		return ps_err(-ENOMEM);
	c->page_size = (uint64_t)sysconf(_SC_PAGESIZE);
	ret = pagesnap_pagemap_open(0, &pm);
	if (ret) {
		free(c);
		return ret;
	}
	end = ((uint64_t)st.st_size + c->page_size - 1) / c->page_size;
	if (nr_pages < end - first_page && first_page < end)
		end = first_page + nr_pages;
	for (; first_page < end && !ret; first_page += n) {
		n = end - first_page < FILE_BATCH ? end - first_page : FILE_BATCH;
		ret = walk_chunk(c, fd, pm, first_page, (unsigned int)n, fn, arg);
	}
	pagesnap_pagemap_close(pm);
	free(c);
	if (ret < 0)
		errno = -ret;
	return ret;
}
