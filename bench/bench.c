// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-bench: runs inside the QEMU guest built by bench/run-bench.sh.
 *
 * Every measured path runs in its own child process (so the parent can take
 * its peak RSS from wait4()'s rusage), the paths are interleaved round by
 * round, and each is timed N times by the parent around fork..wait.  The
 * result is a table on stdout and the same data as JSON and Markdown
 * between markers the host extracts.
 *
 * Usage: pagesnap-bench [-n ROUNDS] [-q QUERIES] [-c CLI] [-t PAGE_TYPES]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sys/ioctl.h>
#include <linux/pagesnap.h>
#include "pagesnap.h"
#include "pagesnap_bench.h"	/* driver/: the bench-only floor ioctl */

#define MAX_ROUNDS	32
#define PYTHON		"/usr/bin/python3.11"	/* bindings/python/guest-payload.sh */
#define PROC_CHUNK	(64 * 1024)	/* bytes per read() of a proc file */

enum kind { K_SCAN, K_LATENCY };

/* Filled by a child in shared memory. */
struct shared {
	uint64_t pages;		/* pfns covered */
	uint64_t matched;	/* entries returned (filtered scan) */
	uint64_t kernel_ns;	/* time the driver says it spent (floor) */
	uint64_t snapshots;	/* the driver's snapshot counter moved by */
	int err;
};

/* The driver's debugfs snapshot counter, or UINT64_MAX without it. */
static uint64_t snapshots_now(void)
{
	FILE *f = fopen("/sys/kernel/debug/pagesnap/stats", "r");
	unsigned long long n;
	uint64_t ret = UINT64_MAX;
	char line[128];

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "snapshots %llu", &n) == 1) {
			ret = n;
			break;
		}
	if (f)
		fclose(f);
	return ret;
}

struct path {
	const char *name;
	const char *what;
	enum kind kind;
	int (*fn)(struct shared *sh);	/* in-process work, or NULL */
	const char *const *argv;	/* exec'd program, or NULL */
	const char *env;		/* NAME=VALUE for the exec'd program */
	const char *inner;		/* file the program writes its own seconds to */
	int skip;			/* 1: not available */
	const char *why;		/* why skipped */
	double t[MAX_ROUNDS];
	long rss_kb[MAX_ROUNDS];
	int ok;
	uint64_t pages, matched;
	uint64_t snapshots;		/* the driver's snapshots, last round */
	double med, spread, rate;
	long rss;
	double kern[MAX_ROUNDS];	/* kernel-side seconds (floor) */
	double kmed;
};

static struct pagesnap_info info;
static uint64_t pfn_lo, pfn_hi;
static unsigned int nr_queries = 20000;
static struct pagesnap_filter filt;
static const char *filt_name = "none";
static uint64_t *rand_pfns;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- issue 11's targets: rate of @a over rate of @b, per round too ---- */

static struct path *find_path(struct path *paths, int nr, const char *name)
{
	int i;

	for (i = 0; i < nr; i++)
		if (!strcmp(paths[i].name, name))
			return paths[i].ok && !paths[i].skip ? &paths[i] : NULL;
	return NULL;
}

static void target(const char *what, const struct path *a,
		   const struct path *b, double want, int rounds)
{
	double med, lo = 1e300, hi = 0, x;
	int r;

	if (!a || !b) {
		printf("| %s | - | - | >= %.2fx | not measured |\n", what, want);
		return;
	}
	med = a->rate / b->rate;
	for (r = 0; r < rounds; r++) {
		x = ((double)a->pages / a->t[r]) / ((double)b->pages / b->t[r]);
		lo = x < lo ? x : lo;
		hi = x > hi ? x : hi;
	}
	printf("| %s | %.2fx | %.2fx-%.2fx | >= %.2fx | %s |\n", what, med, lo,
	       hi, want, med >= want ? "met" : "not met");
}

/* target() on what @a's program timed itself (its inner seconds). */
static void target_inner(const char *what, const struct path *a,
			 const struct path *b, double want, int rounds)
{
	struct path in;

	if (!a || !a->inner) {
		target(what, NULL, b, want, rounds);
		return;
	}
	in = *a;
	memcpy(in.t, a->kern, sizeof(in.t));
	in.rate = a->kmed > 0 ? a->pages / a->kmed : 0;
	target(what, &in, b, want, rounds);
}

static void targets(struct path *paths, int nr, int rounds)
{
	long rss = 0;
	int i;

	printf("\n| target | median ratio | per-round range | wanted | |\n");
	printf("|---|---:|---:|---:|---|\n");
	target("cols-flags vs /proc/kpageflags", find_path(paths, nr, "cols-flags"),
	       find_path(paths, nr, "kpageflags"), 4, rounds);
	target("cols-four vs the three proc files", find_path(paths, nr, "cols-four"),
	       find_path(paths, nr, "three-proc"), 6, rounds);
	target("lib-scan (full entries) vs /proc/kpageflags",
	       find_path(paths, nr, "lib-scan"), find_path(paths, nr, "kpageflags"),
	       1, rounds);
	target("stats-ioctl vs memmap-floor (within 1.5x: >= 0.67x)",
	       find_path(paths, nr, "stats-ioctl"),
	       find_path(paths, nr, "memmap-floor"), 1 / 1.5, rounds);
	target("cli-scan vs page-types -L -N", find_path(paths, nr, "cli-scan"),
	       find_path(paths, nr, "page-types-LN"), 1, rounds);
	target("cols1-latency (one pfn: kpf, refcount, mapcount) vs one 8-byte pread",
	       find_path(paths, nr, "cols1-latency"),
	       find_path(paths, nr, "pread-latency"), 1, rounds);
	target("get-latency (one pfn, the full entry) vs one 8-byte pread",
	       find_path(paths, nr, "get-latency"),
	       find_path(paths, nr, "pread-latency"), 1, rounds);
	target("py-numpy-scan vs cols-flags (Python within 3x the C library: >= 0.33x)",
	       find_path(paths, nr, "py-numpy-scan"), find_path(paths, nr, "cols-flags"),
	       1 / 3.0, rounds);
	target("py-numpy-four vs cols-four (within 3x: >= 0.33x)",
	       find_path(paths, nr, "py-numpy-four"), find_path(paths, nr, "cols-four"),
	       1 / 3.0, rounds);
	target_inner("py-numpy-scan in-process (no interpreter start, imports) vs cols-flags",
		     find_path(paths, nr, "py-numpy-scan"), find_path(paths, nr, "cols-flags"),
		     1 / 3.0, rounds);
	target_inner("py-numpy-four in-process vs cols-four",
		     find_path(paths, nr, "py-numpy-four"), find_path(paths, nr, "cols-four"),
		     1 / 3.0, rounds);
	for (i = 0; i < nr; i++)
		if (paths[i].ok && !paths[i].skip &&
		    (!strncmp(paths[i].name, "lib-", 4) ||
		     !strncmp(paths[i].name, "cli-", 4) ||
		     !strncmp(paths[i].name, "cols-", 5)) && paths[i].rss > rss)
			rss = paths[i].rss;
	printf("| peak RSS of the library and CLI rows | %ld KiB | | < 16384 KiB | %s |\n",
	       rss, rss && rss < 16384 ? "met" : "not met");
}

