// SPDX-License-Identifier: GPL-2.0
/*
 * PAGESNAP_IOC_STATS: aggregate a range of pfns without copying entries.
 *
 * The walk takes the same snapshots as PAGESNAP_IOC_QUERY (a cheap one
 * for pages that are not compound, the backend's for the others) and
 * counts what pagesnap_encode() would have put in each entry: kpf
 * combination, folio order, page type, mapping kind, node and zone, free
 * blocks by buddy order, faithful or not.  Nothing per page is allocated;
 * the two tables the caller asks for are allocated once per call and
 * copied out once at the end.
 */
#include <linux/ioctl.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/prefetch.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "pagesnap_internal.h"
#include "pagesnap_compat.h"
#include "pagesnap_walk.h"

/* Same section length as the query walk. */
#define PS_AGGR_BATCH_PFNS	256
/* Empty slot of the combination hash index. */
#define PS_AGGR_EMPTY		U16_MAX

static_assert(PAGESNAP_STATS_MAX_COMBOS < PS_AGGR_EMPTY);

/**
 * struct ps_aggr_class - what one page adds to the counts
 * @kpf:	masked kpf
 * @combo:	its slot in the combination table, or -1 (other_pages)
 * @zone:	slot of its (node, zone) pair, or -1 (other_zone_pages)
 * @order:	folio order, clamped to the by_order slots
 * @type:	page type, clamped to the by_type slots
 * @kind:	mapping kind, clamped, or U32_MAX when the page has none
 * @block:	buddy order of the free block it heads, or U32_MAX
 * @faithful:	the snapshot was faithful
 * @free:	free in the buddy allocator
 * @head:	index 0 in its folio
 */
struct ps_aggr_class {
	u64 kpf;
	int combo;
	int zone;
	u32 order;
	u32 type;
	u32 kind;
	u32 block;
	bool faithful;
	bool free;
	bool head;
};

/**
 * struct ps_aggr_run - consecutive small pages that count the same
 * @n:		pages in the run not yet added to the counts
 * @cls:	what each of them adds
 * @flags:	the page flags word every page of the run had ...
 * @mapping:	... its ->mapping ...
 * @type_word:	... its page_type/_mapcount word ...
 * @refzero:	... whether its refcount was zero ...
 *
 * A page that is not compound and whose flags word, ->mapping,
 * page_type/_mapcount word, zero-or-not refcount and FREE fact are those
 * of the page that started the run, and which is not the zero page, has
 * exactly the kpf, order, type, mapping kind, node, zone and FREE fact of
 * that page: they are derived from nothing else (see
 * pagesnap_snapshot_small(), pagesnap_kpf()).  Such a page is counted by
 * reading those words from its struct page, without a snapshot, and the
 * rest of a free block without reading even those (ps_aggr_same()).
 * Runs start only at pages that head no free block (whose count depends
 * on page_private()).
 */
struct ps_aggr_run {
	u64 n;
	struct ps_aggr_class cls;
	unsigned long flags;
	unsigned long mapping;
	unsigned int type_word;
	bool refzero;
};

/**
 * struct ps_aggr - state of one stats call
 * @st:		the validated request; its output fields are the counts
 * @combos:	combinations in order of first appearance (kernel copy)
 * @index:	open-addressing hash index into @combos, @index_mask + 1
 *		slots, PS_AGGR_EMPTY when unused
 * @index_mask:	slots - 1 (a power of two minus one)
 * @last_kpf:	masked kpf of the previous page ...
 * @last_combo:	... and its slot in @combos, or -1
 * @zones:	(node, zone) pairs in order of first appearance
 * @last_zone:	slot of the previous page's pair in @zones, or -1
 * @snapshots:	full or small snapshots taken (for the debugfs counters)
 * @run:	the current run of pages that count the same
 * @cur:	memmap lookups
 * @memo:	what pagesnap_kpf() remembers between pfns (6.1 folios)
 * @snap:	scratch snapshot
 */
struct ps_aggr {
	struct pagesnap_stats *st;
	struct pagesnap_stats_combo *combos;
	u16 *index;
	u32 index_mask;
	u64 last_kpf;
	int last_combo;
	struct pagesnap_stats_zone *zones;
	int last_zone;
	u64 snapshots;
	struct ps_aggr_run run;
	struct pagesnap_cursor cur;
	struct pagesnap_memo memo;
	struct pagesnap_snap snap;
};

/* A table pointer and its capacity: both zero or both set, no wrap. */
static int ps_aggr_check_table(u64 ptr, u32 n, u32 max, size_t elem)
{
	u64 end;

	if (n > max || !ptr != !n)
		return -EINVAL;
	if (check_add_overflow(ptr, (u64)n * elem, &end))
		return -EOVERFLOW;
	return 0;
}

