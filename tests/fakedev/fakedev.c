// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * A stand-in for /dev/pagesnap on the host, at the ioctl level: the one
 * test seam of the library's host tests.  The Python tests and the 0.1
 * ABI test LD_PRELOAD it (fakedev.so); tests/unit links it into the
 * program (fakedev.o).  Either way the library runs unchanged: open() of
 * $PAGESNAP_FAKE_DEV returns a descriptor of /dev/null that ioctl() then
 * serves as the driver would, with synthetic pages: holes at pfns
 * 1000-1199, a small max_pfns so scans must resume from next_pfn,
 * in-kernel filters, SKIP_HOLES, and RUNS and STATS when asked for.  Page
 * contents are a pure function of the pfn that the tests recompute
 * (test_fake.py: model()).
 *
 * Each open() reads its driver from the environment (hex or decimal):
 * PAGESNAP_FAKE_FEATURES (default FILTER|SKIP_HOLES), _PFN_START (0),
 * _PFN_END (5000), _MAX_PFNS (700), _MAX_FILTERS (PAGESNAP_MAX_FILTERS),
 * _BAD (0; 1-3: STATS answers that do not add up; 4: the last run of a
 * RUNS query claims 1000 pfns more than the call covered; 5: COLUMNS
 * reports a wrong nr_done), _ERR (0; an errno every QUERY and COLUMNS
 * call fails with) and _LIKE_START/_LIKE_END (an empty range; its pfns
 * are like pages, equal but for pfn and head_pfn, which RUNS joins).
 * Without PAGESNAP_FEAT_RUNS it writes the 136 bytes of an entry that a
 * driver before nr_pages knew, and zeroes the rest.  fake_queries(),
 * fake_filtered_queries(), fake_stats_calls(), fake_ioctls() and
 * fake_last_entry_size() let the tests see what reached the "driver".
 *
 * COLUMNS too (the Rust crate's tests), from the same entries.
 *
 * Never used with the real driver; nothing here is installed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/pagesnap.h>

#define HOLE_START	1000
#define HOLE_END	1200

#define MAX_FDS		4096

static unsigned char fake_fds[MAX_FDS];	/* descriptors we serve */
static unsigned long nr_queries, nr_filtered, nr_ioctls, nr_stats;
static unsigned long nr_columns;
static unsigned int last_entry_size, last_query_flags;

/* the driver of the last open() */
static struct {
	uint64_t features, pfn_start, pfn_end, max_pfns, max_filters;
	uint64_t bad;	/* STATS answers nonsense: 1 no progress, 2 sums, 3 combos */
	uint64_t err;	/* errno of every QUERY and COLUMNS */
	uint64_t like_start, like_end;	/* pages RUNS joins */
} fake = { 0, 0, 5000, 700, PAGESNAP_MAX_FILTERS, 0, 0, 0, 0 };

unsigned long fake_queries(void);
unsigned long fake_filtered_queries(void);
unsigned long fake_ioctls(void);
unsigned int fake_last_entry_size(void);
unsigned long fake_stats_calls(void);
unsigned int fake_last_query_flags(void);
unsigned long fake_columns_calls(void);

unsigned int fake_last_query_flags(void)
{
	return last_query_flags;
}

unsigned long fake_columns_calls(void)
{
	return nr_columns;
}

unsigned long fake_stats_calls(void)
{
	return nr_stats;
}

unsigned long fake_ioctls(void)
{
	return nr_ioctls;
}

unsigned int fake_last_entry_size(void)
{
	return last_entry_size;
}

static uint64_t env_u64(const char *name, uint64_t dflt)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 0) : dflt;
}

static void fake_configure(void)
{
	fake.features = env_u64("PAGESNAP_FAKE_FEATURES",
				PAGESNAP_FEAT_FILTER | PAGESNAP_FEAT_SKIP_HOLES);
	/* what a newer driver would announce, for the name tables' tests */
	fake.features |= env_u64("PAGESNAP_FAKE_EXTRA_FEATURES", 0);
	fake.pfn_start = env_u64("PAGESNAP_FAKE_PFN_START", 0);
	fake.pfn_end = env_u64("PAGESNAP_FAKE_PFN_END", 5000);
	fake.max_pfns = env_u64("PAGESNAP_FAKE_MAX_PFNS", 700);
	fake.max_filters = env_u64("PAGESNAP_FAKE_MAX_FILTERS",
				   PAGESNAP_MAX_FILTERS);
	fake.bad = env_u64("PAGESNAP_FAKE_BAD", 0);
	fake.err = env_u64("PAGESNAP_FAKE_ERR", 0);
	fake.like_start = env_u64("PAGESNAP_FAKE_LIKE_START", 0);
	fake.like_end = env_u64("PAGESNAP_FAKE_LIKE_END", 0);
}

