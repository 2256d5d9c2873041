// SPDX-License-Identifier: GPL-2.0
/*
 * Query semantics over ranges: entry order, resuming, clipping at
 * pfn_end, the max_pfns bound, filters, larger entry sizes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "helpers.h"

/* The first pfn of the first online block of RAM, from an anon page. */
static uint64_t ram_pfn(void)
{
	static void *p;

	if (!p)
		p = ps_anon_page();
	return p ? ps_vaddr_pfn(p) : 0;
}

/* Without filters, entry i describes start + i. */
static void test_pfn_sequence(void)
{
	struct pagesnap_entry e[32];
	struct pagesnap_query q;
	uint64_t s = ram_pfn() & ~31ULL;
	uint32_t i;

	ASSERT_TRUE(s != 0);
	ps_query_init(&q, s, 32, e, 32);
	ASSERT_OK(ps_ioctl_query(&q));
	EXPECT_EQ(q.filled, 32);
	EXPECT_EQ(q.next_pfn, s + 32);
	for (i = 0; i < q.filled && i < 32; i++) {
		ps_check_entry(&e[i], s + i);
		EXPECT_EQ(e[i].nr_pages, 1);	/* no runs unless asked */
	}
	EXPECT_EQ(q.reserved[0], 0);
	EXPECT_EQ(q.reserved[1], 0);
}

/* A full entry buffer stops the call; next_pfn resumes right after. */
static void test_entries_full(void)
{
	struct pagesnap_entry e[8];
	struct pagesnap_query q;
	uint64_t s = ram_pfn() & ~31ULL;

	ps_query_init(&q, s, 1000, e, 5);
	memset(e, JUNK, sizeof(e));
	ASSERT_OK(ps_ioctl_query(&q));
	EXPECT_EQ(q.filled, 5);
	EXPECT_EQ(q.next_pfn, s + 5);
	EXPECT_EQ(e[5].pfn, JUNK64);	/* nothing past max_entries */
	EXPECT_EQ(e[4].pfn, s + 4);
	/* the query's input fields come back unchanged */
	EXPECT_EQ(q.start_pfn, s);
	EXPECT_EQ(q.nr_pfns, 1000);
	EXPECT_EQ(q.max_entries, 5);
}

/* A range running past pfn_end is clipped to it. */
static void test_clip_at_end(void)
{
	const struct pagesnap_info *info = ps_info();
	struct pagesnap_entry e[16];
	struct pagesnap_query q;

	ps_query_init(&q, info->pfn_end - 5, 100, e, 16);
	ASSERT_OK(ps_ioctl_query(&q));
	EXPECT_EQ(q.filled, 5);
	EXPECT_EQ(q.next_pfn, info->pfn_end);
	EXPECT_EQ(e[4].pfn, info->pfn_end - 1);
	EXPECT_EQ(e[5].pfn, JUNK64);
}

/* One call examines at most max_pfns pfns. */
static void test_max_pfns(void)
{
	const struct pagesnap_info *info = ps_info();
	struct pagesnap_entry e[4];
	struct pagesnap_query q;

	/* a filter nothing matches: SOFTDIRTY is never a page flag */
	ps_query_init(&q, info->pfn_start, info->pfn_end - info->pfn_start,
		      e, 4);
	q.nr_filters = 1;
	q.filters[0].mask = KPF(SOFTDIRTY);
	q.filters[0].value = KPF(SOFTDIRTY);
	ASSERT_OK(ps_ioctl_query(&q));
	EXPECT_EQ(q.filled, 0);
	EXPECT_GT(q.next_pfn, info->pfn_start);
	EXPECT_LE(q.next_pfn - info->pfn_start, info->max_pfns);
	EXPECT_EQ(e[0].pfn, JUNK64);
}