/* Everything documented in uapi/linux/pagesnap.h, in that order. */
static int ps_aggr_check(const struct pagesnap_stats *st,
			 unsigned long pfn_end)
{
	u64 end;
	int ret;

	if (st->flags || st->reserved0 || st->reserved[0] ||
	    st->reserved[1] || st->reserved[2] || st->reserved[3])
		return -EINVAL;
	if (!st->nr_pfns)
		return -EINVAL;
	ret = ps_aggr_check_table(st->combos, st->max_combos,
				  PAGESNAP_STATS_MAX_COMBOS,
				  sizeof(struct pagesnap_stats_combo));
	if (ret)
		return ret;
	ret = ps_aggr_check_table(st->zones, st->max_zones,
				  PAGESNAP_STATS_MAX_ZONES,
				  sizeof(struct pagesnap_stats_zone));
	if (ret)
		return ret;
	if (check_add_overflow(st->start_pfn, st->nr_pfns, &end))
		return -EOVERFLOW;
	if (st->start_pfn >= pfn_end)
		return -ERANGE;
	return 0;
}

static u32 ps_aggr_hash(u64 kpf, u32 mask)
{
	return (u32)((kpf * 0x9e3779b97f4a7c15ULL) >> 40) & mask;
}

/* The combination slot of @kpf, or -1 when it is new and the table full. */
static int ps_aggr_combo(struct ps_aggr *a, u64 kpf)
{
	struct pagesnap_stats *st = a->st;
	u32 i;

	if (a->last_combo >= 0 && kpf == a->last_kpf)
		return a->last_combo;
	if (!st->max_combos)
		return -1;
	for (i = ps_aggr_hash(kpf, a->index_mask);
	     a->index[i] != PS_AGGR_EMPTY; i = (i + 1) & a->index_mask) {
		if (a->combos[a->index[i]].kpf == kpf)
			goto found;
	}
	if (st->nr_combos == st->max_combos)
		return -1;
	a->index[i] = st->nr_combos;
	a->combos[st->nr_combos].kpf = kpf;
	a->combos[st->nr_combos].pages = 0;
	st->nr_combos++;
found:
	a->last_kpf = kpf;
	a->last_combo = a->index[i];
	return a->last_combo;
}

/* The zone slot of (@nid, @zone), or -1 when it is new and the table full. */
static int ps_aggr_zone(struct ps_aggr *a, u32 nid, u32 zone)
{
	struct pagesnap_stats *st = a->st;
	struct pagesnap_stats_zone *z;
	u32 i;

	if (a->last_zone >= 0 && a->zones[a->last_zone].nid == nid &&
	    a->zones[a->last_zone].zone == zone)
		return a->last_zone;
	for (i = 0; i < st->nr_zones; i++)
		if (a->zones[i].nid == nid && a->zones[i].zone == zone)
			goto found;
	if (st->nr_zones == st->max_zones)
		return -1;
	z = &a->zones[st->nr_zones++];
	memset(z, 0, sizeof(*z));
	z->nid = nid;
	z->zone = zone;
found:
	a->last_zone = i;
	return i;
}

/* What the snapshot in @a adds, as the entry pagesnap_encode() makes of it. */
static void ps_aggr_classify(struct ps_aggr *a, struct page *page, u64 kpf,
			     struct ps_aggr_class *cls)
{
	const struct pagesnap_snap *snap = &a->snap;
	u32 kind, nid, zone, bo;

	cls->faithful = snap->flags & PS_SNAP_FAITHFUL;
	cls->free = snap->flags & PS_SNAP_FREE;
	cls->order = min_t(u32, ps_folio_order(&snap->folio),
			   PAGESNAP_STATS_ORDERS - 1);
	cls->head = !snap->idx;
	cls->type = pagesnap_page_type(snap);
	cls->kind = U32_MAX;
	if (pagesnap_mapping_kind(snap, &kind))
		cls->kind = min_t(u32, kind, PAGESNAP_STATS_KINDS - 1);
	/* the conditions under which a query entry has a buddy_order */
	cls->block = U32_MAX;
	if (cls->free && cls->type == PAGESNAP_PAGE_TYPE_BUDDY &&
	    pagesnap_buddy_order(snap, &bo))
		cls->block = min_t(u32, bo, PAGESNAP_STATS_BUDDY_ORDERS - 1);
	cls->type = min_t(u32, cls->type, PAGESNAP_STATS_TYPES - 1);
	cls->kpf = kpf & a->st->kpf_mask;
	cls->combo = ps_aggr_combo(a, cls->kpf);
	cls->zone = -1;
	if (a->st->max_zones && pagesnap_place(snap, page, &nid, &zone))
		cls->zone = ps_aggr_zone(a, nid, zone);
}

