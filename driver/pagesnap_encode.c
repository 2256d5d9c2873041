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
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/siphash.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "pagesnap_internal.h"
#include "pagesnap_compat.h"

/* Page-flag bits only: no node, zone, section or LRU-generation bits. */
#define PS_RAW_FLAGS_MASK	GENMASK_ULL(NR_PAGEFLAGS - 1, 0)

/* A cgroup hierarchy deeper than this is not walked (none is in practice). */
#define PS_MEMCG_MAX_DEPTH	1024

static siphash_key_t ps_owner_key __read_mostly;

/* The ABI promises /proc/kpageflags bit numbers. */
static_assert(KPF_LOCKED == PAGESNAP_KPF_LOCKED);
static_assert(KPF_SLAB == PAGESNAP_KPF_SLAB);
static_assert(KPF_BUDDY == PAGESNAP_KPF_BUDDY);
static_assert(KPF_NOPAGE == PAGESNAP_KPF_NOPAGE);
static_assert(KPF_PGTABLE == PAGESNAP_KPF_PGTABLE);
static_assert(KPF_RESERVED == PAGESNAP_KPF_RESERVED);
static_assert(KPF_PRIVATE == PAGESNAP_KPF_PRIVATE);
static_assert(KPF_ARCH_2 == PAGESNAP_KPF_ARCH_2);

/**
 * pagesnap_encode_init() - pick this load's key for owner hashes
 */
void pagesnap_encode_init(void)
{
	get_random_bytes(&ps_owner_key, sizeof(ps_owner_key));
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
 * HUGE_ZERO (the huge zero folio is not exported to modules), and IDLE
 * where the kernel has no PG_idle (stock 6.1).
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
	return mask;
}

/**
 * pagesnap_kpf() - /proc/kpageflags bits of a snapshot
 * @snap:	the snapshot
 * @page:	the live page it was taken from
 * @memo:	per-call memo (6.1 large folios)
 *
 * The same derivation as this kernel's stable_page_flags(), applied to the
 * copies, so an entry can be compared bit for bit with /proc/kpageflags.
 * The version-specific parts come from pagesnap_compat.h.
 *
 * Return: KPF_* bits.
 */
u64 pagesnap_kpf(const struct pagesnap_snap *snap, const struct page *page,
		 struct pagesnap_memo *memo)
{
	unsigned long k = ps_kpf_word(snap);
	unsigned long f = snap->folio.flags;
	unsigned long mapping = (unsigned long)snap->folio.mapping;
	u64 u = 0;

	if (ps_kpf_mapped(snap, memo))
		u |= BIT_ULL(KPF_MMAP);
	if (mapping & PAGE_MAPPING_ANON) {
		u |= BIT_ULL(KPF_ANON);
		if (ps_kpf_ksm(mapping))
			u |= BIT_ULL(KPF_KSM);
	}

	if (snap->idx || ps_page_is_tail(&snap->page))
		u |= BIT_ULL(KPF_COMPOUND_TAIL);
	else
		u |= ps_kpf_bit(k, PG_head, KPF_COMPOUND_HEAD);
	u |= ps_kpf_compound(snap);

	if (snap->flags & PS_SNAP_FREE)
		u |= BIT_ULL(KPF_BUDDY);
	if (ps_page_is_offline(&snap->page))
		u |= BIT_ULL(KPF_OFFLINE);
	if (ps_page_is_table(&snap->page))
		u |= BIT_ULL(KPF_PGTABLE);
	if (ps_kpf_slab(snap))
		u |= BIT_ULL(KPF_SLAB);
	if (snap->flags & PS_SNAP_IDLE)
		u |= BIT_ULL(KPF_IDLE);

	u |= ps_kpf_bit(k, PG_locked, KPF_LOCKED);
	u |= ps_kpf_bit(k, PG_dirty, KPF_DIRTY);
	u |= ps_kpf_bit(k, PG_uptodate, KPF_UPTODATE);
	u |= ps_kpf_bit(k, PG_writeback, KPF_WRITEBACK);
	u |= ps_kpf_bit(k, PG_lru, KPF_LRU);
	u |= ps_kpf_bit(k, PG_referenced, KPF_REFERENCED);
	u |= ps_kpf_bit(k, PG_active, KPF_ACTIVE);
	u |= ps_kpf_bit(k, PG_reclaim, KPF_RECLAIM);

	/* PageSwapCache() asks the folio on both kernels */
	if (ps_bit(f, PG_swapbacked) && ps_bit(f, PG_swapcache))
		u |= BIT_ULL(KPF_SWAPCACHE);
	u |= ps_kpf_bit(k, PG_swapbacked, KPF_SWAPBACKED);
	u |= ps_kpf_bit(k, PG_unevictable, KPF_UNEVICTABLE);
	u |= ps_kpf_bit(k, PG_mlocked, KPF_MLOCKED);

