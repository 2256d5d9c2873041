// SPDX-License-Identifier: GPL-2.0
/*
 * Every error path of the ioctls, each its own test: the errno the uapi
 * header documents, and nothing reported as a success.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "helpers.h"

#define CMD(nr, size)	_IOC(_IOC_READ | _IOC_WRITE, PAGESNAP_IOC_MAGIC, nr, size)
#define QCMD(size)	CMD(_IOC_NR(PAGESNAP_IOC_QUERY), size)
#define ICMD(size)	CMD(_IOC_NR(PAGESNAP_IOC_INFO), size)

/* A query struct followed by room to grow, and an entry buffer. */
static union {
	struct pagesnap_query q;
	unsigned char b[8192];
} big;
static struct pagesnap_entry ents[8];

static struct pagesnap_query *good_query(void)
{
	memset(&big, 0, sizeof(big));
	ps_query_init(&big.q, ps_info()->pfn_start, 8, ents, 8);
	return &big.q;
}

/* A rejected query leaves the entries and the result fields alone. */
static void expect_untouched(void)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		EXPECT_EQ(ents[i].pfn, JUNK64);
	EXPECT_EQ(big.q.filled, 0);
}

static void test_unknown_cmd(void)
{
	struct pagesnap_info info;
	unsigned int nr;
	int fd = ps_fd();

	/*
	 * 0x02 is PAGESNAP_IOC_STATS (t_aggr.c tests its errors), 0x03
	 * PAGESNAP_IOC_COLUMNS (t_columns.c)
	 */
	for (nr = 0x04; nr <= 0x10; nr++)
		EXPECT_ERRNO(ioctl(fd, CMD(nr, sizeof(info)), &info), ENOTTY);
	EXPECT_ERRNO(ioctl(fd, CMD(0xff, sizeof(info)), &info), ENOTTY);
	/* INFO's and QUERY's numbers with a neighbouring magic */
	EXPECT_ERRNO(ioctl(fd, _IOWR(0xB8, 0x00, struct pagesnap_info), &info), ENOTTY);
	EXPECT_ERRNO(ioctl(fd, _IOWR(0xBA, 0x00, struct pagesnap_info), &info), ENOTTY);
	EXPECT_ERRNO(ioctl(fd, _IOWR(0xBA, 0x01, struct pagesnap_query), &big.q), ENOTTY);
	/* generic fd ioctls the driver does not implement */
	EXPECT_ERRNO(ioctl(fd, _IO(0xB9, 0x00), 0), ENOTTY);
	EXPECT_ERRNO(ioctl(fd, 0x5401 /* TCGETS */, &big), ENOTTY);
}

/* INFO: below VER0 or not a multiple of 8 -> EINVAL. */
static void test_info_size_bad(void)
{
	unsigned char buf[256];
	int fd = ps_fd();

	memset(buf, 0, sizeof(buf));
	EXPECT_ERRNO(ioctl(fd, ICMD(PAGESNAP_INFO_SIZE_VER0 - 8), buf), EINVAL);
	EXPECT_ERRNO(ioctl(fd, ICMD(8), buf), EINVAL);
	EXPECT_ERRNO(ioctl(fd, ICMD(PAGESNAP_INFO_SIZE_VER0 + 4), buf), EINVAL);
	EXPECT_ERRNO(ioctl(fd, ICMD(PAGESNAP_INFO_SIZE_VER0 - 1), buf), EINVAL);
}

/* INFO larger than the driver's, its tail zero: filled, the tail kept zero. */
static void test_info_size_larger(void)
{
	unsigned char buf[PAGESNAP_INFO_SIZE_VER0 + 64];
	struct pagesnap_info info;
	unsigned int i, nz = 0;

	memset(buf, JUNK, PAGESNAP_INFO_SIZE_VER0);
	memset(buf + PAGESNAP_INFO_SIZE_VER0, 0, 64);
	EXPECT_OK(ioctl(ps_fd(), ICMD(sizeof(buf)), buf));
	memcpy(&info, buf, sizeof(info));
	EXPECT_EQ(memcmp(&info, ps_info(), sizeof(info)), 0);
	for (i = PAGESNAP_INFO_SIZE_VER0; i < sizeof(buf); i++)
		nz += buf[i] != 0;
	EXPECT_EQ(nz, 0);
}

/*
 * INFO larger than the driver's with a non-zero byte it does not know:
 * E2BIG, the general rule of the uapi header, and nothing written.
 */