static int like(uint64_t pfn)
{
	return pfn >= fake.like_start && pfn < fake.like_end &&
	       !(pfn >= HOLE_START && pfn < HOLE_END);
}

unsigned long fake_queries(void)
{
	return nr_queries;
}

unsigned long fake_filtered_queries(void)
{
	return nr_filtered;
}

/* The kpf word of a pfn: a few combinations page-types users know. */
static uint64_t fake_kpf(uint64_t pfn)
{
	static const uint64_t combos[] = {
		1ULL << PAGESNAP_KPF_BUDDY,
		(1ULL << PAGESNAP_KPF_LRU) | (1ULL << PAGESNAP_KPF_UPTODATE),
		(1ULL << PAGESNAP_KPF_LRU) | (1ULL << PAGESNAP_KPF_ANON) |
			(1ULL << PAGESNAP_KPF_MMAP),
		1ULL << PAGESNAP_KPF_SLAB,
		(1ULL << PAGESNAP_KPF_LRU) | (1ULL << PAGESNAP_KPF_ACTIVE) |
			(1ULL << PAGESNAP_KPF_DIRTY),
		1ULL << PAGESNAP_KPF_RESERVED,
		0,
	};

	return combos[pfn % 7];
}

static void plain_entry(uint64_t pfn, struct pagesnap_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->pfn = pfn;
	e->nr_pages = 1;
	if (pfn >= HOLE_START && pfn < HOLE_END) {
		e->snap_flags = PAGESNAP_SF_HOLE;
		return;
	}
	e->valid = PAGESNAP_VALID_ALL & ~PAGESNAP_VALID_HUGE_ZERO;
	e->kpf = fake_kpf(pfn);
	e->raw_flags = pfn * 3;
	e->snap_flags = PAGESNAP_SF_FAITHFUL |
		(pfn % 7 == 0 ? PAGESNAP_SF_FREE : 0);
	e->order = pfn % 7 == 4 ? 2 : 0;
	e->head_pfn = pfn & ~((1ULL << e->order) - 1);
	e->index = (uint32_t)(pfn - e->head_pfn);
	e->refcount = pfn % 7 == 0 ? 0 : (uint32_t)(pfn % 5 + 1);
	e->mapcount = pfn % 7 == 2 ? 1 : 0;
	e->folio_mapcount = e->mapcount;
	e->page_type = pfn % 7 == 0 ? PAGESNAP_PAGE_TYPE_BUDDY :
		       pfn % 7 == 3 ? PAGESNAP_PAGE_TYPE_SLAB : 0;
	e->mapping_kind = pfn % 7 == 2 ? PAGESNAP_MAPPING_ANON :
			  pfn % 7 == 1 ? PAGESNAP_MAPPING_FILE : 0;
	if (e->mapping_kind == PAGESNAP_MAPPING_FILE) {
		e->file_dev_major = 8;
		e->file_dev_minor = 1;
		e->file_ino = 1000 + pfn / 7;
		e->file_index = pfn / 7;
	}
	e->nid = 0;
	e->zone = pfn < 4096 ? PAGESNAP_ZONE_DMA32 : PAGESNAP_ZONE_NORMAL;
	e->memcg_ino = 1;
	e->owner_hash = e->mapping_kind ? 0x1234 + pfn % 7 : 0;
}

static void fake_entry(uint64_t pfn, struct pagesnap_entry *e)
{
	if (!like(pfn)) {
		plain_entry(pfn, e);
		return;
	}
	/* an order-0 page: the first like page's entry, advanced */
	plain_entry(fake.like_start, e);
	e->pfn = pfn;
	e->order = 0;
	e->index = 0;
	e->head_pfn = pfn;
}

static int fake_info(struct pagesnap_info *in)
{
	memset(in, 0, sizeof(*in));
	in->abi_version = PAGESNAP_ABI_VERSION;
	in->entry_size = sizeof(struct pagesnap_entry);
	in->features = fake.features;
	in->valid_mask = PAGESNAP_VALID_ALL & ~PAGESNAP_VALID_HUGE_ZERO;
	in->pfn_start = fake.pfn_start;
	in->pfn_end = fake.pfn_end;
	in->max_pfns = fake.max_pfns;
	in->page_size = 4096;
	in->backend = PAGESNAP_BACKEND_PORT;
	in->max_filters = (uint32_t)fake.max_filters;
	return 0;
}

