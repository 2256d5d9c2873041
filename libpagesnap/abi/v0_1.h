/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * The types of the libpagesnap 0.1 header that have changed since, frozen:
 * src/v0_1.c builds the LIBPAGESNAP_0.1 symbols that carry them against
 * this copy.  Not installed; a public header for the ABI check (dump.sh),
 * which compares them with libpagesnap-0.1.abi.  Never edit them.
 */
#ifndef LIBPAGESNAP_V0_1_H
#define LIBPAGESNAP_V0_1_H

#include <linux/types.h>

/* uapi/linux/pagesnap.h as of libpagesnap 0.1: PAGESNAP_ENTRY_SIZE_VER0 */
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
};

_Static_assert(sizeof(struct pagesnap_entry) == 136, "0.1 entry");

typedef int (*pagesnap_scan_fn)(const struct pagesnap_entry *entry,
				void *arg);

#endif /* LIBPAGESNAP_V0_1_H */
