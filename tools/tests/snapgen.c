// SPDX-License-Identifier: GPL-2.0
/*
 * snapgen: write a small synthetic snapshot file for the host tests of
 * --input, diff, metrics and map, and the fuzzer's seeds, through the
 * same writer as 'pagesnap-cli record'.
 *
 *   snapgen FILE [VARIANT]     VARIANT 0 (default) or 1: 1 moves some
 *                              pages (for diff)
 *   snapgen -e FILE [VARIANT]  also print every entry, one line per pfn:
 *                              "pfn valid kpf snap head order index
 *                               page_type buddy_order mapping memcg
 *                               dev_major dev_minor ino file_index nid zone"
 *                              (hex), to check a replay against
 *
 * The layout (pfns, 4 KiB pages, node 0; see tests/unit/snap-tests.sh):
 *   0x000-0x00f hole                0x010-0x0ff reserved (DMA zone)
 *   0x100-0x1ff free, order 8       0x200-0x3ff anon THP (order 9), memcg 100
 *   0x400-0x4ff file 8:1 ino 1234   0x500-0x53f slab, order-2 folios
 *   0x540-0x55f page tables         0x560-0x5ff anon small pages, memcg 200
 *   0x600-0x7ff hugetlb (order 9)   0x800-0xfff free, order 10 and order 9
 *   0x1000-0x10ff file 0:42 ino 7 (shmem, swapbacked), memcg 200
 * VARIANT 1: 0x560-0x57f are free instead, 0x800-0x83f are anon.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snapfile.h"

#define K(b) (1ULL << PAGESNAP_KPF_##b)
#define V_ALL PAGESNAP_VALID_ALL
#define END 0x1100

static void page(uint64_t pfn, int variant, struct pagesnap_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->pfn = pfn;
	e->nr_pages = 1;
	if (pfn < 0x10) {
		e->snap_flags = PAGESNAP_SF_HOLE;
		return;
	}
	e->valid = V_ALL;
	e->snap_flags = PAGESNAP_SF_FAITHFUL;
	e->head_pfn = pfn;
	e->zone = pfn < 0x100 ? PAGESNAP_ZONE_DMA : PAGESNAP_ZONE_DMA32;
	e->refcount = 1;
	if (pfn < 0x100) {
		e->kpf = K(RESERVED);
		return;
	}
	if (variant == 1 && pfn >= 0x800 && pfn < 0x840)
		goto anon;
	if ((pfn >= 0x100 && pfn < 0x200) || (pfn >= 0x800 && pfn < 0x1000) ||
	    (variant == 1 && pfn >= 0x560 && pfn < 0x580)) {
		uint64_t base = pfn < 0x200 ? 0x100 : pfn < 0x580 ? 0x560 :
				pfn < 0xc00 ? 0x800 : 0xc00;
		unsigned int order = pfn < 0x200 ? 8 : pfn < 0x580 ? 5 :
				     pfn < 0xc00 ? 10 : 9;

		if (variant == 1 && base == 0x800) {
			base = 0x840;
			order = 6;
			if (pfn >= 0x880) {
				base = 0x880 + ((pfn - 0x880) & ~0x7fULL);
				order = 7;
			}
		}
		e->refcount = 0;
		e->snap_flags |= PAGESNAP_SF_FREE;
		if (pfn == base) {
			e->kpf = K(BUDDY);
			e->page_type = PAGESNAP_PAGE_TYPE_BUDDY;
			e->buddy_order = order;
		}
		return;
	}
	if (pfn < 0x400) {
		e->head_pfn = 0x200;
		e->order = 9;
		e->index = (uint32_t)(pfn - 0x200);
		e->kpf = K(ANON) | K(LRU) | K(MMAP) | K(THP) | K(UPTODATE) |
			 K(SWAPBACKED) | (pfn == 0x200 ? K(COMPOUND_HEAD) :
					  K(COMPOUND_TAIL));
		e->mapping_kind = PAGESNAP_MAPPING_ANON;
		e->memcg_ino = 100;
		e->mapcount = 1;
		e->folio_mapcount = 512;
		e->entire_mapcount = 1;
		e->owner_hash = 0xabc;
		return;
	}
	if (pfn < 0x500) {
		e->kpf = K(LRU) | K(UPTODATE) | (pfn & 1 ? K(ACTIVE) : 0) |
			 (pfn < 0x420 ? K(DIRTY) : 0);
		e->mapping_kind = PAGESNAP_MAPPING_FILE;
		e->file_dev_major = 8;
		e->file_dev_minor = 1;
		e->file_ino = 1234;
		e->file_index = pfn - 0x400;
		e->memcg_ino = 100;
		e->owner_hash = 0xf11e;
		return;
	}
	if (pfn < 0x540) {
		e->head_pfn = pfn & ~3ULL;
		e->order = 2;
		e->index = (uint32_t)(pfn & 3);
		e->kpf = K(SLAB) | ((pfn & 3) ? K(COMPOUND_TAIL) :
				    K(COMPOUND_HEAD));
		e->page_type = PAGESNAP_PAGE_TYPE_SLAB;
		return;
	}
	if (pfn < 0x560) {
		e->kpf = K(PGTABLE);
		e->page_type = PAGESNAP_PAGE_TYPE_TABLE;
		return;
	}
	if (pfn < 0x600) {
anon:
		e->kpf = K(ANON) | K(LRU) | K(MMAP) | K(UPTODATE) |
			 K(SWAPBACKED) | K(ACTIVE);
		e->mapping_kind = PAGESNAP_MAPPING_ANON;
		e->memcg_ino = 200;
		e->mapcount = 1;
		e->folio_mapcount = 1;
		e->owner_hash = 0xa00 + (pfn & 0xf);
		return;
	}
	if (pfn < 0x800) {
		e->head_pfn = pfn & ~0x1ffULL;
		e->order = 9;
		e->index = (uint32_t)(pfn & 0x1ff);
		e->kpf = K(HUGE) | (e->index ? K(COMPOUND_TAIL) :
				    K(COMPOUND_HEAD));
		e->page_type = PAGESNAP_PAGE_TYPE_HUGETLB;
		return;
	}
	e->kpf = K(LRU) | K(UPTODATE) | K(SWAPBACKED) | K(MMAP);
	e->mapping_kind = PAGESNAP_MAPPING_FILE;
	e->file_dev_major = 0;
	e->file_dev_minor = 42;
	e->file_ino = 7;
	e->file_index = pfn - 0x1000;
	e->memcg_ino = 200;
	e->mapcount = 1;
	e->folio_mapcount = 1;
	e->owner_hash = 0x5a;
}

int main(int argc, char **argv)
{
	struct snap_meta m;
	struct pagesnap_entry e;
	struct snapw *w;
	int dump = 0, variant = 0, ret;
	uint64_t pfn;

	if (argc > 1 && !strcmp(argv[1], "-e")) {
		dump = 1;
		argc--;
		argv++;
	}
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: snapgen [-e] FILE [VARIANT]\n");
		return 2;
	}
	if (argc == 3)
		variant = atoi(argv[2]);
	memset(&m, 0, sizeof(m));
	m.info.abi_version = PAGESNAP_ABI_VERSION;
	m.info.entry_size = sizeof(struct pagesnap_entry);
	m.info.features = PAGESNAP_FEAT_FILTER | PAGESNAP_FEAT_SKIP_HOLES |
			  PAGESNAP_FEAT_STATS | PAGESNAP_FEAT_RUNS;
	m.info.valid_mask = V_ALL;
	m.info.pfn_start = 0;
	m.info.pfn_end = END;
	m.info.max_pfns = 65536;
	m.info.page_size = 4096;
	m.info.backend = PAGESNAP_BACKEND_PORT;
	m.info.max_filters = PAGESNAP_MAX_FILTERS;
	strcpy(m.release, "6.12.0-synthetic");
	strcpy(m.machine, "x86_64");
	strcpy(m.hostname, "snapgen");
	strcpy(m.tool, "snapgen");
	m.time_sec = 1764547200 + variant * 300;
	m.range_start = 0;
	m.range_end = END;
	ret = snapw_open(argv[1], &m, &w);
	if (ret) {
		fprintf(stderr, "snapgen: %s: %s\n", argv[1], strerror(-ret));
		return 1;
	}
	for (pfn = 0; pfn < END; pfn++) {
		page(pfn, variant, &e);
		if (dump)
			printf("%llx %llx %llx %llx %llx %x %x %x %x %x %llx %x %x %llx %llx %x %x\n",
			       (unsigned long long)e.pfn,
			       (unsigned long long)e.valid,
			       (unsigned long long)e.kpf,
			       (unsigned long long)e.snap_flags,
			       (unsigned long long)e.head_pfn, e.order,
			       e.index, e.page_type, e.buddy_order,
			       e.mapping_kind,
			       (unsigned long long)e.memcg_ino,
			       e.file_dev_major, e.file_dev_minor,
			       (unsigned long long)e.file_ino,
			       (unsigned long long)e.file_index, e.nid,
			       e.zone);
		if (snapw_entry(w, &e)) {
			fprintf(stderr, "snapgen: entry at 0x%llx refused\n",
				(unsigned long long)pfn);
			snapw_close(w, 0);
			return 1;
		}
	}
	snapw_set_duration(w, 123456789);
	snapw_memcg(w, 1, "/");
	snapw_memcg(w, 100, "/system.slice/app.service");
	snapw_memcg(w, 200, "/user.slice/user 1000");
	snapw_file(w, 8, 1, 1234, "/var/lib/data file.db");
	snapw_file(w, 0, 42, 7, "/dev/shm/seg");
	ret = snapw_close(w, 1);
	if (ret) {
		fprintf(stderr, "snapgen: %s: %s\n", argv[1], strerror(-ret));
		return 1;
	}
	return 0;
}
