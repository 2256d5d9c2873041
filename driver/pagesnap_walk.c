// SPDX-License-Identifier: GPL-2.0
/*
 * The walk engine's out-of-line parts: the served pfn range, the start
 * and end of a walk and of its RCU sections, the snapshots (cheap for a
 * small page, the backend's with one folio copy per large folio) and
 * the start of a run.  The loop itself is inline, in pagesnap_walk.h.
 */
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/string.h>

#include "pagesnap_internal.h"
#include "pagesnap_compat.h"
#include "pagesnap_walk.h"

/**
 * pagesnap_pfn_range() - the pfns /dev/pagesnap serves
 * @start:	first pfn
 * @end:	one past the last pfn
 *
 * The span of the online nodes, widened to whole memory sections as
 * /proc/kpageflags does (early sections have a complete memmap).  max_pfn
 * is not exported; node_data is.  Grows with memory hotplug.
 */
void pagesnap_pfn_range(unsigned long *start, unsigned long *end)
{
	unsigned long lo = ULONG_MAX, hi = 0;
	int nid;

	for_each_online_node(nid) {
		pg_data_t *pgdat = NODE_DATA(nid);

		if (!pgdat || !READ_ONCE(pgdat->node_spanned_pages))
			continue;
		lo = min(lo, READ_ONCE(pgdat->node_start_pfn));
		hi = max(hi, pgdat_end_pfn(pgdat));
	}
	if (lo >= hi) {
		*start = 0;
		*end = 0;
		return;
	}
	*start = round_down(lo, PAGES_PER_SECTION);
	*end = round_up(hi, PAGES_PER_SECTION);
}

/**
 * pagesnap_walk_init() - start a walk with nothing cached
 * @w:		the walk
 * @policy:	PS_RUN_*: what the consumer's answer does not depend on
 * @resnap:	the consumer wants the backend's own snapshot of every page
 *		it keeps (taken only where the backend is not the port,
 *		whose snapshot of a small page is the cheap one)
 *
 * The consumer then sets w->room.
 */
void pagesnap_walk_init(struct pagesnap_walk *w, unsigned int policy,
			bool resnap)
{
	w->room = 0;
	w->policy = policy;
	w->resnap = resnap && pagesnap_backend_id() != PAGESNAP_BACKEND_PORT;
	w->small = false;
	w->lean = false;
	w->snapshots = 0;
	w->unfaithful = 0;
	pagesnap_cursor_reset(&w->cur);
	w->run.valid = false;
	w->run.tail = false;
	w->run.memcg_data = 0;
	w->folio.head = NULL;
	w->folio.in_snap = false;
	w->frun.ready = false;
	w->frun.head_pfn = ULONG_MAX;
	pagesnap_memo_init(&w->memo);
}

/**
 * pagesnap_walk_section() - forget what a new RCU section cannot trust
 * @w:		the walk
 *
 * Called before each RCU read-side section: between sections the walk
 * may sleep, memory may go offline, and folios, memcgs and inodes may be
 * freed and others allocated in their place, and pages freed: what the
 * cursor knows of pages in no free block goes.  The free block hint and
 * a run of small pages without a memcg stay: both are checked against
 * the live memmap every time they are used.  A tail run ends with the
 * folio copy, a run of pages with a memcg with what that memcg is.
 */
void pagesnap_walk_section(struct pagesnap_walk *w)
{
	w->cur.sub_pfn = ULONG_MAX;
	w->cur.sub_page = NULL;
	w->cur.nofree_next = ULONG_MAX;
	w->folio.head = NULL;
	if (w->run.tail || w->run.memcg_data)
		w->run.valid = false;
	pagesnap_memo_reset_rcu(&w->memo);
}

/**
 * pagesnap_walk_done() - account a walk's snapshots
 * @w:		the walk
 */
void pagesnap_walk_done(struct pagesnap_walk *w)
{
	pagesnap_counters_add(w->snapshots, w->unfaithful);
	w->snapshots = 0;
	w->unfaithful = 0;
}

/**
 * pagesnap_snapshot_small() - snapshot a page that is not compound
 * @snap:	where the copies go
 * @page:	an online page
 * @pfn:	its pfn
 * @c:		the walk's cursor
 *
 * What both backends do for a page that is neither a head nor a tail
 * page: one copy of the struct page, which is also the folio, always
 * faithful, plus the FREE and IDLE facts.  It spares the engine's
 * zeroing of the three other folio pages (which nothing reads for a
 * small folio, and which are left as they were) and, through the
 * cursor's free block hint, most is_free_buddy_page() walks.
 *
 * Return: false, with only @snap->page usable, for a compound page.
 */
