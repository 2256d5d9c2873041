// SPDX-License-Identifier: GPL-2.0
/*
 * The encoder: turn a snapshot into a struct pagesnap_entry.
 *
 * Everything here reads the copies in struct pagesnap_snap.  The few
 * values that live outside the memmap (the file an address_space belongs
 * to, the memory cgroup's inode number) are read through pointers found
 * in the copy; see ps_file_identity() for why that is safe.  No pointer
 * value is ever stored in an entry: owners are reported as a keyed hash.
 */
#include <linux/bits.h>
#include <linux/cgroup.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/kernfs.h>
#include <linux/memcontrol.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/siphash.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "pagesnap_internal.h"
#include "pagesnap_compat.h"
#include "pagesnap_memmap.h"

/* Page-flag bits only: no node, zone, section or LRU-generation bits. */
#define PS_RAW_FLAGS_MASK	GENMASK_ULL(NR_PAGEFLAGS - 1, 0)

/* A cgroup hierarchy deeper than this is not walked (none is in practice). */
#define PS_MEMCG_MAX_DEPTH	1024

PS_KUNIT_VISIBLE siphash_key_t ps_owner_key __read_mostly;
PS_KUNIT_VISIBLE bool ps_owner_key_ready;
static DEFINE_MUTEX(ps_owner_key_lock);

/**
 * pagesnap_owner_key_init() - pick this load's key for owner hashes
 *
 * Called by every open(), before the file can issue an ioctl; the first
 * one waits until the kernel's RNG is seeded.
 *
 * Context: process context, may sleep.
 * Return: 0, or -ERESTARTSYS/-EINTR when a signal interrupted the wait.
 */
int pagesnap_owner_key_init(void)
{
	int ret = 0;

	/* pairs with the release below: a ready key is a written key */
	if (smp_load_acquire(&ps_owner_key_ready))
		return 0;
	if (mutex_lock_interruptible(&ps_owner_key_lock))
		return -EINTR;
	if (!ps_owner_key_ready) {
		ret = get_random_bytes_wait(&ps_owner_key,
					    sizeof(ps_owner_key));
		if (!ret) /* the key is written before it is seen ready */
			smp_store_release(&ps_owner_key_ready, true);
	}
	mutex_unlock(&ps_owner_key_lock);
	return ret;
}

/**
 * pagesnap_memo_init() - start a query call with nothing remembered
 * @memo:	the memo
 */
void pagesnap_memo_init(struct pagesnap_memo *memo)
{
	memset(memo, 0, sizeof(*memo));
	memo->head_pfn = ULONG_MAX;
}

/**
 * pagesnap_memo_reset_rcu() - forget what was only valid under RCU
 * @memo:	the memo
 *
 * Called before each RCU read-side section the walk enters: a memcg or an
 * inode resolved in an earlier section may since have been freed and its
 * memory reused by another one at the same address, and the folio whose
 * mapcount is remembered may have been freed (the walk may have slept)
 * and a new one allocated at the same head pfn with the same order.
 */
void pagesnap_memo_reset_rcu(struct pagesnap_memo *memo)
{
	memo->head_pfn = ULONG_MAX;
	memo->memcg_data = 0;
	memo->memcg_ino = 0;
	memo->mapping = 0;
}

/**
 * pagesnap_valid_mask() - the entry fields this kernel can ever fill
 *
 * Return: PAGESNAP_VALID_* bits.  Missing on the stock kernels:
 * HUGE_ZERO (they do not export huge_zero_pfn), and IDLE where the kernel
 * has no PG_idle (stock 6.1).
 */
u64 pagesnap_valid_mask(void)
{
	u64 mask = PAGESNAP_VALID_KPF | PAGESNAP_VALID_RAW_FLAGS |
		   PAGESNAP_VALID_FOLIO | PAGESNAP_VALID_REFCOUNT |
		   PAGESNAP_VALID_MAPCOUNT | PAGESNAP_VALID_ENTIRE_MAPCOUNT |
		   PAGESNAP_VALID_FOLIO_MAPCOUNT | PAGESNAP_VALID_PINCOUNT |
		   PAGESNAP_VALID_PAGE_TYPE | PAGESNAP_VALID_BUDDY_ORDER |
		   PAGESNAP_VALID_NODE_ZONE | PAGESNAP_VALID_MAPPING_KIND |
		   PAGESNAP_VALID_FILE | PAGESNAP_VALID_OWNER_HASH;

	if (IS_ENABLED(CONFIG_MEMCG))
		mask |= PAGESNAP_VALID_MEMCG;
	if (PS_HAVE_IDLE)
		mask |= PAGESNAP_VALID_IDLE;
	if (PS_HAVE_HUGE_ZERO)
		mask |= PAGESNAP_VALID_HUGE_ZERO;
	return mask;
}

