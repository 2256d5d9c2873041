// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the snapshot port, the encoder and the walk engine, on
 * synthetic struct pages built in a kcalloc()ed buffer.
 *
 * This file and the driver's own objects, built with PAGESNAP_KUNIT, are
 * pagesnap_kunit.ko (make PAGESNAP_KUNIT=1, see Kbuild and pagesnap.rst);
 * pagesnap.ko never carries a line of test code.
 *
 * The synthetic pages are not part of the memmap, so the driver's three
 * questions to the memmap by pfn (page_to_pfn(), pfn_to_online_page(),
 * is_free_buddy_page()), which all go through pagesnap_memmap.h, are
 * answered by this file's model of the buffer.  The model puts the buffer
 * at kt_base_pfn and counts the calls, so a test can tell how many
 * attempts the port made, and may change the pages between attempts, the
 * way a concurrent split or merge would.  It can also stand in for the
 * backend's snapshot in the walk, and it says where the huge zero folio
 * is, which the driver asks the kernel only where that is exported.
 * Everything else reads the synthetic pages exactly as it reads real
 * ones.
 *
 * Layouts are those of Linux 6.12, the one kernel with CONFIG_KUNIT that
 * pagesnap is tested on (debug-6.12).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/cgroup.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/kernel-page-flags.h>
#include <linux/kernfs.h>
#include <linux/memcontrol.h>
#include <linux/memory_hotplug.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/module.h>
#include <linux/page-flags.h>
#include <linux/pgtable.h>
#include <linux/printk.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "pagesnap_internal.h"
#include "pagesnap_compat.h"
#include "pagesnap_memmap.h"
#include "pagesnap_walk.h"

#ifndef PAGESNAP_KERNEL_6_12
#error "pagesnap_kunit.ko knows the struct page layouts of Linux 6.12 only"
#endif

/* ---- the model of the buffer (see the comment at the top) ------------- */

#define KT_NR_PAGES	16

struct kt_env {
	struct kunit *test;
	struct page *pages;		/* KT_NR_PAGES synthetic pages */
	unsigned long base_pfn;		/* the pfn the model gives pages[0] */
	unsigned long offline_pfn;	/* a pfn the model calls offline */
	unsigned int online_calls;	/* pfn_to_online_page() calls */
	unsigned int buddy_calls;	/* is_free_buddy_page() calls */
	bool buddy_answer;		/* what is_free_buddy_page() says */
	/* called at each pfn_to_online_page(): a concurrent change */
	void (*on_lookup)(struct kt_env *env);
	/* a head whose flags word changes after the walk's first page */
	struct page *walk_flip_head;
	/* off the stack: KASAN makes test frames large */
	struct pagesnap_snap snap;
	struct pagesnap_entry entry, entry2;
};

static struct kt_env *kt_env;

static unsigned long kt_page_to_pfn(const struct page *page)
{
	struct kt_env *env = kt_env;

	if (page < env->pages || page >= env->pages + KT_NR_PAGES) {
		KUNIT_FAIL(env->test, "page_to_pfn() of a page outside the buffer");
		return 0;
	}
	return env->base_pfn + (page - env->pages);
}

static struct page *kt_pfn_to_online_page(unsigned long pfn)
{
	struct kt_env *env = kt_env;

	env->online_calls++;
	if (env->on_lookup)
		env->on_lookup(env);
	if (pfn < env->base_pfn || pfn >= env->base_pfn + KT_NR_PAGES ||
	    pfn == env->offline_pfn)
		return NULL;
	return env->pages + (pfn - env->base_pfn);
}

static bool kt_is_free_buddy_page(const struct page *page)
{
	struct kt_env *env = kt_env;

	env->buddy_calls++;
	if (page < env->pages || page >= env->pages + KT_NR_PAGES) {
		KUNIT_FAIL(env->test, "is_free_buddy_page() outside the buffer");
		return false;
	}
	return env->buddy_answer;
}

/* first pfn of the model's huge zero folio; ULONG_MAX: none */
static unsigned long kt_huge_zero_pfn = ULONG_MAX;

static unsigned long kt_huge_zero_pfn_get(void)
{
	return READ_ONCE(kt_huge_zero_pfn);
}

static const struct pagesnap_memmap_model kt_model = {
	.online_page	= kt_pfn_to_online_page,
	.pfn_of		= kt_page_to_pfn,
	.free_buddy	= kt_is_free_buddy_page,
	.huge_zero_pfn	= kt_huge_zero_pfn_get,
};

/* The driver's memmap seam (pagesnap_memmap.h): the model, per test. */
const struct pagesnap_memmap_model *pagesnap_memmap_model = &kt_model;

/* ---- building synthetic pages (6.12 layouts) -------------------------- */

#define KT_ANON_VMA	0xffff888012345670UL	/* never dereferenced */

/* A free-standing, unmapped, untyped page with a node and a zone. */
static void kt_page_init(struct page *p)
{
	memset(p, 0, sizeof(*p));
	set_page_zone(p, ZONE_NORMAL);
	set_page_node(p, 0);
	atomic_set(&p->_mapcount, -1);		/* page_type UINT_MAX: none */
}

/* Turn pages[0 .. 1 << order) into a large folio, as prep_compound_page(). */
static struct folio *kt_make_folio(struct page *head, unsigned int order,
				   unsigned long flags_1)
{
	struct folio *folio = (struct folio *)head;
	unsigned long i;

	head->flags |= BIT(PG_head);
	folio->_flags_1 = (folio->_flags_1 & ~0xffUL) | order | flags_1;
	folio->_folio_nr_pages = 1U << order;
	atomic_set(&folio->_large_mapcount, -1);
	atomic_set(&folio->_entire_mapcount, -1);
	atomic_set(&folio->_nr_pages_mapped, 0);
	atomic_set(&folio->_pincount, 0);
	for (i = 1; i < (1UL << order); i++)
		head[i].compound_head = (unsigned long)head + 1;
	return folio;
}

static void kt_set_type(struct page *p, unsigned int pgty)
{
	p->page_type = pgty << 24;
}

static void kt_snap(struct pagesnap_snap *s, const struct page *page)
{
	memset(s, 0x5a, sizeof(*s));
	pagesnap_port_snapshot(s, page);
}

/*
 * The encoder, as pagesnap_query.c calls it: kpf first, then the entry,
 * inside an RCU read-side section, with a fresh memo.
 */
static void kt_encode(struct pagesnap_entry *e, const struct pagesnap_snap *s,
		      const struct page *page)
{
	struct pagesnap_memo memo;
	u64 kpf;

	pagesnap_memo_init(&memo);
	rcu_read_lock();
	kpf = pagesnap_kpf(s, page, &memo);
	pagesnap_encode(e, s, page, kpf, &memo);
	rcu_read_unlock();
}

/*
 * No 64-bit word of @e may be the address of anything in the buffer, nor
 * @extra (a pointer the test planted in a page; 0 for none).
 */
static void kt_expect_no_address(struct kunit *test,
				 const struct pagesnap_entry *e,
				 unsigned long extra)
{
	const u64 *w = (const u64 *)e;
	unsigned long lo = (unsigned long)kt_env->pages;
	unsigned long hi = lo + KT_NR_PAGES * sizeof(struct page);
	size_t i;

	for (i = 0; i < sizeof(*e) / sizeof(u64); i++) {
		KUNIT_EXPECT_FALSE_MSG(test, w[i] >= lo && w[i] < hi,
				       "entry word %zu holds a struct page address",
				       i);
		if (extra)
			KUNIT_EXPECT_NE_MSG(test, w[i], (u64)extra,
					    "entry word %zu holds a kernel pointer",
					    i);
	}
}

static int kt_init(struct kunit *test)
{
	struct kt_env *env;
	int i;

	env = kunit_kzalloc(test, sizeof(*env), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, env);
	/* kcalloc() returns memory aligned to the struct page size here */
	env->pages = kunit_kcalloc(test, KT_NR_PAGES, sizeof(struct page),
				   GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, env->pages);
	KUNIT_ASSERT_EQ(test, (unsigned long)env->pages % sizeof(struct page),
			0UL);
	env->test = test;
	/* far from the zero page, aligned like a PMD-sized folio */
	env->base_pfn = 0x123400;
	env->offline_pfn = ULONG_MAX;
	for (i = 0; i < KT_NR_PAGES; i++)
		kt_page_init(&env->pages[i]);
	kt_env = env;
	test->priv = env;
	return 0;
}

static void kt_exit(struct kunit *test)
{
	pagesnap_memmap_model = &kt_model;
	kt_env = NULL;
	WRITE_ONCE(kt_huge_zero_pfn, ULONG_MAX);
}

/* ---- the tests -------------------------------------------------------- */

static void kt_small_page(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct page *p = &env->pages[3];
	struct pagesnap_snap *s = &env->snap;
	struct pagesnap_entry *e = &env->entry;

	p->flags |= BIT(PG_uptodate) | BIT(PG_lru) | BIT(PG_dirty);
	p->mapping = (void *)(KT_ANON_VMA | PAGE_MAPPING_ANON);
	p->index = 42;
	atomic_set(&p->_refcount, 1);
	atomic_set(&p->_mapcount, 0);

	kt_snap(s, p);
	KUNIT_EXPECT_EQ(test, s->pfn, env->base_pfn + 3);
	KUNIT_EXPECT_EQ(test, s->idx, 0UL);
	KUNIT_EXPECT_EQ(test, s->flags, (unsigned int)PS_SNAP_FAITHFUL);
	KUNIT_EXPECT_MEMEQ(test, &s->page, p, sizeof(*p));
	KUNIT_EXPECT_MEMEQ(test, &s->folio.page, p, sizeof(*p));
	/* no online-page lookup for a page that names no head */
	KUNIT_EXPECT_EQ(test, env->online_calls, 0U);
	KUNIT_EXPECT_EQ(test, env->buddy_calls, 0U);

	kt_encode(e, s, p);
	KUNIT_EXPECT_EQ(test, e->pfn, (u64)env->base_pfn + 3);
	KUNIT_EXPECT_EQ(test, e->nr_pages, 1ULL);
	KUNIT_EXPECT_EQ(test, e->head_pfn, (u64)env->base_pfn + 3);
	KUNIT_EXPECT_EQ(test, e->order, 0U);
	KUNIT_EXPECT_EQ(test, e->index, 0U);
	KUNIT_EXPECT_TRUE(test, e->snap_flags & PAGESNAP_SF_FAITHFUL);
	KUNIT_EXPECT_FALSE(test, e->snap_flags & PAGESNAP_SF_FREE);
	KUNIT_EXPECT_EQ(test, e->kpf,
			BIT_ULL(KPF_UPTODATE) | BIT_ULL(KPF_LRU) |
			BIT_ULL(KPF_DIRTY) | BIT_ULL(KPF_MMAP) |
			BIT_ULL(KPF_ANON) | BIT_ULL(KPF_KSM));
	KUNIT_EXPECT_EQ(test, e->refcount, 1U);
	KUNIT_EXPECT_EQ(test, e->mapcount, 1U);
	KUNIT_EXPECT_EQ(test, e->folio_mapcount, 1U);
	KUNIT_EXPECT_EQ(test, e->entire_mapcount, 0U);
	KUNIT_EXPECT_EQ(test, e->page_type, (u32)PAGESNAP_PAGE_TYPE_NONE);
	KUNIT_EXPECT_EQ(test, e->mapping_kind, (u32)PAGESNAP_MAPPING_ANON);
	KUNIT_EXPECT_NE(test, e->owner_hash, 0ULL);
	KUNIT_EXPECT_EQ(test, e->zone, (u32)PAGESNAP_ZONE_NORMAL);
	KUNIT_EXPECT_EQ(test, e->nid, 0U);
	KUNIT_EXPECT_TRUE(test, e->valid & PAGESNAP_VALID_NODE_ZONE);
	KUNIT_EXPECT_FALSE(test, e->valid & PAGESNAP_VALID_FILE);
	KUNIT_EXPECT_FALSE(test, e->valid & PAGESNAP_VALID_BUDDY_ORDER);
	KUNIT_EXPECT_EQ(test, e->raw_flags,
			(u64)(p->flags & GENMASK(NR_PAGEFLAGS - 1, 0)));
	kt_expect_no_address(test, e, KT_ANON_VMA);
}

