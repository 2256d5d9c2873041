/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The memmap lookups that the query and stats walks (and the bench-only
 * floor) make for every pfn, inline: as out-of-line calls they were most
 * of the floor's time and a large share of the walks' (bench/README.md,
 * "profile").  The cursor itself is in pagesnap_internal.h.
 */
#ifndef _PAGESNAP_WALK_H
#define _PAGESNAP_WALK_H

#include <linux/align.h>
#include <linux/math.h>
#include <linux/memory_hotplug.h>
#include <linux/mmzone.h>
#include <linux/page-flags.h>

#include "pagesnap_internal.h"
#include "pagesnap_compat.h"

/**
 * pagesnap_cursor_page() - pfn_to_online_page(), once per subsection
 * @c:		the cursor
 * @pfn:	the pfn
 *
 * pfn_to_online_page() decides per memory section and subsection (the
 * ZONE_DEVICE ranges it also excludes are subsection aligned), so the
 * answer for one pfn of an online subsection holds for all of it.  The
 * memmap of a subsection is contiguous.
 *
 * Return: the page, or NULL for a pfn without an online page.
 */
static inline struct page *
pagesnap_cursor_page(struct pagesnap_cursor *c, unsigned long pfn)
{
	unsigned long sub = round_down(pfn, PAGES_PER_SUBSECTION);
	struct page *page;

	if (sub == c->sub_pfn)
		return c->sub_page + (pfn - sub);
	page = pfn_to_online_page(pfn);
	if (page) {
		c->sub_pfn = sub;
		c->sub_page = page - (pfn - sub);
	}
	return page;
}

/**
 * pagesnap_hole_span() - the pfns a hole answer holds for
 * @pfn:	a pfn pagesnap_cursor_page() found no online page for
 *
 * pfn_to_online_page() answers per subsection (see above), so every pfn
 * to the end of @pfn's subsection is a hole too, in the same RCU section.
 *
 * Return: the number of pfns from @pfn to the end of its subsection.
 */
static inline unsigned long pagesnap_hole_span(unsigned long pfn)
{
	return round_up(pfn + 1, PAGES_PER_SUBSECTION) - pfn;
}

/**
 * pagesnap_page_like() - does a live page still look like a run's pages
 * @page:	an online page
 * @pfn:	its pfn
 * @flags:	the run's flags word
 * @mapping:	the run's mapping word
 * @type_word:	the run's page type word
 *
 * The test both walks make before treating @page as one more page of a
 * run of identical small pages: the same flags word (which on these
 * kernels also holds the zone and node), not a tail page, the same
 * mapping and type words, and not the zero page (whose kpf depends on
 * its pfn).  What else a run needs (refcount, memcg, free state) each
 * walk checks itself.  Where the node is not in the flags word, no page
 * is like another.
 *
 * Return: true when @page matches on all of them.
 */
static inline bool pagesnap_page_like(const struct page *page,
				      unsigned long pfn, unsigned long flags,
				      unsigned long mapping,
				      unsigned int type_word)
{
#ifdef NODE_NOT_IN_PAGE_FLAGS
	return false;	/* the node would have to be looked up per page */
#endif
	return READ_ONCE(page->flags) == flags &&
	       !(READ_ONCE(page->compound_head) & 1) &&
	       (unsigned long)READ_ONCE(page->mapping) == mapping &&
	       READ_ONCE(page->page_type) == type_word && !is_zero_pfn(pfn);
}

/**
 * pagesnap_free_span() - how far the cursor's free block reaches past @pfn
 * @c:		the walk's cursor
 * @page:	an online page
 * @pfn:	its pfn
 *
 * Asks the last free block head the walk saw (pagesnap_snapshot_small()
 * and pagesnap_free_pages() remember it) whether it is still a free
 * block whose order covers @pfn.  The head is in the same memory section as @page (no buddy
 * block crosses one), so its struct page is part of the same memmap.
 * Like compaction's buddy_order_unsafe() this reads the order without
 * the zone lock; an order that is out of range or does not fit the
 * head's alignment is not trusted.
 *
 * Return: 0 when @pfn is not a later page of that block, else the number
 * of pfns from @pfn to the block's end (@pfn included).
 */
