// SPDX-License-Identifier: GPL-2.0
/*
 * Opening the device, the checks every call makes before its ioctl, and
 * the entry sizes that reach the driver.  No driver here: the fake device
 * (fake.c) counts the ioctls that reach it, which proves the checks come
 * first, and records the entry size it was given.
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "unit.h"

static void test_open_missing(void)
{
	struct pagesnap *ps = (struct pagesnap *)&ps;	/* junk */
	struct pagesnap *junk = ps;

	CHECK_ERR(pagesnap_open("/nonexistent/pagesnap", &ps), ENOENT);
	CU_ASSERT_PTR_EQUAL(ps, junk);
	CU_ASSERT_PTR_NOT_NULL(strstr(pagesnap_strerror(-ENOENT),
				      "module not loaded"));
	if (access(PAGESNAP_DEVICE_PATH, F_OK) == 0) {
		unit_skip(PAGESNAP_DEVICE_PATH " exists here");
		return;
	}
	CHECK_ERR(pagesnap_open(NULL, &ps), ENOENT);
	CU_ASSERT_PTR_EQUAL(ps, junk);
}

static void test_open_not_pagesnap(void)
{
	struct pagesnap *ps = NULL;

	CHECK_ERR(pagesnap_open("/dev/null", &ps), ENOTTY);
	CU_ASSERT_PTR_NULL(ps);
	CHECK_ERR(pagesnap_open("/", &ps), ENOTTY);
	CU_ASSERT_PTR_NOT_NULL(strstr(pagesnap_strerror(-ENOTTY),
				      "not a pagesnap device"));
	CHECK_ERR(pagesnap_open(NULL, NULL), EINVAL);
	CHECK_ERR(pagesnap_open("/dev/null", NULL), EINVAL);
}

static void test_messages(void)
{
	CU_ASSERT_PTR_NOT_NULL(strstr(pagesnap_strerror(-EPERM), "CAP_SYS_ADMIN"));
	CU_ASSERT_PTR_NOT_NULL(strstr(pagesnap_strerror(-EACCES), "CAP_SYS_ADMIN"));
	CU_ASSERT_PTR_NOT_NULL(strstr(pagesnap_strerror(EPERM), "CAP_SYS_ADMIN"));
	CU_ASSERT_PTR_NOT_NULL(strstr(pagesnap_strerror(-ENODEV), "module not loaded"));
	CU_ASSERT_PTR_NOT_NULL(strstr(pagesnap_strerror(-ENXIO), "module not loaded"));
	CU_ASSERT_PTR_NOT_NULL(strstr(pagesnap_strerror(-EPROTO), "too old"));
	CU_ASSERT_PTR_NOT_NULL(strstr(pagesnap_strerror(-EPROTONOSUPPORT), "too new"));
	CU_ASSERT_STRING_EQUAL(pagesnap_strerror(-ENOMEM), strerror(ENOMEM));
	CU_ASSERT_STRING_EQUAL(pagesnap_strerror(0), "success");
}

static void test_null_handle(void)
{
	struct pagesnap_info info;

	JUNK_FILL(info);
	CHECK_ERR(pagesnap_info(NULL, &info), EINVAL);
	CU_ASSERT_EQUAL(info.abi_version, 0xa5a5a5a5);
	CHECK_ERR(pagesnap_fd(NULL), EINVAL);
	pagesnap_close(NULL);
	CU_ASSERT_EQUAL(pagesnap_version_major(), PAGESNAP_VERSION_MAJOR);
	CU_ASSERT_EQUAL(pagesnap_version_minor(), PAGESNAP_VERSION_MINOR);
	CU_ASSERT_TRUE(pagesnap_check_version(PAGESNAP_VERSION_MAJOR,
					      PAGESNAP_VERSION_MINOR));
	CU_ASSERT_TRUE(pagesnap_check_version(0, 0));
	CU_ASSERT_FALSE(pagesnap_check_version(PAGESNAP_VERSION_MAJOR + 1, 0));
	CU_ASSERT_FALSE(pagesnap_check_version(PAGESNAP_VERSION_MAJOR,
					       PAGESNAP_VERSION_MINOR + 1));
}

/* A handle on the fake device with a plausible driver info. */
static struct pagesnap *fake(uint64_t features, unsigned int max_filters)
{
	return unit_fake_handle(features, 0, 0x100000, 65536, max_filters);
}

