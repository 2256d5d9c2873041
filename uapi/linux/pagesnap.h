/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * pagesnap: consistent, sanitized snapshots of physical pages.
 *
 * /dev/pagesnap serves read-only snapshots of the kernel's memmap.  Each
 * page is copied with the snapshot_page() algorithm (a memcpy of the
 * struct page and its folio, retried when the compound state changes under
 * the reader) and encoded into a struct pagesnap_entry that carries no
 * kernel address, only stable, documented values.
 *
 * ABI rules
 * ---------
 * - Every structure is made of __u32/__u64 only, has no implicit padding
 *   and a size that is a multiple of 8 bytes.
 * - Structures grow only at their end.  The size of the caller's structure
 *   travels in the ioctl number (_IOC_SIZE(cmd)); the driver accepts any
 *   size >= the *_SIZE_VER0 constant, treats bytes it does not know as
 *   "must be zero" on input (E2BIG otherwise) and zero-fills what the
 *   caller has but it does not on output, as copy_struct_from_user() does.
 *   Use the PAGESNAP_IOC_* macros: they encode the size of the structures
 *   this header was built with.
 * - Entries grow the same way: the caller states its entry_size and the
 *   driver writes min(entry_size, its own size) bytes of each entry, then
 *   zeroes the rest.  pagesnap_entry.valid says which fields this kernel
 *   filled: an absent field is not the same as a zero field.
 * - Unknown flags and non-zero reserved fields are rejected with EINVAL;
 *   an unknown command fails with ENOTTY.
 * - 32-bit callers on a 64-bit kernel use the same structures (pointers
 *   travel as __u64).
 *
 * The ioctl magic 0xB9 is not used by any entry of
 * Documentation/userspace-api/ioctl/ioctl-number.rst (checked against
 * Linux 6.12); pagesnap uses numbers 0x00-0x0F of it.
 *
 * Access: the device node is root only by its mode (0600), and open()
 * also requires CAP_SYS_ADMIN.  /proc/kpageflags has mode 0400 and checks
 * no capability; CAP_SYS_ADMIN is the bar /proc/PID/pagemap sets before
 * it shows pfns, and an entry ties a pfn to its owner, file and cgroup.
 */
#ifndef _UAPI_LINUX_PAGESNAP_H
#define _UAPI_LINUX_PAGESNAP_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define PAGESNAP_DEVICE_PATH	"/dev/pagesnap"

/* Bumped only for incompatible changes; growth is by size, not version. */
#define PAGESNAP_ABI_VERSION	1

/*
 * Page flag bits of pagesnap_entry.kpf.  Bits 0-26 are the KPF_* bits of
 * <linux/kernel-page-flags.h> and mean exactly what /proc/kpageflags means
 * by them; the names are repeated here so that this header stands alone.
 * Bits 32 and up are the "kernel hacker" bits that /proc/kpageflags also
 * exports (page-types -r); their meaning may change between kernels.
 */
#define PAGESNAP_KPF_LOCKED		0
#define PAGESNAP_KPF_ERROR		1
#define PAGESNAP_KPF_REFERENCED		2
#define PAGESNAP_KPF_UPTODATE		3
#define PAGESNAP_KPF_DIRTY		4
#define PAGESNAP_KPF_LRU		5
#define PAGESNAP_KPF_ACTIVE		6
#define PAGESNAP_KPF_SLAB		7
#define PAGESNAP_KPF_WRITEBACK		8
#define PAGESNAP_KPF_RECLAIM		9
#define PAGESNAP_KPF_BUDDY		10
#define PAGESNAP_KPF_MMAP		11
#define PAGESNAP_KPF_ANON		12
#define PAGESNAP_KPF_SWAPCACHE		13
#define PAGESNAP_KPF_SWAPBACKED		14
#define PAGESNAP_KPF_COMPOUND_HEAD	15
#define PAGESNAP_KPF_COMPOUND_TAIL	16
#define PAGESNAP_KPF_HUGE		17
#define PAGESNAP_KPF_UNEVICTABLE	18
#define PAGESNAP_KPF_HWPOISON		19
#define PAGESNAP_KPF_NOPAGE		20
#define PAGESNAP_KPF_KSM		21
#define PAGESNAP_KPF_THP		22
#define PAGESNAP_KPF_OFFLINE		23
#define PAGESNAP_KPF_ZERO_PAGE		24
#define PAGESNAP_KPF_IDLE		25
#define PAGESNAP_KPF_PGTABLE		26
#define PAGESNAP_KPF_RESERVED		32
#define PAGESNAP_KPF_MLOCKED		33
#define PAGESNAP_KPF_OWNER_2		34	/* 6.1: MAPPEDTODISK */
#define PAGESNAP_KPF_PRIVATE		35
#define PAGESNAP_KPF_PRIVATE_2		36
#define PAGESNAP_KPF_OWNER_PRIVATE	37
#define PAGESNAP_KPF_ARCH		38
#define PAGESNAP_KPF_UNCACHED		39	/* 6.1 only */
#define PAGESNAP_KPF_SOFTDIRTY		40	/* never set: not a page flag */
#define PAGESNAP_KPF_ARCH_2		41
#define PAGESNAP_KPF_ARCH_3		42