static void test_info_size_big_nonzero(void)
{
	static const size_t sizes[] = { PAGESNAP_INFO_SIZE_VER0 + 8, 128, 4096 };
	static unsigned char buf[4096];
	unsigned int i, k, junk;

	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		memset(buf, 0, sizeof(buf));
		memset(buf, JUNK, PAGESNAP_INFO_SIZE_VER0);
		buf[sizes[k] - 1] = 1;
		EXPECT_ERRNO(ioctl(ps_fd(), ICMD(sizes[k]), buf), E2BIG);
		for (i = 0, junk = 0; i < PAGESNAP_INFO_SIZE_VER0; i++)
			junk += buf[i] == JUNK;
		EXPECT_EQ(junk, PAGESNAP_INFO_SIZE_VER0);
		EXPECT_EQ(buf[sizes[k] - 1], 1);
	}
}

/* The device is read-only: an open for writing fails with EACCES. */
static void test_open_write(void)
{
	int fd;

	EXPECT_ERRNO(fd = open(PAGESNAP_DEVICE_PATH, O_WRONLY | O_CLOEXEC), EACCES);
	if (fd >= 0)
		close(fd);
	EXPECT_ERRNO(fd = open(PAGESNAP_DEVICE_PATH, O_RDWR | O_CLOEXEC), EACCES);
	if (fd >= 0)
		close(fd);
	fd = open(PAGESNAP_DEVICE_PATH, O_RDONLY | O_CLOEXEC);
	EXPECT_GE(fd, 0);
	if (fd >= 0)
		close(fd);
}

static void test_info_efault(void)
{
	void *ro = mmap(NULL, PAGE_SZ, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_TRUE(ro != MAP_FAILED);
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_INFO, NULL), EFAULT);
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_INFO, ro), EFAULT);
	munmap(ro, PAGE_SZ);
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_INFO, ro), EFAULT);
}

static void test_query_size_small(void)
{
	good_query();
	EXPECT_ERRNO(ioctl(ps_fd(), QCMD(PAGESNAP_QUERY_SIZE_VER0 - 8), &big), EINVAL);
	EXPECT_ERRNO(ioctl(ps_fd(), QCMD(8), &big), EINVAL);
	EXPECT_ERRNO(ioctl(ps_fd(), QCMD(0), &big), EINVAL);
	expect_untouched();
}

static void test_query_size_unaligned(void)
{
	good_query();
	EXPECT_ERRNO(ioctl(ps_fd(), QCMD(PAGESNAP_QUERY_SIZE_VER0 + 4), &big), EINVAL);
	EXPECT_ERRNO(ioctl(ps_fd(), QCMD(PAGESNAP_QUERY_SIZE_VER0 + 1), &big), EINVAL);
	expect_untouched();
}

/* Bytes the driver does not know must be zero: E2BIG otherwise. */
static void test_query_size_big_nonzero(void)
{
	good_query();
	big.b[PAGESNAP_QUERY_SIZE_VER0] = 1;
	EXPECT_ERRNO(ioctl(ps_fd(), QCMD(PAGESNAP_QUERY_SIZE_VER0 + 8), &big), E2BIG);
	expect_untouched();
	good_query();
	big.b[4095] = 0x80;
	EXPECT_ERRNO(ioctl(ps_fd(), QCMD(4096), &big), E2BIG);
	expect_untouched();
}

static void test_query_size_big_zero(void)
{
	unsigned int i, nz = 0;

	good_query();
	EXPECT_OK(ioctl(ps_fd(), QCMD(PAGESNAP_QUERY_SIZE_VER0 + 8), &big));
	EXPECT_EQ(big.q.filled, 8);
	EXPECT_EQ(ents[0].pfn, big.q.start_pfn);
	good_query();
	EXPECT_OK(ioctl(ps_fd(), QCMD(4096), &big));
	EXPECT_EQ(big.q.filled, 8);
	for (i = PAGESNAP_QUERY_SIZE_VER0; i < 4096; i++)
		nz += big.b[i] != 0;
	EXPECT_EQ(nz, 0);
}

static void test_query_reserved(void)
{
	struct pagesnap_query *q = good_query();

	q->reserved[0] = 1;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), EINVAL);
	expect_untouched();
	q = good_query();
	q->reserved[1] = 1ULL << 63;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), EINVAL);
	expect_untouched();
}

static void test_query_flags(void)
{
	struct pagesnap_query *q;
	unsigned int bit;

	for (bit = 1; bit < 32; bit++) {
		if ((1U << bit) & PAGESNAP_QUERY_FLAGS_ALL)
			continue;
		q = good_query();
		q->flags = 1U << bit;
		EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), EINVAL);
	}
	expect_untouched();
}

