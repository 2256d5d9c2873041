/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * libpagesnap: consistent snapshots of physical pages from /dev/pagesnap.
 *
 * Every function that can fail returns 0 (or a count) on success and a
 * negative errno on failure; errno is set to the same value.  Output
 * arguments are left untouched on failure unless documented otherwise.
 * pagesnap_strerror() turns those codes into messages that say what to do.
 */
#ifndef LIBPAGESNAP_PAGESNAP_H
#define LIBPAGESNAP_PAGESNAP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/pagesnap.h>

#include "pagesnap_version.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Exported functions are marked (libbpf's LIBBPF_API): the library is built
 * with -fvisibility=hidden, so anything not marked stays internal.
 */
#ifndef PAGESNAP_API
#define PAGESNAP_API __attribute__((visibility("default")))
#endif

/* ---- device handle ------------------------------------------------- */

struct pagesnap;

PAGESNAP_API int pagesnap_open(const char *path, struct pagesnap **psp);
PAGESNAP_API void pagesnap_close(struct pagesnap *ps);
PAGESNAP_API int pagesnap_fd(const struct pagesnap *ps);
PAGESNAP_API int pagesnap_info(const struct pagesnap *ps,
			       struct pagesnap_info *info);
PAGESNAP_API const char *pagesnap_strerror(int err);

PAGESNAP_API int pagesnap_version_major(void);
PAGESNAP_API int pagesnap_version_minor(void);
PAGESNAP_API int pagesnap_check_version(int major, int minor);

/* ---- queries --------------------------------------------------------- */

/*
 * struct pagesnap_entry grows at its end as the driver learns more
 * (PAGESNAP_ENTRY_SIZE_VER*): every call that fills entries takes the
 * caller's sizeof(struct pagesnap_entry) as @entry_sz, passes it to the
 * driver, and writes exactly @entry_sz bytes per entry, so a program keeps
 * working with a newer library (and a newer driver) without a rebuild.
 * The unsized names below are inline wrappers that pass the size of the
 * entry this header declares.  See pagesnap_query_range2(3).
 */
#define PAGESNAP_ENTRY_SIZE_MAX		4096

PAGESNAP_API int pagesnap_get2(struct pagesnap *ps, uint64_t pfn,
			       struct pagesnap_entry *entry, size_t entry_sz);
PAGESNAP_API int pagesnap_query_range2(struct pagesnap *ps, uint64_t start_pfn,
				       uint64_t nr_pfns, unsigned int flags,
				       struct pagesnap_entry *entries,
				       size_t entry_sz,
				       unsigned int max_entries,
				       unsigned int *filled,
				       uint64_t *next_pfn);
PAGESNAP_API int pagesnap_set_filter(struct pagesnap *ps,
				     const struct pagesnap_filter *terms,
				     unsigned int nr);

static inline int pagesnap_get(struct pagesnap *ps, uint64_t pfn,
			       struct pagesnap_entry *entry)
{
	return pagesnap_get2(ps, pfn, entry, sizeof(*entry));
}

static inline int pagesnap_query_range(struct pagesnap *ps, uint64_t start_pfn,
				       uint64_t nr_pfns, unsigned int flags,
				       struct pagesnap_entry *entries,
				       unsigned int max_entries,
				       unsigned int *filled, uint64_t *next_pfn)
{
	return pagesnap_query_range2(ps, start_pfn, nr_pfns, flags, entries,
				     sizeof(*entries), max_entries, filled,
				     next_pfn);
}

/*
 * Streaming scan: constant memory whatever the range.  The entries are the
 * library's, @entry_sz bytes each (at least the caller's struct).
 */
struct pagesnap_scan;

typedef int (*pagesnap_scan_fn)(const struct pagesnap_entry *entry,
				void *arg);

PAGESNAP_API int pagesnap_scan_begin2(struct pagesnap *ps, uint64_t start_pfn,
				      uint64_t end_pfn, unsigned int flags,
				      size_t entry_sz,
				      struct pagesnap_scan **scanp);
PAGESNAP_API int pagesnap_scan_next(struct pagesnap_scan *scan,
				    const struct pagesnap_entry **entry);
PAGESNAP_API uint64_t pagesnap_scan_position(const struct pagesnap_scan *scan);
PAGESNAP_API void pagesnap_scan_end(struct pagesnap_scan *scan);
PAGESNAP_API int pagesnap_scan2(struct pagesnap *ps, uint64_t start_pfn,
				uint64_t end_pfn, unsigned int flags,
				size_t entry_sz, pagesnap_scan_fn fn,
				void *arg);

