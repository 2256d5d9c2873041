// SPDX-License-Identifier: GPL-2.0
/*
 * A program built against the libpagesnap 0.1 header (v0.1/include: the
 * 136-byte struct pagesnap_entry, before nr_pages), run with the current
 * library and the fake device (LD_PRELOAD=fakedev.so).  It must get
 * correct 136-byte entries and nothing written past its arrays: guard
 * bytes follow every buffer.  Prints "N passed, N failed".
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <pagesnap.h>

#define GUARD	256
#define JUNK	0xa5

static int pass, fail;

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
	struct pagesnap_scan *scan;
	struct pagesnap *ps;
	unsigned int filled, i;
	uint64_t next;
	int ret;

	T(sizeof(struct pagesnap_entry) == 136, "built with a %zu-byte entry",
	  sizeof(struct pagesnap_entry));
	ret = pagesnap_open(argc > 1 ? argv[1] : NULL, &ps);
	T(ret == 0, "open: %d", ret);
	if (ret)
		goto out;

	memset(buf, JUNK, sizeof(buf));
	ret = pagesnap_query_range(ps, 100, 100, 0, ents, 8, &filled, &next);
	T(ret == 0 && filled == 8 && next == 108, "query_range: %d, %u, %llu",
	  ret, filled, (unsigned long long)next);
	T(last_entry_size() == 136, "driver told entry_size %u",
	  last_entry_size());
	for (i = 0; i < filled && i < 8; i++)
		check_entry(&ents[i], 100 + i);
	T(untouched(buf + 8 * 136, GUARD) == GUARD,
	  "query_range wrote past the array (guard byte %zu)",
	  untouched(buf + 8 * 136, GUARD));

	memset(&one, JUNK, sizeof(one));
	ret = pagesnap_get(ps, 4004, &one.e);
	T(ret == 0, "get: %d", ret);
	check_entry(&one.e, 4004);
	T(untouched(one.guard, GUARD) == GUARD,
	  "get wrote into byte %zu past the entry", untouched(one.guard, GUARD));
	T(pagesnap_entry_flags(&one.e, 1) == one.e.kpf, "entry_flags");

	scan_expect = 10;
	ret = pagesnap_scan(ps, 10, 1000, 0, scan_cb, NULL);
	T(ret == 0 && scan_expect == 1000, "scan: %d, up to %llu", ret,
	  (unsigned long long)scan_expect);

	ret = pagesnap_scan_begin(ps, 4990, 6000, 0, &scan);
	T(ret == 0, "scan_begin: %d", ret);
	if (!ret) {
		for (next = 4990; (ret = pagesnap_scan_next(scan, &se)) == 1; next++)
			check_entry(se, next);
		T(ret == 0 && next == 5000, "scan_next: %d, up to %llu", ret,
		  (unsigned long long)next);
		pagesnap_scan_end(scan);
	}
	pagesnap_close(ps);
out:
	printf("abi-0.1: %d passed, %d failed\n", pass, fail);
	return fail ? 1 : 0;
}