/* pagesnap_entry.snap_flags: facts about the snapshot itself. */
#define PAGESNAP_SF_FAITHFUL	(1ULL << 0) /* page and folio were consistent */
#define PAGESNAP_SF_FREE	(1ULL << 1) /* free in the buddy allocator */
#define PAGESNAP_SF_IDLE	(1ULL << 2) /* folio marked idle */
#define PAGESNAP_SF_ZERO_PAGE	(1ULL << 3) /* the shared zero page */
#define PAGESNAP_SF_HUGE_ZERO	(1ULL << 4) /* part of the huge zero folio */
#define PAGESNAP_SF_HOLE	(1ULL << 5) /* no online struct page: no other field */
#define PAGESNAP_SF_DMA_PINNED	(1ULL << 6) /* folio_maybe_dma_pinned() */

/*
 * pagesnap_entry.valid: which fields the driver filled.  pfn and
 * snap_flags are always valid.  The driver also reports, in
 * pagesnap_info.valid_mask, the fields this kernel can ever fill.
 */
#define PAGESNAP_VALID_KPF		(1ULL << 0)  /* kpf */
#define PAGESNAP_VALID_RAW_FLAGS	(1ULL << 1)  /* raw_flags */
#define PAGESNAP_VALID_FOLIO		(1ULL << 2)  /* head_pfn, order, index */
#define PAGESNAP_VALID_REFCOUNT		(1ULL << 3)  /* refcount */
#define PAGESNAP_VALID_MAPCOUNT		(1ULL << 4)  /* mapcount */
#define PAGESNAP_VALID_ENTIRE_MAPCOUNT	(1ULL << 5)  /* entire_mapcount */
#define PAGESNAP_VALID_FOLIO_MAPCOUNT	(1ULL << 6)  /* folio_mapcount */
#define PAGESNAP_VALID_PINCOUNT		(1ULL << 7)  /* pincount, SF_DMA_PINNED */
#define PAGESNAP_VALID_PAGE_TYPE	(1ULL << 8)  /* page_type */
#define PAGESNAP_VALID_BUDDY_ORDER	(1ULL << 9)  /* buddy_order */
#define PAGESNAP_VALID_NODE_ZONE	(1ULL << 10) /* nid, zone */
#define PAGESNAP_VALID_MEMCG		(1ULL << 11) /* memcg_ino */
#define PAGESNAP_VALID_MAPPING_KIND	(1ULL << 12) /* mapping_kind */
#define PAGESNAP_VALID_FILE		(1ULL << 13) /* file_dev_*, file_ino, file_index */
#define PAGESNAP_VALID_OWNER_HASH	(1ULL << 14) /* owner_hash */
#define PAGESNAP_VALID_IDLE		(1ULL << 15) /* SF_IDLE is meaningful */
#define PAGESNAP_VALID_HUGE_ZERO	(1ULL << 16) /* SF_HUGE_ZERO is meaningful */
#define PAGESNAP_VALID_ALL		((1ULL << 17) - 1)

/* pagesnap_entry.page_type: the kernel's page type, if any. */
#define PAGESNAP_PAGE_TYPE_NONE		0
#define PAGESNAP_PAGE_TYPE_BUDDY	1
#define PAGESNAP_PAGE_TYPE_OFFLINE	2
#define PAGESNAP_PAGE_TYPE_TABLE	3
#define PAGESNAP_PAGE_TYPE_GUARD	4
#define PAGESNAP_PAGE_TYPE_HUGETLB	5
#define PAGESNAP_PAGE_TYPE_SLAB		6
#define PAGESNAP_PAGE_TYPE_ZSMALLOC	7
#define PAGESNAP_PAGE_TYPE_UNACCEPTED	8
#define PAGESNAP_PAGE_TYPE_UNKNOWN	255 /* a type this driver cannot name */