/* ---- in-process paths (each runs in a fresh child) --------------------- */

static int count_cb(const struct pagesnap_entry *e, void *arg)
{
	(void)e;
	++*(uint64_t *)arg;
	return 0;
}

static int lib_scan(struct shared *sh, int filtered)
{
	struct pagesnap *ps;
	uint64_t n = 0;
	int rc;

	rc = pagesnap_open(NULL, &ps);
	if (rc < 0)
		return rc;
	if (filtered) {
		rc = pagesnap_set_filter(ps, &filt, 1);
		if (rc < 0)
			goto out;
	}
	rc = pagesnap_scan(ps, pfn_lo, pfn_hi, 0, count_cb, &n);
	sh->pages = pfn_hi - pfn_lo;
	sh->matched = n;
out:
	pagesnap_close(ps);
	return rc < 0 ? rc : 0;
}

static int p_lib_scan(struct shared *sh) { return lib_scan(sh, 0); }
static int p_lib_filtered(struct shared *sh) { return lib_scan(sh, 1); }

struct cols_sum {
	uint64_t pfns, sum;
};

/* Touch every value of every array, as a consumer would. */
static int cols_cb(uint64_t start, uint64_t nr, void *const arrays[],
		   void *arg)
{
	struct cols_sum *c = arg;
	const uint64_t *kpf = arrays[0];
	uint64_t i;

	(void)start;
	for (i = 0; i < nr; i++)
		c->sum ^= kpf[i];
	c->pfns += nr;
	return 0;
}

static int cols_scan(struct shared *sh, uint64_t fields)
{
	struct pagesnap *ps;
	struct cols_sum c = { 0, 0 };
	int rc;

	rc = pagesnap_open(NULL, &ps);
	if (rc < 0)
		return rc;
	rc = pagesnap_scan_columns(ps, pfn_lo, pfn_hi, fields, cols_cb, &c);
	sh->pages = c.pfns;
	sh->matched = c.pfns;
	pagesnap_close(ps);
	if (rc < 0)
		return rc;
	return c.pfns == pfn_hi - pfn_lo ? 0 : -EPROTO;
}

static int p_cols_flags(struct shared *sh)
{
	return cols_scan(sh, PAGESNAP_COL_KPF);
}

static int p_cols_four(struct shared *sh)
{
	return cols_scan(sh, PAGESNAP_COL_KPF | PAGESNAP_COL_REFCOUNT |
			 PAGESNAP_COL_MAPCOUNT | PAGESNAP_COL_MEMCG);
}

static int runs_cb(const struct pagesnap_entry *e, void *arg)
{
	uint64_t *n = arg;

	n[0] += e->nr_pages;
	n[1]++;
	return 0;
}

/*
 * pagesnap_scan() with PAGESNAP_QUERY_RUNS: every pfn, an entry per run
 * of like pages.  The runs must add up to the range.
 */
static int p_lib_scan_runs(struct shared *sh)
{
	struct pagesnap *ps;
	uint64_t n[2] = { 0, 0 };
	int rc;

	rc = pagesnap_open(NULL, &ps);
	if (rc < 0)
		return rc;
	rc = pagesnap_scan(ps, pfn_lo, pfn_hi, PAGESNAP_QUERY_RUNS, runs_cb, n);
	pagesnap_close(ps);
	if (rc < 0)
		return rc;
	if (n[0] != pfn_hi - pfn_lo) {
		fprintf(stderr, "bench: runs cover %llu of %llu pfns\n",
			(unsigned long long)n[0],
			(unsigned long long)(pfn_hi - pfn_lo));
		return -EPROTO;
	}
	sh->pages = n[0];
	sh->matched = n[1];
	return 0;
}

/* pagesnap_query_range() with a 4096-entry buffer: the kernel's share. */
static int p_query_range(struct shared *sh)
{
	static struct pagesnap_entry ents[4096];
	uint64_t pfn = pfn_lo, next, n = 0;
	struct pagesnap *ps;
	unsigned int filled;
	int rc;

	rc = pagesnap_open(NULL, &ps);
	if (rc < 0)
		return rc;
	while (pfn < pfn_hi) {
		rc = pagesnap_query_range(ps, pfn, pfn_hi - pfn, 0, ents, 4096,
					  &filled, &next);
		if (rc < 0 || next <= pfn)
			break;
		n += filled;
		pfn = next;
	}
	pagesnap_close(ps);
	sh->pages = pfn_hi - pfn_lo;
	sh->matched = n;
	return rc < 0 ? rc : 0;
}

static int read_proc(const char *path, uint64_t nr_pfns)
{
	static char buf[PROC_CHUNK];
	uint64_t left = nr_pfns * 8, off = pfn_lo * 8;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -errno;
	while (left) {
		size_t want = left < sizeof(buf) ? left : sizeof(buf);
		ssize_t r = pread(fd, buf, want, off);

		if (r <= 0)
			break;
		left -= r;
		off += r;
	}
	close(fd);
	return 0;
}

static int p_kpageflags(struct shared *sh)
{
	sh->pages = pfn_hi - pfn_lo;
	return read_proc("/proc/kpageflags", sh->pages);
}

/* The three proc files chunk by chunk, as a tool joining them would. */
static int p_three(struct shared *sh)
{
	static const char *const files[3] = {
		"/proc/kpageflags", "/proc/kpagecount", "/proc/kpagecgroup" };
	static char buf[PROC_CHUNK];
	int fd[3], i, rc = 0;
	uint64_t off;

	for (i = 0; i < 3; i++) {
		fd[i] = open(files[i], O_RDONLY);
		if (fd[i] < 0)
			rc = -errno;
	}
	for (off = pfn_lo * 8; !rc && off < pfn_hi * 8; off += sizeof(buf)) {
		size_t want = pfn_hi * 8 - off;

		if (want > sizeof(buf))
			want = sizeof(buf);
		for (i = 0; i < 3; i++)
			if (fd[i] >= 0 && pread(fd[i], buf, want, off) <= 0)
				break;
	}
	for (i = 0; i < 3; i++)
		if (fd[i] >= 0)
			close(fd[i]);
	sh->pages = pfn_hi - pfn_lo;
	return rc;
}

