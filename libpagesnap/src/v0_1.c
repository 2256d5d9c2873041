// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * The exported functions of node LIBPAGESNAP_0.1 whose signatures carry
 * struct pagesnap_entry.  Programs built against the 0.1 header call them
 * with that header's 136-byte entry, so this file is compiled against a
 * copy of it (not the uapi header): what the functions write and the debug
 * information abidiff compares with abi/libpagesnap-0.1.abi both describe
 * the layout those programs have.  New programs get the sized functions of
 * LIBPAGESNAP_0.2 through pagesnap.h; pagesnap_scan_next() and
 * pagesnap_entry_flags() serve both, since they only read a prefix of an
 * entry at least this large.
 */
#include "sized.h"
#include "../abi/v0_1.h"

#define PS_API		__attribute__((visibility("default")))
#define PS_V0_1(name)	__attribute__((symver(#name "@LIBPAGESNAP_0.1")))

PS_API PS_V0_1(pagesnap_get)
int pagesnap_get_v0_1(struct pagesnap *ps, uint64_t pfn,
		      struct pagesnap_entry *entry);
PS_API PS_V0_1(pagesnap_query_range)
int pagesnap_query_range_v0_1(struct pagesnap *ps, uint64_t start_pfn,
			      uint64_t nr_pfns, unsigned int flags,
			      struct pagesnap_entry *entries,
			      unsigned int max_entries, unsigned int *filled,
			      uint64_t *next_pfn);
PS_API PS_V0_1(pagesnap_scan_begin)
int pagesnap_scan_begin_v0_1(struct pagesnap *ps, uint64_t start_pfn,
			     uint64_t end_pfn, unsigned int flags,
			     struct pagesnap_scan **scanp);
PS_API PS_V0_1(pagesnap_scan)
int pagesnap_scan_v0_1(struct pagesnap *ps, uint64_t start_pfn,
		       uint64_t end_pfn, unsigned int flags,
		       pagesnap_scan_fn fn, void *arg);
PS_API int pagesnap_scan_next(struct pagesnap_scan *scan,
			      const struct pagesnap_entry **entry);
PS_API uint64_t pagesnap_entry_flags(const struct pagesnap_entry *entry,
				     int raw);
PS_API void pagesnap_scan_end(struct pagesnap_scan *scan);

/* pagesnap_get@LIBPAGESNAP_0.1: one 136-byte entry. */
int pagesnap_get_v0_1(struct pagesnap *ps, uint64_t pfn,
		      struct pagesnap_entry *entry)
{
	return ps_get(ps, pfn, entry, sizeof(*entry));
}

/* pagesnap_query_range@LIBPAGESNAP_0.1: 136-byte entries. */
int pagesnap_query_range_v0_1(struct pagesnap *ps, uint64_t start_pfn,
			      uint64_t nr_pfns, unsigned int flags,
			      struct pagesnap_entry *entries,
			      unsigned int max_entries, unsigned int *filled,
			      uint64_t *next_pfn)
{
	return ps_query_range(ps, start_pfn, nr_pfns, flags, entries,
			      sizeof(*entries), max_entries, filled, next_pfn);
}

/*
 * pagesnap_scan_begin@LIBPAGESNAP_0.1: the entries are the library's, at
 * its own size, of which a 0.1 caller reads the first 136 bytes.
 */
int pagesnap_scan_begin_v0_1(struct pagesnap *ps, uint64_t start_pfn,
			     uint64_t end_pfn, unsigned int flags,
			     struct pagesnap_scan **scanp)
{
	return ps_scan_begin(ps, start_pfn, end_pfn, flags, 0, scanp);
}

/* pagesnap_scan@LIBPAGESNAP_0.1: as pagesnap_scan_begin@LIBPAGESNAP_0.1. */
int pagesnap_scan_v0_1(struct pagesnap *ps, uint64_t start_pfn,
		       uint64_t end_pfn, unsigned int flags,
		       pagesnap_scan_fn fn, void *arg)
{
	struct pagesnap_scan *scan;
	const void *e;
	int ret;

	if (!fn)
		return ps_err(-EINVAL);
	ret = ps_scan_begin(ps, start_pfn, end_pfn, flags, 0, &scan);
	if (ret)
		return ret;
	while ((ret = ps_scan_next(scan, &e)) == 1) {
		ret = fn(e, arg);
		if (ret)
			break;
	}
	pagesnap_scan_end(scan);
	if (ret < 0)
		errno = -ret;
	return ret;
}

/**
 * pagesnap_scan_next() - the next entry of a scan
 * @scan:  iterator
 * @entry: points to the entry, of the size the scan was begun with,
 *         valid until the next call
 *
 * Return: 1 with an entry, 0 at the end of the range, or a negative
 * errno (the scan can be resumed by calling again after -EINTR).
 */
int pagesnap_scan_next(struct pagesnap_scan *scan,
		       const struct pagesnap_entry **entry)
{
	const void *e;
	int ret;

	ret = ps_scan_next(scan, entry ? &e : NULL);
	if (ret == 1)
		*entry = e;
	return ret;
}

/**
 * pagesnap_entry_flags() - the flag word of an entry, as filters see it
 * @entry: snapshot (only the fields of the 0.1 entry are read)
 * @raw:   0: pagesnap_flags_well_known(); 1: every kpf bit
 *
 * Holes read as PAGESNAP_KPF_NOPAGE, as the in-kernel filter sees them.
 *
 * Return: the flag word; 0 when @entry is NULL.
 */
uint64_t pagesnap_entry_flags(const struct pagesnap_entry *entry, int raw)
{
	return ps_entry_flags(entry, raw);
}