bool pagesnap_snapshot_small(struct pagesnap_snap *snap, struct page *page,
			     unsigned long pfn, struct pagesnap_cursor *c)
{
	memcpy(&snap->page, page, sizeof(snap->page));
	if (ps_page_is_tail(&snap->page) || ps_bit(snap->page.flags, PG_head))
		return false;
	memcpy(&snap->folio.page, &snap->page, sizeof(snap->page));
	snap->pfn = pfn;
	snap->idx = 0;
	snap->flags = PS_SNAP_FAITHFUL;

	if (ps_page_is_buddy(&snap->page)) {
		snap->flags |= PS_SNAP_FREE;
		if (snap->page.private <= PS_MAX_BUDDY_ORDER &&
		    IS_ALIGNED(pfn, BIT(snap->page.private)))
			c->buddy_pfn = pfn;
	} else if (!atomic_read(&snap->page._refcount) &&
		   pagesnap_free_pages(c, page, pfn)) {
		snap->flags |= PS_SNAP_FREE;
	}
	if (ps_folio_idle(&snap->folio))
		snap->flags |= PS_SNAP_IDLE;
	return true;
}

/**
 * pagesnap_walk_one() - the walk's look at one pfn, without its state
 * @snap:	where the snapshot goes
 * @pfn:	the pfn
 * @pagep:	set to the online page, or NULL for a hole
 *
 * For a reader of a single pfn: the lookup and the cheap snapshot of a
 * small page, as the walk takes them, with nothing cached.  A compound
 * page, or a small one under a backend with its own snapshot, takes a
 * walk.
 *
 * Context: inside an RCU read-side section.
 * Return: 0, or -EAGAIN when the pfn needs pagesnap_walk().
 */
int pagesnap_walk_one(struct pagesnap_snap *snap, unsigned long pfn,
		      struct page **pagep)
{
	struct pagesnap_cursor cur;
	struct page *page = ps_pfn_to_online_page(pfn);

	pagesnap_cursor_reset(&cur);
	*pagep = page;
	if (!page)
		return 0;
	if (pagesnap_backend_id() != PAGESNAP_BACKEND_PORT ||
	    !pagesnap_snapshot_small(snap, page, pfn, &cur))
		return -EAGAIN;
	pagesnap_counters_add(1, 0);
	return 0;
}

/* The words a folio copy is reused on: the head's flags and its order. */
static bool ps_walk_folio_same(const struct page *head,
			       const struct page *copy)
{
	return READ_ONCE(head->flags) == copy[0].flags &&
	       READ_ONCE(head[1].flags) == copy[1].flags &&
	       ps_folio_order((const struct folio *)head) ==
	       ps_folio_order((const struct folio *)copy);
}

/**
 * pagesnap_walk_folio_still() - may a tail run go on
 * @w:		the walk, with a tail run open
 *
 * Return: true when the folio copy the run's answer came from is still
 * held, of the run's folio, and its live head still has the words the
 * copy is reused on.
 */
bool pagesnap_walk_folio_still(const struct pagesnap_walk *w)
{
	const struct pagesnap_walk_folio *fc = &w->folio;

	return fc->head && w->run.compound_head - 1 == (unsigned long)fc->head &&
	       ps_walk_folio_same(fc->head, fc->pages);
}

/*
 * A tail page whose copy (in w->snap.page, just taken) names the folio
 * snapshotted last, which still looks the same: complete the snapshot
 * from that folio copy.  A folio with a zero refcount is never cached.
 */
static bool ps_walk_folio_reuse(struct pagesnap_walk *w, struct page *page,
				unsigned long pfn)
{
	struct pagesnap_walk_folio *fc = &w->folio;
	struct pagesnap_snap *snap = &w->snap;
	unsigned long idx;

	if (!fc->head || !ps_page_is_tail(&snap->page) ||
	    snap->page.compound_head - 1 != (unsigned long)fc->head ||
	    page <= fc->head)
		return false;
	idx = page - fc->head;
	if (idx >= fc->nr || !ps_walk_folio_same(fc->head, fc->pages))
		return false;
	if (!fc->in_snap)
		memcpy(snap->folio_pages, fc->pages, sizeof(snap->folio_pages));
	fc->in_snap = true;
	snap->pfn = pfn;
	snap->idx = idx;
	snap->flags = PS_SNAP_FAITHFUL | fc->flags;
	return true;
}

/* Remember a faithful large folio's copy for its other pages. */
static void ps_walk_folio_keep(struct pagesnap_walk *w, struct page *page)
{
	struct pagesnap_walk_folio *fc = &w->folio;
	const struct pagesnap_snap *snap = &w->snap;

	if (!(snap->flags & PS_SNAP_FAITHFUL) ||
	    !ps_folio_large(&snap->folio) ||
	    atomic_read(&snap->folio._refcount) <= 0)
		return;
	fc->nr = ps_folio_nr_pages(&snap->folio);
	if (snap->idx >= fc->nr)
		return;
	fc->head = page - snap->idx;
	fc->flags = snap->flags & PS_SNAP_IDLE;
	fc->in_snap = true;
	memcpy(fc->pages, snap->folio_pages, sizeof(fc->pages));
}