/* An order-3 THP in pages[8..16): its head and a tail with an index. */
static struct folio *kt_thp(struct kt_env *env)
{
	struct page *head = &env->pages[8];
	struct folio *folio;

	folio = kt_make_folio(head, 3, BIT(PG_large_rmappable));
	head->flags |= BIT(PG_uptodate) | BIT(PG_lru) | BIT(PG_swapbacked) |
		       BIT(PG_active);
	folio->mapping = (void *)(KT_ANON_VMA | PAGE_MAPPING_ANON);
	atomic_set(&folio->_refcount, 3);
	atomic_set(&folio->_entire_mapcount, 0);	/* one PMD mapping */
	atomic_set(&folio->_large_mapcount, 2);		/* 3 in all */
	atomic_set(&head[5]._mapcount, 1);		/* 2 PTE mappings */
	return folio;
}

static void kt_head_page(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct folio *folio = kt_thp(env);
	struct pagesnap_snap *s = &env->snap;
	struct pagesnap_entry *e = &env->entry;

	kt_snap(s, &folio->page);
	KUNIT_EXPECT_EQ(test, s->pfn, env->base_pfn + 8);
	KUNIT_EXPECT_EQ(test, s->idx, 0UL);
	KUNIT_EXPECT_EQ(test, s->flags, (unsigned int)PS_SNAP_FAITHFUL);
	KUNIT_EXPECT_EQ(test, ps_folio_order(&s->folio), 3U);
	/* head, __page_1 and (order >= 2) __page_2 were copied */
	KUNIT_EXPECT_MEMEQ(test, s->folio_pages, &env->pages[8],
			   3 * sizeof(struct page));
	KUNIT_EXPECT_EQ(test, env->online_calls, 0U);

	kt_encode(e, s, &folio->page);
	KUNIT_EXPECT_EQ(test, e->head_pfn, (u64)env->base_pfn + 8);
	KUNIT_EXPECT_EQ(test, e->order, 3U);
	KUNIT_EXPECT_EQ(test, e->index, 0U);
	KUNIT_EXPECT_TRUE(test, e->kpf & BIT_ULL(KPF_COMPOUND_HEAD));
	KUNIT_EXPECT_FALSE(test, e->kpf & BIT_ULL(KPF_COMPOUND_TAIL));
	KUNIT_EXPECT_TRUE(test, e->kpf & BIT_ULL(KPF_THP));
	KUNIT_EXPECT_FALSE(test, e->kpf & BIT_ULL(KPF_HUGE));
	KUNIT_EXPECT_TRUE(test, e->kpf & BIT_ULL(KPF_ACTIVE));
	KUNIT_EXPECT_TRUE(test, e->kpf & BIT_ULL(KPF_MMAP));
	KUNIT_EXPECT_EQ(test, e->refcount, 3U);
	/* head's own _mapcount is -1: 0 PTE maps + 1 PMD map */
	KUNIT_EXPECT_EQ(test, e->mapcount, 1U);
	KUNIT_EXPECT_EQ(test, e->entire_mapcount, 1U);
	KUNIT_EXPECT_EQ(test, e->folio_mapcount, 3U);
	kt_expect_no_address(test, e, KT_ANON_VMA);
}

static void kt_tail_with_index(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct folio *folio = kt_thp(env);
	struct page *tail = &env->pages[8 + 5];
	struct pagesnap_snap *s = &env->snap;
	struct pagesnap_entry *e = &env->entry, *h = &env->entry2;

	kt_snap(s, tail);
	KUNIT_EXPECT_EQ(test, s->pfn, env->base_pfn + 13);
	KUNIT_EXPECT_EQ(test, s->idx, 5UL);
	KUNIT_EXPECT_EQ(test, s->flags, (unsigned int)PS_SNAP_FAITHFUL);
	KUNIT_EXPECT_MEMEQ(test, &s->page, tail, sizeof(*tail));
	KUNIT_EXPECT_MEMEQ(test, s->folio_pages, folio, 3 * sizeof(struct page));
	/* the head was checked to be an online page, once */
	KUNIT_EXPECT_EQ(test, env->online_calls, 1U);

	kt_encode(e, s, tail);
	KUNIT_EXPECT_EQ(test, e->head_pfn, (u64)env->base_pfn + 8);
	KUNIT_EXPECT_EQ(test, e->index, 5U);
	KUNIT_EXPECT_EQ(test, e->order, 3U);
	KUNIT_EXPECT_FALSE(test, e->kpf & BIT_ULL(KPF_COMPOUND_HEAD));
	KUNIT_EXPECT_TRUE(test, e->kpf & BIT_ULL(KPF_COMPOUND_TAIL));
	KUNIT_EXPECT_TRUE(test, e->kpf & BIT_ULL(KPF_THP));
	/* folio flags on 6.12: the tail reports the head's LRU/ACTIVE */
	KUNIT_EXPECT_TRUE(test, e->kpf & BIT_ULL(KPF_LRU));
	KUNIT_EXPECT_TRUE(test, e->kpf & BIT_ULL(KPF_ACTIVE));
	/* precise mapcount: 2 PTE maps of this page + 1 PMD map */
	KUNIT_EXPECT_EQ(test, e->mapcount, 3U);
	KUNIT_EXPECT_EQ(test, e->folio_mapcount, 3U);
	KUNIT_EXPECT_EQ(test, e->refcount, 3U);

	/* the same owner hashes the same for the head and the tail */
	kt_snap(s, &folio->page);
	kt_encode(h, s, &folio->page);
	KUNIT_EXPECT_EQ(test, e->owner_hash, h->owner_hash);
	kt_expect_no_address(test, e, KT_ANON_VMA);
}

/* An order-1 folio in pages[0..2) and a page 5 that still names it. */
static void kt_stale_tail(struct kt_env *env)
{
	kt_make_folio(&env->pages[0], 1, BIT(PG_large_rmappable));
	env->pages[5].compound_head = (unsigned long)&env->pages[0] + 1;
	env->pages[5].flags |= BIT(PG_uptodate);
	atomic_set(&env->pages[5]._mapcount, 0);
}

static void kt_expect_fallback(struct kunit *test, struct pagesnap_snap *s,
			       const struct page *page, unsigned long pfn)
{
	struct pagesnap_entry *e = &kt_env->entry;

	KUNIT_EXPECT_EQ(test, s->pfn, pfn);
	KUNIT_EXPECT_EQ(test, s->idx, 0UL);
	KUNIT_EXPECT_FALSE(test, s->flags & PS_SNAP_FAITHFUL);
	KUNIT_EXPECT_FALSE(test, ps_page_is_tail(&s->page));
	KUNIT_EXPECT_FALSE(test, ps_folio_large(&s->folio));
	KUNIT_EXPECT_MEMEQ(test, &s->folio.page, &s->page, sizeof(s->page));

	kt_encode(e, s, page);
	KUNIT_EXPECT_FALSE(test, e->snap_flags & PAGESNAP_SF_FAITHFUL);
	KUNIT_EXPECT_EQ(test, e->head_pfn, (u64)pfn);
	KUNIT_EXPECT_EQ(test, e->index, 0U);
	KUNIT_EXPECT_EQ(test, e->order, 0U);
	KUNIT_EXPECT_FALSE(test, e->kpf & (BIT_ULL(KPF_COMPOUND_HEAD) |
					  BIT_ULL(KPF_COMPOUND_TAIL) |
					  BIT_ULL(KPF_THP)));
	kt_expect_no_address(test, e, 0);
}

/* idx >= nr_pages on every attempt: PS_SNAP_RETRIES retries, then fallback */
static void kt_idx_out_of_range(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct pagesnap_snap *s = &env->snap;

	kt_stale_tail(env);
	kt_snap(s, &env->pages[5]);
	KUNIT_EXPECT_EQ(test, env->online_calls, PS_SNAP_RETRIES + 1U);
	kt_expect_fallback(test, s, &env->pages[5], env->base_pfn + 5);
	/* the page's own bits survive the fallback */
	KUNIT_EXPECT_TRUE(test, s->page.flags & BIT(PG_uptodate));
}

/* index equal to the number of pages is outside the folio too */
static void kt_idx_equal_nr_pages(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct pagesnap_snap *s = &env->snap;

	kt_make_folio(&env->pages[0], 1, BIT(PG_large_rmappable));
	env->pages[2].compound_head = (unsigned long)&env->pages[0] + 1;
	kt_snap(s, &env->pages[2]);
	KUNIT_EXPECT_EQ(test, env->online_calls, PS_SNAP_RETRIES + 1U);
	kt_expect_fallback(test, s, &env->pages[2], env->base_pfn + 2);
}

/*
 * A torn head copy with an order byte of 64 or more: 1UL << order is
 * undefined there (x86 wraps it to a small count), so the bound must be
 * on the order itself.  Whatever the byte says beyond the largest folio,
 * the copy is not one the port could have taken whole: fallback.
 */
static void kt_order_out_of_range(struct kunit *test)
{
	static const unsigned int orders[] = { 65, 64, 127, 255,
					       MAX_PAGE_ORDER + 20 };
	struct kt_env *env = test->priv;
	struct pagesnap_snap *s = &env->snap;
	struct folio *folio;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(orders); i++) {
		kt_page_init(&env->pages[0]);
		kt_page_init(&env->pages[1]);
		folio = kt_make_folio(&env->pages[0], 1,
				      BIT(PG_large_rmappable));
		folio->_flags_1 = (folio->_flags_1 & ~0xffUL) | orders[i];
		KUNIT_EXPECT_EQ_MSG(test, ps_folio_nr_pages(folio), 0UL,
				    "order %u", orders[i]);
		env->online_calls = 0;
		kt_snap(s, &env->pages[1]);
		kt_expect_fallback(test, s, &env->pages[1], env->base_pfn + 1);
		kt_snap(s, &env->pages[0]);
		kt_expect_fallback(test, s, &env->pages[0], env->base_pfn);
	}
}

/*
 * Nothing the memo holds survives the RCU section it was found in: not
 * the memcg and file pointers, and not the 6.1 folio mapcount, which a
 * new folio at the same head pfn and order would otherwise inherit.
 */
static void kt_memo_reset_rcu(struct kunit *test)
{
	struct pagesnap_memo memo;

	pagesnap_memo_init(&memo);
	memo.head_pfn = kt_env->base_pfn;
	memo.order = 3;
	memo.mapcount = 7;
	memo.mapped = true;
	memo.memcg_data = 0x1000;
	memo.mapping = 0x2000;
	pagesnap_memo_reset_rcu(&memo);
	KUNIT_EXPECT_EQ(test, memo.head_pfn, ULONG_MAX);
	KUNIT_EXPECT_EQ(test, memo.memcg_data, 0UL);
	KUNIT_EXPECT_EQ(test, memo.mapping, 0UL);
}

/* A merge lands while the port is looking: the second attempt succeeds. */
static void kt_grow_on_second_lookup(struct kt_env *env)
{
	if (env->online_calls == 2)
		kt_make_folio(&env->pages[0], 3, BIT(PG_large_rmappable));
}

static void kt_retry_then_faithful(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct pagesnap_snap *s = &env->snap;
	struct pagesnap_entry *e = &env->entry;

	kt_stale_tail(env);
	env->on_lookup = kt_grow_on_second_lookup;
	kt_snap(s, &env->pages[5]);
	KUNIT_EXPECT_EQ(test, env->online_calls, 2U);
	KUNIT_EXPECT_EQ(test, s->flags, (unsigned int)PS_SNAP_FAITHFUL);
	KUNIT_EXPECT_EQ(test, s->idx, 5UL);
	KUNIT_EXPECT_EQ(test, ps_folio_order(&s->folio), 3U);
	kt_encode(e, s, &env->pages[5]);
	KUNIT_EXPECT_EQ(test, e->head_pfn, (u64)env->base_pfn);
	KUNIT_EXPECT_EQ(test, e->index, 5U);
	KUNIT_EXPECT_TRUE(test, e->snap_flags & PAGESNAP_SF_FAITHFUL);
}