/* pagesnap_entry.mapping_kind: what folio->mapping points to. */
#define PAGESNAP_MAPPING_NONE		0
#define PAGESNAP_MAPPING_ANON		1 /* an anon_vma */
#define PAGESNAP_MAPPING_KSM		2 /* a KSM stable node */
#define PAGESNAP_MAPPING_FILE		3 /* an address_space (page cache) */
#define PAGESNAP_MAPPING_MOVABLE	4 /* non-LRU movable (balloon, zsmalloc) */

/* pagesnap_entry.zone: a stable zone number, whatever the kernel config. */
#define PAGESNAP_ZONE_DMA		0
#define PAGESNAP_ZONE_DMA32		1
#define PAGESNAP_ZONE_NORMAL		2
#define PAGESNAP_ZONE_HIGHMEM		3
#define PAGESNAP_ZONE_MOVABLE		4
#define PAGESNAP_ZONE_DEVICE		5

/**
 * struct pagesnap_entry - sanitized snapshot of one physical page
 * @pfn:	the page frame number this entry describes
 * @valid:	PAGESNAP_VALID_* bits: fields the driver filled
 * @kpf:	PAGESNAP_KPF_* bits, as /proc/kpageflags reports them; only
 *		on a kernel whose valid_mask lacks PAGESNAP_VALID_HUGE_ZERO
 *		(it does not export the huge zero folio's pfn) do the pages
 *		of that folio lack the THP and ZERO_PAGE bits kpageflags has
 * @raw_flags:	the folio's page-flag bits (PG_*), kernel-version specific;
 *		node, zone and section bits are masked out
 * @snap_flags:	PAGESNAP_SF_* bits
 * @head_pfn:	pfn of the first page of the folio
 * @memcg_ino:	inode number of the memory cgroup, as /proc/kpagecgroup
 * @file_ino:	inode number of the file, for page-cache pages
 * @file_index:	page index of this page in the file (offset / page size)
 * @owner_hash:	keyed hash of the owning object (address_space, anon_vma,
 *		...); equal for pages with the same owner, stable while the
 *		module stays loaded, new key at every load (taken from
 *		the kernel's RNG once it is seeded); 0 if no owner
 * @file_dev_major: major number of the file's device: the s_dev of its
 *		superblock, as the MAJ:MIN of /proc/PID/mountinfo shows it.
 *		stat(2)'s st_dev is the same on most file systems, but not
 *		on btrfs (st_dev is the subvolume's anonymous device) nor
 *		through overlayfs (the page cache, and so this field and
 *		@file_ino, belong to the upper or lower file on its own file
 *		system; stat(2) of the overlay path reports an overlayfs
 *		device and may report another inode number)
 * @file_dev_minor: minor number of the file's device (see @file_dev_major)
 * @refcount:	page_count() of the folio
 * @mapcount:	precise number of mappings of this page
 * @entire_mapcount: mappings of the whole folio (PMD/PUD maps)
 * @folio_mapcount: total mappings of all pages of the folio
 * @pincount:	FOLL_PIN pins of a large folio (0 for small folios; see
 *		PAGESNAP_SF_DMA_PINNED)
 * @order:	folio order (log2 of its number of pages)
 * @index:	index of this page inside its folio
 * @page_type:	PAGESNAP_PAGE_TYPE_*
 * @buddy_order: order of the free block this page heads (buddy heads only)
 * @mapping_kind: PAGESNAP_MAPPING_*
 * @nid:	NUMA node
 * @zone:	PAGESNAP_ZONE_*
 * @nr_pages:	pages this entry stands for, from @pfn on: 1, or more in a
 *		run (PAGESNAP_QUERY_RUNS); 0 from a driver without
 *		PAGESNAP_FEAT_RUNS, which does not know the field (read: 1)
 */
