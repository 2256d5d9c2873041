/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pagesnap internal interfaces: the snapshot engine, its backends, the
 * encoder and the counters.  Userspace sees none of this; the ABI is
 * uapi/linux/pagesnap.h.
 */
#ifndef _PAGESNAP_INTERNAL_H
#define _PAGESNAP_INTERNAL_H

#include <linux/bits.h>
#include <linux/mm_types.h>
#include <linux/siphash.h>
#include <linux/types.h>
#include <linux/pagesnap.h>

/* pagesnap_snap.flags, as the kernel's PAGE_SNAPSHOT_* flags */
#define PS_SNAP_FAITHFUL	BIT(0)	/* page and folio were consistent */
#define PS_SNAP_FREE		BIT(1)	/* free in the buddy allocator */
#define PS_SNAP_IDLE		BIT(2)	/* folio marked idle */

/* How often the engine retries when the compound state moves under it. */
#define PS_SNAP_RETRIES		5

/* struct pages of a folio copy: 6.12's struct folio spans four */
#define PS_FOLIO_PAGES		4

/**
 * struct pagesnap_snap - a private copy of one page and its folio
 * @folio:	copy of the folio's head pages (the page itself for a small
 *		folio); never a pointer into the memmap
 * @folio_pages: the same copy as an array of struct pages; on 6.1 a struct
 *		folio is smaller than the two struct pages it overlays
 * @page:	copy of the page's own struct page
 * @pfn:	the page's pfn
 * @idx:	index of the page inside @folio
 * @flags:	PS_SNAP_*
 *
 * Every helper that looks at a snapshot reads these copies only.  The one
 * exception is deliberate and named where it happens: the 6.1 folio
 * mapcount, which the kernel spreads over all pages of the folio.
 */
struct pagesnap_snap {
	union {
		struct folio folio;
		struct page folio_pages[PS_FOLIO_PAGES];
	};
	struct page page;
	unsigned long pfn;
	unsigned long idx;
	unsigned int flags;
};

/* Snapshot engine (pagesnap_snapshot.c) */
int pagesnap_backend_init(const char *request);
u32 pagesnap_backend_id(void);
const char *pagesnap_backend_name(void);
void pagesnap_snapshot(struct pagesnap_snap *snap, const struct page *page);
void pagesnap_port_snapshot(struct pagesnap_snap *snap,
			    const struct page *page);

/*
 * Adapter over the kernel's exported snapshot_page() (pagesnap_native.c);
 * only built, and only called, when Kbuild found the export and defined
 * PAGESNAP_HAVE_NATIVE.
 */
#ifdef PAGESNAP_HAVE_NATIVE
#define PS_HAVE_NATIVE		1
#else
#define PS_HAVE_NATIVE		0
#endif
void pagesnap_native_snapshot(struct pagesnap_snap *snap,
			      const struct page *page);

/**
 * struct pagesnap_memo - what one query call remembers between pfns
 * @head_pfn:	6.1 only: head pfn of the last large folio whose tail pages
 *		were walked, or ULONG_MAX for none
 * @order:	its order
 * @mapcount:	its folio mapcount
 * @mapped:	whether any page of it is mapped
 * @memcg_data:	last memcg_data value resolved to @memcg_ino (0: none)
 * @memcg_ino:	its memory cgroup inode number
 * @mapping:	last address_space resolved to the file fields (0: none)
 * @file_ino:	its inode number
 * @file_dev:	its superblock's device
 * @owner:	last owner pointer hashed (0: none)
 * @owner_hash:	its hash
 *
 * Consecutive pfns mostly share their folio, memcg and owner, so this
 * spares most pointer chasing.  Every field describes what was true in
 * the RCU read-side section it was found in (a folio can be freed and
 * another allocated at the same head pfn as soon as the walk may sleep;
 * @memcg_data and @mapping name objects only known to stay the same
 * object within the section): pagesnap_memo_reset_rcu() forgets them
 * whenever the caller leaves that section.
 */
struct pagesnap_memo {
	unsigned long head_pfn;
	unsigned int order;
	u32 mapcount;
	bool mapped;
	unsigned long memcg_data;
	u64 memcg_ino;
	unsigned long mapping;
	u64 file_ino;
	dev_t file_dev;
	unsigned long owner;
	u64 owner_hash;
};