static int matches(const struct pagesnap_query *q, const struct pagesnap_entry *e)
{
	uint64_t kpf = e->kpf;
	unsigned int i;

	if (e->snap_flags & PAGESNAP_SF_HOLE)
		kpf = 1ULL << PAGESNAP_KPF_NOPAGE;
	if (!q->nr_filters)
		return 1;
	for (i = 0; i < q->nr_filters; i++)
		if ((kpf & q->filters[i].mask) == q->filters[i].value)
			return 1;
	return 0;
}

/* A hole joins the hole entry before it into a run, a like page too. */
static int joins(const struct pagesnap_entry *prev, uint64_t pfn,
		 const struct pagesnap_entry *e)
{
	if (prev->pfn + prev->nr_pages != pfn)
		return 0;
	if (like(prev->pfn) && like(pfn))
		return 1;
	return (prev->snap_flags & PAGESNAP_SF_HOLE) &&
	       (e->snap_flags & PAGESNAP_SF_HOLE);
}

static int fake_query(struct pagesnap_query *q)
{
	int runs = !!(q->flags & PAGESNAP_QUERY_RUNS);
	struct pagesnap_entry e, *prev = NULL;
	uint64_t pfn, end, seen = 0;
	char *out = (char *)(uintptr_t)q->entries;
	size_t known = fake.features & PAGESNAP_FEAT_RUNS ?
		       sizeof(e) : PAGESNAP_ENTRY_SIZE_VER0;

	nr_queries++;
	last_entry_size = q->entry_size;
	last_query_flags = q->flags;
	if (q->nr_filters)
		nr_filtered++;
	if (fake.err)
		return -(int)fake.err;
	if (!q->nr_pfns || !q->max_entries ||
	    q->entry_size < PAGESNAP_ENTRY_SIZE_VER0 ||
	    q->entry_size > 4096 || q->entry_size % 8 ||
	    q->nr_filters > fake.max_filters ||
	    (q->flags & ~PAGESNAP_QUERY_FLAGS_ALL))
		return -EINVAL;
	if (runs && (!(fake.features & PAGESNAP_FEAT_RUNS) ||
		     q->entry_size < PAGESNAP_ENTRY_SIZE_VER1))
		return -EINVAL;
	if (q->start_pfn + q->nr_pfns < q->start_pfn)
		return -EOVERFLOW;
	if (q->start_pfn >= fake.pfn_end)
		return -ERANGE;
	if (known > q->entry_size)
		known = q->entry_size;
	end = q->start_pfn + q->nr_pfns;
	if (end > fake.pfn_end)
		end = fake.pfn_end;
	q->filled = 0;
	for (pfn = q->start_pfn; pfn < end && seen < fake.max_pfns;
	     pfn++, seen++) {
		fake_entry(pfn, &e);
		if ((q->flags & PAGESNAP_QUERY_SKIP_HOLES) &&
		    (e.snap_flags & PAGESNAP_SF_HOLE))
			continue;
		if (!matches(q, &e))
			continue;
		if (runs && prev && joins(prev, pfn, &e)) {
			prev->nr_pages++;
			continue;
		}
		if (q->filled == q->max_entries)
			break;
		prev = (struct pagesnap_entry *)(out + q->filled * q->entry_size);
		memset(prev, 0, q->entry_size);
		memcpy(prev, &e, known);
		q->filled++;
	}
	/* clipped at pfn_end: report the whole requested range as covered */
	q->next_pfn = pfn == end ? q->start_pfn + q->nr_pfns : pfn;
	if (fake.bad == 4 && runs && prev)
		prev->nr_pages += 1000;
	return 0;
}