/*
 * page_cgroup_ino() without the export: the memcg the copy names, or its
 * closest online ancestor, as an inode number; 0 for none.
 *
 * Called under rcu_read_lock(), in the same section the snapshot was taken
 * in.  A memcg or objcg that a page was charged to at that moment is freed
 * only after an RCU grace period, so the pointers stay readable until we
 * leave the section.  The copy may still hold a value that was never such
 * a pointer (a page changing owner under the copy), so each dereference
 * goes through get_kernel_nofault() and a failure means "no memcg".
 */
#ifdef CONFIG_MEMCG
static u64 ps_memcg_resolve(unsigned long data)
{
	struct mem_cgroup *memcg;
	int depth;

	if (data & PS_MEMCG_DATA_NOT_MEMCG)
		return 0;
	if (data & MEMCG_DATA_KMEM) {
		struct obj_cgroup *objcg;

		objcg = (struct obj_cgroup *)(data & ~PS_MEMCG_DATA_MASK);
		if (get_kernel_nofault(memcg, &objcg->memcg))
			return 0;
	} else {
		memcg = (struct mem_cgroup *)(data & ~PS_MEMCG_DATA_MASK);
	}

	for (depth = 0; memcg && depth < PS_MEMCG_MAX_DEPTH; depth++) {
		struct cgroup_subsys_state *parent;
		struct kernfs_node *kn;
		struct cgroup *cgrp;
		unsigned int flags;
		u64 id;

		if (get_kernel_nofault(flags, &memcg->css.flags))
			return 0;
		if (flags & CSS_ONLINE) {
			if (get_kernel_nofault(cgrp, &memcg->css.cgroup) ||
			    get_kernel_nofault(kn, &cgrp->kn) ||
			    get_kernel_nofault(id, &kn->id))
				return 0;
			return kernfs_id_ino(id);
		}
		if (get_kernel_nofault(parent, &memcg->css.parent))
			return 0;
		memcg = parent ? container_of(parent, struct mem_cgroup, css) :
				 NULL;
	}
	return 0;
}

/* Pages in a row mostly share a memcg: resolve each value once. */
static u64 ps_memcg_ino(const struct pagesnap_snap *snap,
			struct pagesnap_memo *memo)
{
	unsigned long data = ps_memcg_data(snap);

	if (!data)
		return 0;
	if (data != memo->memcg_data) {
		memo->memcg_ino = ps_memcg_resolve(data);
		memo->memcg_data = data;
	}
	return memo->memcg_ino;
}
#else
static u64 ps_memcg_ino(const struct pagesnap_snap *snap,
			struct pagesnap_memo *memo)
{
	return 0;
}
#endif

/*
 * Device, inode and page offset of a page-cache page.
 *
 * Safety argument.  The caller took the snapshot inside the RCU read-side
 * section it still holds, and only asks for folios that were in the page
 * cache at that moment: a FILE mapping, a non-zero refcount, neither slab
 * nor a typed page.  Such a folio->mapping points to the address_space
 * embedded in a live inode: the page cache is emptied before evict()
 * destroys an inode, and inodes are freed through call_rcu(), so the inode
 * cannot be freed and reused before we leave the section.  ->host and
 * ->i_sb are fixed for the life of the inode, and a super_block outlives
 * its inodes.  If the folio is truncated or reclaimed after the copy, the
 * answer is the file it belonged to at snapshot time, exactly as stale as
 * any /proc/kpage* read.  What the copy cannot prove is that the value
 * really was such a pointer: a struct page changing hands under the
 * memcpy (a slab page being freed can pair the old slab's words with a
 * cleared type) makes any kernel word look like a FILE mapping.  So every
 * dereference goes through get_kernel_nofault(), and the value counts as
 * an address_space only if its inode points back at it
 * (host->i_mapping == mapping, true of every page-cache mapping): a wild
 * pointer yields no file identity instead of an oops or a made-up file.
 */