static void test_filter_value_not_in_mask(void)
{
	struct pagesnap_query *q = good_query();

	q->nr_filters = 1;
	q->filters[0].mask = KPF(ANON);
	q->filters[0].value = KPF(ANON) | KPF(LRU);
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), EINVAL);
	expect_untouched();
	q = good_query();
	q->nr_filters = 2;
	q->filters[1].mask = 0;
	q->filters[1].value = 1;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), EINVAL);
	expect_untouched();
}

static void test_filter_too_many(void)
{
	struct pagesnap_query *q = good_query();

	q->nr_filters = PAGESNAP_MAX_FILTERS + 1;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), EINVAL);
	q = good_query();
	q->nr_filters = 0xffffffff;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), EINVAL);
	expect_untouched();
}

static void test_filter_unused_garbage(void)
{
	unsigned int k;

	for (k = 1; k < PAGESNAP_MAX_FILTERS; k++) {
		struct pagesnap_query *q = good_query();

		q->nr_filters = 1;
		q->filters[0].mask = KPF(ANON);
		q->filters[0].value = 0;
		q->filters[k].mask = KPF(LRU);
		EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), EINVAL);
	}
	expect_untouched();
	{
		struct pagesnap_query *q = good_query();

		q->filters[PAGESNAP_MAX_FILTERS - 1].value = 1;
		EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), EINVAL);
	}
	expect_untouched();
}

static void test_entry_size_bad(void)
{
	static const uint32_t bad[] = {
		0, 8, PAGESNAP_ENTRY_SIZE_VER0 - 8, PAGESNAP_ENTRY_SIZE_VER0 + 4,
		PAGESNAP_ENTRY_SIZE_VER0 + 1, 4096 + 8, 0xffffffff,
	};
	static unsigned char buf[8 * 8192];
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct pagesnap_query *q = good_query();

		memset(buf, JUNK, sizeof(buf));
		q->entries = (uintptr_t)buf;
		q->entry_size = bad[i];
		q->max_entries = 1;
		EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), EINVAL);
		EXPECT_EQ(buf[0], JUNK);
		EXPECT_EQ(q->filled, 0);
	}
	/* runs need nr_pages: a VER0 entry has none */
	for (i = PAGESNAP_ENTRY_SIZE_VER0; i <= PAGESNAP_ENTRY_SIZE_VER1; i += 8) {
		struct pagesnap_query *q = good_query();

		memset(buf, JUNK, sizeof(buf));
		q->entries = (uintptr_t)buf;
		q->entry_size = i;
		q->max_entries = 1;
		q->flags = PAGESNAP_QUERY_RUNS;
		if (i < PAGESNAP_ENTRY_SIZE_VER1) {
			EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q),
				     EINVAL);
			EXPECT_EQ(buf[0], JUNK);
			EXPECT_EQ(q->filled, 0);
		} else {
			EXPECT_EQ(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), 0);
			EXPECT_EQ(q->filled, 1);
		}
	}
}

static void test_range_overflow(void)
{
	const struct pagesnap_info *info = ps_info();
	struct pagesnap_query *q = good_query();

	q->start_pfn = info->pfn_start + 1;
	q->nr_pfns = UINT64_MAX;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), EOVERFLOW);
	expect_untouched();
	q = good_query();
	q->start_pfn = info->pfn_end - 1;
	q->nr_pfns = UINT64_MAX - info->pfn_end + 3;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), EOVERFLOW);
	expect_untouched();
}

/* entries + entry_size * max_entries wraps around the address space. */
static void test_buffer_overflow(void)
{
	struct pagesnap_query *q = good_query();

	q->entries = UINT64_MAX - PAGE_SZ + 1;
	q->nr_pfns = 64;
	q->max_entries = 64;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), EOVERFLOW);
	EXPECT_EQ(q->filled, 0);
	q = good_query();
	q->entry_size = 4096;
	q->max_entries = 0xffffffff;
	q->entries = UINT64_MAX - (1ULL << 40);
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), EOVERFLOW);
	EXPECT_EQ(q->filled, 0);
}

static void test_range_past_end(void)
{
	const struct pagesnap_info *info = ps_info();
	struct pagesnap_query *q = good_query();

	q->start_pfn = info->pfn_end;
	q->nr_pfns = 1;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), ERANGE);
	expect_untouched();
	q = good_query();
	q->start_pfn = info->pfn_end + 12345;
	q->nr_pfns = 10;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), ERANGE);
	expect_untouched();
	q = good_query();
	q->start_pfn = UINT64_MAX - 10;	/* + nr_pfns does not wrap */
	q->nr_pfns = 1;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), ERANGE);
	expect_untouched();
}

