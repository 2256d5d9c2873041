// SPDX-License-Identifier: GPL-2.0
/*
 * PAGESNAP_IOC_STATS: the in-kernel aggregation against aggregating the
 * entries PAGESNAP_IOC_QUERY returns for the same pfns, its invariants,
 * resuming, the combination and zone tables, and every error path.
 *
 * Comparing with QUERY: memory moves between the walks even in a quiet
 * guest (this program, the kernel's own work), so each chunk is bracketed:
 * QUERY (A), STATS, QUERY (B).  The comparison asks for small tables and a
 * small entry buffer, so that the driver's own buffers come from kmalloc
 * slabs rather than from pages that would change state between the walks.
 * A pfn that changes at most once in the window is seen by STATS as in A
 * or as in B; so STATS differs from A at no more pfns than m, the pfns
 * whose class (every field the aggregation counts) differs between A and
 * B, measured.  Such a pfn moves one page between the buckets of a
 * breakdown (half the L1 distance) or changes a single count by one, and
 * changes the zone sums by at most two (its zone's pages and free pages,
 * or its old and new free-block order): a chunk passes when the distance
 * is at most 2m (0 when nothing moved).  A pfn changing twice in the
 * window can break that, so a chunk is retried up to TRIES times; a real
 * difference fails every try.  The filter check is bracketed the same way
 * per filter, with m the pfns whose membership differs between A and B.
 * Whole-range totals are not compared, only chunks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "helpers.h"
#include "../../driver/pagesnap_bench.h"

#define SCMD(size)	_IOC(_IOC_READ | _IOC_WRITE, PAGESNAP_IOC_MAGIC, \
			     _IOC_NR(PAGESNAP_IOC_STATS), size)
#define CHUNK		32768		/* pfns compared at a time */
#define TRIES		6
#define CMP_COMBOS	512		/* table sizes for the comparison */
#define CMP_ZONES	8
#define CMP_ENTRIES	32	/* 4352-byte bounce buffer: a kmalloc slab */
#define MAX_COMBOS	PAGESNAP_STATS_MAX_COMBOS
#define MAX_ZONES	64

static struct pagesnap_stats_combo combos[MAX_COMBOS];
static struct pagesnap_stats_zone zones[MAX_ZONES];

static union {
	struct pagesnap_stats st;
	unsigned char b[4096];
} big;

static void stats_init(struct pagesnap_stats *st, uint64_t start, uint64_t nr)
{
	memset(st, 0, sizeof(*st));
	st->start_pfn = start;
	st->nr_pfns = nr;
	st->kpf_mask = ~0ULL;
	st->combos = (uintptr_t)combos;
	st->max_combos = MAX_COMBOS;
	st->zones = (uintptr_t)zones;
	st->max_zones = MAX_ZONES;
}

static int stats_ioctl(struct pagesnap_stats *st)
{
	return ioctl(ps_fd(), PAGESNAP_IOC_STATS, st) ? -errno : 0;
}

static struct pagesnap_stats *good_stats(void)
{
	memset(&big, 0, sizeof(big));
	stats_init(&big.st, ps_info()->pfn_start, 64);
	return &big.st;
}

/* ---- the reference: aggregate QUERY entries the same way ---- */

struct agg {
	struct pagesnap_stats st;
	struct pagesnap_stats_combo combos[MAX_COMBOS];
	struct pagesnap_stats_zone zones[MAX_ZONES];
};

static __u64 *combo_slot(struct agg *a, uint64_t kpf)
{
	uint32_t i;

	for (i = 0; i < a->st.nr_combos; i++)
		if (a->combos[i].kpf == kpf)
			return &a->combos[i].pages;
	if (a->st.nr_combos == MAX_COMBOS)
		return NULL;
	a->combos[i].kpf = kpf;
	a->combos[i].pages = 0;
	a->st.nr_combos++;
	return &a->combos[i].pages;
}

static struct pagesnap_stats_zone *zone_slot(struct agg *a, uint32_t nid,
					     uint32_t zone)
{
	uint32_t i;

	for (i = 0; i < a->st.nr_zones; i++)
		if (a->zones[i].nid == nid && a->zones[i].zone == zone)
			return &a->zones[i];
	if (a->st.nr_zones == MAX_ZONES)
		return NULL;
	memset(&a->zones[i], 0, sizeof(a->zones[i]));
	a->zones[i].nid = nid;
	a->zones[i].zone = zone;
	a->st.nr_zones++;
	return &a->zones[i];
}

static uint32_t clamp(uint32_t v, uint32_t n)
{
	return v < n ? v : n - 1;
}