struct pagesnap_entry {
	__u64 pfn;
	__u64 valid;
	__u64 kpf;
	__u64 raw_flags;
	__u64 snap_flags;
	__u64 head_pfn;
	__u64 memcg_ino;
	__u64 file_ino;
	__u64 file_index;
	__u64 owner_hash;
	__u32 file_dev_major;
	__u32 file_dev_minor;
	__u32 refcount;
	__u32 mapcount;
	__u32 entire_mapcount;
	__u32 folio_mapcount;
	__u32 pincount;
	__u32 order;
	__u32 index;
	__u32 page_type;
	__u32 buddy_order;
	__u32 mapping_kind;
	__u32 nid;
	__u32 zone;
	__u64 nr_pages;
};

#define PAGESNAP_ENTRY_SIZE_VER0	136 /* first published entry */
#define PAGESNAP_ENTRY_SIZE_VER1	144 /* added nr_pages */

/* pagesnap_info.backend */
#define PAGESNAP_BACKEND_PORT		1 /* the driver's own snapshot_page() */
#define PAGESNAP_BACKEND_NATIVE		2 /* the kernel's exported snapshot_page() */

/* pagesnap_info.features */
#define PAGESNAP_FEAT_FILTER		(1ULL << 0) /* query filters */
#define PAGESNAP_FEAT_SKIP_HOLES	(1ULL << 1) /* PAGESNAP_QUERY_SKIP_HOLES */
#define PAGESNAP_FEAT_STATS		(1ULL << 2) /* PAGESNAP_IOC_STATS */
#define PAGESNAP_FEAT_RUNS		(1ULL << 3) /* PAGESNAP_QUERY_RUNS */
#define PAGESNAP_FEAT_COLUMNS		(1ULL << 4) /* PAGESNAP_IOC_COLUMNS */

/**
 * struct pagesnap_info - handshake: what this driver serves
 * @abi_version: PAGESNAP_ABI_VERSION of the driver
 * @entry_size:	sizeof(struct pagesnap_entry) in the driver
 * @features:	PAGESNAP_FEAT_* the driver supports
 * @valid_mask:	PAGESNAP_VALID_* fields this kernel can fill
 * @pfn_start:	first pfn served
 * @pfn_end:	one past the last pfn served (grows with memory hotplug)
 * @max_pfns:	the most pfns one PAGESNAP_IOC_QUERY call examines
 * @page_size:	bytes per page
 * @backend:	PAGESNAP_BACKEND_* in use
 * @max_filters: capacity of pagesnap_query.filters
 * @reserved:	zero
 *
 * The whole structure is output: what the caller passes in the fields
 * this header names is ignored, and bytes beyond them must be zero, as
 * for every command (E2BIG otherwise).
 */
struct pagesnap_info {
	__u32 abi_version;
	__u32 entry_size;
	__u64 features;
	__u64 valid_mask;
	__u64 pfn_start;
	__u64 pfn_end;
	__u64 max_pfns;
	__u32 page_size;
	__u32 backend;
	__u32 max_filters;
	__u32 reserved;
};

#define PAGESNAP_INFO_SIZE_VER0		64

/**
 * struct pagesnap_filter - one term of an in-kernel flag filter
 * @mask:	PAGESNAP_KPF_* bits to look at
 * @value:	the values they must have; must be a subset of @mask
 *
 * A page matches the term when (kpf & mask) == value.
 */
struct pagesnap_filter {
	__u64 mask;
	__u64 value;
};

#define PAGESNAP_MAX_FILTERS		8

/* pagesnap_query.flags */
#define PAGESNAP_QUERY_SKIP_HOLES	(1U << 0) /* no entries for holes */
#define PAGESNAP_QUERY_RUNS		(1U << 1) /* an entry per run of like pages */
#define PAGESNAP_QUERY_FLAGS_ALL	(PAGESNAP_QUERY_SKIP_HOLES | \
					 PAGESNAP_QUERY_RUNS)