static void test_query_checks(void)
{
	struct pagesnap *ps = fake(PAGESNAP_FEAT_FILTER, 8);
	struct pagesnap_entry e[4];
	unsigned int filled;
	unsigned long ioctls = fake_ioctls();
	uint64_t next;
	const size_t sz = sizeof(e[0]);
	static const size_t bad_sz[] = {
		0, 8, PAGESNAP_ENTRY_SIZE_VER0 - 8, PAGESNAP_ENTRY_SIZE_VER0 + 4,
		PAGESNAP_ENTRY_SIZE_MAX + 8, SIZE_MAX,
	};
	unsigned int i;

	JUNK_FILL(e);
	filled = 0xa5a5a5a5;
	next = JUNK_U64;
	CHECK_ERR(pagesnap_query_range(NULL, 0, 1, 0, e, 4, &filled, &next), EINVAL);
	CHECK_ERR(pagesnap_query_range(ps, 0, 1, 0, NULL, 4, &filled, &next), EINVAL);
	CHECK_ERR(pagesnap_query_range(ps, 0, 1, 0, e, 0, &filled, &next), EINVAL);
	CHECK_ERR(pagesnap_query_range(ps, 0, 0, 0, e, 4, &filled, &next), EINVAL);
	CHECK_ERR(pagesnap_query_range(ps, 0, 1, 0, e, 4, NULL, &next), EINVAL);
	CHECK_ERR(pagesnap_query_range(ps, 0, 1, 0, e, 4, &filled, NULL), EINVAL);
	CHECK_ERR(pagesnap_query_range(ps, 0, 1, 1U << 7, e, 4, &filled, &next), EINVAL);
	CHECK_ERR(pagesnap_query_range(ps, 0, 1, PAGESNAP_QUERY_SKIP_HOLES, e,
				       4, &filled, &next), EOPNOTSUPP);
	CHECK_ERR(pagesnap_query_range(ps, 0, 1, PAGESNAP_QUERY_RUNS, e,
				       4, &filled, &next), EOPNOTSUPP);
	CHECK_ERR(pagesnap_query_range(ps, UINT64_MAX, 2, 0, e, 4, &filled,
				       &next), EOVERFLOW);
	CHECK_ERR(pagesnap_query_range(ps, 2, UINT64_MAX - 1, 0, e, 4, &filled,
				       &next), EOVERFLOW);
	for (i = 0; i < sizeof(bad_sz) / sizeof(bad_sz[0]); i++)
		CHECK_ERR(pagesnap_query_range2(ps, 0, 1, 0, e, bad_sz[i], 4,
						&filled, &next), EINVAL);
	CHECK_ERR(pagesnap_get(ps, 0, NULL), EINVAL);
	CHECK_ERR(pagesnap_get(NULL, 0, e), EINVAL);
	CHECK_ERR(pagesnap_get(ps, UINT64_MAX, e), ERANGE);
	CHECK_ERR(pagesnap_get2(ps, 0, e, PAGESNAP_ENTRY_SIZE_VER0 - 8), EINVAL);
	/* none of that reached the driver, or wrote anything */
	CU_ASSERT_EQUAL(fake_ioctls(), ioctls);
	CU_ASSERT_EQUAL(filled, 0xa5a5a5a5);
	CU_ASSERT_EQUAL(next, JUNK_U64);
	CU_ASSERT_EQUAL(e[0].pfn, JUNK_U64);

	/* all checks passed: the driver answers, given the caller's size */
	CU_ASSERT_EQUAL(pagesnap_query_range(ps, 0, 16, 0, e, 4, &filled,
					     &next), 0);
	CU_ASSERT_EQUAL(filled, 4);
	CU_ASSERT_EQUAL(next, 4);
	CU_ASSERT_EQUAL(e[3].pfn, 3);
	CU_ASSERT_EQUAL(fake_last_entry_size(), sz);
	CU_ASSERT_EQUAL(pagesnap_get(ps, 5, e), 0);
	CU_ASSERT_EQUAL(e[0].pfn, 5);
	CU_ASSERT_EQUAL(e[0].nr_pages, 1);
	CU_ASSERT_EQUAL(fake_last_entry_size(), sz);
	pagesnap_close(ps);
}

