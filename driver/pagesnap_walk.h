/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The walk engine: the one loop over a pfn range that QUERY, STATS,
 * COLUMNS and the bench floor share.  It clips the range, cuts it into
 * RCU read-side sections of PS_WALK_BATCH_PFNS pfns with cond_resched()
 * and a fatal-signal check between them, looks pages up a subsection at
 * a time, takes the cheap snapshot of small pages and the backend's of
 * the others (a large folio's once per section), follows the free-block
 * hint, and finds runs of pages with the same answer.  A consumer says
 * what to do with a hole, a snapshotted page and a run (struct
 * pagesnap_walk_ops).
 *
 * pagesnap_walk() is inline, and each consumer passes its own static
 * const ops: the compiler turns the callbacks into direct calls, so the
 * per-pfn path has no indirect call.  The parts that are the same for
 * every consumer are out of line, in pagesnap_walk.c.
 */
#ifndef _PAGESNAP_WALK_H
#define _PAGESNAP_WALK_H

#include <linux/align.h>
#include <linux/math.h>
#include <linux/mmzone.h>
#include <linux/page-flags.h>
#include <linux/page_ref.h>
#include <linux/prefetch.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>

#include "pagesnap_internal.h"
#include "pagesnap_compat.h"
#include "pagesnap_memmap.h"

/* pfns per RCU read-side section, between two rescheduling points */
#define PS_WALK_BATCH_PFNS	256

/**
 * struct pagesnap_cursor - memmap lookups of one walk
 * @sub_pfn:	first pfn of the memory subsection @sub_page maps, or
 *		ULONG_MAX when none is cached
 * @sub_page:	struct page of @sub_pfn (the subsection is online)
 * @buddy_pfn:	pfn of the last free buddy block head seen, or ULONG_MAX
 * @nofree_next: the pfn after the one just found (or inferred) to be in
 *		no free block in this RCU section, or ULONG_MAX
 *
 * Online state changes per subsection at most, so one
 * pfn_to_online_page() per subsection and RCU read-side section serves
 * every pfn of it.  @buddy_pfn lets the pages after a free block's head
 * be recognised as free with one look at that head instead of
 * is_free_buddy_page()'s walk over every order, and @nofree_next lets a
 * run of pages with a zero refcount that are not free (the per-cpu free
 * lists, pages being freed) skip it too (pagesnap_free_pages()).
 */
struct pagesnap_cursor {
	unsigned long sub_pfn;
	struct page *sub_page;
	unsigned long buddy_pfn;
	unsigned long nofree_next;
};

/* A cursor that knows nothing yet: no subsection, free block or memo. */
static inline void pagesnap_cursor_reset(struct pagesnap_cursor *c)
{
	c->sub_pfn = ULONG_MAX;
	c->sub_page = NULL;
	c->buddy_pfn = ULONG_MAX;
	c->nofree_next = ULONG_MAX;
}

/* What joins a run besides the words pagesnap_page_like() compares. */
#define PS_RUN_MAPPING		BIT(0)	/* any ->mapping, the run's own */
#define PS_RUN_ANY_MEMCG	BIT(1)	/* any memcg_data, not the run's own */
#define PS_RUN_REFZERO		BIT(2)	/* any refcount, zero if the run's is */
#define PS_RUN_TAILS		BIT(3)	/* tails of one folio, but for their index */
#define PS_RUN_OWNER		BIT(4)	/* a ->mapping that is no file's, the run's own */
#define PS_RUN_FOLIOS		BIT(5)	/* large folios like the last, whole */

/**
 * struct pagesnap_walk_run - the page that started the current run
 * @valid:	a run is open
 * @match:	the consumer kept its first page (else it skips them all)
 * @free:	its FREE fact
 * @tail:	a tail run: its first page is a tail of the large folio the
 *		walk holds a copy of (struct pagesnap_walk_folio)
 * @type_word:	its page_type/_mapcount word
 * @refcount:	its refcount
 * @flags:	its flags word
 * @mapping:	its ->mapping word (0 without PS_RUN_MAPPING or
 *		PS_RUN_OWNER)
 * @memcg_data:	its memcg_data word (0 with PS_RUN_ANY_MEMCG)
 * @compound_head: a tail run's compound_head word
 * @head_pfn:	a tail run's folio head pfn ...
 * @nr:		... and number of pages, per the folio copy
 *
 * A page that is not compound, heads no free block, is not the zero page
 * and whose flags, mapping and type words, refcount, memcg_data and FREE
 * fact are those of a faithful small snapshot gives the same answer as
 * that snapshot, but for its pfn: every field of its entry derives from
 * those words (pagesnap_snapshot_small(), pagesnap_kpf(),
 * pagesnap_encode()).  A consumer that does not report a field relaxes
 * the key through its PS_RUN_* policy.  A run holds no pointer it
 * follows, so it continues across RCU read-side sections; but a run whose
 * pages have a memcg ends with its section, as what the memcg_data word
 * points to is only known to stay the same memcg within one.
 *
 * With PS_RUN_TAILS, a faithful snapshot of a tail page starts a tail
 * run: the later tails of the same folio whose compound_head and
 * page_type/_mapcount words, and flags in the bits an entry reads of a
 * tail (PS_TAIL_OWN_FLAGS), are those of the first give the same answer
 * but for their pfn and index, as long as the folio's head still has the
 * words its copy was reused on (pagesnap_walk_folio_still()).  A consumer
 * asks for it only when it reports no per-page index or advances the
 * first tail's (QUERY).  A tail run ends with its RCU section, with the
 * folio copy.
 */
struct pagesnap_walk_run {
	bool valid;
	bool match;
	bool free;
	bool tail;
	unsigned int type_word;
	int refcount;
	unsigned long flags;
	unsigned long mapping;
	unsigned long memcg_data;
	unsigned long compound_head;
	unsigned long head_pfn;
	unsigned long nr;
};

/**
 * struct pagesnap_walk_folio - the last large folio snapshotted
 * @head:	its live head page, or NULL: nothing cached
 * @nr:		its number of pages, per the copy
 * @flags:	PS_SNAP_IDLE of the snapshot
 * @in_snap:	the walk's snapshot still holds @pages as its folio copy
 * @pages:	the folio copy
 *
 * A large folio's pages share one folio copy: a tail whose own copy
 * names @head takes @pages instead of copying the folio again, while the
 * live head still has the flags and order words of the copy.  Kept for
 * one RCU read-side section at most: after it, the folio may have been
 * freed and another one allocated in its place.
 */
struct pagesnap_walk_folio {
	const struct page *head;
	unsigned long nr;
	unsigned int flags;
	bool in_snap;
	struct page pages[PS_FOLIO_PAGES];
};

/* In a folio-run key's mapping word: the ->mapping is not NULL. */
#define PS_FKEY_MAPPING		(PAGE_MAPPING_FLAGS + 1)

/**
 * struct pagesnap_walk_fkey - the words a folio run compares
 * @flags:	the head's flags word
 * @flags_1:	the first tail's flags word (the folio's order, ...)
 * @mapping:	the ->mapping's PAGE_MAPPING_FLAGS bits, and whether it
 *		is set at all (PS_FKEY_MAPPING)
 * @type_word:	the head's page_type word
 * @mapped:	folio_mapped()
 */
struct pagesnap_walk_fkey {
	unsigned long flags;
	unsigned long flags_1;
	unsigned long mapping;
	unsigned int type_word;
	bool mapped;
};

/**
 * struct pagesnap_walk_frun - the large folio a folio run repeats
 * @ready:	the consumer was given the head and then the first tail of
 *		the folio, which started a tail run: a like folio at
 *		@next_pfn may be taken whole
 * @head_pfn:	pfn of a head just given, its first tail not yet, or
 *		ULONG_MAX
 * @next_pfn:	the pfn after the folio
 * @nr:		its number of pages
 * @key:	the words of its head and first tail, as copied
 * @tail_flags:	its first tail's flags word ...
 * @tail_type:	... and page_type word
 *
 * With PS_RUN_FOLIOS, a large folio whose head has @key's words and a
 * nonzero refcount, aligned and right after the one the consumer was
 * given, whose every tail names it and has the first tail's words (of
 * the flags, those an entry reads of a tail), gives the head's answer
 * for its head and the first tail's for its tails: a consumer asks for
 * it only when what it reports of a large folio derives from those
 * words and the pfn's being neither zero page (pagesnap_stats.c).  The
 * folio must end inside the walk's RCU section (pagesnap_walk_folio_like()).
 * Only values are kept, so it outlives RCU sections.
 */
struct pagesnap_walk_frun {
	bool ready;
	unsigned long head_pfn;
	unsigned long next_pfn;
	unsigned long nr;
	struct pagesnap_walk_fkey key;
	unsigned long tail_flags;
	unsigned int tail_type;
};

struct pagesnap_walk;

/**
 * struct pagesnap_walk_ops - what a consumer does with the walk
 * @hole:	@n pfns from @pfn have no online page; return how many of
 *		them it took (at least 1)
 * @keep:	optional: decide on w->snap whether the page is wanted; for
 *		a small page this is the cheap snapshot, and a kept one is
 *		snapshotted again by the backend when w->resnap is set and
 *		asked again
 * @page:	a kept page, snapshotted in w->snap; return whether it may
 *		start a run (the engine still checks the run key)
 * @run:	@n pages from @pfn are like the run's first page, which the
 *		consumer kept; return how many it took (at least 1)
 * @folio:	with PS_RUN_FOLIOS: the @n pages from @pfn are a large
 *		folio like the last one (struct pagesnap_walk_frun); return
 *		@n
 * @visit:	instead of all of the above: every online page, no snapshot
 *		(the bench floor); return how many pfns it took
 * @batch_end:	optional: after each RCU section; a non-zero return stops
 *		the walk with that error
 */
struct pagesnap_walk_ops {
	unsigned long (*hole)(struct pagesnap_walk *w, unsigned long pfn,
			      unsigned long n);
	bool (*keep)(struct pagesnap_walk *w, struct page *page);
	bool (*page)(struct pagesnap_walk *w, struct page *page);
	unsigned long (*run)(struct pagesnap_walk *w, unsigned long pfn,
			     unsigned long n);
	unsigned long (*folio)(struct pagesnap_walk *w, unsigned long pfn,
			       unsigned long n);
	unsigned long (*visit)(struct pagesnap_walk *w, struct page *page,
			       unsigned long pfn);
	int (*batch_end)(struct pagesnap_walk *w);
};

/**
 * struct pagesnap_walk - one walk
 * @room:	what the consumer can still take: the walk goes on while it
 *		is not zero; the consumer keeps it up to date
 * @policy:	PS_RUN_*
 * @resnap:	small pages the consumer keeps get the backend's snapshot
 *		too (the native backend: pagesnap_walk_init() decides)
 * @small:	w->snap is a faithful small page's
 * @lean:	the consumer reads nothing but the page copy of a small
 *		page's snapshot: its other folio pages are not zeroed
 * @snapshots:	snapshots taken (for the debugfs counters)
 * @unfaithful:	of which unfaithful
 * @cur:	memmap lookups
 * @run:	the current run
 * @frun:	the folio a folio run repeats
 * @memo:	what the encoder remembers within an RCU section
 * @folio:	the last large folio snapshotted
 * @snap:	the current page's snapshot
 */
struct pagesnap_walk {
	u64 room;
	unsigned int policy;
	bool resnap;
	bool small;
	bool lean;
	u64 snapshots;
	u64 unfaithful;
	struct pagesnap_cursor cur;
	struct pagesnap_walk_run run;
	struct pagesnap_walk_frun frun;
	struct pagesnap_memo memo;
	struct pagesnap_walk_folio folio;
	struct pagesnap_snap snap;
};

/* Out of line (pagesnap_walk.c) */
void pagesnap_walk_init(struct pagesnap_walk *w, unsigned int policy,
			bool resnap);
void pagesnap_walk_section(struct pagesnap_walk *w);
void pagesnap_walk_done(struct pagesnap_walk *w);
bool pagesnap_snapshot_small(struct pagesnap_snap *snap, struct page *page,
			     unsigned long pfn, struct pagesnap_cursor *c);
void pagesnap_walk_snap_full(struct pagesnap_walk *w, struct page *page,
			     unsigned long pfn);
bool pagesnap_walk_folio_still(const struct pagesnap_walk *w);
int pagesnap_walk_one(struct pagesnap_snap *snap, unsigned long pfn,
		      struct page **pagep);
void pagesnap_walk_start_run(struct pagesnap_walk *w, struct page *page,
			     unsigned long pfn, bool match);
#if PS_HAVE_FOLIO_RUNS
void pagesnap_walk_note_folio(struct pagesnap_walk *w, unsigned long pfn,
			      bool kept);
unsigned long pagesnap_walk_folio_like(struct pagesnap_walk *w,
				       const struct page *page,
				       unsigned long pfn, unsigned long end);
#else
static inline void pagesnap_walk_note_folio(struct pagesnap_walk *w,
					    unsigned long pfn, bool kept)
{
}

static inline unsigned long
pagesnap_walk_folio_like(struct pagesnap_walk *w, const struct page *page,
			 unsigned long pfn, unsigned long end)
{
	return 0;
}
#endif

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
	page = ps_pfn_to_online_page(pfn);
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
 * @flags:	the run's flags word
 * @mapping:	the run's mapping word
 * @type_word:	the run's page type word
 *
 * The same flags word (which on these kernels also holds the zone and
 * node), not a tail page, and the same mapping and type words.  Where the
 * node is not in the flags word, no page is like another.  The caller
 * rules out the zero page, whose kpf depends on its pfn.
 *
 * Return: true when @page matches on all of them.
 */
static inline bool pagesnap_page_like(const struct page *page,
				      unsigned long flags,
				      unsigned long mapping,
				      unsigned int type_word)
{
#ifdef NODE_NOT_IN_PAGE_FLAGS
	return false;	/* the node would have to be looked up per page */
#endif
	return READ_ONCE(page->flags) == flags &&
	       !(READ_ONCE(page->compound_head) & 1) &&
	       (unsigned long)READ_ONCE(page->mapping) == mapping &&
	       READ_ONCE(page->page_type) == type_word;
}

/*
 * @lim, or the first zero page after @pfn if that comes before it: the
 * zero pages (several where the architecture colours them) are one block
 * from my_zero_pfn(0) on, and pagesnap_walk_same() found @pfn none of
 * them.
 */
static inline unsigned long pagesnap_before_zero(unsigned long pfn,
						 unsigned long lim)
{
	unsigned long zero = my_zero_pfn(0);

	return zero > pfn && zero < lim ? zero : lim;
}

/**
 * pagesnap_free_span() - how far the cursor's free block reaches past @pfn
 * @c:		the walk's cursor
 * @page:	an online page
 * @pfn:	its pfn
 *
 * Asks the last free block head the walk saw (pagesnap_snapshot_small()
 * and pagesnap_free_pages() remember it) whether it is still a free
 * block whose order covers @pfn.  The head is in the same memory section
 * as @page (no buddy block crosses one), so its struct page is part of
 * the same memmap.  Like compaction's buddy_order_unsafe() this reads the
 * order without the zone lock; an order that is out of range or does not
 * fit the head's alignment is not trusted.
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
 * @page:	an online page with a zero refcount, not PageBuddy() when the
 *		caller last read it
 * @pfn:	its pfn
 *
 * The answer is_free_buddy_page() gives, found the way it finds it (the
 * first aligned head, order by order, that is PageBuddy() with an order
 * at least that large), but asked first of the last free block head the
 * walk saw (pagesnap_free_span()), and remembering the head it finds.  A
 * candidate head outside @page's memory subsection is looked up with
 * pfn_to_online_page(); when it has no online page, no free block holds
 * @page.  When no free block held @pfn - 1, every head of @pfn's blocks
 * is one of @pfn - 1's (read for it, or for the pfn its own answer came
 * from) or @pfn itself, which the caller found not PageBuddy(): so no
 * free block holds @pfn either, as of the moment those heads were read
 * (an answer that found a head offline is not passed on).
 *
 * Context: one RCU read-side section, @c reset at its start.
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

	if (pfn == c->nofree_next) {
		c->nofree_next = pfn + 1;
		return 0;
	}
	c->nofree_next = ULONG_MAX;
	span = pagesnap_free_span(c, page, pfn);
	if (span)
		return span;
	for (order = 0; order <= PS_MAX_BUDDY_ORDER; order++) {
		head_pfn = round_down(pfn, BIT(order));
		if (head_pfn >= sub)
			head = page - (pfn - head_pfn);
		else
			head = ps_pfn_to_online_page(head_pfn);
		if (!head)
			return 0;
		if (PageBuddy(head) && READ_ONCE(head->private) >= order) {
			c->buddy_pfn = head_pfn;
			span = pagesnap_free_span(c, page, pfn);
			return span ? span : 1;
		}
	}
	c->nofree_next = pfn + 1;
	return 0;
}

/*
 * The key of a run of small pages but for the FREE fact: @page's words
 * against the run's, the policy's choices passed in (@exact: the same
 * refcount, else only zero or not; @memcg: the same memcg_data).
 * *@refcount is @page's.
 */
static __always_inline bool
pagesnap_run_key_same(const struct pagesnap_walk_run *r,
		      const struct page *page, bool exact, bool memcg,
		      int *refcount)
{
	if (!pagesnap_page_like(page, r->flags, r->mapping, r->type_word))
		return false;
#ifdef CONFIG_MEMCG
	if (memcg && READ_ONCE(page->memcg_data) != r->memcg_data)
		return false;
#endif
	*refcount = page_ref_count(page);
	return exact ? *refcount == r->refcount : !*refcount == !r->refcount;
}

/*
 * A tail page with these compound_head and page_type words, and these
 * flags in the bits an entry reads of a tail.
 */
static __always_inline bool
pagesnap_tail_words(const struct page *page, unsigned long compound_head,
		    unsigned long flags, unsigned int type_word)
{
	return READ_ONCE(page->compound_head) == compound_head &&
	       !((READ_ONCE(page->flags) ^ flags) & PS_TAIL_OWN_FLAGS) &&
	       READ_ONCE(page->page_type) == type_word;
}

/* A later tail of the tail run's folio, with the words of its first tail. */
static __always_inline bool
pagesnap_tail_like(const struct pagesnap_walk_run *r, const struct page *page)
{
	return pagesnap_tail_words(page, r->compound_head, r->flags,
				   r->type_word);
}

/*
 * How many pages from the live @page on are like the run's first page
 * (struct pagesnap_walk_run): 0 when @page is not.  A run of free pages
 * inside a free block takes the rest of the block at once, on the word
 * of its head (pagesnap_free_pages()): the allocator keeps every page of
 * a free block in the state of the run's first page (no flags but the
 * zone's, no mapping, no memcg, refcount zero, no type), so those struct
 * pages are not read; they count as of the moment the head was read.
 */
static __always_inline unsigned long
pagesnap_walk_same(struct pagesnap_walk *w, struct page *page,
		   unsigned long pfn)
{
	const struct pagesnap_walk_run *r = &w->run;
	unsigned long span;
	int refcount;

	if (r->tail)
		return pfn - r->head_pfn < r->nr && pagesnap_tail_like(r, page);
	if (is_zero_pfn(pfn) ||
	    !pagesnap_run_key_same(r, page, !(w->policy & PS_RUN_REFZERO),
				   !(w->policy & PS_RUN_ANY_MEMCG), &refcount))
		return 0;
	if (refcount)
		return 1;
	span = pagesnap_free_pages(&w->cur, page, pfn);
	if (!span != !r->free)
		return 0;
	return span ?: 1;
}

/*
 * How many pages from @page (at @pfn) on, before @lim, have the key of
 * the run of allocated small pages; @exact and @memcg are constants at
 * each call, so that each policy gets a loop of its own.
 */
static __always_inline unsigned long
pagesnap_walk_count_like(const struct pagesnap_walk_run *r,
			 const struct page *page, unsigned long pfn,
			 unsigned long lim, bool exact, bool memcg)
{
	unsigned long n = 0, max = lim > pfn ? lim - pfn : 0;
	int ref;

	/* two pages a turn: the loop's own count is half the work */
	while (n + 2 <= max &&
	       pagesnap_run_key_same(r, page + n, exact, memcg, &ref) &&
	       pagesnap_run_key_same(r, page + n + 1, exact, memcg, &ref))
		n += 2;
	while (n < max && pagesnap_run_key_same(r, page + n, exact, memcg, &ref))
		n++;
	return n;
}

/*
 * How many pages from @page (at @pfn) on, before @lim, are later tails of
 * the tail run's folio with the words of its first tail.
 */
static __always_inline unsigned long
pagesnap_walk_count_tails(const struct pagesnap_walk_run *r,
			  const struct page *page, unsigned long pfn,
			  unsigned long lim)
{
	unsigned long n = 0, max;

	lim = min(lim, r->head_pfn + r->nr);
	max = lim > pfn ? lim - pfn : 0;
	while (n < max && pagesnap_tail_like(r, page + n))
		n++;
	return n;
}

/*
 * The run goes on past @pfn's @n pages: count the pages after them that
 * are like the run's first page too, up to @end, the end of @pfn's
 * subsection (whose memmap @page is part of), what the consumer can
 * take, and the end of a tail run's folio or the zero page before a run
 * of allocated small pages, so that the consumer is told of them in one
 * call.
 */
static __always_inline unsigned long
pagesnap_walk_extend(struct pagesnap_walk *w, struct page *page,
		     unsigned long pfn, unsigned long n, unsigned long end)
{
	const struct pagesnap_walk_run *r = &w->run;
	unsigned long lim = min(end, round_up(pfn + 1, PAGES_PER_SUBSECTION));
	unsigned long m;

	if (w->room < lim - pfn)
		lim = pfn + w->room;
	if (r->tail)
		return min(n + pagesnap_walk_count_tails(r, page + n, pfn + n,
							 lim), end - pfn);
	if (r->refcount) {
		/* allocated small pages: no free block, no zero page */
		lim = pagesnap_before_zero(pfn, lim);
		page += n;
		switch (w->policy & (PS_RUN_REFZERO | PS_RUN_ANY_MEMCG)) {
		case 0:
			m = pagesnap_walk_count_like(r, page, pfn + n, lim,
						     true, true);
			break;
		case PS_RUN_REFZERO:
			m = pagesnap_walk_count_like(r, page, pfn + n, lim,
						     false, true);
			break;
		case PS_RUN_ANY_MEMCG:
			m = pagesnap_walk_count_like(r, page, pfn + n, lim,
						     true, false);
			break;
		case PS_RUN_REFZERO | PS_RUN_ANY_MEMCG:
		default:
			m = pagesnap_walk_count_like(r, page, pfn + n, lim,
						     false, false);
			break;
		}
		return min(n + m, end - pfn);
	}
	while (pfn + n < lim) {
		m = pagesnap_walk_same(w, page + n, pfn + n);
		if (!m)
			break;
		n += m;
	}
	return min(n, end - pfn);
}

/*
 * Snapshot the online @page at @pfn into w->snap and ask the consumer
 * whether it wants it.  A page that is not compound gets the cheap
 * snapshot, and a consumer that rejects it on that is done with it;
 * otherwise (or under the native backend, w->resnap) the backend takes
 * its snapshot, and the consumer is asked again.
 */
static __always_inline bool
pagesnap_walk_snap(struct pagesnap_walk *w, const struct pagesnap_walk_ops *ops,
		   struct page *page, unsigned long pfn)
{
	struct pagesnap_snap *snap = &w->snap;

	w->snapshots++;
	w->small = pagesnap_snapshot_small(snap, page, pfn, &w->cur);
	if (w->small) {
		w->folio.in_snap = false;
		if (ops->keep && !ops->keep(w, page))
			return false;
		if (!w->resnap) {
			/* what the port engine leaves in a small folio copy */
			if (!w->lean)
				memset(&snap->folio_pages[1], 0,
				       sizeof(snap->folio_pages) -
				       sizeof(struct page));
			return true;
		}
	}
	pagesnap_walk_snap_full(w, page, pfn);
	return !ops->keep || ops->keep(w, page);
}

/*
 * Examine the pfns from @pfn on, before @end, that one look at the memmap
 * answers for (one pfn, a run's pages, a hole's subsection); return how
 * many pfns that took.  Inside the walk's RCU read-side section.
 */
static __always_inline unsigned long
pagesnap_walk_pfn(struct pagesnap_walk *w, const struct pagesnap_walk_ops *ops,
		  unsigned long pfn, unsigned long end)
{
	struct page *page;
	unsigned long n;
	bool keep, run_ok;

	page = pagesnap_cursor_page(&w->cur, pfn);
	if (!page)
		return ops->hole(w, pfn, min(pagesnap_hole_span(pfn),
					     end - pfn));
	if (ops->visit)
		return ops->visit(w, page, pfn);
	/* the next struct page, while it is in this subsection's memmap */
	if ((pfn + 1) % PAGES_PER_SUBSECTION)
		prefetch(page + 1);
	if (w->run.valid) {
		n = 0;
		if (!w->run.tail || pagesnap_walk_folio_still(w))
			n = pagesnap_walk_same(w, page, pfn);
		if (n) {
			n = pagesnap_walk_extend(w, page, pfn, n, end);
			return w->run.match ? ops->run(w, pfn, n) : n;
		}
		w->run.valid = false;
	}
	if (PS_HAVE_FOLIO_RUNS && ops->folio && w->frun.ready &&
	    pfn == w->frun.next_pfn) {
		n = pagesnap_walk_folio_like(w, page, pfn, end);
		if (n)
			return ops->folio(w, pfn, n);
	}
	keep = pagesnap_walk_snap(w, ops, page, pfn);
	run_ok = !keep || ops->page(w, page);
	if (run_ok)
		pagesnap_walk_start_run(w, page, pfn, keep);
	/* what a consumer with ->folio records as a folio's classes */
	if (PS_HAVE_FOLIO_RUNS && ops->folio && !w->small)
		pagesnap_walk_note_folio(w, pfn, keep && run_ok);
	return 1;
}

/**
 * pagesnap_walk() - walk a pfn range for a consumer
 * @w:		the walk, set up by pagesnap_walk_init() and the consumer
 * @ops:	the consumer's callbacks (a static const object)
 * @pfnp:	in: first pfn; out: first pfn not examined
 * @end:	one past the last pfn, already clipped to the served range
 *
 * Examines at most PAGESNAP_MAX_PFNS_PER_CALL pfns, in RCU read-side
 * sections of PS_WALK_BATCH_PFNS, and stops early when w->room drops to
 * zero.  Between sections it reschedules and stops on a fatal signal.
 *
 * Return: 0, -EINTR, or what ops->batch_end() returned.
 */
static __always_inline int pagesnap_walk(struct pagesnap_walk *w,
					 const struct pagesnap_walk_ops *ops,
					 unsigned long *pfnp, unsigned long end)
{
	unsigned long pfn = *pfnp, stop;
	int ret = 0;

	end = min(end, pfn + PAGESNAP_MAX_PFNS_PER_CALL);
	while (pfn < end && w->room) {
		cond_resched();
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		stop = min(end, pfn + PS_WALK_BATCH_PFNS);
		pagesnap_walk_section(w);
		rcu_read_lock();
		while (pfn < stop && w->room)
			pfn += pagesnap_walk_pfn(w, ops, pfn, stop);
		rcu_read_unlock();
		if (ops->batch_end) {
			ret = ops->batch_end(w);
			if (ret)
				break;
		}
	}
	*pfnp = pfn;
	pagesnap_walk_done(w);
	return ret;
}

#endif /* _PAGESNAP_WALK_H */