/* A head the model calls offline is never read. */
static void kt_head_offline(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct pagesnap_snap *s = &env->snap;

	kt_thp(env);
	env->offline_pfn = env->base_pfn + 8;
	kt_snap(s, &env->pages[8 + 2]);
	KUNIT_EXPECT_EQ(test, env->online_calls, PS_SNAP_RETRIES + 1U);
	kt_expect_fallback(test, s, &env->pages[10], env->base_pfn + 10);
}

/* compound_head values the port must not follow, not even to check them */
static void kt_wild_compound_head(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct page *p = &env->pages[4];
	unsigned long bad[] = {
		(unsigned long)&env->pages[6] + 1,	/* after the page */
		(unsigned long)p + 1,			/* the page itself */
		(unsigned long)&env->pages[1] + 8 + 1,	/* misaligned */
		(unsigned long)p - PS_MAX_FOLIO_NR_PAGES *
			sizeof(struct page) + 1,	/* too far */
	};
	struct pagesnap_snap *s = &env->snap;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		kt_page_init(p);
		p->compound_head = bad[i];
		env->online_calls = 0;
		kt_snap(s, p);
		KUNIT_EXPECT_EQ_MSG(test, env->online_calls, 0U, "case %zu", i);
		kt_expect_fallback(test, s, p, env->base_pfn + 4);
	}
}

/* The first page of a free block: PageBuddy, order in ->private. */
static void kt_free_block_head(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct page *p = &env->pages[0];
	struct pagesnap_snap *s = &env->snap;
	struct pagesnap_entry *e = &env->entry;

	kt_set_type(p, PGTY_buddy);
	set_page_private(p, 4);
	kt_snap(s, p);
	KUNIT_EXPECT_EQ(test, s->flags,
			(unsigned int)(PS_SNAP_FAITHFUL | PS_SNAP_FREE));
	/* PageBuddy is enough: the live free-block walk is not needed */
	KUNIT_EXPECT_EQ(test, env->buddy_calls, 0U);

	kt_encode(e, s, p);
	KUNIT_EXPECT_TRUE(test, e->snap_flags & PAGESNAP_SF_FREE);
	KUNIT_EXPECT_TRUE(test, e->kpf & BIT_ULL(KPF_BUDDY));
	KUNIT_EXPECT_EQ(test, e->page_type, (u32)PAGESNAP_PAGE_TYPE_BUDDY);
	KUNIT_EXPECT_TRUE(test, e->valid & PAGESNAP_VALID_BUDDY_ORDER);
	KUNIT_EXPECT_EQ(test, e->buddy_order, 4U);
	KUNIT_EXPECT_EQ(test, e->refcount, 0U);
	KUNIT_EXPECT_EQ(test, e->mapcount, 0U);
	KUNIT_EXPECT_FALSE(test, e->kpf & BIT_ULL(KPF_MMAP));

	/* a buddy order beyond the largest possible is not reported */
	set_page_private(p, PS_MAX_BUDDY_ORDER + 1);
	kt_snap(s, p);
	kt_encode(e, s, p);
	KUNIT_EXPECT_TRUE(test, e->snap_flags & PAGESNAP_SF_FREE);
	KUNIT_EXPECT_FALSE(test, e->valid & PAGESNAP_VALID_BUDDY_ORDER);
}

/* Another page of a free block: zero refcount, found by the live walk. */
static void kt_free_block_tail(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct page *p = &env->pages[3];
	struct pagesnap_snap *s = &env->snap;
	struct pagesnap_entry *e = &env->entry;

	env->buddy_answer = true;
	kt_snap(s, p);
	KUNIT_EXPECT_EQ(test, env->buddy_calls, 1U);
	KUNIT_EXPECT_EQ(test, s->flags,
			(unsigned int)(PS_SNAP_FAITHFUL | PS_SNAP_FREE));
	kt_encode(e, s, p);
	KUNIT_EXPECT_TRUE(test, e->snap_flags & PAGESNAP_SF_FREE);
	KUNIT_EXPECT_TRUE(test, e->kpf & BIT_ULL(KPF_BUDDY));
	KUNIT_EXPECT_EQ(test, e->page_type, (u32)PAGESNAP_PAGE_TYPE_NONE);
	KUNIT_EXPECT_FALSE(test, e->valid & PAGESNAP_VALID_BUDDY_ORDER);

	/* zero refcount but not in a free block: not free */
	env->buddy_answer = false;
	kt_snap(s, p);
	KUNIT_EXPECT_EQ(test, s->flags, (unsigned int)PS_SNAP_FAITHFUL);

	/* a page with a reference is never looked up in the free lists */
	env->buddy_answer = true;
	env->buddy_calls = 0;
	atomic_set(&p->_refcount, 1);
	kt_snap(s, p);
	KUNIT_EXPECT_EQ(test, env->buddy_calls, 0U);
	KUNIT_EXPECT_EQ(test, s->flags, (unsigned int)PS_SNAP_FAITHFUL);
}

/*
 * pagesnap_free_span(): how far the free block whose head the cursor
 * remembers reaches, judged from that head alone, and only while the head
 * is still a free block of an order that fits its alignment.
 * pagesnap_free_pages(): the same, finding (and remembering) the head the
 * way is_free_buddy_page() finds it when the cursor has none.
 */
static void kt_free_span(struct kunit *test)
{
	struct kt_env *env = test->priv;
	unsigned long base = env->base_pfn;
	struct page *pg = env->pages;
	struct pagesnap_cursor c;

	pagesnap_cursor_reset(&c);
	c.buddy_pfn = base;
	kt_set_type(&pg[0], PGTY_buddy);
	set_page_private(&pg[0], 3);
	KUNIT_EXPECT_EQ(test, pagesnap_free_span(&c, &pg[0], base), 0UL);
	KUNIT_EXPECT_EQ(test, pagesnap_free_span(&c, &pg[1], base + 1), 7UL);
	KUNIT_EXPECT_EQ(test, pagesnap_free_span(&c, &pg[7], base + 7), 1UL);
	KUNIT_EXPECT_EQ(test, pagesnap_free_span(&c, &pg[8], base + 8), 0UL);
	/* the free test takes the head's word for it */
	KUNIT_EXPECT_EQ(test, pagesnap_free_pages(&c, &pg[5], base + 5), 3UL);
	/* past the block no aligned head is free with a large enough order */
	KUNIT_EXPECT_EQ(test, pagesnap_free_pages(&c, &pg[9], base + 9), 0UL);
	KUNIT_EXPECT_EQ(test, c.buddy_pfn, base);
	/* a walk that starts inside the block finds its head, and keeps it */
	c.buddy_pfn = ULONG_MAX;
	KUNIT_EXPECT_EQ(test, pagesnap_free_pages(&c, &pg[5], base + 5), 3UL);
	KUNIT_EXPECT_EQ(test, c.buddy_pfn, base);
	/* ... also a smaller block inside a larger aligned range */
	kt_set_type(&pg[12], PGTY_buddy);
	set_page_private(&pg[12], 2);
	KUNIT_EXPECT_EQ(test, pagesnap_free_pages(&c, &pg[14], base + 14), 2UL);
	KUNIT_EXPECT_EQ(test, c.buddy_pfn, base + 12);
	kt_page_init(&pg[12]);
	c.buddy_pfn = base;
	/* the allocator's own walk is never asked */
	KUNIT_EXPECT_EQ(test, env->buddy_calls, 0U);

	/* merged into a larger block: the head's order says so */
	set_page_private(&pg[0], 4);
	KUNIT_EXPECT_EQ(test, pagesnap_free_span(&c, &pg[9], base + 9), 7UL);
	/* an order beyond the largest is not trusted */
	set_page_private(&pg[0], PS_MAX_BUDDY_ORDER + 1);
	KUNIT_EXPECT_EQ(test, pagesnap_free_span(&c, &pg[1], base + 1), 0UL);
	/* allocated since: no longer PageBuddy */
	kt_page_init(&pg[0]);
	set_page_private(&pg[0], 3);
	KUNIT_EXPECT_EQ(test, pagesnap_free_span(&c, &pg[1], base + 1), 0UL);

	/* a head whose order does not fit its pfn's alignment */
	kt_set_type(&pg[2], PGTY_buddy);
	set_page_private(&pg[2], 2);
	c.buddy_pfn = base + 2;
	KUNIT_EXPECT_EQ(test, pagesnap_free_span(&c, &pg[3], base + 3), 0UL);
	set_page_private(&pg[2], 1);
	KUNIT_EXPECT_EQ(test, pagesnap_free_span(&c, &pg[3], base + 3), 1UL);

	/* no head remembered */
	c.buddy_pfn = ULONG_MAX;
	KUNIT_EXPECT_EQ(test, pagesnap_free_span(&c, &pg[3], base + 3), 0UL);
}

/*
 * Pages with a zero refcount in no free block (a per-cpu list's): the
 * next pfn takes the answer of the one before, as of the moment its
 * heads were read, until a pfn is skipped; the walk forgets it at each
 * RCU section.
 */
static void kt_free_pages_none(struct kunit *test)
{
	struct kt_env *env = test->priv;
	unsigned long base = env->base_pfn;
	struct page *pg = env->pages;
	struct pagesnap_cursor c;
	struct pagesnap_walk *w;

	pagesnap_cursor_reset(&c);
	KUNIT_EXPECT_EQ(test, pagesnap_free_pages(&c, &pg[1], base + 1), 0UL);
	KUNIT_EXPECT_EQ(test, c.nofree_next, base + 2);
	/* freed and merged since base + 1 was looked at */
	kt_set_type(&pg[0], PGTY_buddy);
	set_page_private(&pg[0], 3);
	KUNIT_EXPECT_EQ(test, pagesnap_free_pages(&c, &pg[2], base + 2), 0UL);
	KUNIT_EXPECT_EQ(test, c.nofree_next, base + 3);
	KUNIT_EXPECT_EQ(test, pagesnap_free_pages(&c, &pg[3], base + 3), 0UL);
	KUNIT_EXPECT_EQ(test, c.nofree_next, base + 4);
	/* a pfn skipped: looked for again, and nothing passed on */
	KUNIT_EXPECT_EQ(test, pagesnap_free_pages(&c, &pg[5], base + 5), 3UL);
	KUNIT_EXPECT_EQ(test, c.buddy_pfn, base);
	KUNIT_EXPECT_EQ(test, c.nofree_next, ULONG_MAX);

	/* the walk's cursor starts without one, and loses it per section */
	w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	pagesnap_walk_init(w, 0, false);
	KUNIT_EXPECT_EQ(test, w->cur.nofree_next, ULONG_MAX);
	w->cur.nofree_next = base + 6;
	pagesnap_walk_section(w);
	KUNIT_EXPECT_EQ(test, w->cur.nofree_next, ULONG_MAX);
}