/*
 * Entries of other sizes than the library's: the driver is told the
 * caller's size, the library writes exactly that many bytes per entry and
 * not one byte past the array (guard bytes after it), at 136 bytes (a 0.1
 * caller: no nr_pages to set) and at 152 (a caller that knows a field the
 * library does not: zero from this driver).
 */
#define GUARD	64

static void sized_query(size_t sz, unsigned int features)
{
	struct pagesnap *ps = fake(features, 8);
	unsigned char buf[4 * 152 + GUARD];
	unsigned int filled, i;
	uint64_t next, pfn, nr;

	memset(buf, JUNK, sizeof(buf));
	CU_ASSERT_EQUAL_FATAL(pagesnap_query_range2(ps, 100, 16, 0,
			(struct pagesnap_entry *)buf, sz, 4, &filled, &next), 0);
	CU_ASSERT_EQUAL(fake_last_entry_size(), sz);
	CU_ASSERT_EQUAL(filled, 4);
	for (i = 0; i < filled; i++) {
		memcpy(&pfn, buf + i * sz, sizeof(pfn));
		CU_ASSERT_EQUAL(pfn, 100 + i);
		if (sz >= PAGESNAP_ENTRY_SIZE_VER1) {
			memcpy(&nr, buf + i * sz + PAGESNAP_ENTRY_SIZE_VER0,
			       sizeof(nr));
			CU_ASSERT_EQUAL(nr, 1);	/* set by the library or the fake */
		}
		if (sz > sizeof(struct pagesnap_entry)) {
			memcpy(&nr, buf + i * sz + sizeof(struct pagesnap_entry),
			       sizeof(nr));
			CU_ASSERT_EQUAL(nr, 0);
		}
	}
	for (i = 4 * sz; i < sizeof(buf); i++)
		if (buf[i] != JUNK)
			break;
	CU_ASSERT_EQUAL(i, sizeof(buf));	/* guard bytes untouched */

	memset(buf, JUNK, sizeof(buf));
	CU_ASSERT_EQUAL(pagesnap_get2(ps, 7, (struct pagesnap_entry *)buf, sz), 0);
	for (i = sz; i < sizeof(buf); i++)
		if (buf[i] != JUNK)
			break;
	CU_ASSERT_EQUAL(i, sizeof(buf));
	pagesnap_close(ps);
}

static void test_sized_entries(void)
{
	sized_query(PAGESNAP_ENTRY_SIZE_VER0, 0);
	sized_query(PAGESNAP_ENTRY_SIZE_VER0, PAGESNAP_FEAT_RUNS);
	sized_query(PAGESNAP_ENTRY_SIZE_VER1, 0);
	sized_query(PAGESNAP_ENTRY_SIZE_VER1, PAGESNAP_FEAT_RUNS);
	sized_query(152, 0);
	sized_query(152, PAGESNAP_FEAT_RUNS);
}

static void test_filter_checks(void)
{
	struct pagesnap *ps = fake(PAGESNAP_FEAT_FILTER, 2);
	struct pagesnap_filter f[PAGESNAP_MAX_FILTERS + 1];
	unsigned int i;

	for (i = 0; i <= PAGESNAP_MAX_FILTERS; i++) {
		f[i].mask = 1ULL << i;
		f[i].value = 1ULL << i;
	}
	CU_ASSERT_EQUAL(pagesnap_set_filter(ps, f, 2), 0);
	CU_ASSERT_EQUAL(pagesnap_set_filter(ps, NULL, 0), 0);
	CHECK_ERR(pagesnap_set_filter(ps, f, 3), EINVAL);	/* > driver's 2 */
	CHECK_ERR(pagesnap_set_filter(ps, NULL, 1), EINVAL);
	CHECK_ERR(pagesnap_set_filter(NULL, f, 1), EINVAL);
	f[0].value = 3;						/* outside mask */
	CHECK_ERR(pagesnap_set_filter(ps, f, 1), EINVAL);
	pagesnap_close(ps);

	ps = fake(PAGESNAP_FEAT_FILTER, 64);
	f[0].value = f[0].mask;
	CHECK_ERR(pagesnap_set_filter(ps, f, PAGESNAP_MAX_FILTERS + 1), EINVAL);
	CU_ASSERT_EQUAL(pagesnap_set_filter(ps, f, PAGESNAP_MAX_FILTERS), 0);
	pagesnap_close(ps);

	ps = fake(0, 8);					/* no filter support */
	CHECK_ERR(pagesnap_set_filter(ps, f, 1), EOPNOTSUPP);
	CU_ASSERT_EQUAL(pagesnap_set_filter(ps, NULL, 0), 0);
	pagesnap_close(ps);
}

