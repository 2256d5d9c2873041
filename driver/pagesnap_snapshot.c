// SPDX-License-Identifier: GPL-2.0
/*
 * The snapshot engine.
 *
 * Two backends take the same snapshot: "native" calls the kernel's
 * exported snapshot_page() (see pagesnap_native.c), "port" is this file's
 * implementation of the same algorithm, written against the public
 * headers of the kernels that do not have it.  Which one runs is decided
 * once at module load.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/log2.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "pagesnap_internal.h"
#include "pagesnap_compat.h"
#include "pagesnap_memmap.h"

static bool ps_use_native __read_mostly;

/**
 * pagesnap_backend_init() - choose the snapshot backend
 * @request: "auto", "port" or "native" (the module parameter)
 *
 * Return: 0, or -EINVAL for an unknown request or a native backend this
 * kernel does not offer.
 */
int pagesnap_backend_init(const char *request)
{
	bool have_native = PS_HAVE_NATIVE;

	if (!request || !strcmp(request, "auto")) {
		ps_use_native = have_native;
	} else if (!strcmp(request, "port")) {
		ps_use_native = false;
	} else if (!strcmp(request, "native")) {
		if (!have_native) {
			pr_err("backend=native: this kernel does not export snapshot_page(); use backend=port or auto\n");
			return -EINVAL;
		}
		ps_use_native = true;
	} else {
		pr_err("backend=%s: unknown backend (auto, port or native)\n",
		       request);
		return -EINVAL;
	}
	return 0;
}

u32 pagesnap_backend_id(void)
{
	return ps_use_native ? PAGESNAP_BACKEND_NATIVE : PAGESNAP_BACKEND_PORT;
}

const char *pagesnap_backend_name(void)
{
	return ps_use_native ? "native" : "port";
}

/**
 * pagesnap_snapshot() - snapshot one online page with the chosen backend
 * @snap: where the copies go
 * @page: an online page (pfn_to_online_page())
 */
void pagesnap_snapshot(struct pagesnap_snap *snap, const struct page *page)
{
	if (PS_HAVE_NATIVE && ps_use_native)
		pagesnap_native_snapshot(snap, page);
	else
		pagesnap_port_snapshot(snap, page);
}

/*
 * The FREE and IDLE facts, read when the copy is taken to keep the window
 * small.  PageBuddy() is only set on the first page of a free block; the
 * other pages of it have a zero refcount and are found by
 * is_free_buddy_page(), which looks at the live memmap around @page.
 */
static void ps_set_flags(struct pagesnap_snap *snap, const struct page *page)
{
	if (ps_page_is_buddy(&snap->page))
		snap->flags |= PS_SNAP_FREE;
	else if (!atomic_read(&snap->folio._refcount) &&
		 ps_is_free_buddy_page(page))
		snap->flags |= PS_SNAP_FREE;

	if (ps_folio_idle(&snap->folio))
		snap->flags |= PS_SNAP_IDLE;
}

/*
 * A tail page's copy names its head.  Only trust the name when the head
 * lies inside the largest possible folio before the page, is itself an
 * online page (so its memmap may be read), and is not the page itself.
 */
static const struct folio *ps_tail_head(struct pagesnap_snap *snap,
					const struct page *page)
{
	unsigned long head = snap->page.compound_head - 1;
	unsigned long idx;

	if (head > (unsigned long)page)
		return NULL;
	idx = ((unsigned long)page - head) / sizeof(struct page);
	if (!idx || idx >= PS_MAX_FOLIO_NR_PAGES ||
	    (unsigned long)page - head != idx * sizeof(struct page))
		return NULL;
	if ((unsigned long)ps_pfn_to_online_page(snap->pfn - idx) != head)
		return NULL;
	snap->idx = idx;
	return (const struct folio *)head;
}

/*
 * One attempt.  Returns true when the page and the folio copies agree:
 * the page is a small folio, or its index lies inside the folio that the
 * copy of the head describes (an index equal to the number of pages is
 * outside too).  The size comes from the copy's order byte, which a torn
 * copy can fill with anything: an order no folio has does not fit.
 */
static bool ps_try_snapshot(struct pagesnap_snap *snap,
			    const struct page *page)
{
	const struct folio *foliop;
	unsigned int order;

	memset(snap->folio_pages, 0, sizeof(snap->folio_pages));
	memcpy(&snap->page, page, sizeof(snap->page));
	snap->idx = 0;

	if (ps_page_is_tail(&snap->page)) {
		foliop = ps_tail_head(snap, page);
		if (!foliop)
			return false;
	} else if (ps_bit(snap->page.flags, PG_head)) {
		foliop = (const struct folio *)page;
	} else {
		memcpy(&snap->folio.page, &snap->page, sizeof(snap->page));
		return true;
	}

	/*
	 * __page_2 is only read when it belongs to the folio: an order-1
	 * folio at the end of a memory section would otherwise make us read
	 * the next section's memmap, which need not exist.  Nothing in it
	 * is meaningful below order 2 anyway.
	 */
	memcpy(snap->folio_pages, foliop, 2 * sizeof(struct page));
	order = ps_folio_order(&snap->folio);
	if (order > ilog2(PS_MAX_FOLIO_NR_PAGES))
		return false;
	if (order >= 2 && PS_FOLIO_HAS_PAGE_2)
		ps_copy_page_2(&snap->folio, foliop);
	return snap->idx < (1UL << order);
}

/**
 * pagesnap_port_snapshot() - the driver's own snapshot_page()
 * @snap: where the copies go
 * @page: an online page
 *
 * Copy the page, find its folio from the copy, copy the folio's first
 * pages and check that the page lies inside it.  When a split or a merge
 * moves the compound state under us, try again; after PS_SNAP_RETRIES
 * retries, give up honestly: describe the page as a single page, index 0,
 * without PS_SNAP_FAITHFUL.  That is not expected to happen in practice;
 * the unfaithful counter (debugfs) tells whether it does.
 */
void pagesnap_port_snapshot(struct pagesnap_snap *snap,
			    const struct page *page)
{
	int tries;

	snap->pfn = ps_page_to_pfn(page);
	snap->flags = 0;

	for (tries = 0; tries <= PS_SNAP_RETRIES; tries++) {
		if (ps_try_snapshot(snap, page)) {
			snap->flags = PS_SNAP_FAITHFUL;
			ps_set_flags(snap, page);
			return;
		}
	}

	snap->page.compound_head &= ~1UL;
	snap->page.flags &= ~BIT(PG_head);
	memset(snap->folio_pages, 0, sizeof(snap->folio_pages));
	memcpy(&snap->folio.page, &snap->page, sizeof(snap->page));
	snap->idx = 0;
	ps_set_flags(snap, page);
}
