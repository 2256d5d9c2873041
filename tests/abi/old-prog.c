// SPDX-License-Identifier: GPL-2.0
/*
 * A program built against the libpagesnap 0.1 header (v0.1/include: the
 * 136-byte struct pagesnap_entry, before nr_pages), run with the current
 * library.  It must get correct 136-byte entries and nothing written past
 * its arrays: guard bytes follow every buffer.
 *
 *   old-prog FAKE_PATH      the fake device (LD_PRELOAD=fakedev.so): every
 *                           entry checked against the fake's pages
 *   old-prog --real [PATH]  the real driver (a QEMU guest): entries one per
 *                           pfn in order, get agrees with query_range on
 *                           what cannot move (pfn, hole, zone, node)
 *
 * Prints "abi-0.1: N passed, N failed".
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <pagesnap.h>

#define GUARD	256
#define JUNK	0xa5

static int pass, fail, real;

#define T(cond, ...) do {						\
	if (cond) {							\
		pass++;							\
	} else {							\
		fail++;							\
		printf("FAIL %s:%d: ", __FILE__, __LINE__);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	}								\
} while (0)

static size_t untouched(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && p[i] == JUNK; i++)
		;
	return i;
}

/* what fakedev.c's fake_entry() puts in the fields checked here */
static void check_entry(const struct pagesnap_entry *e, uint64_t pfn)
{
	if (real) {
		T(e->pfn == pfn, "pfn %llu, want %llu",
		  (unsigned long long)e->pfn, (unsigned long long)pfn);
		T(e->valid || (e->snap_flags & PAGESNAP_SF_HOLE),
		  "pfn %llu: neither valid fields nor a hole",
		  (unsigned long long)pfn);
		return;
	}
	T(e->pfn == pfn, "pfn %llu, want %llu", (unsigned long long)e->pfn,
	  (unsigned long long)pfn);
	T(e->head_pfn == (pfn % 7 == 4 ? pfn & ~3ULL : pfn), "pfn %llu head_pfn",
	  (unsigned long long)pfn);
	T(e->raw_flags == pfn * 3, "pfn %llu raw_flags", (unsigned long long)pfn);
	T(e->zone == (pfn < 4096 ? PAGESNAP_ZONE_DMA32 : PAGESNAP_ZONE_NORMAL),
	  "pfn %llu zone %u", (unsigned long long)pfn, e->zone);
	T(e->owner_hash == (pfn % 7 == 1 || pfn % 7 == 2 ? 0x1234 + pfn % 7 : 0),
	  "pfn %llu owner_hash", (unsigned long long)pfn);
}

static unsigned int last_entry_size(void)
{
	unsigned int (*fn)(void) =
		(unsigned int (*)(void))dlsym(RTLD_DEFAULT, "fake_last_entry_size");

	return fn ? fn() : 0;
}

/* what a 0.1 entry of a pfn says that cannot change between two reads */
static int same_page(const struct pagesnap_entry *a,
		     const struct pagesnap_entry *b)
{
	int hole = !!(a->snap_flags & PAGESNAP_SF_HOLE);

	return a->pfn == b->pfn && hole == !!(b->snap_flags & PAGESNAP_SF_HOLE) &&
	       (hole || (a->zone == b->zone && a->nid == b->nid));
}

static uint64_t scan_expect;

static int scan_cb(const struct pagesnap_entry *e, void *arg)
{
	(void)arg;
	check_entry(e, scan_expect++);
	return 0;
}

int main(int argc, char **argv)
{
	static unsigned char buf[8 * 136 + GUARD];
	struct { struct pagesnap_entry e; unsigned char guard[GUARD]; } one;
	const struct pagesnap_entry *se;
	struct pagesnap_entry *ents = (struct pagesnap_entry *)buf;
	struct pagesnap_info info;
	struct pagesnap_scan *scan;
	struct pagesnap *ps;
	const char *path = NULL;
	uint64_t next, base, sbase, send;
	unsigned int filled, i;
	int ret;

	if (argc > 1 && !strcmp(argv[1], "--real")) {
		real = 1;
		path = argc > 2 ? argv[2] : NULL;
	} else if (argc > 1) {
		path = argv[1];
	}
	T(sizeof(struct pagesnap_entry) == 136, "built with a %zu-byte entry",
	  sizeof(struct pagesnap_entry));
	ret = pagesnap_open(path, &ps);
	T(ret == 0, "open: %d", ret);
	if (ret)
		goto out;
	ret = pagesnap_info(ps, &info);
	T(ret == 0, "info: %d", ret);
	/* the fake: its pages 100..; the real driver: 1 GiB in, or the start */
	base = real ? info.pfn_start + 262144 : 100;
	if (real && base + 2000 > info.pfn_end)
		base = info.pfn_start;
	sbase = real ? base : 10;
	send = real ? base + 1000 : 1000;

	memset(buf, JUNK, sizeof(buf));
	ret = pagesnap_query_range(ps, base, 100, 0, ents, 8, &filled, &next);
	T(ret == 0 && filled == 8 && next == base + 8,
	  "query_range: %d, %u, %llu", ret, filled, (unsigned long long)next);
	if (!real)
		T(last_entry_size() == 136, "driver told entry_size %u",
		  last_entry_size());
	for (i = 0; i < filled && i < 8; i++)
		check_entry(&ents[i], base + i);
	T(untouched(buf + 8 * 136, GUARD) == GUARD,
	  "query_range wrote past the array (guard byte %zu)",
	  untouched(buf + 8 * 136, GUARD));

	for (i = 0; i < filled && i < 8; i++) {
		memset(&one, JUNK, sizeof(one));
		ret = pagesnap_get(ps, base + i, &one.e);
		T(ret == 0, "get: %d", ret);
		check_entry(&one.e, base + i);
		T(same_page(&one.e, &ents[i]), "get and query_range of pfn %llu differ",
		  (unsigned long long)(base + i));
		T(untouched(one.guard, GUARD) == GUARD,
		  "get wrote into byte %zu past the entry",
		  untouched(one.guard, GUARD));
		T(pagesnap_entry_flags(&one.e, 1) ==
		  (((one.e.valid & PAGESNAP_VALID_KPF) ? one.e.kpf : 0) |
		   ((one.e.snap_flags & PAGESNAP_SF_HOLE) ?
		    1ULL << PAGESNAP_KPF_NOPAGE : 0)), "entry_flags");
	}

	scan_expect = sbase;
	ret = pagesnap_scan(ps, sbase, send, 0, scan_cb, NULL);
	T(ret == 0 && scan_expect == send, "scan: %d, up to %llu", ret,
	  (unsigned long long)scan_expect);

	sbase = real ? base + 1000 : 4990;
	send = real ? base + 2000 : 6000;	/* the fake's pfn_end is 5000 */
	ret = pagesnap_scan_begin(ps, sbase, send, 0, &scan);
	T(ret == 0, "scan_begin: %d", ret);
	if (!ret) {
		for (next = sbase; (ret = pagesnap_scan_next(scan, &se)) == 1; next++)
			check_entry(se, next);
		T(ret == 0 && next == (real ? send : 5000),
		  "scan_next: %d, up to %llu", ret, (unsigned long long)next);
		pagesnap_scan_end(scan);
	}
	pagesnap_close(ps);
out:
	printf("abi-0.1: %d passed, %d failed\n", pass, fail);
	return fail ? 1 : 0;
}