static int count(const struct pagesnap_entry *e, void *arg)
{
	(void)e;
	(*(int *)arg)++;
	return 0;
}

static void test_scan_checks(void)
{
	struct pagesnap *ps = fake(0, 8);
	struct pagesnap_scan *scan = (struct pagesnap_scan *)&ps;
	struct pagesnap_scan *junk = scan;
	const struct pagesnap_entry *e = NULL;
	unsigned long ioctls = fake_ioctls();
	int called = 0;

	CHECK_ERR(pagesnap_scan_begin(NULL, 0, 10, 0, &scan), EINVAL);
	CHECK_ERR(pagesnap_scan_begin(ps, 0, 10, 0, NULL), EINVAL);
	CHECK_ERR(pagesnap_scan_begin(ps, 10, 9, 0, &scan), EINVAL);
	CHECK_ERR(pagesnap_scan_begin(ps, 0, 10, 1U << 9, &scan), EINVAL);
	CHECK_ERR(pagesnap_scan_begin(ps, 0, 10, PAGESNAP_QUERY_SKIP_HOLES,
				      &scan), EOPNOTSUPP);
	CHECK_ERR(pagesnap_scan_begin(ps, 0, 10, PAGESNAP_QUERY_RUNS,
				      &scan), EOPNOTSUPP);
	CHECK_ERR(pagesnap_scan_begin2(ps, 0, 10, 0, 0, &scan), EINVAL);
	CHECK_ERR(pagesnap_scan_begin2(ps, 0, 10, 0, 140, &scan), EINVAL);
	CHECK_ERR(pagesnap_scan(ps, 0, 10, 0, NULL, NULL), EINVAL);
	CHECK_ERR(pagesnap_scan2(ps, 0, 10, 0, 0, count, &called), EINVAL);
	CHECK_ERR(pagesnap_scan_next(NULL, &e), EINVAL);
	CU_ASSERT_PTR_NULL(e);
	CU_ASSERT_PTR_EQUAL(scan, junk);
	CU_ASSERT_EQUAL(called, 0);
	CU_ASSERT_EQUAL(fake_ioctls(), ioctls);
	CU_ASSERT_EQUAL(pagesnap_scan_position(NULL), 0);
	pagesnap_scan_end(NULL);

	/* checks passed: the scan re-reads the info and runs */
	CU_ASSERT_EQUAL(pagesnap_scan(ps, 0, 10, 0, count, &called), 0);
	CU_ASSERT_EQUAL(called, 10);
	CU_ASSERT_EQUAL(fake_last_entry_size(), sizeof(*e));
	CU_ASSERT_EQUAL_FATAL(pagesnap_scan_begin2(ps, 3, 5, 0,
				PAGESNAP_ENTRY_SIZE_VER0, &scan), 0);
	CU_ASSERT_EQUAL(pagesnap_scan_next(scan, &e), 1);
	CU_ASSERT_EQUAL(e->pfn, 3);
	CU_ASSERT_EQUAL(fake_last_entry_size(), PAGESNAP_ENTRY_SIZE_VER0);
	CU_ASSERT_EQUAL(pagesnap_scan_next(scan, &e), 1);
	CU_ASSERT_EQUAL(e->pfn, 4);
	CU_ASSERT_EQUAL(pagesnap_scan_next(scan, &e), 0);
	CU_ASSERT_EQUAL(pagesnap_scan_position(scan), 5);
	pagesnap_scan_end(scan);
	pagesnap_close(ps);
}

static int sum_pages(const struct pagesnap_entry *e, void *arg)
{
	uint64_t *sum = arg;

	CU_ASSERT_EQUAL(e->pfn, sum[0]);
	sum[0] += e->nr_pages;
	sum[1]++;
	return 0;
}

/*
 * Runs reach the caller (the fake joins holes, pfns 1000-1199, and no run
 * crosses a call: max_pfns 65536 here); a driver without them leaves
 * nr_pages zero and the library makes it 1.
 */
