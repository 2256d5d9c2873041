// SPDX-License-Identifier: GPL-2.0
/*
 * Shared helpers of the pagesnap guest tests (see helpers.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/utsname.h>

#include "helpers.h"

/**
 * ps_check() - record one CUnit assertion with a formatted message
 * @ok:	the assertion holds
 * @line, @file, @func: where it was made
 * @fatal: stop the test when it does not hold
 * @fmt: printf format of the condition, with the values at fault
 */
void ps_check(int ok, unsigned int line, const char *file, const char *func,
	      int fatal, const char *fmt, ...)
{
	static char msg[512];
	va_list ap;

	if (ok) {
		CU_assertImplementation(CU_TRUE, line, "", file, func, CU_FALSE);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	CU_assertImplementation(CU_FALSE, line, msg, file, func,
				fatal ? CU_TRUE : CU_FALSE);
}

/** strerrorname() - symbolic name of errno @err ("0" for none). */
const char *strerrorname(int err)
{
	const char *s = err ? strerrorname_np(err) : "0";

	return s ? s : "E?";
}

/** ps_fd() - the process's descriptor of /dev/pagesnap, or -1. */
int ps_fd(void)
{
	static int fd = -1;

	if (fd < 0)
		fd = open(PAGESNAP_DEVICE_PATH, O_RDONLY | O_CLOEXEC);
	return fd;
}

/** ps_info() - PAGESNAP_IOC_INFO of the driver, read once; NULL on error. */
const struct pagesnap_info *ps_info(void)
{
	static struct pagesnap_info info;
	static int done;

	if (!done) {
		memset(&info, 0, sizeof(info));
		if (ps_fd() < 0 || ioctl(ps_fd(), PAGESNAP_IOC_INFO, &info))
			return NULL;
		done = 1;
	}
	return &info;
}

/** ps_kernel_at_least() - the running kernel is @major.@minor or newer. */
int ps_kernel_at_least(int major, int minor)
{
	struct utsname u;
	int ma = 0, mi = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &ma, &mi) != 2)
		return 0;
	return ma > major || (ma == major && mi >= minor);
}

/**
 * ps_query_init() - a valid query of [@start, @start + @nr) into @ents
 * @q: the query to fill
 * @start, @nr: pfn range
 * @ents: entry buffer of @max entries, junk-filled here
 * @max: capacity of @ents
 */
void ps_query_init(struct pagesnap_query *q, uint64_t start, uint64_t nr,
		   struct pagesnap_entry *ents, uint32_t max)
{
	memset(q, 0, sizeof(*q));
	q->start_pfn = start;
	q->nr_pfns = nr;
	q->entries = (uintptr_t)ents;
	q->entry_size = sizeof(*ents);
	q->max_entries = max;
	if (ents)
		memset(ents, JUNK, (size_t)max * sizeof(*ents));
}

/** ps_ioctl_query() - PAGESNAP_IOC_QUERY on @q; 0 or -errno. */
int ps_ioctl_query(struct pagesnap_query *q)
{
	return ioctl(ps_fd(), PAGESNAP_IOC_QUERY, q) ? -errno : 0;
}

/** ps_query1() - snapshot @pfn into @e; 0, -errno, or -ENODATA if no entry. */
int ps_query1(uint64_t pfn, struct pagesnap_entry *e)
{
	struct pagesnap_query q;
	int ret;

	ps_query_init(&q, pfn, 1, e, 1);
	ret = ps_ioctl_query(&q);
	if (ret)
		return ret;
	return q.filled == 1 ? 0 : -ENODATA;
}

/**
 * ps_query_all() - snapshot [@start, @start + @nr) into @ents, one entry
 * per pfn, resuming as the driver asks; 0 or -errno (-EPROTO if the
 * driver's answers do not add up).
 */
int ps_query_all(uint64_t start, uint64_t nr, struct pagesnap_entry *ents)
{
	uint64_t pfn = start, end = start + nr;

	while (pfn < end) {
		struct pagesnap_query q;
		size_t off = pfn - start;
		int ret;

		ps_query_init(&q, pfn, end - pfn, ents + off, end - pfn);
		ret = ps_ioctl_query(&q);
		if (ret)
			return ret;
		if (q.next_pfn <= pfn || q.next_pfn > end ||
		    q.filled != q.next_pfn - pfn)
			return -EPROTO;
		pfn = q.next_pfn;
	}
	return 0;
}

/**
 * ps_check_entry() - invariants of every entry: its pfn, valid bits the
 * driver announced, zero in every field it did not fill, folio geometry.
 */