static void agg_entry(struct agg *a, const struct pagesnap_entry *e)
{
	struct pagesnap_stats *st = &a->st;
	struct pagesnap_stats_zone *z;
	int free = !!(e->snap_flags & PAGESNAP_SF_FREE);
	__u64 *c;

	st->pfns++;
	if (e->snap_flags & PAGESNAP_SF_HOLE) {
		st->holes++;
		return;
	}
	if (e->snap_flags & PAGESNAP_SF_FAITHFUL)
		st->faithful++;
	else
		st->unfaithful++;
	st->free_pages += free;
	st->by_order[clamp(e->order, PAGESNAP_STATS_ORDERS)]++;
	if (!e->index)
		st->folios_by_order[clamp(e->order, PAGESNAP_STATS_ORDERS)]++;
	st->by_type[clamp(e->page_type, PAGESNAP_STATS_TYPES)]++;
	if (e->valid & PAGESNAP_VALID_MAPPING_KIND)
		st->by_kind[clamp(e->mapping_kind, PAGESNAP_STATS_KINDS)]++;
	c = combo_slot(a, e->kpf);
	if (c)
		(*c)++;
	else
		st->other_pages++;
	z = (e->valid & PAGESNAP_VALID_NODE_ZONE) ?
		zone_slot(a, e->nid, e->zone) : NULL;
	if (!z) {
		st->other_zone_pages++;
		return;
	}
	z->pages++;
	z->free_pages += free;
	if (free && e->page_type == PAGESNAP_PAGE_TYPE_BUDDY &&
	    (e->valid & PAGESNAP_VALID_BUDDY_ORDER))
		z->free_blocks[clamp(e->buddy_order,
				     PAGESNAP_STATS_BUDDY_ORDERS)]++;
}

static struct pagesnap_entry qbuf[4096];

/* Everything agg_entry() counts of @e, hashed (FNV-1a over the fields). */
static uint64_t entry_class(const struct pagesnap_entry *e)
{
	const uint64_t f[] = {
		e->snap_flags & (PAGESNAP_SF_HOLE | PAGESNAP_SF_FAITHFUL |
				 PAGESNAP_SF_FREE),
		e->kpf, e->order, !e->index, e->page_type,
		(e->valid & PAGESNAP_VALID_MAPPING_KIND) ? e->mapping_kind + 1 : 0,
		(e->valid & PAGESNAP_VALID_NODE_ZONE) ?
			((uint64_t)e->nid << 8 | e->zone) + 1 : 0,
		(e->valid & PAGESNAP_VALID_BUDDY_ORDER) ? e->buddy_order + 1 : 0,
	};
	uint64_t h = 0xcbf29ce484222325ULL;
	unsigned int i;

	if (e->snap_flags & PAGESNAP_SF_HOLE)
		return 1;
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		h = (h ^ f[i]) * 0x100000001b3ULL;
	return h;
}

/* per pfn of a chunk, for the two brackets: class, kpf (NOPAGE: hole) */
static uint64_t cls_a[CHUNK], cls_b[CHUNK], kpf_a[CHUNK], kpf_b[CHUNK];

/*
 * Aggregate the entries of [@start, @end); with @cls and @kpf, also note
 * each pfn's class and kpf there.
 */
static int agg_query(struct agg *a, uint64_t start, uint64_t end,
		     uint64_t *cls, uint64_t *kpf)
{
	uint64_t pfn = start;

	memset(a, 0, sizeof(*a));
	while (pfn < end) {
		struct pagesnap_query q;
		uint64_t i;

		ps_query_init(&q, pfn, end - pfn, qbuf, CMP_ENTRIES);
		if (ps_ioctl_query(&q))
			return -errno;
		for (i = 0; i < q.filled; i++) {
			const struct pagesnap_entry *e = &qbuf[i];

			agg_entry(a, e);
			if (cls && e->pfn >= start && e->pfn < end) {
				cls[e->pfn - start] = entry_class(e);
				kpf[e->pfn - start] =
					(e->snap_flags & PAGESNAP_SF_HOLE) ?
					KPF(NOPAGE) : e->kpf;
			}
		}
		pfn = q.next_pfn;
	}
	a->st.next_pfn = pfn;
	return 0;
}

/* pfns of the chunk whose class differs between the two brackets */
static uint64_t moved(uint64_t n)
{
	uint64_t i, m = 0;

	for (i = 0; i < n; i++)
		m += cls_a[i] != cls_b[i];
	return m;
}

static int agg_stats(struct agg *a, uint64_t start, uint64_t end)
{
	struct pagesnap_stats st;
	int ret;

	memset(a, 0, sizeof(*a));
	stats_init(&st, start, end - start);
	st.max_combos = CMP_COMBOS;
	st.max_zones = CMP_ZONES;
	ret = stats_ioctl(&st);
	if (ret)
		return ret;
	a->st = st;
	memcpy(a->combos, combos, st.nr_combos * sizeof(*combos));
	memcpy(a->zones, zones, st.nr_zones * sizeof(*zones));
	return 0;
}

