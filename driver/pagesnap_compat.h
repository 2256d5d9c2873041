/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Accessors for what differs between the kernels pagesnap supports, so
 * that the .c files read the same on all of them: each helper reads one
 * fact from the *copies* in a struct pagesnap_snap and never follows a
 * pointer found in them.  How /proc/kpageflags derives its bits on each
 * kernel is pagesnap_kpf.c's; the 6.1 folio mapcount walk is the
 * encoder's.
 *
 * Supported: Linux 6.1.y and 6.12.y.  The two differ in how a struct folio
 * is laid out (6.1: two struct pages; 6.12: four, of which the snapshot
 * copies three), in where page types live (6.1: bits cleared below
 * PAGE_TYPE_BASE in _mapcount; 6.12: a PGTY_* value in the top byte), in
 * how hugetlb and slab folios are recognised (6.1: compound destructor and
 * PG_slab; 6.12: page types) and in the mapcount bookkeeping of large
 * folios (6.1: compound mapcount + per-page mapcounts + PG_double_map;
 * 6.12: _large_mapcount and _entire_mapcount).
 */
#ifndef _PAGESNAP_COMPAT_H
#define _PAGESNAP_COMPAT_H

#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/memcontrol.h>
#include <linux/huge_mm.h>
#include <linux/memory_hotplug.h>
#include <linux/page-flags.h>
#include <linux/pgtable.h>
#include <linux/kernel-page-flags.h>
#include <linux/log2.h>

#include "pagesnap_internal.h"

/*
 * Kbuild passes the target's VERSION and PATCHLEVEL as PAGESNAP_KERNEL_x_y
 * (see Kbuild): the one place the kernel version is looked at.
 */
#if defined(PAGESNAP_KERNEL_6_12)
#define PS_MM_612	1
#elif defined(PAGESNAP_KERNEL_6_1)
#define PS_MM_61	1
#else
#error "pagesnap supports Linux 6.1.y and 6.12.y"
#endif

static_assert(sizeof(struct folio) <= PS_FOLIO_PAGES * sizeof(struct page));

#ifndef CONFIG_64BIT
#error "pagesnap needs a 64-bit kernel"
#endif

static inline bool ps_bit(unsigned long word, unsigned int bit)
{
	return (word >> bit) & 1;
}

/* ---- folio geometry --------------------------------------------------- */

#ifdef PS_MM_612
/* The engine copies the head, the first tail and __page_2. */
#define PS_FOLIO_HAS_PAGE_2	1
#define PS_MAX_FOLIO_NR_PAGES	MAX_FOLIO_NR_PAGES
#define PS_MAX_BUDDY_ORDER	MAX_PAGE_ORDER

static inline unsigned int ps_folio_order(const struct folio *f)
{
	return ps_bit(f->flags, PG_head) ? f->_flags_1 & 0xff : 0;
}
#else
#define PS_FOLIO_HAS_PAGE_2	0
#define PS_MAX_FOLIO_NR_PAGES	(1UL << (PUD_SHIFT - PAGE_SHIFT))
#define PS_MAX_BUDDY_ORDER	(MAX_ORDER - 1)

static inline unsigned int ps_folio_order(const struct folio *f)
{
	return ps_bit(f->flags, PG_head) ? f->_folio_order : 0;
}
#endif

static inline bool ps_folio_large(const struct folio *f)
{
	return ps_bit(f->flags, PG_head);
}

/*
 * Pages of the folio according to the copy; an order the engine could not
 * have copied reads as "does not fit", so the snapshot is retried.
 */
static inline unsigned long ps_folio_nr_pages(const struct folio *f)
{
	unsigned int order = ps_folio_order(f);

	if (order > ilog2(PS_MAX_FOLIO_NR_PAGES))
		return 0;
	return 1UL << order;
}

static inline bool ps_page_is_tail(const struct page *p)
{
	return READ_ONCE(p->compound_head) & 1;
}