/* PG_idle: a small page, and a tail page of an idle folio. */
#if PS_HAVE_IDLE
static void kt_idle(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct folio *folio;
	struct pagesnap_snap *s = &env->snap;
	struct pagesnap_entry *e = &env->entry;

	env->pages[2].flags |= BIT(PG_idle);
	atomic_set(&env->pages[2]._refcount, 1);
	kt_snap(s, &env->pages[2]);
	KUNIT_EXPECT_TRUE(test, s->flags & PS_SNAP_IDLE);
	kt_encode(e, s, &env->pages[2]);
	KUNIT_EXPECT_TRUE(test, e->snap_flags & PAGESNAP_SF_IDLE);
	KUNIT_EXPECT_TRUE(test, e->kpf & BIT_ULL(KPF_IDLE));
	KUNIT_EXPECT_TRUE(test, e->valid & PAGESNAP_VALID_IDLE);

	folio = kt_thp(env);
	kt_snap(s, &env->pages[9]);
	KUNIT_EXPECT_FALSE(test, s->flags & PS_SNAP_IDLE);
	folio->flags |= BIT(PG_idle);
	kt_snap(s, &env->pages[9]);
	KUNIT_EXPECT_TRUE(test, s->flags & PS_SNAP_IDLE);
	kt_encode(e, s, &env->pages[9]);
	KUNIT_EXPECT_TRUE(test, e->kpf & BIT_ULL(KPF_IDLE));
}
#else
static void kt_idle(struct kunit *test)
{
	kunit_skip(test, "no PG_idle in this kernel");
}
#endif

/* A hugetlb folio: typed head, KPF_HUGE rather than THP. */
static void kt_hugetlb(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct folio *folio;
	struct pagesnap_snap *s = &env->snap;
	struct pagesnap_entry *e = &env->entry;

	folio = kt_make_folio(&env->pages[8], 3, 0);
	kt_set_type(&folio->page, PGTY_hugetlb);
	atomic_set(&folio->_refcount, 1);
	kt_snap(s, &env->pages[12]);
	KUNIT_EXPECT_EQ(test, s->idx, 4UL);
	kt_encode(e, s, &env->pages[12]);
	KUNIT_EXPECT_EQ(test, e->page_type, (u32)PAGESNAP_PAGE_TYPE_HUGETLB);
	KUNIT_EXPECT_TRUE(test, e->kpf & BIT_ULL(KPF_HUGE));
	KUNIT_EXPECT_FALSE(test, e->kpf & BIT_ULL(KPF_THP));
	KUNIT_EXPECT_TRUE(test, e->kpf & BIT_ULL(KPF_COMPOUND_TAIL));
	KUNIT_EXPECT_EQ(test, e->order, 3U);
}

/* Slab and page-table pages: typed, and ->mapping is not an owner. */
static void kt_page_types(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct page *p = &env->pages[1];
	struct pagesnap_snap *s = &env->snap;
	struct pagesnap_entry *e = &env->entry;

	kt_set_type(p, PGTY_slab);
	atomic_set(&p->_refcount, 1);
	p->mapping = (void *)KT_ANON_VMA;	/* slab reuses the word */
	kt_snap(s, p);
	kt_encode(e, s, p);
	KUNIT_EXPECT_EQ(test, e->page_type, (u32)PAGESNAP_PAGE_TYPE_SLAB);
	KUNIT_EXPECT_TRUE(test, e->kpf & BIT_ULL(KPF_SLAB));
	KUNIT_EXPECT_FALSE(test, e->valid & PAGESNAP_VALID_MAPPING_KIND);
	KUNIT_EXPECT_EQ(test, e->owner_hash, 0ULL);
	KUNIT_EXPECT_EQ(test, e->mapcount, 0U);
	kt_expect_no_address(test, e, KT_ANON_VMA);

	kt_set_type(p, PGTY_table);
	kt_snap(s, p);
	kt_encode(e, s, p);
	KUNIT_EXPECT_EQ(test, e->page_type, (u32)PAGESNAP_PAGE_TYPE_TABLE);
	KUNIT_EXPECT_TRUE(test, e->kpf & BIT_ULL(KPF_PGTABLE));
	KUNIT_EXPECT_FALSE(test, e->kpf & BIT_ULL(KPF_SLAB));
	KUNIT_EXPECT_FALSE(test, e->valid & PAGESNAP_VALID_MAPPING_KIND);

	kt_set_type(p, PGTY_offline);
	p->mapping = NULL;
	kt_snap(s, p);
	kt_encode(e, s, p);
	KUNIT_EXPECT_EQ(test, e->page_type, (u32)PAGESNAP_PAGE_TYPE_OFFLINE);
	KUNIT_EXPECT_TRUE(test, e->kpf & BIT_ULL(KPF_OFFLINE));
}

/* Large folio counters: pins, and a folio mapped only by PTEs. */
static void kt_large_counts(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct folio *folio = kt_thp(env);
	struct pagesnap_snap *s = &env->snap;
	struct pagesnap_entry *e = &env->entry;

	atomic_set(&folio->_entire_mapcount, -1);	/* no PMD mapping */
	atomic_set(&folio->_large_mapcount, 1);		/* 2 PTE mappings */
	atomic_set(&folio->_pincount, 2);
	kt_snap(s, &env->pages[13]);
	kt_encode(e, s, &env->pages[13]);
	KUNIT_EXPECT_EQ(test, e->mapcount, 2U);
	KUNIT_EXPECT_EQ(test, e->entire_mapcount, 0U);
	KUNIT_EXPECT_EQ(test, e->folio_mapcount, 2U);
	KUNIT_EXPECT_EQ(test, e->pincount, 2U);
	KUNIT_EXPECT_TRUE(test, e->snap_flags & PAGESNAP_SF_DMA_PINNED);

	/* a page of the folio that is not mapped itself */
	kt_snap(s, &env->pages[14]);
	kt_encode(e, s, &env->pages[14]);
	KUNIT_EXPECT_EQ(test, e->mapcount, 0U);
	KUNIT_EXPECT_TRUE(test, e->kpf & BIT_ULL(KPF_MMAP));

	/* an order-1 folio: __page_2 is not the folio's and is not copied */
	kt_page_init(&env->pages[2]);
	env->pages[2].private = 0x77;
	kt_make_folio(&env->pages[0], 1, BIT(PG_large_rmappable));
	kt_snap(s, &env->pages[1]);
	KUNIT_EXPECT_EQ(test, s->idx, 1UL);
	KUNIT_EXPECT_TRUE(test, s->flags & PS_SNAP_FAITHFUL);
	KUNIT_EXPECT_EQ(test, s->folio_pages[2].private, 0UL);
}

/* A page-cache page: file identity read through the copied ->mapping. */
static void kt_file_page(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct address_space *as, *other;
	struct super_block *sb;
	struct inode *inode;
	struct page *p = &env->pages[6];
	struct pagesnap_snap *s = &env->snap;
	struct pagesnap_entry *e = &env->entry;

	as = kunit_kzalloc(test, sizeof(*as), GFP_KERNEL);
	inode = kunit_kzalloc(test, sizeof(*inode), GFP_KERNEL);
	sb = kunit_kzalloc(test, sizeof(*sb), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, as && inode && sb);
	sb->s_dev = MKDEV(8, 3);
	inode->i_sb = sb;
	inode->i_ino = 4711;
	inode->i_mapping = as;
	as->host = inode;

	p->mapping = as;
	p->index = 99;
	p->flags |= BIT(PG_uptodate) | BIT(PG_lru);
	atomic_set(&p->_refcount, 2);
	kt_snap(s, p);
	kt_encode(e, s, p);
	KUNIT_EXPECT_EQ(test, e->mapping_kind, (u32)PAGESNAP_MAPPING_FILE);
	KUNIT_EXPECT_TRUE(test, e->valid & PAGESNAP_VALID_FILE);
	KUNIT_EXPECT_EQ(test, e->file_ino, 4711ULL);
	KUNIT_EXPECT_EQ(test, e->file_dev_major, 8U);
	KUNIT_EXPECT_EQ(test, e->file_dev_minor, 3U);
	KUNIT_EXPECT_EQ(test, e->file_index, 99ULL);
	KUNIT_EXPECT_FALSE(test, e->kpf & BIT_ULL(KPF_ANON));
	kt_expect_no_address(test, e, (unsigned long)as);

	/* a freed page-cache page (refcount 0) is not followed */
	atomic_set(&p->_refcount, 0);
	kt_snap(s, p);
	kt_encode(e, s, p);
	KUNIT_EXPECT_FALSE(test, e->valid & PAGESNAP_VALID_FILE);

	/* a word that only looks like a mapping: no identity, no oops */
	atomic_set(&p->_refcount, 1);
	p->mapping = (void *)0x1000;
	kt_snap(s, p);
	kt_encode(e, s, p);
	KUNIT_EXPECT_EQ(test, e->mapping_kind, (u32)PAGESNAP_MAPPING_FILE);
	KUNIT_EXPECT_FALSE(test, e->valid & PAGESNAP_VALID_FILE);
	kt_expect_no_address(test, e, 0x1000);

	/*
	 * A readable object that is no address_space, though its word at
	 * ->host points to a real inode (a torn copy of a slab page being
	 * freed): the inode does not name it back, so no identity.
	 */
	other = kunit_kzalloc(test, sizeof(*other), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, other);
	other->host = inode;
	p->mapping = other;
	kt_snap(s, p);
	kt_encode(e, s, p);
	KUNIT_EXPECT_EQ(test, e->mapping_kind, (u32)PAGESNAP_MAPPING_FILE);
	KUNIT_EXPECT_FALSE(test, e->valid & PAGESNAP_VALID_FILE);
	KUNIT_EXPECT_EQ(test, e->file_ino, 0ULL);
	kt_expect_no_address(test, e, (unsigned long)other);
}

/* Holes: only pfn, HOLE and NOPAGE. */
static void kt_hole(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct pagesnap_entry *e = &env->entry;

	memset(e, 0xa5, sizeof(*e));
	pagesnap_encode_hole(e, 0x4242);
	KUNIT_EXPECT_EQ(test, e->pfn, 0x4242ULL);
	KUNIT_EXPECT_EQ(test, e->nr_pages, 1ULL);
	KUNIT_EXPECT_EQ(test, e->snap_flags, (u64)PAGESNAP_SF_HOLE);
	KUNIT_EXPECT_EQ(test, e->kpf, BIT_ULL(KPF_NOPAGE));
	KUNIT_EXPECT_EQ(test, e->valid, (u64)PAGESNAP_VALID_KPF);
	KUNIT_EXPECT_EQ(test, e->refcount, 0U);
	KUNIT_EXPECT_EQ(test, e->owner_hash, 0ULL);
}

/* The module parameter's parser. */
static void kt_backend_choice(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, pagesnap_backend_init("port"), 0);
	KUNIT_EXPECT_EQ(test, pagesnap_backend_id(), (u32)PAGESNAP_BACKEND_PORT);
	KUNIT_EXPECT_STREQ(test, pagesnap_backend_name(), "port");
	KUNIT_EXPECT_EQ(test, pagesnap_backend_init("bogus"), -EINVAL);
	KUNIT_EXPECT_EQ(test, pagesnap_backend_init("native"),
			PS_HAVE_NATIVE ? 0 : -EINVAL);
	KUNIT_EXPECT_EQ(test, pagesnap_backend_init(NULL), 0);
	KUNIT_EXPECT_EQ(test, pagesnap_backend_id(),
			PS_HAVE_NATIVE ? (u32)PAGESNAP_BACKEND_NATIVE :
					 (u32)PAGESNAP_BACKEND_PORT);
}

/*
 * A large folio half way through free_pages_prepare(): the order byte and
 * PG_large_rmappable of page[1] are cleared, _folio_nr_pages, the tails'
 * compound_head, PG_head and the anon mapping are not yet.  A tail must
 * not be described as part of that folio: the port retries and falls back
 * to the page alone; the native adapter must give the same answer even
 * though 6.12's snapshot_page() trusts the stale _folio_nr_pages.
 */
static void kt_freeing_folio(struct kt_env *env)
{
	struct folio *folio = kt_thp(env);

	folio->_flags_1 &= ~(0xffUL | BIT(PG_large_rmappable));
	/* the head still has its reference: no free-list walk on it */
	atomic_set(&folio->_refcount, 1);
}

