// SPDX-License-Identifier: GPL-2.0
/*
 * Differential check against interfaces nobody here wrote: pagesnap's
 * kpf, mapcount and memcg_ino against /proc/kpageflags, /proc/kpagecount
 * and /proc/kpagecgroup.
 *
 * Reads are chunked and bracketed: read a chunk of the three proc files,
 * snapshot the same chunk with pagesnap, read the proc files again; a
 * pfn agrees when pagesnap equals either read.  Pages this test controls
 * (anon, THP, tmpfs, mlocked, zero page) must agree exactly.  Over all of
 * memory the first pass leaves the pfns that the allocator and the LRU
 * moved between the reads (classified below); each is then re-read on
 * its own, proc, pagesnap, proc, up to RECHECK_ROUNDS times, and a field
 * agrees when one round agrees.  A field that disagrees in a round whose
 * two proc reads are equal, and agrees in none, is a disagreement: there
 * must be none.  One that moved between its proc reads in every round is
 * "unsettled": not judged, counted and printed.  No percentage is
 * tolerated: a pfn that really differs is stable in some round.
 *
 * The pages with DIRTY, WRITEBACK, RECLAIM, SWAPCACHE, SWAPBACKED,
 * UNEVICTABLE, MLOCKED set (in either proc read), and the dirty page
 * cache of disk filesystems (DIRTY_FILE), are counted and their
 * agreement printed field by field: the guest suite "realmem" runs this
 * test while a disk, swap and reclaim make them exist.
 *
 * /proc/kpagecount means, per kernel (fs/proc/page.c):
 *   6.1:  page_mapcount(): page->_mapcount + 1, plus the compound
 *         mapcount for anon and hugetlb compound pages (file THP keep
 *         the total in each page), 0 for slab and typed pages;
 *   6.12: folio_precise_page_mapcount(): page->_mapcount + 1 (0 when it
 *         holds a page type) plus folio_entire_mapcount() for large folios.
 * Both are "mappings of this page", which is pagesnap_entry.mapcount (not
 * folio_mapcount, the sum over the folio); that is the field compared.
 * Holes compare as KPF_NOPAGE, mapcount 0, memcg 0, as the proc files
 * report them.
 *
 * The figures are printed between "===== PAGESNAP-DIFF BEGIN/END ====="
 * for the host to collect.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/utsname.h>

#include "helpers.h"

#define CHUNK		4096
#define NFIELDS		3
#define MAX_SAMPLES	4
#define RECHECK_ROUNDS	8
#define MAX_MISSES	(1 << 20)

static const char *const kpf_names[64] = {
	"LOCKED", "ERROR", "REFERENCED", "UPTODATE", "DIRTY", "LRU", "ACTIVE",
	"SLAB", "WRITEBACK", "RECLAIM", "BUDDY", "MMAP", "ANON", "SWAPCACHE",
	"SWAPBACKED", "COMPOUND_HEAD", "COMPOUND_TAIL", "HUGE", "UNEVICTABLE",
	"HWPOISON", "NOPAGE", "KSM", "THP", "OFFLINE", "ZERO_PAGE", "IDLE",
	"PGTABLE", [32] = "RESERVED", "MLOCKED", "OWNER_2", "PRIVATE",
	"PRIVATE_2", "OWNER_PRIVATE", "ARCH", "UNCACHED", "SOFTDIRTY",
	"ARCH_2", "ARCH_3",
};

struct field {
	const char *name;
	uint64_t compared, agree, proc_moved;
	uint64_t nsamples;
	uint64_t sample[MAX_SAMPLES][4];	/* pfn, pagesnap, proc1, proc2 */
};

/* pfns the first pass did not settle, with the fields that disagreed */
struct miss {
	uint64_t pfn;
	unsigned int fields;
};

/* pages in an interesting state, and their agreement per field */
struct watch {
	const char *name;
	uint64_t set, clear;	/* bits set, bits clear (either proc read) */
};
static const struct watch watch[] = {
	{ "DIRTY", KPF(DIRTY), 0 },
	{ "WRITEBACK", KPF(WRITEBACK), 0 },
	{ "RECLAIM", KPF(RECLAIM), 0 },
	{ "SWAPCACHE", KPF(SWAPCACHE), 0 },
	{ "SWAPBACKED", KPF(SWAPBACKED), 0 },
	{ "UNEVICTABLE", KPF(UNEVICTABLE), 0 },
	{ "MLOCKED", KPF(MLOCKED), 0 },
	/* dirty page cache of a disk filesystem (tmpfs is swap-backed) */
	{ "DIRTY_FILE", KPF(DIRTY) | KPF(LRU), KPF(SWAPBACKED) | KPF(ANON) },
};
#define NWATCH	(sizeof(watch) / sizeof(watch[0]))

