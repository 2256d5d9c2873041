// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap_stats_collect(): argument checks before the ioctl, and the
 * summing of several PAGESNAP_IOC_STATS calls.  No driver: the fake
 * device (fake.c) answers STATS from its made-up memory map, the pages its
 * QUERY serves: holes at pfns 1000-1199, pfn % 7 picks the page (0: free
 * buddy, 2: anon, 3: slab, ...), zone DMA32 below 4096, NORMAL above.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>

#include "unit.h"

#define FAKE_START	16
#define FAKE_END	10000	/* pfn_end of the fake driver */
#define FAKE_MAXPFNS	3000	/* its max_pfns: four calls for everything */

static struct pagesnap *fake(uint64_t features)
{
	return unit_fake_handle(features, FAKE_START, FAKE_END, FAKE_MAXPFNS,
				PAGESNAP_MAX_FILTERS);
}

static int is_hole(uint64_t pfn)
{
	return pfn >= 1000 && pfn < 1200;
}

static void test_checks(void)
{
	struct pagesnap *ps = fake(PAGESNAP_FEAT_FILTER);
	struct pagesnap_stats_result *r = (void *)&r, *junk = r;
	unsigned long calls;

	CHECK_ERR(pagesnap_stats_collect(NULL, 0, 1, ~0ULL, &r), EINVAL);
	CHECK_ERR(pagesnap_stats_collect(ps, 0, 1, ~0ULL, NULL), EINVAL);
	/* no PAGESNAP_FEAT_STATS after the info is re-read */
	CHECK_ERR(pagesnap_stats_collect(ps, 0, UINT64_MAX, ~0ULL, &r), EOPNOTSUPP);
	CU_ASSERT_PTR_EQUAL(r, junk);
	pagesnap_close(ps);

	ps = fake(PAGESNAP_FEAT_STATS);
	calls = fake_stats_calls();
	/* empty after clipping */
	CHECK_ERR(pagesnap_stats_collect(ps, 5, 5, ~0ULL, &r), EINVAL);
	CHECK_ERR(pagesnap_stats_collect(ps, 0, 16, ~0ULL, &r), EINVAL);
	CHECK_ERR(pagesnap_stats_collect(ps, FAKE_END, UINT64_MAX, ~0ULL, &r), EINVAL);
	CHECK_ERR(pagesnap_stats_collect(ps, 7, 3, ~0ULL, &r), EINVAL);
	CU_ASSERT_EQUAL(fake_stats_calls(), calls);
	CU_ASSERT_PTR_EQUAL(r, junk);
	pagesnap_stats_free(NULL);
	pagesnap_close(ps);
}