static void kt_expect_page_alone(struct kunit *test, struct pagesnap_snap *s,
				 const struct page *page, unsigned long pfn)
{
	struct pagesnap_entry *e = &kt_env->entry;

	KUNIT_EXPECT_FALSE(test, s->flags & PS_SNAP_FAITHFUL);
	KUNIT_EXPECT_EQ(test, s->idx, 0UL);
	kt_encode(e, s, page);
	KUNIT_EXPECT_EQ(test, e->head_pfn, (u64)pfn);
	KUNIT_EXPECT_EQ(test, e->index, 0U);
	KUNIT_EXPECT_EQ(test, e->order, 0U);
	KUNIT_EXPECT_FALSE(test, e->kpf & (BIT_ULL(KPF_COMPOUND_HEAD) |
					   BIT_ULL(KPF_COMPOUND_TAIL) |
					   BIT_ULL(KPF_THP)));
}

static void kt_port_freeing_folio(struct kunit *test)
{
	struct kt_env *env = test->priv;

	kt_freeing_folio(env);
	kt_snap(&env->snap, &env->pages[13]);
	KUNIT_EXPECT_EQ(test, env->online_calls, PS_SNAP_RETRIES + 1U);
	kt_expect_page_alone(test, &env->snap, &env->pages[13],
			     env->base_pfn + 13);
}

/*
 * A torn copy of an order-2 folio whose order byte reads 65: 1UL << 65 is
 * undefined (x86 computes 2, UBSAN reports it), so the order is bounded
 * before the shift, and the head and its tail are described alone.
 */
static struct folio *kt_torn_order(struct kt_env *env)
{
	struct folio *folio;

	folio = kt_make_folio(&env->pages[0], 2, BIT(PG_large_rmappable));
	folio->_flags_1 = (folio->_flags_1 & ~0xffUL) | 65;
	atomic_set(&folio->_refcount, 1);
	return folio;
}

/*
 * An order-1 folio ending the buffer: its tail is faithful, and nothing
 * past the folio is read (KASAN reports a read of the struct page after
 * the buffer, which at the end of a memory section need not exist).
 */
static struct page *kt_order1_at_end(struct kt_env *env)
{
	struct page *head = &env->pages[KT_NR_PAGES - 2];

	kt_make_folio(head, 1, BIT(PG_large_rmappable));
	atomic_set(&head->_refcount, 1);
	return head;
}

static void kt_order1_folio_at_end(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct pagesnap_snap *s = &env->snap;
	struct page *head = kt_order1_at_end(env);

	kt_snap(s, head + 1);
	KUNIT_EXPECT_EQ(test, s->flags, (unsigned int)PS_SNAP_FAITHFUL);
	KUNIT_EXPECT_EQ(test, s->idx, 1UL);
	KUNIT_EXPECT_EQ(test, ps_folio_order(&s->folio), 1U);
}

/*
 * A stale tail that is free in the buddy allocator by its own page type:
 * the fallback describes it alone and keeps PS_SNAP_FREE.
 */
static void kt_stale_free_tail(struct kt_env *env)
{
	kt_stale_tail(env);
	atomic_set(&env->pages[0]._refcount, 1);
	kt_set_type(&env->pages[5], PGTY_buddy);
}

static void kt_fallback_keeps_free(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct pagesnap_snap *s = &env->snap;

	kt_stale_free_tail(env);
	kt_snap(s, &env->pages[5]);
	KUNIT_EXPECT_EQ(test, s->flags, (unsigned int)PS_SNAP_FREE);
	kt_expect_fallback(test, s, &env->pages[5], env->base_pfn + 5);
	KUNIT_EXPECT_TRUE(test, env->entry.kpf & BIT_ULL(KPF_BUDDY));
}

#ifdef PAGESNAP_HAVE_NATIVE
/*
 * The adapter over the kernel's snapshot_page(), on synthetic pages: the
 * kernel's page_to_pfn() of them is a meaningless number (only compared,
 * never used) and every page involved holds a reference, so the kernel
 * never walks free lists around them.
 */
static void kt_native_tail(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct pagesnap_snap *s = &env->snap;

	kt_thp(env);
	memset(s, 0x5a, sizeof(*s));
	pagesnap_native_snapshot(s, &env->pages[13]);
	KUNIT_EXPECT_EQ(test, s->flags, (unsigned int)PS_SNAP_FAITHFUL);
	KUNIT_EXPECT_EQ(test, s->idx, 5UL);
	KUNIT_EXPECT_EQ(test, ps_folio_order(&s->folio), 3U);
	KUNIT_EXPECT_MEMEQ(test, &s->page, &env->pages[13], sizeof(s->page));
	KUNIT_EXPECT_MEMEQ(test, s->folio_pages, &env->pages[8],
			   2 * sizeof(struct page));
}

static void kt_native_freeing_folio(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct pagesnap_snap *s = &env->snap;

	struct page_snapshot *raw;

	kt_freeing_folio(env);
	/*
	 * The kernel's snapshot_page() itself must see that the folio is
	 * going away (its order byte is 0) and not call the copy faithful:
	 * kernel/patches/0006 takes the size from the order byte, not from
	 * the stale _folio_nr_pages.
	 */
	raw = kunit_kzalloc(test, sizeof(*raw), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, raw);
	snapshot_page(raw, &env->pages[13]);
	KUNIT_EXPECT_FALSE(test, snapshot_page_is_faithful(raw));
	KUNIT_EXPECT_EQ(test, raw->idx, 0UL);

	memset(s, 0x5a, sizeof(*s));
	pagesnap_native_snapshot(s, &env->pages[13]);
	/* the kernel's own pfn of a synthetic page: use what it said */
	kt_expect_page_alone(test, s, &env->pages[13], s->pfn);
	KUNIT_EXPECT_FALSE(test, ps_page_is_tail(&s->page));
	KUNIT_EXPECT_MEMEQ(test, &s->folio.page, &s->page, sizeof(s->page));
}

/* kernel/patches/0005: an index equal to the folio's size is outside it */
static void kt_native_idx_equal_nr_pages(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct pagesnap_snap *s = &env->snap;

	kt_make_folio(&env->pages[0], 1, BIT(PG_large_rmappable));
	atomic_set(&env->pages[0]._refcount, 1);
	env->pages[2].compound_head = (unsigned long)&env->pages[0] + 1;
	memset(s, 0x5a, sizeof(*s));
	pagesnap_native_snapshot(s, &env->pages[2]);
	kt_expect_page_alone(test, s, &env->pages[2], s->pfn);
}

/* kernel/patches/0006: the kernel bounds the order byte as the port does */
static void kt_native_order_out_of_range(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct pagesnap_snap *s = &env->snap;

	kt_torn_order(env);
	memset(s, 0x5a, sizeof(*s));
	pagesnap_native_snapshot(s, &env->pages[0]);
	kt_expect_page_alone(test, s, &env->pages[0], s->pfn);
	KUNIT_EXPECT_FALSE(test, ps_folio_large(&s->folio));
	pagesnap_native_snapshot(s, &env->pages[1]);
	kt_expect_page_alone(test, s, &env->pages[1], s->pfn);
	KUNIT_EXPECT_FALSE(test, ps_page_is_tail(&s->page));
}

/* kernel/patches/0007: the kernel reads nothing past an order-1 folio */
static void kt_native_order1_folio_at_end(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct pagesnap_snap *s = &env->snap;
	struct page *head = kt_order1_at_end(env);

	memset(s, 0x5a, sizeof(*s));
	pagesnap_native_snapshot(s, head + 1);
	KUNIT_EXPECT_EQ(test, s->flags, (unsigned int)PS_SNAP_FAITHFUL);
	KUNIT_EXPECT_EQ(test, s->idx, 1UL);
	KUNIT_EXPECT_EQ(test, ps_folio_order(&s->folio), 1U);
}

/*
 * kernel/patches/0009: the kernel's fallback keeps BUDDY, so both
 * backends give the unfaithful free page the same flags.
 */
static void kt_native_fallback_keeps_free(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct pagesnap_snap *s = &env->snap;

	kt_stale_free_tail(env);
	memset(s, 0x5a, sizeof(*s));
	pagesnap_native_snapshot(s, &env->pages[5]);
	KUNIT_EXPECT_EQ(test, s->flags, (unsigned int)PS_SNAP_FREE);
	kt_expect_page_alone(test, s, &env->pages[5], s->pfn);
	KUNIT_EXPECT_TRUE(test, env->entry.kpf & BIT_ULL(KPF_BUDDY));
}
#else
static void kt_native_skip(struct kunit *test)
{
	kunit_skip(test, "this kernel does not export snapshot_page()");
}

#define kt_native_tail			kt_native_skip
#define kt_native_freeing_folio		kt_native_skip
#define kt_native_idx_equal_nr_pages	kt_native_skip
#define kt_native_order_out_of_range	kt_native_skip
#define kt_native_order1_folio_at_end	kt_native_skip
#define kt_native_fallback_keeps_free	kt_native_skip
#endif

/*
 * The huge zero folio, known by pfn only: a large folio that is not
 * rmappable, no mapping, nothing else to tell it by.  Every page of it
 * gets THP and ZERO_PAGE as /proc/kpageflags gives them, and
 * SF_HUGE_ZERO; the same folio elsewhere gets neither.
 */
static void kt_huge_zero(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct page *head = &env->pages[0];
	struct pagesnap_snap *s = &env->snap;
	struct pagesnap_entry *e = &env->entry;
	struct folio *folio;

	KUNIT_ASSERT_TRUE(test, PS_HAVE_HUGE_ZERO);
	folio = kt_make_folio(head, 4, 0);
	head->flags |= BIT(PG_uptodate);
	atomic_set(&folio->_refcount, 1);
	WRITE_ONCE(kt_huge_zero_pfn, env->base_pfn);

	kt_snap(s, head);
	kt_encode(e, s, head);
	KUNIT_EXPECT_TRUE(test, e->snap_flags & PAGESNAP_SF_FAITHFUL);
	KUNIT_EXPECT_EQ(test, e->kpf & ~BIT_ULL(KPF_UPTODATE),
			BIT_ULL(KPF_COMPOUND_HEAD) | PS_KPF_HUGE_ZERO);
	KUNIT_EXPECT_TRUE(test, e->valid & PAGESNAP_VALID_HUGE_ZERO);
	KUNIT_EXPECT_TRUE(test, e->snap_flags & PAGESNAP_SF_HUGE_ZERO);
	KUNIT_EXPECT_FALSE(test, e->snap_flags & PAGESNAP_SF_ZERO_PAGE);

	kt_snap(s, &env->pages[11]);
	kt_encode(e, s, &env->pages[11]);
	KUNIT_EXPECT_EQ(test, e->kpf & ~BIT_ULL(KPF_UPTODATE),
			BIT_ULL(KPF_COMPOUND_TAIL) | PS_KPF_HUGE_ZERO);
	KUNIT_EXPECT_TRUE(test, e->snap_flags & PAGESNAP_SF_HUGE_ZERO);
	KUNIT_EXPECT_EQ(test, e->head_pfn, (u64)env->base_pfn);

	/* the huge zero folio is another one: an ordinary compound page */
	WRITE_ONCE(kt_huge_zero_pfn, env->base_pfn + 512);
	kt_snap(s, &env->pages[11]);
	kt_encode(e, s, &env->pages[11]);
	KUNIT_EXPECT_EQ(test, e->kpf & ~BIT_ULL(KPF_UPTODATE),
			BIT_ULL(KPF_COMPOUND_TAIL));
	KUNIT_EXPECT_TRUE(test, e->valid & PAGESNAP_VALID_HUGE_ZERO);
	KUNIT_EXPECT_FALSE(test, e->snap_flags & PAGESNAP_SF_HUGE_ZERO);
}

/*
 * The owner key is picked by open(), not at module init, from a seeded
 * RNG, once per load.
 */
static void kt_owner_key(struct kunit *test)
{
	siphash_key_t key;

	KUNIT_ASSERT_EQ(test, pagesnap_owner_key_init(), 0);
	KUNIT_EXPECT_TRUE(test, rng_is_initialized());
	KUNIT_EXPECT_TRUE(test, READ_ONCE(ps_owner_key_ready));
	key = ps_owner_key;
	KUNIT_EXPECT_TRUE(test, key.key[0] || key.key[1]);
	KUNIT_ASSERT_EQ(test, pagesnap_owner_key_init(), 0);
	KUNIT_EXPECT_EQ(test, memcmp(&key, &ps_owner_key, sizeof(key)), 0);
}