/**
 * pagesnap_walk_snap_full() - the backend's snapshot of a page
 * @w:		the walk; w->snap.page holds a fresh copy of @page
 * @page:	an online page
 * @pfn:	its pfn
 *
 * A tail page of the large folio snapshotted last in this section takes
 * that folio copy; any other page gets the backend's snapshot, which,
 * for a large folio, is kept for its other pages.  Sets w->small for a
 * faithful snapshot of a page that is not compound.
 */
void pagesnap_walk_snap_full(struct pagesnap_walk *w, struct page *page,
			     unsigned long pfn)
{
	struct pagesnap_snap *snap = &w->snap;
	bool small = w->small;

	w->small = false;
	if (!small && ps_walk_folio_reuse(w, page, pfn))
		return;
	w->folio.in_snap = false;
#ifdef PAGESNAP_KUNIT
	if (pagesnap_memmap_model->snapshot)
		pagesnap_memmap_model->snapshot(snap, page);
	else
#endif
		pagesnap_snapshot(snap, page);
	if (!(snap->flags & PS_SNAP_FAITHFUL)) {
		w->unfaithful++;
		return;
	}
	if (ps_folio_large(&snap->folio))
		ps_walk_folio_keep(w, page);
	else
		w->small = small && !ps_page_is_tail(&snap->page);
}

/*
 * With PS_RUN_TAILS, a faithful snapshot of a tail page whose folio copy
 * the walk holds (and the snapshot is of) starts a tail run.
 */
static void pagesnap_walk_start_tail_run(struct pagesnap_walk *w,
					 struct page *page, unsigned long pfn,
					 bool match)
{
	const struct pagesnap_walk_folio *fc = &w->folio;
	const struct pagesnap_snap *snap = &w->snap;
	const struct page *copy = &snap->page;
	struct pagesnap_walk_run *r = &w->run;

	if (!(w->policy & PS_RUN_TAILS) || !(snap->flags & PS_SNAP_FAITHFUL) ||
	    !fc->head || !fc->in_snap || !ps_page_is_tail(copy) ||
	    copy->compound_head - 1 != (unsigned long)fc->head ||
	    !snap->idx || snap->idx >= fc->nr || page != fc->head + snap->idx)
		return;
	r->match = match;
	r->free = false;
	r->tail = true;
	r->memcg_data = 0;
	r->type_word = copy->page_type;
	r->flags = copy->flags;
	r->compound_head = copy->compound_head;
	r->head_pfn = pfn - snap->idx;
	r->nr = fc->nr;
	r->valid = true;
}

/**
 * pagesnap_walk_start_run() - let the page just snapshotted start a run
 * @w:		the walk
 * @page:	the live page
 * @pfn:	its pfn
 * @match:	the consumer kept it
 *
 * Only a faithful snapshot of a small page starts one, or with
 * PS_RUN_TAILS of a tail page: what is stamped on the pages of a run is
 * that snapshot's answer.
 */
void pagesnap_walk_start_run(struct pagesnap_walk *w, struct page *page,
			     unsigned long pfn, bool match)
{
	const struct page *copy = &w->snap.page;
	struct pagesnap_walk_run *r = &w->run;

	if (!w->small) {
		pagesnap_walk_start_tail_run(w, page, pfn, match);
		return;
	}
	if (!(w->snap.flags & PS_SNAP_FAITHFUL) ||
	    ps_page_is_buddy(copy) || is_zero_pfn(pfn))
		return;
	if (!(w->policy & PS_RUN_MAPPING) && copy->mapping &&
	    !(w->policy & PS_RUN_OWNER &&
	      (unsigned long)copy->mapping & PAGE_MAPPING_FLAGS))
		return;
	r->memcg_data = 0;
#ifdef CONFIG_MEMCG
	if (!(w->policy & PS_RUN_ANY_MEMCG))
		r->memcg_data = copy->memcg_data;
#endif
	r->match = match;
	r->free = w->snap.flags & PS_SNAP_FREE;
	r->tail = false;
	r->type_word = copy->page_type;
	r->refcount = atomic_read(&copy->_refcount);
	r->flags = copy->flags;
	r->mapping = (unsigned long)copy->mapping;
	r->valid = true;
}