/*
 * The latency paths: nr_queries single-pfn reads, of the random pfns
 * (rand_pfns) or, "fixed", of one online pfn, the same struct page every
 * time.  get-latency is split into its pieces by the raw QUERY ioctl
 * without the library (query1-latency) and the ioctl round trip alone
 * (info-latency: PAGESNAP_IOC_INFO, 64 bytes out, no walk).
 */
static uint64_t lat_pfn(int fixed, unsigned int i)
{
	return fixed ? pfn_lo + 0x1000 : rand_pfns[i];
}

static int get_lat(struct shared *sh, int fixed)
{
	struct pagesnap_entry e;
	struct pagesnap *ps;
	unsigned int i;
	int rc;

	rc = pagesnap_open(NULL, &ps);
	if (rc < 0)
		return rc;
	for (i = 0; i < nr_queries; i++) {
		rc = pagesnap_get(ps, lat_pfn(fixed, i), &e);
		if (rc < 0 && rc != -ENOENT && rc != -ENXIO)
			break;
		rc = 0;
	}
	pagesnap_close(ps);
	sh->pages = nr_queries;
	return rc;
}

static int p_get_lat(struct shared *sh) { return get_lat(sh, 0); }
static int p_get_fixed_lat(struct shared *sh) { return get_lat(sh, 1); }

static int pread_lat(struct shared *sh, int fixed)
{
	uint64_t v;
	unsigned int i;
	int fd = open("/proc/kpageflags", O_RDONLY), rc = 0;

	if (fd < 0)
		return -errno;
	for (i = 0; i < nr_queries && !rc; i++)
		if (pread(fd, &v, 8, lat_pfn(fixed, i) * 8) != 8)
			rc = -EIO;
	close(fd);
	sh->pages = nr_queries;
	return rc;
}

static int p_pread_lat(struct shared *sh) { return pread_lat(sh, 0); }
static int p_pread_fixed_lat(struct shared *sh) { return pread_lat(sh, 1); }

/* nr_queries ioctls @req on the device; @start, if any, walks the random pfns. */
static int ioctl_lat(struct shared *sh, unsigned long req, void *arg,
		     __u64 *start)
{
	unsigned int i;
	int fd = open(PAGESNAP_DEVICE_PATH, O_RDONLY), rc = 0;

	if (fd < 0)
		return -errno;
	for (i = 0; i < nr_queries && !rc; i++) {
		if (start)
			*start = lat_pfn(0, i);
		if (ioctl(fd, req, arg) < 0)
			rc = -errno;
	}
	close(fd);
	sh->pages = nr_queries;
	return rc;
}

static int p_query1_lat(struct shared *sh)
{
	struct pagesnap_entry e;
	struct pagesnap_query q;

	memset(&q, 0, sizeof(q));
	q.nr_pfns = 1;
	q.entries = (uintptr_t)&e;
	q.entry_size = sizeof(e);
	q.max_entries = 1;
	return ioctl_lat(sh, PAGESNAP_IOC_QUERY, &q, &q.start_pfn);
}

/* The raw COLUMNS ioctl of one random pfn: kpf, refcount, mapcount. */
static int p_colsio1_lat(struct shared *sh)
{
	uint64_t kpf, table[3];
	uint32_t ref, map;
	struct pagesnap_columns c;

	table[0] = (uintptr_t)&kpf;
	table[1] = (uintptr_t)&ref;
	table[2] = (uintptr_t)&map;
	memset(&c, 0, sizeof(c));
	c.nr_pfns = 1;
	c.fields = PAGESNAP_COL_KPF | PAGESNAP_COL_REFCOUNT |
		   PAGESNAP_COL_MAPCOUNT;
	c.arrays = (uintptr_t)table;
	return ioctl_lat(sh, PAGESNAP_IOC_COLUMNS, &c, &c.start_pfn);
}

/* One random pfn's kpf, refcount and mapcount: pagesnap_columns(). */
static int p_cols1_lat(struct shared *sh)
{
	uint64_t kpf;
	uint32_t ref, map;
	void *const arrays[] = { &kpf, &ref, &map };
	struct pagesnap *ps;
	unsigned int i;
	uint64_t done;
	int rc;

	rc = pagesnap_open(NULL, &ps);
	if (rc < 0)
		return rc;
	for (i = 0; i < nr_queries && !rc; i++)
		rc = pagesnap_columns(ps, lat_pfn(0, i), 1,
				      PAGESNAP_COL_KPF | PAGESNAP_COL_REFCOUNT |
				      PAGESNAP_COL_MAPCOUNT, arrays, &done);
	pagesnap_close(ps);
	sh->pages = nr_queries;
	return rc < 0 ? rc : 0;
}

static int p_info_lat(struct shared *sh)
{
	struct pagesnap_info in;

	return ioctl_lat(sh, PAGESNAP_IOC_INFO, &in, NULL);
}

/* PAGESNAP_IOC_STATS through the library: every count, no entry copied. */
static int p_stats_ioctl(struct shared *sh)
{
	struct pagesnap_stats_result *r;
	struct pagesnap *ps;
	int rc;

	rc = pagesnap_open(NULL, &ps);
	if (rc < 0)
		return rc;
	rc = pagesnap_stats_collect(ps, pfn_lo, pfn_hi, ~0ULL, &r);
	if (!rc) {
		sh->pages = r->pfns;
		sh->matched = r->nr_combos;
		pagesnap_stats_free(r);
	}
	pagesnap_close(ps);
	return rc;
}

/* The bench-only driver path: read every online struct page's flags. */
static int p_floor(struct shared *sh)
{
	struct pagesnap_bench_floor fl;
	int fd = open(PAGESNAP_DEVICE_PATH, O_RDONLY), rc = 0;
	uint64_t pfn = pfn_lo, pages = 0, ns = 0;

	if (fd < 0)
		return -errno;
	/* one call examines PAGESNAP_MAX_PFNS_PER_CALL pfns at most */
	while (pfn < pfn_hi) {
		memset(&fl, 0, sizeof(fl));
		fl.start_pfn = pfn;
		fl.nr_pfns = pfn_hi - pfn;
		if (ioctl(fd, PAGESNAP_IOC_BENCH_FLOOR, &fl) < 0) {
			rc = -errno;
			break;
		}
		if (!fl.pages && !fl.holes) {
			rc = -EIO;
			break;
		}
		pfn += fl.pages + fl.holes;
		pages += fl.pages;
		ns += fl.elapsed_ns;
	}
	close(fd);
	sh->pages = pfn_hi - pfn_lo;
	sh->matched = pages;
	sh->kernel_ns = ns;
	return rc;
}