static void test_zero_counts(void)
{
	struct pagesnap_query *q = good_query();

	q->nr_pfns = 0;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), EINVAL);
	expect_untouched();
	q = good_query();
	q->max_entries = 0;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), EINVAL);
	expect_untouched();
}

static void test_entries_null(void)
{
	struct pagesnap_query *q = good_query();

	q->entries = 0;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), EFAULT);
	EXPECT_EQ(q->filled, 0);
}

static void test_entries_unmapped(void)
{
	struct pagesnap_query *q = good_query();
	void *m = mmap(NULL, 2 * PAGE_SZ, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_TRUE(m != MAP_FAILED);
	munmap(m, 2 * PAGE_SZ);
	q->entries = (uintptr_t)m;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), EFAULT);
	EXPECT_EQ(q->filled, 0);
}

static void test_entries_readonly(void)
{
	struct pagesnap_query *q = good_query();
	unsigned char *m = mmap(NULL, PAGE_SZ, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_TRUE(m != MAP_FAILED);
	memset(m, JUNK, PAGE_SZ);
	ASSERT_OK(mprotect(m, PAGE_SZ, PROT_READ));
	q->entries = (uintptr_t)m;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), EFAULT);
	EXPECT_EQ(q->filled, 0);
	EXPECT_EQ(m[0], JUNK);
	munmap(m, PAGE_SZ);
}

/* Writable first page, read-only second: still EFAULT, no partial result. */
static void test_entries_partly_writable(void)
{
	struct pagesnap_query *q = good_query();
	const uint32_t per_page = PAGE_SZ / sizeof(struct pagesnap_entry) + 1;
	unsigned char *m = mmap(NULL, 2 * PAGE_SZ, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_TRUE(m != MAP_FAILED);
	memset(m, JUNK, 2 * PAGE_SZ);
	ASSERT_OK(mprotect(m + PAGE_SZ, PAGE_SZ, PROT_READ));
	q->entries = (uintptr_t)m;
	q->nr_pfns = per_page + 4;
	q->max_entries = per_page + 4;
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q), EFAULT);
	EXPECT_EQ(q->filled, 0);
	munmap(m, 2 * PAGE_SZ);
}

/* The query structure itself unreadable or unwritable. */
static void test_query_struct_efault(void)
{
	struct pagesnap_query *q;
	void *m = mmap(NULL, PAGE_SZ, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_TRUE(m != MAP_FAILED);
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, NULL), EFAULT);
	q = good_query();
	memcpy(m, q, sizeof(*q));
	ASSERT_OK(mprotect(m, PAGE_SZ, PROT_READ));
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, m), EFAULT);
	munmap(m, PAGE_SZ);
	EXPECT_ERRNO(ioctl(ps_fd(), PAGESNAP_IOC_QUERY, m), EFAULT);
}

static const struct ps_test tests[] = {
	{ "unknown_cmd_enotty", test_unknown_cmd, NULL },
	{ "info_size_bad_einval", test_info_size_bad, NULL },
	{ "info_size_larger_ok", test_info_size_larger, NULL },
	{ "info_size_big_nonzero_e2big", test_info_size_big_nonzero, NULL },
	{ "open_write_eacces", test_open_write, NULL },
	{ "info_efault", test_info_efault, NULL },
	{ "query_size_small_einval", test_query_size_small, NULL },
	{ "query_size_unaligned_einval", test_query_size_unaligned, NULL },
	{ "query_size_big_nonzero_e2big", test_query_size_big_nonzero, NULL },
	{ "query_size_big_zero_ok", test_query_size_big_zero, NULL },
	{ "query_reserved_einval", test_query_reserved, NULL },
	{ "query_flags_einval", test_query_flags, NULL },
	{ "filter_value_not_in_mask_einval", test_filter_value_not_in_mask, NULL },
	{ "filter_too_many_einval", test_filter_too_many, NULL },
	{ "filter_unused_garbage_einval", test_filter_unused_garbage, NULL },
	{ "entry_size_bad_einval", test_entry_size_bad, NULL },
	{ "range_overflow_eoverflow", test_range_overflow, NULL },
	{ "buffer_overflow_eoverflow", test_buffer_overflow, NULL },
	{ "range_past_end_erange", test_range_past_end, NULL },
	{ "zero_counts_einval", test_zero_counts, NULL },
	{ "entries_null_efault", test_entries_null, NULL },
	{ "entries_unmapped_efault", test_entries_unmapped, NULL },
	{ "entries_readonly_efault", test_entries_readonly, NULL },
	{ "entries_partly_writable_efault", test_entries_partly_writable, NULL },
	{ "query_struct_efault", test_query_struct_efault, NULL },
	{ NULL, NULL, NULL }
};

const struct ps_suite suite_errors = { "errors", tests };