/* ---- the walk engine, on the model's memmap ---------------------------- */

#define KT_WALK_MAX	32

/* A consumer that records what the engine hands it. */
struct kt_walk {
	struct pagesnap_walk w;
	unsigned int holes, pages, runs;
	unsigned long hole_pfns, run_pfns;
	unsigned long page_pfn[KT_WALK_MAX];
	unsigned long page_idx[KT_WALK_MAX];
	unsigned int page_flags[KT_WALK_MAX];
	unsigned long run_pfn[KT_WALK_MAX], run_n[KT_WALK_MAX];
	unsigned int folios;
	unsigned long folio_pfns;
	unsigned long folio_pfn[KT_WALK_MAX];
};

static struct kt_walk *to_kt_walk(struct pagesnap_walk *w)
{
	return container_of(w, struct kt_walk, w);
}

static unsigned long kt_rec_hole(struct pagesnap_walk *w, unsigned long pfn,
				 unsigned long n)
{
	struct kt_walk *k = to_kt_walk(w);

	k->holes++;
	k->hole_pfns += n;
	return n;
}

static bool kt_rec_page(struct pagesnap_walk *w, struct page *page)
{
	struct kt_walk *k = to_kt_walk(w);

	if (k->pages < KT_WALK_MAX) {
		k->page_pfn[k->pages] = w->snap.pfn;
		k->page_idx[k->pages] = w->snap.idx;
		k->page_flags[k->pages] = w->snap.flags;
	}
	k->pages++;
	if (k->pages == 1 && kt_env->walk_flip_head) {
		kt_env->walk_flip_head->flags ^= BIT(PG_referenced);
		kt_env->walk_flip_head = NULL;
	}
	return true;
}

static unsigned long kt_rec_run(struct pagesnap_walk *w, unsigned long pfn,
				unsigned long n)
{
	struct kt_walk *k = to_kt_walk(w);

	if (k->runs < KT_WALK_MAX) {
		k->run_pfn[k->runs] = pfn;
		k->run_n[k->runs] = n;
	}
	k->runs++;
	k->run_pfns += n;
	return n;
}

static unsigned long kt_rec_folio(struct pagesnap_walk *w, unsigned long pfn,
				  unsigned long n)
{
	struct kt_walk *k = to_kt_walk(w);

	if (k->folios < KT_WALK_MAX)
		k->folio_pfn[k->folios] = pfn;
	k->folios++;
	k->folio_pfns += n;
	return n;
}

static const struct pagesnap_walk_ops kt_walk_ops = {
	.hole	= kt_rec_hole,
	.page	= kt_rec_page,
	.run	= kt_rec_run,
	.folio	= kt_rec_folio,
};

/* Walk the model's pages [@first, @first + @n) with @policy. */
static struct kt_walk *kt_walk(struct kunit *test, unsigned int first,
			       unsigned int n, unsigned int policy,
			       bool resnap)
{
	struct kt_env *env = test->priv;
	unsigned long pfn = env->base_pfn + first;
	struct kt_walk *k;
	int ret;

	/* the port: the native backend reads synthetic pages' pfns itself */
	KUNIT_ASSERT_EQ(test, pagesnap_backend_init("port"), 0);
	k = kunit_kzalloc(test, sizeof(*k), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, k);
	pagesnap_walk_init(&k->w, policy, false);
	k->w.resnap = resnap;
	k->w.room = U64_MAX;
	ret = pagesnap_walk(&k->w, &kt_walk_ops, &pfn, pfn + n);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, pfn, env->base_pfn + first + n);
	/* every pfn is accounted for exactly once */
	KUNIT_EXPECT_EQ(test, k->hole_pfns + k->run_pfns + k->pages +
			k->folio_pfns, (unsigned long)n);
	return k;
}

/* Allocated small pages (refcount 1), all alike but for @odd. */
static void kt_alike(struct kt_env *env, unsigned int odd)
{
	unsigned int i;

	for (i = 0; i < KT_NR_PAGES; i++) {
		env->pages[i].flags |= BIT(PG_uptodate) | BIT(PG_lru);
		atomic_set(&env->pages[i]._refcount, 1);
	}
	if (odd < KT_NR_PAGES)
		env->pages[odd].flags |= BIT(PG_dirty);
}

/*
 * The small-page path: one cheap snapshot starts a run, and the pages
 * like it are handed over as run pages without a snapshot; a page that
 * differs ends the run and starts another.
 */
static void kt_walk_small_runs(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct kt_walk *k;

	kt_alike(env, 5);
	k = kt_walk(test, 0, KT_NR_PAGES, 0, false);
	KUNIT_EXPECT_EQ(test, k->pages, 3U);
	KUNIT_EXPECT_EQ(test, k->page_pfn[0], env->base_pfn);
	KUNIT_EXPECT_EQ(test, k->page_pfn[1], env->base_pfn + 5);
	KUNIT_EXPECT_EQ(test, k->page_pfn[2], env->base_pfn + 6);
	KUNIT_EXPECT_EQ(test, k->page_flags[0], (unsigned int)PS_SNAP_FAITHFUL);
	KUNIT_EXPECT_EQ(test, k->run_pfns, 13UL);
	KUNIT_EXPECT_EQ(test, k->run_pfn[0], env->base_pfn + 1);
	/* one lookup for the whole subsection, no free-list walk */
	KUNIT_EXPECT_EQ(test, env->online_calls, 1U);
	KUNIT_EXPECT_EQ(test, env->buddy_calls, 0U);
}

/*
 * A run of small pages is cut before the zero page, never across it: the
 * model's memmap is put around the zero pfn, its pages alike.
 */
static void kt_walk_before_zero(struct kunit *test)
{
	struct kt_env *env = test->priv;
	unsigned long z = my_zero_pfn(0);
	struct kt_walk *k;
	unsigned int i;
	bool seen = false;

	KUNIT_EXPECT_EQ(test, pagesnap_before_zero(z - 5, z + 5), z);
	KUNIT_EXPECT_EQ(test, pagesnap_before_zero(z - 5, z + 1), z);
	KUNIT_EXPECT_EQ(test, pagesnap_before_zero(z - 5, z), z);
	KUNIT_EXPECT_EQ(test, pagesnap_before_zero(z - 5, z - 1), z - 1);

	env->base_pfn = z - KT_NR_PAGES / 2;
	kt_alike(env, KT_NR_PAGES);
	k = kt_walk(test, 0, KT_NR_PAGES, 0, false);
	for (i = 0; i < k->pages && i < KT_WALK_MAX; i++)
		seen |= k->page_pfn[i] == z;
	KUNIT_EXPECT_TRUE(test, seen);
	for (i = 0; i < k->runs && i < KT_WALK_MAX; i++)
		KUNIT_EXPECT_TRUE(test, k->run_pfn[i] > z ||
				  k->run_pfn[i] + k->run_n[i] <= z);
	/* the pages on both sides still make runs */
	KUNIT_EXPECT_GE(test, k->run_pfns, KT_NR_PAGES - 4UL);
}

/* The run key: a ->mapping, a memcg or another refcount per policy. */
static void kt_walk_run_key(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct kt_walk *k;
	unsigned int i;

	kt_alike(env, KT_NR_PAGES);
	for (i = 0; i < KT_NR_PAGES; i++)
		env->pages[i].mapping = (void *)(KT_ANON_VMA |
						 PAGE_MAPPING_ANON);
	k = kt_walk(test, 0, KT_NR_PAGES, 0, false);
	KUNIT_EXPECT_EQ(test, k->pages, (unsigned int)KT_NR_PAGES);
	KUNIT_EXPECT_EQ(test, k->runs, 0U);
	k = kt_walk(test, 0, KT_NR_PAGES, PS_RUN_MAPPING, false);
	KUNIT_EXPECT_EQ(test, k->pages, 1U);
	KUNIT_EXPECT_EQ(test, k->run_pfns, KT_NR_PAGES - 1UL);
	/* PS_RUN_OWNER: an anon mapping runs, a file's (index per page) not */
	k = kt_walk(test, 0, KT_NR_PAGES, PS_RUN_OWNER, false);
	KUNIT_EXPECT_EQ(test, k->pages, 1U);
	KUNIT_EXPECT_EQ(test, k->run_pfns, KT_NR_PAGES - 1UL);
	for (i = 0; i < KT_NR_PAGES; i++)
		env->pages[i].mapping = (void *)KT_ANON_VMA;
	k = kt_walk(test, 0, KT_NR_PAGES, PS_RUN_OWNER, false);
	KUNIT_EXPECT_EQ(test, k->pages, (unsigned int)KT_NR_PAGES);
	for (i = 0; i < KT_NR_PAGES; i++)
		env->pages[i].mapping = (void *)(KT_ANON_VMA |
						 PAGE_MAPPING_ANON);

	atomic_set(&env->pages[7]._refcount, 2);
	k = kt_walk(test, 0, KT_NR_PAGES, PS_RUN_MAPPING, false);
	KUNIT_EXPECT_EQ(test, k->pages, 3U);
	k = kt_walk(test, 0, KT_NR_PAGES, PS_RUN_MAPPING | PS_RUN_REFZERO,
		    false);
	KUNIT_EXPECT_EQ(test, k->pages, 1U);

	env->pages[9].memcg_data = 0x1000;
	k = kt_walk(test, 0, KT_NR_PAGES, PS_RUN_MAPPING | PS_RUN_REFZERO,
		    false);
	KUNIT_EXPECT_EQ(test, k->pages, 3U);
	k = kt_walk(test, 0, KT_NR_PAGES, PS_RUN_MAPPING | PS_RUN_REFZERO |
		    PS_RUN_ANY_MEMCG, false);
	KUNIT_EXPECT_EQ(test, k->pages, 1U);

	/* pages of one memcg make a run of their own (in one RCU section) */
	for (i = 0; i < KT_NR_PAGES; i++)
		env->pages[i].memcg_data = 0x1000;
	k = kt_walk(test, 0, KT_NR_PAGES, PS_RUN_MAPPING | PS_RUN_REFZERO,
		    false);
	KUNIT_EXPECT_EQ(test, k->pages, 1U);
}

/*
 * A free block: its head is snapshotted (a head never starts a run), the
 * next page is found free through the head, and the rest of the block
 * joins its run at once, on the head's word alone.
 */
static void kt_walk_free_block(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct kt_walk *k;

	kt_set_type(&env->pages[0], PGTY_buddy);
	set_page_private(&env->pages[0], 3);
	k = kt_walk(test, 0, 8, 0, false);
	KUNIT_EXPECT_EQ(test, k->pages, 2U);
	KUNIT_EXPECT_TRUE(test, k->page_flags[0] & PS_SNAP_FREE);
	KUNIT_EXPECT_TRUE(test, k->page_flags[1] & PS_SNAP_FREE);
	KUNIT_EXPECT_EQ(test, k->runs, 1U);
	KUNIT_EXPECT_EQ(test, k->run_pfn[0], env->base_pfn + 2);
	KUNIT_EXPECT_EQ(test, k->run_n[0], 6UL);
	KUNIT_EXPECT_EQ(test, env->buddy_calls, 0U);
}

/* A pfn without an online page: its whole subsection, in one answer. */
static void kt_walk_hole(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct kt_walk *k;

	env->offline_pfn = env->base_pfn;
	k = kt_walk(test, 0, KT_NR_PAGES, 0, false);
	KUNIT_EXPECT_EQ(test, k->holes, 1U);
	KUNIT_EXPECT_EQ(test, k->hole_pfns, (unsigned long)KT_NR_PAGES);
	KUNIT_EXPECT_EQ(test, k->pages, 0U);
}