/**
 * struct pagesnap_query - snapshot a range of pfns
 * @start_pfn:	in: first pfn to examine
 * @nr_pfns:	in: number of pfns in the range; >= 1
 * @entries:	in: user pointer to an array of @max_entries entries of
 *		@entry_size bytes each
 * @entry_size:	in: the caller's sizeof(struct pagesnap_entry); a multiple
 *		of 8, >= PAGESNAP_ENTRY_SIZE_VER0 (>= PAGESNAP_ENTRY_SIZE_VER1
 *		with PAGESNAP_QUERY_RUNS), <= 4096
 * @max_entries: in: capacity of @entries; >= 1
 * @flags:	in: PAGESNAP_QUERY_*
 * @nr_filters:	in: number of terms used in @filters (0: every page matches)
 * @filters:	in: a page is returned when it matches any used term;
 *		holes match a term through PAGESNAP_KPF_NOPAGE
 * @filled:	out: entries written to @entries
 * @next_pfn:	out: first pfn not examined; equals start_pfn + nr_pfns
 *		when the whole range was covered
 * @reserved:	zero
 *
 * The call stops when the range is covered, @entries is full, or
 * pagesnap_info.max_pfns pfns were examined, whichever comes first; the
 * caller resumes from @next_pfn.  A range that runs past
 * pagesnap_info.pfn_end is clipped to it.
 *
 * With PAGESNAP_QUERY_RUNS an entry may stand for a run of nr_pages
 * consecutive pfns that would each have had this entry, with pfn (and,
 * when PAGESNAP_VALID_FOLIO is set, head_pfn, which then equals pfn)
 * advanced by one per pfn.  Which such pfns are joined is the driver's
 * choice, and no run continues into the next call; @filled counts
 * entries, not pages.
 */
struct pagesnap_query {
	__u64 start_pfn;
	__u64 nr_pfns;
	__u64 entries;
	__u32 entry_size;
	__u32 max_entries;
	__u32 flags;
	__u32 nr_filters;
	struct pagesnap_filter filters[PAGESNAP_MAX_FILTERS];
	__u64 filled;
	__u64 next_pfn;
	__u64 reserved[2];
};

#define PAGESNAP_QUERY_SIZE_VER0	200

/*
 * In-kernel statistics (PAGESNAP_IOC_STATS): the driver snapshots every
 * page of a range exactly as PAGESNAP_IOC_QUERY does and counts, without
 * copying a single entry out.  Every count is what summing the entries
 * PAGESNAP_IOC_QUERY would have returned for the same pfns at the same
 * moments gives; memory changes while it is counted, so two calls (or a
 * call and a query) agree only on a quiet system.  Both take the pages
 * inside a free buddy block from the block's first pages (the allocator
 * keeps all the others in one state), as of the moment they read them.
 */
#define PAGESNAP_STATS_ORDERS		32 /* by_order/folios_by_order slots */
#define PAGESNAP_STATS_TYPES		16 /* by_type slots */
#define PAGESNAP_STATS_KINDS		8  /* by_kind slots */
#define PAGESNAP_STATS_BUDDY_ORDERS	16 /* pagesnap_stats_zone.free_blocks */
#define PAGESNAP_STATS_MAX_COMBOS	4096 /* largest max_combos accepted */
#define PAGESNAP_STATS_MAX_ZONES	1024 /* largest max_zones accepted */

/**
 * struct pagesnap_stats_combo - pages with one combination of kpf bits
 * @kpf:	pagesnap_entry.kpf & pagesnap_stats.kpf_mask
 * @pages:	online pages whose masked kpf equals @kpf
 */
struct pagesnap_stats_combo {
	__u64 kpf;
	__u64 pages;
};

/**
 * struct pagesnap_stats_zone - counts of one (node, zone) pair
 * @nid:	NUMA node (pagesnap_entry.nid)
 * @zone:	PAGESNAP_ZONE_* (pagesnap_entry.zone)
 * @pages:	online pages of this node and zone in the range
 * @free_pages:	of which free in the buddy allocator (PAGESNAP_SF_FREE)
 * @free_blocks: free blocks whose first page lies in the range, by buddy
 *		order (pagesnap_entry.buddy_order of PAGESNAP_PAGE_TYPE_BUDDY
 *		pages); orders >= PAGESNAP_STATS_BUDDY_ORDERS count in the
 *		last slot
 */
struct pagesnap_stats_zone {
	__u32 nid;
	__u32 zone;
	__u64 pages;
	__u64 free_pages;
	__u64 free_blocks[PAGESNAP_STATS_BUDDY_ORDERS];
};