static uint64_t diff(uint64_t a, uint64_t b)
{
	return a > b ? a - b : b - a;
}

static uint64_t diff_arr(const __u64 *a, const __u64 *b, unsigned int n)
{
	uint64_t d = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		d += diff(a[i], b[i]);
	return d;
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/*
 * Pages counted differently by @k (the ioctl) and @u (the entries): for
 * each breakdown the pages that moved between its buckets (half the L1
 * distance, rounded up), or the difference of a single count; the most
 * of any one.  @what names it.
 */
static uint64_t agg_distance(const struct agg *k, const struct agg *u,
			     const char **what)
{
	const struct pagesnap_stats *a = &k->st, *b = &u->st;
	uint64_t d = 0, x, c = 0, zp = 0, zb = 0;
	uint32_t i, j;

#define WORST(val, name)				\
	do {						\
		x = (val);				\
		if (x > d) {				\
			d = x;				\
			*what = name;			\
		}					\
	} while (0)

	*what = "nothing";
	WORST(diff(a->pfns, b->pfns), "pfns");
	WORST(diff(a->holes, b->holes), "holes");
	WORST(diff(a->faithful, b->faithful), "faithful");
	WORST(diff(a->unfaithful, b->unfaithful), "unfaithful");
	WORST(diff(a->free_pages, b->free_pages), "free_pages");
	WORST(diff(a->other_pages, b->other_pages), "other_pages");
	WORST(diff(a->other_zone_pages, b->other_zone_pages), "other_zone_pages");
	WORST((diff_arr(a->by_order, b->by_order, PAGESNAP_STATS_ORDERS) + 1) / 2,
	      "by_order");
	WORST((diff_arr(a->folios_by_order, b->folios_by_order,
			PAGESNAP_STATS_ORDERS) + 1) / 2, "folios_by_order");
	WORST((diff_arr(a->by_type, b->by_type, PAGESNAP_STATS_TYPES) + 1) / 2,
	      "by_type");
	WORST((diff_arr(a->by_kind, b->by_kind, PAGESNAP_STATS_KINDS) + 1) / 2,
	      "by_kind");
	/* combinations: by key, whatever the order */
	for (i = 0; i < a->nr_combos; i++) {
		uint64_t other = 0;

		for (j = 0; j < b->nr_combos; j++)
			if (u->combos[j].kpf == k->combos[i].kpf)
				other = u->combos[j].pages;
		c += diff(k->combos[i].pages, other);
	}
	for (j = 0; j < b->nr_combos; j++) {
		int seen = 0;

		for (i = 0; i < a->nr_combos; i++)
			seen |= u->combos[j].kpf == k->combos[i].kpf;
		if (!seen)
			c += u->combos[j].pages;
	}
	WORST((c + 1) / 2, "kpf combinations");
	/* zones: both walks meet them in pfn order, so in the same order */
	if (a->nr_zones != b->nr_zones) {
		*what = "the list of zones";
		return max_u64(d, 1);
	}
	for (i = 0; i < a->nr_zones; i++) {
		const struct pagesnap_stats_zone *zk = &k->zones[i];
		const struct pagesnap_stats_zone *zu = &u->zones[i];

		if (zk->nid != zu->nid || zk->zone != zu->zone) {
			*what = "the list of zones";
			return max_u64(d, 1);
		}
		zp += diff(zk->pages, zu->pages) + diff(zk->free_pages, zu->free_pages);
		zb += diff_arr(zk->free_blocks, zu->free_blocks,
			       PAGESNAP_STATS_BUDDY_ORDERS);
	}
	WORST(zp, "zone pages");
	WORST(zb, "zone free blocks");
#undef WORST
	return d;
}

static struct agg ka, ua;

/* Stats of every chunk of the served range against its entries. */
static void test_matches_query(void)
{
	const struct pagesnap_info *info = ps_info();
	uint64_t start, end, worst = 0, retried = 0, online = 0, inexact = 0;
	static struct agg ub;
	const char *what = "";

	for (start = info->pfn_start; start < info->pfn_end; start = end) {
		uint64_t d = 0, m = 0;
		int t;

		end = start + CHUNK < info->pfn_end ? start + CHUNK :
						      info->pfn_end;
		for (t = 0; t < TRIES; t++) {
			ASSERT_OK(agg_query(&ua, start, end, cls_a, kpf_a));
			ASSERT_OK(agg_stats(&ka, start, end));
			ASSERT_OK(agg_query(&ub, start, end, cls_b, kpf_b));
			ASSERT_EQ(ka.st.next_pfn, end);
			ASSERT_EQ(ua.st.next_pfn, end);
			ASSERT_EQ(ub.st.next_pfn, end);
			d = agg_distance(&ka, &ua, &what);
			m = moved(end - start);
			if (d <= 2 * m)
				break;
			retried++;
		}
		online += ka.st.faithful + ka.st.unfaithful;
		if (d) {
			inexact++;
			printf("  stats vs query [0x%llx, 0x%llx): %llu pages "
			       "apart in %s, %llu pfns moved (try %d)\n",
			       (unsigned long long)start,
			       (unsigned long long)end,
			       (unsigned long long)d, what,
			       (unsigned long long)m, t < TRIES ? t + 1 : TRIES);
		}
		EXPECT_LE(d, 2 * m);
		if (d > worst)
			worst = d;
	}
	printf("  stats vs query: %llu online pages, %llu retries, %llu "
	       "chunks not exact (within the moved pfns), worst %llu pages apart\n",
	       (unsigned long long)online, (unsigned long long)retried,
	       (unsigned long long)inexact, (unsigned long long)worst);
	EXPECT_GT(online, 0);
}

static uint64_t sum(const __u64 *v, unsigned int n)
{
	uint64_t s = 0;

	while (n--)
		s += v[n];
	return s;
}

/*
 * The in-kernel filter is exact and complete: a filtered QUERY over a
 * chunk returns as many pages as the stats' combinations that match the
 * filter hold, for filters the cheap pre-filter and the runs of identical
 * pages decide on their own (free, LRU, anon, mapped, slab) and one that
 * matches nothing in an idle guest.  Bracketed and retried like
 * matches_query.
 */
static uint64_t count_filtered(uint64_t start, uint64_t end,
			       const struct pagesnap_filter *f)
{
	uint64_t pfn = start, n = 0, i;

	while (pfn < end) {
		struct pagesnap_query q;

		ps_query_init(&q, pfn, end - pfn, qbuf, CMP_ENTRIES);
		q.flags = PAGESNAP_QUERY_SKIP_HOLES;
		q.nr_filters = 1;
		q.filters[0] = *f;
		if (ps_ioctl_query(&q))
			return UINT64_MAX;
		for (i = 0; i < q.filled; i++)
			n += (qbuf[i].kpf & f->mask) == f->value;
		pfn = q.next_pfn;
	}
	return n;
}

static void test_filter_complete(void)
{
	static const struct pagesnap_filter filters[] = {
		{ KPF(BUDDY), KPF(BUDDY) },
		{ KPF(LRU), KPF(LRU) },
		{ KPF(ANON) | KPF(MMAP), KPF(ANON) | KPF(MMAP) },
		{ KPF(SLAB), KPF(SLAB) },
		{ KPF(LRU) | KPF(BUDDY), 0 },
		{ KPF(HWPOISON), KPF(HWPOISON) },
	};
	const struct pagesnap_info *info = ps_info();
	uint64_t start, end, worst = 0, total[6] = { 0 };
	static struct agg ub;
	unsigned int f, t, i;

	for (start = info->pfn_start; start < info->pfn_end; start = end) {
		uint64_t d[6], m[6], got[6];

		end = start + CHUNK < info->pfn_end ? start + CHUNK :
						      info->pfn_end;
		for (t = 0; t < TRIES; t++) {
			int all = 1;

			ASSERT_OK(agg_query(&ua, start, end, cls_a, kpf_a));
			ASSERT_OK(agg_stats(&ka, start, end));
			for (f = 0; f < 6; f++) {
				got[f] = count_filtered(start, end, &filters[f]);
				ASSERT_TRUE(got[f] != UINT64_MAX);
			}
			ASSERT_OK(agg_query(&ub, start, end, cls_b, kpf_b));
			for (f = 0; f < 6; f++) {
				const struct pagesnap_filter *fl = &filters[f];
				uint64_t want = 0, in_a = 0, j;

				for (i = 0; i < ka.st.nr_combos; i++)
					if ((ka.combos[i].kpf & fl->mask) == fl->value)
						want += ka.combos[i].pages;
				m[f] = 0;
				for (j = 0; j < end - start; j++) {
					int ia = kpf_a[j] != KPF(NOPAGE) &&
						 (kpf_a[j] & fl->mask) == fl->value;
					int ib = kpf_b[j] != KPF(NOPAGE) &&
						 (kpf_b[j] & fl->mask) == fl->value;

					in_a += ia;
					m[f] += ia != ib;
				}
				d[f] = diff(want, in_a) > diff(got[f], in_a) ?
				       diff(want, in_a) : diff(got[f], in_a);
				all &= d[f] <= m[f];
			}
			if (all)
				break;
		}
		for (f = 0; f < 6; f++) {
			total[f] += got[f];
			if (d[f])
				printf("  filter %u [0x%llx, 0x%llx): %llu pages "
				       "apart, %llu pfns moved (try %d)\n", f,
				       (unsigned long long)start,
				       (unsigned long long)end,
				       (unsigned long long)d[f],
				       (unsigned long long)m[f],
				       t < TRIES ? t + 1 : TRIES);
			EXPECT_LE(d[f], m[f]);
			if (d[f] > worst)
				worst = d[f];
		}
	}
	printf("  filtered queries vs stats: free %llu, lru %llu, mapped anon "
	       "%llu, slab %llu, neither lru nor free %llu, hwpoison %llu; "
	       "worst chunk %llu apart\n",
	       (unsigned long long)total[0], (unsigned long long)total[1],
	       (unsigned long long)total[2], (unsigned long long)total[3],
	       (unsigned long long)total[4], (unsigned long long)total[5],
	       (unsigned long long)worst);
	EXPECT_GT(total[0], 0);
	EXPECT_GT(total[1], 0);
	EXPECT_GT(total[4], 0);
}

/* Every online page counts once in each breakdown. */
static void test_invariants(void)
{
	const struct pagesnap_info *info = ps_info();
	struct pagesnap_stats st;
	uint64_t online, c = 0, z = 0, zf = 0, blocks = 0;
	uint32_t i, o;

	stats_init(&st, info->pfn_start, info->pfn_end - info->pfn_start);
	ASSERT_OK(stats_ioctl(&st));
	ASSERT_GT(st.next_pfn, info->pfn_start);
	EXPECT_EQ(st.pfns, st.next_pfn - info->pfn_start);
	online = st.faithful + st.unfaithful;
	EXPECT_EQ(online + st.holes, st.pfns);
	EXPECT_GT(online, 0);
	EXPECT_EQ(sum(st.by_order, PAGESNAP_STATS_ORDERS), online);
	EXPECT_EQ(sum(st.by_type, PAGESNAP_STATS_TYPES), online);
	EXPECT_LE(sum(st.by_kind, PAGESNAP_STATS_KINDS), online);
	EXPECT_LE(sum(st.folios_by_order, PAGESNAP_STATS_ORDERS), online);
	EXPECT_EQ(st.folios_by_order[0], st.by_order[0]);
	EXPECT_LE(st.free_pages, online);
	EXPECT_GT(st.nr_combos, 1);
	EXPECT_LE(st.nr_combos, MAX_COMBOS);
	for (i = 0; i < st.nr_combos; i++) {
		EXPECT_GT(combos[i].pages, 0);
		EXPECT_NOBITS(combos[i].kpf, KPF(NOPAGE));
		c += combos[i].pages;
	}
	EXPECT_EQ(c + st.other_pages, online);
	EXPECT_EQ(st.other_pages, 0);
	EXPECT_GT(st.nr_zones, 0);
	for (i = 0; i < st.nr_zones; i++) {
		EXPECT_LE(zones[i].zone, PAGESNAP_ZONE_DEVICE);
		EXPECT_LE(zones[i].free_pages, zones[i].pages);
		z += zones[i].pages;
		zf += zones[i].free_pages;
		for (o = 0; o < PAGESNAP_STATS_BUDDY_ORDERS; o++)
			blocks += zones[i].free_blocks[o] << o;
	}
	EXPECT_EQ(z + st.other_zone_pages, online);
	EXPECT_LE(zf, st.free_pages);
	/* pages in free blocks headed in the range; the last may run over */
	EXPECT_LE(blocks, st.free_pages + 1024);
	EXPECT_GT(blocks, 0);
	/* the buddy allocator's pages are what PAGE_TYPE_BUDDY counts */
	EXPECT_LE(st.by_type[PAGESNAP_PAGE_TYPE_BUDDY], st.free_pages);
}

/* One call covers at most max_pfns; resuming at next_pfn covers the rest. */
static void test_resume_and_clip(void)
{
	const struct pagesnap_info *info = ps_info();
	uint64_t pfn = info->pfn_start, pfns = 0, calls = 0;
	struct pagesnap_stats st;

	while (pfn < info->pfn_end) {
		/* a range that runs far past pfn_end is clipped to it */
		stats_init(&st, pfn, UINT64_MAX - pfn);
		ASSERT_OK(stats_ioctl(&st));
		ASSERT_GT(st.next_pfn, pfn);
		EXPECT_LE(st.pfns, info->max_pfns);
		EXPECT_EQ(st.pfns, st.next_pfn - pfn);
		if (st.next_pfn < info->pfn_end)
			EXPECT_EQ(st.pfns, info->max_pfns);
		pfns += st.pfns;
		pfn = st.next_pfn;
		calls++;
	}
	EXPECT_EQ(pfn, info->pfn_end);
	EXPECT_EQ(pfns, info->pfn_end - info->pfn_start);
	EXPECT_EQ(calls, (pfns + info->max_pfns - 1) / info->max_pfns);

	/* one pfn, the last one */
	stats_init(&st, info->pfn_end - 1, 1);
	ASSERT_OK(stats_ioctl(&st));
	EXPECT_EQ(st.next_pfn, info->pfn_end);
	EXPECT_EQ(st.pfns, 1);
	EXPECT_EQ(st.holes + st.faithful + st.unfaithful, 1);
}

/* kpf_mask shapes the combinations; max_combos bounds them. */
static void test_combos_mask_and_overflow(void)
{
	const struct pagesnap_info *info = ps_info();
	uint64_t nr = info->pfn_end - info->pfn_start, online, c = 0;
	struct pagesnap_stats st;
	uint32_t i;

	/* mask 0: one combination holds every online page */
	stats_init(&st, info->pfn_start, nr);
	st.kpf_mask = 0;
	ASSERT_OK(stats_ioctl(&st));
	online = st.faithful + st.unfaithful;
	EXPECT_EQ(st.nr_combos, 1);
	EXPECT_EQ(combos[0].kpf, 0);
	EXPECT_EQ(combos[0].pages, online);
	EXPECT_EQ(st.other_pages, 0);

	/* a two-bit mask: at most four combinations, all inside the mask */
	stats_init(&st, info->pfn_start, nr);
	st.kpf_mask = KPF(BUDDY) | KPF(LRU);
	ASSERT_OK(stats_ioctl(&st));
	EXPECT_LE(st.nr_combos, 4);
	for (i = 0; i < st.nr_combos; i++) {
		EXPECT_EQ(combos[i].kpf & ~st.kpf_mask, 0);
		c += combos[i].pages;
	}
	EXPECT_EQ(c + st.other_pages, st.faithful + st.unfaithful);
	EXPECT_EQ(st.other_pages, 0);

	/* room for one: the rest go to other_pages, nothing written past it */
	stats_init(&st, info->pfn_start, nr);
	memset(combos, JUNK, sizeof(combos));
	st.max_combos = 1;
	ASSERT_OK(stats_ioctl(&st));
	EXPECT_EQ(st.nr_combos, 1);
	EXPECT_GT(st.other_pages, 0);
	EXPECT_EQ(combos[0].pages + st.other_pages, st.faithful + st.unfaithful);
	EXPECT_EQ(combos[1].kpf, JUNK64);

	/* no tables at all */
	stats_init(&st, info->pfn_start, nr);
	st.combos = 0;
	st.max_combos = 0;
	st.zones = 0;
	st.max_zones = 0;
	ASSERT_OK(stats_ioctl(&st));
	EXPECT_EQ(st.nr_combos, 0);
	EXPECT_EQ(st.nr_zones, 0);
	EXPECT_EQ(st.other_pages, st.faithful + st.unfaithful);
	EXPECT_EQ(st.other_zone_pages, st.faithful + st.unfaithful);

	/* room for one zone */
	stats_init(&st, info->pfn_start, nr);
	memset(zones, JUNK, sizeof(zones));
	st.max_zones = 1;
	ASSERT_OK(stats_ioctl(&st));
	EXPECT_EQ(st.nr_zones, 1);
	EXPECT_EQ(zones[0].pages + st.other_zone_pages,
		  st.faithful + st.unfaithful);
	EXPECT_EQ(zones[1].pages, JUNK64);
}

/* Output fields are outputs: junk in them on input changes nothing. */
static void test_outputs_ignored_on_input(void)
{
	const struct pagesnap_info *info = ps_info();
	struct pagesnap_stats a, b;

	stats_init(&a, info->pfn_start, 4096);
	ASSERT_OK(stats_ioctl(&a));
	stats_init(&b, info->pfn_start, 4096);
	b.nr_combos = 7;
	b.nr_zones = 9;
	b.next_pfn = b.pfns = b.holes = b.faithful = JUNK64;
	b.unfaithful = b.free_pages = b.other_pages = JUNK64;
	b.other_zone_pages = JUNK64;
	memset(b.by_order, JUNK, sizeof(b.by_order));
	memset(b.folios_by_order, JUNK, sizeof(b.folios_by_order));
	memset(b.by_type, JUNK, sizeof(b.by_type));
	memset(b.by_kind, JUNK, sizeof(b.by_kind));
	ASSERT_OK(stats_ioctl(&b));
	EXPECT_EQ(b.next_pfn, a.next_pfn);
	EXPECT_EQ(b.pfns, 4096);
	EXPECT_EQ(b.holes + b.faithful + b.unfaithful, 4096);
	EXPECT_EQ(sum(b.by_order, PAGESNAP_STATS_ORDERS),
		  b.faithful + b.unfaithful);
	EXPECT_LE(b.by_kind[0], 4096);
	EXPECT_LE(b.nr_combos, MAX_COMBOS);
}

static void test_feature_bit(void)
{
	EXPECT_BITS(ps_info()->features, PAGESNAP_FEAT_STATS);
}

/* ---- errors ---- */

/* A rejected call reports nothing back. */
static void expect_no_result(void)
{
	EXPECT_EQ(big.st.next_pfn, 0);
	EXPECT_EQ(big.st.pfns, 0);
	EXPECT_EQ(big.st.nr_combos, 0);
}

static void test_err_size(void)
{
	good_stats();
	EXPECT_ERRNO(ioctl(ps_fd(), SCMD(PAGESNAP_STATS_SIZE_VER0 - 8), &big), EINVAL);
	EXPECT_ERRNO(ioctl(ps_fd(), SCMD(PAGESNAP_STATS_SIZE_VER0 + 4), &big), EINVAL);
	EXPECT_ERRNO(ioctl(ps_fd(), SCMD(8), &big), EINVAL);
	EXPECT_ERRNO(ioctl(ps_fd(), SCMD(0), &big), EINVAL);
	expect_no_result();
}

/* Larger than the driver's: zero tail accepted and zeroed; else E2BIG. */
static void test_err_size_larger(void)
{
	unsigned int i, nz = 0;

	good_stats();
	big.b[PAGESNAP_STATS_SIZE_VER0 + 16] = 1;
	EXPECT_ERRNO(ioctl(ps_fd(), SCMD(PAGESNAP_STATS_SIZE_VER0 + 64), &big), E2BIG);
	expect_no_result();
	big.b[PAGESNAP_STATS_SIZE_VER0 + 16] = 0;
	EXPECT_OK(ioctl(ps_fd(), SCMD(PAGESNAP_STATS_SIZE_VER0 + 64), &big));
	EXPECT_EQ(big.st.pfns, 64);
	for (i = PAGESNAP_STATS_SIZE_VER0; i < PAGESNAP_STATS_SIZE_VER0 + 64; i++)
		nz += big.b[i] != 0;
	EXPECT_EQ(nz, 0);
}

static void test_err_flags_reserved(void)
{
	struct pagesnap_stats *st;
	unsigned int i;

	st = good_stats();
	st->flags = 1;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_STATS, st), EINVAL);
	st = good_stats();
	st->flags = 0x80000000u;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_STATS, st), EINVAL);
	st = good_stats();
	st->reserved0 = 1;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_STATS, st), EINVAL);
	for (i = 0; i < 4; i++) {
		st = good_stats();
		st->reserved[i] = 1ULL << 63;
		EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_STATS, st), EINVAL);
		expect_no_result();
	}
}