/*
 * The one-pfn look: a small page is snapshotted as the walk would, a
 * hole has no page, and a compound page, or any page under a backend
 * with its own snapshot, is left to the walk.
 */
static void kt_walk_one(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct pagesnap_snap *s = &env->snap;
	struct page *page;

	KUNIT_ASSERT_EQ(test, pagesnap_backend_init("port"), 0);
	kt_alike(env, KT_NR_PAGES);
	kt_thp(env);
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, pagesnap_walk_one(s, env->base_pfn + 1, &page),
			0);
	KUNIT_EXPECT_PTR_EQ(test, page, &env->pages[1]);
	KUNIT_EXPECT_EQ(test, s->pfn, env->base_pfn + 1);
	KUNIT_EXPECT_EQ(test, s->flags, (unsigned int)PS_SNAP_FAITHFUL);
	KUNIT_EXPECT_MEMEQ(test, &s->page, &env->pages[1], sizeof(s->page));
	/* the THP's head and a tail */
	KUNIT_EXPECT_EQ(test, pagesnap_walk_one(s, env->base_pfn + 8, &page),
			-EAGAIN);
	KUNIT_EXPECT_EQ(test, pagesnap_walk_one(s, env->base_pfn + 9, &page),
			-EAGAIN);
	env->offline_pfn = env->base_pfn;
	KUNIT_EXPECT_EQ(test, pagesnap_walk_one(s, env->base_pfn, &page), 0);
	KUNIT_EXPECT_NULL(test, page);
	rcu_read_unlock();
	if (PS_HAVE_NATIVE) {
		env->offline_pfn = ULONG_MAX;
		KUNIT_ASSERT_EQ(test, pagesnap_backend_init("native"), 0);
		rcu_read_lock();
		KUNIT_EXPECT_EQ(test,
				pagesnap_walk_one(s, env->base_pfn + 1, &page),
				-EAGAIN);
		rcu_read_unlock();
		KUNIT_EXPECT_EQ(test, pagesnap_backend_init("port"), 0);
	}
}

/* Every column of the COLUMNS table sits at its bit's index. */
static void kt_columns_table(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, pagesnap_columns_table_ok());
}

/*
 * A large folio is snapshotted once: its tails take the head's folio
 * copy (no lookup of the head per tail), each with its own index.  A
 * change of the head's flags word makes the next tail snapshot again.
 */
static void kt_walk_folio_once(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct kt_walk *k;
	unsigned int i;

	kt_thp(env);
	k = kt_walk(test, 8, 8, 0, false);
	KUNIT_EXPECT_EQ(test, k->pages, 8U);
	KUNIT_EXPECT_EQ(test, k->runs, 0U);
	for (i = 0; i < 8; i++) {
		KUNIT_EXPECT_EQ(test, k->page_pfn[i], env->base_pfn + 8 + i);
		KUNIT_EXPECT_EQ(test, k->page_idx[i], (unsigned long)i);
		KUNIT_EXPECT_TRUE(test, k->page_flags[i] & PS_SNAP_FAITHFUL);
	}
	/* the cursor's one lookup: no tail looked its head up */
	KUNIT_EXPECT_EQ(test, env->online_calls, 1U);
}

/*
 * PS_RUN_TAILS: a tail's snapshot starts a tail run, and the later tails
 * with the same words join it without a snapshot.  The first tail's
 * flags word is the folio's _flags_1, which no entry reads of a tail
 * (PS_TAIL_OWN_FLAGS), so the run starts there; a tail with its own
 * mapcount (head[5]) is snapshotted and starts another.  A change of the
 * head's flags word ends the run: the next tail is snapshotted again.
 */
static void kt_walk_tail_runs(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct kt_walk *k;

	kt_thp(env);
	k = kt_walk(test, 8, 8, PS_RUN_TAILS, false);
	KUNIT_EXPECT_EQ(test, k->pages, 4U);
	KUNIT_EXPECT_EQ(test, k->page_pfn[1], env->base_pfn + 9);
	KUNIT_EXPECT_EQ(test, k->page_pfn[2], env->base_pfn + 13);
	KUNIT_EXPECT_EQ(test, k->page_pfn[3], env->base_pfn + 14);
	KUNIT_EXPECT_EQ(test, k->runs, 2U);
	KUNIT_EXPECT_EQ(test, k->run_pfn[0], env->base_pfn + 10);
	KUNIT_EXPECT_EQ(test, k->run_n[0], 3UL);
	KUNIT_EXPECT_EQ(test, k->run_pfn[1], env->base_pfn + 15);
	KUNIT_EXPECT_EQ(test, k->run_n[1], 1UL);
	/* without the policy every tail is snapshotted */
	k = kt_walk(test, 8, 8, 0, false);
	KUNIT_EXPECT_EQ(test, k->pages, 8U);

	/*
	 * A tail run never reaches past its folio: an order-2 folio at 0
	 * (its tails 2 and 3 join 1's run), then a small page like its
	 * tails.
	 */
	kt_make_folio(&env->pages[0], 2, BIT(PG_large_rmappable));
	atomic_set(&env->pages[0]._refcount, 1);
	k = kt_walk(test, 0, 5, PS_RUN_TAILS, false);
	KUNIT_EXPECT_EQ(test, k->pages, 3U);
	KUNIT_EXPECT_EQ(test, k->run_pfn[0], env->base_pfn + 2);
	KUNIT_EXPECT_EQ(test, k->run_n[0], 2UL);
	KUNIT_EXPECT_EQ(test, k->page_pfn[2], env->base_pfn + 4);

	/* unchanged, 10 starts a run that takes 11 and 12 */
	k = kt_walk(test, 10, 3, PS_RUN_TAILS, false);
	KUNIT_EXPECT_EQ(test, k->pages, 1U);
	KUNIT_EXPECT_EQ(test, k->run_pfns, 2UL);
	/* the head's flags word changes after 10: 11 is snapshotted again */
	env->walk_flip_head = &env->pages[8];
	k = kt_walk(test, 10, 3, PS_RUN_TAILS, false);
	KUNIT_EXPECT_EQ(test, k->pages, 2U);
	KUNIT_EXPECT_EQ(test, k->page_pfn[1], env->base_pfn + 11);
	KUNIT_EXPECT_EQ(test, k->run_pfns, 1UL);
	KUNIT_EXPECT_NULL(test, env->walk_flip_head);
}

/*
 * What a tail run stamps on its pages is its first tail's entry: that
 * of the first tail, whose flags word is the folio's _flags_1, is the
 * second's but for the per-page fields, also with a per-page flag
 * (PG_anon_exclusive) that no entry reads set on one of them.  A tail
 * whose flags differ in what its entry reads (PG_hwpoison) does not
 * join the run.
 */
static void kt_walk_tail_own_flags(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct pagesnap_entry *e = &env->entry, *e2;
	struct pagesnap_snap *s = &env->snap;
	struct kt_walk *k;

	e2 = kunit_kzalloc(test, sizeof(*e2), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, e2);
	kt_thp(env);
	env->pages[10].flags |= BIT(PG_anon_exclusive);
	kt_snap(s, &env->pages[9]);
	kt_encode(e, s, &env->pages[9]);
	kt_snap(s, &env->pages[10]);
	kt_encode(e2, s, &env->pages[10]);
	KUNIT_EXPECT_EQ(test, e->index, 1U);
	KUNIT_EXPECT_EQ(test, e2->index, 2U);
	e2->pfn = e->pfn;
	e2->index = e->index;
	e2->file_index = e->file_index;
	KUNIT_EXPECT_MEMEQ(test, e, e2, sizeof(*e));
	KUNIT_EXPECT_EQ(test, env->pages[9].flags & PS_TAIL_OWN_FLAGS,
			env->pages[10].flags & PS_TAIL_OWN_FLAGS);

	k = kt_walk(test, 9, 4, PS_RUN_TAILS, false);
	KUNIT_EXPECT_EQ(test, k->pages, 1U);
	KUNIT_EXPECT_EQ(test, k->run_pfns, 3UL);
#ifdef CONFIG_MEMORY_FAILURE
	env->pages[11].flags |= BIT(PG_hwpoison);
	k = kt_walk(test, 9, 4, PS_RUN_TAILS, false);
	KUNIT_EXPECT_EQ(test, k->pages, 3U);
	KUNIT_EXPECT_EQ(test, k->page_pfn[1], env->base_pfn + 11);
	KUNIT_EXPECT_EQ(test, k->page_pfn[2], env->base_pfn + 12);
	KUNIT_EXPECT_EQ(test, k->run_pfns, 1UL);
#endif
}

/* Order-2 anon folios at pages 0, 4 and 8, alike but for their anon_vma. */
static void kt_folios(struct kt_env *env)
{
	unsigned int i;

	for (i = 0; i < 12; i += 4) {
		struct folio *f = kt_make_folio(&env->pages[i], 2,
						BIT(PG_large_rmappable));

		f->flags |= BIT(PG_uptodate) | BIT(PG_lru) |
			    BIT(PG_swapbacked);
		f->mapping = (void *)((KT_ANON_VMA + 64 * i) |
				      PAGE_MAPPING_ANON);
		atomic_set(&f->_refcount, 1);
	}
	atomic_set(&env->pages[12]._refcount, 1);
}

/*
 * PS_RUN_FOLIOS: after a folio's head and first tail, the next folio
 * with the same words is taken whole, without a snapshot; one whose
 * head, first tail or a tail differs in what its entries read is
 * snapshotted.  A folio first met at a tail is not repeated.
 */
static void kt_walk_folio_runs(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct kt_walk *k;

	kt_folios(env);
	k = kt_walk(test, 0, 13, PS_RUN_TAILS | PS_RUN_FOLIOS, false);
	KUNIT_EXPECT_EQ(test, k->pages, 3U);
	KUNIT_EXPECT_EQ(test, k->page_pfn[2], env->base_pfn + 12);
	KUNIT_EXPECT_EQ(test, k->run_pfns, 2UL);
	KUNIT_EXPECT_EQ(test, k->folios, 2U);
	KUNIT_EXPECT_EQ(test, k->folio_pfn[0], env->base_pfn + 4);
	KUNIT_EXPECT_EQ(test, k->folio_pfn[1], env->base_pfn + 8);
	k = kt_walk(test, 0, 13, PS_RUN_TAILS, false);
	KUNIT_EXPECT_EQ(test, k->pages, 7U);
	KUNIT_EXPECT_EQ(test, k->folios, 0U);

	/* met at its first tail: the folio after it is snapshotted */
	k = kt_walk(test, 1, 12, PS_RUN_TAILS | PS_RUN_FOLIOS, false);
	KUNIT_EXPECT_EQ(test, k->pages, 4U);
	KUNIT_EXPECT_EQ(test, k->page_pfn[1], env->base_pfn + 4);
	KUNIT_EXPECT_EQ(test, k->folios, 1U);
	KUNIT_EXPECT_EQ(test, k->folio_pfn[0], env->base_pfn + 8);

#ifdef CONFIG_MEMORY_FAILURE
	/* a tail of the second folio reads differently */
	env->pages[6].flags |= BIT(PG_hwpoison);
	k = kt_walk(test, 0, 12, PS_RUN_TAILS | PS_RUN_FOLIOS, false);
	KUNIT_EXPECT_EQ(test, k->page_pfn[2], env->base_pfn + 4);
	KUNIT_EXPECT_EQ(test, k->folios, 0U);
	env->pages[6].flags &= ~BIT(PG_hwpoison);
#endif

	/* the second folio is mapped: the third is like it, not the first */
	atomic_set(&((struct folio *)&env->pages[4])->_large_mapcount, 0);
	atomic_set(&((struct folio *)&env->pages[8])->_large_mapcount, 0);
	k = kt_walk(test, 0, 12, PS_RUN_TAILS | PS_RUN_FOLIOS, false);
	KUNIT_EXPECT_EQ(test, k->pages, 4U);
	KUNIT_EXPECT_EQ(test, k->page_pfn[2], env->base_pfn + 4);
	KUNIT_EXPECT_EQ(test, k->folios, 1U);
	KUNIT_EXPECT_EQ(test, k->folio_pfn[0], env->base_pfn + 8);

	/* the third folio's head flags, refcount, first tail's flags differ */
	env->pages[8].flags |= BIT(PG_referenced);
	k = kt_walk(test, 0, 12, PS_RUN_TAILS | PS_RUN_FOLIOS, false);
	KUNIT_EXPECT_EQ(test, k->folios, 0U);
	env->pages[8].flags &= ~BIT(PG_referenced);
	atomic_set(&env->pages[8]._refcount, 0);
	k = kt_walk(test, 0, 12, PS_RUN_TAILS | PS_RUN_FOLIOS, false);
	KUNIT_EXPECT_EQ(test, k->folios, 0U);
	atomic_set(&env->pages[8]._refcount, 1);
	env->pages[9].flags &= ~BIT(PG_large_rmappable);
	k = kt_walk(test, 0, 12, PS_RUN_TAILS | PS_RUN_FOLIOS, false);
	KUNIT_EXPECT_EQ(test, k->folios, 0U);
	KUNIT_EXPECT_EQ(test, k->pages, 6U);
}

