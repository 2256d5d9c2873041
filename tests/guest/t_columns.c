// SPDX-License-Identifier: GPL-2.0
/*
 * PAGESNAP_IOC_COLUMNS: each column against the same field of a QUERY
 * entry, and against /proc/kpageflags, kpagecount and kpagecgroup; the
 * dense layout, resuming, holes, and every error path.
 *
 * "At the same moment": a pfn's columns are read, then its QUERY entry,
 * then its columns again (one call each, all fields); a field agrees
 * when the entry's value equals either columns read.  On pages this test
 * controls and keeps still (anon, THP, a page-cache page of a tmpfs file,
 * the zero page, a locked page) that is required of every field.  Over a
 * range of all memory the same bracketing gives, per field, the agreement
 * t_diff.c demands of QUERY against the proc files (>= 99.9 %): between
 * the reads the allocator and the LRU move pages, as they do there.
 * Against the proc files, the kpf, mapcount and memcg columns are read
 * between two reads of the files, exactly as t_diff.c reads QUERY.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "helpers.h"

#define CCMD(size)	_IOC(_IOC_READ | _IOC_WRITE, PAGESNAP_IOC_MAGIC, \
			     _IOC_NR(PAGESNAP_IOC_COLUMNS), size)
#define NCOLS		23	/* bits in PAGESNAP_COLS_ALL */
#define CHUNK		4096
#define DIFF_CHUNK	4096

/* The entry field each column reports, in bit order. */
static const struct {
	uint64_t col;
	size_t off;
	const char *name;
} cols[NCOLS] = {
#define C(c, f)	{ PAGESNAP_COL_##c, offsetof(struct pagesnap_entry, f), #c }
	C(KPF, kpf), C(SNAP_FLAGS, snap_flags), C(VALID, valid),
	C(RAW_FLAGS, raw_flags), C(HEAD_PFN, head_pfn), C(MEMCG, memcg_ino),
	C(FILE_INO, file_ino), C(FILE_INDEX, file_index),
	C(OWNER_HASH, owner_hash), C(FILE_DEV_MAJOR, file_dev_major),
	C(FILE_DEV_MINOR, file_dev_minor), C(REFCOUNT, refcount),
	C(MAPCOUNT, mapcount), C(ENTIRE_MAPCOUNT, entire_mapcount),
	C(FOLIO_MAPCOUNT, folio_mapcount), C(PINCOUNT, pincount),
	C(ORDER, order), C(INDEX, index), C(PAGE_TYPE, page_type),
	C(BUDDY_ORDER, buddy_order), C(MAPPING_KIND, mapping_kind),
	C(NID, nid), C(ZONE, zone),
#undef C
};

/* Arrays for all columns of up to CHUNK pfns, and their pointer table. */
static uint64_t colbuf[NCOLS][CHUNK];
static uint64_t table[NCOLS];

static union {
	struct pagesnap_columns c;
	unsigned char b[4096];
} big;

static uint64_t entry_field(const struct pagesnap_entry *e, unsigned int k)
{
	const unsigned char *p = (const unsigned char *)e + cols[k].off;

	if (PAGESNAP_COL_SIZE(cols[k].col) == 8)
		return *(const uint64_t *)p;
	return *(const uint32_t *)p;
}

/* Value @i of column @k (all columns requested, in colbuf). */
static uint64_t col_value(unsigned int k, uint64_t i)
{
	if (PAGESNAP_COL_SIZE(cols[k].col) == 8)
		return colbuf[k][i];
	return ((const uint32_t *)colbuf[k])[i];
}

/* Point the table at colbuf for the columns in @fields, at value @off. */
static void set_table(uint64_t fields, uint64_t off)
{
	unsigned int k, n = 0;

	for (k = 0; k < NCOLS; k++)
		if (fields & cols[k].col)
			table[n++] = (uintptr_t)((unsigned char *)colbuf[k] +
					off * PAGESNAP_COL_SIZE(cols[k].col));
}

