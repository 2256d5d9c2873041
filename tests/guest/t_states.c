// SPDX-License-Identifier: GPL-2.0
/*
 * Known page states: pages this test puts into a state it knows, then
 * asserts the fields that state implies.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include "helpers.h"

static void test_info(void)
{
	const struct pagesnap_info *i = ps_info();

	ASSERT_TRUE(i != NULL);
	EXPECT_EQ(i->abi_version, PAGESNAP_ABI_VERSION);
	EXPECT_GE(i->entry_size, PAGESNAP_ENTRY_SIZE_VER0);
	EXPECT_EQ(i->entry_size % 8, 0);
	EXPECT_EQ(i->page_size, (uint32_t)sysconf(_SC_PAGESIZE));
	EXPECT_LT(i->pfn_start, i->pfn_end);
	EXPECT_GE(i->max_pfns, 1);
	EXPECT_TRUE(i->backend == PAGESNAP_BACKEND_PORT ||
		    i->backend == PAGESNAP_BACKEND_NATIVE);
	EXPECT_EQ(i->max_filters, PAGESNAP_MAX_FILTERS);
	EXPECT_EQ(i->reserved, 0);
	EXPECT_EQ(i->valid_mask & ~PAGESNAP_VALID_ALL, 0);
	EXPECT_BITS(i->valid_mask, PAGESNAP_VALID_KPF | PAGESNAP_VALID_FOLIO |
		    PAGESNAP_VALID_MAPCOUNT | PAGESNAP_VALID_REFCOUNT |
		    PAGESNAP_VALID_MAPPING_KIND | PAGESNAP_VALID_FILE);
	EXPECT_EQ(i->features & ~(PAGESNAP_FEAT_FILTER | PAGESNAP_FEAT_SKIP_HOLES |
				  PAGESNAP_FEAT_STATS | PAGESNAP_FEAT_RUNS |
				  PAGESNAP_FEAT_COLUMNS), 0);
	EXPECT_EQ(i->entry_size, PAGESNAP_ENTRY_SIZE_VER1);
	printf("  info: abi %u entry %u backend %u pfns [0x%llx, 0x%llx) max_pfns %llu valid 0x%llx features 0x%llx\n",
	       i->abi_version, i->entry_size, i->backend,
	       (unsigned long long)i->pfn_start, (unsigned long long)i->pfn_end,
	       (unsigned long long)i->max_pfns,
	       (unsigned long long)i->valid_mask,
	       (unsigned long long)i->features);
}

/* A private anon page written once: ANON, MMAP, mapped once, small. */
static void test_anon_private(void)
{
	struct pagesnap_entry e;
	char *p = ps_anon_page();
	uint64_t pfn;

	ASSERT_TRUE(p != NULL);
	pfn = ps_vaddr_pfn(p);
	ASSERT_TRUE(pfn != 0);
	ASSERT_OK(ps_query1(pfn, &e));
	ps_check_entry(&e, pfn);
	EXPECT_BITS(e.kpf, KPF(ANON) | KPF(MMAP) | KPF(SWAPBACKED));
	EXPECT_NOBITS(e.kpf, KPF(SLAB) | KPF(BUDDY) | KPF(COMPOUND_HEAD) |
		      KPF(COMPOUND_TAIL) | KPF(NOPAGE) | KPF(ZERO_PAGE) |
		      KPF(HUGE) | KPF(THP));
	/*
	 * KPF_KSM means what /proc/kpageflags says: 6.12's
	 * stable_page_flags() sets it on every anon page (it tests
	 * mapping & PAGE_MAPPING_KSM, which includes PAGE_MAPPING_ANON).
	 * mapping_kind is the field that tells KSM pages apart.
	 */
	EXPECT_EQ(e.kpf & KPF(KSM), ps_kpageflags(pfn) & KPF(KSM));
	EXPECT_BITS(e.snap_flags, PAGESNAP_SF_FAITHFUL);
	EXPECT_NOBITS(e.snap_flags, PAGESNAP_SF_FREE | PAGESNAP_SF_HOLE |
		      PAGESNAP_SF_ZERO_PAGE);
	EXPECT_EQ(e.mapcount, 1);
	EXPECT_GE(e.refcount, 1);
	EXPECT_EQ(e.order, 0);
	EXPECT_EQ(e.index, 0);
	EXPECT_EQ(e.head_pfn, pfn);
	EXPECT_EQ(e.mapping_kind, PAGESNAP_MAPPING_ANON);
	EXPECT_EQ(e.page_type, PAGESNAP_PAGE_TYPE_NONE);
	EXPECT_NOBITS(e.valid, PAGESNAP_VALID_FILE);
	if (e.valid & PAGESNAP_VALID_OWNER_HASH)
		EXPECT_NE(e.owner_hash, 0);
	if (e.valid & PAGESNAP_VALID_FOLIO_MAPCOUNT)
		EXPECT_EQ(e.folio_mapcount, 1);
	if (e.valid & PAGESNAP_VALID_NODE_ZONE) {
		EXPECT_EQ(e.nid, 0);
		EXPECT_TRUE(e.zone == PAGESNAP_ZONE_DMA32 ||
			    e.zone == PAGESNAP_ZONE_NORMAL ||
			    e.zone == PAGESNAP_ZONE_MOVABLE);
	}
	munmap(p, PAGE_SZ);
}

