// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap_stats_collect(): argument checks before the ioctl, and the
 * summing of several PAGESNAP_IOC_STATS calls.  No driver: a handle on
 * /dev/null (whose ioctl fails with ENOTTY) for the checks, and the
 * library's test hook standing in for the ioctl for the summing, with a
 * fake driver that answers from a made-up memory map.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "unit.h"
#include "../../libpagesnap/src/internal.h"

#define FAKE_END	10000	/* pfn_end of the fake driver */
#define FAKE_MAXPFNS	3000	/* its max_pfns: four calls for everything */

static struct pagesnap *fake(uint64_t features)
{
	return unit_fake_handle(features, 16, FAKE_END, FAKE_MAXPFNS,
				PAGESNAP_MAX_FILTERS);
}

/*
 * The fake memory: pfns below 100 are holes; then pfn % 3 picks kpf
 * (0: LRU, 1: BUDDY, 2: LRU|ANON); zone DMA32 below 5000, NORMAL above;
 * pfns % 3 == 1 are free, and every pfn % 96 == 1 heads an order-5 block.
 */
static int fake_calls, fake_bad;

static int fake_stats(int fd, struct pagesnap_stats *st)
{
	struct pagesnap_stats_combo *c = (void *)(uintptr_t)st->combos;
	struct pagesnap_stats_zone *z = (void *)(uintptr_t)st->zones;
	uint64_t pfn, end = st->start_pfn + st->nr_pfns;
	uint32_t i;

	(void)fd;
	fake_calls++;
	if (st->flags || st->reserved0 || st->nr_combos || !st->max_combos ||
	    !st->max_zones || st->start_pfn >= FAKE_END)
		return -EINVAL;
	if (end > FAKE_END)
		end = FAKE_END;
	if (end - st->start_pfn > FAKE_MAXPFNS)
		end = st->start_pfn + FAKE_MAXPFNS;
	for (pfn = st->start_pfn; pfn < end; pfn++) {
		static const uint64_t kpf[3] = {
			1ULL << PAGESNAP_KPF_LRU, 1ULL << PAGESNAP_KPF_BUDDY,
			(1ULL << PAGESNAP_KPF_LRU) | (1ULL << PAGESNAP_KPF_ANON),
		};
		uint64_t k = kpf[pfn % 3] & st->kpf_mask;
		uint32_t zone = pfn < 5000 ? PAGESNAP_ZONE_DMA32 :
					     PAGESNAP_ZONE_NORMAL;

		st->pfns++;
		if (pfn < 100) {
			st->holes++;
			continue;
		}
		st->faithful++;
		st->by_order[0]++;
		st->folios_by_order[0]++;
		st->by_type[pfn % 3 == 1 ? PAGESNAP_PAGE_TYPE_BUDDY : 0]++;
		for (i = 0; i < st->nr_combos && c[i].kpf != k; i++)
			;
		if (i == st->nr_combos) {
			if (i == st->max_combos) {
				st->other_pages++;
				goto zone;
			}
			c[i].kpf = k;
			c[i].pages = 0;
			st->nr_combos++;
		}
		c[i].pages++;
zone:
		for (i = 0; i < st->nr_zones && z[i].zone != zone; i++)
			;
		if (i == st->nr_zones) {
			memset(&z[i], 0, sizeof(z[i]));
			z[i].zone = zone;
			st->nr_zones++;
		}
		z[i].pages++;
		if (pfn % 3 == 1) {
			st->free_pages++;
			z[i].free_pages++;
		}
		if (pfn % 96 == 1)
			z[i].free_blocks[5]++;
	}
	st->next_pfn = end;
	if (fake_bad == 1)
		st->next_pfn = st->start_pfn;		/* no progress */
	if (fake_bad == 2)
		st->faithful++;				/* sums wrong */
	if (fake_bad == 3)
		st->nr_combos = st->max_combos + 1;	/* overflowed */
	return 0;
}

static void test_checks(void)
{
	struct pagesnap *ps = fake(PAGESNAP_FEAT_FILTER);
	struct pagesnap_stats_result *r = (void *)&r, *junk = r;

	pagesnap__stats_ioctl = NULL;
	CHECK_ERR(pagesnap_stats_collect(NULL, 0, 1, ~0ULL, &r), EINVAL);
	CHECK_ERR(pagesnap_stats_collect(ps, 0, 1, ~0ULL, NULL), EINVAL);
	/* the real path re-reads the info first: /dev/null refuses it */
	CHECK_ERR(pagesnap_stats_collect(ps, 0, UINT64_MAX, ~0ULL, &r), ENOTTY);
	CU_ASSERT_PTR_EQUAL(r, junk);
	pagesnap_close(ps);

	pagesnap__stats_ioctl = fake_stats;
	ps = fake(PAGESNAP_FEAT_FILTER);
	CHECK_ERR(pagesnap_stats_collect(ps, 0, UINT64_MAX, ~0ULL, &r), EOPNOTSUPP);
	pagesnap_close(ps);
	ps = fake(PAGESNAP_FEAT_STATS);
	fake_calls = 0;
	/* empty after clipping */
	CHECK_ERR(pagesnap_stats_collect(ps, 5, 5, ~0ULL, &r), EINVAL);
	CHECK_ERR(pagesnap_stats_collect(ps, 0, 16, ~0ULL, &r), EINVAL);
	CHECK_ERR(pagesnap_stats_collect(ps, FAKE_END, UINT64_MAX, ~0ULL, &r), EINVAL);
	CHECK_ERR(pagesnap_stats_collect(ps, 7, 3, ~0ULL, &r), EINVAL);
	CU_ASSERT_EQUAL(fake_calls, 0);
	CU_ASSERT_PTR_EQUAL(r, junk);
	pagesnap_stats_free(NULL);
	pagesnap_close(ps);
	pagesnap__stats_ioctl = NULL;
}