static void cols_init(struct pagesnap_columns *c, uint64_t start, uint64_t nr,
		      uint64_t fields)
{
	memset(c, 0, sizeof(*c));
	c->start_pfn = start;
	c->nr_pfns = nr;
	c->fields = fields;
	c->arrays = (uintptr_t)table;
	set_table(fields, 0);
}

static int cols_ioctl(struct pagesnap_columns *c)
{
	return ioctl(ps_fd(), PAGESNAP_IOC_COLUMNS, c) ? -errno : 0;
}

/* Columns @fields of [start, start + nr) (nr <= CHUNK), resuming. */
static int cols_all(uint64_t start, uint64_t nr, uint64_t fields)
{
	uint64_t pfn = start, end = start + nr;

	while (pfn < end) {
		struct pagesnap_columns c;
		int ret;

		cols_init(&c, pfn, end - pfn, fields);
		set_table(fields, pfn - start);
		ret = cols_ioctl(&c);
		if (ret)
			return ret;
		if (c.next_pfn <= pfn || c.next_pfn > end ||
		    c.nr_done != c.next_pfn - pfn)
			return -EPROTO;
		pfn = c.next_pfn;
	}
	return 0;
}

static const char *probe_columns(void)
{
	return ps_info()->features & PAGESNAP_FEAT_COLUMNS ? NULL :
	       "driver without PAGESNAP_FEAT_COLUMNS";
}

static void test_feature_bit(void)
{
	EXPECT_BITS(ps_info()->features, PAGESNAP_FEAT_COLUMNS);
	EXPECT_EQ(sizeof(struct pagesnap_columns), PAGESNAP_COLUMNS_SIZE_VER0);
	EXPECT_EQ(__builtin_popcountll(PAGESNAP_COLS_ALL), NCOLS);
}

/*
 * Compare every column of pfns [start, start + n) with QUERY, bracketed;
 * count per field the pfns that agree.  0 or -errno.
 */
static int bracket(uint64_t start, uint64_t n, struct pagesnap_entry *ents,
		   uint64_t (*first)[CHUNK], uint64_t agree[NCOLS])
{
	unsigned int k;
	uint64_t i;
	int ret;

	ret = cols_all(start, n, PAGESNAP_COLS_ALL);
	if (ret)
		return ret;
	for (k = 0; k < NCOLS; k++)
		for (i = 0; i < n; i++)
			first[k][i] = col_value(k, i);
	ret = ps_query_all(start, n, ents);
	if (ret)
		return ret;
	ret = cols_all(start, n, PAGESNAP_COLS_ALL);
	if (ret)
		return ret;
	for (k = 0; k < NCOLS; k++)
		for (i = 0; i < n; i++) {
			uint64_t v = entry_field(&ents[i], k);

			agree[k] += v == first[k][i] || v == col_value(k, i);
		}
	return 0;
}

/*
 * One-pfn calls (the driver's path without a walk) against calls over a
 * range (the walk), bracketed: the range's columns, each sampled pfn's
 * one-pfn columns, the range's again; a value agrees when it equals
 * either range read.  @pfns are sampled pfns in [start, start + n).
 */
#define ONE_MAX	64
static uint64_t agree_kpf1;	/* one-pfn calls of kpf alone that agree */
static int one_vs_range(uint64_t start, uint64_t n, const uint64_t *pfns,
			unsigned int np, uint64_t agree[NCOLS])
{
	static uint64_t first[NCOLS][ONE_MAX], one[NCOLS][ONE_MAX];
	uint64_t kpf1[ONE_MAX];
	unsigned int k, j;
	int ret;

	ret = cols_all(start, n, PAGESNAP_COLS_ALL);
	if (ret)
		return ret;
	for (k = 0; k < NCOLS; k++)
		for (j = 0; j < np; j++)
			first[k][j] = col_value(k, pfns[j] - start);
	for (j = 0; j < np; j++) {
		ret = cols_all(pfns[j], 1, PAGESNAP_COLS_ALL);
		if (ret)
			return ret;
		for (k = 0; k < NCOLS; k++)
			one[k][j] = col_value(k, 0);
		/* kpf alone: the one-pfn path without the encoder */
		ret = cols_all(pfns[j], 1, PAGESNAP_COL_KPF);
		if (ret)
			return ret;
		kpf1[j] = colbuf[0][0];
	}
	ret = cols_all(start, n, PAGESNAP_COLS_ALL);
	if (ret)
		return ret;
	for (k = 0; k < NCOLS; k++)
		for (j = 0; j < np; j++)
			agree[k] += one[k][j] == first[k][j] ||
				    one[k][j] == col_value(k, pfns[j] - start);
	for (j = 0; j < np; j++)
		agree_kpf1 += kpf1[j] == first[0][j] ||
			      kpf1[j] == col_value(0, pfns[j] - start);
	return 0;
}