static void test_err_counts(void)
{
	struct pagesnap_stats *st;

	st = good_stats();
	st->nr_pfns = 0;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_STATS, st), EINVAL);
	st = good_stats();
	st->max_combos = PAGESNAP_STATS_MAX_COMBOS + 1;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_STATS, st), EINVAL);
	st = good_stats();
	st->max_combos = UINT32_MAX;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_STATS, st), EINVAL);
	st = good_stats();
	st->max_zones = PAGESNAP_STATS_MAX_ZONES + 1;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_STATS, st), EINVAL);
	/* a pointer without a capacity and a capacity without a pointer */
	st = good_stats();
	st->combos = 0;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_STATS, st), EINVAL);
	st = good_stats();
	st->max_combos = 0;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_STATS, st), EINVAL);
	st = good_stats();
	st->zones = 0;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_STATS, st), EINVAL);
	st = good_stats();
	st->max_zones = 0;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_STATS, st), EINVAL);
	expect_no_result();
}

static void test_err_range(void)
{
	const struct pagesnap_info *info = ps_info();
	struct pagesnap_stats *st;

	st = good_stats();
	st->start_pfn = info->pfn_end;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_STATS, st), ERANGE);
	st = good_stats();
	st->start_pfn = UINT64_MAX - 1;
	st->nr_pfns = 1;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_STATS, st), ERANGE);
	st = good_stats();
	st->start_pfn = 2;
	st->nr_pfns = UINT64_MAX - 1;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_STATS, st), EOVERFLOW);
	/* a table whose end wraps */
	st = good_stats();
	st->combos = UINT64_MAX - 8;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_STATS, st), EOVERFLOW);
	st = good_stats();
	st->zones = UINT64_MAX - 8;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_STATS, st), EOVERFLOW);
	expect_no_result();
}

