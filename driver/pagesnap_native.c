// SPDX-License-Identifier: GPL-2.0
/*
 * The native backend: an adapter over the kernel's own snapshot_page().
 *
 * Built only when the target kernel exports snapshot_page() (Kbuild looks
 * for it in Module.symvers).  The kernel's struct page_snapshot carries
 * the same copies as struct pagesnap_snap; only the flag names differ.
 */
#include <linux/mm.h>
#include <linux/string.h>

#include "pagesnap_internal.h"
#include "pagesnap_compat.h"

/**
 * pagesnap_native_snapshot() - snapshot a page with snapshot_page()
 * @snap: where the copies go
 * @page: an online page
 *
 * Upstream's first version accepted an index equal to the folio's number
 * of pages as faithful, and the kernel's size check reads
 * folio_nr_pages(), i.e. _folio_nr_pages, which freeing a large folio
 * leaves stale after it has cleared the order (a tail copied in that
 * window is called faithful).  Such snapshots are checked against the
 * order in the copy, as the port checks them, and a snapshot that is not
 * faithful is described as the port's fallback describes it: the page
 * alone, index 0.  So both backends mean the same by PS_SNAP_FAITHFUL and
 * give the same entry for a page they could not pin down.
 */
void pagesnap_native_snapshot(struct pagesnap_snap *snap,
			      const struct page *page)
{
	struct page_snapshot ps;

	BUILD_BUG_ON(sizeof(ps.folio_snapshot) > sizeof(snap->folio_pages));
	BUILD_BUG_ON(sizeof(ps.page_snapshot) != sizeof(snap->page));

	snapshot_page(&ps, page);

	memset(snap->folio_pages, 0, sizeof(snap->folio_pages));
	memcpy(&snap->folio, &ps.folio_snapshot, sizeof(ps.folio_snapshot));
	memcpy(&snap->page, &ps.page_snapshot, sizeof(snap->page));
	snap->pfn = ps.pfn;
	snap->idx = ps.idx;
	snap->flags = 0;
	if ((ps.flags & PAGE_SNAPSHOT_FAITHFUL) &&
	    ps.idx < ps_folio_nr_pages(&snap->folio)) {
		snap->flags |= PS_SNAP_FAITHFUL;
	} else {
		snap->page.compound_head &= ~1UL;
		snap->page.flags &= ~BIT(PG_head);
		memset(snap->folio_pages, 0, sizeof(snap->folio_pages));
		memcpy(&snap->folio.page, &snap->page, sizeof(snap->page));
		snap->idx = 0;
	}
	if (ps.flags & PAGE_SNAPSHOT_PG_BUDDY)
		snap->flags |= PS_SNAP_FREE;
	if (ps.flags & PAGE_SNAPSHOT_PG_IDLE)
		snap->flags |= PS_SNAP_IDLE;
}
