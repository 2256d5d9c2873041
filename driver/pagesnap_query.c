// SPDX-License-Identifier: GPL-2.0
/*
 * PAGESNAP_IOC_QUERY: snapshot a range of pfns.
 *
 * Copy in, validate, walk, copy out.  The walk examines at most
 * PAGESNAP_MAX_PFNS_PER_CALL pfns, filters each page on a cheap snapshot
 * before encoding anything, encodes the pages that match into a kernel
 * bounce buffer allocated once per call (none for a single entry), and
 * copies that buffer to the caller chunk by chunk.
 */
#include <linux/compiler.h>
#include <linux/ioctl.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/overflow.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "pagesnap_internal.h"
#include "pagesnap_compat.h"
#include "pagesnap_walk.h"

/*
 * Bounce buffer: 512 entries of the current size (libpagesnap's scan asks
 * for 512 at a time), one copy_to_user() per chunk.  Each open file gets
 * one on its first query that can return more than one entry, and keeps
 * it until it is closed, so a scan does not allocate (and meet in the
 * memmap) a short-lived compound page per call.  A call that can return
 * one entry only (the single-pfn query) uses an entry on the stack
 * instead and allocates nothing.
 */
#define PS_BOUNCE_BYTES		(512 * PAGESNAP_ENTRY_SIZE_VER1)
/*
 * pfns examined per RCU read-side section; between sections the walk
 * reschedules and looks for fatal signals.
 */
#define PS_BATCH_PFNS		256
#define PS_MAX_ENTRY_SIZE	4096

static_assert(PS_BOUNCE_BYTES >= PS_MAX_ENTRY_SIZE);

/**
 * struct pagesnap_file - what an open /dev/pagesnap keeps
 * @lock:	serialises the queries that use @buf
 * @buf:	the bounce buffer (PS_BOUNCE_BYTES and room for one more
 *		entry), allocated on first use, or NULL
 */
struct pagesnap_file {
	struct mutex lock;	/* protects buf */
	u8 *buf;
};

#define PS_FILE_BUF_BYTES	(PS_BOUNCE_BYTES + sizeof(struct pagesnap_entry))

/**
 * pagesnap_file_open() - set up an open file's state
 * @file:	the file
 *
 * Return: 0 or -ENOMEM.
 */
int pagesnap_file_open(struct file *file)
{
	struct pagesnap_file *pf = kzalloc(sizeof(*pf), GFP_KERNEL);

	if (!pf)
		return -ENOMEM;
	mutex_init(&pf->lock);
	file->private_data = pf;
	return 0;
}

/**
 * pagesnap_file_release() - free an open file's state
 * @file:	the file
 */
void pagesnap_file_release(struct file *file)
{
	struct pagesnap_file *pf = file->private_data;

	if (!pf)
		return;
	kvfree(pf->buf);
	mutex_destroy(&pf->lock);
	kfree(pf);
}

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
 * pagesnap_cursor_init() - start a walk with nothing cached
 * @c:		the cursor
 */
void pagesnap_cursor_init(struct pagesnap_cursor *c)
{
	c->sub_pfn = ULONG_MAX;
	c->sub_page = NULL;
	c->buddy_pfn = ULONG_MAX;
}

/**
 * pagesnap_cursor_reset_rcu() - forget the online state at a new section
 * @c:		the cursor
 *
 * Called before each RCU read-side section: between sections the walk
 * may sleep, and memory may go offline meanwhile.  The free block hint
 * stays: it is checked against the live head every time it is used.
 */