/* The same anon page after fork, while the child still maps it. */
static void test_anon_shared_fork(void)
{
	struct pagesnap_entry e;
	int to_child[2], to_parent[2];
	char *p = ps_anon_page();
	uint64_t pfn;
	pid_t pid;
	char c = 0;
	int st;

	ASSERT_TRUE(p != NULL);
	pfn = ps_vaddr_pfn(p);
	ASSERT_TRUE(pfn != 0);
	ASSERT_OK(pipe(to_child));
	ASSERT_OK(pipe(to_parent));
	pid = fork();
	ASSERT_TRUE(pid >= 0);
	if (pid == 0) {
		/* read the page (no COW break), report its pfn, hold it */
		uint64_t cp = ps_vaddr_pfn(p) + (p[0] == 0x5a ? 0 : 1);

		if (write(to_parent[1], &cp, sizeof(cp)) != sizeof(cp))
			_exit(1);
		if (read(to_child[0], &c, 1) != 1)
			_exit(1);
		_exit(0);
	}
	{
		uint64_t cp = 0;

		ASSERT_EQ(read(to_parent[0], &cp, sizeof(cp)), sizeof(cp));
		EXPECT_EQ(cp, pfn);
	}
	EXPECT_OK(ps_query1(pfn, &e));
	ps_check_entry(&e, pfn);
	EXPECT_BITS(e.kpf, KPF(ANON) | KPF(MMAP));
	EXPECT_EQ(e.mapcount, 2);
	EXPECT_EQ(e.order, 0);
	EXPECT_BITS(e.snap_flags, PAGESNAP_SF_FAITHFUL);
	EXPECT_EQ(e.mapcount, ps_kpagecount(pfn));

	ASSERT_EQ(write(to_child[1], &c, 1), 1);
	waitpid(pid, &st, 0);
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	EXPECT_OK(ps_query1(pfn, &e));
	EXPECT_EQ(e.mapcount, 1);
	close(to_child[0]);
	close(to_child[1]);
	close(to_parent[0]);
	close(to_parent[1]);
	munmap(p, PAGE_SZ);
}

static const char *need_thp(void)
{
	return ps_thp_available() ? NULL : "no transparent hugepages in this kernel";
}