/* Add @n pages of class @cls to the counts. */
static void ps_aggr_add(struct ps_aggr *a, const struct ps_aggr_class *cls,
			u64 n)
{
	struct pagesnap_stats *st = a->st;
	struct pagesnap_stats_zone *z;

	if (cls->faithful)
		st->faithful += n;
	else
		st->unfaithful += n;
	if (cls->free)
		st->free_pages += n;
	st->by_order[cls->order] += n;
	if (cls->head)
		st->folios_by_order[cls->order] += n;
	st->by_type[cls->type] += n;
	if (cls->kind != U32_MAX)
		st->by_kind[cls->kind] += n;
	if (cls->combo < 0)
		st->other_pages += n;
	else
		a->combos[cls->combo].pages += n;
	if (cls->zone < 0) {
		st->other_zone_pages += n;
		return;
	}
	z = &a->zones[cls->zone];
	z->pages += n;
	if (cls->free)
		z->free_pages += n;
	if (cls->block != U32_MAX)
		z->free_blocks[cls->block] += n;
}

static void ps_aggr_flush(struct ps_aggr *a)
{
	if (a->run.n)
		ps_aggr_add(a, &a->run.cls, a->run.n);
	a->run.n = 0;
}

/*
 * How many pages from the live @page on count as the pages of the
 * current run (see there): 0 when @page does not.  A run of free pages
 * inside a free block takes the rest of the block at once: its pages
 * are in the state the buddy allocator keeps them in (no flags but the
 * zone's, no mapping, no memcg, refcount zero, no type), which is the
 * state of the run's first page, so their struct pages are not read.
 * They count as of the moment the block's head was last read, as
 * compaction skips over free blocks.
 */
static unsigned long ps_aggr_same(struct ps_aggr *a, struct page *page,
				  unsigned long pfn)
{
	const struct ps_aggr_run *r = &a->run;
	bool refzero;

	if (!r->n || !pagesnap_page_like(page, pfn, r->flags, r->mapping,
					 r->type_word))
		return 0;
	refzero = !page_ref_count(page);
	if (refzero != r->refzero)
		return 0;
	if (!refzero)
		return 1;
	return pagesnap_free_run(&a->cur, page, pfn, r->cls.free);
}

/* Count the pages from @pfn on, before @stop; return how many it took. */
static unsigned long ps_aggr_pfn(struct ps_aggr *a, unsigned long pfn,
				 unsigned long stop)
{
	struct page *page = pagesnap_cursor_page(&a->cur, pfn);
	struct ps_aggr_class cls;
	unsigned long n;
	bool small;
	u64 kpf;

	if (!page) {
		n = min(pagesnap_hole_span(pfn), stop - pfn);
		a->st->holes += n;
		return n;
	}
	/* the next struct page, while it is in this subsection's memmap */
	if ((pfn + 1) % PAGES_PER_SUBSECTION)
		prefetch(page + 1);
	n = ps_aggr_same(a, page, pfn);
	if (n) {
		n = min(n, stop - pfn);
		a->run.n += n;
		return n;
	}
	ps_aggr_flush(a);

	a->snapshots++;
	small = pagesnap_snapshot_small(&a->snap, page, pfn, &a->cur);
	if (!small)
		pagesnap_snapshot(&a->snap, page);
	kpf = pagesnap_kpf(&a->snap, page, &a->memo);
	ps_aggr_classify(a, page, kpf, &cls);
	if (!small || cls.block != U32_MAX || is_zero_pfn(pfn)) {
		ps_aggr_add(a, &cls, 1);
		return 1;
	}
	/* start a run with the words the snapshot was taken from */
	a->run.cls = cls;
	a->run.flags = a->snap.page.flags;
	a->run.mapping = (unsigned long)a->snap.page.mapping;
	a->run.type_word = a->snap.page.page_type;
	a->run.refzero = !atomic_read(&a->snap.page._refcount);
	a->run.n = 1;
	return 1;
}

