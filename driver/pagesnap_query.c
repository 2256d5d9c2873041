// SPDX-License-Identifier: GPL-2.0
/*
 * PAGESNAP_IOC_QUERY: snapshot a range of pfns into entries.
 *
 * Copy in, validate, walk (pagesnap_walk.h), copy out.  Pages are
 * filtered on the cheap snapshot before anything is encoded; the entries
 * of the pages that match are encoded into the file's bounce buffer (none
 * for a call that can return one entry), which is copied to the caller
 * whenever it is full and at the end.
 */
#include <linux/compiler.h>
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "pagesnap_internal.h"
#include "pagesnap_walk.h"

#define PS_MAX_ENTRY_SIZE	4096

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
 * struct ps_query - state of one query call
 * @w:		the walk
 * @q:		the validated query
 * @buf:	bounce buffer of @chunk entries and a run template, or
 *		NULL: the walk encodes into @entry and copies that out (one
 *		entry per chunk)
 * @chunk:	entries the bounce buffer holds
 * @used:	entries encoded into @buf and not yet copied out
 * @filled:	entries copied out so far
 * @runs:	the caller asked for PAGESNAP_QUERY_RUNS
 * @hole:	with @runs, the last entry in the bounce buffer when it is a
 *		hole's, or NULL
 * @slot:	with @runs, the run's entry in the bounce buffer while it is
 *		not copied out yet, or NULL
 * @tmpl:	the run's entry (room past the bounce buffer's chunk), NULL
 *		without a bounce buffer: then only pages the filter rejects
 *		make runs
 * @kpf:	kpf of the page being examined
 * @entry:	scratch entry
 */
struct ps_query {
	struct pagesnap_walk w;
	const struct pagesnap_query *q;
	u8 *buf;
	u32 chunk;
	u32 used;
	u64 filled;
	bool runs;
	struct pagesnap_entry *hole;
	struct pagesnap_entry *slot;
	struct pagesnap_entry *tmpl;
	u64 kpf;
	struct pagesnap_entry entry;
};

static_assert(sizeof(struct ps_query) <= PAGESNAP_FILE_STATE_BYTES);

static struct ps_query *to_query(struct pagesnap_walk *w)
{
	return container_of(w, struct ps_query, w);
}

/* Room for entries before the chunk or the caller's array is full. */
static void ps_query_room(struct ps_query *qs)
{
	qs->w.room = min_t(u64, qs->chunk - qs->used,
			   qs->q->max_entries - qs->filled - qs->used);
}

static int ps_query_flush(struct ps_query *qs)
{
	u32 size = qs->q->entry_size;
	size_t n = min_t(size_t, size, sizeof(qs->entry));
	u8 __user *dst;

	if (!qs->used)
		return 0;
	dst = u64_to_user_ptr(qs->q->entries + qs->filled * size);
	if (qs->buf) {
		if (copy_to_user(dst, qs->buf, (size_t)qs->used * size))
			return -EFAULT;
	} else {
		if (copy_to_user(dst, &qs->entry, n) ||
		    (size > n && clear_user(dst + n, size - n)))
			return -EFAULT;
	}
	qs->filled += qs->used;
	qs->used = 0;
	/* what is copied out is final */
	qs->slot = NULL;
	qs->hole = NULL;
	ps_query_room(qs);
	return 0;
}

/*
 * Where the next entry is encoded: straight into the bounce buffer when
 * there is one and the caller's entry holds ours (always, while the ABI
 * has one entry size), else into the scratch entry.
 */
static struct pagesnap_entry *ps_query_slot(struct ps_query *qs)
{
	if (!qs->buf || qs->q->entry_size < sizeof(qs->entry))
		return &qs->entry;
	return (struct pagesnap_entry *)(qs->buf +
					 (size_t)qs->used * qs->q->entry_size);
}

/* Complete the entry ps_query_slot() handed out: zero what follows it. */
static void ps_query_emit(struct ps_query *qs)
{
	u32 size = qs->q->entry_size;
	size_t n = min_t(size_t, size, sizeof(qs->entry));
	u8 *slot;

	if (qs->buf) {
		slot = qs->buf + (size_t)qs->used * size;
		if (size < sizeof(qs->entry))
			memcpy(slot, &qs->entry, n);
		memset(slot + n, 0, size - n);
	}
	qs->used++;
	ps_query_room(qs);
}

/*
 * A hole at @pfn and the @n - 1 after it: with PAGESNAP_QUERY_RUNS one
 * entry (or one more pfn for the hole entry just before), otherwise an
 * entry for @pfn alone.
 */
static unsigned long ps_query_hole(struct pagesnap_walk *w, unsigned long pfn,
				   unsigned long n)
{
	struct ps_query *qs = to_query(w);
	struct pagesnap_entry *e;

	if (qs->q->flags & PAGESNAP_QUERY_SKIP_HOLES ||
	    !ps_query_match(qs->q, BIT_ULL(KPF_NOPAGE)))
		return n;
	if (qs->hole && qs->hole->pfn + qs->hole->nr_pages == pfn) {
		qs->hole->nr_pages += n;
		return n;
	}
	e = ps_query_slot(qs);
	pagesnap_encode_hole(e, pfn);
	ps_query_emit(qs);
	if (!qs->runs)
		return 1;
	e->nr_pages = n;
	qs->hole = e;
	return n;
}

static bool ps_query_keep(struct pagesnap_walk *w, struct page *page)
{
	struct ps_query *qs = to_query(w);

	qs->kpf = pagesnap_kpf(&w->snap, page, &w->memo);
	return ps_query_match(qs->q, qs->kpf);
}

