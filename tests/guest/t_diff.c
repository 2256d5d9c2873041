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
 * The huge zero folio (512 pages, which /proc/kpageflags reports with
 * THP | ZERO_PAGE) is recognised by pagesnap only where the kernel exports
 * huge_zero_pfn (PAGESNAP_VALID_HUGE_ZERO in valid_mask).  Elsewhere its
 * kpf lacks exactly those two bits, the difference pagesnap.rst
 * documents: the pages are then compared with those two bits taken out
 * of the proc value, and counted apart ("documented"); there is one such
 * folio, so over all of memory that count is exactly 512.
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

#define HZ_KPF		(KPF(THP) | KPF(ZERO_PAGE))
#define HZ_PAGES	(THP_SZ / PAGE_SZ)

struct field {
	const char *name;
	uint64_t compared, agree, documented, proc_moved;
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

/*
 * The documented difference: a kernel without the huge_zero_pfn export,
 * a proc value with THP | ZERO_PAGE, and pagesnap's the same without them.
 */
static int hz_documented(uint64_t ps, uint64_t proc)
{
	return !(ps_info()->valid_mask & PAGESNAP_VALID_HUGE_ZERO) &&
	       (proc & HZ_KPF) == HZ_KPF && ps == (proc & ~HZ_KPF);
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
		if (k == 0 && (hz_documented(ps[0], p1[0]) ||
			       hz_documented(ps[0], p2[0]))) {
			f->documented++;
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

		printf("diff: %-10s %-8s agree %llu/%llu = %.4f%% documented %llu disagree %llu (proc changed between its reads: %llu)\n",
		       what, f->name, (unsigned long long)f->agree,
		       (unsigned long long)f->compared, pct(f->agree, f->compared),
		       (unsigned long long)f->documented,
		       (unsigned long long)(f->compared - f->agree - f->documented),
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
static uint64_t cpfn[520 + HZ_PAGES];
static unsigned int ncpfn;
static uint64_t hz_pfn;		/* first pfn of the huge zero folio; 0: none */
static const char *hz_why = "not tried";

/*
 * Map the huge zero folio: a read fault on a never-written, PMD-aligned,
 * MADV_HUGEPAGE anonymous range installs it (with THP enabled and
 * transparent_hugepage/use_zero_page on, the default).  The mapping stays
 * for the life of the process, and with it the folio: an mm that has
 * mapped it holds it until the mm goes away.
 */
static void make_huge_zero(void)
{
	char *m, *p;
	uint64_t pfn;

	if (hz_pfn)
		return;
	if (!ps_thp_available()) {
		hz_why = "no transparent hugepages";
		return;
	}
	m = mmap(NULL, 2 * THP_SZ, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (m == MAP_FAILED) {
		hz_why = "mmap failed";
		return;
	}
	controlled[2] = m;
	p = (char *)(((uintptr_t)m + THP_SZ - 1) & ~(THP_SZ - 1));
	if (madvise(p, THP_SZ, MADV_HUGEPAGE)) {
		hz_why = "madvise(MADV_HUGEPAGE) failed";
		return;
	}
	pfn = *(volatile char *)p == 0 ? ps_vaddr_pfn(p) : 0;
	if (!pfn || pfn % HZ_PAGES || ps_vaddr_pfn(p + PAGE_SZ) != pfn + 1 ||
	    (ps_kpageflags(pfn) & HZ_KPF) != HZ_KPF) {
		hz_why = "a read fault did not map the huge zero folio "
			 "(transparent_hugepage/use_zero_page off?)";
		return;
	}
	hz_pfn = pfn;
}

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
	make_huge_zero();
	for (i = 0; hz_pfn && i < HZ_PAGES; i++)
		cpfn[ncpfn++] = hz_pfn + i;
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
	printf("diff: controlled pages: %u (anon, THP 512, tmpfs, zero, mlocked, huge zero folio %s)\n",
	       ncpfn, hz_pfn ? "512" : hz_why);
	print_fields("controlled", &d);
	printf("===== PAGESNAP-DIFF END controlled =====\n");
	for (k = 0; k < NFIELDS; k++)
		EXPECT_EQ(d.f[k].compared - d.f[k].agree - d.f[k].documented, 0);
	/* the documented difference is the huge zero folio's, nothing else */
	EXPECT_EQ(d.f[0].documented, !hz_pfn || (ps_info()->valid_mask &
			PAGESNAP_VALID_HUGE_ZERO) ? 0 : HZ_PAGES);
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
	make_huge_zero();
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
	printf("diff: huge zero folio %s%llx, recognised by pagesnap: %s\n",
	       hz_pfn ? "at pfn 0x" : "none: ", (unsigned long long)hz_pfn,
	       info->valid_mask & PAGESNAP_VALID_HUGE_ZERO ? "yes" :
	       "no (no huge_zero_pfn export: THP|ZERO_PAGE documented missing)");
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
	/* one huge zero folio exists (this process maps it): all of it */
	EXPECT_EQ(d.f[0].documented, !hz_pfn || (info->valid_mask &
			PAGESNAP_VALID_HUGE_ZERO) ? 0 : HZ_PAGES);
	free(d.miss);
	free(ents);
	free(buf);
}

static int have_hz_export(void)
{
	return !!(ps_info()->valid_mask & PAGESNAP_VALID_HUGE_ZERO);
}

static const char *need_huge_zero(void)
{
	make_huge_zero();
	return hz_pfn ? NULL : hz_why;
}

static const char *need_hz_export(void)
{
	if (!have_hz_export())
		return "this kernel does not export huge_zero_pfn, so the huge "
		       "zero folio lacks THP|ZERO_PAGE (documented; see "
		       "huge_zero_folio_documented)";
	return need_huge_zero();
}

static const char *need_no_hz_export(void)
{
	if (have_hz_export())
		return "this kernel exports huge_zero_pfn (see huge_zero_folio_exact)";
	return need_huge_zero();
}

/*
 * Every page of the huge zero folio, entry by entry: /proc/kpageflags has
 * THP and ZERO_PAGE on each; pagesnap's kpf is that value exactly when
 * the kernel lets it recognise the folio (@exact, with SF_HUGE_ZERO), and
 * that value without those two bits, nothing else, when it does not.
 * The folio's geometry is right either way.  The folio never changes
 * while mapped, so no bracketing read is needed.
 */
static void check_huge_zero(int exact)
{
	const uint64_t sf = exact ? PAGESNAP_SF_HUGE_ZERO : 0;
	const uint64_t valid = exact ? PAGESNAP_VALID_HUGE_ZERO : 0;
	struct pagesnap_entry e;
	uint64_t i, proc, want, bad = 0;

	for (i = 0; i < HZ_PAGES; i++) {
		ASSERT_OK(ps_query1(hz_pfn + i, &e));
		proc = ps_kpageflags(hz_pfn + i);
		want = exact ? proc : proc & ~HZ_KPF;
		bad += (proc & HZ_KPF) != HZ_KPF || e.kpf != want ||
		       (e.valid & PAGESNAP_VALID_HUGE_ZERO) != valid ||
		       (e.snap_flags & (PAGESNAP_SF_HUGE_ZERO |
					PAGESNAP_SF_ZERO_PAGE)) != sf ||
		       e.head_pfn != hz_pfn || e.order != 9 || e.index != i;
		if (i == 1)
			printf("diff: huge zero folio tail pfn 0x%llx: pagesnap kpf 0x%llx, /proc/kpageflags 0x%llx\n",
			       (unsigned long long)(hz_pfn + i),
			       (unsigned long long)e.kpf,
			       (unsigned long long)proc);
	}
	EXPECT_EQ(bad, 0);
	ASSERT_OK(ps_query1(hz_pfn + HZ_PAGES, &e));
	EXPECT_NOBITS(e.snap_flags, PAGESNAP_SF_HUGE_ZERO);
}

static void test_huge_zero_exact(void)
{
	check_huge_zero(1);
}

static void test_huge_zero_documented(void)
{
	check_huge_zero(0);
}

static const struct ps_test tests[] = {
	{ "controlled_pages_exact", test_controlled_exact, NULL },
	{ "huge_zero_folio_exact", test_huge_zero_exact, need_hz_export },
	{ "huge_zero_folio_documented", test_huge_zero_documented,
	  need_no_hz_export },
	{ "all_memory", test_all_memory, NULL },
	{ NULL, NULL, NULL }
};

const struct ps_suite suite_diff = { "diff", tests };