static int watched(unsigned int w, uint64_t kpf)
{
	return (kpf & watch[w].set) == watch[w].set && !(kpf & watch[w].clear);
}

struct diff {
	struct field f[NFIELDS];
	uint64_t bits[64];		/* kpf: bit differs from the 2nd read */
	uint64_t kpf_free, kpf_lru, kpf_compound, kpf_other;
	uint64_t holes;
	struct miss *miss;		/* NULL: do not record */
	uint64_t nmiss, lost;
	uint64_t watch[NWATCH];		/* pages with the bit */
	uint64_t watch_miss[NWATCH][NFIELDS];	/* first-pass misses among them */
};

/* The three values of one pfn as pagesnap reports them. */
static void ps_values(const struct pagesnap_entry *e, uint64_t v[NFIELDS])
{
	if (e->snap_flags & PAGESNAP_SF_HOLE) {
		v[0] = KPF(NOPAGE);
		v[1] = 0;
		v[2] = 0;
		return;
	}
	v[0] = e->kpf;
	v[1] = e->mapcount;
	v[2] = (e->valid & PAGESNAP_VALID_MEMCG) ? e->memcg_ino : 0;
}

static void account(struct diff *d, uint64_t pfn, const uint64_t ps[NFIELDS],
		    const uint64_t p1[NFIELDS], const uint64_t p2[NFIELDS])
{
	const uint64_t lru = KPF(LRU) | KPF(ACTIVE) | KPF(REFERENCED) |
			     KPF(UNEVICTABLE) | KPF(MLOCKED) | KPF(IDLE);
	unsigned int missed = 0, w;
	int k;

	for (k = 0; k < NFIELDS; k++) {
		struct field *f = &d->f[k];

		f->compared++;
		f->proc_moved += p1[k] != p2[k];
		if (ps[k] == p1[k] || ps[k] == p2[k]) {
			f->agree++;
			continue;
		}
		missed |= 1U << k;
		if (f->nsamples < MAX_SAMPLES) {
			uint64_t *s = f->sample[f->nsamples];

			s[0] = pfn, s[1] = ps[k], s[2] = p1[k], s[3] = p2[k];
		}
		f->nsamples++;
		if (k == 0) {
			uint64_t x = ps[0] ^ p2[0];
			int b;

			for (b = 0; b < 64; b++)
				d->bits[b] += (x >> b) & 1;
			if ((ps[0] | p1[0] | p2[0]) & KPF(BUDDY))
				d->kpf_free++;
			else if (!(x & ~lru))
				d->kpf_lru++;
			else if (!(x & ~(KPF(COMPOUND_HEAD) | KPF(COMPOUND_TAIL))))
				d->kpf_compound++;
			else
				d->kpf_other++;
		}
	}
	for (w = 0; w < NWATCH; w++) {
		if (!watched(w, p1[0]) && !watched(w, p2[0]))
			continue;
		d->watch[w]++;
		for (k = 0; k < NFIELDS; k++)
			d->watch_miss[w][k] += (missed >> k) & 1;
	}
	if (missed && d->miss) {
		if (d->nmiss < MAX_MISSES) {
			d->miss[d->nmiss].pfn = pfn;
			d->miss[d->nmiss].fields = missed;
			d->nmiss++;
		} else {
			d->lost++;
		}
	}
}

/* proc values of one pfn: 0, or -1 if a file could not be read */
static int proc1(uint64_t pfn, uint64_t v[NFIELDS])
{
	return ps_kpage_read("kpageflags", pfn, &v[0], 1) == 1 &&
	       ps_kpage_read("kpagecount", pfn, &v[1], 1) == 1 &&
	       ps_kpage_read("kpagecgroup", pfn, &v[2], 1) == 1 ? 0 : -1;
}

struct recheck {
	uint64_t settled[NFIELDS], unsettled[NFIELDS], differ[NFIELDS];
	uint64_t watch_differ[NWATCH][NFIELDS];
	uint64_t sample[NFIELDS][MAX_SAMPLES][4];	/* pfn, ps, proc1, proc2 */
	uint64_t rounds;
};

/*
 * Re-read each first-pass miss alone, proc, pagesnap, proc, until every
 * field that missed agrees, up to RECHECK_ROUNDS rounds.  Returns 0 or
 * -errno.
 */