/* Encode a kept page; it may start a run when there is a template. */
static bool ps_query_page(struct pagesnap_walk *w, struct page *page)
{
	struct ps_query *qs = to_query(w);
	struct pagesnap_entry *e = ps_query_slot(qs);

	if (!qs->q->nr_filters)
		qs->kpf = pagesnap_kpf(&w->snap, page, &w->memo);
	pagesnap_encode(e, &w->snap, page, qs->kpf, &w->memo);
	ps_query_emit(qs);
	if (!qs->tmpl || (!w->small && !(w->policy & PS_RUN_TAILS)))
		return false;
	*qs->tmpl = *e;
	qs->slot = qs->runs ? e : NULL;
	return true;
}

/*
 * Emit the run's entry for @pfn; return where it was put.  A small page
 * is its own head; a tail of a tail run has the run's head and its own
 * index, in the folio and (for a file) in the file.
 */
static struct pagesnap_entry *ps_query_run_entry(struct ps_query *qs,
						 unsigned long pfn)
{
	struct pagesnap_entry *e = ps_query_slot(qs);
	u64 d;

	*e = *qs->tmpl;
	if (qs->w.run.tail) {
		d = pfn - qs->tmpl->pfn;
		e->index += d;
		if (e->valid & PAGESNAP_VALID_FILE)
			e->file_index += d;
	} else {
		e->head_pfn = pfn;
	}
	e->pfn = pfn;
	ps_query_emit(qs);
	return e;
}

/*
 * @n pages from @pfn on get the run's entry: with PAGESNAP_QUERY_RUNS
 * the run's entry in the bounce buffer grows, or one new entry stands for
 * them; otherwise each gets a copy, while there is room.
 */
static unsigned long ps_query_run(struct pagesnap_walk *w, unsigned long pfn,
				  unsigned long n)
{
	struct ps_query *qs = to_query(w);
	unsigned long i;

	if (qs->runs) {
		if (!qs->slot || qs->slot->pfn + qs->slot->nr_pages != pfn) {
			qs->slot = ps_query_run_entry(qs, pfn);
			qs->slot->nr_pages = 0;
		}
		qs->slot->nr_pages += n;
		return n;
	}
	n = min_t(u64, n, w->room);
	for (i = 0; i < n; i++)
		ps_query_run_entry(qs, pfn + i);
	return n;
}

static int ps_query_batch_end(struct pagesnap_walk *w)
{
	struct ps_query *qs = to_query(w);

	return qs->used == qs->chunk ? ps_query_flush(qs) : 0;
}

static const struct pagesnap_walk_ops ps_query_ops = {
	.hole		= ps_query_hole,
	.page		= ps_query_page,
	.run		= ps_query_run,
	.batch_end	= ps_query_batch_end,
};

/* The same with a filter: pages it rejects are not encoded. */
static const struct pagesnap_walk_ops ps_query_filter_ops = {
	.hole		= ps_query_hole,
	.keep		= ps_query_keep,
	.page		= ps_query_page,
	.run		= ps_query_run,
	.batch_end	= ps_query_batch_end,
};

static int ps_query_walk(struct pagesnap_query *q, unsigned long pfn_end,
			 struct file *file)
{
	unsigned long pfn = q->start_pfn;
	unsigned long end = min_t(u64, q->start_pfn + q->nr_pfns, pfn_end);
	struct pagesnap_scratch sc;
	struct ps_query *qs;
	u64 want;
	int ret;

	/*
	 * One entry at most (pagesnap_get()): no buffer, the scratch entry
	 * is the chunk.  Otherwise a buffer for as many entries as the call
	 * can return (and the run template), up to the file's buffer.
	 */
	want = min_t(u64, q->max_entries,
		     min_t(u64, end - pfn, PAGESNAP_MAX_PFNS_PER_CALL));
	ret = pagesnap_file_get(file, want == 1 ? 0 : want * q->entry_size +
				sizeof(struct pagesnap_entry), &sc);
	if (ret)
		return ret;
	qs = sc.state;
	/* an entry per pfn carries the index: tail runs; RUNS cannot */
	pagesnap_walk_init(&qs->w, PS_RUN_OWNER |
			   (q->flags & PAGESNAP_QUERY_RUNS ? 0 : PS_RUN_TAILS),
			   true);
	qs->q = q;
	qs->buf = sc.buf;
	qs->used = 0;
	qs->filled = 0;
	qs->runs = q->flags & PAGESNAP_QUERY_RUNS;
	qs->hole = NULL;
	qs->slot = NULL;
	qs->tmpl = NULL;
	qs->kpf = 0;
	qs->chunk = 1;
	if (qs->buf) {
		qs->chunk = min_t(u64, want, (sc.bytes - sizeof(*qs->tmpl)) /
					     q->entry_size);
		qs->tmpl = (struct pagesnap_entry *)(qs->buf + qs->chunk *
						     q->entry_size);
	}
	ps_query_room(qs);

	if (q->nr_filters)
		ret = pagesnap_walk(&qs->w, &ps_query_filter_ops, &pfn, end);
	else
		ret = pagesnap_walk(&qs->w, &ps_query_ops, &pfn, end);
	if (!ret)
		ret = ps_query_flush(qs);

	q->filled = qs->filled;
	q->next_pfn = pfn;
	pagesnap_file_put(file, &sc);
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
	ret = ps_query_walk(&q, pfn_end, file);
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
