// SPDX-License-Identifier: GPL-2.0
/*
 * The library's columns API without a driver: argument checks before the
 * ioctl, the calls a range takes and where each lands in the caller's
 * arrays, batches of a columns scan, and driver answers that do not add
 * up.  The fake driver gives each pfn the value pfn (truncated for the
 * 4-byte columns) and serves at most FAKE_MAX pfns per call.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "../../libpagesnap/src/internal.h"

#define FAKE_MAX	100
#define FAKE_END	0x10000

static int fake_calls, fake_err, fake_lie;

static int fake_columns(int fd, struct pagesnap_columns *c)
{
	const uint64_t *table = (const uint64_t *)(uintptr_t)c->arrays;
	uint64_t n, i, end;
	unsigned int k, a = 0;

	(void)fd;
	fake_calls++;
	if (fake_err)
		return -fake_err;
	if (c->start_pfn >= FAKE_END)
		return -ERANGE;
	end = c->start_pfn + c->nr_pfns;
	if (end > FAKE_END)
		end = FAKE_END;
	n = end - c->start_pfn < FAKE_MAX ? end - c->start_pfn : FAKE_MAX;
	for (k = 0; k < 64; k++) {
		if (!(c->fields & (1ULL << k)))
			continue;
		for (i = 0; i < n; i++) {
			if (PAGESNAP_COL_SIZE(1ULL << k) == 8)
				((uint64_t *)(uintptr_t)table[a])[i] =
					c->start_pfn + i;
			else
				((uint32_t *)(uintptr_t)table[a])[i] =
					(uint32_t)(c->start_pfn + i);
		}
		a++;
	}
	c->next_pfn = c->start_pfn + n;
	c->nr_done = n + (fake_lie ? 1 : 0);
	return 0;
}

static struct pagesnap *fake(uint64_t features)
{
	fake_calls = 0;
	fake_err = 0;
	fake_lie = 0;
	pagesnap__columns_ioctl = fake_columns;
	return unit_fake_handle(features, 0x10, FAKE_END, 65536, 8);
}

static void done(struct pagesnap *ps)
{
	pagesnap_close(ps);
	pagesnap__columns_ioctl = NULL;
}

static void test_checks(void)
{
	struct pagesnap *ps = fake(PAGESNAP_FEAT_COLUMNS);
	uint64_t kpf[4], nd;
	uint32_t ref[4];
	void *a[2] = { kpf, ref }, *nul[2] = { kpf, NULL };
	const uint64_t f = PAGESNAP_COL_KPF | PAGESNAP_COL_REFCOUNT;

	CHECK_ERR(pagesnap_columns(NULL, 0x10, 4, f, a, &nd), EINVAL);
	CHECK_ERR(pagesnap_columns(ps, 0x10, 4, f, NULL, &nd), EINVAL);
	CHECK_ERR(pagesnap_columns(ps, 0x10, 4, f, a, NULL), EINVAL);
	CHECK_ERR(pagesnap_columns(ps, 0x10, 0, f, a, &nd), EINVAL);
	CHECK_ERR(pagesnap_columns(ps, 0x10, 4, 0, a, &nd), EINVAL);
	CHECK_ERR(pagesnap_columns(ps, 0x10, 4, 1ULL << 40, a, &nd), EINVAL);
	CHECK_ERR(pagesnap_columns(ps, 0x10, 4, f, nul, &nd), EINVAL);
	CHECK_ERR(pagesnap_columns(ps, ~0ULL - 1, 4, f, a, &nd), EOVERFLOW);
	CU_ASSERT_EQUAL(fake_calls, 0);
	CHECK_ERR(pagesnap_scan_columns(NULL, 0, 10, f, NULL, NULL), EINVAL);
	CHECK_ERR(pagesnap_scan_columns(ps, 10, 5, f, NULL, NULL), EINVAL);
	CU_ASSERT_EQUAL(fake_calls, 0);
	done(ps);

	ps = fake(0);				/* a driver before columns */
	CHECK_ERR(pagesnap_columns(ps, 0x10, 4, f, a, &nd), EOPNOTSUPP);
	CU_ASSERT_EQUAL(fake_calls, 0);
	done(ps);
}

