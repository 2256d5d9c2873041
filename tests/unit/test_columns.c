// SPDX-License-Identifier: GPL-2.0
/*
 * The library's columns API on the fake device (tests/fakedev): argument
 * checks before the ioctl, the calls a range takes and where each lands
 * in the caller's arrays, batches of a columns scan, and driver answers
 * that are errors or do not add up.  The fake serves at most FAKE_MAX
 * pfns per call; each value must be the same field of the entry a query
 * of the same fake gives (holes: kpf NOPAGE, valid KPF, as the uapi says).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define FAKE_START	0x10
#define FAKE_MAX	100
#define FAKE_END	0x2000

/* A handle on the fake; @err: errno of its calls, @bad: PAGESNAP_FAKE_BAD */
static struct pagesnap *fake(uint64_t features, int err, int bad)
{
	struct pagesnap *ps;
	char buf[16];

	snprintf(buf, sizeof(buf), "%d", err);
	CU_ASSERT_EQUAL_FATAL(setenv("PAGESNAP_FAKE_ERR", buf, 1), 0);
	ps = unit_fake_handle(features, FAKE_START, FAKE_END, FAKE_MAX, 8);
	if (bad) {
		pagesnap_close(ps);
		snprintf(buf, sizeof(buf), "%d", bad);
		CU_ASSERT_EQUAL_FATAL(setenv("PAGESNAP_FAKE_BAD", buf, 1), 0);
		CU_ASSERT_EQUAL_FATAL(pagesnap_open(UNIT_FAKE_DEV, &ps), 0);
	}
	unsetenv("PAGESNAP_FAKE_ERR");
	return ps;
}

/*
 * The entry a query of the same fake gives for @pfn, as its columns must
 * show it.  (The fake serves the driver of the last open: same handle.)
 */
static void model(struct pagesnap *ps, uint64_t pfn, struct pagesnap_entry *e)
{
	CU_ASSERT_EQUAL_FATAL(pagesnap_get2(ps, pfn, e, sizeof(*e)), 0);
	if (e->snap_flags & PAGESNAP_SF_HOLE) {
		e->kpf = 1ULL << PAGESNAP_KPF_NOPAGE;
		e->valid = PAGESNAP_VALID_KPF;
	}
}

static void test_checks(void)
{
	struct pagesnap *ps = fake(PAGESNAP_FEAT_COLUMNS, 0, 0);
	uint64_t kpf[4], nd;
	uint32_t ref[4];
	void *a[2] = { kpf, ref }, *nul[2] = { kpf, NULL };
	const uint64_t f = PAGESNAP_COL_KPF | PAGESNAP_COL_REFCOUNT;
	unsigned long calls = fake_columns_calls();

	CHECK_ERR(pagesnap_columns(NULL, 0x10, 4, f, a, &nd), EINVAL);
	CHECK_ERR(pagesnap_columns(ps, 0x10, 4, f, NULL, &nd), EINVAL);
	CHECK_ERR(pagesnap_columns(ps, 0x10, 4, f, a, NULL), EINVAL);
	CHECK_ERR(pagesnap_columns(ps, 0x10, 0, f, a, &nd), EINVAL);
	CHECK_ERR(pagesnap_columns(ps, 0x10, 4, 0, a, &nd), EINVAL);
	CHECK_ERR(pagesnap_columns(ps, 0x10, 4, 1ULL << 40, a, &nd), EINVAL);
	CHECK_ERR(pagesnap_columns(ps, 0x10, 4, f, nul, &nd), EINVAL);
	CHECK_ERR(pagesnap_columns(ps, ~0ULL - 1, 4, f, a, &nd), EOVERFLOW);
	CU_ASSERT_EQUAL(fake_columns_calls(), calls);
	CHECK_ERR(pagesnap_scan_columns(NULL, 0, 10, f, NULL, NULL), EINVAL);
	CHECK_ERR(pagesnap_scan_columns(ps, 10, 5, f, NULL, NULL), EINVAL);
	CHECK_ERR(pagesnap_scan_columns(ps, 0, 10, 0, NULL, NULL), EINVAL);
	CU_ASSERT_EQUAL(fake_columns_calls(), calls);
	pagesnap_close(ps);

	ps = fake(PAGESNAP_FEAT_FILTER, 0, 0);	/* a driver before columns */
	CHECK_ERR(pagesnap_columns(ps, 0x10, 4, f, a, &nd), EOPNOTSUPP);
	CHECK_ERR(pagesnap_scan_columns(ps, 0, 10, f, NULL, NULL),
		  EINVAL);
	CU_ASSERT_EQUAL(fake_columns_calls(), calls);
	pagesnap_close(ps);
}