static int recheck(const struct diff *d, struct recheck *r)
{
	uint64_t i;
	int k, w;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < d->nmiss; i++) {
		unsigned int todo = d->miss[i].fields, stable_bad = 0;
		uint64_t pfn = d->miss[i].pfn, bad[NFIELDS][3];
		unsigned int seen = 0;
		int round, ret;

		for (round = 0; round < RECHECK_ROUNDS && todo; round++) {
			uint64_t ps[NFIELDS], p1[NFIELDS], p2[NFIELDS];
			struct pagesnap_entry e;

			r->rounds++;
			if (proc1(pfn, p1))
				return -EIO;
			ret = ps_query1(pfn, &e);
			if (ret)
				return ret;
			if (proc1(pfn, p2))
				return -EIO;
			ps_values(&e, ps);
			for (w = 0; w < (int)NWATCH; w++)
				if (watched(w, p1[0]) || watched(w, p2[0]))
					seen |= 1U << w;
			for (k = 0; k < NFIELDS; k++) {
				if (!(todo & (1U << k)))
					continue;
				if (ps[k] == p1[k] || ps[k] == p2[k]) {
					todo &= ~(1U << k);
					stable_bad &= ~(1U << k);
					r->settled[k]++;
				} else if (p1[k] == p2[k]) {
					stable_bad |= 1U << k;
					bad[k][0] = ps[k];
					bad[k][1] = p1[k];
					bad[k][2] = p2[k];
				}
			}
		}
		for (k = 0; k < NFIELDS; k++) {
			if (!(todo & (1U << k)))
				continue;
			if (!(stable_bad & (1U << k))) {
				r->unsettled[k]++;
				continue;
			}
			if (r->differ[k] < MAX_SAMPLES) {
				uint64_t *s = r->sample[k][r->differ[k]];

				s[0] = pfn, s[1] = bad[k][0];
				s[2] = bad[k][1], s[3] = bad[k][2];
			}
			r->differ[k]++;
			for (w = 0; w < (int)NWATCH; w++)
				if (seen & (1U << w))
					r->watch_differ[w][k]++;
		}
	}
	return 0;
}

/*
 * Compare [start, start + n) (n <= CHUNK) with the bracketing reads.
 * Returns 0, or -errno of a failed read or query.
 */
static int diff_chunk(struct diff *d, uint64_t start, uint64_t n,
		      struct pagesnap_entry *ents, uint64_t *buf)
{
	static const char *const files[NFIELDS] = {
		"kpageflags", "kpagecount", "kpagecgroup"
	};
	uint64_t *r1 = buf, *r2 = buf + NFIELDS * CHUNK;
	uint64_t i, have = n;
	int k, got, ret;

	for (k = 0; k < NFIELDS; k++) {
		got = ps_kpage_read(files[k], start, r1 + k * CHUNK, n);
		if (got < 0)
			return got;
		if ((uint64_t)got < have)
			have = got;
	}
	ret = ps_query_all(start, n, ents);
	if (ret)
		return ret;
	for (k = 0; k < NFIELDS; k++) {
		got = ps_kpage_read(files[k], start, r2 + k * CHUNK, n);
		if (got < 0)
			return got;
		if ((uint64_t)got < have)
			have = got;
	}
	for (i = 0; i < have; i++) {
		uint64_t ps[NFIELDS], p1[NFIELDS], p2[NFIELDS];

		ps_values(&ents[i], ps);
		for (k = 0; k < NFIELDS; k++) {
			p1[k] = r1[k * CHUNK + i];
			p2[k] = r2[k * CHUNK + i];
		}
		d->holes += !!(ents[i].snap_flags & PAGESNAP_SF_HOLE);
		account(d, start + i, ps, p1, p2);
	}
	return 0;
}

static void diff_init(struct diff *d)
{
	memset(d, 0, sizeof(*d));
	d->f[0].name = "kpf";
	d->f[1].name = "mapcount";
	d->f[2].name = "memcg";
}

static double pct(uint64_t a, uint64_t n)
{
	return n ? 100.0 * (double)a / (double)n : 0.0;
}