/* Filter terms OR together; every entry matches one. */
static void test_filters(void)
{
	const struct pagesnap_info *info = ps_info();
	const uint32_t max = 256;
	struct pagesnap_entry *e = calloc(max, sizeof(*e));
	struct pagesnap_query q;
	unsigned int slab = 0, anon = 0, i;
	uint64_t pfn = info->pfn_start;

	ASSERT_TRUE(e != NULL);
	EXPECT_BITS(info->features, PAGESNAP_FEAT_FILTER);
	while (pfn < info->pfn_end && (!slab || !anon)) {
		ps_query_init(&q, pfn, info->pfn_end - pfn, e, max);
		q.nr_filters = 2;
		q.filters[0].mask = KPF(SLAB);
		q.filters[0].value = KPF(SLAB);
		q.filters[1].mask = KPF(ANON) | KPF(SLAB);
		q.filters[1].value = KPF(ANON);
		ASSERT_OK(ps_ioctl_query(&q));
		for (i = 0; i < q.filled; i++) {
			ps_check_entry(&e[i], e[i].pfn);
			EXPECT_GE(e[i].pfn, pfn);
			EXPECT_LT(e[i].pfn, q.next_pfn);
			if (i)
				EXPECT_GT(e[i].pfn, e[i - 1].pfn);
			slab += !!(e[i].kpf & KPF(SLAB));
			anon += !!(e[i].kpf & KPF(ANON));
			EXPECT_TRUE(e[i].kpf & (KPF(SLAB) | KPF(ANON)));
		}
		ASSERT_GT(q.next_pfn, pfn);
		pfn = q.next_pfn;
	}
	EXPECT_GT(slab, 0);
	EXPECT_GT(anon, 0);
	free(e);
}

/* A larger caller entry: the driver's part filled, the rest zeroed. */
static void test_entry_size_larger(void)
{
	const struct pagesnap_info *info = ps_info();
	static const uint32_t sizes[] = { PAGESNAP_ENTRY_SIZE_VER1 + 8, 4096 };
	uint64_t s = ram_pfn();
	unsigned int k;

	for (k = 0; k < 2; k++) {
		uint32_t es = sizes[k], i;
		unsigned char *buf = malloc((size_t)es * 3);
		struct pagesnap_entry ref;
		struct pagesnap_query q;

		ASSERT_TRUE(buf != NULL);
		ps_query_init(&q, s, 3, NULL, 3);
		memset(buf, JUNK, (size_t)es * 3);
		q.entries = (uintptr_t)buf;
		q.entry_size = es;
		ASSERT_OK(ps_ioctl_query(&q));
		EXPECT_EQ(q.filled, 3);
		for (i = 0; i < 3; i++) {
			unsigned char *ent = buf + (size_t)i * es;
			uint32_t b, nz = 0;

			memcpy(&ref, ent, sizeof(ref));
			ps_check_entry(&ref, s + i);
			for (b = info->entry_size; b < es; b++)
				nz += ent[b] != 0;
			EXPECT_EQ(nz, 0);
		}
		free(buf);
	}
}

#define RUNS_PFNS	16384
#define RUNS_TRIES	5

/*
 * One PAGESNAP_QUERY_RUNS pass over [@s, @s + RUNS_PFNS), expanded into
 * one entry per pfn in @out.  Checks what the header promises of runs;
 * returns the number of entries the driver wrote and, in *@longest, the
 * longest run.
 */
static uint64_t runs_expand(uint64_t s, struct pagesnap_entry *out,
			    uint64_t *longest)
{
	static struct pagesnap_entry e[512];
	uint64_t pfn = s, entries = 0, k;
	struct pagesnap_query q;
	uint32_t i;

	*longest = 0;
	while (pfn < s + RUNS_PFNS) {
		ps_query_init(&q, pfn, s + RUNS_PFNS - pfn, e, 512);
		q.flags = PAGESNAP_QUERY_RUNS;
		if (ps_ioctl_query(&q)) {
			EXPECT_OK(-errno);
			return 0;
		}
		for (i = 0; i < q.filled; i++) {
			/* no filter, no SKIP_HOLES: the runs tile the range */
			EXPECT_EQ(e[i].pfn, pfn);
			EXPECT_TRUE(e[i].nr_pages >= 1);
			EXPECT_TRUE(e[i].pfn + e[i].nr_pages <= q.next_pfn);
			if (e[i].pfn != pfn || !e[i].nr_pages ||
			    e[i].pfn + e[i].nr_pages > q.next_pfn)
				return 0;
			if (e[i].nr_pages > 1 &&
			    (e[i].valid & PAGESNAP_VALID_FOLIO))
				EXPECT_EQ(e[i].head_pfn, e[i].pfn);
			if (e[i].nr_pages > *longest)
				*longest = e[i].nr_pages;
			for (k = 0; k < e[i].nr_pages; k++) {
				struct pagesnap_entry *o = &out[pfn - s + k];

				*o = e[i];
				o->pfn = pfn + k;
				o->nr_pages = 1;
				if (o->valid & PAGESNAP_VALID_FOLIO)
					o->head_pfn = e[i].head_pfn + k;
			}
			pfn += e[i].nr_pages;
		}
		entries += q.filled;
		EXPECT_EQ(pfn, q.next_pfn);
		if (pfn != q.next_pfn)
			return 0;
	}
	return entries;
}