static inline unsigned long pagesnap_free_span(struct pagesnap_cursor *c,
					       struct page *page,
					       unsigned long pfn)
{
	unsigned long head_pfn = c->buddy_pfn;
	unsigned long order, off = pfn - head_pfn;
	struct page *head;

	if (head_pfn >= pfn || off >= BIT(PS_MAX_BUDDY_ORDER) ||
	    pfn_to_section_nr(pfn) != pfn_to_section_nr(head_pfn))
		return 0;
	head = page - off;
	order = READ_ONCE(head->private);
	if (!PageBuddy(head) || order > PS_MAX_BUDDY_ORDER ||
	    off >= BIT(order) || !IS_ALIGNED(head_pfn, BIT(order)))
		return 0;
	return BIT(order) - off;
}

/**
 * pagesnap_free_pages() - is_free_buddy_page(), and how far its block goes
 * @c:		the walk's cursor
 * @page:	an online page with a zero refcount
 * @pfn:	its pfn
 *
 * The answer is_free_buddy_page() gives, found the way it finds it (the
 * first aligned head, order by order, that is PageBuddy() with an order
 * at least that large), but asked first of the last free block head the
 * walk saw (pagesnap_free_span()), and remembering the head it finds: a
 * walk that starts inside a free block, or meets a free page whose head
 * it has not seen, then knows the rest of the block from one look at its
 * head.  A candidate head outside @page's memory subsection is looked up
 * with pfn_to_online_page(); when it has no online page, no free block
 * holds @page.
 *
 * Return: 0 when the page is not free; else the number of pfns from
 * @pfn on that lie in its free block (1 when the head's order is not
 * one to trust for more).
 */
static inline unsigned long pagesnap_free_pages(struct pagesnap_cursor *c,
						struct page *page,
						unsigned long pfn)
{
	unsigned long sub = round_down(pfn, PAGES_PER_SUBSECTION);
	unsigned long span, order, head_pfn;
	struct page *head;

	span = pagesnap_free_span(c, page, pfn);
	if (span)
		return span;
	for (order = 0; order <= PS_MAX_BUDDY_ORDER; order++) {
		head_pfn = round_down(pfn, BIT(order));
		if (head_pfn >= sub)
			head = page - (pfn - head_pfn);
		else
			head = pfn_to_online_page(head_pfn);
		if (!head)
			return 0;
		if (PageBuddy(head) && READ_ONCE(head->private) >= order) {
			c->buddy_pfn = head_pfn;
			span = pagesnap_free_span(c, page, pfn);
			return span ? span : 1;
		}
	}
	return 0;
}

/**
 * pagesnap_free_run() - how many pfns a zero-refcount page adds to a run
 * @c:		the walk's cursor
 * @page:	an online page with a zero refcount, like the run's pages
 *		in every other word the walk compares
 * @pfn:	its pfn
 * @free:	the run's FREE fact
 *
 * The last test both walks make before a page with a zero refcount joins
 * a run: its FREE fact must be the run's.  A free page takes the rest of
 * its free block with it (pagesnap_free_pages()).
 *
 * Return: 0 when the FREE facts differ; else the pfns from @pfn on that
 * join the run (1 for a page that is not free).
 */
static inline unsigned long pagesnap_free_run(struct pagesnap_cursor *c,
					      struct page *page,
					      unsigned long pfn, bool free)
{
	unsigned long span = pagesnap_free_pages(c, page, pfn);

	if (!span != !free)
		return 0;
	return span ?: 1;
}

#endif /* _PAGESNAP_WALK_H */