static void print_fields(const char *what, const struct diff *d)
{
	int k, s;

	for (k = 0; k < NFIELDS; k++) {
		const struct field *f = &d->f[k];

		printf("diff: %-10s %-8s agree %llu/%llu = %.4f%% disagree %llu (proc changed between its reads: %llu)\n",
		       what, f->name, (unsigned long long)f->agree,
		       (unsigned long long)f->compared, pct(f->agree, f->compared),
		       (unsigned long long)(f->compared - f->agree),
		       (unsigned long long)f->proc_moved);
		for (s = 0; s < MAX_SAMPLES && s < (int)f->nsamples; s++)
			printf("diff: %-10s %-8s   e.g. pfn 0x%llx pagesnap 0x%llx proc 0x%llx/0x%llx\n",
			       what, f->name,
			       (unsigned long long)f->sample[s][0],
			       (unsigned long long)f->sample[s][1],
			       (unsigned long long)f->sample[s][2],
			       (unsigned long long)f->sample[s][3]);
	}
}

static void print_kpf_classes(const struct diff *d)
{
	char line[1024];
	int b, n = 0;

	line[0] = 0;
	for (b = 0; b < 64; b++)
		if (d->bits[b])
			n += snprintf(line + n, sizeof(line) - n, " %s:%llu",
				      kpf_names[b] ? kpf_names[b] : "?",
				      (unsigned long long)d->bits[b]);
	printf("diff: all-memory kpf disagreements: free-page churn %llu, LRU/active/referenced only %llu, compound only (short-lived allocations, pcp-free pages) %llu, other %llu; bits:%s\n",
	       (unsigned long long)d->kpf_free, (unsigned long long)d->kpf_lru,
	       (unsigned long long)d->kpf_compound,
	       (unsigned long long)d->kpf_other, n ? line : " none");
}

static void *controlled[4];
static uint64_t cpfn[520];
static unsigned int ncpfn;