#if PS_HAVE_FOLIO_RUNS
/* The folio-run key of a large folio's head and first tail. */
static void ps_fkey(struct pagesnap_walk_fkey *k, const struct folio *f)
{
	unsigned long mapping = (unsigned long)READ_ONCE(f->mapping);

	k->flags = READ_ONCE(f->flags);
	k->flags_1 = READ_ONCE(f->_flags_1);
	k->mapping = (mapping & PAGE_MAPPING_FLAGS) |
		     (mapping ? PS_FKEY_MAPPING : 0);
	k->type_word = READ_ONCE(f->page.page_type);
	k->mapped = ps_large_folio_mapped(f);
}

static bool ps_fkey_same(const struct pagesnap_walk_fkey *a,
			 const struct pagesnap_walk_fkey *b)
{
	return a->flags == b->flags && a->flags_1 == b->flags_1 &&
	       a->mapping == b->mapping && a->type_word == b->type_word &&
	       a->mapped == b->mapped;
}

/**
 * pagesnap_walk_note_folio() - remember a large folio a folio run may repeat
 * @w:		the walk; w->snap is the snapshot the consumer was just given
 * @pfn:	its pfn
 * @kept:	the consumer kept it and let it start a run
 *
 * A faithful snapshot of a large folio's head (a nonzero refcount, not
 * the huge zero folio, no larger than a subsection) records the words of
 * its head and first tail; one of its first tail, given right after it,
 * taken from a copy of the folio with the same words and starting a tail
 * run, makes the folio one that a folio run may repeat.  Anything else
 * forgets it.
 */
void pagesnap_walk_note_folio(struct pagesnap_walk *w, unsigned long pfn,
			      bool kept)
{
	struct pagesnap_walk_frun *fr = &w->frun;
	const struct pagesnap_snap *snap = &w->snap;
	const struct folio *f = &snap->folio;
	unsigned long head_pfn = fr->head_pfn;
	struct pagesnap_walk_fkey k;

	fr->ready = false;
	fr->head_pfn = ULONG_MAX;
	if (!(w->policy & PS_RUN_FOLIOS) || !kept ||
	    (snap->flags & (PS_SNAP_FAITHFUL | PS_SNAP_FREE)) !=
	    PS_SNAP_FAITHFUL || !ps_folio_large(f))
		return;
	if (!snap->idx) {
		if (!atomic_read(&f->_refcount) || ps_is_huge_zero_pfn(pfn) ||
		    ps_folio_nr_pages(f) > PAGES_PER_SUBSECTION)
			return;
		ps_fkey(&fr->key, f);
		fr->nr = ps_folio_nr_pages(f);
		fr->head_pfn = pfn;
		return;
	}
	if (snap->idx != 1 || pfn != head_pfn + 1 ||
	    !atomic_read(&f->_refcount) || !w->run.valid || !w->run.tail ||
	    w->run.head_pfn != head_pfn)
		return;
	ps_fkey(&k, f);
	if (!ps_fkey_same(&k, &fr->key))
		return;
	fr->tail_flags = snap->page.flags;
	fr->tail_type = snap->page.page_type;
	fr->next_pfn = head_pfn + fr->nr;
	fr->ready = true;
}

/**
 * pagesnap_walk_folio_like() - is the folio at @pfn like the last one
 * @w:		the walk, w->frun ready for @pfn
 * @page:	the live page at @pfn
 * @pfn:	w->frun.next_pfn
 * @end:	where the walk stops
 *
 * Reads the live head, first tail and tails (struct pagesnap_walk_frun).
 * The folio lies in @pfn's subsection, whose memmap is contiguous and
 * online: it is aligned to its size, which is no larger.  It must also
 * end before @end, the end of the walk's RCU section at the latest
 * (PS_WALK_BATCH_PFNS), so larger folios are never taken whole.
 *
 * Return: its number of pages, or 0 when it is not like the last one.
 */
unsigned long pagesnap_walk_folio_like(struct pagesnap_walk *w,
				       const struct page *page,
				       unsigned long pfn, unsigned long end)
{
	struct pagesnap_walk_frun *fr = &w->frun;
	unsigned long nr = fr->nr, head = (unsigned long)page + 1, i;
	struct pagesnap_walk_fkey k;

	if (nr > end - pfn || nr > w->room || !IS_ALIGNED(pfn, nr) ||
	    is_zero_pfn(pfn) || ps_is_huge_zero_pfn(pfn) ||
	    READ_ONCE(page->compound_head) & 1 || !page_ref_count(page))
		return 0;
	ps_fkey(&k, (const struct folio *)page);
	if (!ps_fkey_same(&k, &fr->key))
		return 0;
	for (i = 1; i < nr; i++)
		if (!pagesnap_tail_words(page + i, head, fr->tail_flags,
					 fr->tail_type))
			return 0;
	fr->next_pfn = pfn + nr;
	return nr;
}
#endif /* PS_HAVE_FOLIO_RUNS */