	u |= ps_kpf_bit(k, PG_reserved, KPF_RESERVED);
	u |= ps_kpf_bit(k, PG_private, KPF_PRIVATE);
	u |= ps_kpf_bit(k, PG_private_2, KPF_PRIVATE_2);
	u |= ps_kpf_bit(k, PG_owner_priv_1, KPF_OWNER_PRIVATE);
	u |= ps_kpf_bit(k, PG_arch_1, KPF_ARCH);

	return ps_kpf_version_bits(snap, u);
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
 * really was such a pointer (a struct page changing hands under the
 * memcpy), so every dereference also goes through get_kernel_nofault():
 * a wild pointer yields no file identity instead of an oops.
 */
static bool ps_file_identity(struct pagesnap_entry *e,
			     const struct pagesnap_snap *snap,
			     unsigned long mapping, struct pagesnap_memo *memo)
{
	struct address_space *as = (struct address_space *)mapping;
	struct super_block *sb;
	struct inode *host;
	unsigned long ino;
	dev_t dev;

	if (mapping != memo->mapping) {
		if (get_kernel_nofault(host, &as->host) || !host ||
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
			    struct pagesnap_memo *memo)
{
	const struct folio *f = &snap->folio;
	unsigned long mapping = (unsigned long)f->mapping;
	unsigned long owner = mapping & ~(unsigned long)PAGE_MAPPING_FLAGS;
	bool typed = ps_page_has_type(&f->page) && !ps_folio_is_hugetlb(f);

	if (!pagesnap_mapping_kind(snap, &e->mapping_kind))
		return;
	e->valid |= PAGESNAP_VALID_MAPPING_KIND | PAGESNAP_VALID_OWNER_HASH;
	if (owner && owner != memo->owner) {
		memo->owner_hash = siphash_1u64(owner, &ps_owner_key);
		if (!memo->owner_hash)
			memo->owner_hash = 1;
		memo->owner = owner;
	}
	if (owner)
		e->owner_hash = memo->owner_hash;

	if (e->mapping_kind == PAGESNAP_MAPPING_FILE && !typed &&
	    atomic_read(&f->_refcount) > 0 &&
	    ps_file_identity(e, snap, mapping, memo))
		e->valid |= PAGESNAP_VALID_FILE;
}

static void ps_encode_counts(struct pagesnap_entry *e,
			     const struct pagesnap_snap *snap,
			     struct pagesnap_memo *memo)
{
	const struct folio *f = &snap->folio;

	e->refcount = (u32)atomic_read(&f->_refcount);
	e->mapcount = max(ps_page_mapcount(snap), 0);
	e->folio_mapcount = max(ps_folio_mapcount(snap, memo), 0);
	if (ps_folio_large(f))
		e->entire_mapcount = max(ps_entire_mapcount(f), 0);
	e->pincount = ps_pincount(f);
	if (ps_maybe_dma_pinned(f))
		e->snap_flags |= PAGESNAP_SF_DMA_PINNED;
	e->valid |= PAGESNAP_VALID_REFCOUNT | PAGESNAP_VALID_MAPCOUNT |
		    PAGESNAP_VALID_ENTIRE_MAPCOUNT |
		    PAGESNAP_VALID_FOLIO_MAPCOUNT | PAGESNAP_VALID_PINCOUNT;
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

/**
 * pagesnap_encode() - fill an entry from a snapshot
 * @e:		the entry; every byte of it is written
 * @snap:	the snapshot
 * @page:	the live page it was taken from
 * @kpf:	pagesnap_kpf() of @snap
 * @memo:	per-call memo
 *
 * Context: inside the RCU read-side section the snapshot was taken in.
 */
void pagesnap_encode(struct pagesnap_entry *e,
		     const struct pagesnap_snap *snap, const struct page *page,
		     u64 kpf, struct pagesnap_memo *memo)
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

	e->head_pfn = snap->pfn - snap->idx;
	e->order = ps_folio_order(f);
	e->index = snap->idx;

	ps_encode_counts(e, snap, memo);
	ps_encode_type(e, snap);
	ps_encode_place(e, snap, page);
	ps_encode_owner(e, snap, memo);

	if (IS_ENABLED(CONFIG_MEMCG)) {
		e->memcg_ino = ps_memcg_ino(snap, memo);
		e->valid |= PAGESNAP_VALID_MEMCG;
	}
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