/* Pages this test owns and keeps still: anon, THP, tmpfs, mlocked, zero. */
static void make_controlled(void)
{
	char *a = ps_anon_page(), *t, *z, *ml;
	void *map = NULL;
	uint64_t i;
	int fd;

	ncpfn = 0;
	if (a)
		cpfn[ncpfn++] = ps_vaddr_pfn(a);
	t = ps_thp(&map);
	if (t && ps_vaddr_pfn(t))
		for (i = 0; i < THP_SZ / PAGE_SZ; i++)
			cpfn[ncpfn++] = ps_vaddr_pfn(t + i * PAGE_SZ);
	fd = open("/tmp/pagesnap-diff", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0) {
		char buf[PAGE_SZ];
		char *m;

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
	controlled[0] = a;
	controlled[1] = map;
}

/* The pages the test controls agree exactly, field by field. */
static void test_controlled_exact(void)
{
	struct diff d;
	unsigned int i;
	int k;

	make_controlled();
	ASSERT_GE(ncpfn, 4);
	diff_init(&d);
	for (i = 0; i < ncpfn; i++) {
		uint64_t ps[NFIELDS], p1[NFIELDS], p2[NFIELDS];
		struct pagesnap_entry e;

		ASSERT_TRUE(cpfn[i] != 0);
		p1[0] = ps_kpageflags(cpfn[i]);
		p1[1] = ps_kpagecount(cpfn[i]);
		p1[2] = ps_kpagecgroup(cpfn[i]);
		ASSERT_OK(ps_query1(cpfn[i], &e));
		p2[0] = ps_kpageflags(cpfn[i]);
		p2[1] = ps_kpagecount(cpfn[i]);
		p2[2] = ps_kpagecgroup(cpfn[i]);
		ps_values(&e, ps);
		account(&d, cpfn[i], ps, p1, p2);
	}
	printf("===== PAGESNAP-DIFF BEGIN controlled =====\n");
	printf("diff: controlled pages: %u (anon, THP 512, tmpfs, zero, mlocked)\n", ncpfn);
	print_fields("controlled", &d);
	printf("===== PAGESNAP-DIFF END controlled =====\n");
	for (k = 0; k < NFIELDS; k++)
		EXPECT_EQ(d.f[k].compared - d.f[k].agree, 0);
}

static void print_watch(const struct diff *d, const struct recheck *r)
{
	unsigned int w;
	int k;

	for (w = 0; w < NWATCH; w++) {
		printf("diff: all-memory pages with %-11s %7llu:",
		       watch[w].name,
		       (unsigned long long)d->watch[w]);
		for (k = 0; k < NFIELDS; k++)
			printf(" %s agree %llu (first pass %llu)", d->f[k].name,
			       (unsigned long long)(d->watch[w] -
						    r->watch_differ[w][k]),
			       (unsigned long long)(d->watch[w] -
						    d->watch_miss[w][k]));
		printf("\n");
	}
}

static void print_recheck(const struct diff *d, const struct recheck *r)
{
	int k, s;

	printf("diff: all-memory re-read %llu first-pass misses alone (%llu reads, up to %d rounds each)\n",
	       (unsigned long long)d->nmiss, (unsigned long long)r->rounds,
	       RECHECK_ROUNDS);
	for (k = 0; k < NFIELDS; k++) {
		printf("diff: all-memory %-8s after re-reads: agree %llu/%llu, settled by re-read %llu, unsettled (moved in every round) %llu, disagree %llu\n",
		       d->f[k].name,
		       (unsigned long long)(d->f[k].compared - r->differ[k] -
					    r->unsettled[k]),
		       (unsigned long long)d->f[k].compared,
		       (unsigned long long)r->settled[k],
		       (unsigned long long)r->unsettled[k],
		       (unsigned long long)r->differ[k]);
		for (s = 0; s < MAX_SAMPLES && s < (int)r->differ[k]; s++)
			printf("diff: all-memory %-8s   differs: pfn 0x%llx pagesnap 0x%llx proc 0x%llx/0x%llx\n",
			       d->f[k].name,
			       (unsigned long long)r->sample[k][s][0],
			       (unsigned long long)r->sample[k][s][1],
			       (unsigned long long)r->sample[k][s][2],
			       (unsigned long long)r->sample[k][s][3]);
	}
}

/*
 * Every pfn the proc files describe: after the re-reads, no field of any
 * pfn disagrees.
 */
static void test_all_memory(void)
{
	const struct pagesnap_info *info = ps_info();
	struct pagesnap_entry *ents = calloc(CHUNK, sizeof(*ents));
	uint64_t *buf = calloc(2 * NFIELDS * CHUNK, sizeof(*buf));
	uint64_t pfn, beyond = 0, total = 0;
	static struct recheck r;
	struct diff d;
	struct utsname u;
	int k, got;

	ASSERT_TRUE(ents && buf);
	diff_init(&d);
	d.miss = calloc(MAX_MISSES, sizeof(*d.miss));
	ASSERT_TRUE(d.miss != NULL);
	uname(&u);
	for (pfn = info->pfn_start; pfn < info->pfn_end; pfn += CHUNK) {
		uint64_t n = info->pfn_end - pfn < CHUNK ? info->pfn_end - pfn : CHUNK;

		ASSERT_OK(diff_chunk(&d, pfn, n, ents, buf));
		total += n;
	}
	ASSERT_OK(recheck(&d, &r));
	/* pfns /proc/kpageflags knows but pagesnap does not serve */
	for (pfn = 0; pfn < info->pfn_start; pfn++)
		beyond += ps_kpageflags(pfn) != KPF(NOPAGE);
	for (pfn = info->pfn_end;; pfn += got) {
		int i;

		got = ps_kpage_read("kpageflags", pfn, buf, CHUNK);
		if (got <= 0)
			break;
		for (i = 0; i < got; i++)
			beyond += buf[i] != KPF(NOPAGE);
	}

	printf("===== PAGESNAP-DIFF BEGIN all-memory =====\n");
	printf("diff: kernel %s backend %u pfns [0x%llx, 0x%llx) = %llu, compared %llu, holes %llu, proc pages outside pfn range %llu\n",
	       u.release, info->backend, (unsigned long long)info->pfn_start,
	       (unsigned long long)info->pfn_end, (unsigned long long)total,
	       (unsigned long long)d.f[0].compared,
	       (unsigned long long)d.holes, (unsigned long long)beyond);
	print_fields("all-memory", &d);
	print_kpf_classes(&d);
	print_recheck(&d, &r);
	print_watch(&d, &r);
	printf("diff: mapcount compared with /proc/kpagecount = %s\n",
	       ps_kernel_at_least(6, 9) ? "folio_precise_page_mapcount()" :
					   "page_mapcount()");
	printf("===== PAGESNAP-DIFF END all-memory =====\n");

	EXPECT_EQ(beyond, 0);
	EXPECT_EQ(d.lost, 0);
	EXPECT_GT(d.f[0].compared, total / 2);
	for (k = 0; k < NFIELDS; k++)
		EXPECT_EQ(r.differ[k], 0);
	free(d.miss);
	free(ents);
	free(buf);
}

static const struct ps_test tests[] = {
	{ "controlled_pages_exact", test_controlled_exact, NULL },
	{ "all_memory", test_all_memory, NULL },
	{ NULL, NULL, NULL }
};

const struct ps_suite suite_diff = { "diff", tests };