void ps_check_entry(const struct pagesnap_entry *e, uint64_t pfn)
{
	const struct pagesnap_info *info = ps_info();
	uint64_t v = e->valid;

	EXPECT_EQ(e->pfn, pfn);
	EXPECT_EQ(v & ~info->valid_mask, 0);
	EXPECT_EQ(e->snap_flags & ~(uint64_t)((PAGESNAP_SF_DMA_PINNED << 1) - 1), 0);
	if (e->snap_flags & PAGESNAP_SF_HOLE) {
		EXPECT_EQ(v & ~PAGESNAP_VALID_KPF, 0);
		if (v & PAGESNAP_VALID_KPF)
			EXPECT_EQ(e->kpf, KPF(NOPAGE));
		return;
	}
	EXPECT_BITS(v, PAGESNAP_VALID_KPF | PAGESNAP_VALID_FOLIO);
	if (!(v & PAGESNAP_VALID_KPF))
		EXPECT_EQ(e->kpf, 0);
	if (!(v & PAGESNAP_VALID_RAW_FLAGS))
		EXPECT_EQ(e->raw_flags, 0);
	if (!(v & PAGESNAP_VALID_REFCOUNT))
		EXPECT_EQ(e->refcount, 0);
	if (!(v & PAGESNAP_VALID_MAPCOUNT))
		EXPECT_EQ(e->mapcount, 0);
	if (!(v & PAGESNAP_VALID_ENTIRE_MAPCOUNT))
		EXPECT_EQ(e->entire_mapcount, 0);
	if (!(v & PAGESNAP_VALID_FOLIO_MAPCOUNT))
		EXPECT_EQ(e->folio_mapcount, 0);
	if (!(v & PAGESNAP_VALID_PINCOUNT))
		EXPECT_EQ(e->pincount, 0);
	if (!(v & PAGESNAP_VALID_PAGE_TYPE))
		EXPECT_EQ(e->page_type, 0);
	if (!(v & PAGESNAP_VALID_BUDDY_ORDER))
		EXPECT_EQ(e->buddy_order, 0);
	if (!(v & PAGESNAP_VALID_MEMCG))
		EXPECT_EQ(e->memcg_ino, 0);
	if (!(v & PAGESNAP_VALID_MAPPING_KIND))
		EXPECT_EQ(e->mapping_kind, 0);
	if (!(v & PAGESNAP_VALID_FILE)) {
		EXPECT_EQ(e->file_ino, 0);
		EXPECT_EQ(e->file_index, 0);
		EXPECT_EQ(e->file_dev_major, 0);
		EXPECT_EQ(e->file_dev_minor, 0);
	}
	if (!(v & PAGESNAP_VALID_OWNER_HASH))
		EXPECT_EQ(e->owner_hash, 0);
	if (!(v & PAGESNAP_VALID_NODE_ZONE)) {
		EXPECT_EQ(e->nid, 0);
		EXPECT_EQ(e->zone, 0);
	} else {
		EXPECT_LE(e->zone, PAGESNAP_ZONE_DEVICE);
	}
	if (v & PAGESNAP_VALID_FOLIO) {
		EXPECT_LE(e->order, 18);
		EXPECT_LT(e->index, 1ULL << e->order);
		EXPECT_EQ(e->head_pfn + e->index, pfn);
	}
	if (v & PAGESNAP_VALID_MAPPING_KIND)
		EXPECT_LE(e->mapping_kind, PAGESNAP_MAPPING_MOVABLE);
}

/** ps_vaddr_pfn() - pfn backing @addr in this process, 0 if none. */
uint64_t ps_vaddr_pfn(const void *addr)
{
	uint64_t ent = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	off_t off = (off_t)((uintptr_t)addr / PAGE_SZ) * 8;

	if (fd < 0)
		return 0;
	if (pread(fd, &ent, 8, off) != 8)
		ent = 0;
	close(fd);
	if (!(ent & BIT64(63)))
		return 0;
	return ent & (BIT64(55) - 1);
}

/**
 * ps_kpage_read() - read @n u64 of /proc/@file starting at @pfn
 * Returns the number read (short at the end of the file) or -errno.
 */