static int ps_aggr_walk(struct ps_aggr *a, unsigned long pfn_end)
{
	struct pagesnap_stats *st = a->st;
	unsigned long pfn = st->start_pfn;
	unsigned long end = min_t(u64, st->start_pfn + st->nr_pfns, pfn_end);
	unsigned long stop;
	u64 unfaithful = st->unfaithful;
	int ret = 0;

	end = min(end, pfn + PAGESNAP_MAX_PFNS_PER_CALL);
	while (pfn < end) {
		cond_resched();
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		stop = min(end, pfn + PS_AGGR_BATCH_PFNS);
		pagesnap_memo_reset_rcu(&a->memo);
		pagesnap_cursor_reset_rcu(&a->cur);
		rcu_read_lock();
		while (pfn < stop)
			pfn += ps_aggr_pfn(a, pfn, stop);
		rcu_read_unlock();
	}
	ps_aggr_flush(a);
	pagesnap_stats_add(a->snapshots, st->unfaithful - unfaithful);
	st->next_pfn = pfn;
	st->pfns = pfn - st->start_pfn;
	return ret;
}

static int ps_aggr_alloc(struct ps_aggr *a)
{
	const struct pagesnap_stats *st = a->st;
	u32 slots;

	if (st->max_combos) {
		slots = roundup_pow_of_two(2 * st->max_combos);
		a->combos = kvmalloc_array(st->max_combos, sizeof(*a->combos),
					   GFP_KERNEL);
		a->index = kvmalloc_array(slots, sizeof(*a->index), GFP_KERNEL);
		if (!a->combos || !a->index)
			return -ENOMEM;
		memset(a->index, 0xff, slots * sizeof(*a->index));
		a->index_mask = slots - 1;
	}
	if (st->max_zones) {
		a->zones = kvmalloc_array(st->max_zones, sizeof(*a->zones),
					  GFP_KERNEL);
		if (!a->zones)
			return -ENOMEM;
	}
	return 0;
}

static void ps_aggr_clear_outputs(struct pagesnap_stats *st)
{
	st->nr_combos = 0;
	st->nr_zones = 0;
	st->next_pfn = 0;
	st->pfns = 0;
	st->holes = 0;
	st->faithful = 0;
	st->unfaithful = 0;
	st->free_pages = 0;
	st->other_pages = 0;
	st->other_zone_pages = 0;
	memset(st->by_order, 0, sizeof(st->by_order));
	memset(st->folios_by_order, 0, sizeof(st->folios_by_order));
	memset(st->by_type, 0, sizeof(st->by_type));
	memset(st->by_kind, 0, sizeof(st->by_kind));
}

static int ps_aggr_copy_out(const struct ps_aggr *a)
{
	const struct pagesnap_stats *st = a->st;

	if (st->nr_combos &&
	    copy_to_user(u64_to_user_ptr(st->combos), a->combos,
			 st->nr_combos * sizeof(*a->combos)))
		return -EFAULT;
	if (st->nr_zones &&
	    copy_to_user(u64_to_user_ptr(st->zones), a->zones,
			 st->nr_zones * sizeof(*a->zones)))
		return -EFAULT;
	return 0;
}

/**
 * pagesnap_ioctl_stats() - PAGESNAP_IOC_STATS
 * @cmd:	the command; its size field is the caller's struct size
 * @uarg:	the caller's struct pagesnap_stats
 *
 * Return: 0 or a negative errno as documented in uapi/linux/pagesnap.h.
 * On error nothing is reported back: a partial result is never success.
 */
long pagesnap_ioctl_stats(unsigned int cmd, void __user *uarg)
{
	size_t usize = _IOC_SIZE(cmd);
	unsigned long pfn_start, pfn_end;
	struct pagesnap_stats *st;
	struct ps_aggr *a;
	int ret;

	if (usize < PAGESNAP_STATS_SIZE_VER0 || usize % 8)
		return -EINVAL;
	/* ~1.3 KiB of state: not on the ioctl's stack */
	a = kzalloc(sizeof(*a) + sizeof(*st), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	st = (struct pagesnap_stats *)(a + 1);
	ret = copy_struct_from_user(st, sizeof(*st), uarg, usize);
	if (ret)
		goto out;

	pagesnap_pfn_range(&pfn_start, &pfn_end);
	ret = ps_aggr_check(st, pfn_end);
	if (ret)
		goto out;

	/* every output starts from zero, whatever the caller passed */
	ps_aggr_clear_outputs(st);
	a->st = st;
	a->last_combo = -1;
	a->last_zone = -1;
	pagesnap_cursor_init(&a->cur);
	pagesnap_memo_init(&a->memo);
	ret = ps_aggr_alloc(a);
	if (ret)
		goto out;

	ret = ps_aggr_walk(a, pfn_end);
	if (!ret)
		ret = ps_aggr_copy_out(a);
	if (!ret)
		ret = pagesnap_copy_struct_to_user(uarg, usize, st,
						   sizeof(*st));
out:
	kvfree(a->combos);
	kvfree(a->index);
	kvfree(a->zones);
	kfree(a);
	return ret;
}