/* Encoder (pagesnap_encode.c) */
void pagesnap_memo_init(struct pagesnap_memo *memo);
void pagesnap_memo_reset_rcu(struct pagesnap_memo *memo);
int pagesnap_owner_key_init(void);

/* The state the KUnit cases (pagesnap_kunit_cases.c) look at directly. */
#ifdef PAGESNAP_KUNIT
bool pagesnap_columns_table_ok(void);
int pagesnap_stats_kunit(struct pagesnap_stats *st,
			 struct pagesnap_stats_combo *combos,
			 struct pagesnap_stats_zone *zones, bool folio_runs);
#define PS_KUNIT_VISIBLE
extern siphash_key_t ps_owner_key;
extern bool ps_owner_key_ready;
#else
#define PS_KUNIT_VISIBLE static
#endif
u64 pagesnap_valid_mask(void);
bool pagesnap_folio_mapped(const struct pagesnap_snap *s,
			   struct pagesnap_memo *memo);
void pagesnap_encode_fields(struct pagesnap_entry *e,
			    const struct pagesnap_snap *snap,
			    const struct page *page, u64 kpf,
			    struct pagesnap_memo *memo, u64 want);
void pagesnap_encode(struct pagesnap_entry *e,
		     const struct pagesnap_snap *snap, const struct page *page,
		     u64 kpf, struct pagesnap_memo *memo);
void pagesnap_encode_hole(struct pagesnap_entry *e, unsigned long pfn);
u32 pagesnap_page_type(const struct pagesnap_snap *snap);
bool pagesnap_buddy_order(const struct pagesnap_snap *snap, u32 *order);
bool pagesnap_place(const struct pagesnap_snap *snap, const struct page *page,
		    u32 *nid, u32 *zone);
bool pagesnap_mapping_kind(const struct pagesnap_snap *snap, u32 *kind);

/* /proc/kpageflags bits (pagesnap_kpf.c) */
u64 pagesnap_kpf(const struct pagesnap_snap *snap, const struct page *page,
		 struct pagesnap_memo *memo);

/* The pfns served, and the most one call walks (pagesnap_walk.c) */
#define PAGESNAP_MAX_PFNS_PER_CALL	BIT(20)
void pagesnap_pfn_range(unsigned long *start, unsigned long *end);

/* Per open file: walk state and bounce buffer (pagesnap_file.c) */
#define PAGESNAP_FILE_STATE_BYTES	4096

/**
 * struct pagesnap_scratch - what one call borrows from its file
 * @state:	PAGESNAP_FILE_STATE_BYTES for the call's state
 * @buf:	the bounce buffer, or NULL when none was asked for
 * @bytes:	its size
 * @locked:	they are the file's own
 */
struct pagesnap_scratch {
	void *state;
	void *buf;
	size_t bytes;
	bool locked;
};

struct file;
int pagesnap_file_open(struct file *file);
void pagesnap_file_release(struct file *file);
int pagesnap_file_get(struct file *file, size_t bytes,
		      struct pagesnap_scratch *s);
void pagesnap_file_put(struct file *file, struct pagesnap_scratch *s);

/* The ioctls (pagesnap_query.c, pagesnap_stats.c, pagesnap_columns.c) */
long pagesnap_ioctl_query(struct file *file, unsigned int cmd,
			  void __user *uarg);
long pagesnap_ioctl_stats(unsigned int cmd, void __user *uarg);
long pagesnap_ioctl_columns(struct file *file, unsigned int cmd,
			    void __user *uarg);

/* Bench-only memmap floor (pagesnap_bench.c, PAGESNAP_BENCH=1 builds) */
#ifdef PAGESNAP_BENCH
long pagesnap_ioctl_bench(unsigned int cmd, void __user *uarg);
#endif

/* Snapshot counters in debugfs (pagesnap_debugfs.c) */
void pagesnap_counters_add(u64 snapshots, u64 unfaithful);
void pagesnap_debugfs_init(void);
void pagesnap_debugfs_exit(void);

#endif /* _PAGESNAP_INTERNAL_H */