static int floor_available(void)
{
	struct pagesnap_bench_floor fl = { .nr_pfns = 1 };
	int fd = open(PAGESNAP_DEVICE_PATH, O_RDONLY), ok;

	if (fd < 0)
		return 0;
	fl.start_pfn = info.pfn_start;
	ok = ioctl(fd, PAGESNAP_IOC_BENCH_FLOOR, &fl) == 0;
	close(fd);
	return ok;
}

/* ---- runner ----------------------------------------------------------- */

static void run_once(struct path *p, int round, struct shared *sh)
{
	uint64_t before, after;
	struct rusage ru;
	double t0, t1;
	int status;
	pid_t pid;

	memset(sh, 0, sizeof(*sh));
	t0 = now();
	pid = fork();
	if (pid == 0) {
		if (p->argv) {
			int fd = open("/dev/null", O_WRONLY);

			dup2(fd, 1);
			dup2(fd, 2);	/* no progress line on the console */
			if (p->env)
				putenv((char *)p->env);
			execv(p->argv[0], (char *const *)p->argv);
			_exit(127);
		}
		/* two small reads, inside the row's time: negligible */
		before = snapshots_now();
		sh->err = p->fn(sh);
		after = snapshots_now();
		sh->snapshots = before != UINT64_MAX && after != UINT64_MAX ?
				after - before : 0;
		_exit(sh->err ? 1 : 0);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) {
		p->ok = 0;
		return;
	}
	t1 = now();
	p->t[round] = t1 - t0;
	p->rss_kb[round] = ru.ru_maxrss;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "bench: %s failed (status %#x, err %d)\n",
			p->name, status, sh->err);
		p->ok = 0;
		return;
	}
	if (!p->argv) {
		p->pages = sh->pages;
		p->matched = sh->matched;
		p->snapshots = sh->snapshots;
		p->kern[round] = sh->kernel_ns / 1e9;
	} else {
		p->pages = pfn_hi - pfn_lo;
	}
	if (p->inner) {
		FILE *f = fopen(p->inner, "r");

		if (!f || fscanf(f, "%lf", &p->kern[round]) != 1 ||
		    p->kern[round] <= 0) {
			fprintf(stderr, "bench: %s wrote no time to %s\n",
				p->name, p->inner);
			p->ok = 0;
		}
		if (f)
			fclose(f);
		unlink(p->inner);
	}
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void summarise(struct path *p, int n)
{
	double s[MAX_ROUNDS];
	long rss = 0;
	int i;

	memcpy(s, p->t, n * sizeof(double));
	qsort(s, n, sizeof(double), cmp_d);
	p->med = n & 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	p->spread = p->med > 0 ? (s[n - 1] - s[0]) / p->med : 0;
	p->rate = p->med > 0 ? p->pages / p->med : 0;
	for (i = 0; i < n; i++)
		if (p->rss_kb[i] > rss)
			rss = p->rss_kb[i];
	p->rss = rss;
	memcpy(s, p->kern, n * sizeof(double));
	qsort(s, n, sizeof(double), cmp_d);
	p->kmed = n & 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* -f: percent of the guest's memory the ballast takes (1 unless asked) */
static unsigned int fill_pct = 1;
static size_t ballast_kib;

/*
 * An idle guest has no flag on ~1 % of its pages: hold anonymous memory
 * worth 1 % of its memory (not inherited by the measured children).  -f
 * asks for more, to measure a guest whose memory is mostly in use.
 */
static int mix;		/* -m: a busy machine's mix, not anon alone */

/* Fault in @len bytes at @p, one write per page. */
static void touch(char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i += 4096)
		p[i] = 1;
}

/*
 * The busy mixed guest (-m): of the fill, 35 % anonymous order-0 pages,
 * 20 % anonymous THP, 25 % page cache of files (tmpfs here: the guest has
 * no disk), 5 % slab (many small files: dentries and inodes), 15 % page
 * tables (a forked child with a large sparse mapping).  The measured
 * children inherit none of it (MADV_DONTFORK; the files and the child
 * are not theirs).  /proc/meminfo is printed to show what it became.
 */