static bool ps_file_identity(struct pagesnap_entry *e,
			     const struct pagesnap_snap *snap,
			     unsigned long mapping, struct pagesnap_memo *memo)
{
	struct address_space *as = (struct address_space *)mapping;
	struct address_space *back;
	struct super_block *sb;
	struct inode *host;
	unsigned long ino;
	dev_t dev;

	if (mapping != memo->mapping) {
		if (get_kernel_nofault(host, &as->host) || !host ||
		    get_kernel_nofault(back, &host->i_mapping) || back != as ||
		    get_kernel_nofault(sb, &host->i_sb) || !sb ||
		    get_kernel_nofault(ino, &host->i_ino) ||
		    get_kernel_nofault(dev, &sb->s_dev))
			return false;
		memo->mapping = mapping;
		memo->file_ino = ino;
		memo->file_dev = dev;
	}

	e->file_dev_major = MAJOR(memo->file_dev);
	e->file_dev_minor = MINOR(memo->file_dev);
	e->file_ino = memo->file_ino;
	e->file_index = ps_file_index(snap);
	return true;
}

static u32 ps_mapping_kind(unsigned long mapping)
{
	switch (mapping & PAGE_MAPPING_FLAGS) {
	case PAGE_MAPPING_ANON:
		return PAGESNAP_MAPPING_ANON;
	case PAGE_MAPPING_KSM:
		return PAGESNAP_MAPPING_KSM;
	case PAGE_MAPPING_MOVABLE:
		return PAGESNAP_MAPPING_MOVABLE;
	default:
		return mapping ? PAGESNAP_MAPPING_FILE : PAGESNAP_MAPPING_NONE;
	}
}

/**
 * pagesnap_mapping_kind() - what folio->mapping of a snapshot points to
 * @snap:	the snapshot
 * @kind:	PAGESNAP_MAPPING_*
 *
 * Return: false when ->mapping means something else (slab, page tables).
 */
bool pagesnap_mapping_kind(const struct pagesnap_snap *snap, u32 *kind)
{
	/* slab and page tables reuse ->mapping for other things */
	if (ps_folio_is_slab(&snap->folio) || ps_page_is_table(&snap->page))
		return false;
	*kind = ps_mapping_kind((unsigned long)snap->folio.mapping);
	return true;
}

/* Owner fields: what folio->mapping points to, never where. */
static void ps_encode_owner(struct pagesnap_entry *e,
			    const struct pagesnap_snap *snap,
			    struct pagesnap_memo *memo, u64 want)
{
	const struct folio *f = &snap->folio;
	unsigned long mapping = (unsigned long)f->mapping;
	unsigned long owner = mapping & ~(unsigned long)PAGE_MAPPING_FLAGS;
	bool typed = ps_page_has_type(&f->page) && !ps_folio_is_hugetlb(f);

	if (!pagesnap_mapping_kind(snap, &e->mapping_kind))
		return;
	e->valid |= PAGESNAP_VALID_MAPPING_KIND;
	if (want & PAGESNAP_VALID_OWNER_HASH) {
		e->valid |= PAGESNAP_VALID_OWNER_HASH;
		if (owner && owner != memo->owner) {
			memo->owner_hash = siphash_1u64(owner, &ps_owner_key);
			if (!memo->owner_hash)
				memo->owner_hash = 1;
			memo->owner = owner;
		}
		if (owner)
			e->owner_hash = memo->owner_hash;
	}

	if (want & PAGESNAP_VALID_FILE &&
	    e->mapping_kind == PAGESNAP_MAPPING_FILE && !typed &&
	    atomic_read(&f->_refcount) > 0 &&
	    ps_file_identity(e, snap, mapping, memo))
		e->valid |= PAGESNAP_VALID_FILE;
}

/* ---- mapcounts of large folios ---------------------------------------- */

