// SPDX-License-Identifier: GPL-2.0
/*
 * PAGESNAP_IOC_QUERY: snapshot a range of pfns.
 *
 * Copy in, validate, walk, copy out.  The walk examines at most
 * PAGESNAP_MAX_PFNS_PER_CALL pfns, encodes matching pages into a zeroed
 * kernel bounce buffer allocated once per call, and copies that buffer to
 * the caller chunk by chunk.
 */
#include <linux/compiler.h>
#include <linux/ioctl.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/overflow.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "pagesnap_internal.h"
#include "pagesnap_compat.h"

/*
 * Size of the bounce buffer: two entries of the largest size.  Up to
 * KMALLOC_MAX_CACHE_SIZE it comes from a kmalloc slab, so the walk does
 * not meet a short-lived compound page of its own making.
 */
#define PS_BOUNCE_BYTES		8192
/*
 * pfns examined per RCU read-side section; between sections the walk
 * reschedules and looks for fatal signals.
 */
#define PS_BATCH_PFNS		256
#define PS_MAX_ENTRY_SIZE	4096

static_assert(PS_BOUNCE_BYTES >= PS_MAX_ENTRY_SIZE);
static_assert(PS_BOUNCE_BYTES <= KMALLOC_MAX_CACHE_SIZE);

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
 * struct ps_walk - state of one query call
 * @q:		the validated query
 * @buf:	zeroed bounce buffer of @chunk entries
 * @chunk:	entries the bounce buffer holds
 * @used:	entries encoded into @buf and not yet copied out
 * @filled:	entries copied out so far
 * @snapshots:	snapshots taken (for the counters)
 * @unfaithful:	of which unfaithful
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
	struct pagesnap_memo memo;
	struct pagesnap_snap snap;
	struct pagesnap_entry entry;
};

static int ps_walk_flush(struct ps_walk *w)
{
	u32 size = w->q->entry_size;
	void __user *dst;

	if (!w->used)
		return 0;
	dst = u64_to_user_ptr(w->q->entries + w->filled * size);
	if (copy_to_user(dst, w->buf, (size_t)w->used * size))
		return -EFAULT;
	w->filled += w->used;
	w->used = 0;
	return 0;
}

/*
 * Where the next entry is encoded: straight into the bounce buffer when
 * the caller's entry holds ours (always, while the ABI has one entry
 * size), else into a scratch entry that ps_walk_emit() truncates.
 */
static struct pagesnap_entry *ps_walk_slot(struct ps_walk *w)
{
	if (w->q->entry_size < sizeof(w->entry))
		return &w->entry;
	return (struct pagesnap_entry *)(w->buf +
					 (size_t)w->used * w->q->entry_size);
}

/* Complete the entry ps_walk_slot() handed out: zero what follows it. */
static void ps_walk_emit(struct ps_walk *w)
{
	u32 size = w->q->entry_size;
	u8 *slot = w->buf + (size_t)w->used * size;
	size_t n = min_t(size_t, size, sizeof(w->entry));

	if (size < sizeof(w->entry))
		memcpy(slot, &w->entry, n);
	memset(slot + n, 0, size - n);
	w->used++;
}

/*
 * Examine one pfn; true when it produced an entry.  Called inside the RCU
 * read-side section that the encoder's safety argument relies on.
 */
static bool ps_walk_pfn(struct ps_walk *w, unsigned long pfn)
{
	const struct pagesnap_query *q = w->q;
	struct page *page;
	u64 kpf;

	page = pfn_to_online_page(pfn);
	if (!page) {
		if (q->flags & PAGESNAP_QUERY_SKIP_HOLES ||
		    !ps_query_match(q, BIT_ULL(KPF_NOPAGE)))
			return false;
		pagesnap_encode_hole(ps_walk_slot(w), pfn);
		return true;
	}

	pagesnap_snapshot(&w->snap, page);
	w->snapshots++;
	if (!(w->snap.flags & PS_SNAP_FAITHFUL))
		w->unfaithful++;

	kpf = pagesnap_kpf(&w->snap, page, &w->memo);
	if (!ps_query_match(q, kpf))
		return false;
	pagesnap_encode(ps_walk_slot(w), &w->snap, page, kpf, &w->memo);
	return true;
}

/*
 * Walk pfns [*pfn, end) under one RCU read-side section, stopping early
 * when the bounce buffer or the caller's array is full.
 */
static void ps_walk_batch(struct ps_walk *w, unsigned long *pfn,
			  unsigned long end)
{
	pagesnap_memo_reset_rcu(&w->memo);
	rcu_read_lock();
	for (; *pfn < end; (*pfn)++) {
		if (w->used == w->chunk ||
		    w->filled + w->used == w->q->max_entries)
			break;
		if (ps_walk_pfn(w, *pfn))
			ps_walk_emit(w);
	}
	rcu_read_unlock();
}

static int ps_query_walk(struct pagesnap_query *q, unsigned long pfn_end)
{
	unsigned long pfn = q->start_pfn;
	unsigned long end = min_t(u64, q->start_pfn + q->nr_pfns, pfn_end);
	struct ps_walk *w;
	int ret = 0;

	end = min(end, pfn + PAGESNAP_MAX_PFNS_PER_CALL);

	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	w->q = q;
	w->chunk = min_t(u32, q->max_entries, PS_BOUNCE_BYTES / q->entry_size);
	w->buf = kcalloc(w->chunk, q->entry_size, GFP_KERNEL);
	if (!w->buf) {
		kfree(w);
		return -ENOMEM;
	}
	pagesnap_memo_init(&w->memo);

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

	pagesnap_stats_add(w->snapshots, w->unfaithful);
	q->filled = w->filled;
	q->next_pfn = pfn;
	kfree(w->buf);
	kfree(w);
	return ret;
}

/**
 * pagesnap_ioctl_query() - PAGESNAP_IOC_QUERY
 * @cmd:	the command; its size field is the caller's struct size
 * @uarg:	the caller's struct pagesnap_query
 *
 * Return: 0 or a negative errno as documented in uapi/linux/pagesnap.h.
 * On error nothing is reported back: a partial result is never success.
 */
long pagesnap_ioctl_query(unsigned int cmd, void __user *uarg)
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
	ret = ps_query_walk(&q, pfn_end);
	if (ret)
		return ret;
	return pagesnap_copy_struct_to_user(uarg, usize, &q, sizeof(q));
}
