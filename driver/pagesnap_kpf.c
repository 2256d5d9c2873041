// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/kpageflags bits of a snapshot: this kernel's stable_page_flags()
 * applied to the copies, so that kpf can be compared bit for bit with
 * the file.  The parts where 6.1 and 6.12 derive a bit differently come
 * first; pagesnap_kpf() puts them together.
 */
#include <linux/bits.h>
#include <linux/kernel-page-flags.h>
#include <linux/mm.h>
#include <linux/page-flags.h>

#include "pagesnap_internal.h"
#include "pagesnap_compat.h"
#include "pagesnap_memmap.h"

/* The ABI promises /proc/kpageflags bit numbers. */
static_assert(KPF_LOCKED == PAGESNAP_KPF_LOCKED);
static_assert(KPF_SLAB == PAGESNAP_KPF_SLAB);
static_assert(KPF_BUDDY == PAGESNAP_KPF_BUDDY);
static_assert(KPF_NOPAGE == PAGESNAP_KPF_NOPAGE);
static_assert(KPF_PGTABLE == PAGESNAP_KPF_PGTABLE);
static_assert(KPF_RESERVED == PAGESNAP_KPF_RESERVED);
static_assert(KPF_PRIVATE == PAGESNAP_KPF_PRIVATE);
static_assert(KPF_ARCH_2 == PAGESNAP_KPF_ARCH_2);

static u64 ps_kpf_bit(unsigned long word, unsigned int kbit,
		      unsigned int ubit)
{
	return (u64)ps_bit(word, kbit) << ubit;
}

/*
 * The word stable_page_flags() copies most bits from: the page's own
 * flags on 6.1, the folio's flags on 6.12.
 */
static unsigned long ps_kpf_word(const struct pagesnap_snap *s)
{
#ifdef PS_MM_612
	return s->folio.flags;
#else
	return s->page.flags;
#endif
}

/* KPF_HUGE / KPF_THP / KPF_ZERO_PAGE, as each kernel's page.c derives them */
static u64 ps_kpf_compound(const struct pagesnap_snap *s)
{
	const struct folio *f = &s->folio;

	if (ps_folio_is_hugetlb(f))
		return BIT_ULL(KPF_HUGE);
#ifdef PS_MM_612
	if (ps_folio_large(f) && ps_bit(f->_flags_1, PG_large_rmappable))
		return BIT_ULL(KPF_THP);
	if (ps_is_huge_zero_pfn(s->pfn))
		return PS_KPF_HUGE_ZERO;
	if (is_zero_pfn(s->pfn - s->idx))
		return BIT_ULL(KPF_ZERO_PAGE);
#else
	if (ps_page_is_compound(&s->page)) {
		if (ps_bit(f->flags, PG_lru) || ps_folio_is_anon(f))
			return BIT_ULL(KPF_THP);
		if (ps_is_huge_zero_pfn(s->pfn))
			return PS_KPF_HUGE_ZERO;
		return 0;
	}
	if (is_zero_pfn(s->pfn))
		return BIT_ULL(KPF_ZERO_PAGE);
#endif
	return 0;
}

static bool ps_kpf_slab(const struct pagesnap_snap *s)
{
#ifdef PS_MM_612
	return ps_folio_is_slab(&s->folio);
#else
	return ps_bit(s->page.flags, PG_slab) ||
	       (ps_page_is_tail(&s->page) && ps_folio_is_slab(&s->folio));
#endif
}

/*
 * KPF_KSM of an anon folio.  6.12's stable_page_flags() tests
 * "mapping & PAGE_MAPPING_KSM", which is true for every anon folio since
 * PAGE_MAPPING_KSM includes PAGE_MAPPING_ANON; kpf reproduces what
 * /proc/kpageflags says.  mapping_kind tells KSM pages apart correctly.
 */
static bool ps_kpf_ksm(unsigned long mapping)
{
#ifdef PS_MM_612
	return mapping & PAGE_MAPPING_KSM;
#else
	return (mapping & PAGE_MAPPING_FLAGS) == PAGE_MAPPING_KSM;
#endif
}

/* Bits only one of the kernels reports, and HWPOISON's source word */
static u64 ps_kpf_version_bits(const struct pagesnap_snap *s, u64 u)
{
	unsigned long k = ps_kpf_word(s);

#ifdef CONFIG_MEMORY_FAILURE
#ifdef PS_MM_612
	if (u & BIT_ULL(KPF_HUGE))
		u |= ps_kpf_bit(k, PG_hwpoison, KPF_HWPOISON);
	else
		u |= ps_kpf_bit(s->page.flags, PG_hwpoison, KPF_HWPOISON);
#else
	u |= ps_kpf_bit(k, PG_hwpoison, KPF_HWPOISON);
#endif
#endif
#ifdef PS_MM_612
	u |= ps_kpf_bit(k, PG_owner_2, KPF_OWNER_2);
#ifdef CONFIG_ARCH_USES_PG_ARCH_2
	u |= ps_kpf_bit(k, PG_arch_2, KPF_ARCH_2);
#endif
#ifdef CONFIG_ARCH_USES_PG_ARCH_3
	u |= ps_kpf_bit(k, PG_arch_3, KPF_ARCH_3);
#endif
#else
	u |= ps_kpf_bit(k, PG_error, KPF_ERROR);
	u |= ps_kpf_bit(k, PG_mappedtodisk, KPF_MAPPEDTODISK);
	u |= ps_kpf_bit(k, PG_arch_2, KPF_ARCH_2);
#ifdef CONFIG_ARCH_USES_PG_UNCACHED
	u |= ps_kpf_bit(k, PG_uncached, KPF_UNCACHED);
#endif
#endif
	return u;
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

	if (pagesnap_folio_mapped(snap, memo))
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
