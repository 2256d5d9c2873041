// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-rel stress [--seconds T] [--scanners N] [--hwpoison-seconds T]
 * - scans under mm churn.
 *
 * N scanner threads walk every pfn again and again (each with different
 * options: all entries; SKIP_HOLES with a 256-byte entry; a filter) while
 * child processes churn memory until the deadline:
 *   thp       MADV_HUGEPAGE regions: fault in, split (partial mprotect and
 *             MADV_DONTNEED), MADV_COLLAPSE, debugfs split_huge_pages
 *   compact   /proc/sys/vm/compact_memory
 *   hugetlb   resize the pool (nr_hugepages) and fault MAP_HUGETLB pages
 *   caches    /proc/sys/vm/drop_caches and file create/unlink
 *   fork      fork/touch/exit
 *   mlock     mlock/munlock
 *   hotplug   offline/online memory blocks (/sys/devices/system/memory)
 *   hwpoison  corrupt-pfn/unpoison-pfn of our own pages, where debugfs
 *             has /sys/kernel/debug/hwpoison, in a phase of its own after
 *             the others (--hwpoison-seconds, 0 for none; see w_hwpoison())
 * Every entry is checked: pfn order, folio geometry of faithful snapshots,
 * known snap flags, no 64-bit field in the kernel half.  Scanner 0 also
 * sweeps every pfn with PAGESNAP_IOC_STATS after each scan, each call's
 * breakdowns checked to add up.  Figures: scans,
 * snapshots, unfaithful snapshots, ioctl errors by errno, bad entries,
 * churn operations by kind.
 */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "rel.h"

#define SUITE "stress"
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif
#define TWO_MB (2UL << 20)

static struct pagesnap_info info;
static double deadline;

/* ---- churn workers, counters in shared memory ---- */

enum { C_THP_FAULT, C_THP_SPLIT, C_THP_COLLAPSE_OK, C_THP_COLLAPSE_FAIL,
	C_SPLIT_ALL, C_COMPACT, C_HUGETLB_RESIZE, C_HUGETLB_FAULT, C_DROP,
	C_FILES, C_FORK, C_MLOCK, C_OFFLINE_OK, C_OFFLINE_FAIL, C_ONLINE_OK,
	C_ONLINE_FAIL, C_POISON_OK, C_POISON_FAIL, C_UNPOISON_OK,
	C_UNPOISON_FAIL, C_NR };
static const char *const c_names[C_NR] = {
	"thp_faults", "thp_splits", "thp_collapse_ok", "thp_collapse_fail",
	"split_huge_pages_all", "compactions", "hugetlb_resizes",
	"hugetlb_faults", "drop_caches", "file_cycles", "forks",
	"mlock_cycles", "offline_ok", "offline_fail", "online_ok",
	"online_fail", "hwpoison_ok", "hwpoison_fail", "unpoison_ok",
	"unpoison_fail" };
static volatile unsigned long *cnt;	/* C_NR shared counters */

static double scan_deadline;	/* scanners: deadline + the hwpoison phase */

static int alive(void)
{
	return rel_now() < deadline;
}

static int scanning(void)
{
	return rel_now() < scan_deadline;
}