/* One change to the second of kt_folios()'s folios, which makes it unlike. */
enum kt_unlike {
	KT_UNLIKE_NONE,
	KT_UNLIKE_FILE,		/* a file's ->mapping, not an anon_vma */
	KT_UNLIKE_NULL,		/* no ->mapping, the others a file's */
	KT_UNLIKE_TYPE,		/* a page type on the head */
	KT_UNLIKE_TAIL_MAP,	/* a mapped tail */
	KT_UNLIKE_TAIL_HEAD,	/* a tail naming another head */
	KT_UNLIKE_HEAD_TAIL,	/* the head is itself a tail */
	KT_UNLIKE_HUGE_ZERO,	/* in the huge zero folio */
	KT_UNLIKE_NR,
};

static void kt_unlike(struct kt_env *env, enum kt_unlike how)
{
	struct page *g = &env->pages[4];
	unsigned int i;

	switch (how) {
	case KT_UNLIKE_FILE:
		g->mapping = (void *)KT_ANON_VMA;
		break;
	case KT_UNLIKE_NULL:
		for (i = 0; i < 12; i += 4)
			env->pages[i].mapping = (void *)(KT_ANON_VMA + 64 * i);
		g->mapping = NULL;
		break;
	case KT_UNLIKE_TYPE:
		kt_set_type(g, PGTY_table);
		break;
	case KT_UNLIKE_TAIL_MAP:
		atomic_set(&g[2]._mapcount, 0);
		break;
	case KT_UNLIKE_TAIL_HEAD:
		g[2].compound_head = (unsigned long)&env->pages[0] + 1;
		break;
	case KT_UNLIKE_HEAD_TAIL:
		g->compound_head = (unsigned long)&env->pages[0] + 1;
		break;
	case KT_UNLIKE_HUGE_ZERO:
		/* its PMD's first pfn: the first folio is in it too */
		WRITE_ONCE(kt_huge_zero_pfn, env->base_pfn);
		break;
	default:
		break;
	}
}

/*
 * Each word a folio run compares makes the folio after the first
 * snapshotted when it differs; so does a walk that ends inside it.
 */
static void kt_walk_folio_unlike(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct kt_walk *k;
	int how;

	for (how = KT_UNLIKE_FILE; how < KT_UNLIKE_NR; how++) {
		kt_init(test);
		env = test->priv;
		kt_folios(env);
		kt_unlike(env, how);
		k = kt_walk(test, 0, 4 + 4, PS_RUN_TAILS | PS_RUN_FOLIOS,
			    false);
		KUNIT_EXPECT_EQ_MSG(test, k->folios, 0U, "change %d", how);
		KUNIT_EXPECT_EQ_MSG(test, k->page_pfn[2], env->base_pfn + 4,
				    "change %d", how);
		WRITE_ONCE(kt_huge_zero_pfn, ULONG_MAX);
	}
	kt_folios(env);
	k = kt_walk(test, 0, 6, PS_RUN_TAILS | PS_RUN_FOLIOS, false);
	KUNIT_EXPECT_EQ(test, k->folios, 0U);
	KUNIT_EXPECT_EQ(test, k->pages, 4U);
}

/*
 * STATS with folio runs counts exactly what it counts without them, on
 * folios that are alike and on folios that each differ in one word.
 */
static void kt_stats_folio_runs(struct kunit *test)
{
	struct pagesnap_stats_combo *c[2];
	struct pagesnap_stats_zone *z[2];
	struct pagesnap_stats *st[2];
	struct kt_env *env;
	int how, i;

	for (i = 0; i < 2; i++) {
		st[i] = kunit_kzalloc(test, sizeof(*st[i]), GFP_KERNEL);
		c[i] = kunit_kcalloc(test, 64, sizeof(*c[i]), GFP_KERNEL);
		z[i] = kunit_kcalloc(test, 4, sizeof(*z[i]), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, st[i]);
		KUNIT_ASSERT_NOT_NULL(test, c[i]);
		KUNIT_ASSERT_NOT_NULL(test, z[i]);
	}
	KUNIT_ASSERT_EQ(test, pagesnap_backend_init("port"), 0);
	for (how = KT_UNLIKE_NONE; how < KT_UNLIKE_NR; how++) {
		kt_init(test);
		env = test->priv;
		kt_folios(env);
		kt_unlike(env, how);
		for (i = 0; i < 2; i++) {
			memset(st[i], 0, sizeof(*st[i]));
			memset(c[i], 0, 64 * sizeof(*c[i]));
			memset(z[i], 0, 4 * sizeof(*z[i]));
			st[i]->start_pfn = env->base_pfn;
			st[i]->nr_pfns = 13;
			st[i]->kpf_mask = ~0ULL;
			st[i]->max_combos = 64;
			st[i]->max_zones = 4;
			KUNIT_ASSERT_EQ(test, pagesnap_stats_kunit(st[i], c[i],
								   z[i], i),
					0);
		}
		KUNIT_EXPECT_EQ_MSG(test, st[0]->faithful + st[0]->unfaithful,
				    13ULL, "change %d", how);
		KUNIT_EXPECT_MEMEQ_MSG(test, st[0], st[1], sizeof(*st[0]),
				       "change %d", how);
		KUNIT_EXPECT_MEMEQ_MSG(test, c[0], c[1], 64 * sizeof(*c[0]),
				       "change %d", how);
		KUNIT_EXPECT_MEMEQ_MSG(test, z[0], z[1], 4 * sizeof(*z[0]),
				       "change %d", how);
		WRITE_ONCE(kt_huge_zero_pfn, ULONG_MAX);
	}
}

/* An unfaithful backend snapshot: what the model's backend returns. */
static void kt_unfaithful_snapshot(struct pagesnap_snap *snap,
				   const struct page *page)
{
	memset(snap->folio_pages, 0, sizeof(snap->folio_pages));
	memcpy(&snap->page, page, sizeof(snap->page));
	memcpy(&snap->folio.page, page, sizeof(snap->page));
	snap->pfn = kt_page_to_pfn(page);
	snap->idx = 0;
	snap->flags = 0;
}

static const struct pagesnap_memmap_model kt_model_unfaithful = {
	.online_page	= kt_pfn_to_online_page,
	.pfn_of		= kt_page_to_pfn,
	.free_buddy	= kt_is_free_buddy_page,
	.huge_zero_pfn	= kt_huge_zero_pfn_get,
	.snapshot		= kt_unfaithful_snapshot,
};

/*
 * Under the native backend a small page the consumer keeps is
 * snapshotted again by the backend.  When that snapshot is unfaithful,
 * it must not seed a run: the run's pages would all be stamped with an
 * answer that is not faithful, without ever being snapshotted.
 */
static void kt_walk_resnap_unfaithful(struct kunit *test)
{
	struct kt_env *env = test->priv;
	struct kt_walk *k;
	unsigned int i;

	kt_alike(env, KT_NR_PAGES);
	pagesnap_memmap_model = &kt_model_unfaithful;
	k = kt_walk(test, 0, KT_NR_PAGES, 0, true);
	KUNIT_EXPECT_EQ(test, k->runs, 0U);
	KUNIT_EXPECT_EQ(test, k->pages, (unsigned int)KT_NR_PAGES);
	for (i = 0; i < KT_NR_PAGES; i++)
		KUNIT_EXPECT_FALSE(test, k->page_flags[i] & PS_SNAP_FAITHFUL);
	/* a faithful resnap seeds runs as the cheap snapshot does */
	pagesnap_memmap_model = &kt_model;
	k = kt_walk(test, 0, KT_NR_PAGES, 0, true);
	KUNIT_EXPECT_EQ(test, k->pages, 1U);
}

static struct kunit_case kt_cases[] = {
	KUNIT_CASE(kt_small_page),
	KUNIT_CASE(kt_head_page),
	KUNIT_CASE(kt_tail_with_index),
	KUNIT_CASE(kt_idx_out_of_range),
	KUNIT_CASE(kt_idx_equal_nr_pages),
	KUNIT_CASE(kt_order_out_of_range),
	KUNIT_CASE(kt_memo_reset_rcu),
	KUNIT_CASE(kt_retry_then_faithful),
	KUNIT_CASE(kt_head_offline),
	KUNIT_CASE(kt_wild_compound_head),
	KUNIT_CASE(kt_free_block_head),
	KUNIT_CASE(kt_free_block_tail),
	KUNIT_CASE(kt_free_span),
	KUNIT_CASE(kt_free_pages_none),
	KUNIT_CASE(kt_idle),
	KUNIT_CASE(kt_hugetlb),
	KUNIT_CASE(kt_page_types),
	KUNIT_CASE(kt_large_counts),
	KUNIT_CASE(kt_file_page),
	KUNIT_CASE(kt_hole),
	KUNIT_CASE(kt_backend_choice),
	KUNIT_CASE(kt_port_freeing_folio),
	KUNIT_CASE(kt_order1_folio_at_end),
	KUNIT_CASE(kt_fallback_keeps_free),
	KUNIT_CASE(kt_native_tail),
	KUNIT_CASE(kt_native_freeing_folio),
	KUNIT_CASE(kt_native_idx_equal_nr_pages),
	KUNIT_CASE(kt_native_order_out_of_range),
	KUNIT_CASE(kt_native_order1_folio_at_end),
	KUNIT_CASE(kt_native_fallback_keeps_free),
	KUNIT_CASE(kt_owner_key),
	KUNIT_CASE(kt_huge_zero),
	KUNIT_CASE(kt_walk_small_runs),
	KUNIT_CASE(kt_walk_one),
	KUNIT_CASE(kt_columns_table),
	KUNIT_CASE(kt_walk_before_zero),
	KUNIT_CASE(kt_walk_run_key),
	KUNIT_CASE(kt_walk_free_block),
	KUNIT_CASE(kt_walk_hole),
	KUNIT_CASE(kt_walk_folio_once),
	KUNIT_CASE(kt_walk_tail_runs),
	KUNIT_CASE(kt_walk_tail_own_flags),
	KUNIT_CASE(kt_walk_folio_runs),
	KUNIT_CASE(kt_walk_folio_unlike),
	KUNIT_CASE(kt_stats_folio_runs),
	KUNIT_CASE(kt_walk_resnap_unfaithful),
	{}
};

static int kt_suite_init(struct kunit_suite *suite)
{
	return pagesnap_owner_key_init();
}

static struct kunit_suite kt_suite = {
	.name = "pagesnap",
	.suite_init = kt_suite_init,
	.init = kt_init,
	.exit = kt_exit,
	.test_cases = kt_cases,
};

kunit_test_suite(kt_suite);

MODULE_DESCRIPTION("KUnit tests of the pagesnap snapshot port and encoder");
MODULE_LICENSE("GPL");