static void test_err_fault(void)
{
	struct pagesnap_stats *st;
	void *ro = mmap(NULL, PAGE_SZ, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			-1, 0);
	void *gone = mmap(NULL, PAGE_SZ, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_TRUE(ro != MAP_FAILED && gone != MAP_FAILED);
	munmap(gone, PAGE_SZ);
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_STATS, NULL), EFAULT);
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_STATS, gone), EFAULT);
	/* the struct readable but not writable: walked, then EFAULT */
	st = mmap(NULL, PAGE_SZ, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(st != MAP_FAILED);
	memcpy(st, good_stats(), sizeof(*st));
	ASSERT_OK(mprotect(st, PAGE_SZ, PROT_READ));
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_STATS, st), EFAULT);
	EXPECT_EQ(st->pfns, 0);
	munmap(st, PAGE_SZ);
	st = good_stats();
	st->combos = (uintptr_t)ro;
	st->max_combos = PAGE_SZ / sizeof(struct pagesnap_stats_combo);
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_STATS, st), EFAULT);
	expect_no_result();
	st = good_stats();
	st->zones = (uintptr_t)gone;
	st->max_zones = 4;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_STATS, st), EFAULT);
	expect_no_result();
	munmap(ro, PAGE_SZ);
}

/*
 * Queries of one open file share its bounce buffer; two threads querying
 * through the same descriptor at once (one of them then gets a buffer of
 * its own for the call) both get every entry of their ranges.
 */