#ifdef PS_MM_612
/* 6.12 keeps the whole count in the folio: no walk over the tails. */
static int ps_folio_mapcount(const struct pagesnap_snap *s,
			     struct pagesnap_memo *memo)
{
	int mapcount;

	if (ps_folio_large(&s->folio))
		return atomic_read(&s->folio._large_mapcount) + 1;
	mapcount = atomic_read(&s->folio._mapcount) + 1;
	return page_mapcount_is_type(mapcount) ? 0 : mapcount;
}

/* KPF_MMAP of 6.12: page_mapped() is folio_mapped() of the folio */
bool pagesnap_folio_mapped(const struct pagesnap_snap *s,
			   struct pagesnap_memo *memo)
{
	return ps_folio_mapcount(s, memo) >= 1;
}
#else /* 6.1 */
/*
 * 6.1 keeps per-page mapcounts in every tail page, which the snapshot does
 * not copy: folio_mapcount() and folio_mapped() of a large folio read them
 * from the live memmap, racily, exactly as the kernel's own helpers do.
 * Every section crossed is checked to be online before its memmap is read.
 * The result is memoised per folio for the rest of the RCU read-side
 * section (pagesnap_memo_reset_rcu()).
 */
static void ps61_walk_tails(const struct pagesnap_snap *s,
			    struct pagesnap_memo *memo)
{
	unsigned long head_pfn = s->pfn - s->idx;
	unsigned long nr = ps_folio_nr_pages(&s->folio);
	const struct folio *f = &s->folio;
	const struct page *p = NULL;
	int entire = ps_entire_mapcount(f);
	long sum = entire;
	bool mapped = entire >= 1;
	unsigned long i;

	if (!ps_folio_is_hugetlb(f)) {
		for (i = 0; i < nr; i++) {
			int m;

			if (!p || !((head_pfn + i) % PAGES_PER_SECTION)) {
				p = ps_pfn_to_online_page(head_pfn + i);
				if (!p)
					break;
			} else {
				p++;
			}
			m = atomic_read(&p->_mapcount) + 1;
			sum += m;
			mapped |= m >= 1;
		}
		if (!ps_folio_is_anon(f))
			sum -= (long)entire * nr;
		else if (ps_bit(f->_flags_1, PG_double_map))
			sum -= nr;
	}
	memo->head_pfn = head_pfn;
	memo->order = ps_folio_order(f);
	memo->mapcount = max(sum, 0L);
	memo->mapped = mapped;
}

static void ps61_fill_memo(const struct pagesnap_snap *s,
			   struct pagesnap_memo *memo)
{
	if (memo->head_pfn != s->pfn - s->idx ||
	    memo->order != ps_folio_order(&s->folio))
		ps61_walk_tails(s, memo);
}

static int ps_folio_mapcount(const struct pagesnap_snap *s,
			     struct pagesnap_memo *memo)
{
	if (ps_folio_is_slab(&s->folio) || ps_page_has_type(&s->folio.page))
		return 0;
	if (!ps_folio_large(&s->folio))
		return atomic_read(&s->folio._mapcount) + 1;
	ps61_fill_memo(s, memo);
	return memo->mapcount;
}

/* KPF_MMAP of 6.1: !PageSlab(page) && folio_mapped(folio) */
bool pagesnap_folio_mapped(const struct pagesnap_snap *s,
			   struct pagesnap_memo *memo)
{
	if (ps_folio_is_slab(&s->folio))
		return false;
	if (!ps_folio_large(&s->folio))
		return atomic_read(&s->folio._mapcount) >= 0;
	ps61_fill_memo(s, memo);
	return memo->mapped;
}
#endif

static void ps_encode_counts(struct pagesnap_entry *e,
			     const struct pagesnap_snap *snap,
			     struct pagesnap_memo *memo, u64 want)
{
	const struct folio *f = &snap->folio;