/* The same range one entry per pfn, as a query without runs gives it. */
static int plain_pass(uint64_t s, struct pagesnap_entry *out)
{
	uint64_t pfn = s;
	struct pagesnap_query q;

	while (pfn < s + RUNS_PFNS) {
		ps_query_init(&q, pfn, s + RUNS_PFNS - pfn, out + (pfn - s),
			      s + RUNS_PFNS - pfn);
		if (ps_ioctl_query(&q))
			return -errno;
		if (q.filled != q.next_pfn - pfn)
			return -EPROTO;
		pfn = q.next_pfn;
	}
	return 0;
}

/* A pfn whose plain entry is neither of its run readings: what differs. */
static void runs_show(const struct pagesnap_entry *a,
		      const struct pagesnap_entry *b,
		      const struct pagesnap_entry *c)
{
	const struct pagesnap_entry *e[3] = { a, b, c };
	static const char *const name[3] = { "runs", "plain", "runs" };
	unsigned int k;

	for (k = 0; k < 3; k++) {
		const uint64_t *w = (const uint64_t *)e[k];
		unsigned int i;

		printf("  %-5s", name[k]);
		for (i = 0; i < sizeof(*a) / 8; i++)
			printf(" %llx", (unsigned long long)w[i]);
		printf("\n");
	}
}

/*
 * PAGESNAP_QUERY_RUNS: runs that tile the range and, expanded, equal
 * what a query without runs returns for every pfn.  The top of memory of
 * an idle guest is free blocks, so there are long runs.  Pages change
 * while they are read: runs, plain, runs; a pfn must equal one of its
 * two run readings, and the whole comparison is retried a few times.
 */
static void test_runs(void)
{
	const struct pagesnap_info *info = ps_info();
	uint64_t s = info->pfn_end - RUNS_PFNS, entries = 0, longest = 0, l2;
	size_t bytes = RUNS_PFNS * sizeof(struct pagesnap_entry);
	struct pagesnap_entry *a = malloc(bytes), *b = malloc(bytes);
	struct pagesnap_entry *c = malloc(bytes);
	unsigned int t, bad = 0;
	uint64_t i;

	ASSERT_TRUE(a && b && c);
	ASSERT_TRUE(info->features & PAGESNAP_FEAT_RUNS);
	for (t = 0; t < RUNS_TRIES; t++) {
		entries = runs_expand(s, a, &longest);
		ASSERT_TRUE(entries > 0);
		ASSERT_OK(plain_pass(s, b));
		ASSERT_TRUE(runs_expand(s, c, &l2) > 0);
		bad = 0;
		for (i = 0; i < RUNS_PFNS; i++)
			if (memcmp(&b[i], &a[i], sizeof(b[i])) &&
			    memcmp(&b[i], &c[i], sizeof(b[i])) && bad++ < 4 &&
			    t == RUNS_TRIES - 1)
				runs_show(&a[i], &b[i], &c[i]);
		if (!bad)
			break;
	}
	EXPECT_EQ(bad, 0);
	/* runs happened: far fewer entries than pfns, and a long one */
	EXPECT_TRUE(entries * 4 < RUNS_PFNS);
	EXPECT_TRUE(longest >= 256);
	printf("  runs: %llu pfns in %llu entries, longest run %llu, %u retries\n",
	       (unsigned long long)RUNS_PFNS, (unsigned long long)entries,
	       (unsigned long long)longest, t);
	free(a);
	free(b);
	free(c);
}

static const struct ps_test tests[] = {
	{ "pfn_sequence", test_pfn_sequence, NULL },
	{ "entries_full", test_entries_full, NULL },
	{ "clip_at_pfn_end", test_clip_at_end, NULL },
	{ "max_pfns_bound", test_max_pfns, NULL },
	{ "filters_or", test_filters, NULL },
	{ "entry_size_larger", test_entry_size_larger, NULL },
	{ "runs_expand_to_entries", test_runs, NULL },
	{ NULL, NULL, NULL }
};

const struct ps_suite suite_ranges = { "ranges", tests };
