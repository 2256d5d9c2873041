/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers of the pagesnap guest tests: the device, raw ioctls over
 * uapi/linux/pagesnap.h, vaddr -> pfn through /proc/self/pagemap, the
 * /proc/kpage* files, pages in known states, and CUnit glue.
 *
 * The guest tests use no libpagesnap on purpose: they test the driver
 * against its ABI header, not against another layer written here.
 */
#ifndef PAGESNAP_GUEST_HELPERS_H
#define PAGESNAP_GUEST_HELPERS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <CUnit/CUnit.h>
#include <linux/pagesnap.h>

#define JUNK		0xA5
#define JUNK64		0xA5A5A5A5A5A5A5A5ULL
#define PAGE_SZ		4096UL
#define THP_SZ		(2UL << 20)
#define BIT64(n)	(1ULL << (n))
#define KPF(name)	BIT64(PAGESNAP_KPF_##name)

/* One guest test: @probe (may be NULL) returns a reason to skip it. */
struct ps_test {
	const char *name;
	void (*fn)(void);
	const char *(*probe)(void);
};

struct ps_suite {
	const char *name;
	const struct ps_test *tests;	/* ends with a NULL name */
};

extern const struct ps_suite suite_states, suite_diff, suite_errors,
	suite_access, suite_compat, suite_ranges, suite_race;

/* ---- CUnit assertions that print the values at fault ---- */
void ps_check(int ok, unsigned int line, const char *file, const char *func,
	      int fatal, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

#define PS_CMP(a, op, b, fatal)						\
	do {								\
		unsigned long long _a = (unsigned long long)(a);	\
		unsigned long long _b = (unsigned long long)(b);	\
		ps_check(_a op _b, __LINE__, __FILE__, __func__, fatal,	\
			 "%s %s %s (0x%llx %s 0x%llx)", #a, #op, #b,	\
			 _a, #op, _b);					\
	} while (0)
#define EXPECT_EQ(a, b)	PS_CMP(a, ==, b, 0)
#define EXPECT_NE(a, b)	PS_CMP(a, !=, b, 0)
#define EXPECT_GE(a, b)	PS_CMP(a, >=, b, 0)
#define EXPECT_LE(a, b)	PS_CMP(a, <=, b, 0)
#define EXPECT_LT(a, b)	PS_CMP(a, <, b, 0)
#define EXPECT_GT(a, b)	PS_CMP(a, >, b, 0)
#define ASSERT_EQ(a, b)	PS_CMP(a, ==, b, 1)
#define ASSERT_GE(a, b)	PS_CMP(a, >=, b, 1)
#define ASSERT_GT(a, b)	PS_CMP(a, >, b, 1)
#define EXPECT_BITS(v, bits)						\
	ps_check(((v) & (bits)) == (bits), __LINE__, __FILE__, __func__, 0, \
		 "%s has %s (0x%llx)", #v, #bits, (unsigned long long)(v))
#define EXPECT_NOBITS(v, bits)						\
	ps_check(((v) & (bits)) == 0, __LINE__, __FILE__, __func__, 0,	\
		 "%s lacks %s (0x%llx)", #v, #bits, (unsigned long long)(v))
#define EXPECT_TRUE(c)							\
	ps_check(!!(c), __LINE__, __FILE__, __func__, 0, "%s", #c)
#define ASSERT_TRUE(c)							\
	ps_check(!!(c), __LINE__, __FILE__, __func__, 1, "%s", #c)
/* A call that must fail with errno @err. */
#define EXPECT_ERRNO(call, err)						\
	do {								\
		errno = 0;						\
		long _r = (long)(call);					\
		int _e = errno;						\
		ps_check(_r == -1 && _e == (err), __LINE__, __FILE__,	\
			 __func__, 0, "%s fails with %s (got %ld, %s)",	\
			 #call, #err, _r, strerrorname(_e));		\
	} while (0)
/* A call that must succeed (return 0). */
#define EXPECT_OK(call)							\
	do {								\
		errno = 0;						\
		long _r = (long)(call);					\
		int _e = errno;						\
		ps_check(_r == 0, __LINE__, __FILE__, __func__, 0,	\
			 "%s succeeds (got %ld, %s)", #call, _r,	\
			 strerrorname(_e));				\
	} while (0)
#define ASSERT_OK(call)							\
	do {								\
		errno = 0;						\
		long _r = (long)(call);					\
		int _e = errno;						\
		ps_check(_r == 0, __LINE__, __FILE__, __func__, 1,	\
			 "%s succeeds (got %ld, %s)", #call, _r,	\
			 strerrorname(_e));				\
	} while (0)

const char *strerrorname(int err);

/* ---- the device ---- */
int ps_fd(void);
const struct pagesnap_info *ps_info(void);
int ps_kernel_at_least(int major, int minor);

/* Fill a query for [start, start + nr) into @ents (@max entries). */
void ps_query_init(struct pagesnap_query *q, uint64_t start, uint64_t nr,
		   struct pagesnap_entry *ents, uint32_t max);
int ps_ioctl_query(struct pagesnap_query *q);
/* Snapshot one pfn into @e (junk-filled first); 0 or -errno. */
int ps_query1(uint64_t pfn, struct pagesnap_entry *e);
/* Snapshot [start, start + nr) completely (resuming); entries per pfn. */
int ps_query_all(uint64_t start, uint64_t nr, struct pagesnap_entry *ents);
/* Check the invariants every entry must satisfy. */
void ps_check_entry(const struct pagesnap_entry *e, uint64_t pfn);

/* ---- pfns of the caller's memory, /proc/kpage* ---- */
uint64_t ps_vaddr_pfn(const void *addr);	/* 0 if not present */
int ps_kpage_read(const char *file, uint64_t pfn, uint64_t *out, size_t n);
uint64_t ps_kpageflags(uint64_t pfn);
uint64_t ps_kpagecount(uint64_t pfn);
uint64_t ps_kpagecgroup(uint64_t pfn);

/* ---- pages in known states ---- */
void *ps_anon_page(void);			/* touched private anon page */
void *ps_thp(void **map);			/* PMD THP or NULL; *map to free */
int ps_thp_available(void);
int ps_write_sysfs(const char *path, const char *val);
long ps_meminfo(const char *key);		/* kB or pages; -1 if absent */
int ps_find_hole(uint64_t *pfn);		/* a pfn in no online memory */

/* A pfn range of the machine that is not RAM, from /proc/iomem. */

#endif
