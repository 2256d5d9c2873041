// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * abi_dump: the layout and numbers of uapi/linux/pagesnap.h, and the names
 * libpagesnap gives flags and enumerations, one fact per line, for the
 * crate's abi_check test to compare with its own (src/abi_check.rs).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <pagesnap.h>

#define SIZE(s)		printf("size %s %zu\n", #s, sizeof(struct s))
#define FIELD(s, f)	printf("field %s %s %zu %zu\n", #s, #f, \
			       offsetof(struct s, f), sizeof(((struct s *)0)->f))
#define CONST(c)	printf("const %s %llu\n", #c, (unsigned long long)(c))

int main(void)
{
	unsigned int i;

	SIZE(pagesnap_entry);
	FIELD(pagesnap_entry, pfn);
	FIELD(pagesnap_entry, valid);
	FIELD(pagesnap_entry, kpf);
	FIELD(pagesnap_entry, raw_flags);
	FIELD(pagesnap_entry, snap_flags);
	FIELD(pagesnap_entry, head_pfn);
	FIELD(pagesnap_entry, memcg_ino);
	FIELD(pagesnap_entry, file_ino);
	FIELD(pagesnap_entry, file_index);
	FIELD(pagesnap_entry, owner_hash);
	FIELD(pagesnap_entry, file_dev_major);
	FIELD(pagesnap_entry, file_dev_minor);
	FIELD(pagesnap_entry, refcount);
	FIELD(pagesnap_entry, mapcount);
	FIELD(pagesnap_entry, entire_mapcount);
	FIELD(pagesnap_entry, folio_mapcount);
	FIELD(pagesnap_entry, pincount);
	FIELD(pagesnap_entry, order);
	FIELD(pagesnap_entry, index);
	FIELD(pagesnap_entry, page_type);
	FIELD(pagesnap_entry, buddy_order);
	FIELD(pagesnap_entry, mapping_kind);
	FIELD(pagesnap_entry, nid);
	FIELD(pagesnap_entry, zone);
	FIELD(pagesnap_entry, nr_pages);

	SIZE(pagesnap_info);
	FIELD(pagesnap_info, abi_version);
	FIELD(pagesnap_info, entry_size);
	FIELD(pagesnap_info, features);
	FIELD(pagesnap_info, valid_mask);
	FIELD(pagesnap_info, pfn_start);
	FIELD(pagesnap_info, pfn_end);
	FIELD(pagesnap_info, max_pfns);
	FIELD(pagesnap_info, page_size);
	FIELD(pagesnap_info, backend);
	FIELD(pagesnap_info, max_filters);
	FIELD(pagesnap_info, reserved);

	SIZE(pagesnap_filter);
	FIELD(pagesnap_filter, mask);
	FIELD(pagesnap_filter, value);

	SIZE(pagesnap_query);
	FIELD(pagesnap_query, start_pfn);
	FIELD(pagesnap_query, nr_pfns);
	FIELD(pagesnap_query, entries);
	FIELD(pagesnap_query, entry_size);
	FIELD(pagesnap_query, max_entries);
	FIELD(pagesnap_query, flags);
	FIELD(pagesnap_query, nr_filters);
	FIELD(pagesnap_query, filters);
	FIELD(pagesnap_query, filled);
	FIELD(pagesnap_query, next_pfn);
	FIELD(pagesnap_query, reserved);

	SIZE(pagesnap_stats_combo);
	FIELD(pagesnap_stats_combo, kpf);
	FIELD(pagesnap_stats_combo, pages);

	SIZE(pagesnap_stats_zone);
	FIELD(pagesnap_stats_zone, nid);
	FIELD(pagesnap_stats_zone, zone);
	FIELD(pagesnap_stats_zone, pages);
	FIELD(pagesnap_stats_zone, free_pages);
	FIELD(pagesnap_stats_zone, free_blocks);

	SIZE(pagesnap_stats);
	FIELD(pagesnap_stats, start_pfn);
	FIELD(pagesnap_stats, nr_pfns);
	FIELD(pagesnap_stats, kpf_mask);
	FIELD(pagesnap_stats, combos);
	FIELD(pagesnap_stats, zones);
	FIELD(pagesnap_stats, max_combos);
	FIELD(pagesnap_stats, max_zones);
	FIELD(pagesnap_stats, flags);
	FIELD(pagesnap_stats, nr_combos);
	FIELD(pagesnap_stats, nr_zones);
	FIELD(pagesnap_stats, reserved0);
	FIELD(pagesnap_stats, next_pfn);
	FIELD(pagesnap_stats, pfns);
	FIELD(pagesnap_stats, holes);
	FIELD(pagesnap_stats, faithful);
	FIELD(pagesnap_stats, unfaithful);
	FIELD(pagesnap_stats, free_pages);
	FIELD(pagesnap_stats, other_pages);
	FIELD(pagesnap_stats, other_zone_pages);
	FIELD(pagesnap_stats, by_order);
	FIELD(pagesnap_stats, folios_by_order);
	FIELD(pagesnap_stats, by_type);
	FIELD(pagesnap_stats, by_kind);
	FIELD(pagesnap_stats, reserved);

	SIZE(pagesnap_columns);
	FIELD(pagesnap_columns, start_pfn);
	FIELD(pagesnap_columns, nr_pfns);
	FIELD(pagesnap_columns, fields);
	FIELD(pagesnap_columns, arrays);
	FIELD(pagesnap_columns, flags);
	FIELD(pagesnap_columns, reserved0);
	FIELD(pagesnap_columns, next_pfn);
	FIELD(pagesnap_columns, nr_done);
	FIELD(pagesnap_columns, reserved);

	CONST(PAGESNAP_ABI_VERSION);
	CONST(PAGESNAP_ENTRY_SIZE_VER0);
	CONST(PAGESNAP_ENTRY_SIZE_VER1);
	CONST(PAGESNAP_INFO_SIZE_VER0);
	CONST(PAGESNAP_QUERY_SIZE_VER0);
	CONST(PAGESNAP_STATS_SIZE_VER0);
	CONST(PAGESNAP_MAX_FILTERS);
	CONST(PAGESNAP_STATS_ORDERS);
	CONST(PAGESNAP_STATS_TYPES);
	CONST(PAGESNAP_STATS_KINDS);
	CONST(PAGESNAP_STATS_BUDDY_ORDERS);
	CONST(PAGESNAP_STATS_MAX_COMBOS);
	CONST(PAGESNAP_STATS_MAX_ZONES);
	CONST(PAGESNAP_IOC_MAGIC);
	CONST(PAGESNAP_IOC_INFO);
	CONST(PAGESNAP_IOC_QUERY);
	CONST(PAGESNAP_IOC_STATS);
	CONST(PAGESNAP_IOC_COLUMNS);
	CONST(PAGESNAP_COLUMNS_SIZE_VER0);
	CONST(PAGESNAP_COL_KPF);
	printf("colsize kpf %d\n", (int)PAGESNAP_COL_SIZE(PAGESNAP_COL_KPF));
	CONST(PAGESNAP_COL_SNAP_FLAGS);
	printf("colsize snap_flags %d\n", (int)PAGESNAP_COL_SIZE(PAGESNAP_COL_SNAP_FLAGS));
	CONST(PAGESNAP_COL_VALID);
	printf("colsize valid %d\n", (int)PAGESNAP_COL_SIZE(PAGESNAP_COL_VALID));
	CONST(PAGESNAP_COL_RAW_FLAGS);
	printf("colsize raw_flags %d\n", (int)PAGESNAP_COL_SIZE(PAGESNAP_COL_RAW_FLAGS));
	CONST(PAGESNAP_COL_HEAD_PFN);
	printf("colsize head_pfn %d\n", (int)PAGESNAP_COL_SIZE(PAGESNAP_COL_HEAD_PFN));
	CONST(PAGESNAP_COL_MEMCG);
	printf("colsize memcg %d\n", (int)PAGESNAP_COL_SIZE(PAGESNAP_COL_MEMCG));
	CONST(PAGESNAP_COL_FILE_INO);
	printf("colsize file_ino %d\n", (int)PAGESNAP_COL_SIZE(PAGESNAP_COL_FILE_INO));
	CONST(PAGESNAP_COL_FILE_INDEX);
	printf("colsize file_index %d\n", (int)PAGESNAP_COL_SIZE(PAGESNAP_COL_FILE_INDEX));
	CONST(PAGESNAP_COL_OWNER_HASH);
	printf("colsize owner_hash %d\n", (int)PAGESNAP_COL_SIZE(PAGESNAP_COL_OWNER_HASH));
	CONST(PAGESNAP_COL_FILE_DEV_MAJOR);
	printf("colsize file_dev_major %d\n", (int)PAGESNAP_COL_SIZE(PAGESNAP_COL_FILE_DEV_MAJOR));
	CONST(PAGESNAP_COL_FILE_DEV_MINOR);
	printf("colsize file_dev_minor %d\n", (int)PAGESNAP_COL_SIZE(PAGESNAP_COL_FILE_DEV_MINOR));
	CONST(PAGESNAP_COL_REFCOUNT);
	printf("colsize refcount %d\n", (int)PAGESNAP_COL_SIZE(PAGESNAP_COL_REFCOUNT));
	CONST(PAGESNAP_COL_MAPCOUNT);
	printf("colsize mapcount %d\n", (int)PAGESNAP_COL_SIZE(PAGESNAP_COL_MAPCOUNT));
	CONST(PAGESNAP_COL_ENTIRE_MAPCOUNT);
	printf("colsize entire_mapcount %d\n", (int)PAGESNAP_COL_SIZE(PAGESNAP_COL_ENTIRE_MAPCOUNT));
	CONST(PAGESNAP_COL_FOLIO_MAPCOUNT);
	printf("colsize folio_mapcount %d\n", (int)PAGESNAP_COL_SIZE(PAGESNAP_COL_FOLIO_MAPCOUNT));
	CONST(PAGESNAP_COL_PINCOUNT);
	printf("colsize pincount %d\n", (int)PAGESNAP_COL_SIZE(PAGESNAP_COL_PINCOUNT));
	CONST(PAGESNAP_COL_ORDER);
	printf("colsize order %d\n", (int)PAGESNAP_COL_SIZE(PAGESNAP_COL_ORDER));
	CONST(PAGESNAP_COL_INDEX);
	printf("colsize index %d\n", (int)PAGESNAP_COL_SIZE(PAGESNAP_COL_INDEX));
	CONST(PAGESNAP_COL_PAGE_TYPE);
	printf("colsize page_type %d\n", (int)PAGESNAP_COL_SIZE(PAGESNAP_COL_PAGE_TYPE));
	CONST(PAGESNAP_COL_BUDDY_ORDER);
	printf("colsize buddy_order %d\n", (int)PAGESNAP_COL_SIZE(PAGESNAP_COL_BUDDY_ORDER));
	CONST(PAGESNAP_COL_MAPPING_KIND);
	printf("colsize mapping_kind %d\n", (int)PAGESNAP_COL_SIZE(PAGESNAP_COL_MAPPING_KIND));
	CONST(PAGESNAP_COL_NID);
	printf("colsize nid %d\n", (int)PAGESNAP_COL_SIZE(PAGESNAP_COL_NID));
	CONST(PAGESNAP_COL_ZONE);
	printf("colsize zone %d\n", (int)PAGESNAP_COL_SIZE(PAGESNAP_COL_ZONE));
	CONST(PAGESNAP_COLS_U64);
	CONST(PAGESNAP_COLS_ALL);
	CONST(PAGESNAP_BACKEND_PORT);
	CONST(PAGESNAP_BACKEND_NATIVE);
	CONST(PAGESNAP_SF_FAITHFUL);
	CONST(PAGESNAP_SF_FREE);
	CONST(PAGESNAP_SF_IDLE);
	CONST(PAGESNAP_SF_ZERO_PAGE);
	CONST(PAGESNAP_SF_HUGE_ZERO);
	CONST(PAGESNAP_SF_HOLE);
	CONST(PAGESNAP_SF_DMA_PINNED);
	CONST(PAGESNAP_VALID_KPF);
	CONST(PAGESNAP_VALID_RAW_FLAGS);
	CONST(PAGESNAP_VALID_FOLIO);
	CONST(PAGESNAP_VALID_REFCOUNT);
	CONST(PAGESNAP_VALID_MAPCOUNT);
	CONST(PAGESNAP_VALID_ENTIRE_MAPCOUNT);
	CONST(PAGESNAP_VALID_FOLIO_MAPCOUNT);
	CONST(PAGESNAP_VALID_PINCOUNT);
	CONST(PAGESNAP_VALID_PAGE_TYPE);
	CONST(PAGESNAP_VALID_BUDDY_ORDER);
	CONST(PAGESNAP_VALID_NODE_ZONE);
	CONST(PAGESNAP_VALID_MEMCG);
	CONST(PAGESNAP_VALID_MAPPING_KIND);
	CONST(PAGESNAP_VALID_FILE);
	CONST(PAGESNAP_VALID_OWNER_HASH);
	CONST(PAGESNAP_VALID_IDLE);
	CONST(PAGESNAP_VALID_HUGE_ZERO);
	CONST(PAGESNAP_VALID_ALL);
	CONST(PAGESNAP_FEAT_FILTER);
	CONST(PAGESNAP_FEAT_SKIP_HOLES);
	CONST(PAGESNAP_FEAT_STATS);
	CONST(PAGESNAP_FEAT_RUNS);
	CONST(PAGESNAP_FEAT_COLUMNS);
	CONST(PAGESNAP_QUERY_SKIP_HOLES);
	CONST(PAGESNAP_QUERY_RUNS);
	CONST(PAGESNAP_QUERY_FLAGS_ALL);
	CONST(PAGESNAP_KPF_KNOWN_MASK);
	CONST(PAGESNAP_KPF_HACKER_MASK);
	CONST(PAGESNAP_PAGE_TYPE_UNKNOWN);

	/* every name, by value, as libpagesnap spells it */
	for (i = 0; i < 64; i++)
		if (pagesnap_flag_name(i))
			printf("kpf %u %s\n", i, pagesnap_flag_name(i));
	for (i = 0; i < 256; i++)
		if (strcmp(pagesnap_page_type_name(i), "unknown"))
			printf("page_type %u %s\n", i, pagesnap_page_type_name(i));
	for (i = 0; i < 256; i++)
		if (strcmp(pagesnap_mapping_kind_name(i), "unknown"))
			printf("mapping %u %s\n", i, pagesnap_mapping_kind_name(i));
	for (i = 0; i < 256; i++)
		if (strcmp(pagesnap_zone_name(i), "unknown"))
			printf("zone %u %s\n", i, pagesnap_zone_name(i));
	return 0;
}