/* A PMD-sized THP: order 9, head_pfn, index of every tail. */
static void test_thp(void)
{
	struct pagesnap_entry *ents;
	void *map = NULL;
	char *p = ps_thp(&map);
	uint64_t pfn, i, n = THP_SZ / PAGE_SZ;

	ASSERT_TRUE(p != NULL);
	pfn = ps_vaddr_pfn(p);
	ASSERT_TRUE(pfn != 0);
	ents = calloc(n, sizeof(*ents));
	ASSERT_TRUE(ents != NULL);
	ASSERT_OK(ps_query_all(pfn, n, ents));
	for (i = 0; i < n; i++) {
		struct pagesnap_entry *e = &ents[i];

		/* tails are checked quietly: one failure line per field */
		if (ps_vaddr_pfn(p + i * PAGE_SZ) != pfn + i) {
			EXPECT_EQ(ps_vaddr_pfn(p + i * PAGE_SZ), pfn + i);
			break;
		}
		ps_check_entry(e, pfn + i);
		if (e->order != 9 || e->head_pfn != pfn || e->index != i ||
		    !(e->kpf & KPF(THP)) || !(e->kpf & KPF(ANON)) ||
		    !(e->snap_flags & PAGESNAP_SF_FAITHFUL) ||
		    !(e->kpf & (i ? KPF(COMPOUND_TAIL) : KPF(COMPOUND_HEAD)))) {
			printf("  thp page %llu of head 0x%llx is off\n",
			       (unsigned long long)i, (unsigned long long)pfn);
			EXPECT_EQ(e->order, 9);
			EXPECT_EQ(e->head_pfn, pfn);
			EXPECT_EQ(e->index, i);
			EXPECT_BITS(e->kpf, KPF(THP) | KPF(ANON));
			EXPECT_BITS(e->kpf, i ? KPF(COMPOUND_TAIL) : KPF(COMPOUND_HEAD));
			EXPECT_BITS(e->snap_flags, PAGESNAP_SF_FAITHFUL);
			break;
		}
		EXPECT_NOBITS(e->kpf, (i ? KPF(COMPOUND_HEAD) : KPF(COMPOUND_TAIL)));
		EXPECT_EQ(e->mapcount, 1);
		if (e->valid & PAGESNAP_VALID_ENTIRE_MAPCOUNT)
			EXPECT_EQ(e->entire_mapcount, 1);
	}
	EXPECT_EQ(ents[0].mapping_kind, PAGESNAP_MAPPING_ANON);
	free(ents);
	munmap(map, 2 * THP_SZ);
}

/* A page-cache page of a tmpfs file: (dev, ino, index). */
static void test_tmpfs_pagecache(void)
{
	const char *path = "/tmp/pagesnap-pagecache";
	struct pagesnap_entry e;
	char buf[PAGE_SZ];
	struct stat st;
	uint64_t pfn;
	char *m;
	int fd, i;

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ASSERT_TRUE(fd >= 0);
	for (i = 0; i < 4; i++) {
		memset(buf, 'a' + i, sizeof(buf));
		ASSERT_EQ(write(fd, buf, sizeof(buf)), sizeof(buf));
	}
	ASSERT_OK(fstat(fd, &st));
	m = mmap(NULL, 4 * PAGE_SZ, PROT_READ, MAP_SHARED, fd, 0);
	ASSERT_TRUE(m != MAP_FAILED);
	EXPECT_EQ(m[2 * PAGE_SZ], 'c');
	pfn = ps_vaddr_pfn(m + 2 * PAGE_SZ);
	ASSERT_TRUE(pfn != 0);
	ASSERT_OK(ps_query1(pfn, &e));
	ps_check_entry(&e, pfn);
	EXPECT_EQ(e.mapping_kind, PAGESNAP_MAPPING_FILE);
	EXPECT_BITS(e.valid, PAGESNAP_VALID_FILE);
	EXPECT_EQ(e.file_dev_major, major(st.st_dev));
	EXPECT_EQ(e.file_dev_minor, minor(st.st_dev));
	EXPECT_EQ(e.file_ino, st.st_ino);
	EXPECT_EQ(e.file_index, 2);
	EXPECT_BITS(e.kpf, KPF(MMAP) | KPF(SWAPBACKED) | KPF(UPTODATE));
	EXPECT_NOBITS(e.kpf, KPF(ANON) | KPF(SLAB) | KPF(BUDDY));
	EXPECT_EQ(e.mapcount, 1);
	EXPECT_BITS(e.snap_flags, PAGESNAP_SF_FAITHFUL);
	if (e.valid & PAGESNAP_VALID_OWNER_HASH) {
		/* page 3 of the same file has the same owner */
		struct pagesnap_entry e3;
		uint64_t pfn3;

		EXPECT_EQ(m[3 * PAGE_SZ], 'd');
		pfn3 = ps_vaddr_pfn(m + 3 * PAGE_SZ);
		EXPECT_OK(ps_query1(pfn3, &e3));
		EXPECT_NE(e.owner_hash, 0);
		EXPECT_EQ(e3.owner_hash, e.owner_hash);
		EXPECT_EQ(e3.file_index, 3);
	}
	munmap(m, 4 * PAGE_SZ);
	close(fd);
	unlink(path);
}