static void test_runs(void)
{
	struct pagesnap *ps = fake(PAGESNAP_FEAT_RUNS, 8);
	struct pagesnap_entry e[4];
	uint64_t next, sum[2] = { 990, 0 };
	unsigned int filled, i;

	CU_ASSERT_EQUAL(pagesnap_scan(ps, 990, 1210, PAGESNAP_QUERY_RUNS,
				      sum_pages, sum), 0);
	CU_ASSERT_EQUAL(sum[0], 1210);	/* every pfn, once */
	CU_ASSERT_EQUAL(sum[1], 10 + 1 + 10);	/* the holes in one entry */
	CHECK_ERR(pagesnap_query_range2(ps, 990, 20, PAGESNAP_QUERY_RUNS, e,
					PAGESNAP_ENTRY_SIZE_VER0, 4, &filled,
					&next), EINVAL);
	pagesnap_close(ps);

	ps = fake(0, 8);			/* a driver before runs */
	JUNK_FILL(e);
	CU_ASSERT_EQUAL(pagesnap_query_range(ps, 16, 8, 0, e, 4, &filled,
					     &next), 0);
	CU_ASSERT_EQUAL(filled, 4);
	CU_ASSERT_EQUAL(next, 20);
	for (i = 0; i < filled; i++)
		CU_ASSERT_EQUAL(e[i].nr_pages, 1);
	pagesnap_close(ps);
}

/* Every entry of a scan, as the caller sees it, @sz bytes each. */
struct collect {
	unsigned char *v;
	size_t sz, n, max;
};

static int collect(const struct pagesnap_entry *e, void *arg)
{
	struct collect *c = arg;

	if (c->n == c->max)
		return -ENOSPC;
	memcpy(c->v + c->n++ * c->sz, e, c->sz);
	return 0;
}

static void scan_all(uint64_t features, size_t sz, int iter,
		     struct collect *c, unsigned int *qflags)
{
	struct pagesnap *ps;
	struct pagesnap_scan *scan;
	const struct pagesnap_entry *e;
	int ret;

	ps = unit_fake_handle(features, 0, 5000, 700, 8);
	c->sz = sz;
	c->n = 0;
	if (!iter) {
		CU_ASSERT_EQUAL(pagesnap_scan2(ps, 900, 2600, 0, sz, collect,
					       c), 0);
	} else {
		CU_ASSERT_EQUAL_FATAL(pagesnap_scan_begin2(ps, 900, 2600, 0, sz,
							   &scan), 0);
		while ((ret = pagesnap_scan_next(scan, &e)) == 1)
			CU_ASSERT_EQUAL(collect(e, c), 0);
		CU_ASSERT_EQUAL(ret, 0);
		pagesnap_scan_end(scan);
	}
	*qflags = fake_last_query_flags();
	pagesnap_close(ps);
}

/*
 * A caller that does not ask for runs gets from a RUNS driver exactly the
 * entries a driver without runs gives, a pfn each (head_pfn advanced in a
 * run of like small pages, pfns 1500-2499), whatever its entry size; the
 * library asks for runs only for entries no larger than its own, and
 * never hands out more than a call covered.
 */