static inline void ps_copy_page_2(struct folio *dst, const struct folio *src)
{
#ifdef PS_MM_612
	memcpy(&dst->__page_2, &src->__page_2, sizeof(struct page));
#endif
}

/* ---- page types ------------------------------------------------------- */

#ifdef PS_MM_612
static inline unsigned int ps_type_byte(const struct page *p)
{
	return p->page_type >> 24;
}

static inline bool ps_page_has_type(const struct page *p)
{
	return page_type_has_type(p->page_type);
}

static inline bool ps_folio_is_slab(const struct folio *f)
{
	return ps_type_byte(&f->page) == PGTY_slab;
}

static inline bool ps_folio_is_hugetlb(const struct folio *f)
{
	return IS_ENABLED(CONFIG_HUGETLB_PAGE) &&
	       ps_type_byte(&f->page) == PGTY_hugetlb;
}

static inline bool ps_page_is_buddy(const struct page *p)
{
	return ps_type_byte(p) == PGTY_buddy;
}

static inline bool ps_page_is_offline(const struct page *p)
{
	return ps_type_byte(p) == PGTY_offline;
}

static inline bool ps_page_is_table(const struct page *p)
{
	return ps_type_byte(p) == PGTY_table;
}

/* The type carried by the page itself (not slab/hugetlb, see below). */
static inline u32 ps_page_own_type(const struct page *p)
{
	if (!ps_page_has_type(p))
		return PAGESNAP_PAGE_TYPE_NONE;
	switch (ps_type_byte(p)) {
	case PGTY_buddy:
		return PAGESNAP_PAGE_TYPE_BUDDY;
	case PGTY_offline:
		return PAGESNAP_PAGE_TYPE_OFFLINE;
	case PGTY_table:
		return PAGESNAP_PAGE_TYPE_TABLE;
	case PGTY_guard:
		return PAGESNAP_PAGE_TYPE_GUARD;
	case PGTY_hugetlb:
		return PAGESNAP_PAGE_TYPE_HUGETLB;
	case PGTY_slab:
		return PAGESNAP_PAGE_TYPE_SLAB;
	case PGTY_zsmalloc:
		return PAGESNAP_PAGE_TYPE_ZSMALLOC;
	case PGTY_unaccepted:
		return PAGESNAP_PAGE_TYPE_UNACCEPTED;
	default:
		return PAGESNAP_PAGE_TYPE_UNKNOWN;
	}
}
#else /* 6.1 */
static inline bool ps_page_has_type(const struct page *p)
{
	return (int)p->page_type < PAGE_MAPCOUNT_RESERVE;
}

static inline bool ps_page_type_is(const struct page *p, unsigned int flag)
{
	return (p->page_type & (PAGE_TYPE_BASE | flag)) ==
	       PAGE_TYPE_BASE;
}

static inline bool ps_folio_is_slab(const struct folio *f)
{
	return ps_bit(f->flags, PG_slab);
}

static inline bool ps_folio_is_hugetlb(const struct folio *f)
{
#ifdef CONFIG_HUGETLB_PAGE
	return ps_folio_large(f) && f->_folio_dtor == HUGETLB_PAGE_DTOR;
#else
	return false;
#endif
}

static inline bool ps_page_is_buddy(const struct page *p)
{
	return ps_page_type_is(p, PG_buddy);
}

static inline bool ps_page_is_offline(const struct page *p)
{
	return ps_page_type_is(p, PG_offline);
}

static inline bool ps_page_is_table(const struct page *p)
{
	return ps_page_type_is(p, PG_table);
}

static inline u32 ps_page_own_type(const struct page *p)
{
	if (!ps_page_has_type(p))
		return PAGESNAP_PAGE_TYPE_NONE;
	if (ps_page_type_is(p, PG_buddy))
		return PAGESNAP_PAGE_TYPE_BUDDY;
	if (ps_page_type_is(p, PG_offline))
		return PAGESNAP_PAGE_TYPE_OFFLINE;
	if (ps_page_type_is(p, PG_table))
		return PAGESNAP_PAGE_TYPE_TABLE;
	if (ps_page_type_is(p, PG_guard))
		return PAGESNAP_PAGE_TYPE_GUARD;
	return PAGESNAP_PAGE_TYPE_UNKNOWN;
}
#endif