static inline int pagesnap_scan_begin(struct pagesnap *ps, uint64_t start_pfn,
				      uint64_t end_pfn, unsigned int flags,
				      struct pagesnap_scan **scanp)
{
	return pagesnap_scan_begin2(ps, start_pfn, end_pfn, flags,
				    sizeof(struct pagesnap_entry), scanp);
}

static inline int pagesnap_scan(struct pagesnap *ps, uint64_t start_pfn,
				uint64_t end_pfn, unsigned int flags,
				pagesnap_scan_fn fn, void *arg)
{
	return pagesnap_scan2(ps, start_pfn, end_pfn, flags,
			      sizeof(struct pagesnap_entry), fn, arg);
}

/* ---- columns (PAGESNAP_IOC_COLUMNS), since 0.2 ------------------------ */

/*
 * A batch of a columns scan: @nr values of each requested field for the
 * pfns from @start_pfn on, one array per PAGESNAP_COL_* bit in increasing
 * bit order (__u64 values for bits in PAGESNAP_COLS_U64, else __u32).
 */
typedef int (*pagesnap_columns_fn)(uint64_t start_pfn, uint64_t nr,
				   void *const arrays[], void *arg);

PAGESNAP_API int pagesnap_columns(struct pagesnap *ps, uint64_t start_pfn,
				  uint64_t nr_pfns, uint64_t fields,
				  void *const arrays[], uint64_t *nr_done);
PAGESNAP_API int pagesnap_scan_columns(struct pagesnap *ps, uint64_t start_pfn,
				       uint64_t end_pfn, uint64_t fields,
				       pagesnap_columns_fn fn, void *arg);

/* ---- in-kernel statistics (PAGESNAP_IOC_STATS) ------------------------ */

/**
 * struct pagesnap_stats_result - statistics of a pfn range, summed
 * @start_pfn, @end_pfn: the range covered, after clipping
 * @calls:      PAGESNAP_IOC_STATS calls it took
 * @pfns ... @by_kind: the sums of the struct pagesnap_stats fields of the
 *              same names over those calls (see uapi/linux/pagesnap.h)
 * @combos:     @nr_combos combinations (kpf & kpf_mask, pages), merged
 *              over the calls, in order of first appearance
 * @zones:      @nr_zones (node, zone) pairs, merged the same way
 */
struct pagesnap_stats_result {
	uint64_t start_pfn;
	uint64_t end_pfn;
	uint64_t calls;
	uint64_t pfns;
	uint64_t holes;
	uint64_t faithful;
	uint64_t unfaithful;
	uint64_t free_pages;
	uint64_t other_pages;
	uint64_t other_zone_pages;
	uint64_t by_order[PAGESNAP_STATS_ORDERS];
	uint64_t folios_by_order[PAGESNAP_STATS_ORDERS];
	uint64_t by_type[PAGESNAP_STATS_TYPES];
	uint64_t by_kind[PAGESNAP_STATS_KINDS];
	size_t nr_combos;
	struct pagesnap_stats_combo *combos;
	size_t nr_zones;
	struct pagesnap_stats_zone *zones;
};

PAGESNAP_API int pagesnap_stats_collect(struct pagesnap *ps, uint64_t start_pfn,
					uint64_t end_pfn, uint64_t kpf_mask,
					struct pagesnap_stats_result **resultp);
PAGESNAP_API void pagesnap_stats_free(struct pagesnap_stats_result *result);

/* ---- page flag names -------------------------------------------------- */

/* Bits of the kpf word that the uapi header defines. */
#define PAGESNAP_KPF_KNOWN_MASK	(((1ULL << 27) - 1) | (0x7ffULL << 32))
/* Bits page-types hides unless run with -r (kernel-hacker bits). */
#define PAGESNAP_KPF_HACKER_MASK (0xffffULL << 32)

PAGESNAP_API const char *pagesnap_flag_name(unsigned int bit);
PAGESNAP_API char pagesnap_flag_letter(unsigned int bit);
PAGESNAP_API int pagesnap_flag_bit(const char *name);
PAGESNAP_API int pagesnap_flags_parse(const char *str, uint64_t *flags);
PAGESNAP_API int pagesnap_flags_format(uint64_t flags, char *buf, size_t size);
PAGESNAP_API int pagesnap_flags_symbolic(uint64_t flags, char *buf,
					 size_t size);
