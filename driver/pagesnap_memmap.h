/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The driver's three questions to the live memmap by pfn, behind one
 * seam: pagesnap.ko asks the kernel directly; pagesnap_kunit.ko (built
 * with PAGESNAP_KUNIT) lets a test install a model of a synthetic memmap,
 * so the code under test is the same object code path as in the driver,
 * without redefining kernel functions.
 */
#ifndef _PAGESNAP_MEMMAP_H
#define _PAGESNAP_MEMMAP_H

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
 */
struct pagesnap_memmap_model {
	struct page *(*online_page)(unsigned long pfn);
	unsigned long (*pfn_of)(const struct page *page);
	bool (*free_buddy)(const struct page *page);
	void (*snapshot)(struct pagesnap_snap *snap, const struct page *page);
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
#endif

#endif /* _PAGESNAP_MEMMAP_H */