void pagesnap_cursor_reset_rcu(struct pagesnap_cursor *c)
{
	c->sub_pfn = ULONG_MAX;
	c->sub_page = NULL;
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
 * Return: false, with nothing usable in @snap, for a compound page: the
 * caller takes a full snapshot.
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

static int ps_query_check_filters(const struct pagesnap_query *q)
{
	unsigned int i;

	if (q->nr_filters > PAGESNAP_MAX_FILTERS)
		return -EINVAL;
	for (i = 0; i < PAGESNAP_MAX_FILTERS; i++) {
		const struct pagesnap_filter *t = &q->filters[i];

		if (i < q->nr_filters ? t->value & ~t->mask :
					t->mask || t->value)
			return -EINVAL;
	}
	return 0;
}

/* Everything documented in uapi/linux/pagesnap.h, in that order. */
static int ps_query_check(const struct pagesnap_query *q,
			  unsigned long pfn_end)
{
	u64 end, bytes, last;
	int ret;

	if (q->flags & ~PAGESNAP_QUERY_FLAGS_ALL ||
	    q->reserved[0] || q->reserved[1])
		return -EINVAL;
	ret = ps_query_check_filters(q);
	if (ret)
		return ret;
	if (q->entry_size < PAGESNAP_ENTRY_SIZE_VER0 ||
	    q->entry_size > PS_MAX_ENTRY_SIZE || q->entry_size % 8)
		return -EINVAL;
	/* a run needs the entry's nr_pages */
	if (q->flags & PAGESNAP_QUERY_RUNS &&
	    q->entry_size < PAGESNAP_ENTRY_SIZE_VER1)
		return -EINVAL;
	if (!q->max_entries || !q->nr_pfns)
		return -EINVAL;
	if (check_add_overflow(q->start_pfn, q->nr_pfns, &end))
		return -EOVERFLOW;
	if (check_mul_overflow((u64)q->entry_size, (u64)q->max_entries,
			       &bytes) ||
	    check_add_overflow(q->entries, bytes, &last))
		return -EOVERFLOW;
	if (q->start_pfn >= pfn_end)
		return -ERANGE;
	return 0;
}

static bool ps_query_match(const struct pagesnap_query *q, u64 kpf)
{
	unsigned int i;

	if (!q->nr_filters)
		return true;
	for (i = 0; i < q->nr_filters; i++)
		if ((kpf & q->filters[i].mask) == q->filters[i].value)
			return true;
	return false;
}

/**
 * struct ps_walk_run - consecutive small pages whose entries differ only
 *			in pfn and head_pfn
 * @valid:	the fields below describe the last page examined
 * @match:	that page passed the filter (then @tmpl is its entry)
 * @slot:	with PAGESNAP_QUERY_RUNS, the run's entry in the bounce
 *		buffer while it is not copied out yet, or NULL
 * @free:	its FREE fact
 * @type_word:	its page_type/_mapcount word
 * @refcount:	its refcount
 * @flags:	its page flags word
 * @tmpl:	room for its entry: one slot past the bounce buffer's
 *		chunk, NULL without a bounce buffer (then only pages the
 *		filter rejects make runs)
 *
 * For a page that is not compound, has no ->mapping and no memcg_data,
 * heads no free block and is not the zero page, every entry field but
 * pfn and head_pfn derives from the flags word, the page_type/_mapcount
 * word, the refcount and the FREE fact (pagesnap_snapshot_small(),
 * pagesnap_kpf(), pagesnap_encode()).  A next page with the same words
 * gets the same entry, or is rejected by the filter the same way,
 * without a snapshot.  A run holds no pointer into kernel objects (its
 * pages have no mapping and no memcg), so it continues across RCU
 * read-side sections.
 */
struct ps_walk_run {
	bool valid;
	bool match;
	bool free;
	unsigned int type_word;
	int refcount;
	unsigned long flags;
	struct pagesnap_entry *tmpl;
	struct pagesnap_entry *slot;
};

/**
 * struct ps_walk - state of one query call
 * @q:		the validated query
 * @buf:	bounce buffer of @chunk entries, or NULL: the walk encodes
 *		into @entry and copies that out (one entry per chunk)
 * @chunk:	entries the bounce buffer holds
 * @used:	entries encoded into @buf and not yet copied out
 * @filled:	entries copied out so far
 * @snapshots:	snapshots taken (for the counters)
 * @unfaithful:	of which unfaithful
 * @resnap:	a small page's snapshot must be retaken with the backend
 *		before it is encoded (the native backend)
 * @small:	the last snapshot was pagesnap_snapshot_small()'s
 * @runs:	the caller asked for PAGESNAP_QUERY_RUNS
 * @hole:	with @runs, the last entry in the bounce buffer when it is a
 *		hole's, or NULL
 * @cur:	memmap lookups
 * @run:	the current run of pages with the same entry
 * @memo:	what the encoder remembers between pfns
 * @snap:	scratch snapshot
 * @entry:	scratch entry
 */
struct ps_walk {
	const struct pagesnap_query *q;
	u8 *buf;
	u32 chunk;
	u32 used;
	u64 filled;
	u64 snapshots;
	u64 unfaithful;
	bool resnap;
	bool small;
	bool runs;
	struct pagesnap_entry *hole;
	struct pagesnap_cursor cur;
	struct ps_walk_run run;
	struct pagesnap_memo memo;
	struct pagesnap_snap snap;
	struct pagesnap_entry entry;
};

static int ps_walk_flush(struct ps_walk *w)
{
	u32 size = w->q->entry_size;
	size_t n = min_t(size_t, size, sizeof(w->entry));
	u8 __user *dst;

	if (!w->used)
		return 0;
	dst = u64_to_user_ptr(w->q->entries + w->filled * size);
	if (w->buf) {
		if (copy_to_user(dst, w->buf, (size_t)w->used * size))
			return -EFAULT;
	} else {
		if (copy_to_user(dst, &w->entry, n) ||
		    (size > n && clear_user(dst + n, size - n)))
			return -EFAULT;
	}
	w->filled += w->used;
	w->used = 0;
	/* what is copied out is final */
	w->run.slot = NULL;
	w->hole = NULL;
	return 0;
}

/*
 * Where the next entry is encoded: straight into the bounce buffer when
 * there is one and the caller's entry holds ours (always, while the ABI
 * has one entry size), else into the scratch entry.
 */
static struct pagesnap_entry *ps_walk_slot(struct ps_walk *w)
{
	if (!w->buf || w->q->entry_size < sizeof(w->entry))
		return &w->entry;
	return (struct pagesnap_entry *)(w->buf +
					 (size_t)w->used * w->q->entry_size);
}

/* Complete the entry ps_walk_slot() handed out: zero what follows it. */
static void ps_walk_emit(struct ps_walk *w)
{
	u32 size = w->q->entry_size;
	size_t n = min_t(size_t, size, sizeof(w->entry));
	u8 *slot;

	if (w->buf) {
		slot = w->buf + (size_t)w->used * size;
		if (size < sizeof(w->entry))
			memcpy(slot, &w->entry, n);
		memset(slot + n, 0, size - n);
	}
	w->used++;
}

/*
 * Take the snapshot of an online page and its kpf.  A page that is not
 * compound gets the cheap snapshot; when a filter rejects it, that is
 * the end of it (no second snapshot, nothing encoded).  The filter is
 * exact either way: the kpf is derived from a snapshot the chosen
 * backend would have taken the same way.  Under the native backend a
 * page the filter keeps is snapshotted again by the backend itself.
 */
static bool ps_walk_snap(struct ps_walk *w, struct page *page,
			 unsigned long pfn, u64 *kpf)
{
	struct pagesnap_snap *snap = &w->snap;

	w->snapshots++;
	w->small = pagesnap_snapshot_small(snap, page, pfn, &w->cur);
	if (w->small) {
		*kpf = pagesnap_kpf(snap, page, &w->memo);
		if (!ps_query_match(w->q, *kpf))
			return false;
		if (!w->resnap) {
			/* what the port engine leaves in a small folio copy */
			memset(&snap->folio_pages[1], 0,
			       sizeof(snap->folio_pages) - sizeof(struct page));
			return true;
		}
	}

	pagesnap_snapshot(snap, page);
	if (!(snap->flags & PS_SNAP_FAITHFUL))
		w->unfaithful++;
	*kpf = pagesnap_kpf(snap, page, &w->memo);
	return ps_query_match(w->q, *kpf);
}

/*
 * How many pages from the live @page on get the run's entry (see struct
 * ps_walk_run): 0 when @page does not.  A run of free pages inside a
 * free block takes the rest of the block at once, without reading those
 * struct pages: see ps_aggr_same() for why that is the same entry.
 */
static unsigned long ps_walk_same(struct ps_walk *w, struct page *page,
				  unsigned long pfn)
{
	const struct ps_walk_run *r = &w->run;
	int refcount;

	/* a run's pages have no mapping (see ps_walk_start_run()) */
	if (!r->valid || !pagesnap_page_like(page, pfn, r->flags, 0,
					     r->type_word))
		return 0;
#ifdef CONFIG_MEMCG
	if (READ_ONCE(page->memcg_data))
		return 0;
#endif
	refcount = page_ref_count(page);
	if (refcount != r->refcount)
		return 0;
	if (refcount)
		return 1;
	return pagesnap_free_run(&w->cur, page, pfn, r->free);
}

/* Let the page just examined start a run, if it can.  @e: its entry. */
static void ps_walk_start_run(struct ps_walk *w, unsigned long pfn,
			      struct pagesnap_entry *e)
{
	const struct page *copy = &w->snap.page;
	struct ps_walk_run *r = &w->run;

	if (!w->small || copy->mapping || ps_page_is_buddy(copy) ||
	    is_zero_pfn(pfn) || (e && !r->tmpl))
		return;
#ifdef CONFIG_MEMCG
	if (copy->memcg_data)
		return;
#endif
	r->match = e;
	if (e)
		*r->tmpl = *e;
	r->slot = w->runs ? e : NULL;
	r->free = w->snap.flags & PS_SNAP_FREE;
	r->type_word = copy->page_type;
	r->refcount = atomic_read(&copy->_refcount);
	r->flags = copy->flags;
	r->valid = true;
}

/* Room for entries before the chunk or the caller's array is full. */
static u64 ps_walk_room(const struct ps_walk *w)
{
	return min_t(u64, w->chunk - w->used,
		     w->q->max_entries - w->filled - w->used);
}

/* Emit the run's entry for @pfn; return where it was put. */
static struct pagesnap_entry *ps_walk_run_entry(struct ps_walk *w,
						unsigned long pfn)
{
	struct pagesnap_entry *e = ps_walk_slot(w);

	*e = *w->run.tmpl;
	e->pfn = pfn;
	e->head_pfn = pfn;
	ps_walk_emit(w);
	return e;
}

/*
 * @n pages from @pfn on get the run's entry: with PAGESNAP_QUERY_RUNS
 * the run's entry in the bounce buffer grows, or one new entry stands for
 * them; otherwise each gets a copy, while there is room.  Return: how
 * many pfns that took.
 */
static unsigned long ps_walk_run_pages(struct ps_walk *w, unsigned long pfn,
				       unsigned long n)
{
	struct ps_walk_run *r = &w->run;
	unsigned long i;

	if (w->runs) {
		if (!r->slot || r->slot->pfn + r->slot->nr_pages != pfn) {
			r->slot = ps_walk_run_entry(w, pfn);
			r->slot->nr_pages = 0;
		}
		r->slot->nr_pages += n;
		return n;
	}
	n = min_t(u64, n, ps_walk_room(w));
	for (i = 0; i < n; i++)
		ps_walk_run_entry(w, pfn + i);
	return n;
}

/*
 * A hole at @pfn and the @n - 1 after it: with PAGESNAP_QUERY_RUNS one
 * entry (or one more pfn for the hole entry just before), otherwise an
 * entry for @pfn alone.  Return: how many pfns that took.
 */
static unsigned long ps_walk_hole(struct ps_walk *w, unsigned long pfn,
				  unsigned long n)
{
	struct pagesnap_entry *e;

	if (w->hole && w->hole->pfn + w->hole->nr_pages == pfn) {
		w->hole->nr_pages += n;
		return n;
	}
	e = ps_walk_slot(w);
	pagesnap_encode_hole(e, pfn);
	ps_walk_emit(w);
	if (!w->runs)
		return 1;
	e->nr_pages = n;
	w->hole = e;
	return n;
}

/*
 * Examine the pfns from @pfn on, before @end, that one look at the memmap
 * answers for (one pfn, the run's pages, a hole's subsection), encoding
 * entries for those that match while there is room; return how many
 * pfns it took.  Called inside the RCU read-side section that the
 * encoder's safety argument relies on, with room for at least one entry.
 */
static unsigned long ps_walk_pfn(struct ps_walk *w, unsigned long pfn,
				 unsigned long end)
{
	const struct pagesnap_query *q = w->q;
	struct pagesnap_entry *e;
	struct page *page;
	unsigned long n;
	u64 kpf;

	page = pagesnap_cursor_page(&w->cur, pfn);
	if (!page) {
		n = min(pagesnap_hole_span(pfn), end - pfn);
		if (q->flags & PAGESNAP_QUERY_SKIP_HOLES ||
		    !ps_query_match(q, BIT_ULL(KPF_NOPAGE)))
			return n;
		return ps_walk_hole(w, pfn, n);
	}
	w->hole = NULL;
	n = ps_walk_same(w, page, pfn);
	if (n) {
		n = min(n, end - pfn);
		return w->run.match ? ps_walk_run_pages(w, pfn, n) : n;
	}
	w->run.valid = false;

	if (!ps_walk_snap(w, page, pfn, &kpf)) {
		ps_walk_start_run(w, pfn, NULL);
		return 1;
	}
	e = ps_walk_slot(w);
	pagesnap_encode(e, &w->snap, page, kpf, &w->memo);
	ps_walk_emit(w);
	ps_walk_start_run(w, pfn, e);
	return 1;
}

/*
 * Walk pfns [*pfn, end) under one RCU read-side section, stopping early
 * when the bounce buffer or the caller's array is full.
 */
static void ps_walk_batch(struct ps_walk *w, unsigned long *pfn,
			  unsigned long end)
{
	pagesnap_memo_reset_rcu(&w->memo);
	pagesnap_cursor_reset_rcu(&w->cur);
	rcu_read_lock();
	while (*pfn < end && ps_walk_room(w))
		*pfn += ps_walk_pfn(w, *pfn, end);
	rcu_read_unlock();
}

static int ps_walk_run(struct ps_walk *w, unsigned long *pfnp,
		       unsigned long end)
{
	const struct pagesnap_query *q = w->q;
	unsigned long pfn = *pfnp;
	int ret = 0;

	while (pfn < end && w->filled + w->used < q->max_entries) {
		cond_resched();
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		ps_walk_batch(w, &pfn, min(end, pfn + PS_BATCH_PFNS));
		if (w->used == w->chunk) {
			ret = ps_walk_flush(w);
			if (ret)
				break;
		}
	}
	if (!ret)
		ret = ps_walk_flush(w);
	*pfnp = pfn;
	return ret;
}

/*
 * The bounce buffer for a walk of @chunk entries of @size bytes (and a
 * run template): the file's own when no other query of it holds it, else
 * one for this call.  *@locked says which; ps_put_buf() gives it back.
 */
static u8 *ps_get_buf(struct pagesnap_file *pf, u32 chunk, u32 size,
		      bool *locked)
{
	*locked = false;
	if (pf && mutex_trylock(&pf->lock)) {
		if (!pf->buf)
			pf->buf = kvmalloc(PS_FILE_BUF_BYTES, GFP_KERNEL);
		if (pf->buf) {
			*locked = true;
			return pf->buf;
		}
		mutex_unlock(&pf->lock);
	}
	return kvmalloc((size_t)chunk * size + sizeof(struct pagesnap_entry),
			GFP_KERNEL);
}

static void ps_put_buf(struct pagesnap_file *pf, u8 *buf, bool locked)
{
	if (locked)
		mutex_unlock(&pf->lock);
	else
		kvfree(buf);
}

static int ps_query_walk(struct pagesnap_query *q, unsigned long pfn_end,
			 struct pagesnap_file *pf)
{
	bool locked = false;
	unsigned long pfn = q->start_pfn;
	unsigned long end = min_t(u64, q->start_pfn + q->nr_pfns, pfn_end);
	struct ps_walk w;	/* not zeroed as a whole: ~800 bytes */
	u64 want;
	int ret;

	end = min(end, pfn + PAGESNAP_MAX_PFNS_PER_CALL);
	want = min_t(u64, q->max_entries, end - pfn);
	w.q = q;
	w.buf = NULL;
	w.used = 0;
	w.filled = 0;
	w.snapshots = 0;
	w.unfaithful = 0;
	w.small = false;
	w.runs = q->flags & PAGESNAP_QUERY_RUNS;
	w.hole = NULL;
	w.run.valid = false;
	w.run.slot = NULL;
	w.resnap = pagesnap_backend_id() != PAGESNAP_BACKEND_PORT;
	pagesnap_cursor_init(&w.cur);
	pagesnap_memo_init(&w.memo);

	/*
	 * One entry at most (pagesnap_get()): no allocation, the scratch
	 * entry is the chunk.  Otherwise a buffer for as many entries as
	 * the call can return, up to PS_BOUNCE_BYTES.
	 */
	w.run.tmpl = NULL;
	if (want == 1) {
		w.chunk = 1;
	} else {
		w.chunk = min_t(u64, want, PS_BOUNCE_BYTES / q->entry_size);
		w.buf = ps_get_buf(pf, w.chunk, q->entry_size, &locked);
		if (!w.buf)
			return -ENOMEM;
		w.run.tmpl = (struct pagesnap_entry *)(w.buf + w.chunk *
						       q->entry_size);
	}

	ret = ps_walk_run(&w, &pfn, end);

	pagesnap_stats_add(w.snapshots, w.unfaithful);
	q->filled = w.filled;
	q->next_pfn = pfn;
	if (w.buf)
		ps_put_buf(pf, w.buf, locked);
	return ret;
}

/**
 * pagesnap_ioctl_query() - PAGESNAP_IOC_QUERY
 * @file:	the open file (its bounce buffer)
 * @cmd:	the command; its size field is the caller's struct size
 * @uarg:	the caller's struct pagesnap_query
 *
 * Return: 0 or a negative errno as documented in uapi/linux/pagesnap.h.
 * On error nothing is reported back: a partial result is never success.
 */
long pagesnap_ioctl_query(struct file *file, unsigned int cmd,
			  void __user *uarg)
{
	size_t usize = _IOC_SIZE(cmd);
	unsigned long pfn_start, pfn_end;
	struct pagesnap_query q;
	int ret;

	if (usize < PAGESNAP_QUERY_SIZE_VER0 || usize % 8)
		return -EINVAL;
	ret = copy_struct_from_user(&q, sizeof(q), uarg, usize);
	if (ret)
		return ret;

	pagesnap_pfn_range(&pfn_start, &pfn_end);
	ret = ps_query_check(&q, pfn_end);
	if (ret)
		return ret;

	q.filled = 0;
	q.next_pfn = 0;
	ret = ps_query_walk(&q, pfn_end, file->private_data);
	if (ret)
		return ret;
	/*
	 * filled and next_pfn are the only outputs: the rest of the
	 * caller's struct is what it passed in, and any bytes it has
	 * beyond ours were checked to be zero on the way in.
	 */
	if (put_user(q.filled, (u64 __user *)(uarg +
			offsetof(struct pagesnap_query, filled))) ||
	    put_user(q.next_pfn, (u64 __user *)(uarg +
			offsetof(struct pagesnap_query, next_pfn))))
		return -EFAULT;
	return 0;
}
