// SPDX-License-Identifier: GPL-2.0
/* vaddr -> pfn through our own pagemap, and a file's cached pages. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>

#include "unit.h"

static long psize;

static void test_open_errors(void)
{
	struct pagesnap_pagemap *pm = (struct pagesnap_pagemap *)&pm;
	struct pagesnap_pagemap *junk = pm;

	CHECK_ERR(pagesnap_pagemap_open(-1, &pm), EINVAL);
	CHECK_ERR(pagesnap_pagemap_open(0, NULL), EINVAL);
	CHECK_ERR(pagesnap_pagemap_open(0x7ffffff0, &pm), ESRCH);
	CU_ASSERT_PTR_EQUAL(pm, junk);
	CU_ASSERT_PTR_NOT_NULL(strstr(pagesnap_strerror(-ESRCH), "process"));
	pagesnap_pagemap_close(NULL);
}

static void test_self(void)
{
	struct pagesnap_pagemap *pm;
	struct pagesnap_vaddr v[3];
	char *p;

	p = mmap(NULL, 3 * psize, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CU_ASSERT_FATAL(p != MAP_FAILED);
	p[0] = 1;				/* page 0 present */
	munmap(p + 2 * psize, psize);		/* page 2 no longer mapped */
	CU_ASSERT_EQUAL_FATAL(pagesnap_pagemap_open(0, &pm), 0);
	JUNK_FILL(v);
	CU_ASSERT_EQUAL(pagesnap_pagemap_read(pm, (uintptr_t)p + 5, v, 3), 0);
	CU_ASSERT_EQUAL(v[0].vaddr, (uintptr_t)p);
	CU_ASSERT_EQUAL(v[0].state, PAGESNAP_VADDR_PRESENT);
	if (geteuid() == 0) {
		CU_ASSERT_NOT_EQUAL(v[0].pfn, 0);
		CU_ASSERT_FALSE(v[0].flags & PAGESNAP_VADDR_F_PFN_HIDDEN);
	} else {
		CU_ASSERT_TRUE(v[0].flags & PAGESNAP_VADDR_F_PFN_HIDDEN);
	}
	CU_ASSERT_EQUAL(v[1].vaddr, (uintptr_t)p + psize);
	CU_ASSERT_EQUAL(v[1].state, PAGESNAP_VADDR_NOT_MAPPED);	/* untouched */
	CU_ASSERT_EQUAL(v[1].pfn, 0);
	CU_ASSERT_EQUAL(v[2].state, PAGESNAP_VADDR_NOT_MAPPED);	/* unmapped */
	CU_ASSERT_EQUAL(v[2].flags, 0);
	CU_ASSERT_EQUAL(v[2].reserved, 0);

	/* errors leave the output alone */
	JUNK_FILL(v);
	CHECK_ERR(pagesnap_pagemap_read(pm, (uintptr_t)p, v, 0), EINVAL);
	CHECK_ERR(pagesnap_pagemap_read(pm, (uintptr_t)p, NULL, 1), EINVAL);
	CHECK_ERR(pagesnap_pagemap_read(NULL, (uintptr_t)p, v, 1), EINVAL);
	CHECK_ERR(pagesnap_pagemap_read(pm, UINT64_MAX - 4096, v, 3), EOVERFLOW);
	CU_ASSERT_EQUAL(v[0].vaddr, JUNK_U64);
	/* beyond the address space: not mapped, no error */
	CU_ASSERT_EQUAL(pagesnap_pagemap_read(pm, 1ULL << 60, v, 1), 0);
	CU_ASSERT_EQUAL(v[0].state, PAGESNAP_VADDR_NOT_MAPPED);
	pagesnap_pagemap_close(pm);
	munmap(p, 2 * psize);
}