PAGESNAP_API uint64_t pagesnap_flags_well_known(uint64_t kpf);
PAGESNAP_API const char *pagesnap_page_type_name(unsigned int type);
PAGESNAP_API const char *pagesnap_mapping_kind_name(unsigned int kind);
PAGESNAP_API const char *pagesnap_zone_name(unsigned int zone);

/* ---- page-types syntaxes ---------------------------------------------- */

PAGESNAP_API int pagesnap_parse_number(const char *str, uint64_t *val);
PAGESNAP_API int pagesnap_parse_range(const char *str, uint64_t *start,
				      uint64_t *end);

#define PAGESNAP_BITS_MAX	16

/**
 * struct pagesnap_bits_term - one page-types bit-spec
 * @mask:  bits looked at
 * @value: their required values; ignored when @any is set
 * @any:   1: at least one bit of @mask must be set
 */
struct pagesnap_bits_term {
	uint64_t mask;
	uint64_t value;
	uint32_t any;
	uint32_t reserved;
};

/**
 * struct pagesnap_bits - bit-specs that must all match (page-types -b ...)
 * @nr:    terms in use
 * @terms: the terms
 */
struct pagesnap_bits {
	unsigned int nr;
	unsigned int reserved;
	struct pagesnap_bits_term terms[PAGESNAP_BITS_MAX];
};

PAGESNAP_API int pagesnap_bits_add(struct pagesnap_bits *bits,
				   const char *spec);
PAGESNAP_API int pagesnap_bits_match(const struct pagesnap_bits *bits,
				     uint64_t flags);
PAGESNAP_API int pagesnap_bits_to_filters(const struct pagesnap_bits *bits,
					  int raw,
					  struct pagesnap_filter *terms,
					  unsigned int max_terms);
PAGESNAP_API uint64_t pagesnap_entry_flags(const struct pagesnap_entry *entry,
					   int raw);

/* ---- process and file pages -------------------------------------------- */

#define PAGESNAP_VADDR_NOT_MAPPED	0 /* no page, no swap entry */
#define PAGESNAP_VADDR_PRESENT		1 /* in RAM: pfn valid (if allowed) */
#define PAGESNAP_VADDR_SWAPPED		2 /* swap_type/swap_offset valid */

#define PAGESNAP_VADDR_F_FILE		(1U << 0) /* file page or shared anon */
#define PAGESNAP_VADDR_F_EXCLUSIVE	(1U << 1) /* mapped exclusively */
#define PAGESNAP_VADDR_F_SOFT_DIRTY	(1U << 2) /* soft-dirty pte */
#define PAGESNAP_VADDR_F_PFN_HIDDEN	(1U << 3) /* present, pfn needs CAP_SYS_ADMIN */

/**
 * struct pagesnap_vaddr - what backs one virtual page of a process
 * @vaddr:       page-aligned virtual address
 * @pfn:         page frame number when @state is PRESENT, else 0
 * @swap_offset: swap offset when @state is SWAPPED
 * @swap_type:   swap device index when @state is SWAPPED
 * @state:       PAGESNAP_VADDR_NOT_MAPPED, _PRESENT or _SWAPPED
 * @flags:       PAGESNAP_VADDR_F_*
 * @pagemap:     the raw /proc/PID/pagemap word
 */
struct pagesnap_vaddr {
	uint64_t vaddr;
	uint64_t pfn;
	uint64_t swap_offset;
	uint32_t swap_type;
	uint32_t state;
	uint32_t flags;
	uint32_t reserved;
	uint64_t pagemap;
};

struct pagesnap_pagemap;

PAGESNAP_API int pagesnap_pagemap_open(pid_t pid,
				       struct pagesnap_pagemap **pmp);
PAGESNAP_API int pagesnap_pagemap_read(struct pagesnap_pagemap *pm,
				       uint64_t vaddr,
				       struct pagesnap_vaddr *out,
				       unsigned int nr);
PAGESNAP_API void pagesnap_pagemap_close(struct pagesnap_pagemap *pm);

typedef int (*pagesnap_file_fn)(uint64_t file_page, uint64_t pfn,
				void *arg);

PAGESNAP_API int pagesnap_file_pages(int fd, uint64_t first_page,
				     uint64_t nr_pages, pagesnap_file_fn fn,
				     void *arg);

#ifdef __cplusplus
}
#endif

#endif /* LIBPAGESNAP_PAGESNAP_H */
