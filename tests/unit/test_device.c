// SPDX-License-Identifier: GPL-2.0
/*
 * Opening the device and the checks every call makes before its ioctl.
 * No driver here: a handle wrapped around /dev/null proves the checks
 * come first (a call that passes them reaches the ioctl: ENOTTY).
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>

#include "unit.h"
#include "../../libpagesnap/src/internal.h"

static void test_open_missing(void)
{
	struct pagesnap *ps = (struct pagesnap *)&ps;	/* junk */
	struct pagesnap *junk = ps;

	CHECK_ERR(pagesnap_open("/nonexistent/pagesnap", &ps), ENOENT);
	CU_ASSERT_PTR_EQUAL(ps, junk);
	CU_ASSERT_PTR_NOT_NULL(strstr(pagesnap_strerror(-ENOENT),
				      "module not loaded"));
	if (access(PAGESNAP_DEVICE_PATH, F_OK) == 0) {
		printf("\n    SKIP: " PAGESNAP_DEVICE_PATH " exists here ");
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

/* A handle on /dev/null with a plausible driver info. */
static struct pagesnap *fake(uint64_t features, unsigned int max_filters)
{
	return unit_fake_handle(features, 0, 0x100000, 65536, max_filters);
}

static void test_query_checks(void)
{
	struct pagesnap *ps = fake(PAGESNAP_FEAT_FILTER, 8);
	struct pagesnap_entry e[4];
	unsigned int filled;
	uint64_t next;

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
	/* all checks passed: /dev/null refuses the ioctl */
	CHECK_ERR(pagesnap_query_range(ps, 0, 16, 0, e, 4, &filled, &next), ENOTTY);
	CU_ASSERT_EQUAL(filled, 0xa5a5a5a5);
	CU_ASSERT_EQUAL(next, JUNK_U64);
	CU_ASSERT_EQUAL(e[0].pfn, JUNK_U64);

	CHECK_ERR(pagesnap_get(ps, 0, NULL), EINVAL);
	CHECK_ERR(pagesnap_get(NULL, 0, e), EINVAL);
	CHECK_ERR(pagesnap_get(ps, UINT64_MAX, e), ERANGE);
	CHECK_ERR(pagesnap_get(ps, 5, e), ENOTTY);
	CU_ASSERT_EQUAL(e[0].pfn, JUNK_U64);
	pagesnap_close(ps);
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

static int never(const struct pagesnap_entry *e, void *arg)
{
	(void)e;
	*(int *)arg = 1;
	return 0;
}

static void test_scan_checks(void)
{
	struct pagesnap *ps = fake(0, 8);
	struct pagesnap_scan *scan = (struct pagesnap_scan *)&ps;
	struct pagesnap_scan *junk = scan;
	const struct pagesnap_entry *e = NULL;
	int called = 0;

	CHECK_ERR(pagesnap_scan_begin(NULL, 0, 10, 0, &scan), EINVAL);
	CHECK_ERR(pagesnap_scan_begin(ps, 0, 10, 0, NULL), EINVAL);
	CHECK_ERR(pagesnap_scan_begin(ps, 10, 9, 0, &scan), EINVAL);
	CHECK_ERR(pagesnap_scan_begin(ps, 0, 10, 1U << 9, &scan), EINVAL);
	CHECK_ERR(pagesnap_scan_begin(ps, 0, 10, PAGESNAP_QUERY_SKIP_HOLES,
				      &scan), EOPNOTSUPP);
	CHECK_ERR(pagesnap_scan_begin(ps, 0, 10, PAGESNAP_QUERY_RUNS,
				      &scan), EOPNOTSUPP);
	/* checks passed: the INFO refresh reaches /dev/null */
	CHECK_ERR(pagesnap_scan_begin(ps, 0, 10, 0, &scan), ENOTTY);
	CU_ASSERT_PTR_EQUAL(scan, junk);
	CHECK_ERR(pagesnap_scan(ps, 0, 10, 0, NULL, NULL), EINVAL);
	CHECK_ERR(pagesnap_scan(ps, 0, 10, 0, never, &called), ENOTTY);
	CU_ASSERT_EQUAL(called, 0);
	CHECK_ERR(pagesnap_scan_next(NULL, &e), EINVAL);
	CU_ASSERT_PTR_NULL(e);
	CU_ASSERT_EQUAL(pagesnap_scan_position(NULL), 0);
	pagesnap_scan_end(NULL);
	pagesnap_close(ps);
}

/*
 * A fake driver for the runs tests: each call answers the first 4 pfns
 * of its range with two entries, pfn..pfn+2 as one run and pfn+3 alone,
 * nr_pages left zero unless the caller asked for runs (as a driver
 * without PAGESNAP_FEAT_RUNS leaves the field it does not know).
 */
static unsigned int fake_runs_calls;

static int fake_runs_query(int fd, struct pagesnap_query *q)
{
	struct pagesnap_entry *e = (struct pagesnap_entry *)(uintptr_t)q->entries;
	int runs = q->flags & PAGESNAP_QUERY_RUNS;

	(void)fd;
	fake_runs_calls++;
	if (q->entry_size != sizeof(*e) || q->max_entries < 2 || q->nr_pfns < 4)
		return -EINVAL;
	memset(e, 0, 2 * sizeof(*e));
	e[0].pfn = q->start_pfn;
	e[0].nr_pages = runs ? 3 : 0;
	e[1].pfn = q->start_pfn + (runs ? 3 : 1);
	e[1].nr_pages = runs ? 1 : 0;
	q->filled = 2;
	q->next_pfn = q->start_pfn + (runs ? 4 : 2);
	return 0;
}

static int sum_pages(const struct pagesnap_entry *e, void *arg)
{
	uint64_t *sum = arg;

	CU_ASSERT_EQUAL(e->pfn, sum[0]);
	sum[0] += e->nr_pages;
	sum[1]++;
	return 0;
}

/* Runs reach the caller; a driver without them gets nr_pages of 1. */
static void test_runs(void)
{
	struct pagesnap *ps = fake(PAGESNAP_FEAT_RUNS, 8);
	struct pagesnap_entry e[4];
	uint64_t next, sum[2] = { 16, 0 };
	unsigned int filled;

	pagesnap__query_ioctl = fake_runs_query;
	CU_ASSERT_EQUAL(pagesnap_scan(ps, 16, 24, PAGESNAP_QUERY_RUNS,
				      sum_pages, sum), 0);
	CU_ASSERT_EQUAL(sum[0], 24);	/* every pfn, once */
	CU_ASSERT_EQUAL(sum[1], 4);	/* in four entries */
	CU_ASSERT_EQUAL(fake_runs_calls, 2);
	pagesnap_close(ps);

	ps = fake(0, 8);			/* a driver before runs */
	CU_ASSERT_EQUAL(pagesnap_query_range(ps, 16, 8, 0, e, 4, &filled,
					     &next), 0);
	CU_ASSERT_EQUAL(filled, 2);
	CU_ASSERT_EQUAL(next, 18);
	CU_ASSERT_EQUAL(e[0].nr_pages, 1);
	CU_ASSERT_EQUAL(e[1].nr_pages, 1);
	pagesnap_close(ps);
	pagesnap__query_ioctl = NULL;
}

struct expanded {
	uint64_t next, n, bad;
};

static int one_pfn_each(const struct pagesnap_entry *e, void *arg)
{
	struct expanded *x = arg;

	x->bad += e->pfn != x->next || e->nr_pages != 1;
	x->next++;
	x->n++;
	return 0;
}

/*
 * A scan without PAGESNAP_QUERY_RUNS on a driver with runs asks for runs
 * (fewer bytes copied out) and hands out one entry per pfn all the same.
 */
static void test_runs_expanded(void)
{
	struct pagesnap *ps = fake(PAGESNAP_FEAT_RUNS, 8);
	struct expanded x = { .next = 16 };
	struct pagesnap_scan *scan;
	const struct pagesnap_entry *e;
	uint64_t pfn = 16;

	fake_runs_calls = 0;
	pagesnap__query_ioctl = fake_runs_query;
	CU_ASSERT_EQUAL(pagesnap_scan(ps, 16, 24, 0, one_pfn_each, &x), 0);
	CU_ASSERT_EQUAL(x.n, 8);
	CU_ASSERT_EQUAL(x.bad, 0);
	CU_ASSERT_EQUAL(fake_runs_calls, 2);	/* runs were asked for */

	CU_ASSERT_EQUAL_FATAL(pagesnap_scan_begin(ps, 16, 24, 0, &scan), 0);
	while (pagesnap_scan_next(scan, &e) == 1) {
		CU_ASSERT_EQUAL(e->pfn, pfn);
		CU_ASSERT_EQUAL(e->nr_pages, 1);
		pfn++;
	}
	CU_ASSERT_EQUAL(pfn, 24);
	pagesnap_scan_end(scan);
	pagesnap_close(ps);
	pagesnap__query_ioctl = NULL;
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
	{ "filter checks: count, mask, feature", test_filter_checks },
	{ "scan checks before the ioctl", test_scan_checks },
	{ "runs: nr_pages reaches the caller, 1 from an older driver", test_runs },
	{ "runs: asked for on a scan's behalf, handed out per pfn", test_runs_expanded },
	{ "uapi sizes", test_abi_sizes },
	{ NULL, NULL }
};

int register_device_tests(void)
{
	return add_suite("device", tests);
}