	if (want & PAGESNAP_VALID_REFCOUNT)
		e->refcount = (u32)atomic_read(&f->_refcount);
	if (want & PAGESNAP_VALID_MAPCOUNT)
		e->mapcount = max(ps_page_mapcount(snap), 0);
	if (want & PAGESNAP_VALID_FOLIO_MAPCOUNT)
		e->folio_mapcount = max(ps_folio_mapcount(snap, memo), 0);
	if (want & PAGESNAP_VALID_ENTIRE_MAPCOUNT && ps_folio_large(f))
		e->entire_mapcount = max(ps_entire_mapcount(f), 0);
	if (want & PAGESNAP_VALID_PINCOUNT) {
		e->pincount = ps_pincount(f);
		if (ps_maybe_dma_pinned(f))
			e->snap_flags |= PAGESNAP_SF_DMA_PINNED;
	}
	e->valid |= want & (PAGESNAP_VALID_REFCOUNT | PAGESNAP_VALID_MAPCOUNT |
			    PAGESNAP_VALID_ENTIRE_MAPCOUNT |
			    PAGESNAP_VALID_FOLIO_MAPCOUNT |
			    PAGESNAP_VALID_PINCOUNT);
}

/**
 * pagesnap_page_type() - PAGESNAP_PAGE_TYPE_* of a snapshot
 * @snap:	the snapshot
 *
 * Return: the type, PAGESNAP_PAGE_TYPE_NONE for an untyped page.
 */
u32 pagesnap_page_type(const struct pagesnap_snap *snap)
{
	const struct folio *f = &snap->folio;

	if (ps_folio_is_slab(f))
		return PAGESNAP_PAGE_TYPE_SLAB;
	if (ps_folio_is_hugetlb(f))
		return PAGESNAP_PAGE_TYPE_HUGETLB;
	return ps_page_own_type(&snap->page);
}

/**
 * pagesnap_buddy_order() - order of the free block a snapshot heads
 * @snap:	the snapshot
 * @order:	the order
 *
 * Return: false unless the page is the first page of a free block.
 */
bool pagesnap_buddy_order(const struct pagesnap_snap *snap, u32 *order)
{
	/* buddy_order() is page_private() of the first page of the block */
	if (!ps_page_is_buddy(&snap->page) ||
	    snap->page.private > PS_MAX_BUDDY_ORDER)
		return false;
	*order = snap->page.private;
	return true;
}

static void ps_encode_type(struct pagesnap_entry *e,
			   const struct pagesnap_snap *snap)
{
	e->page_type = pagesnap_page_type(snap);
	e->valid |= PAGESNAP_VALID_PAGE_TYPE;
	if (pagesnap_buddy_order(snap, &e->buddy_order))
		e->valid |= PAGESNAP_VALID_BUDDY_ORDER;
}

/**
 * pagesnap_place() - NUMA node and zone of a snapshot
 * @snap:	the snapshot
 * @page:	the live page it was taken from
 * @nid:	the node
 * @zone:	PAGESNAP_ZONE_*
 *
 * Return: false when the copy names no node or zone this driver knows.
 */
bool pagesnap_place(const struct pagesnap_snap *snap, const struct page *page,
		    u32 *nid, u32 *zone)
{
	int n = ps_page_nid(&snap->page, page);
	u32 z = ps_zone_of(&snap->page);

	if (n < 0 || n >= MAX_NUMNODES || z == U32_MAX)
		return false;
	*nid = n;
	*zone = z;
	return true;
}

static void ps_encode_place(struct pagesnap_entry *e,
			    const struct pagesnap_snap *snap,
			    const struct page *page)
{
	if (pagesnap_place(snap, page, &e->nid, &e->zone))
		e->valid |= PAGESNAP_VALID_NODE_ZONE;
}

/* What each group of PAGESNAP_VALID_* bits costs to find. */
#define PS_WANT_COUNTS	(PAGESNAP_VALID_REFCOUNT | PAGESNAP_VALID_MAPCOUNT | \
			 PAGESNAP_VALID_ENTIRE_MAPCOUNT | \
			 PAGESNAP_VALID_FOLIO_MAPCOUNT | PAGESNAP_VALID_PINCOUNT)
#define PS_WANT_TYPE	(PAGESNAP_VALID_PAGE_TYPE | PAGESNAP_VALID_BUDDY_ORDER)
#define PS_WANT_OWNER	(PAGESNAP_VALID_MAPPING_KIND | PAGESNAP_VALID_FILE | \
			 PAGESNAP_VALID_OWNER_HASH)