struct qthread {
	uint64_t start, nr, bad;
	struct pagesnap_entry *ents;
};

static void *query_thread(void *arg)
{
	struct qthread *t = arg;
	int round;

	for (round = 0; round < 8; round++) {
		uint64_t pfn = t->start, i;

		while (pfn < t->start + t->nr) {
			struct pagesnap_query q;

			ps_query_init(&q, pfn, t->start + t->nr - pfn,
				      t->ents, 1024);
			if (ps_ioctl_query(&q) || q.next_pfn <= pfn ||
			    q.filled != q.next_pfn - pfn) {
				t->bad++;
				return NULL;
			}
			for (i = 0; i < q.filled; i++)
				t->bad += t->ents[i].pfn != pfn + i;
			pfn = q.next_pfn;
		}
	}
	return NULL;
}

static void test_shared_fd_threads(void)
{
	static struct pagesnap_entry e1[1024], e2[1024];
	struct qthread t[2] = {
		{ ps_info()->pfn_start, 65536, 0, e1 },
		{ ps_info()->pfn_start + 65536, 65536, 0, e2 },
	};
	pthread_t th[2];
	int i;

	for (i = 0; i < 2; i++)
		ASSERT_OK(pthread_create(&th[i], NULL, query_thread, &t[i]));
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	EXPECT_EQ(t[0].bad, 0);
	EXPECT_EQ(t[1].bad, 0);
}

