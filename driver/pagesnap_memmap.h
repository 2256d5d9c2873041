/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The driver's questions to the live memmap by pfn, behind one seam:
 * pagesnap.ko asks the kernel directly; pagesnap_kunit.ko (built
 * with PAGESNAP_KUNIT) lets a test install a model of a synthetic memmap,
 * so the code under test is the same object code path as in the driver,
 * without redefining kernel functions.
 */
#ifndef _PAGESNAP_MEMMAP_H
#define _PAGESNAP_MEMMAP_H

#include <linux/huge_mm.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>

#ifdef PAGESNAP_KUNIT
struct pagesnap_snap;

/**
 * struct pagesnap_memmap_model - a test's stand-in for the memmap
 * @online_page:	as pfn_to_online_page()
 * @pfn_of:		as page_to_pfn()
 * @free_buddy:		as is_free_buddy_page()
 * @snapshot:		when set, replaces the backend's snapshot
 * @huge_zero_pfn:	the huge zero folio's first pfn, ULONG_MAX for none
 */
struct pagesnap_memmap_model {
	struct page *(*online_page)(unsigned long pfn);
	unsigned long (*pfn_of)(const struct page *page);
	bool (*free_buddy)(const struct page *page);
	void (*snapshot)(struct pagesnap_snap *snap, const struct page *page);
	unsigned long (*huge_zero_pfn)(void);
};

extern const struct pagesnap_memmap_model *pagesnap_memmap_model;

static inline struct page *ps_pfn_to_online_page(unsigned long pfn)
{
	return pagesnap_memmap_model->online_page(pfn);
}

static inline unsigned long ps_page_to_pfn(const struct page *page)
{
	return pagesnap_memmap_model->pfn_of(page);
}

static inline bool ps_is_free_buddy_page(const struct page *page)
{
	return pagesnap_memmap_model->free_buddy(page);
}

#define PS_HAVE_HUGE_ZERO	1
#define PS_HUGE_ZERO_PFN()	pagesnap_memmap_model->huge_zero_pfn()
#else
static inline struct page *ps_pfn_to_online_page(unsigned long pfn)
{
	return pfn_to_online_page(pfn);
}

static inline unsigned long ps_page_to_pfn(const struct page *page)
{
	return page_to_pfn(page);
}

static inline bool ps_is_free_buddy_page(const struct page *page)
{
	/* 6.1 declares it without const; it only reads the page */
	return is_free_buddy_page((struct page *)page);
}

/*
 * The huge zero folio, by pfn as upstream's is_huge_zero_pfn(): never by
 * following a copy to a live folio.  Stock kernels do not export
 * huge_zero_pfn, and nothing else a module may call tells the folio apart
 * from any other order-9 compound page; Kbuild defines
 * PAGESNAP_HAVE_HUGE_ZERO_PFN where the export exists.
 */
#if defined(PAGESNAP_HAVE_HUGE_ZERO_PFN) && defined(CONFIG_TRANSPARENT_HUGEPAGE)
#define PS_HAVE_HUGE_ZERO	1
#define PS_HUGE_ZERO_PFN()	READ_ONCE(huge_zero_pfn)
#else
#define PS_HAVE_HUGE_ZERO	0
#endif
#endif

#if PS_HAVE_HUGE_ZERO
static inline bool ps_is_huge_zero_pfn(unsigned long pfn)
{
	return PS_HUGE_ZERO_PFN() ==
	       (pfn & ~((1UL << (PMD_SHIFT - PAGE_SHIFT)) - 1));
}
#else
static inline bool ps_is_huge_zero_pfn(unsigned long pfn)
{
	return false;
}
#endif

#define PS_KPF_HUGE_ZERO	(BIT_ULL(KPF_ZERO_PAGE) | BIT_ULL(KPF_THP))

#endif /* _PAGESNAP_MEMMAP_H */