/**
 * pagesnap_encode_fields() - fill the wanted fields of an entry
 * @e:		the entry; every byte of it is written, unwanted fields 0
 * @snap:	the snapshot
 * @page:	the live page it was taken from
 * @kpf:	pagesnap_kpf() of @snap, or 0 when kpf is not wanted
 * @memo:	per-section memo
 * @want:	PAGESNAP_VALID_* bits of the fields to fill; pfn, kpf,
 *		raw_flags, snap_flags and the folio fields cost nothing and
 *		are always filled, the others only when asked for (a
 *		field's valid bit is set only when it was asked for)
 *
 * Context: inside the RCU read-side section the snapshot was taken in.
 */
void pagesnap_encode_fields(struct pagesnap_entry *e,
			    const struct pagesnap_snap *snap,
			    const struct page *page, u64 kpf,
			    struct pagesnap_memo *memo, u64 want)
{
	const struct folio *f = &snap->folio;

	memset(e, 0, sizeof(*e));
	e->pfn = snap->pfn;
	e->nr_pages = 1;
	e->kpf = kpf;
	e->raw_flags = f->flags & PS_RAW_FLAGS_MASK;
	e->valid = PAGESNAP_VALID_KPF | PAGESNAP_VALID_RAW_FLAGS |
		   PAGESNAP_VALID_FOLIO;

	if (snap->flags & PS_SNAP_FAITHFUL)
		e->snap_flags |= PAGESNAP_SF_FAITHFUL;
	if (snap->flags & PS_SNAP_FREE)
		e->snap_flags |= PAGESNAP_SF_FREE;
	if (PS_HAVE_IDLE && (snap->flags & PS_SNAP_IDLE))
		e->snap_flags |= PAGESNAP_SF_IDLE;
	if (PS_HAVE_IDLE)
		e->valid |= PAGESNAP_VALID_IDLE;
	if (is_zero_pfn(snap->pfn))
		e->snap_flags |= PAGESNAP_SF_ZERO_PAGE;
	if (PS_HAVE_HUGE_ZERO)
		e->valid |= PAGESNAP_VALID_HUGE_ZERO;
	if (ps_is_huge_zero_pfn(snap->pfn))
		e->snap_flags |= PAGESNAP_SF_HUGE_ZERO;

	e->head_pfn = snap->pfn - snap->idx;
	e->order = ps_folio_order(f);
	e->index = snap->idx;

	if (want & PS_WANT_COUNTS)
		ps_encode_counts(e, snap, memo, want);
	if (want & PS_WANT_TYPE)
		ps_encode_type(e, snap);
	if (want & PAGESNAP_VALID_NODE_ZONE)
		ps_encode_place(e, snap, page);
	if (want & PS_WANT_OWNER)
		ps_encode_owner(e, snap, memo, want);

	if (IS_ENABLED(CONFIG_MEMCG) && want & PAGESNAP_VALID_MEMCG) {
		e->memcg_ino = ps_memcg_ino(snap, memo);
		e->valid |= PAGESNAP_VALID_MEMCG;
	}
}

/**
 * pagesnap_encode() - fill an entry from a snapshot
 * @e:		the entry; every byte of it is written
 * @snap:	the snapshot
 * @page:	the live page it was taken from
 * @kpf:	pagesnap_kpf() of @snap
 * @memo:	per-section memo
 *
 * Context: inside the RCU read-side section the snapshot was taken in.
 */
void pagesnap_encode(struct pagesnap_entry *e,
		     const struct pagesnap_snap *snap, const struct page *page,
		     u64 kpf, struct pagesnap_memo *memo)
{
	pagesnap_encode_fields(e, snap, page, kpf, memo, PAGESNAP_VALID_ALL);
}

/**
 * pagesnap_encode_hole() - fill an entry for a pfn without an online page
 * @e:		the entry; every byte of it is written
 * @pfn:	the pfn
 */
void pagesnap_encode_hole(struct pagesnap_entry *e, unsigned long pfn)
{
	memset(e, 0, sizeof(*e));
	e->pfn = pfn;
	e->nr_pages = 1;
	e->snap_flags = PAGESNAP_SF_HOLE;
	e->kpf = BIT_ULL(KPF_NOPAGE);
	e->valid = PAGESNAP_VALID_KPF;
}