/* PAGESNAP_IOC_STATS over the same pages as fake_query(). */
static int fake_stats(struct pagesnap_stats *st)
{
	struct pagesnap_stats_combo *c = (void *)(uintptr_t)st->combos;
	struct pagesnap_stats_zone *z = (void *)(uintptr_t)st->zones;
	struct pagesnap_entry e;
	uint64_t pfn, end;
	uint32_t i;

	nr_stats++;
	if (!(fake.features & PAGESNAP_FEAT_STATS))
		return -ENOTTY;
	if (st->flags || st->reserved0 || st->nr_combos || st->nr_zones ||
	    !st->max_combos || !st->max_zones || !st->nr_pfns)
		return -EINVAL;
	if (st->start_pfn >= fake.pfn_end)
		return -ERANGE;
	end = st->start_pfn + st->nr_pfns;
	if (end > fake.pfn_end || end < st->start_pfn)
		end = fake.pfn_end;
	if (end - st->start_pfn > fake.max_pfns)
		end = st->start_pfn + fake.max_pfns;
	for (pfn = st->start_pfn; pfn < end; pfn++) {
		uint64_t k;

		fake_entry(pfn, &e);
		st->pfns++;
		if (e.snap_flags & PAGESNAP_SF_HOLE) {
			st->holes++;
			continue;
		}
		k = e.kpf & st->kpf_mask;
		st->faithful++;
		st->by_order[e.order]++;
		if (!e.index)
			st->folios_by_order[e.order]++;
		st->by_type[e.page_type]++;
		st->by_kind[e.mapping_kind]++;
		if (e.snap_flags & PAGESNAP_SF_FREE)
			st->free_pages++;
		for (i = 0; i < st->nr_combos && c[i].kpf != k; i++)
			;
		if (i == st->nr_combos && i == st->max_combos) {
			st->other_pages++;
		} else {
			if (i == st->nr_combos) {
				c[i].kpf = k;
				c[i].pages = 0;
				st->nr_combos++;
			}
			c[i].pages++;
		}
		for (i = 0; i < st->nr_zones &&
		     (z[i].nid != e.nid || z[i].zone != e.zone); i++)
			;
		if (i == st->nr_zones) {
			if (i == st->max_zones) {
				st->other_zone_pages++;
				continue;
			}
			memset(&z[i], 0, sizeof(z[i]));
			z[i].nid = e.nid;
			z[i].zone = e.zone;
			st->nr_zones++;
		}
		z[i].pages++;
		if (e.snap_flags & PAGESNAP_SF_FREE) {
			z[i].free_pages++;
			z[i].free_blocks[e.buddy_order]++;
		}
	}
	st->next_pfn = end;
	if (fake.bad == 1)
		st->next_pfn = st->start_pfn;
	if (fake.bad == 2)
		st->faithful++;
	if (fake.bad == 3)
		st->nr_combos = st->max_combos + 1;
	return 0;
}

/* Where each PAGESNAP_COL_* field sits in an entry. */
static const struct {
	uint64_t col;
	size_t off;
} fake_cols[] = {
	{ PAGESNAP_COL_KPF, offsetof(struct pagesnap_entry, kpf) },
	{ PAGESNAP_COL_SNAP_FLAGS, offsetof(struct pagesnap_entry, snap_flags) },
	{ PAGESNAP_COL_VALID, offsetof(struct pagesnap_entry, valid) },
	{ PAGESNAP_COL_RAW_FLAGS, offsetof(struct pagesnap_entry, raw_flags) },
	{ PAGESNAP_COL_HEAD_PFN, offsetof(struct pagesnap_entry, head_pfn) },
	{ PAGESNAP_COL_MEMCG, offsetof(struct pagesnap_entry, memcg_ino) },
	{ PAGESNAP_COL_FILE_INO, offsetof(struct pagesnap_entry, file_ino) },
	{ PAGESNAP_COL_FILE_INDEX, offsetof(struct pagesnap_entry, file_index) },
	{ PAGESNAP_COL_OWNER_HASH, offsetof(struct pagesnap_entry, owner_hash) },
	{ PAGESNAP_COL_FILE_DEV_MAJOR, offsetof(struct pagesnap_entry, file_dev_major) },
	{ PAGESNAP_COL_FILE_DEV_MINOR, offsetof(struct pagesnap_entry, file_dev_minor) },
	{ PAGESNAP_COL_REFCOUNT, offsetof(struct pagesnap_entry, refcount) },
	{ PAGESNAP_COL_MAPCOUNT, offsetof(struct pagesnap_entry, mapcount) },
	{ PAGESNAP_COL_ENTIRE_MAPCOUNT, offsetof(struct pagesnap_entry, entire_mapcount) },
	{ PAGESNAP_COL_FOLIO_MAPCOUNT, offsetof(struct pagesnap_entry, folio_mapcount) },
	{ PAGESNAP_COL_PINCOUNT, offsetof(struct pagesnap_entry, pincount) },
	{ PAGESNAP_COL_ORDER, offsetof(struct pagesnap_entry, order) },
	{ PAGESNAP_COL_INDEX, offsetof(struct pagesnap_entry, index) },
	{ PAGESNAP_COL_PAGE_TYPE, offsetof(struct pagesnap_entry, page_type) },
	{ PAGESNAP_COL_BUDDY_ORDER, offsetof(struct pagesnap_entry, buddy_order) },
	{ PAGESNAP_COL_MAPPING_KIND, offsetof(struct pagesnap_entry, mapping_kind) },
	{ PAGESNAP_COL_NID, offsetof(struct pagesnap_entry, nid) },
	{ PAGESNAP_COL_ZONE, offsetof(struct pagesnap_entry, zone) },
};