static int never(uint64_t start, uint64_t nr, void *const arrays[], void *arg)
{
	(void)start;
	(void)nr;
	(void)arrays;
	(void)arg;
	CU_FAIL("called");
	return 0;
}

/* A driver without columns: the scan says so before any ioctl. */
static void test_no_columns(void)
{
	struct pagesnap *ps = fake(PAGESNAP_FEAT_FILTER, 0, 0);
	unsigned long calls = fake_columns_calls();

	CHECK_ERR(pagesnap_scan_columns(ps, 0, 10, PAGESNAP_COL_KPF, never,
					NULL), EOPNOTSUPP);
	CU_ASSERT_EQUAL(fake_columns_calls(), calls);
	pagesnap_close(ps);
}

/* A range the driver serves in three calls, each at its own offset. */
static void test_fill(void)
{
	struct pagesnap *ps = fake(PAGESNAP_FEAT_COLUMNS, 0, 0);
	uint64_t *kpf = calloc(300, 8), nd = 0, i, start = 0x3a0;
	uint32_t *zone = calloc(300, 4), *ref = calloc(300, 4);
	void *a[3] = { kpf, ref, zone };
	unsigned long calls = fake_columns_calls();
	struct pagesnap_entry e;
	int bad = 0;

	CU_ASSERT_FATAL(kpf && zone && ref);
	/* 0x3a0 + 250 crosses the fake's holes at 1000-1199 */
	CU_ASSERT_EQUAL(pagesnap_columns(ps, start, 250, PAGESNAP_COL_KPF |
					 PAGESNAP_COL_REFCOUNT |
					 PAGESNAP_COL_ZONE, a, &nd), 0);
	CU_ASSERT_EQUAL(nd, 250);
	CU_ASSERT_EQUAL(fake_columns_calls() - calls, 3);
	for (i = 0; i < 250; i++) {
		model(ps, start + i, &e);
		bad += kpf[i] != e.kpf || ref[i] != e.refcount ||
		       zone[i] != e.zone;
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(kpf[250], 0);		/* nothing past the range */

	/* past pfn_end: what exists, and nr_done says so */
	CU_ASSERT_EQUAL(pagesnap_columns(ps, FAKE_END - 5, 20, PAGESNAP_COL_KPF,
					 a, &nd), 0);
	CU_ASSERT_EQUAL(nd, 5);
	model(ps, FAKE_END - 1, &e);
	CU_ASSERT_EQUAL(kpf[4], e.kpf);

	/* errors of the driver reach the caller */
	CHECK_ERR(pagesnap_columns(ps, FAKE_END, 1, PAGESNAP_COL_KPF, a, &nd),
		  ERANGE);
	pagesnap_close(ps);
	ps = fake(PAGESNAP_FEAT_COLUMNS, EFAULT, 0);
	CHECK_ERR(pagesnap_columns(ps, 0x100, 1, PAGESNAP_COL_KPF, a, &nd),
		  EFAULT);
	pagesnap_close(ps);
	/* nr_done that is not next_pfn - start_pfn */
	ps = fake(PAGESNAP_FEAT_COLUMNS, 0, 5);
	CHECK_ERR(pagesnap_columns(ps, 0x100, 10, PAGESNAP_COL_KPF, a, &nd),
		  EPROTO);
	pagesnap_close(ps);
	free(kpf);
	free(zone);
	free(ref);
}

struct seen {
	struct pagesnap *ps;
	uint64_t next, calls, bad, stop_after;
};

static int batch(uint64_t start, uint64_t nr, void *const arrays[], void *arg)
{
	struct seen *s = arg;
	const uint64_t *kpf = arrays[0];
	const uint32_t *map = arrays[1];
	struct pagesnap_entry e;
	uint64_t i;

	s->bad += start != s->next || nr > 16384 || !nr;
	/* a sample of each batch against the query's entries */
	for (i = 0; i < nr; i += 97) {
		model(s->ps, start + i, &e);
		s->bad += kpf[i] != e.kpf || map[i] != e.mapcount;
	}
	s->next = start + nr;
	return ++s->calls == s->stop_after ? 7 : 0;
}

/* A columns scan: consecutive batches over the served range, stoppable. */
static void test_scan(void)
{
	struct pagesnap *ps = fake(PAGESNAP_FEAT_COLUMNS, 0, 0);
	const uint64_t f = PAGESNAP_COL_KPF | PAGESNAP_COL_MAPCOUNT;
	struct seen s = { .ps = ps, .next = FAKE_START };

	CU_ASSERT_EQUAL(pagesnap_scan_columns(ps, 0, UINT64_MAX, f, batch, &s),
			0);
	CU_ASSERT_EQUAL(s.bad, 0);
	CU_ASSERT_EQUAL(s.next, FAKE_END);
	CU_ASSERT_EQUAL(s.calls, (FAKE_END - FAKE_START + 16383) / 16384);

	memset(&s, 0, sizeof(s));
	s.ps = ps;
	s.next = 0x20;
	s.stop_after = 1;
	CU_ASSERT_EQUAL(pagesnap_scan_columns(ps, 0x20, 0x1000, f, batch, &s),
			7);
	CU_ASSERT_EQUAL(s.calls, 1);
	CU_ASSERT_EQUAL(s.bad, 0);
	pagesnap_close(ps);

	ps = fake(PAGESNAP_FEAT_COLUMNS, EINTR, 0);
	memset(&s, 0, sizeof(s));
	s.ps = ps;
	CHECK_ERR(pagesnap_scan_columns(ps, 0x20, 0x1000, f, batch, &s), EINTR);
	CU_ASSERT_EQUAL(s.calls, 0);
	pagesnap_close(ps);

	ps = fake(PAGESNAP_FEAT_COLUMNS, 0, 5);
	memset(&s, 0, sizeof(s));
	s.ps = ps;
	CHECK_ERR(pagesnap_scan_columns(ps, 0x20, 0x1000, f, batch, &s), EPROTO);
	CU_ASSERT_EQUAL(s.calls, 0);
	pagesnap_close(ps);
	unsetenv("PAGESNAP_FAKE_BAD");
}

static void test_abi(void)
{
	CU_ASSERT_EQUAL(sizeof(struct pagesnap_columns),
			PAGESNAP_COLUMNS_SIZE_VER0);
	CU_ASSERT_EQUAL(_IOC_SIZE(PAGESNAP_IOC_COLUMNS),
			PAGESNAP_COLUMNS_SIZE_VER0);
	CU_ASSERT_EQUAL(_IOC_NR(PAGESNAP_IOC_COLUMNS), 3);
	CU_ASSERT_EQUAL(PAGESNAP_COL_SIZE(PAGESNAP_COL_KPF), 8);
	CU_ASSERT_EQUAL(PAGESNAP_COL_SIZE(PAGESNAP_COL_REFCOUNT), 4);
	/* flags + refcount + mapcount + memcg: 24 bytes per pfn */
	CU_ASSERT_EQUAL(PAGESNAP_COL_SIZE(PAGESNAP_COL_KPF) +
			PAGESNAP_COL_SIZE(PAGESNAP_COL_REFCOUNT) +
			PAGESNAP_COL_SIZE(PAGESNAP_COL_MAPCOUNT) +
			PAGESNAP_COL_SIZE(PAGESNAP_COL_MEMCG), 24);
	CU_ASSERT_EQUAL(PAGESNAP_COLS_ALL & ~PAGESNAP_COLS_U64 &
			0xffffULL, 0);
}

static const struct unit_test tests[] = {
	{ "columns: checks before the ioctl", test_checks },
	{ "columns: a driver without them, no ioctl", test_no_columns },
	{ "columns: a range in several calls, each at its offset", test_fill },
	{ "columns: a scan in consecutive batches, stoppable", test_scan },
	{ "columns: uapi sizes", test_abi },
	{ NULL, NULL }
};

int register_columns_tests(void)
{
	return add_suite("columns", tests);
}