/* Pages this test owns and keeps still. */
static uint64_t cpfn[520];
static unsigned int ncpfn;
static void *keep[4];

static void make_controlled(void)
{
	char *a = ps_anon_page(), *t, *z, *ml, *m;
	void *map = NULL;
	char buf[PAGE_SZ];
	uint64_t i;
	int fd;

	ncpfn = 0;
	if (a)
		cpfn[ncpfn++] = ps_vaddr_pfn(a);
	t = ps_thp(&map);
	if (t && ps_vaddr_pfn(t))
		for (i = 0; i < THP_SZ / PAGE_SZ; i++)
			cpfn[ncpfn++] = ps_vaddr_pfn(t + i * PAGE_SZ);
	fd = open("/tmp/pagesnap-columns", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0) {
		memset(buf, 'x', sizeof(buf));
		if (write(fd, buf, sizeof(buf)) == sizeof(buf)) {
			m = mmap(NULL, PAGE_SZ, PROT_READ, MAP_SHARED, fd, 0);
			if (m != MAP_FAILED && m[0] == 'x')
				cpfn[ncpfn++] = ps_vaddr_pfn(m);
		}
		close(fd);
	}
	z = mmap(NULL, PAGE_SZ, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (z != MAP_FAILED && *(volatile char *)z == 0)
		cpfn[ncpfn++] = ps_vaddr_pfn(z);
	ml = mmap(NULL, PAGE_SZ, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	if (ml != MAP_FAILED) {
		ml[0] = 1;
		cpfn[ncpfn++] = ps_vaddr_pfn(ml);
	}
	keep[0] = a;
	keep[1] = map;
}

/* Controlled pages: every column equals its entry field, exactly. */
static void test_controlled_vs_query(void)
{
	static struct pagesnap_entry ents[1];
	static uint64_t first[NCOLS][CHUNK];
	uint64_t agree[NCOLS];
	unsigned int i, k;

	make_controlled();
	ASSERT_GE(ncpfn, 4);
	for (i = 0; i < ncpfn; i++) {
		ASSERT_TRUE(cpfn[i] != 0);
		memset(agree, 0, sizeof(agree));
		ASSERT_OK(bracket(cpfn[i], 1, ents, first, agree));
		for (k = 0; k < NCOLS; k++)
			ps_check(agree[k] == 1, __LINE__, __FILE__, __func__,
				 0, "pfn 0x%llx column %s: %llu, entry %llu",
				 (unsigned long long)cpfn[i], cols[k].name,
				 (unsigned long long)col_value(k, 0),
				 (unsigned long long)entry_field(&ents[0], k));
	}
	printf("columns: controlled pages vs QUERY: %u pfns, %u columns each\n",
	       ncpfn, NCOLS);
}

/* Print each column's agreement with @ref; expect >= 99.9 % of @total. */
static void expect_agree(const char *what, const uint64_t agree[NCOLS],
			 uint64_t total, const char *ref)
{
	unsigned int k;

	for (k = 0; k < NCOLS; k++) {
		printf("columns: %s %-16s agree %llu/%llu with %s\n", what,
		       cols[k].name, (unsigned long long)agree[k],
		       (unsigned long long)total, ref);
		EXPECT_GE(agree[k] * 1000, total * 999);
	}
}

/* All memory, every column against QUERY: >= 99.9 % per column. */
static void test_all_memory_vs_query(void)
{
	const struct pagesnap_info *info = ps_info();
	struct pagesnap_entry *ents = calloc(CHUNK, sizeof(*ents));
	uint64_t (*first)[CHUNK] = calloc(NCOLS, sizeof(*first));
	uint64_t agree[NCOLS] = { 0 }, total = 0, pfn;

	ASSERT_TRUE(ents && first);
	for (pfn = info->pfn_start; pfn < info->pfn_end; pfn += CHUNK) {
		uint64_t n = info->pfn_end - pfn < CHUNK ?
			     info->pfn_end - pfn : CHUNK;

		ASSERT_OK(bracket(pfn, n, ents, first, agree));
		total += n;
	}
	expect_agree("all-memory", agree, total, "QUERY");
	free(ents);
	free(first);
}

/*
 * kpf, mapcount and memcg columns (asked for together with refcount, the
 * 24-byte request) against /proc/kpageflags, kpagecount, kpagecgroup,
 * bracketed by two reads of the files: exact on the controlled pages,
 * >= 99.9 % per field over all memory, as t_diff.c demands of QUERY.
 */
static const uint64_t proc_fields = PAGESNAP_COL_KPF | PAGESNAP_COL_REFCOUNT |
				    PAGESNAP_COL_MAPCOUNT | PAGESNAP_COL_MEMCG;
static const unsigned int proc_cols[3] = { 0, 12, 5 };	/* KPF, MAPCOUNT, MEMCG */

static int proc_bracket(uint64_t start, uint64_t n, uint64_t *r, uint64_t
			agree[3], uint64_t *compared)
{
	static const char *const files[3] = {
		"kpageflags", "kpagecount", "kpagecgroup"
	};
	uint64_t have = n, i;
	int k, got, ret;

	for (k = 0; k < 3; k++) {
		got = ps_kpage_read(files[k], start, r + k * DIFF_CHUNK, n);
		if (got < 0)
			return got;
		if ((uint64_t)got < have)
			have = got;
	}
	ret = cols_all(start, n, proc_fields);
	if (ret)
		return ret;
	for (k = 0; k < 3; k++) {
		got = ps_kpage_read(files[k], start, r + (3 + k) * DIFF_CHUNK,
				    n);
		if (got < 0)
			return got;
		if ((uint64_t)got < have)
			have = got;
	}
	for (i = 0; i < have; i++)
		for (k = 0; k < 3; k++) {
			uint64_t v = col_value(proc_cols[k], i);

			agree[k] += v == r[k * DIFF_CHUNK + i] ||
				    v == r[(3 + k) * DIFF_CHUNK + i];
		}
	*compared += have;
	return 0;
}

static void test_controlled_vs_proc(void)
{
	uint64_t *r = calloc(6 * DIFF_CHUNK, sizeof(*r));
	unsigned int i, k;

	ASSERT_TRUE(r != NULL);
	make_controlled();
	ASSERT_GE(ncpfn, 4);
	for (i = 0; i < ncpfn; i++) {
		uint64_t agree[3] = { 0 }, compared = 0;

		ASSERT_OK(proc_bracket(cpfn[i], 1, r, agree, &compared));
		ASSERT_EQ(compared, 1);
		for (k = 0; k < 3; k++)
			ps_check(agree[k] == 1, __LINE__, __FILE__, __func__,
				 0, "pfn 0x%llx column %s: 0x%llx, proc 0x%llx/0x%llx",
				 (unsigned long long)cpfn[i],
				 cols[proc_cols[k]].name,
				 (unsigned long long)col_value(proc_cols[k], 0),
				 (unsigned long long)r[k * DIFF_CHUNK],
				 (unsigned long long)r[(3 + k) * DIFF_CHUNK]);
	}
	free(r);
}

static void test_all_memory_vs_proc(void)
{
	const struct pagesnap_info *info = ps_info();
	uint64_t *r = calloc(6 * DIFF_CHUNK, sizeof(*r));
	uint64_t agree[3] = { 0 }, compared = 0, pfn;
	int k;

	ASSERT_TRUE(r != NULL);
	for (pfn = info->pfn_start; pfn < info->pfn_end; pfn += DIFF_CHUNK) {
		uint64_t n = info->pfn_end - pfn < DIFF_CHUNK ?
			     info->pfn_end - pfn : DIFF_CHUNK;

		ASSERT_OK(proc_bracket(pfn, n, r, agree, &compared));
	}
	for (k = 0; k < 3; k++) {
		printf("columns: all-memory %-8s agree %llu/%llu with /proc\n",
		       cols[proc_cols[k]].name, (unsigned long long)agree[k],
		       (unsigned long long)compared);
		EXPECT_GE(agree[k] * 1000, compared * 999);
	}
	EXPECT_GT(compared, (info->pfn_end - info->pfn_start) / 2);
	free(r);
}

/* Only the requested arrays are written, densely; resuming continues. */
static void test_dense_and_resume(void)
{
	uint64_t start = ps_info()->pfn_start, half = 1000;
	struct pagesnap_columns c;
	uint32_t *refs = (uint32_t *)colbuf[11];
	uint64_t i;

	memset(colbuf, JUNK, sizeof(colbuf));
	cols_init(&c, start, half, PAGESNAP_COL_KPF | PAGESNAP_COL_REFCOUNT);
	ASSERT_OK(cols_ioctl(&c));
	EXPECT_EQ(c.next_pfn, start + half);
	EXPECT_EQ(c.nr_done, half);
	for (i = 0; i < half; i++) {
		EXPECT_NE(colbuf[0][i], JUNK64);
		if (colbuf[0][i] == JUNK64)
			break;
	}
	/* nothing past the range, nothing in columns not asked for */
	EXPECT_EQ(colbuf[0][half], JUNK64);
	EXPECT_EQ(refs[half], (uint32_t)JUNK64);
	EXPECT_EQ(colbuf[1][0], JUNK64);
	EXPECT_EQ(colbuf[12][0], JUNK64);
	/* the second half, into the arrays advanced by nr_done */
	cols_init(&c, c.next_pfn, half, PAGESNAP_COL_KPF |
		  PAGESNAP_COL_REFCOUNT);
	set_table(c.fields, half);
	ASSERT_OK(cols_ioctl(&c));
	EXPECT_EQ(c.nr_done, half);
	EXPECT_NE(colbuf[0][2 * half - 1], JUNK64);
	EXPECT_EQ(colbuf[0][2 * half], JUNK64);
	/* the range is clipped to pfn_end and to max_pfns */
	cols_init(&c, ps_info()->pfn_end - 3, 100, PAGESNAP_COL_KPF);
	ASSERT_OK(cols_ioctl(&c));
	EXPECT_EQ(c.nr_done, 3);
	EXPECT_EQ(c.next_pfn, ps_info()->pfn_end);
	/*
	 * "to the end of memory": arrays need room only for what the call
	 * can write, here 3 values, though nr_pfns * 8 wraps
	 */
	memset(colbuf, JUNK, sizeof(colbuf));
	cols_init(&c, ps_info()->pfn_end - 3, ~0ULL - (ps_info()->pfn_end - 3),
		  PAGESNAP_COL_KPF);
	ASSERT_OK(cols_ioctl(&c));
	EXPECT_EQ(c.nr_done, 3);
	EXPECT_EQ(colbuf[0][3], JUNK64);
}

static const char *probe_hole(void)
{
	uint64_t pfn;

	if (probe_columns())
		return probe_columns();
	if (ps_find_hole(&pfn))
		return "no memory hole below pfn_end (check QEMU -m 3G on q35)";
	return NULL;
}

/* A hole: NOPAGE, HOLE, valid KPF, and 0 in every other column. */
static void test_hole(void)
{
	uint64_t pfn;
	unsigned int k;

	ASSERT_OK(ps_find_hole(&pfn));
	memset(colbuf, JUNK, sizeof(colbuf));
	ASSERT_OK(cols_all(pfn, 1, PAGESNAP_COLS_ALL));
	for (k = 0; k < NCOLS; k++) {
		uint64_t want = 0;

		if (cols[k].col == PAGESNAP_COL_KPF)
			want = KPF(NOPAGE);
		else if (cols[k].col == PAGESNAP_COL_SNAP_FLAGS)
			want = PAGESNAP_SF_HOLE;
		else if (cols[k].col == PAGESNAP_COL_VALID)
			want = PAGESNAP_VALID_KPF;
		ps_check(col_value(k, 0) == want, __LINE__, __FILE__, __func__,
			 0, "hole 0x%llx column %s: 0x%llx", (unsigned long long)pfn,
			 cols[k].name, (unsigned long long)col_value(k, 0));
	}
}

/* ---- errors ---- */

/* Where good() calls start, and for how many pfns (err_fault varies it). */
static uint64_t good_start, good_nr = 8;

static struct pagesnap_columns *good(void)
{
	memset(&big, 0, sizeof(big));
	cols_init(&big.c, good_start ? good_start : ps_info()->pfn_start,
		  good_nr, PAGESNAP_COL_KPF);
	big.c.next_pfn = JUNK64;
	big.c.nr_done = JUNK64;
	return &big.c;
}

/* A rejected call reports nothing. */
static void expect_untouched(void)
{
	EXPECT_EQ(big.c.next_pfn, JUNK64);
	EXPECT_EQ(big.c.nr_done, JUNK64);
}

static void test_err_size(void)
{
	int fd = ps_fd();

	EXPECT_ERRNO(ioctl(fd, CCMD(PAGESNAP_COLUMNS_SIZE_VER0 - 8), good()),
		     EINVAL);
	expect_untouched();
	EXPECT_ERRNO(ioctl(fd, CCMD(PAGESNAP_COLUMNS_SIZE_VER0 + 4), good()),
		     EINVAL);
	expect_untouched();
	EXPECT_ERRNO(ioctl(fd, CCMD(0), good()), EINVAL);
	/* a larger struct: zero tail accepted, junk tail E2BIG */
	good();
	EXPECT_OK(ioctl(fd, CCMD(sizeof(big.c) + 64), &big.c));
	EXPECT_EQ(big.c.nr_done, 8);
	good();
	big.b[sizeof(big.c) + 8] = 1;
	EXPECT_ERRNO(ioctl(fd, CCMD(sizeof(big.c) + 64), &big.c), E2BIG);
	expect_untouched();
}

static void test_err_flags_reserved(void)
{
	int fd = ps_fd();

	good()->flags = 1;
	EXPECT_ERRNO(ioctl(fd, PAGESNAP_IOC_COLUMNS, &big.c), EINVAL);
	expect_untouched();
	good()->flags = 0x80000000u;
	EXPECT_ERRNO(ioctl(fd, PAGESNAP_IOC_COLUMNS, &big.c), EINVAL);
	good()->reserved0 = 1;
	EXPECT_ERRNO(ioctl(fd, PAGESNAP_IOC_COLUMNS, &big.c), EINVAL);
	good()->reserved[0] = 1;
	EXPECT_ERRNO(ioctl(fd, PAGESNAP_IOC_COLUMNS, &big.c), EINVAL);
	good()->reserved[1] = 1;
	EXPECT_ERRNO(ioctl(fd, PAGESNAP_IOC_COLUMNS, &big.c), EINVAL);
	expect_untouched();
}

static void test_err_fields(void)
{
	static const uint64_t bad[] = {
		0, 1ULL << 9, 1ULL << 15, 1ULL << 30, 1ULL << 63,
		PAGESNAP_COLS_ALL | (1ULL << 40),
	};
	int fd = ps_fd();
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		good()->fields = bad[i];
		EXPECT_ERRNO(ioctl(fd, PAGESNAP_IOC_COLUMNS, &big.c), EINVAL);
		expect_untouched();
	}
	good()->nr_pfns = 0;
	EXPECT_ERRNO(ioctl(fd, PAGESNAP_IOC_COLUMNS, &big.c), EINVAL);
	expect_untouched();
}

static void test_err_range(void)
{
	const struct pagesnap_info *info = ps_info();
	int fd = ps_fd();

	/* start_pfn + nr_pfns wraps */
	good()->start_pfn = info->pfn_start + 1;
	big.c.nr_pfns = ~0ULL;
	EXPECT_ERRNO(ioctl(fd, PAGESNAP_IOC_COLUMNS, &big.c), EOVERFLOW);
	expect_untouched();
	good()->start_pfn = info->pfn_end;
	EXPECT_ERRNO(ioctl(fd, PAGESNAP_IOC_COLUMNS, &big.c), ERANGE);
	good()->start_pfn = ~0ULL - 1;
	big.c.nr_pfns = 1;
	EXPECT_ERRNO(ioctl(fd, PAGESNAP_IOC_COLUMNS, &big.c), ERANGE);
	expect_untouched();
}

static void err_fault(void)
{
	int fd = ps_fd();
	char *ro;

	good()->arrays = 0;
	EXPECT_ERRNO(ioctl(fd, PAGESNAP_IOC_COLUMNS, &big.c), EFAULT);
	expect_untouched();
	good()->arrays = 8;
	EXPECT_ERRNO(ioctl(fd, PAGESNAP_IOC_COLUMNS, &big.c), EFAULT);
	/* an array at address 0, and one whose end wraps */
	good();
	table[0] = 0;
	EXPECT_ERRNO(ioctl(fd, PAGESNAP_IOC_COLUMNS, &big.c), EFAULT);
	expect_untouched();
	good();
	table[0] = ~0ULL - 4;	/* + 8 bytes wraps, for one pfn too */
	EXPECT_ERRNO(ioctl(fd, PAGESNAP_IOC_COLUMNS, &big.c), EOVERFLOW);
	expect_untouched();
	/* a read-only array: EFAULT, no partial result */
	ro = mmap(NULL, PAGE_SZ, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(ro != MAP_FAILED);
	good();
	table[0] = (uintptr_t)ro;
	EXPECT_ERRNO(ioctl(fd, PAGESNAP_IOC_COLUMNS, &big.c), EFAULT);
	expect_untouched();
	/* the second of two arrays unwritable */
	good()->fields = PAGESNAP_COL_KPF | PAGESNAP_COL_ZONE;
	set_table(big.c.fields, 0);
	table[1] = (uintptr_t)ro;
	EXPECT_ERRNO(ioctl(fd, PAGESNAP_IOC_COLUMNS, &big.c), EFAULT);
	expect_untouched();
	munmap(ro, PAGE_SZ);
}

/*
 * Every fault, for a call of 8 pfns (the walk) and of one pfn: a small
 * page and a hole (the one-pfn path) and a THP tail (the walk again).
 */
static void test_err_fault(void)
{
	char *a = ps_anon_page(), *t;
	void *map = NULL;
	uint64_t hole;

	good_start = 0;
	good_nr = 8;
	err_fault();
	good_nr = 1;
	if (a) {
		good_start = ps_vaddr_pfn(a);
		ASSERT_TRUE(good_start != 0);
		err_fault();
	}
	t = ps_thp(&map);
	if (t && ps_vaddr_pfn(t + PAGE_SZ)) {
		good_start = ps_vaddr_pfn(t + PAGE_SZ);
		err_fault();
	}
	if (!ps_find_hole(&hole)) {
		good_start = hole;
		err_fault();
	}
	good_start = 0;
	good_nr = 8;
	printf("columns: faults with 8 pfns, and one pfn:%s%s%s\n",
	       a ? " small page" : "", t ? " THP tail" : "",
	       ps_find_hole(&hole) ? "" : " hole");
}

/* Controlled pages: a one-pfn call gives the walk's values, exactly. */
static void test_one_pfn_controlled(void)
{
	uint64_t agree[NCOLS];
	unsigned int i, k;

	make_controlled();
	ASSERT_GE(ncpfn, 4);
	agree_kpf1 = 0;
	for (i = 0; i < ncpfn; i++) {
		const struct pagesnap_info *info = ps_info();
		uint64_t start = cpfn[i] - 8;

		if (start < info->pfn_start)
			start = info->pfn_start;
		if (start + 16 > info->pfn_end)
			start = info->pfn_end - 16;

		memset(agree, 0, sizeof(agree));
		ASSERT_OK(one_vs_range(start, 16, &cpfn[i], 1, agree));
		for (k = 0; k < NCOLS; k++)
			ps_check(agree[k] == 1, __LINE__, __FILE__, __func__, 0,
				 "pfn 0x%llx column %s: one-pfn call differs from the walk",
				 (unsigned long long)cpfn[i], cols[k].name);
	}
	EXPECT_EQ(agree_kpf1, ncpfn);
	printf("columns: one-pfn calls of controlled pages vs the walk: %u pfns\n",
	       ncpfn);
}

/*
 * All memory, ONE_MAX random pfns of every CHUNK (holes, free, slab, page
 * cache, anon and compound pages alike): >= 99.9 % per column, the
 * bound of the other all-memory comparisons.
 */
static void test_one_pfn_all_memory(void)
{
	const struct pagesnap_info *info = ps_info();
	uint64_t agree[NCOLS] = { 0 }, total = 0, pfn, pfns[ONE_MAX];
	unsigned int j, seed = (unsigned int)time(NULL);

	printf("columns: one-pfn sample seed %u\n", seed);
	agree_kpf1 = 0;
	for (pfn = info->pfn_start; pfn < info->pfn_end; pfn += CHUNK) {
		uint64_t n = info->pfn_end - pfn < CHUNK ?
			     info->pfn_end - pfn : CHUNK;
		unsigned int np = n < ONE_MAX ? n : ONE_MAX;

		/* one pfn of each n / np, at a random place in it */
		for (j = 0; j < np; j++)
			pfns[j] = pfn + j * (n / np) +
				  (uint64_t)rand_r(&seed) % (n / np);
		ASSERT_OK(one_vs_range(pfn, n, pfns, np, agree));
		total += np;
	}
	expect_agree("one-pfn calls", agree, total, "the walk");
	printf("columns: one-pfn calls KPF alone         agree %llu/%llu with the walk\n",
	       (unsigned long long)agree_kpf1, (unsigned long long)total);
	EXPECT_GE(agree_kpf1 * 1000, total * 999);
}

static const struct ps_test tests[] = {
	{ "feature_bit", test_feature_bit, NULL },
	{ "controlled_vs_query", test_controlled_vs_query, probe_columns },
	{ "all_memory_vs_query_99_9", test_all_memory_vs_query, probe_columns },
	{ "controlled_vs_proc", test_controlled_vs_proc, probe_columns },
	{ "all_memory_vs_proc_99_9", test_all_memory_vs_proc, probe_columns },
	{ "dense_and_resume", test_dense_and_resume, probe_columns },
	{ "one_pfn_controlled", test_one_pfn_controlled, probe_columns },
	{ "one_pfn_all_memory_99_9", test_one_pfn_all_memory, probe_columns },
	{ "hole", test_hole, probe_hole },
	{ "err_size", test_err_size, probe_columns },
	{ "err_flags_reserved", test_err_flags_reserved, probe_columns },
	{ "err_fields", test_err_fields, probe_columns },
	{ "err_range", test_err_range, probe_columns },
	{ "err_fault", test_err_fault, probe_columns },
	{ NULL, NULL, NULL }
};

const struct ps_suite suite_columns = { "columns", tests };
