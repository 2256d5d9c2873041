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

/**
 * pagesnap_native_snapshot() - snapshot a page with snapshot_page()
 * @snap: where the copies go
 * @page: an online page
 *
 * With the fixes of kernel/patches (0005-0009), the kernel's snapshot
 * means what the port's means: an index inside the folio the copy's
 * bounded order describes is faithful, and a page it could not pin down
 * is described alone, index 0, with the BUDDY and IDLE facts of the page
 * kept.  So only the flags need renaming.
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
	if (snapshot_page_is_faithful(&ps))
		snap->flags |= PS_SNAP_FAITHFUL;
	if (ps.flags & PAGE_SNAPSHOT_PG_BUDDY)
		snap->flags |= PS_SNAP_FREE;
	if (ps.flags & PAGE_SNAPSHOT_PG_IDLE)
		snap->flags |= PS_SNAP_IDLE;
}