/* PAGESNAP_IOC_COLUMNS over the same pages: each field as an array. */
static int fake_columns(struct pagesnap_columns *c)
{
	const uint64_t *arrays = (const uint64_t *)(uintptr_t)c->arrays;
	struct pagesnap_entry e;
	uint64_t pfn, end;
	unsigned int i, a;

	nr_columns++;
	if (!(fake.features & PAGESNAP_FEAT_COLUMNS))
		return -ENOTTY;
	if (fake.err)
		return -(int)fake.err;
	if (c->flags || c->reserved0 || c->reserved[0] || c->reserved[1] ||
	    !c->nr_pfns || !c->fields || (c->fields & ~PAGESNAP_COLS_ALL))
		return -EINVAL;
	if (c->start_pfn + c->nr_pfns < c->start_pfn)
		return -EOVERFLOW;
	if (c->start_pfn >= fake.pfn_end)
		return -ERANGE;
	end = c->start_pfn + c->nr_pfns;
	if (c->start_pfn < fake.pfn_start)
		return -ERANGE;
	if (end > fake.pfn_end)
		end = fake.pfn_end;
	if (end - c->start_pfn > fake.max_pfns)
		end = c->start_pfn + fake.max_pfns;
	for (pfn = c->start_pfn; pfn < end; pfn++) {
		uint64_t n = pfn - c->start_pfn;

		fake_entry(pfn, &e);
		if (e.snap_flags & PAGESNAP_SF_HOLE) {
			e.kpf = 1ULL << PAGESNAP_KPF_NOPAGE;
			e.valid = PAGESNAP_VALID_KPF;
		}
		for (i = 0, a = 0; i < sizeof(fake_cols) / sizeof(fake_cols[0]); i++) {
			const char *src = (const char *)&e + fake_cols[i].off;
			size_t size = PAGESNAP_COL_SIZE(fake_cols[i].col);

			if (!(c->fields & fake_cols[i].col))
				continue;
			memcpy((char *)(uintptr_t)arrays[a++] + n * size, src, size);
		}
	}
	c->next_pfn = pfn;
	c->nr_done = pfn - c->start_pfn + (fake.bad == 5);
	return 0;
}

static int fake_open(const char *path)
{
	const char *dev = getenv("PAGESNAP_FAKE_DEV");
	int (*real_open)(const char *, int, ...);
	int fd;

	if (!dev || !path || strcmp(path, dev))
		return -2;
	fake_configure();
	real_open = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	fd = real_open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd >= MAX_FDS) {
		close(fd);
		errno = EMFILE;
		return -1;
	}
	if (fd >= 0)
		fake_fds[fd] = 1;
	return fd;
}

int close(int fd);
int close(int fd)
{
	int (*real_close)(int) = (int (*)(int))dlsym(RTLD_NEXT, "close");

	if (fd >= 0 && fd < MAX_FDS)
		fake_fds[fd] = 0;
	return real_close(fd);
}

int open(const char *path, int flags, ...);
int open(const char *path, int flags, ...)
{
	int (*real_open)(const char *, int, ...);
	mode_t mode = 0;
	va_list ap;
	int fd;

	fd = fake_open(path);
	if (fd != -2)
		return fd;
	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	real_open = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	return real_open(path, flags, mode);
}

int open64(const char *path, int flags, ...);
int open64(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return open(path, flags, mode);
}

int ioctl(int fd, unsigned long req, ...);
int ioctl(int fd, unsigned long req, ...)
{
	int (*real_ioctl)(int, unsigned long, ...);
	va_list ap;
	void *arg;
	int ret;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fd < 0 || fd >= MAX_FDS || !fake_fds[fd]) {
		real_ioctl = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
		return real_ioctl(fd, req, arg);
	}
	nr_ioctls++;
	if (req == PAGESNAP_IOC_INFO)
		ret = fake_info(arg);
	else if (req == PAGESNAP_IOC_QUERY)
		ret = fake_query(arg);
	else if (req == PAGESNAP_IOC_COLUMNS)
		ret = fake_columns(arg);
	else if (req == PAGESNAP_IOC_STATS)
		ret = fake_stats(arg);
	else
		ret = -ENOTTY;
	if (ret) {
		errno = -ret;
		return -1;
	}
	return 0;
}