/* ---- mapcounts -------------------------------------------------------- */

#ifdef PS_MM_612
static inline int ps_entire_mapcount(const struct folio *f)
{
	return atomic_read(&f->_entire_mapcount) + 1;
}

/* /proc/kpagecount of 6.12: folio_precise_page_mapcount() on the copies */
static inline int ps_page_mapcount(const struct pagesnap_snap *s)
{
	int mapcount = atomic_read(&s->page._mapcount) + 1;

	if (page_mapcount_is_type(mapcount))
		mapcount = 0;
	if (ps_folio_large(&s->folio))
		mapcount += ps_entire_mapcount(&s->folio);
	return mapcount;
}

#else /* 6.1 */
static inline int ps_entire_mapcount(const struct folio *f)
{
	/* 6.1 calls the entire mapcount _total_mapcount in struct folio */
	return atomic_read(&f->_total_mapcount) + 1;
}

static inline bool ps_page_is_compound(const struct page *p)
{
	return ps_bit(p->flags, PG_head) || ps_page_is_tail(p);
}

static inline bool ps_folio_is_anon(const struct folio *f)
{
	return (unsigned long)f->mapping & PAGE_MAPPING_ANON;
}

/* /proc/kpagecount of 6.1: page_mapcount() unless slab or typed */
static inline int ps_page_mapcount(const struct pagesnap_snap *s)
{
	int mapcount;

	if (ps_folio_is_slab(&s->folio) || ps_page_has_type(&s->page))
		return 0;
	mapcount = atomic_read(&s->page._mapcount) + 1;
	if (!ps_page_is_compound(&s->page) || !ps_folio_large(&s->folio))
		return mapcount;
	/* file THPs count PMD maps in every page's _mapcount already */
	if (!ps_folio_is_anon(&s->folio) && !ps_folio_is_hugetlb(&s->folio))
		return mapcount;
	mapcount += ps_entire_mapcount(&s->folio);
	if (ps_bit(s->folio._flags_1, PG_double_map))
		mapcount--;
	return mapcount;
}

#endif

/*
 * The bits of a tail page's own flags word that its entry derives from:
 * node, zone and the rest above the page flags, PG_head, and what
 * pagesnap_kpf() reads of a tail (all of the word on 6.1, only
 * PG_hwpoison on 6.12, where the first tail's word is the folio's
 * _flags_1).
 */
#ifdef PS_MM_612
#ifdef CONFIG_MEMORY_FAILURE
#define PS_TAIL_HWPOISON	BIT(PG_hwpoison)
#else
#define PS_TAIL_HWPOISON	0UL
#endif
#define PS_TAIL_OWN_FLAGS	(~(BIT(NR_PAGEFLAGS) - 1) | BIT(PG_head) | \
				 PS_TAIL_HWPOISON)
#else
#define PS_TAIL_OWN_FLAGS	(~0UL)
#endif

/*
 * Whole-folio runs (PS_RUN_FOLIOS) where a large folio's answer derives
 * from words of its head and first tail alone: 6.12 keeps the mapcount
 * that KPF_MMAP reads in the folio (6.1 scans every tail's), and the node
 * must be in the flags word.
 */
#if defined(PS_MM_612) && !defined(NODE_NOT_IN_PAGE_FLAGS)
#define PS_HAVE_FOLIO_RUNS	1
/* folio_mapped() of a large folio, on the live head */
static inline bool ps_large_folio_mapped(const struct folio *f)
{
	return atomic_read(&f->_large_mapcount) >= 0;
}
#else
#define PS_HAVE_FOLIO_RUNS	0
#endif