/* @len bytes at an @align boundary; the slack around them is unmapped. */
static void *map_aligned(size_t len, size_t align)
{
	unsigned char *p = mmap(NULL, len + align, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char *a;

	if (p == MAP_FAILED)
		return NULL;
	a = (unsigned char *)(((uintptr_t)p + align - 1) & ~(uintptr_t)(align - 1));
	if (a > p)
		munmap(p, a - p);
	munmap(a + len, p + align - a);
	return a;
}

static void w_thp(void)
{
	const size_t len = 16 * TWO_MB;
	uint64_t r = getpid();

	while (alive()) {
		unsigned char *p = map_aligned(len, TWO_MB);
		size_t off;

		if (!p)
			continue;
		madvise(p, len, MADV_HUGEPAGE);
		for (off = 0; off < len; off += REL_PAGE)
			p[off] = 1;
		cnt[C_THP_FAULT]++;
		/* split: a PMD-mapped THP loses 4K of its mapping or protection */
		for (off = 0; off < len; off += TWO_MB) {
			if (rel_below(&r, 2))
				madvise(p + off + REL_PAGE * rel_below(&r, 512),
					REL_PAGE, MADV_DONTNEED);
			else
				mprotect(p + off + REL_PAGE * rel_below(&r, 512),
					 REL_PAGE, PROT_READ);
		}
		cnt[C_THP_SPLIT]++;
		mprotect(p, len, PROT_READ | PROT_WRITE);
		for (off = 0; off < len; off += REL_PAGE)
			p[off] = 2;
		if (madvise(p, len, MADV_COLLAPSE) == 0)
			cnt[C_THP_COLLAPSE_OK]++;
		else
			cnt[C_THP_COLLAPSE_FAIL]++;
		if (rel_below(&r, 8) == 0 &&
		    !rel_write_file("/sys/kernel/debug/split_huge_pages", "1"))
			cnt[C_SPLIT_ALL]++;
		munmap(p, len);
	}
}

static void w_compact(void)
{
	while (alive()) {
		if (!rel_write_file("/proc/sys/vm/compact_memory", "1"))
			cnt[C_COMPACT]++;
		usleep(200000);
	}
}

static void w_hugetlb(void)
{
	uint64_t r = getpid();
	char v[16];

	while (alive()) {
		unsigned char *p;
		size_t n = 1 + rel_below(&r, 4);

		snprintf(v, sizeof(v), "%d", 8 + (int)rel_below(&r, 40));
		if (!rel_write_file("/proc/sys/vm/nr_hugepages", v))
			cnt[C_HUGETLB_RESIZE]++;
		p = mmap(NULL, n * TWO_MB, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
		if (p != MAP_FAILED) {
			size_t k;

			for (k = 0; k < n; k++)
				p[k * TWO_MB] = 1;	/* SIGBUS if the pool shrank: */
			cnt[C_HUGETLB_FAULT]++;		/* reservations prevent it */
			munmap(p, n * TWO_MB);
		}
		usleep(50000);
	}
}

static void w_caches(void)
{
	char path[64];
	int i;

	while (alive()) {
		for (i = 0; i < 64; i++) {
			int fd;

			snprintf(path, sizeof(path), "/tmp/rel-stress-%d-%d", getpid(), i);
			fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
			if (fd >= 0) {
				if (write(fd, path, sizeof(path)) < 0)
					cnt[C_FILES] += 0;
				close(fd);
			}
		}
		for (i = 0; i < 64; i++) {
			snprintf(path, sizeof(path), "/tmp/rel-stress-%d-%d", getpid(), i);
			unlink(path);
		}
		cnt[C_FILES]++;
		if (!rel_write_file("/proc/sys/vm/drop_caches", "3"))
			cnt[C_DROP]++;
		usleep(100000);
	}
}

static void w_fork(void)
{
	while (alive()) {
		pid_t pid = fork();

		if (pid == 0) {
			size_t len = (1 + getpid() % 8) << 20, off;
			unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
						MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (p != MAP_FAILED)
				for (off = 0; off < len; off += REL_PAGE)
					p[off] = 3;
			_exit(0);
		}
		if (pid > 0) {
			waitpid(pid, NULL, 0);
			cnt[C_FORK]++;
		}
	}
}

static void w_mlock(void)
{
	const size_t len = 4UL << 20;

	while (alive()) {
		unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			continue;
		if (!mlock(p, len)) {
			usleep(20000);
			munlock(p, len);
			cnt[C_MLOCK]++;
		}
		munmap(p, len);
	}
}

/* ---- memory blocks ---- */

#define MAX_BLOCKS 4096
static int blocks[MAX_BLOCKS], nblocks;	/* online, removable, not the first */

static void list_blocks(void)
{
	DIR *d = opendir("/sys/devices/system/memory");
	struct dirent *de;
	char path[320], buf[32];

	nblocks = 0;
	while (d && (de = readdir(d)) && nblocks < MAX_BLOCKS) {
		int n, fd;
		ssize_t k;

		if (sscanf(de->d_name, "memory%d", &n) != 1 || n < 8)
			continue;
		snprintf(path, sizeof(path), "/sys/devices/system/memory/%s/state",
			 de->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		k = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (k > 0 && !strncmp(buf, "online", 6))
			blocks[nblocks++] = n;
	}
	if (d)
		closedir(d);
}

static int set_block(int n, const char *state)
{
	char path[96];

	snprintf(path, sizeof(path), "/sys/devices/system/memory/memory%d/state", n);
	return rel_write_file(path, state);
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void w_hotplug(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };	/* no SA_RESTART */
	uint64_t r = getpid();

	sigaction(SIGALRM, &sa, NULL);
	while (alive() && nblocks) {
		int n = blocks[rel_below(&r, nblocks)], ret;

		alarm(5);	/* offlining retries until a signal comes */
		ret = set_block(n, "offline");
		alarm(0);
		if (ret) {
			cnt[C_OFFLINE_FAIL]++;
			usleep(100000);
			continue;
		}
		cnt[C_OFFLINE_OK]++;
		usleep(100000 + rel_below(&r, 400000));
		ret = set_block(n, "online");
		if (ret && set_block(n, "online_movable"))
			cnt[C_ONLINE_FAIL]++;
		else
			cnt[C_ONLINE_OK]++;
		usleep(100000);
	}
}

#define HWP "/sys/kernel/debug/hwpoison/"

/*
 * Its own phase after the other churn (the scanners keep going): with
 * compaction running at the same time, stock-6.12's unpoison_memory()
 * freed a page compaction still held ("BUG: Bad page state", no pagesnap
 * frame) - a kernel race of the debug-only unpoison interface, not what
 * this test is about.
 */
static void w_hwpoison(void)
{
	char v[32];
	int done = 0;

	while (alive())
		usleep(100000);
	deadline = scan_deadline;
	while (alive() && done++ < 400) {
		unsigned char *p = mmap(NULL, REL_PAGE, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		uint64_t pfn;

		if (p == MAP_FAILED)
			continue;
		p[0] = 4;
		pfn = rel_vaddr_pfn(p);
		if (!pfn) {
			munmap(p, REL_PAGE);
			continue;
		}
		snprintf(v, sizeof(v), "%llu", (unsigned long long)pfn);
		/* our own anon page: no early kill (vm.memory_failure_early_kill=0) */
		if (rel_write_file(HWP "corrupt-pfn", v))
			cnt[C_POISON_FAIL]++;
		else
			cnt[C_POISON_OK]++;
		usleep(50000);
		munmap(p, REL_PAGE);	/* never touched again */
		if (rel_write_file(HWP "unpoison-pfn", v))
			cnt[C_UNPOISON_FAIL]++;
		else
			cnt[C_UNPOISON_OK]++;
		usleep(100000);
	}
}

static pid_t spawn(void (*fn)(void))
{
	pid_t pid = fork();

	if (pid == 0) {
		fn();
		_exit(0);
	}
	return pid;
}

/* ---- scanners ---- */

struct scanner {
	pthread_t th;
	int id, fd;
	unsigned long scans, calls, snapshots, unfaithful, holes, bad, leaks;
	unsigned long stats_sweeps, stats_calls, stats_bad;
	struct rel_errs errs;
	double max_call;
	char first_bad[160];
};

static void bad(struct scanner *s, const struct pagesnap_entry *e, const char *why)
{
	if (!s->bad++)
		snprintf(s->first_bad, sizeof(s->first_bad),
			 "pfn %#llx: %s (flags %#llx valid %#llx order %u index %u head %#llx)",
			 (unsigned long long)e->pfn, why,
			 (unsigned long long)e->snap_flags,
			 (unsigned long long)e->valid, e->order, e->index,
			 (unsigned long long)e->head_pfn);
}

static void check_entry(struct scanner *s, const struct pagesnap_entry *e)
{
	const uint64_t *w = (const uint64_t *)e;
	unsigned int i;

	for (i = 0; i < offsetof(struct pagesnap_entry, file_dev_major) / 8; i++)
		if (i != offsetof(struct pagesnap_entry, owner_hash) / 8 &&
		    w[i] >= REL_KERNEL_HALF)
			s->leaks++;
	if (e->snap_flags & ~((PAGESNAP_SF_DMA_PINNED << 1) - 1))
		bad(s, e, "unknown snap flag");
	if (e->snap_flags & PAGESNAP_SF_HOLE) {
		s->holes++;
		if (e->valid & ~PAGESNAP_VALID_KPF)
			bad(s, e, "hole with fields");
		return;
	}
	s->snapshots++;
	if (!(e->snap_flags & PAGESNAP_SF_FAITHFUL)) {
		s->unfaithful++;
		return;
	}
	if (!(e->valid & PAGESNAP_VALID_FOLIO))
		return;
	if (e->order > 20 || e->index >= (1U << e->order))
		bad(s, e, "index outside the folio");
	else if (e->head_pfn != e->pfn - e->index)
		bad(s, e, "head_pfn != pfn - index");
	if ((e->valid & PAGESNAP_VALID_BUDDY_ORDER) && e->buddy_order > 12)
		bad(s, e, "buddy order");
}

static uint64_t sum_u64(const __u64 *v, unsigned int n)
{
	uint64_t t = 0;

	while (n--)
		t += v[n];
	return t;
}

/*
 * One PAGESNAP_IOC_STATS sweep of every pfn (runs, tail and folio runs
 * under the churn): each call counts every pfn it covers once, and each
 * online page once in every breakdown, whatever moves meanwhile.
 */
static void stats_sweep(struct scanner *s)
{
	struct pagesnap_stats_combo combos[64];
	struct pagesnap_stats_zone zones[8];
	uint64_t pfn = info.pfn_start;

	while (pfn < info.pfn_end && scanning()) {
		struct pagesnap_stats st;
		uint64_t online, z = 0, c = 0;
		unsigned int i;

		memset(&st, 0, sizeof(st));
		st.start_pfn = pfn;
		st.nr_pfns = info.pfn_end - pfn;
		st.kpf_mask = ~0ULL;
		st.combos = (uintptr_t)combos;
		st.max_combos = 64;
		st.zones = (uintptr_t)zones;
		st.max_zones = 8;
		s->stats_calls++;
		if (ioctl(s->fd, PAGESNAP_IOC_STATS, &st) < 0) {
			if (!s->stats_bad++)
				snprintf(s->first_bad, sizeof(s->first_bad),
					 "STATS from pfn %#llx: %s",
					 (unsigned long long)pfn,
					 rel_errname(errno));
			return;
		}
		for (i = 0; i < st.nr_combos; i++)
			c += combos[i].pages;
		for (i = 0; i < st.nr_zones; i++)
			z += zones[i].pages;
		online = st.faithful + st.unfaithful;
		if (st.next_pfn <= pfn || *rel_stats_counts(&st, pfn) ||
		    sum_u64(st.by_type, PAGESNAP_STATS_TYPES) != online ||
		    c + st.other_pages != online ||
		    z + st.other_zone_pages != online ||
		    st.free_pages > online) {
			if (!s->stats_bad++)
				snprintf(s->first_bad, sizeof(s->first_bad),
					 "STATS from pfn %#llx: a breakdown does not add up",
					 (unsigned long long)pfn);
			return;
		}
		pfn = st.next_pfn;
	}
	if (pfn >= info.pfn_end)
		s->stats_sweeps++;
}

static void *scan_thread(void *arg)
{
	struct scanner *s = arg;
	uint32_t es = s->id % 3 == 1 ? 256 : sizeof(struct pagesnap_entry);
	uint32_t max = 8192;
	unsigned char *buf = malloc((size_t)es * max);

	if (!buf)
		return NULL;
	while (scanning()) {
		uint64_t pfn = info.pfn_start;

		while (pfn < info.pfn_end && scanning()) {
			struct pagesnap_query q;
			uint64_t i, prev = pfn;
			double t;
			int ret;

			rel_query_init(&q, pfn, info.pfn_end - pfn, buf, es, max);
			if (s->id % 3 == 1)
				q.flags = PAGESNAP_QUERY_SKIP_HOLES;
			if (s->id % 3 == 2) {
				q.nr_filters = 2;
				q.filters[0].mask = 1ULL << PAGESNAP_KPF_ANON;
				q.filters[0].value = q.filters[0].mask;
				q.filters[1].mask = (1ULL << PAGESNAP_KPF_THP) |
					(1ULL << PAGESNAP_KPF_HUGE);
				q.filters[1].value = 1ULL << PAGESNAP_KPF_HUGE;
			}
			t = rel_now();
			ret = rel_query(s->fd, &q);
			t = rel_now() - t;
			if (t > s->max_call)
				s->max_call = t;
			s->calls++;
			rel_errs_add(&s->errs, -ret);
			if (ret) {
				pfn++;	/* an error is a failure; keep going */
				continue;
			}
			if (q.next_pfn <= pfn || q.filled > max) {
				struct pagesnap_entry z = { .pfn = pfn };

				bad(s, &z, "next_pfn/filled");
				break;
			}
			for (i = 0; i < q.filled; i++) {
				const struct pagesnap_entry *e = (const void *)(buf + i * es);

				if (e->pfn < prev || e->pfn >= q.next_pfn ||
				    (i && e->pfn == prev))
					bad(s, e, "pfn out of order");
				prev = e->pfn;
				check_entry(s, e);
			}
			pfn = q.next_pfn;
		}
		if (pfn >= info.pfn_end)
			s->scans++;
		if (s->id == 0)
			stats_sweep(s);
	}
	free(buf);
	return NULL;
}

static int read_stats(unsigned long long *snaps, unsigned long long *unf)
{
	FILE *f = fopen("/sys/kernel/debug/pagesnap/stats", "r");
	char line[128];

	*snaps = *unf = 0;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		sscanf(line, "snapshots %llu", snaps);
		sscanf(line, "unfaithful %llu", unf);
	}
	fclose(f);
	return 0;
}

int rel_stress_main(int argc, char **argv)
{
	double seconds = 60, hwp_seconds = 10, t0;
	int nscan = 3, a, i, hwp = 0, nw = 0;
	long hp0 = rel_read_long("/proc/sys/vm/nr_hugepages");
	unsigned long long s0, u0, s1, u1;
	struct scanner sc[16];
	pid_t workers[16];
	char buf[512];
	struct rel_errs errs = { { 0 } };
	unsigned long tot[8] = { 0 };
	double max_call = 0;
	int stats_ok;

	for (a = 1; a + 1 < argc; a += 2) {
		if (!strcmp(argv[a], "--seconds"))
			seconds = strtod(argv[a + 1], NULL);
		else if (!strcmp(argv[a], "--scanners"))
			nscan = atoi(argv[a + 1]);
		else if (!strcmp(argv[a], "--hwpoison-seconds"))
			hwp_seconds = strtod(argv[a + 1], NULL);
	}
	if (nscan < 1 || nscan > 16)
		nscan = 3;
	cnt = mmap(NULL, REL_PAGE, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	sc[0].fd = rel_open();
	if (cnt == MAP_FAILED || sc[0].fd < 0 || rel_info(sc[0].fd, &info)) {
		rel_fail("stress_setup", "mmap/open/INFO failed: %s", rel_errname(errno));
		return 1;
	}
	close(sc[0].fd);
	list_blocks();
	/* --hwpoison-seconds 0: no phase, so nothing to inject or check */
	hwp = hwp_seconds > 0 && access(HWP "corrupt-pfn", W_OK) == 0;
	rel_note("%d scanners for %.0f s over pfns [%#llx, %#llx); %d offlinable "
		 "candidate memory blocks; hwpoison injection %s", nscan, seconds,
		 (unsigned long long)info.pfn_start, (unsigned long long)info.pfn_end,
		 nblocks, hwp_seconds <= 0 ? "not asked for" :
		 hwp ? "available" : "not available");
	stats_ok = !read_stats(&s0, &u0);

	t0 = rel_now();
	deadline = t0 + seconds;
	scan_deadline = deadline + (hwp ? hwp_seconds : 0);
	workers[nw++] = spawn(w_thp);
	workers[nw++] = spawn(w_thp);
	workers[nw++] = spawn(w_compact);
	workers[nw++] = spawn(w_hugetlb);
	workers[nw++] = spawn(w_caches);
	workers[nw++] = spawn(w_fork);
	workers[nw++] = spawn(w_mlock);
	if (nblocks)
		workers[nw++] = spawn(w_hotplug);
	if (hwp)
		workers[nw++] = spawn(w_hwpoison);
	for (i = 0; i < nscan; i++) {
		memset(&sc[i], 0, sizeof(sc[i]));
		sc[i].id = i;
		sc[i].fd = rel_open();
		pthread_create(&sc[i].th, NULL, scan_thread, &sc[i]);
	}
	for (i = 0; i < nscan; i++) {
		pthread_join(sc[i].th, NULL);
		close(sc[i].fd);
	}
	for (i = 0; i < nw; i++) {
		int st;

		if (waitpid(workers[i], &st, 0) != workers[i] || !WIFEXITED(st) ||
		    WEXITSTATUS(st))
			rel_fail("stress_worker_exit", "worker %d status %#x", i, st);
	}
	/* leave the machine as found */
	if (hp0 >= 0) {
		snprintf(buf, sizeof(buf), "%ld", hp0);
		rel_write_file("/proc/sys/vm/nr_hugepages", buf);
	}
	for (i = 0; i < nblocks; i++)
		set_block(blocks[i], "online");

	for (i = 0; i < nscan; i++) {
		int e;

		tot[0] += sc[i].scans;
		tot[1] += sc[i].calls;
		tot[2] += sc[i].snapshots;
		tot[3] += sc[i].unfaithful;
		tot[4] += sc[i].bad;
		tot[5] += sc[i].leaks;
		tot[6] += sc[i].holes;
		tot[7] += sc[i].stats_bad;
		for (e = 0; e < 256; e++)
			errs.n[e] += sc[i].errs.n[e];
		if (sc[i].max_call > max_call)
			max_call = sc[i].max_call;
		rel_note("scanner %d: %lu full scans, %lu calls, %lu snapshots, "
			 "%lu unfaithful, errors %s%s%s", i, sc[i].scans, sc[i].calls,
			 sc[i].snapshots, sc[i].unfaithful,
			 rel_errs_str(&sc[i].errs, buf, sizeof(buf)),
			 sc[i].bad || sc[i].stats_bad ? "; first bad: " : "",
			 sc[i].first_bad);
	}
	for (i = 0; i < C_NR; i++)
		rel_fig(SUITE, c_names[i], "%lu", cnt[i]);
	rel_fig(SUITE, "duration_s", "%.0f", rel_now() - t0);
	rel_fig(SUITE, "scanners", "%d", nscan);
	rel_fig(SUITE, "full_scans", "%lu", tot[0]);
	rel_fig(SUITE, "query_calls", "%lu", tot[1]);
	rel_fig(SUITE, "snapshots", "%lu", tot[2]);
	rel_fig(SUITE, "unfaithful", "%lu", tot[3]);
	rel_fig(SUITE, "hole_entries", "%lu", tot[6]);
	rel_fig(SUITE, "max_call_s", "%.3f", max_call);
	rel_fig(SUITE, "ioctl_results", "%s", rel_errs_str(&errs, buf, sizeof(buf)));
	rel_fig(SUITE, "bad_entries", "%lu", tot[4]);
	rel_fig(SUITE, "stats_sweeps", "%lu", sc[0].stats_sweeps);
	rel_fig(SUITE, "stats_calls", "%lu", sc[0].stats_calls);
	rel_fig(SUITE, "stats_bad_calls", "%lu", tot[7]);
	rel_fig(SUITE, "kernel_half_values", "%lu", tot[5]);
	if (stats_ok && !read_stats(&s1, &u1)) {
		rel_fig(SUITE, "debugfs_snapshots", "%llu", s1 - s0);
		rel_fig(SUITE, "debugfs_unfaithful", "%llu", u1 - u0);
	}

	rel_check(tot[1] && errs.n[0] == tot[1], "stress_no_ioctl_errors",
		  "%s", rel_errs_str(&errs, buf, sizeof(buf)));
	rel_check(!tot[4], "stress_entries_consistent", "%lu bad entries", tot[4]);
	rel_check(sc[0].stats_sweeps && !tot[7], "stress_stats_add_up",
		  "%lu STATS sweeps, %lu calls failed or did not add up",
		  sc[0].stats_sweeps, tot[7]);
	rel_check(!tot[5], "stress_no_kernel_half_values", "%lu", tot[5]);
	for (i = 0; i < nscan; i++)
		if (!sc[i].scans)
			break;
	rel_check(i == nscan, "stress_every_scanner_completed_a_scan",
		  "scanner %d completed none", i);
	rel_check(cnt[C_THP_FAULT] && cnt[C_COMPACT] && cnt[C_HUGETLB_RESIZE] &&
		  cnt[C_DROP] && cnt[C_FORK] && cnt[C_MLOCK],
		  "stress_churn_ran", "some churn kind never ran");
	if (nblocks)
		rel_check(cnt[C_OFFLINE_OK] > 0 && !cnt[C_ONLINE_FAIL],
			  "stress_memory_offline_online",
			  "offline ok %lu, online failures %lu",
			  cnt[C_OFFLINE_OK], cnt[C_ONLINE_FAIL]);
	if (hwp)
		rel_check(cnt[C_POISON_OK] > 0, "stress_hwpoison_injected",
			  "no injection succeeded (%lu failed)", cnt[C_POISON_FAIL]);
	return 0;
}
