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
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "pagesnap_internal.h"
#include "pagesnap_uaccess.h"
#include "pagesnap_walk.h"

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
 * struct ps_aggr - state of one stats call
 * @w:		the walk
 * @st:		the validated request; its output fields are the counts
 * @combos:	combinations in order of first appearance (kernel copy)
 * @index:	open-addressing hash index into @combos, @index_mask + 1
 *		slots, PS_AGGR_EMPTY when unused
 * @index_mask:	slots - 1 (a power of two minus one)
 * @last_kpf:	masked kpf of the previous page ...
 * @last_combo:	... and its slot in @combos, or -1
 * @zones:	(node, zone) pairs in order of first appearance
 * @last_zone:	slot of the previous page's pair in @zones, or -1
 * @run_n:	pages of the current run not yet added to the counts
 * @run_cls:	what each of them adds: what the run's first page added
 * @head_cls:	what the last large folio's head added ...
 * @tail_cls:	... and its first tail: what a folio run's pages add
 *
 * A run's pages (struct pagesnap_walk_run) have the kpf, order, type,
 * mapping kind, node, zone and FREE fact of its first page: they derive
 * from nothing else, so the walk's run key may ignore the refcount (but
 * for zero or not), the memcg and the ->mapping's value (but for its
 * being the same); a tail run's pages are all tails of one folio, whose
 * class does not depend on the index.  Runs start only at pages that
 * head no free block (whose count depends on page_private()).  A large
 * folio's class derives from the words a folio run compares (struct
 * pagesnap_walk_frun): the kpf, order, type, mapping kind (from the
 * ->mapping's flag bits), node and zone of the head and of a tail.
 */
struct ps_aggr {
	struct pagesnap_walk w;
	struct pagesnap_stats *st;
	struct pagesnap_stats_combo *combos;
	u16 *index;
	u32 index_mask;
	u64 last_kpf;
	int last_combo;
	struct pagesnap_stats_zone *zones;
	int last_zone;
	u64 run_n;
	struct ps_aggr_class run_cls;
	struct ps_aggr_class head_cls;
	struct ps_aggr_class tail_cls;
};

static struct ps_aggr *to_aggr(struct pagesnap_walk *w)
{
	return container_of(w, struct ps_aggr, w);
}

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
	const struct pagesnap_snap *snap = &a->w.snap;
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
	if (a->run_n)
		ps_aggr_add(a, &a->run_cls, a->run_n);
	a->run_n = 0;
}

static unsigned long ps_aggr_hole(struct pagesnap_walk *w, unsigned long pfn,
				  unsigned long n)
{
	to_aggr(w)->st->holes += n;
	return n;
}

/* Count a snapshotted page; it may start a run unless it heads a block. */
static bool ps_aggr_page(struct pagesnap_walk *w, struct page *page)
{
	struct ps_aggr *a = to_aggr(w);
	struct ps_aggr_class cls;
	u64 kpf;

	ps_aggr_flush(a);
	kpf = pagesnap_kpf(&w->snap, page, &w->memo);
	ps_aggr_classify(a, page, kpf, &cls);
	ps_aggr_add(a, &cls, 1);
	if (cls.block != U32_MAX)
		return false;
	a->run_cls = cls;
	/* as pagesnap_walk_pfn() calls pagesnap_walk_note_folio() */
	if (!w->small) {
		if (!w->snap.idx)
			a->head_cls = cls;
		else if (w->snap.idx == 1)
			a->tail_cls = cls;
	}
	return true;
}

static unsigned long ps_aggr_run(struct pagesnap_walk *w, unsigned long pfn,
				 unsigned long n)
{
	to_aggr(w)->run_n += n;
	return n;
}

/* A large folio like the last one: its head's class, its first tail's. */
static unsigned long ps_aggr_folio(struct pagesnap_walk *w, unsigned long pfn,
				   unsigned long n)
{
	struct ps_aggr *a = to_aggr(w);

	ps_aggr_flush(a);
	ps_aggr_add(a, &a->head_cls, 1);
	ps_aggr_add(a, &a->tail_cls, n - 1);
	return n;
}

static const struct pagesnap_walk_ops ps_aggr_ops = {
	.hole	= ps_aggr_hole,
	.page	= ps_aggr_page,
	.run	= ps_aggr_run,
	.folio	= ps_aggr_folio,
};

/* What the class of a page does not depend on (struct ps_aggr). */
#define PS_AGGR_POLICY	(PS_RUN_MAPPING | PS_RUN_ANY_MEMCG | PS_RUN_REFZERO | \
			 PS_RUN_TAILS | PS_RUN_FOLIOS)

static int ps_aggr_walk(struct ps_aggr *a, unsigned long pfn_end,
			unsigned int policy)
{
	struct pagesnap_stats *st = a->st;
	unsigned long pfn = st->start_pfn;
	unsigned long end = min_t(u64, st->start_pfn + st->nr_pfns, pfn_end);
	int ret;

	pagesnap_walk_init(&a->w, policy, false);
	a->w.room = U64_MAX;
	/* kpf and the class read nothing of a small folio but its page */
	a->w.lean = true;
	ret = pagesnap_walk(&a->w, &ps_aggr_ops, &pfn, end);
	ps_aggr_flush(a);
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

/*
 * Count @st's range, every output from zero whatever the caller passed,
 * into @st and @a's tables.
 */
static int ps_aggr_collect(struct ps_aggr *a, struct pagesnap_stats *st,
			   unsigned long pfn_end, unsigned int policy)
{
	int ret;

	ps_aggr_clear_outputs(st);
	a->st = st;
	a->last_combo = -1;
	a->last_zone = -1;
	ret = ps_aggr_alloc(a);
	if (ret)
		return ret;
	return ps_aggr_walk(a, pfn_end, policy);
}

/* Free @a (with what was allocated in one piece with it) and its tables. */
static void ps_aggr_free(struct ps_aggr *a)
{
	kvfree(a->combos);
	kvfree(a->index);
	kvfree(a->zones);
	kfree(a);
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

	ret = ps_aggr_collect(a, st, pfn_end, PS_AGGR_POLICY);
	if (!ret)
		ret = ps_aggr_copy_out(a);
	if (!ret)
		ret = pagesnap_copy_struct_to_user(uarg, usize, st,
						   sizeof(*st));
out:
	ps_aggr_free(a);
	return ret;
}

#ifdef PAGESNAP_KUNIT
/**
 * pagesnap_stats_kunit() - a stats call into kernel tables
 * @st:		the request, table capacities set (pointers unused); the counts
 * @combos:	room for st->max_combos combinations
 * @zones:	room for st->max_zones (node, zone) pairs
 * @folio_runs:	take folio runs, as the ioctl does, or not
 *
 * Return: 0 or a negative errno.
 */
int pagesnap_stats_kunit(struct pagesnap_stats *st,
			 struct pagesnap_stats_combo *combos,
			 struct pagesnap_stats_zone *zones, bool folio_runs)
{
	unsigned int policy = PS_AGGR_POLICY;
	struct ps_aggr *a;
	int ret;

	if (!folio_runs)
		policy &= ~PS_RUN_FOLIOS;
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	ret = ps_aggr_collect(a, st, st->start_pfn + st->nr_pfns, policy);
	if (!ret) {
		memcpy(combos, a->combos, st->nr_combos * sizeof(*combos));
		memcpy(zones, a->zones, st->nr_zones * sizeof(*zones));
	}
	ps_aggr_free(a);
	return ret;
}
#endif