static inline unsigned int ps_pincount(const struct folio *f)
{
	int pins = atomic_read(&f->_pincount);

	return ps_folio_large(f) && pins > 0 ? pins : 0;
}

/* folio_maybe_dma_pinned() on the copy */
static inline bool ps_maybe_dma_pinned(const struct folio *f)
{
	if (ps_folio_large(f))
		return atomic_read(&f->_pincount) > 0;
	return (unsigned int)atomic_read(&f->_refcount) >=
	       GUP_PIN_COUNTING_BIAS;
}

/* ---- idle ------------------------------------------------------------ */

/* Idle tracking needs PG_idle; the page_ext variant is not reachable. */
#if defined(CONFIG_PAGE_IDLE_FLAG) && defined(CONFIG_64BIT)
#define PS_HAVE_IDLE	1
static inline bool ps_folio_idle(const struct folio *f)
{
	return ps_bit(f->flags, PG_idle);
}
#else
#define PS_HAVE_IDLE	0
static inline bool ps_folio_idle(const struct folio *f)
{
	return false;
}
#endif

/* ---- memcg (page_cgroup_ino() is not exported) ------------------------ */

#ifdef CONFIG_MEMCG
#ifdef PS_MM_612
#define PS_MEMCG_DATA_NOT_MEMCG	MEMCG_DATA_OBJEXTS
#define PS_MEMCG_DATA_MASK	OBJEXTS_FLAGS_MASK
/* 6.12's page_cgroup_ino() asks the folio */
static inline unsigned long ps_memcg_data(const struct pagesnap_snap *s)
{
	return s->folio.memcg_data;
}
#else
#define PS_MEMCG_DATA_NOT_MEMCG	MEMCG_DATA_OBJCGS
#define PS_MEMCG_DATA_MASK	MEMCG_DATA_FLAGS_MASK
/* 6.1's page_cgroup_ino() asks the page itself (0 for tail pages) */
static inline unsigned long ps_memcg_data(const struct pagesnap_snap *s)
{
	return s->page.memcg_data;
}
#endif
#endif /* CONFIG_MEMCG */

/* ---- file identity ---------------------------------------------------- */

/* Page offset of this page in its file */
static inline u64 ps_file_index(const struct pagesnap_snap *s)
{
	u64 index = s->folio.index;

#ifdef PS_MM_61
	/* 6.1 hugetlbfs indexes its page cache in huge pages */
	if (ps_folio_is_hugetlb(&s->folio))
		index <<= ps_folio_order(&s->folio);
#endif
	return index + s->idx;
}

/* ---- node and zone ---------------------------------------------------- */

static inline int ps_page_nid(const struct page *copy, const struct page *page)
{
#ifdef NODE_NOT_IN_PAGE_FLAGS
	return page_to_nid(page);
#else
	return (copy->flags >> NODES_PGSHIFT) & NODES_MASK;
#endif
}

static inline u32 ps_zone_of(const struct page *copy)
{
	switch ((copy->flags >> ZONES_PGSHIFT) & ZONES_MASK) {
#ifdef CONFIG_ZONE_DMA
	case ZONE_DMA:
		return PAGESNAP_ZONE_DMA;
#endif
#ifdef CONFIG_ZONE_DMA32
	case ZONE_DMA32:
		return PAGESNAP_ZONE_DMA32;
#endif
	case ZONE_NORMAL:
		return PAGESNAP_ZONE_NORMAL;
#ifdef CONFIG_HIGHMEM
	case ZONE_HIGHMEM:
		return PAGESNAP_ZONE_HIGHMEM;
#endif
	case ZONE_MOVABLE:
		return PAGESNAP_ZONE_MOVABLE;
#ifdef CONFIG_ZONE_DEVICE
	case ZONE_DEVICE:
		return PAGESNAP_ZONE_DEVICE;
#endif
	default:
		return U32_MAX;
	}
}

#endif /* _PAGESNAP_COMPAT_H */