static void test_batches(void)
{
	const unsigned int n = 1200;		/* more than one internal batch */
	struct pagesnap_pagemap *pm;
	struct pagesnap_vaddr *v = calloc(n, sizeof(*v));
	unsigned int i, present = 0;
	char *p;

	CU_ASSERT_FATAL(v != NULL);
	p = mmap(NULL, n * psize, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CU_ASSERT_FATAL(p != MAP_FAILED);
	for (i = 0; i < n; i += 100)
		p[i * psize] = 1;
	CU_ASSERT_EQUAL_FATAL(pagesnap_pagemap_open(getpid(), &pm), 0);
	CU_ASSERT_EQUAL(pagesnap_pagemap_read(pm, (uintptr_t)p, v, n), 0);
	for (i = 0; i < n; i++) {
		CU_ASSERT_EQUAL(v[i].vaddr, (uintptr_t)p + (uint64_t)i * psize);
		if (v[i].state == PAGESNAP_VADDR_PRESENT) {
			present++;
			CU_ASSERT_EQUAL(i % 100, 0);
		}
	}
	CU_ASSERT_EQUAL(present, n / 100);
	pagesnap_pagemap_close(pm);
	munmap(p, n * psize);
	free(v);
}

struct seen {
	unsigned int pages;
	uint64_t last_index;
	int stop_at;
	int zero_pfn;
};

static int on_page(uint64_t index, uint64_t pfn, void *arg)
{
	struct seen *s = arg;

	s->pages++;
	s->last_index = index;
	if (!pfn)
		s->zero_pfn = 1;
	return s->stop_at && (int)s->pages == s->stop_at ? 42 : 0;
}

static void test_file_pages(void)
{
	char path[] = "/tmp/pagesnap-unit-XXXXXX";
	char *data = calloc(8, psize);
	struct seen s;
	int fd, ret;

	CU_ASSERT_FATAL(data != NULL);
	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	unlink(path);
	CU_ASSERT_EQUAL(write(fd, data, 8 * psize), 8 * psize);
	CU_ASSERT_EQUAL(write(fd, data, 10), 10);	/* partial 9th page */

	memset(&s, 0, sizeof(s));
	ret = pagesnap_file_pages(fd, 0, UINT64_MAX, on_page, &s);
	if (geteuid() != 0) {
		CU_ASSERT_EQUAL(ret, -EPERM);
		unit_skip("pfns of cached pages need root");
	} else {
		CU_ASSERT_EQUAL(ret, 0);
		CU_ASSERT_EQUAL(s.pages, 9);	/* just written: all cached */
		CU_ASSERT_EQUAL(s.last_index, 8);
		CU_ASSERT_EQUAL(s.zero_pfn, 0);

		memset(&s, 0, sizeof(s));
		CU_ASSERT_EQUAL(pagesnap_file_pages(fd, 2, 3, on_page, &s), 0);
		CU_ASSERT_EQUAL(s.pages, 3);
		CU_ASSERT_EQUAL(s.last_index, 4);

		memset(&s, 0, sizeof(s));
		s.stop_at = 2;			/* callback stops the walk */
		CU_ASSERT_EQUAL(pagesnap_file_pages(fd, 0, UINT64_MAX, on_page,
						    &s), 42);
		CU_ASSERT_EQUAL(s.pages, 2);

		memset(&s, 0, sizeof(s));	/* past the end: nothing */
		CU_ASSERT_EQUAL(pagesnap_file_pages(fd, 100, 5, on_page, &s), 0);
		CU_ASSERT_EQUAL(s.pages, 0);
	}
	CHECK_ERR(pagesnap_file_pages(fd, 0, 1, NULL, &s), EINVAL);
	CHECK_ERR(pagesnap_file_pages(-1, 0, 1, on_page, &s), EBADF);
	close(fd);
	CHECK_ERR(pagesnap_file_pages(fd, 0, 1, on_page, &s), EBADF);
	fd = open("/", O_RDONLY);
	CHECK_ERR(pagesnap_file_pages(fd, 0, 1, on_page, &s), EINVAL);
	close(fd);
	free(data);
}

static const struct unit_test tests[] = {
	{ "pagemap open errors", test_open_errors },
	{ "present, not faulted and unmapped pages", test_self },
	{ "reads larger than one batch", test_batches },
	{ "a file's cached pages", test_file_pages },
	{ NULL, NULL }
};

int register_pagemap_tests(void)
{
	psize = sysconf(_SC_PAGESIZE);
	return add_suite("pagemap", tests);
}