/**
 * struct pagesnap_stats - aggregate a range of pfns in the kernel
 * @start_pfn:	in: first pfn to examine
 * @nr_pfns:	in: number of pfns in the range; >= 1
 * @kpf_mask:	in: the kpf bits that make up a combination (~0: all of
 *		them; 0: one combination for every page)
 * @combos:	in: user pointer to @max_combos struct pagesnap_stats_combo;
 *		0 when @max_combos is 0
 * @zones:	in: user pointer to @max_zones struct pagesnap_stats_zone;
 *		0 when @max_zones is 0
 * @max_combos:	in: capacity of @combos, <= PAGESNAP_STATS_MAX_COMBOS
 * @max_zones:	in: capacity of @zones, <= PAGESNAP_STATS_MAX_ZONES
 * @flags:	in: zero (no flags are defined yet)
 * @nr_combos:	out: combinations written to @combos, in order of first
 *		appearance in the range
 * @nr_zones:	out: (node, zone) pairs written to @zones, in order of
 *		first appearance
 * @reserved0:	zero
 * @next_pfn:	out: first pfn not examined; start_pfn + nr_pfns when the
 *		whole range was covered
 * @pfns:	out: pfns examined (next_pfn - start_pfn)
 * @holes:	out: of which without an online page (PAGESNAP_SF_HOLE);
 *		holes count nowhere else
 * @faithful:	out: online pages whose snapshot was faithful
 * @unfaithful:	out: online pages whose snapshot was not
 * @free_pages:	out: online pages free in the buddy allocator
 * @other_pages: out: online pages counted in no combination because
 *		@combos was full (or @max_combos is 0)
 * @other_zone_pages: out: online pages counted in no zone because @zones
 *		was full, @max_zones is 0, or the page had no node and zone
 *		(PAGESNAP_VALID_NODE_ZONE clear)
 * @by_order:	out: online pages by folio order (pagesnap_entry.order);
 *		orders >= PAGESNAP_STATS_ORDERS count in the last slot
 * @folios_by_order: out: the same, counting only pages with index 0
 *		(a folio whose head lies in the range counts once)
 * @by_type:	out: online pages by PAGESNAP_PAGE_TYPE_*; values >=
 *		PAGESNAP_STATS_TYPES (PAGESNAP_PAGE_TYPE_UNKNOWN) count in
 *		the last slot
 * @by_kind:	out: online pages by PAGESNAP_MAPPING_* for the pages that
 *		have one (PAGESNAP_VALID_MAPPING_KIND); larger values count
 *		in the last slot
 * @reserved:	zero
 *
 * Counts are for this call only; the caller adds up the calls that cover
 * its range.  Every online page counts once in faithful + unfaithful, in
 * exactly one slot of @by_order and @by_type, and in @other_pages or one
 * combination, and in @other_zone_pages or one zone.  The call stops when
 * the range is covered or pagesnap_info.max_pfns pfns were examined; a
 * range that runs past pagesnap_info.pfn_end is clipped to it.  Nothing
 * is written to @combos and @zones beyond @nr_combos and @nr_zones.
 */
struct pagesnap_stats {
	__u64 start_pfn;
	__u64 nr_pfns;
	__u64 kpf_mask;
	__u64 combos;
	__u64 zones;
	__u32 max_combos;
	__u32 max_zones;
	__u32 flags;
	__u32 nr_combos;
	__u32 nr_zones;
	__u32 reserved0;
	__u64 next_pfn;
	__u64 pfns;
	__u64 holes;
	__u64 faithful;
	__u64 unfaithful;
	__u64 free_pages;
	__u64 other_pages;
	__u64 other_zone_pages;
	__u64 by_order[PAGESNAP_STATS_ORDERS];
	__u64 folios_by_order[PAGESNAP_STATS_ORDERS];
	__u64 by_type[PAGESNAP_STATS_TYPES];
	__u64 by_kind[PAGESNAP_STATS_KINDS];
	__u64 reserved[4];
};

#define PAGESNAP_STATS_SIZE_VER0	864

/*
 * Columns (PAGESNAP_IOC_COLUMNS): the caller names the fields it wants
 * and gets each of them as a dense array with one value per pfn, the
 * struct-of-arrays form of the entries PAGESNAP_IOC_QUERY returns.  The
 * driver computes only what was asked for and copies out only those
 * bytes: PAGESNAP_COL_KPF alone costs 8 bytes per pfn.
 *
 * Each PAGESNAP_COL_* bit names one field of struct pagesnap_entry and
 * means exactly what that field means.  Its values are __u64 when the bit
 * is in PAGESNAP_COLS_U64, __u32 otherwise (PAGESNAP_COL_SIZE()).  A pfn
 * gets in each column the value its entry would have, 0 where the entry
 * leaves the field out (the entry's valid bits are the PAGESNAP_COL_VALID
 * column, for callers that must tell absent from zero).  A pfn without an
 * online page has kpf PAGESNAP_KPF_NOPAGE, snap_flags PAGESNAP_SF_HOLE,
 * valid PAGESNAP_VALID_KPF and 0 elsewhere.  Bits are never renumbered;
 * new fields get new bits, and a driver rejects bits it does not know.
 */