static void make_mix(size_t len)
{
	size_t anon = len * 35 / 100, thp = len * 20 / 100 & ~((2UL << 20) - 1);
	size_t file = len * 25 / 100, slab = len * 5 / 100, pt = len * 15 / 100;
	char buf[4096], name[64], *p;
	int fd, ready[2];
	size_t i, nfiles;
	FILE *f;

	p = mmap(NULL, anon, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED) {
		madvise(p, anon, MADV_DONTFORK);
		madvise(p, anon, MADV_NOHUGEPAGE);
		touch(p, anon);
	}
	p = mmap(NULL, thp + (2UL << 20), PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED) {
		p = (char *)(((uintptr_t)p + (2UL << 20) - 1) &
			     ~((2UL << 20) - 1));
		madvise(p, thp, MADV_DONTFORK);
		madvise(p, thp, MADV_HUGEPAGE);
		touch(p, thp);
	}
	memset(buf, 'x', sizeof(buf));
	/* on the rootfs: /tmp is a tmpfs of 256 MiB in the bench guest */
	fd = open("/bench-mix.data", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	for (i = 0; fd >= 0 && i < file; i += sizeof(buf))
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			break;
	if (fd >= 0)
		close(fd);
	/* ~1 KiB of dentry, inode and shmem inode per small file */
	mkdir("/bench-mix", 0700);
	nfiles = slab / 1024;
	for (i = 0; i < nfiles; i++) {
		snprintf(name, sizeof(name), "/bench-mix/%zu", i);
		fd = open(name, O_WRONLY | O_CREAT, 0600);
		if (fd < 0)
			break;
		close(fd);
	}
	/* one page-table page and one data page per 2 MiB touched */
	if (pipe(ready))
		ready[0] = ready[1] = -1;
	if (fork() == 0) {
		size_t span = pt / 2 / 4096 * (2UL << 20);

		p = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE |
			 MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p != MAP_FAILED) {
			madvise(p, span, MADV_NOHUGEPAGE);
			for (i = 0; i < span; i += 2UL << 20)
				p[i] = 1;
		}
		if (ready[1] >= 0 && write(ready[1], "", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	/* the child has built its page tables */
	if (ready[0] >= 0 && read(ready[0], buf, 1) != 1)
		printf("PAGESNAP-BENCH: mix: page-table child did not report\n");
	f = fopen("/proc/meminfo", "r");
	while (f && fgets(buf, sizeof(buf), f))
		if (!strncmp(buf, "MemTotal", 8) || !strncmp(buf, "MemFree", 7) ||
		    !strncmp(buf, "AnonPages", 9) ||
		    !strncmp(buf, "AnonHugePages", 13) ||
		    !strncmp(buf, "Shmem:", 6) || !strncmp(buf, "Cached", 6) ||
		    !strncmp(buf, "Slab", 4) || !strncmp(buf, "PageTables", 10))
			printf("PAGESNAP-BENCH: mix %s", buf);
	if (f)
		fclose(f);
}

static void make_ballast(void)
{
	struct sysinfo si;
	size_t len, i;

	if (sysinfo(&si))
		return;
	len = (size_t)((double)si.totalram * si.mem_unit * fill_pct / 100) &
	      ~(size_t)4095;
	if (mix) {
		make_mix(len);
		ballast_kib = len / 1024;
		return;
	}
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return;
	madvise(p, len, MADV_DONTFORK);
	madvise(p, len, MADV_NOHUGEPAGE);
	for (i = 0; i < len; i += 4096)
		p[i] = 1;
	ballast_kib = len / 1024;
	printf("PAGESNAP-BENCH: ballast %zu KiB of anonymous memory\n", ballast_kib);
}

/* A copy of /proc/kpageflags in tmpfs for the cli-stats-F row. */
static void save_kpageflags(void)
{
	static char buf[PROC_CHUNK];
	int in = open("/proc/kpageflags", O_RDONLY);
	int out = open("/tmp/kpageflags.saved", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	uint64_t off;

	for (off = pfn_lo * 8; in >= 0 && out >= 0 && off < pfn_hi * 8; off += sizeof(buf)) {
		size_t want = pfn_hi * 8 - off < sizeof(buf) ? pfn_hi * 8 - off : sizeof(buf);
		ssize_t r = pread(in, buf, want, off);

		if (r <= 0 || pwrite(out, buf, r, off) != r)
			break;
	}
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
}

/* Pick the flag whose share of pages is closest to 1 %. */
static void choose_filter(void)
{
	static const struct { int bit; const char *name; } cand[] = {
		{ PAGESNAP_KPF_THP, "thp" }, { PAGESNAP_KPF_SLAB, "slab" },
		{ PAGESNAP_KPF_ANON, "anon" }, { PAGESNAP_KPF_LRU, "lru" },
		{ PAGESNAP_KPF_COMPOUND_HEAD, "compound_head" },
		{ PAGESNAP_KPF_MMAP, "mmap" }, { PAGESNAP_KPF_DIRTY, "dirty" },
	};
	uint64_t cnt[sizeof(cand) / sizeof(cand[0])] = { 0 }, tot = 0;
	const struct pagesnap_entry *e;
	struct pagesnap_scan *sc;
	struct pagesnap *ps;
	double best = 1e9;
	unsigned int i;

	if (pagesnap_open(NULL, &ps) < 0 ||
	    pagesnap_scan_begin(ps, pfn_lo, pfn_hi, 0, &sc) < 0)
		return;
	while (pagesnap_scan_next(sc, &e) > 0) {
		tot++;
		for (i = 0; i < sizeof(cand) / sizeof(cand[0]); i++)
			if (e->kpf & (1ULL << cand[i].bit))
				cnt[i]++;
	}
	pagesnap_scan_end(sc);
	pagesnap_close(ps);
	for (i = 0; i < sizeof(cand) / sizeof(cand[0]) && tot; i++) {
		double f = (double)cnt[i] / tot;
		double d = f > 0.01 ? f / 0.01 : (f > 0 ? 0.01 / f : 1e8);

		printf("PAGESNAP-BENCH: flag %-14s %8llu pages %7.3f %%\n",
		       cand[i].name, (unsigned long long)cnt[i], 100 * f);
		if (d < best) {
			best = d;
			filt.mask = filt.value = 1ULL << cand[i].bit;
			filt_name = cand[i].name;
		}
	}
}

static const char *fmt_ratio(char *b, size_t n, double x)
{
	if (x <= 0)
		snprintf(b, n, "-");
	else
		snprintf(b, n, "%.2fx", x);
	return b;
}

/*
 * -p LIST: run only the paths named in the comma-separated LIST, and the
 * baselines every ratio needs.
 */
static int path_selected(const char *list, const char *name)
{
	static const char *const base[] = {
		"kpageflags", "three-proc", "memmap-floor", "pread-latency",
	};
	size_t len = strlen(name), i;
	const char *p;

	for (i = 0; i < sizeof(base) / sizeof(base[0]); i++)
		if (!strcmp(name, base[i]))
			return 1;
	for (p = list; (p = strstr(p, name)); p += len)
		if ((p == list || p[-1] == ',') && (p[len] == ',' || !p[len]))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	const char *cli = "/bin/pagesnap-cli", *pt = "/bin/page-types";
	int rounds = 5, opt, r, i, nr;
	struct shared *sh;
	struct pagesnap *ps;
	struct path *kpf = NULL, *three = NULL, *pre = NULL, *scan = NULL;
	struct path *flo = NULL, *sti = NULL;
	struct utsname u;
	char b1[32], b2[32], b3[32];

	const char *only = NULL;

	while ((opt = getopt(argc, argv, "n:q:c:t:f:mp:")) != -1) {
		switch (opt) {
		case 'n': rounds = atoi(optarg); break;
		case 'q': nr_queries = strtoul(optarg, NULL, 0); break;
		case 'c': cli = optarg; break;
		case 't': pt = optarg; break;
		case 'f': fill_pct = strtoul(optarg, NULL, 0); break;
		case 'm': mix = 1; break;
		case 'p': only = optarg; break;
		default:
			fprintf(stderr, "usage: %s [-n ROUNDS] [-q QUERIES] [-c CLI] [-t PAGE_TYPES] [-f FILL_PERCENT] [-m] [-p PATH,...]\n", argv[0]);
			return 2;
		}
	}
	if (rounds < 1 || rounds > MAX_ROUNDS || !nr_queries || nr_queries > 10000000 ||
	    fill_pct < 1 || fill_pct > 80) {
		fprintf(stderr, "bench: rounds 1..%d, queries 1..10000000, fill 1..80 %%\n", MAX_ROUNDS);
		return 2;
	}
	if (pagesnap_open(NULL, &ps) < 0 || pagesnap_info(ps, &info) < 0) {
		perror("bench: /dev/pagesnap");
		return 1;
	}
	pagesnap_close(ps);
	pfn_lo = info.pfn_start;
	pfn_hi = info.pfn_end;
	srand(12345);
	rand_pfns = malloc(nr_queries * sizeof(*rand_pfns));
	if (!rand_pfns)
		return 1;
	for (i = 0; i < (int)nr_queries; i++)
		rand_pfns[i] = pfn_lo + ((uint64_t)rand() * RAND_MAX + rand()) % (pfn_hi - pfn_lo);
	make_ballast();
	choose_filter();
	save_kpageflags();

	static const char *a_stats[] = { NULL, "stats", NULL };
	static const char *a_scan[] = { NULL, "scan", NULL };
	static const char *a_pt[] = { NULL, NULL };
	static const char *a_ptl[] = { NULL, "-l", "-C", "-M", "-N", NULL };
	static const char *a_ptL[] = { NULL, "-L", "-N", NULL };
	static const char *a_statsF[] = { NULL, "-F", "/tmp/kpageflags.saved", "stats", NULL };
	static const char *a_rust[] = { "/bin/pagesnap-rust-scan", NULL };
	static const char *a_rust_iter[] = { "/bin/pagesnap-rust-scan", "--iter", NULL };
	static const char *a_statsW[] = { NULL, "stats", "--walk", NULL };
	static const char *a_py1[] = { PYTHON, "-B", "-I", "/python/py-scan.py", "kpf",
				       "/tmp/py-scan.time", NULL };
	static const char *a_pyimp[] = { PYTHON, "-B", "-I", "-c",
					 "import sys; sys.path.insert(0, '/python'); import numpy, pagesnap",
					 NULL };
	static const char *a_py4[] = { PYTHON, "-B", "-I", "/python/py-scan.py",
				       "kpf,refcount,mapcount,memcg_ino", "/tmp/py-scan.time", NULL };
	a_stats[0] = a_scan[0] = a_statsF[0] = a_statsW[0] = cli;
	a_pt[0] = a_ptl[0] = a_ptL[0] = pt;

	struct path paths[] = {
		{ .name = "kpageflags", .what = "read /proc/kpageflags (64 KiB preads)", .kind = K_SCAN, .fn = p_kpageflags },
		{ .name = "three-proc", .what = "kpageflags+kpagecount+kpagecgroup, chunk-interleaved", .kind = K_SCAN, .fn = p_three },
		{ .name = "lib-scan", .what = "libpagesnap pagesnap_scan(), all entries", .kind = K_SCAN, .fn = p_lib_scan },
		{ .name = "rust-scan", .what = "Rust crate Scan::next_batch(), all entries (bindings/rust examples/fullscan)", .kind = K_SCAN, .argv = a_rust },
		{ .name = "rust-scan-iter", .what = "Rust crate Scan as an Iterator, an Entry copied out per pfn (fullscan --iter)", .kind = K_SCAN, .argv = a_rust_iter },
		{ .name = "lib-scan-filtered", .what = "libpagesnap scan, in-kernel filter", .kind = K_SCAN, .fn = p_lib_filtered },
		{ .name = "lib-scan-runs", .what = "libpagesnap scan, PAGESNAP_QUERY_RUNS (an entry per run)", .kind = K_SCAN, .fn = p_lib_scan_runs },
		{ .name = "cols-flags", .what = "pagesnap_scan_columns(): kpf only (8 bytes per pfn)", .kind = K_SCAN, .fn = p_cols_flags },
		{ .name = "cols-four", .what = "pagesnap_scan_columns(): kpf, refcount, mapcount, memcg (24 bytes per pfn)", .kind = K_SCAN, .fn = p_cols_four },
		{ .name = "py-numpy-scan", .what = "Python Pagesnap.columns(fields=kpf) into numpy, all memory (bench/py-scan.py; exec'd: interpreter start and imports included)", .kind = K_SCAN, .argv = a_py1, .inner = "/tmp/py-scan.time" },
		{ .name = "py-numpy-four", .what = "the same with kpf, refcount, mapcount, memcg_ino", .kind = K_SCAN, .argv = a_py4, .inner = "/tmp/py-scan.time" },
		{ .name = "py-import", .what = "python3.11 -c 'import numpy, pagesnap': the interpreter start and imports the py-numpy rows include (no scan; pages/s meaningless)", .kind = K_SCAN, .argv = a_pyimp },
		{ .name = "query-range", .what = "pagesnap_query_range(), 4096-entry buffer", .kind = K_SCAN, .fn = p_query_range },
		{ .name = "cli-stats-F", .what = "pagesnap-cli -F saved-kpageflags stats (CLI userspace only)", .kind = K_SCAN, .argv = a_statsF },
		{ .name = "cli-stats", .what = "pagesnap-cli stats >/dev/null (in-kernel stats)", .kind = K_SCAN, .argv = a_stats },
		{ .name = "cli-stats-scan", .what = "pagesnap-cli stats --walk (full scan, userspace summary)", .kind = K_SCAN, .argv = a_statsW },
		{ .name = "stats-ioctl", .what = "pagesnap_stats_collect(): in-kernel stats, no entries copied", .kind = K_SCAN, .fn = p_stats_ioctl },
		{ .name = "memmap-floor", .what = "bench-only ioctl: read every online struct page's flags word", .kind = K_SCAN, .fn = p_floor },
		{ .name = "cli-scan", .what = "pagesnap-cli scan >/dev/null", .kind = K_SCAN, .argv = a_scan },
		{ .name = "page-types", .what = "page-types >/dev/null", .kind = K_SCAN, .argv = a_pt },
		{ .name = "page-types-lCMN", .what = "page-types -l -C -M -N >/dev/null", .kind = K_SCAN, .argv = a_ptl },
		{ .name = "page-types-LN", .what = "page-types -L -N >/dev/null (every page listed)", .kind = K_SCAN, .argv = a_ptL },
		{ .name = "get-latency", .what = "pagesnap_get() of random pfns", .kind = K_LATENCY, .fn = p_get_lat },
		{ .name = "cols1-latency", .what = "pagesnap_columns() of one random pfn: kpf, refcount, mapcount", .kind = K_LATENCY, .fn = p_cols1_lat },
		{ .name = "pread-latency", .what = "8-byte pread of /proc/kpageflags, random pfns", .kind = K_LATENCY, .fn = p_pread_lat },
		{ .name = "info-latency", .what = "PAGESNAP_IOC_INFO ioctl: the round trip without a walk", .kind = K_LATENCY, .fn = p_info_lat },
		{ .name = "colsio1-latency", .what = "raw PAGESNAP_IOC_COLUMNS of one random pfn: kpf, refcount, mapcount", .kind = K_LATENCY, .fn = p_colsio1_lat },
		{ .name = "query1-latency", .what = "raw PAGESNAP_IOC_QUERY of one random pfn, no library", .kind = K_LATENCY, .fn = p_query1_lat },
		{ .name = "get-fixed-latency", .what = "pagesnap_get() of one fixed online pfn (0x1000)", .kind = K_LATENCY, .fn = p_get_fixed_lat },
		{ .name = "pread-fixed-latency", .what = "8-byte pread of /proc/kpageflags, the same fixed pfn", .kind = K_LATENCY, .fn = p_pread_fixed_lat },
	};
	nr = sizeof(paths) / sizeof(paths[0]);
	for (i = 0; i < nr; i++) {
		paths[i].ok = 1;
		if (paths[i].argv && access(paths[i].argv[0], X_OK)) {
			paths[i].skip = 1;
			paths[i].why = "binary missing";
		}
		if (only && !path_selected(only, paths[i].name)) {
			paths[i].skip = 1;
			paths[i].why = "not selected (-p)";
		}
		if (!strcmp(paths[i].name, "memmap-floor") && !floor_available()) {
			paths[i].skip = 1;
			paths[i].why = "driver built without PAGESNAP_BENCH=1";
		}
	}
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 1;

	uname(&u);
	printf("PAGESNAP-BENCH: kernel %s, pfns %llu..%llu (%llu), %d rounds, %u queries, filter %s\n",
	       u.release, (unsigned long long)pfn_lo, (unsigned long long)pfn_hi,
	       (unsigned long long)(pfn_hi - pfn_lo), rounds, nr_queries, filt_name);
	for (r = 0; r < rounds; r++)
		for (i = 0; i < nr; i++) {
			/* rotate the start so no path always runs first */
			struct path *p = &paths[(i + r) % nr];

			if (!p->skip && p->ok)
				run_once(p, r, sh);
			if (p->ok && !p->skip)
				printf("PAGESNAP-BENCH: round %d %-18s %.4f s rss %ld KiB\n",
				       r, p->name, p->t[r], p->rss_kb[r]);
			fflush(stdout);
		}
	for (i = 0; i < nr; i++) {
		if (!paths[i].skip && paths[i].ok)
			summarise(&paths[i], rounds);
		if (!strcmp(paths[i].name, "kpageflags")) kpf = &paths[i];
		if (!strcmp(paths[i].name, "three-proc")) three = &paths[i];
		if (!strcmp(paths[i].name, "pread-latency")) pre = &paths[i];
		if (!strcmp(paths[i].name, "lib-scan")) scan = &paths[i];
		if (!strcmp(paths[i].name, "memmap-floor")) flo = &paths[i];
		if (!strcmp(paths[i].name, "stats-ioctl")) sti = &paths[i];
	}
	if (flo && (flo->skip || !flo->ok))
		flo = NULL;

	/* ---- table ---- */
	printf("\n%-18s %10s %7s %14s %9s %9s %9s %10s\n", "path", "median s", "spread",
	       "pages/s", "vs kpf", "vs 3proc", "x floor", "peak RSS");
	for (i = 0; i < nr; i++) {
		struct path *p = &paths[i];
		struct path *ref1 = p->kind == K_LATENCY ? pre : kpf;

		if (p->skip || !p->ok) {
			printf("%-18s %s\n", p->name, p->skip ? p->why : "FAILED");
			continue;
		}
		printf("%-18s %10.4f %6.1f%% %14.0f %9s %9s %9s %7ld KiB%s\n", p->name,
		       p->med, 100 * p->spread, p->rate,
		       fmt_ratio(b1, sizeof(b1), ref1 && ref1->ok ? p->rate / ref1->rate : 0),
		       fmt_ratio(b2, sizeof(b2), p->kind == K_SCAN && three && three->ok ? p->rate / three->rate : 0),
		       fmt_ratio(b3, sizeof(b3), p->kind == K_SCAN && flo ? flo->rate / p->rate : 0),
		       p->rss, p->kind == K_LATENCY ? " (queries/s)" : "");
	}
	if (flo)
		printf("memmap-floor: %.4f s in the kernel walk itself (median), %llu online pages read\n",
		       flo->kmed, (unsigned long long)flo->matched);
	for (i = 0; i < nr; i++)
		if (!strcmp(paths[i].name, "lib-scan-filtered") && paths[i].ok && scan)
			printf("filter %s matched %llu of %llu pfns (%.3f %%): %.2fx the unfiltered lib-scan\n", filt_name,
			       (unsigned long long)paths[i].matched,
			       (unsigned long long)paths[i].pages,
			       100.0 * paths[i].matched / (paths[i].pages ? paths[i].pages : 1),
			       scan->ok ? paths[i].rate / scan->rate : 0);
	for (i = 0; i < nr; i++)
		if (paths[i].kind == K_LATENCY && paths[i].ok && !paths[i].skip)
			printf("latency %s: %.2f us per query\n", paths[i].name,
			       1e6 * paths[i].med / paths[i].pages);

	/* ---- JSON ---- */
	printf("===== PAGESNAP-BENCH-JSON BEGIN =====\n");
	printf("{\"kernel\":\"%s\",\"pfn_start\":%llu,\"pfn_end\":%llu,\"rounds\":%d,"
	       "\"queries\":%u,\"filter\":\"%s\",\"ballast_kib\":%zu,"
	       "\"fill_percent\":%u,\"paths\":[\n", u.release,
	       (unsigned long long)pfn_lo, (unsigned long long)pfn_hi, rounds,
	       nr_queries, filt_name, ballast_kib, fill_pct);
	for (i = 0; i < nr; i++) {
		struct path *p = &paths[i];
		struct path *ref1 = p->kind == K_LATENCY ? pre : kpf;
		int k;

		printf(" {\"name\":\"%s\",\"what\":\"%s\",\"kind\":\"%s\",\"ok\":%s",
		       p->name, p->what, p->kind == K_SCAN ? "scan" : "latency",
		       p->ok && !p->skip ? "true" : "false");
		if (p->ok && !p->skip) {
			printf(",\"median_s\":%.6f,\"spread\":%.4f,\"units\":%llu,\"units_per_s\":%.1f,"
			       "\"peak_rss_kib\":%ld,\"matched\":%llu",
			       p->med, p->spread, (unsigned long long)p->pages, p->rate,
			       p->rss, (unsigned long long)p->matched);
			if (p->kind == K_LATENCY)
				printf(",\"us_per_query\":%.3f", 1e6 * p->med / p->pages);
			if (ref1 && ref1->ok)
				printf(",\"ratio_vs_kpageflags\":%.4f", p->rate / ref1->rate);
			if (p->kind == K_SCAN && three && three->ok)
				printf(",\"ratio_vs_three_proc\":%.4f", p->rate / three->rate);
			if (p->kind == K_SCAN && flo)
				printf(",\"times_floor\":%.4f", flo->rate / p->rate);
			if (p == flo)
				printf(",\"kernel_walk_s\":%.6f", p->kmed);
			if (p->inner)
				printf(",\"in_process_s\":%.6f", p->kmed);
			printf(",\"times_s\":[");
			for (k = 0; k < rounds; k++)
				printf("%s%.6f", k ? "," : "", p->t[k]);
			printf("]");
		}
		printf("}%s\n", i + 1 < nr ? "," : "");
	}
	printf("]}\n");
	printf("===== PAGESNAP-BENCH-JSON END =====\n");

	/* ---- Markdown ---- */
	printf("===== PAGESNAP-BENCH-MD BEGIN =====\n");
	printf("Kernel %s, pfns %llu..%llu (%llu pfns), %d interleaved rounds, "
	       "%u random pfns per latency round, filter `%s`, ballast %zu KiB "
	       "of %s (%u %% of MemTotal).\n\n", u.release,
	       (unsigned long long)pfn_lo, (unsigned long long)pfn_hi,
	       (unsigned long long)(pfn_hi - pfn_lo), rounds, nr_queries, filt_name,
	       ballast_kib, mix ? "a busy mix (anon, THP, file, slab, page tables)" :
	       "anonymous memory", fill_pct);
	printf("| path | what | median s | spread | pages/s | vs /proc/kpageflags | vs three proc files | x memmap floor | peak RSS KiB |\n");
	printf("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
	for (i = 0; i < nr; i++) {
		struct path *p = &paths[i];
		struct path *ref1 = p->kind == K_LATENCY ? pre : kpf;

		if (p->skip || !p->ok) {
			printf("| %s | %s | %s | | | | | | |\n", p->name, p->what,
			       p->skip ? p->why : "failed");
			continue;
		}
		printf("| %s | %s | %.4f | %.1f%% | %.0f%s | %s | %s | %s | %ld |\n",
		       p->name, p->what, p->med, 100 * p->spread, p->rate,
		       p->kind == K_LATENCY ? " queries/s" : "",
		       fmt_ratio(b1, sizeof(b1), ref1 && ref1->ok ? p->rate / ref1->rate : 0),
		       fmt_ratio(b2, sizeof(b2), p->kind == K_SCAN && three && three->ok ? p->rate / three->rate : 0),
		       fmt_ratio(b3, sizeof(b3), p->kind == K_SCAN && flo ? flo->rate / p->rate : 0),
		       p->rss);
	}
	if (flo)
		printf("\nmemmap-floor: the kernel walk itself took %.4f s (median; the row's time includes fork, open and exit), %llu online struct pages read.\n",
		       flo->kmed, (unsigned long long)flo->matched);
	if (flo && sti && sti->ok && !sti->skip)
		printf("stats-ioctl takes %.2fx the time of the memmap-floor row.\n", flo->rate / sti->rate);
	for (i = 0; i < nr; i++)
		if (paths[i].ok && !paths[i].skip && paths[i].snapshots &&
		    paths[i].kind == K_SCAN)
			printf("%s took %llu snapshots for %llu pfns (one per %.1f pfns).\n",
			       paths[i].name,
			       (unsigned long long)paths[i].snapshots,
			       (unsigned long long)paths[i].pages,
			       (double)paths[i].pages / paths[i].snapshots);
	for (i = 0; i < nr; i++)
		if (!strcmp(paths[i].name, "lib-scan-filtered") && paths[i].ok)
			printf("\nFilter `%s` matched %llu of %llu pfns (%.3f %%): %.2fx the pages/s of the unfiltered lib-scan.\n", filt_name,
			       (unsigned long long)paths[i].matched,
			       (unsigned long long)paths[i].pages,
			       100.0 * paths[i].matched / (paths[i].pages ? paths[i].pages : 1),
			       scan && scan->ok ? paths[i].rate / scan->rate : 0);
	for (i = 0; i < nr; i++)
		if (!strncmp(paths[i].name, "rust-scan", 9) && paths[i].ok && !paths[i].skip &&
		    scan && scan->ok)
			printf("\n%s takes %.2fx the time of lib-scan (median over median).\n",
			       paths[i].name, scan->rate / paths[i].rate);
	for (i = 0; i < nr; i++)
		if (!strncmp(paths[i].name, "py-numpy-", 9) && paths[i].ok && !paths[i].skip) {
			const struct path *c = find_path(paths, nr, strcmp(paths[i].name,
						"py-numpy-scan") ? "cols-four" : "cols-flags");

			printf("\n%s: %.4f s in-process (median; open() to the last value read), %.4f s whole process",
			       paths[i].name, paths[i].kmed, paths[i].med);
			if (c)
				printf("; %s took %.4f s: %.2fx and %.2fx its time", c->name, c->med,
				       paths[i].kmed / c->med, paths[i].med / c->med);
			if (scan && scan->ok)
				printf("; lib-scan (every field) %.4f s", scan->med);
			if (find_path(paths, nr, "py-import"))
				printf("; py-import (start and imports alone) %.4f s",
				       find_path(paths, nr, "py-import")->med);
			printf(".\n");
		}
	for (i = 0; i < nr; i++)
		if (!strcmp(paths[i].name, "lib-scan-runs") && paths[i].ok)
			printf("\nlib-scan-runs: %llu pfns in %llu entries (%.1f pfns per entry).\n",
			       (unsigned long long)paths[i].pages,
			       (unsigned long long)paths[i].matched,
			       (double)paths[i].pages / (paths[i].matched ? paths[i].matched : 1));
	printf("\n");
	for (i = 0; i < nr; i++)
		if (paths[i].kind == K_LATENCY && paths[i].ok && !paths[i].skip)
			printf("Latency %s: %.2f us per query.\n", paths[i].name,
			       1e6 * paths[i].med / paths[i].pages);
	targets(paths, nr, rounds);
	printf("===== PAGESNAP-BENCH-MD END =====\n");
	return 0;
}