static void test_sums(void)
{
	struct pagesnap *ps = fake(PAGESNAP_FEAT_STATS);
	struct pagesnap_stats_result *r = NULL;
	uint64_t online = FAKE_END - 100, c = 0, blocks = 0;
	size_t i;

	pagesnap__stats_ioctl = fake_stats;
	fake_calls = 0;
	fake_bad = 0;
	CU_ASSERT_EQUAL_FATAL(pagesnap_stats_collect(ps, 0, UINT64_MAX, ~0ULL,
						     &r), 0);
	CU_ASSERT_EQUAL(fake_calls, 4);
	CU_ASSERT_EQUAL(r->calls, 4);
	CU_ASSERT_EQUAL(r->start_pfn, 16);
	CU_ASSERT_EQUAL(r->end_pfn, FAKE_END);
	CU_ASSERT_EQUAL(r->pfns, FAKE_END - 16);
	CU_ASSERT_EQUAL(r->holes, 100 - 16);
	CU_ASSERT_EQUAL(r->faithful, online);
	CU_ASSERT_EQUAL(r->by_order[0], online);
	CU_ASSERT_EQUAL(r->folios_by_order[0], online);
	CU_ASSERT_EQUAL(r->free_pages, (online + 2) / 3);
	CU_ASSERT_EQUAL(r->by_type[PAGESNAP_PAGE_TYPE_BUDDY], r->free_pages);
	/* three combinations, each once, whatever the number of calls */
	CU_ASSERT_EQUAL(r->nr_combos, 3);
	for (i = 0; i < r->nr_combos; i++)
		c += r->combos[i].pages;
	CU_ASSERT_EQUAL(c, online);
	CU_ASSERT_EQUAL(r->combos[0].kpf, 1ULL << PAGESNAP_KPF_BUDDY); /* pfn 100 */
	CU_ASSERT_EQUAL(r->combos[0].pages, r->free_pages);
	/* two zones, merged over the calls */
	CU_ASSERT_EQUAL_FATAL(r->nr_zones, 2);
	CU_ASSERT_EQUAL(r->zones[0].zone, PAGESNAP_ZONE_DMA32);
	CU_ASSERT_EQUAL(r->zones[0].pages, 5000 - 100);
	CU_ASSERT_EQUAL(r->zones[1].zone, PAGESNAP_ZONE_NORMAL);
	CU_ASSERT_EQUAL(r->zones[1].pages, FAKE_END - 5000);
	CU_ASSERT_EQUAL(r->zones[0].free_pages + r->zones[1].free_pages,
			r->free_pages);
	for (i = 0; i < r->nr_zones; i++)
		blocks += r->zones[i].free_blocks[5];
	CU_ASSERT_EQUAL(blocks, (FAKE_END - 1) / 96 - 100 / 96);
	pagesnap_stats_free(r);

	/* a sub-range, a narrower mask */
	CU_ASSERT_EQUAL_FATAL(pagesnap_stats_collect(ps, 4000, 4010,
				1ULL << PAGESNAP_KPF_LRU, &r), 0);
	CU_ASSERT_EQUAL(r->calls, 1);
	CU_ASSERT_EQUAL(r->pfns, 10);
	CU_ASSERT_EQUAL(r->nr_combos, 2);
	pagesnap_stats_free(r);
	pagesnap_close(ps);
	pagesnap__stats_ioctl = NULL;
}

/* A driver answer that does not add up is EPROTO, and nothing leaks. */
static void test_bad_driver(void)
{
	struct pagesnap *ps = fake(PAGESNAP_FEAT_STATS);
	struct pagesnap_stats_result *r = (void *)&r, *junk = r;

	pagesnap__stats_ioctl = fake_stats;
	for (fake_bad = 1; fake_bad <= 3; fake_bad++) {
		CHECK_ERR(pagesnap_stats_collect(ps, 0, UINT64_MAX, ~0ULL, &r),
			  EPROTO);
		CU_ASSERT_PTR_EQUAL(r, junk);
	}
	fake_bad = 0;
	pagesnap_close(ps);
	pagesnap__stats_ioctl = NULL;
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
