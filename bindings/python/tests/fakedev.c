// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * fakedev.so: a stand-in for /dev/pagesnap on the host, for the Python
 * host tests (LD_PRELOAD).  open() of $PAGESNAP_FAKE_DEV returns a
 * descriptor of /dev/null that ioctl() then serves as the driver would,
 * with synthetic pages: pfn_end 5000, holes at pfns 1000-1199, a small
 * max_pfns (700) so scans must resume from next_pfn, in-kernel filters
 * and SKIP_HOLES.  Page contents are a pure function of the pfn that the
 * tests recompute (test_fake.py: model()).  fake_queries() and
 * fake_filtered_queries() count the QUERY calls for the tests.
 *
 * Never used with the real driver; nothing here is installed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/pagesnap.h>

#define FAKE_PFN_END	5000
#define FAKE_MAX_PFNS	700
#define HOLE_START	1000
#define HOLE_END	1200

#define MAX_FDS		4096

static unsigned char fake_fds[MAX_FDS];	/* descriptors we serve */
static unsigned long nr_queries, nr_filtered;

unsigned long fake_queries(void);
unsigned long fake_filtered_queries(void);

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

static void fake_entry(uint64_t pfn, struct pagesnap_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->pfn = pfn;
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

static int fake_info(struct pagesnap_info *in)
{
	memset(in, 0, sizeof(*in));
	in->abi_version = PAGESNAP_ABI_VERSION;
	in->entry_size = sizeof(struct pagesnap_entry);
	in->features = PAGESNAP_FEAT_FILTER | PAGESNAP_FEAT_SKIP_HOLES;
	/* what a newer driver would announce, for the name tables' tests */
	if (getenv("PAGESNAP_FAKE_EXTRA_FEATURES"))
		in->features |= strtoull(getenv("PAGESNAP_FAKE_EXTRA_FEATURES"),
					 NULL, 0);
	in->valid_mask = PAGESNAP_VALID_ALL & ~PAGESNAP_VALID_HUGE_ZERO;
	in->pfn_end = FAKE_PFN_END;
	in->max_pfns = FAKE_MAX_PFNS;
	in->page_size = 4096;
	in->backend = PAGESNAP_BACKEND_PORT;
	in->max_filters = PAGESNAP_MAX_FILTERS;
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

static int fake_query(struct pagesnap_query *q)
{
	struct pagesnap_entry e;
	uint64_t pfn, end, seen = 0;
	char *out = (char *)(uintptr_t)q->entries;

	nr_queries++;
	if (q->nr_filters)
		nr_filtered++;
	if (!q->nr_pfns || !q->max_entries || q->entry_size < sizeof(e) ||
	    q->nr_filters > PAGESNAP_MAX_FILTERS ||
	    (q->flags & ~PAGESNAP_QUERY_FLAGS_ALL))
		return -EINVAL;
	if (q->start_pfn + q->nr_pfns < q->start_pfn)
		return -EOVERFLOW;
	if (q->start_pfn >= FAKE_PFN_END)
		return -ERANGE;
	end = q->start_pfn + q->nr_pfns;
	if (end > FAKE_PFN_END)
		end = FAKE_PFN_END;
	q->filled = 0;
	for (pfn = q->start_pfn; pfn < end && q->filled < q->max_entries &&
	     seen < FAKE_MAX_PFNS; pfn++, seen++) {
		fake_entry(pfn, &e);
		if ((q->flags & PAGESNAP_QUERY_SKIP_HOLES) &&
		    (e.snap_flags & PAGESNAP_SF_HOLE))
			continue;
		if (!matches(q, &e))
			continue;
		memset(out + q->filled * q->entry_size, 0, q->entry_size);
		memcpy(out + q->filled * q->entry_size, &e, sizeof(e));
		q->filled++;
	}
	/* clipped at pfn_end: report the whole requested range as covered */
	q->next_pfn = pfn == end ? q->start_pfn + q->nr_pfns : pfn;
	return 0;
}

static int fake_open(const char *path)
{
	const char *dev = getenv("PAGESNAP_FAKE_DEV");
	int (*real_open)(const char *, int, ...);
	int fd;

	if (!dev || !path || strcmp(path, dev))
		return -2;
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
	if (req == PAGESNAP_IOC_INFO)
		ret = fake_info(arg);
	else if (req == PAGESNAP_IOC_QUERY)
		ret = fake_query(arg);
	else
		ret = -ENOTTY;
	if (ret) {
		errno = -ret;
		return -1;
	}
	return 0;
}