int ps_kpage_read(const char *file, uint64_t pfn, uint64_t *out, size_t n)
{
	static int fds[3] = { -1, -1, -1 };
	static const char *const names[3] = {
		"/proc/kpageflags", "/proc/kpagecount", "/proc/kpagecgroup"
	};
	ssize_t r;
	int i;

	for (i = 0; i < 3; i++)
		if (!strcmp(file, names[i] + 6))
			break;
	if (i == 3)
		return -EINVAL;
	if (fds[i] < 0)
		fds[i] = open(names[i], O_RDONLY | O_CLOEXEC);
	if (fds[i] < 0)
		return -errno;
	r = pread(fds[i], out, n * 8, (off_t)(pfn * 8));
	if (r < 0)
		return -errno;
	return (int)(r / 8);
}

static uint64_t kpage1(const char *file, uint64_t pfn)
{
	uint64_t v = JUNK64;

	if (ps_kpage_read(file, pfn, &v, 1) != 1)
		return JUNK64;
	return v;
}

/** ps_kpageflags() - /proc/kpageflags of @pfn (JUNK64 if unreadable). */
uint64_t ps_kpageflags(uint64_t pfn) { return kpage1("kpageflags", pfn); }
/** ps_kpagecount() - /proc/kpagecount of @pfn (JUNK64 if unreadable). */
uint64_t ps_kpagecount(uint64_t pfn) { return kpage1("kpagecount", pfn); }
/** ps_kpagecgroup() - /proc/kpagecgroup of @pfn (JUNK64 if unreadable). */
uint64_t ps_kpagecgroup(uint64_t pfn) { return kpage1("kpagecgroup", pfn); }

/** ps_anon_page() - a fresh, written, private anonymous page (never freed). */
void *ps_anon_page(void)
{
	char *p = mmap(NULL, PAGE_SZ, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	madvise(p, PAGE_SZ, MADV_NOHUGEPAGE);
	memset(p, 0x5a, PAGE_SZ);
	return p;
}

/** ps_write_sysfs() - write @val to @path; 0 or -errno. */
int ps_write_sysfs(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	close(fd);
	return n == (ssize_t)strlen(val) ? 0 : -EIO;
}

/** ps_thp_available() - the kernel has THP and lets us madvise for it. */
int ps_thp_available(void)
{
	static const char *const en = "/sys/kernel/mm/transparent_hugepage/enabled";

	if (access(en, W_OK))
		return 0;
	ps_write_sysfs(en, "madvise");
	ps_write_sysfs("/sys/kernel/mm/transparent_hugepage/defrag", "madvise");
	return 1;
}

/**
 * ps_thp() - a written PMD-sized THP of this process, or NULL
 * @map: set to the mapping to munmap (THP_SZ * 2 bytes)
 */
void *ps_thp(void **map)
{
	char *m, *p;

	if (!ps_thp_available())
		return NULL;
	m = mmap(NULL, 2 * THP_SZ, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	*map = m;
	p = (char *)(((uintptr_t)m + THP_SZ - 1) & ~(THP_SZ - 1));
	if (madvise(p, THP_SZ, MADV_HUGEPAGE))
		return NULL;
	memset(p, 0x3c, THP_SZ);
	return p;
}

/** ps_meminfo() - value of @key in /proc/meminfo, -1 if absent. */
long ps_meminfo(const char *key)
{
	char line[256];
	long v = -1;
	size_t kl = strlen(key);
	FILE *f = fopen("/proc/meminfo", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, kl) && line[kl] == ':') {
			v = strtol(line + kl + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

/**
 * ps_find_hole() - a pfn in [pfn_start, pfn_end) that is no RAM and lies
 * inside a gap of /proc/iomem's "System RAM" ranges large enough (>= 256
 * MiB) to hold no memory section at all.  0 found, -ENOENT none.
 */
int ps_find_hole(uint64_t *pfn)
{
	const struct pagesnap_info *info = ps_info();
	uint64_t prev_end = 0;	/* first byte after the previous RAM range */
	char line[256];
	FILE *f;
	int ret = -ENOENT;

	if (!info)
		return -ENODEV;
	f = fopen("/proc/iomem", "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long s, e;

		if (line[0] == ' ' || !strstr(line, "System RAM"))
			continue;
		if (sscanf(line, "%llx-%llx", &s, &e) != 2)
			continue;
		if (prev_end && s > prev_end && s - prev_end >= (256ULL << 20)) {
			/* middle of the gap, on a 128 MiB boundary */
			uint64_t mid = (prev_end + (s - prev_end) / 2) &
				       ~((128ULL << 20) - 1);
			uint64_t p = mid / PAGE_SZ;

			if (p >= info->pfn_start && p < info->pfn_end) {
				*pfn = p;
				ret = 0;
				break;
			}
		}
		prev_end = e + 1;
	}
	fclose(f);
	return ret;
}