/* A read-only touched anon page maps the shared zero page. */
static void test_zero_page(void)
{
	struct pagesnap_entry e;
	volatile char *p;
	uint64_t pfn;

	p = mmap(NULL, PAGE_SZ, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(p != MAP_FAILED);
	EXPECT_EQ(p[0], 0);
	pfn = ps_vaddr_pfn((const void *)p);
	ASSERT_TRUE(pfn != 0);
	ASSERT_OK(ps_query1(pfn, &e));
	ps_check_entry(&e, pfn);
	EXPECT_BITS(e.snap_flags, PAGESNAP_SF_ZERO_PAGE);
	EXPECT_BITS(e.kpf, KPF(ZERO_PAGE));
	EXPECT_NOBITS(e.kpf, KPF(ANON) | KPF(BUDDY));
	EXPECT_EQ(e.kpf & KPF(ZERO_PAGE), ps_kpageflags(pfn) & KPF(ZERO_PAGE));
	munmap((void *)p, PAGE_SZ);
}

/* mlock()ed pages: MLOCKED at once, UNEVICTABLE once the LRU batch drains. */
static void test_mlocked(void)
{
	const size_t n = 64;	/* more than a per-cpu LRU batch holds */
	struct pagesnap_entry e;
	uint64_t pfn;
	char *p;
	int tries;

	p = mmap(NULL, n * PAGE_SZ, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(p != MAP_FAILED);
	madvise(p, n * PAGE_SZ, MADV_NOHUGEPAGE);
	memset(p, 1, n * PAGE_SZ);
	ASSERT_OK(mlock(p, n * PAGE_SZ));
	pfn = ps_vaddr_pfn(p);
	ASSERT_TRUE(pfn != 0);
	for (tries = 0; tries < 20; tries++) {
		ASSERT_OK(ps_query1(pfn, &e));
		if (e.kpf & KPF(UNEVICTABLE))
			break;
		usleep(100000);
	}
	ps_check_entry(&e, pfn);
	EXPECT_BITS(e.kpf, KPF(MLOCKED) | KPF(UNEVICTABLE) | KPF(ANON));
	EXPECT_EQ(e.kpf & (KPF(MLOCKED) | KPF(UNEVICTABLE)),
		  ps_kpageflags(pfn) & (KPF(MLOCKED) | KPF(UNEVICTABLE)));
	munlock(p, n * PAGE_SZ);
	munmap(p, n * PAGE_SZ);
}

static const char *need_hugetlb(void)
{
	if (ps_meminfo("HugePages_Free") < 1)
		return "no hugetlb page could be reserved (HugePages_Free 0)";
	return NULL;
}

/* A hugetlb page: HUGE, order 9, page type HUGETLB from 6.9 on. */
static void test_hugetlb(void)
{
	struct pagesnap_entry e;
	uint64_t pfn;
	char *p;

	p = mmap(NULL, THP_SZ, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	ASSERT_TRUE(p != MAP_FAILED);
	memset(p, 7, THP_SZ);
	pfn = ps_vaddr_pfn(p + 5 * PAGE_SZ);
	ASSERT_TRUE(pfn != 0);
	ASSERT_OK(ps_query1(pfn, &e));
	ps_check_entry(&e, pfn);
	EXPECT_BITS(e.kpf, KPF(HUGE) | KPF(COMPOUND_TAIL));
	EXPECT_EQ(e.order, 9);
	EXPECT_EQ(e.index, 5);
	EXPECT_EQ(e.head_pfn, pfn - 5);
	if (ps_kernel_at_least(6, 9))
		EXPECT_EQ(e.page_type, PAGESNAP_PAGE_TYPE_HUGETLB);
	ASSERT_OK(ps_query1(pfn - 5, &e));
	EXPECT_BITS(e.kpf, KPF(HUGE) | KPF(COMPOUND_HEAD));
	EXPECT_EQ(e.kpf & KPF(HUGE), ps_kpageflags(pfn - 5) & KPF(HUGE));
	munmap(p, THP_SZ);
}

/*
 * A free block: find a buddy head of order >= 1 with a filter, then
 * snapshot its whole block in one call: every page FREE.  The allocator
 * runs concurrently, so a block taken meanwhile is retried.
 */
static void test_free_block(void)
{
	const struct pagesnap_info *info = ps_info();
	struct pagesnap_entry ents[64], blk[512];
	uint64_t pfn = info->pfn_start;
	int found = 0, tries = 0;

	while (!found && pfn < info->pfn_end && tries < 50) {
		struct pagesnap_query q;
		uint32_t i;

		ps_query_init(&q, pfn, info->pfn_end - pfn, ents, 64);
		q.nr_filters = 1;
		q.filters[0].mask = KPF(BUDDY);
		q.filters[0].value = KPF(BUDDY);
		q.flags = PAGESNAP_QUERY_SKIP_HOLES;
		ASSERT_OK(ps_ioctl_query(&q));
		for (i = 0; i < q.filled && !found; i++) {
			struct pagesnap_entry *h = &ents[i];
			uint64_t n, j, ok = 1;

			ps_check_entry(h, h->pfn);
			EXPECT_BITS(h->kpf, KPF(BUDDY));
			if (!(h->valid & PAGESNAP_VALID_BUDDY_ORDER) ||
			    h->page_type != PAGESNAP_PAGE_TYPE_BUDDY ||
			    h->buddy_order < 1 || h->buddy_order > 9)
				continue;
			tries++;
			n = 1ULL << h->buddy_order;
			if (ps_query_all(h->pfn, n, blk))
				continue;
			for (j = 0; j < n; j++)
				if (!(blk[j].snap_flags & PAGESNAP_SF_FREE) ||
				    !(blk[j].kpf & KPF(BUDDY)) ||
				    blk[j].mapcount || blk[j].refcount)
					ok = 0;
			if (!ok || blk[0].buddy_order != h->buddy_order)
				continue;	/* allocated meanwhile */
			found = 1;
			EXPECT_BITS(blk[0].snap_flags, PAGESNAP_SF_FREE);
			EXPECT_EQ(blk[0].page_type, PAGESNAP_PAGE_TYPE_BUDDY);
			EXPECT_BITS(blk[0].valid, PAGESNAP_VALID_BUDDY_ORDER);
			EXPECT_NOBITS(blk[0].kpf, KPF(LRU) | KPF(SLAB) | KPF(ANON));
			EXPECT_EQ(blk[0].refcount, 0);
			printf("  free block: pfn 0x%llx order %u\n",
			       (unsigned long long)h->pfn, h->buddy_order);
		}
		if (q.next_pfn <= pfn)
			break;
		pfn = q.next_pfn;
	}
	EXPECT_TRUE(found);
}

/* A slab page, found by filter, agrees with /proc/kpageflags. */
static void test_slab_page(void)
{
	const struct pagesnap_info *info = ps_info();
	struct pagesnap_entry ents[16];
	struct pagesnap_query q;
	uint32_t i;

	ps_query_init(&q, info->pfn_start, info->pfn_end - info->pfn_start,
		      ents, 16);
	q.nr_filters = 1;
	q.filters[0].mask = KPF(SLAB);
	q.filters[0].value = KPF(SLAB);
	q.flags = PAGESNAP_QUERY_SKIP_HOLES;
	while (1) {
		ASSERT_OK(ps_ioctl_query(&q));
		if (q.filled || q.next_pfn >= info->pfn_end)
			break;
		q.nr_pfns -= q.next_pfn - q.start_pfn;
		q.start_pfn = q.next_pfn;
	}
	ASSERT_GT(q.filled, 0);
	for (i = 0; i < q.filled; i++) {
		ps_check_entry(&ents[i], ents[i].pfn);
		EXPECT_BITS(ents[i].kpf, KPF(SLAB));
		EXPECT_NOBITS(ents[i].kpf, KPF(BUDDY) | KPF(LRU) | KPF(MMAP));
		/*
		 * ANON and KSM follow /proc/kpageflags: on 6.12 it reads
		 * folio->mapping of slab pages too, where SLUB keeps a
		 * count, so odd counts show as ANON|KSM.  The sane field
		 * is mapping_kind, which a slab page does not have.
		 */
		EXPECT_TRUE(!(ents[i].valid & PAGESNAP_VALID_MAPPING_KIND) ||
			    ents[i].mapping_kind == PAGESNAP_MAPPING_NONE);
		EXPECT_NOBITS(ents[i].valid, PAGESNAP_VALID_FILE);
		if (ps_kernel_at_least(6, 10))
			EXPECT_EQ(ents[i].page_type, PAGESNAP_PAGE_TYPE_SLAB);
		else
			EXPECT_TRUE(ents[i].page_type == PAGESNAP_PAGE_TYPE_SLAB ||
				    ents[i].page_type == PAGESNAP_PAGE_TYPE_NONE);
		EXPECT_EQ(ents[i].mapcount, 0);
	}
	EXPECT_BITS(ps_kpageflags(ents[0].pfn), KPF(SLAB));
}

static const char *need_hole(void)
{
	uint64_t pfn;

	if (ps_find_hole(&pfn))
		return "no memory hole below pfn_end (check QEMU -m 3G on q35)";
	return NULL;
}

/* A pfn in the PCI hole: a HOLE entry, NOPAGE like /proc/kpageflags. */
static void test_hole(void)
{
	struct pagesnap_entry e;
	struct pagesnap_query q;
	uint64_t pfn;

	ASSERT_OK(ps_find_hole(&pfn));
	printf("  hole at pfn 0x%llx\n", (unsigned long long)pfn);
	EXPECT_EQ(ps_kpageflags(pfn), KPF(NOPAGE));
	ASSERT_OK(ps_query1(pfn, &e));
	ps_check_entry(&e, pfn);
	EXPECT_BITS(e.snap_flags, PAGESNAP_SF_HOLE);
	EXPECT_NOBITS(e.snap_flags, PAGESNAP_SF_FREE | PAGESNAP_SF_FAITHFUL);
	EXPECT_EQ(e.refcount, 0);
	EXPECT_EQ(e.mapcount, 0);
	EXPECT_EQ(e.memcg_ino, 0);

	/* holes match a filter term through KPF_NOPAGE */
	ps_query_init(&q, pfn, 4, &e, 1);
	q.nr_filters = 1;
	q.filters[0].mask = KPF(NOPAGE);
	q.filters[0].value = KPF(NOPAGE);
	ASSERT_OK(ps_ioctl_query(&q));
	EXPECT_EQ(q.filled, 1);
	EXPECT_EQ(e.pfn, pfn);
	EXPECT_BITS(e.snap_flags, PAGESNAP_SF_HOLE);
}

static const char *need_hole_skip(void)
{
	const char *why = need_hole();

	if (why)
		return why;
	if (!(ps_info()->features & PAGESNAP_FEAT_SKIP_HOLES))
		return "driver does not announce PAGESNAP_FEAT_SKIP_HOLES";
	return NULL;
}

/* SKIP_HOLES: no entry for holes, the range is still covered. */
static void test_hole_skip(void)
{
	struct pagesnap_entry e[4];
	struct pagesnap_query q;
	uint64_t pfn;

	ASSERT_OK(ps_find_hole(&pfn));
	ps_query_init(&q, pfn, 4, e, 4);
	q.flags = PAGESNAP_QUERY_SKIP_HOLES;
	ASSERT_OK(ps_ioctl_query(&q));
	EXPECT_EQ(q.filled, 0);
	EXPECT_EQ(q.next_pfn, pfn + 4);
	EXPECT_EQ(e[0].pfn, JUNK64);	/* nothing written */
}

static const struct ps_test tests[] = {
	{ "info", test_info, NULL },
	{ "anon_private", test_anon_private, NULL },
	{ "anon_shared_fork", test_anon_shared_fork, NULL },
	{ "thp", test_thp, need_thp },
	{ "tmpfs_pagecache", test_tmpfs_pagecache, NULL },
	{ "zero_page", test_zero_page, NULL },
	{ "mlocked", test_mlocked, NULL },
	{ "hugetlb", test_hugetlb, need_hugetlb },
	{ "free_block", test_free_block, NULL },
	{ "slab_page", test_slab_page, NULL },
	{ "hole", test_hole, need_hole },
	{ "hole_skip", test_hole_skip, need_hole_skip },
	{ NULL, NULL, NULL }
};

const struct ps_suite suite_states = { "states", tests };