static void test_sums(void)
{
	struct pagesnap *ps = fake(PAGESNAP_FEAT_STATS);
	struct pagesnap_stats_result *r = NULL;
	uint64_t online = FAKE_END - FAKE_START - 200, c = 0, free = 0;
	uint64_t pfn, dma32 = 0;
	unsigned long calls = fake_stats_calls();
	size_t i;

	for (pfn = FAKE_START; pfn < FAKE_END; pfn++) {
		if (is_hole(pfn))
			continue;
		free += pfn % 7 == 0;
		dma32 += pfn < 4096;
	}
	CU_ASSERT_EQUAL_FATAL(pagesnap_stats_collect(ps, 0, UINT64_MAX, ~0ULL,
						     &r), 0);
	CU_ASSERT_EQUAL(fake_stats_calls() - calls, 4);
	CU_ASSERT_EQUAL(r->calls, 4);
	CU_ASSERT_EQUAL(r->start_pfn, FAKE_START);
	CU_ASSERT_EQUAL(r->end_pfn, FAKE_END);
	CU_ASSERT_EQUAL(r->pfns, FAKE_END - FAKE_START);
	CU_ASSERT_EQUAL(r->holes, 200);
	CU_ASSERT_EQUAL(r->faithful, online);
	CU_ASSERT_EQUAL(r->free_pages, free);
	CU_ASSERT_EQUAL(r->by_type[PAGESNAP_PAGE_TYPE_BUDDY], free);
	/* seven combinations, each once, whatever the number of calls */
	CU_ASSERT_EQUAL(r->nr_combos, 7);
	for (i = 0; i < r->nr_combos; i++)
		c += r->combos[i].pages;
	CU_ASSERT_EQUAL(c, online);
	CU_ASSERT_EQUAL(r->combos[5].kpf, 1ULL << PAGESNAP_KPF_BUDDY); /* pfn 21 */
	CU_ASSERT_EQUAL(r->combos[5].pages, free);
	/* two zones, merged over the calls */
	CU_ASSERT_EQUAL_FATAL(r->nr_zones, 2);
	CU_ASSERT_EQUAL(r->zones[0].zone, PAGESNAP_ZONE_DMA32);
	CU_ASSERT_EQUAL(r->zones[0].pages, dma32);
	CU_ASSERT_EQUAL(r->zones[1].zone, PAGESNAP_ZONE_NORMAL);
	CU_ASSERT_EQUAL(r->zones[1].pages, online - dma32);
	CU_ASSERT_EQUAL(r->zones[0].free_pages + r->zones[1].free_pages, free);
	CU_ASSERT_EQUAL(r->zones[0].free_blocks[0] + r->zones[1].free_blocks[0],
			free);
	pagesnap_stats_free(r);

	/* a sub-range, a narrower mask: LRU or not */
	CU_ASSERT_EQUAL_FATAL(pagesnap_stats_collect(ps, 4000, 4010,
				1ULL << PAGESNAP_KPF_LRU, &r), 0);
	CU_ASSERT_EQUAL(r->calls, 1);
	CU_ASSERT_EQUAL(r->pfns, 10);
	CU_ASSERT_EQUAL(r->nr_combos, 2);
	pagesnap_stats_free(r);
	pagesnap_close(ps);
}

/* A driver answer that does not add up is EPROTO, and nothing leaks. */
static void test_bad_driver(void)
{
	struct pagesnap_stats_result *r = (void *)&r, *junk = r;
	struct pagesnap *ps;
	char bad[2] = "1";

	for (; bad[0] <= '3'; bad[0]++) {
		ps = fake(PAGESNAP_FEAT_STATS);
		/* read by the fake device at the next open */
		CU_ASSERT_EQUAL_FATAL(setenv("PAGESNAP_FAKE_BAD", bad, 1), 0);
		pagesnap_close(ps);
		CU_ASSERT_EQUAL_FATAL(pagesnap_open(UNIT_FAKE_DEV, &ps), 0);
		CHECK_ERR(pagesnap_stats_collect(ps, 0, UINT64_MAX, ~0ULL, &r),
			  EPROTO);
		CU_ASSERT_PTR_EQUAL(r, junk);
		pagesnap_close(ps);
	}
	CU_ASSERT_EQUAL_FATAL(setenv("PAGESNAP_FAKE_BAD", "0", 1), 0);
}

static void test_abi(void)
{
	CU_ASSERT_EQUAL(sizeof(struct pagesnap_stats), PAGESNAP_STATS_SIZE_VER0);
	CU_ASSERT_EQUAL(_IOC_SIZE(PAGESNAP_IOC_STATS), PAGESNAP_STATS_SIZE_VER0);
	CU_ASSERT_EQUAL(_IOC_NR(PAGESNAP_IOC_STATS), 2);
	CU_ASSERT_EQUAL(sizeof(struct pagesnap_stats_combo), 16);
	CU_ASSERT_EQUAL(sizeof(struct pagesnap_stats_zone) % 8, 0);
	CU_ASSERT_EQUAL(sizeof(struct pagesnap_stats) % 8, 0);
}

static const struct unit_test tests[] = {
	{ "stats: checks before the ioctl", test_checks },
	{ "stats: calls summed, tables merged by key", test_sums },
	{ "stats: a driver answer that does not add up is EPROTO", test_bad_driver },
	{ "stats: uapi sizes", test_abi },
	{ NULL, NULL }
};

int register_stats_tests(void)
{
	return add_suite("stats", tests);
}