#define PAGESNAP_COL_KPF		(1ULL << 0)  /* __u64 kpf */
#define PAGESNAP_COL_SNAP_FLAGS		(1ULL << 1)  /* __u64 snap_flags */
#define PAGESNAP_COL_VALID		(1ULL << 2)  /* __u64 valid */
#define PAGESNAP_COL_RAW_FLAGS		(1ULL << 3)  /* __u64 raw_flags */
#define PAGESNAP_COL_HEAD_PFN		(1ULL << 4)  /* __u64 head_pfn */
#define PAGESNAP_COL_MEMCG		(1ULL << 5)  /* __u64 memcg_ino */
#define PAGESNAP_COL_FILE_INO		(1ULL << 6)  /* __u64 file_ino */
#define PAGESNAP_COL_FILE_INDEX		(1ULL << 7)  /* __u64 file_index */
#define PAGESNAP_COL_OWNER_HASH		(1ULL << 8)  /* __u64 owner_hash */
#define PAGESNAP_COL_FILE_DEV_MAJOR	(1ULL << 16) /* __u32 file_dev_major */
#define PAGESNAP_COL_FILE_DEV_MINOR	(1ULL << 17) /* __u32 file_dev_minor */
#define PAGESNAP_COL_REFCOUNT		(1ULL << 18) /* __u32 refcount */
#define PAGESNAP_COL_MAPCOUNT		(1ULL << 19) /* __u32 mapcount */
#define PAGESNAP_COL_ENTIRE_MAPCOUNT	(1ULL << 20) /* __u32 entire_mapcount */
#define PAGESNAP_COL_FOLIO_MAPCOUNT	(1ULL << 21) /* __u32 folio_mapcount */
#define PAGESNAP_COL_PINCOUNT		(1ULL << 22) /* __u32 pincount */
#define PAGESNAP_COL_ORDER		(1ULL << 23) /* __u32 order */
#define PAGESNAP_COL_INDEX		(1ULL << 24) /* __u32 index */
#define PAGESNAP_COL_PAGE_TYPE		(1ULL << 25) /* __u32 page_type */
#define PAGESNAP_COL_BUDDY_ORDER	(1ULL << 26) /* __u32 buddy_order */
#define PAGESNAP_COL_MAPPING_KIND	(1ULL << 27) /* __u32 mapping_kind */
#define PAGESNAP_COL_NID		(1ULL << 28) /* __u32 nid */
#define PAGESNAP_COL_ZONE		(1ULL << 29) /* __u32 zone */

/* Bits 0-15 are (and will be) 8-byte columns, bits 16-31 4-byte ones. */
#define PAGESNAP_COLS_U64		0x000000000000ffffULL
#define PAGESNAP_COLS_ALL		0x000000003fff01ffULL
#define PAGESNAP_COL_SIZE(col)		(((col) & PAGESNAP_COLS_U64) ? 8 : 4)

/**
 * struct pagesnap_columns - snapshot a range of pfns into field arrays
 * @start_pfn:	in: first pfn to examine
 * @nr_pfns:	in: number of pfns in the range; >= 1
 * @fields:	in: PAGESNAP_COL_* bits, at least one
 * @arrays:	in: user pointer to an array of __u64, one per bit set in
 *		@fields in increasing bit order, each the user address of
 *		an array of PAGESNAP_COL_SIZE()-byte values with room for
 *		the values this call can write: @nr_pfns, clipped to
 *		pagesnap_info.pfn_end and to pagesnap_info.max_pfns
 *		(naturally aligned is fastest; any alignment is accepted)
 * @flags:	in: zero (no flags are defined yet)
 * @reserved0:	zero
 * @next_pfn:	out: first pfn not examined
 * @nr_done:	out: values written to each array, next_pfn - start_pfn:
 *		value i of each array describes pfn start_pfn + i
 * @reserved:	zero
 *
 * Every pfn of the range gets one value in every array, holes included:
 * there are no filters and no runs.  The call stops when the range is
 * covered or pagesnap_info.max_pfns pfns were examined; the caller
 * resumes from @next_pfn with each array advanced by @nr_done values.
 * A range that runs past pagesnap_info.pfn_end is clipped to it.  All
 * fields of one pfn come from one snapshot, as an entry's do.
 */