static void test_scan_own_runs(void)
{
	static const size_t sizes[] = { PAGESNAP_ENTRY_SIZE_VER0,
					PAGESNAP_ENTRY_SIZE_VER1,
					PAGESNAP_ENTRY_SIZE_VER1 + 8 };
	struct collect a = { .max = 1700 }, b = { .max = 1700 };
	unsigned int i, iter, fa, fb, bad;
	size_t k;

	a.v = calloc(a.max, PAGESNAP_ENTRY_SIZE_VER1 + 8);
	b.v = calloc(b.max, PAGESNAP_ENTRY_SIZE_VER1 + 8);
	CU_ASSERT_FATAL(a.v && b.v);
	CU_ASSERT_EQUAL_FATAL(setenv("PAGESNAP_FAKE_LIKE_START", "1500", 1), 0);
	CU_ASSERT_EQUAL_FATAL(setenv("PAGESNAP_FAKE_LIKE_END", "2500", 1), 0);
	for (i = 0; i < 3; i++) {
		for (iter = 0; iter < 2; iter++) {
			scan_all(PAGESNAP_FEAT_FILTER, sizes[i], iter, &a, &fa);
			scan_all(PAGESNAP_FEAT_FILTER | PAGESNAP_FEAT_RUNS,
				 sizes[i], iter, &b, &fb);
			CU_ASSERT_EQUAL(a.n, 1700);
			CU_ASSERT_EQUAL(b.n, 1700);
			CU_ASSERT_EQUAL(fa, 0);
			CU_ASSERT_EQUAL(fb, i < 2 ? PAGESNAP_QUERY_RUNS : 0);
			CU_ASSERT_EQUAL(memcmp(a.v, b.v, a.n * a.sz), 0);
		}
	}
	/* the like pages really are a run, their head_pfn each its own */
	for (k = 0, bad = 0; k < b.n; k++) {
		const struct pagesnap_entry *e =
			(const void *)(b.v + k * b.sz);

		bad += e->pfn != 900 + k || e->nr_pages != 1;
		if (e->pfn >= 1500 && e->pfn < 2500)
			bad += e->head_pfn != e->pfn ||
			       !(e->valid & PAGESNAP_VALID_FOLIO);
	}
	CU_ASSERT_EQUAL(bad, 0);
	/* a run claiming more than its call covered: each pfn once still */
	{
		struct pagesnap *ps = unit_fake_handle(PAGESNAP_FEAT_RUNS, 0,
						       5000, 700, 8);
		uint64_t sum[2] = { 900, 0 };

		CU_ASSERT_EQUAL_FATAL(setenv("PAGESNAP_FAKE_BAD", "4", 1), 0);
		pagesnap_close(ps);
		ps = NULL;
		CU_ASSERT_EQUAL_FATAL(pagesnap_open(UNIT_FAKE_DEV, &ps), 0);
		CU_ASSERT_EQUAL(pagesnap_scan(ps, 900, 2600, 0, sum_pages, sum),
				0);
		CU_ASSERT_EQUAL(sum[0], 2600);
		CU_ASSERT_EQUAL(sum[1], 1700);
		pagesnap_close(ps);
	}
	unsetenv("PAGESNAP_FAKE_LIKE_START");
	unsetenv("PAGESNAP_FAKE_LIKE_END");
	unsetenv("PAGESNAP_FAKE_BAD");
	free(a.v);
	free(b.v);
}

static void test_abi_sizes(void)
{
	CU_ASSERT_EQUAL(sizeof(struct pagesnap_entry), PAGESNAP_ENTRY_SIZE_VER1);
	CU_ASSERT_EQUAL(offsetof(struct pagesnap_entry, nr_pages),
			PAGESNAP_ENTRY_SIZE_VER0);
	CU_ASSERT_EQUAL(sizeof(struct pagesnap_info), PAGESNAP_INFO_SIZE_VER0);
	CU_ASSERT_EQUAL(sizeof(struct pagesnap_query), PAGESNAP_QUERY_SIZE_VER0);
	CU_ASSERT_EQUAL(_IOC_SIZE(PAGESNAP_IOC_INFO), PAGESNAP_INFO_SIZE_VER0);
	CU_ASSERT_EQUAL(_IOC_SIZE(PAGESNAP_IOC_QUERY), PAGESNAP_QUERY_SIZE_VER0);
	CU_ASSERT_EQUAL(sizeof(struct pagesnap_vaddr) % 8, 0);
	CU_ASSERT_EQUAL(sizeof(struct pagesnap_bits_term), 24);
}

static const struct unit_test tests[] = {
	{ "missing device: ENOENT, 'module not loaded'", test_open_missing },
	{ "not a pagesnap device: ENOTTY", test_open_not_pagesnap },
	{ "error messages say what to do", test_messages },
	{ "NULL handles and versions", test_null_handle },
	{ "query and get check arguments before the ioctl", test_query_checks },
	{ "entries of the caller's size, nothing written past them", test_sized_entries },
	{ "filter checks: count, mask, feature", test_filter_checks },
	{ "scan checks before the ioctl", test_scan_checks },
	{ "runs: nr_pages reaches the caller, 1 from an older driver", test_runs },
	{ "scan: the library's own runs, a pfn at a time", test_scan_own_runs },
	{ "uapi sizes", test_abi_sizes },
	{ NULL, NULL }
};

int register_device_tests(void)
{
	return add_suite("device", tests);
}
