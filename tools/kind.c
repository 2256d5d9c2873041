// SPDX-License-Identifier: GPL-2.0
/*
 * What a page holds, in one word: the kinds that 'metrics' counts and
 * 'map' colours.  Decided from the fields the driver says it filled.
 */
#include "main.h"
#include "kind.h"

static const char *const kind_names[NR_KINDS_PAGE] = {
	[KIND_HOLE] = "hole", [KIND_FREE] = "free", [KIND_ANON] = "anon",
	[KIND_ANON_THP] = "anon_thp", [KIND_FILE] = "file",
	[KIND_SHMEM] = "shmem", [KIND_SLAB] = "slab",
	[KIND_PGTABLE] = "pagetable", [KIND_HUGETLB] = "hugetlb",
	[KIND_RESERVED] = "reserved", [KIND_OTHER] = "other",
};

const char *page_kind_name(unsigned int kind)
{
	return kind < NR_KINDS_PAGE ? kind_names[kind] : "other";
}

static int kpf(const struct pagesnap_entry *e, unsigned int bit)
{
	return (e->valid & PAGESNAP_VALID_KPF) && (e->kpf & (1ULL << bit));
}

static int type(const struct pagesnap_entry *e, unsigned int t)
{
	return (e->valid & PAGESNAP_VALID_PAGE_TYPE) && e->page_type == t;
}

static int mapping(const struct pagesnap_entry *e, unsigned int m)
{
	return (e->valid & PAGESNAP_VALID_MAPPING_KIND) &&
	       e->mapping_kind == m;
}

/* Has the page changed state?  Counts and pins do not make a change. */
int page_changed(const struct pagesnap_entry *x, const struct pagesnap_entry *y)
{
	return pagesnap_entry_flags(x, opt.raw) != pagesnap_entry_flags(y, opt.raw) ||
	       page_kind(x) != page_kind(y) ||
	       (x->snap_flags & PAGESNAP_SF_FREE) != (y->snap_flags & PAGESNAP_SF_FREE) ||
	       x->memcg_ino != y->memcg_ino || x->head_pfn != y->head_pfn ||
	       x->order != y->order || x->owner_hash != y->owner_hash ||
	       x->file_ino != y->file_ino || x->file_index != y->file_index;
}

unsigned int page_kind(const struct pagesnap_entry *e)
{
	if (e->snap_flags & PAGESNAP_SF_HOLE)
		return KIND_HOLE;
	if (e->snap_flags & PAGESNAP_SF_FREE)
		return KIND_FREE;
	if (type(e, PAGESNAP_PAGE_TYPE_HUGETLB) ||
	    (kpf(e, PAGESNAP_KPF_HUGE) && !kpf(e, PAGESNAP_KPF_THP)))
		return KIND_HUGETLB;
	if (type(e, PAGESNAP_PAGE_TYPE_SLAB) || kpf(e, PAGESNAP_KPF_SLAB))
		return KIND_SLAB;
	if (type(e, PAGESNAP_PAGE_TYPE_TABLE) || kpf(e, PAGESNAP_KPF_PGTABLE))
		return KIND_PGTABLE;
	if (mapping(e, PAGESNAP_MAPPING_ANON) ||
	    mapping(e, PAGESNAP_MAPPING_KSM) || kpf(e, PAGESNAP_KPF_ANON))
		return kpf(e, PAGESNAP_KPF_THP) ||
		       ((e->valid & PAGESNAP_VALID_FOLIO) && e->order > 0) ?
		       KIND_ANON_THP : KIND_ANON;
	if (mapping(e, PAGESNAP_MAPPING_FILE))
		return kpf(e, PAGESNAP_KPF_SWAPBACKED) ? KIND_SHMEM : KIND_FILE;
	if (kpf(e, PAGESNAP_KPF_RESERVED))
		return KIND_RESERVED;
	return KIND_OTHER;
}