struct pagesnap_columns {
	__u64 start_pfn;
	__u64 nr_pfns;
	__u64 fields;
	__u64 arrays;
	__u32 flags;
	__u32 reserved0;
	__u64 next_pfn;
	__u64 nr_done;
	__u64 reserved[2];
};

#define PAGESNAP_COLUMNS_SIZE_VER0	72

#define PAGESNAP_IOC_MAGIC	0xB9

/*
 * PAGESNAP_IOC_INFO - fill struct pagesnap_info.
 * Errors: EFAULT, EINVAL (size below VER0 or not a multiple of 8),
 * E2BIG (unknown trailing bytes not zero).
 *
 * PAGESNAP_IOC_QUERY - snapshot a pfn range, see struct pagesnap_query.
 * Errors: EINVAL (bad size, flags, filter, entry_size, zero counts,
 * non-zero reserved), E2BIG (unknown trailing bytes not zero),
 * EOVERFLOW (start_pfn + nr_pfns wraps, or the entry buffer size does),
 * ERANGE (start_pfn >= pfn_end), ENOMEM (no memory for the call's
 * state and bounce buffer), EFAULT (a buffer is not writable;
 * no partial result is reported), EINTR (fatal signal).
 *
 * PAGESNAP_IOC_STATS - aggregate a pfn range, see struct pagesnap_stats
 * (only when pagesnap_info.features has PAGESNAP_FEAT_STATS).
 * Errors: EINVAL (size below VER0 or not a multiple of 8, non-zero flags
 * or reserved fields, nr_pfns 0, max_combos or max_zones above their
 * PAGESNAP_STATS_MAX_* bound, a table pointer that is 0 while its
 * capacity is not or the reverse), E2BIG (unknown trailing bytes not
 * zero), EOVERFLOW (start_pfn + nr_pfns wraps, or a table's end does),
 * ERANGE (start_pfn >= pfn_end), ENOMEM, EFAULT (a table is not writable;
 * no partial result is reported), EINTR (fatal signal).
 *
 * PAGESNAP_IOC_COLUMNS - snapshot a pfn range into one array per field,
 * see struct pagesnap_columns (only when pagesnap_info.features has
 * PAGESNAP_FEAT_COLUMNS).
 * Errors: EINVAL (size below VER0 or not a multiple of 8, non-zero flags
 * or reserved fields, nr_pfns 0, fields 0 or with a bit not in
 * PAGESNAP_COLS_ALL), E2BIG (unknown trailing bytes not zero), EOVERFLOW
 * (start_pfn + nr_pfns wraps, or the end of an array for the values the
 * call can write does), ERANGE
 * (start_pfn >= pfn_end), ENOMEM (no memory for the call's state and
 * bounce buffer), EFAULT (@arrays or
 * an array is not accessible; no partial result is reported), EINTR
 * (fatal signal).
 *
 * Opening /dev/pagesnap without CAP_SYS_ADMIN fails with EPERM; opening
 * it for writing (O_WRONLY, O_RDWR) fails with EACCES.  The first open
 * after the module loads waits until the kernel's RNG is seeded (it keys
 * owner_hash); a signal interrupts that wait with EINTR.
 */
#define PAGESNAP_IOC_INFO	_IOWR(PAGESNAP_IOC_MAGIC, 0x00, struct pagesnap_info)
#define PAGESNAP_IOC_QUERY	_IOWR(PAGESNAP_IOC_MAGIC, 0x01, struct pagesnap_query)
#define PAGESNAP_IOC_STATS	_IOWR(PAGESNAP_IOC_MAGIC, 0x02, struct pagesnap_stats)
#define PAGESNAP_IOC_COLUMNS	_IOWR(PAGESNAP_IOC_MAGIC, 0x03, struct pagesnap_columns)

#endif /* _UAPI_LINUX_PAGESNAP_H */