/* A range the driver serves in three calls, each at its own offset. */
static void test_fill(void)
{
	struct pagesnap *ps = fake(PAGESNAP_FEAT_COLUMNS);
	uint64_t *kpf = calloc(300, 8), nd = 0, i;
	uint32_t *zone = calloc(300, 4);
	void *a[2] = { kpf, zone };
	int bad = 0;

	CU_ASSERT_FATAL(kpf && zone);
	CU_ASSERT_EQUAL(pagesnap_columns(ps, 0x100, 250, PAGESNAP_COL_KPF |
					 PAGESNAP_COL_ZONE, a, &nd), 0);
	CU_ASSERT_EQUAL(nd, 250);
	CU_ASSERT_EQUAL(fake_calls, 3);
	for (i = 0; i < 250; i++)
		bad += kpf[i] != 0x100 + i || zone[i] != 0x100 + i;
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(kpf[250], 0);		/* nothing past the range */

	/* past pfn_end: what exists, and nr_done says so */
	CU_ASSERT_EQUAL(pagesnap_columns(ps, FAKE_END - 5, 20, PAGESNAP_COL_KPF,
					 a, &nd), 0);
	CU_ASSERT_EQUAL(nd, 5);
	CU_ASSERT_EQUAL(kpf[4], FAKE_END - 1);

	/* errors of the driver reach the caller */
	CHECK_ERR(pagesnap_columns(ps, FAKE_END, 1, PAGESNAP_COL_KPF, a, &nd),
		  ERANGE);
	fake_err = EFAULT;
	CHECK_ERR(pagesnap_columns(ps, 0x100, 1, PAGESNAP_COL_KPF, a, &nd),
		  EFAULT);
	fake_err = 0;
	fake_lie = 1;
	CHECK_ERR(pagesnap_columns(ps, 0x100, 10, PAGESNAP_COL_KPF, a, &nd),
		  EPROTO);
	free(kpf);
	free(zone);
	done(ps);
}

struct seen {
	uint64_t next, calls, bad, stop_after;
};

static int batch(uint64_t start, uint64_t nr, void *const arrays[], void *arg)
{
	struct seen *s = arg;
	const uint64_t *kpf = arrays[0];
	const uint32_t *map = arrays[1];
	uint64_t i;

	s->bad += start != s->next || nr > 16384 || !nr;
	for (i = 0; i < nr; i++)
		s->bad += kpf[i] != start + i || map[i] != (uint32_t)(start + i);
	s->next = start + nr;
	return ++s->calls == s->stop_after ? 7 : 0;
}

/* A columns scan: consecutive batches over the served range, stoppable. */
static void test_scan(void)
{
	struct pagesnap *ps = fake(PAGESNAP_FEAT_COLUMNS);
	const uint64_t f = PAGESNAP_COL_KPF | PAGESNAP_COL_MAPCOUNT;
	struct seen s = { .next = 0x10 };

	CU_ASSERT_EQUAL(pagesnap_scan_columns(ps, 0, UINT64_MAX, f, batch, &s),
			0);
	CU_ASSERT_EQUAL(s.bad, 0);
	CU_ASSERT_EQUAL(s.next, FAKE_END);
	CU_ASSERT_EQUAL(s.calls, (FAKE_END - 0x10 + 16383) / 16384);

	memset(&s, 0, sizeof(s));
	s.next = 0x20;
	s.stop_after = 1;
	CU_ASSERT_EQUAL(pagesnap_scan_columns(ps, 0x20, 0x9000, f, batch, &s),
			7);
	CU_ASSERT_EQUAL(s.calls, 1);

	fake_err = EINTR;
	CHECK_ERR(pagesnap_scan_columns(ps, 0x20, 0x9000, f, batch, &s), EINTR);
	done(ps);
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
	{ "columns: a range in several calls, each at its offset", test_fill },
	{ "columns: a scan in consecutive batches, stoppable", test_scan },
	{ "columns: uapi sizes", test_abi },
	{ NULL, NULL }
};

int register_columns_tests(void)
{
	return add_suite("columns", tests);
}