/*
 * The memmap-floor ioctl exists only in PAGESNAP_BENCH=1 builds (bench/);
 * the module these tests run against is a normal build.
 */
static void test_no_bench_floor(void)
{
	struct pagesnap_bench_floor fl;

	memset(&fl, 0, sizeof(fl));
	fl.start_pfn = ps_info()->pfn_start;
	fl.nr_pfns = 1;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_BENCH_FLOOR, &fl), ENOTTY);
	EXPECT_EQ(fl.pages, 0);
}

static const char *probe_stats(void)
{
	if (!(ps_info()->features & PAGESNAP_FEAT_STATS))
		return "driver without PAGESNAP_FEAT_STATS";
	return NULL;
}

static const struct ps_test tests[] = {
	{ "feature_bit", test_feature_bit, NULL },
	{ "matches_query", test_matches_query, probe_stats },
	{ "filter_complete", test_filter_complete, probe_stats },
	{ "invariants", test_invariants, probe_stats },
	{ "resume_and_clip", test_resume_and_clip, probe_stats },
	{ "combos_mask_and_overflow", test_combos_mask_and_overflow, probe_stats },
	{ "outputs_ignored_on_input", test_outputs_ignored_on_input, probe_stats },
	{ "err_size", test_err_size, probe_stats },
	{ "err_size_larger", test_err_size_larger, probe_stats },
	{ "err_flags_reserved", test_err_flags_reserved, probe_stats },
	{ "err_counts", test_err_counts, probe_stats },
	{ "err_range", test_err_range, probe_stats },
	{ "err_fault", test_err_fault, probe_stats },
	{ "no_bench_floor_in_normal_build", test_no_bench_floor, NULL },
	{ "query_shared_fd_threads", test_shared_fd_threads, NULL },
	{ NULL, NULL, NULL }
};

const struct ps_suite suite_aggr = { "aggr", tests };
