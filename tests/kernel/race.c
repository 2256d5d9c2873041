// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-race: the folio-split race that snapshot_page() exists for.
 *
 * Churner processes fault THPs in, then split and re-form them in a loop:
 * partial munmap() (PMD split, folio queued for deferred split),
 * MADV_DONTNEED of half a THP and re-fault, the split_huge_pages debugfs
 * knob (for our range, and now and then for the whole machine),
 * MADV_COLLAPSE (re-forms a THP from the small pages), and finally munmap()
 * of everything (the folios are freed).  They publish the pfns of their
 * THPs; three reader processes hammer the same pfns:
 *
 *   pagesnap    PAGESNAP_IOC_QUERY over the 512 pfns of each published THP
 *   kpageflags  pread() of /proc/kpageflags for the same pfns
 *   kpagecount  pread() of /proc/kpagecount for the same pfns
 *
 * What is counted (per entry, i.e. per pfn read):
 *   unfaithful   pagesnap entries without PAGESNAP_SF_FAITHFUL (the port or
 *                the kernel gave up after its retries);
 *   inconsistent a value no single state of the page could produce:
 *     geometry   (pagesnap, faithful entries) head_pfn + index != pfn, or
 *                index >= 2^order;
 *     flags      (kpageflags, and pagesnap's kpf) HEAD and TAIL together;
 *                THP or HUGE on a page that is neither HEAD nor TAIL; an
 *                ANON TAIL page of a folio that is neither THP nor HUGE
 *                (every large anon folio is a THP or hugetlb: this is what
 *                a reader sees when the folio it found is split before it
 *                reads the folio's flags);
 *   odd mapcount (kpagecount, and pagesnap's mapcount) a value above 4096
 *                or negative (as the kernel's int): no page of this guest
 *                is mapped that often.  Reported, not judged: a head page
 *                snapshotted while its folio is being split can carry a
 *                __page_1 that is already an ordinary page again (a
 *                limitation shared with upstream's snapshot_page()).
 *   kernel reports  new lines matching BUG:/WARNING:/Oops/KASAN:/UBSAN:/
 *                   ... in the kernel log during the run.
 *
 * Judged (each one a passed or failed check): the churn made and split
 * THPs; every reader read; pagesnap had no inconsistent entry; no kernel
 * report.  The /proc figures are recorded, not judged: on the stock
 * kernels they are the race itself.  On the patched kernel (--patched:
 * its /proc/kpage* readers use snapshot_page()) "kpageflags had no
 * inconsistent entry" is a check too; PAGESNAP_G_RACE_STRICT_PROC=0
 * records it only (as before kernel/patches/0001 took the folio size from
 * the order byte, see kernel/README.md).
 *
 * Usage: pagesnap-race [--patched] [SECONDS]   (default 30, or
 * $PAGESNAP_G_RACE_SECONDS)
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "helpers.h"

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE	25
#endif

#define SPLIT_PATH	"/sys/kernel/debug/split_huge_pages"
#define NR_CHURN	2
#define NR_THP		8		/* THPs per churner and round */
#define NSLOT		64		/* published THP pfns */
#define THP_PAGES	512
#define ODD_MAPCOUNT	4096

enum { R_PAGESNAP, R_KPAGEFLAGS, R_KPAGECOUNT, NR_READERS };
static const char *const reader_name[NR_READERS] = {
	"pagesnap", "kpageflags", "kpagecount"
};

struct churn_stats {
	uint64_t rounds, thp, munmap_partial, dontneed, split_range,
		 split_all, collapse_ok, collapse_tried;
};

struct reader_stats {
	uint64_t reads, unfaithful, inconsistent, geometry, head_tail,
		 large_not_compound, anon_tail, odd_mapcount, thp_seen, errors;
	int err;
};

struct shared {
	volatile int stop;
	volatile uint64_t pfn[NSLOT];
	volatile uint32_t npfn;
	struct churn_stats churn[NR_CHURN];
	struct reader_stats rd[NR_READERS];
};

static struct shared *sh;

/* ---- churn ------------------------------------------------------------ */

static void publish(uint64_t pfn)
{
	uint32_t n = __atomic_fetch_add(&sh->npfn, 1, __ATOMIC_RELAXED);

	sh->pfn[n % NSLOT] = pfn & ~(uint64_t)(THP_PAGES - 1);
}

static void touch_all(char *p, size_t len)
{
	size_t off;

	for (off = 0; off < len; off += PAGE_SZ)
		p[off] = 1;
}

static void split_range(struct churn_stats *cs, char *p, size_t len)
{
	char cmd[96];

	snprintf(cmd, sizeof(cmd), "%d,0x%lx,0x%lx", (int)getpid(),
		 (unsigned long)p, (unsigned long)(p + len));
	if (!ps_write_sysfs(SPLIT_PATH, cmd))
		cs->split_range++;
}

static void collapse(struct churn_stats *cs, char *p, size_t len)
{
	cs->collapse_tried++;
	if (!madvise(p, len, MADV_COLLAPSE))
		cs->collapse_ok++;
}

static void churn(struct churn_stats *cs)
{
	while (!sh->stop) {
		size_t len = NR_THP * THP_SZ;
		char *m = mmap(NULL, len + THP_SZ, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		char *p;
		int i;

		if (m == MAP_FAILED)
			_exit(1);
		p = (char *)(((uintptr_t)m + THP_SZ - 1) & ~(THP_SZ - 1));
		madvise(p, len, MADV_HUGEPAGE);
		for (i = 0; i < NR_THP; i++) {
			uint64_t pfn;

			p[i * THP_SZ] = 1;	/* one fault: a whole THP */
			pfn = ps_vaddr_pfn(p + i * THP_SZ);
			if (pfn && !(pfn % THP_PAGES))
				cs->thp++;
			if (pfn)
				publish(pfn);
		}

		switch (cs->rounds % 4) {
		case 0:
			/* PMD splits; folios go to the deferred split queue */
			for (i = 0; i < NR_THP; i += 2) {
				munmap(p + i * THP_SZ + 7 * PAGE_SZ, PAGE_SZ);
				cs->munmap_partial++;
			}
			break;
		case 1:
			/* drop half of each THP, re-fault it small, re-form */
			for (i = 0; i < NR_THP; i++) {
				madvise(p + i * THP_SZ + THP_SZ / 2, THP_SZ / 2,
					MADV_DONTNEED);
				cs->dontneed++;
			}
			touch_all(p, len);
			collapse(cs, p, len);
			break;
		case 2:
			/* split our THPs now, then collapse them again */
			split_range(cs, p, len);
			touch_all(p, len);
			collapse(cs, p, len);
			break;
		default:
			/* every THP of the machine, now and then */
			if (cs->rounds % 8 == 3 &&
			    !ps_write_sysfs(SPLIT_PATH, "1"))
				cs->split_all++;
			else
				split_range(cs, p, len);
			break;
		}
		/* the new THPs (collapse) are raced against too */
		for (i = 0; i < NR_THP; i++) {
			uint64_t pfn = ps_vaddr_pfn(p + i * THP_SZ);

			if (pfn)
				publish(pfn);
		}
		munmap(m, len + THP_SZ);
		cs->rounds++;
	}
	_exit(0);
}

/* ---- the per-entry rules ---------------------------------------------- */

/* 1 if @u (kpageflags bits) is inconsistent; counts the rule it breaks */
static int kpf_inconsistent(struct reader_stats *rs, uint64_t u)
{
	int head = !!(u & KPF(COMPOUND_HEAD)), tail = !!(u & KPF(COMPOUND_TAIL));

	if (head && tail) {
		rs->head_tail++;
		return 1;
	}
	if ((u & (KPF(THP) | KPF(HUGE))) && !head && !tail) {
		rs->large_not_compound++;
		return 1;
	}
	if (tail && (u & KPF(ANON)) && !(u & (KPF(THP) | KPF(HUGE)))) {
		rs->anon_tail++;
		return 1;
	}
	return 0;
}

static int odd_mapcount(uint64_t c)
{
	return c > ODD_MAPCOUNT;	/* a negative int is huge as u64 */
}

static void read_pagesnap(struct reader_stats *rs, uint64_t base,
			  struct pagesnap_entry *ents)
{
	struct pagesnap_query q;
	uint64_t j;

	ps_query_init(&q, base, THP_PAGES, ents, THP_PAGES);
	if (ps_ioctl_query(&q)) {
		rs->errors++;
		rs->err = errno;
		return;
	}
	for (j = 0; j < q.filled; j++) {
		const struct pagesnap_entry *e = &ents[j];
		int bad = 0;

		rs->reads++;
		if (e->snap_flags & PAGESNAP_SF_HOLE)
			continue;
		if (e->kpf & KPF(THP))
			rs->thp_seen++;
		if (!(e->snap_flags & PAGESNAP_SF_FAITHFUL)) {
			rs->unfaithful++;
		} else if (e->pfn != base + j || e->order > 63 ||
			   e->index >= (1ULL << e->order) ||
			   e->head_pfn + e->index != e->pfn) {
			rs->geometry++;
			bad = 1;
		}
		bad |= kpf_inconsistent(rs, e->kpf);
		rs->inconsistent += bad;
		if (odd_mapcount((uint64_t)(int32_t)e->mapcount))
			rs->odd_mapcount++;
	}
}

static void read_proc(struct reader_stats *rs, int fd, int which,
		      uint64_t base, uint64_t *buf)
{
	ssize_t n = pread(fd, buf, THP_PAGES * 8, (off_t)(base * 8));
	ssize_t j;

	if (n < 0) {
		rs->errors++;
		rs->err = errno;
		return;
	}
	for (j = 0; j < n / 8; j++) {
		rs->reads++;
		if (which == R_KPAGEFLAGS) {
			if (buf[j] & KPF(NOPAGE))
				continue;
			if (buf[j] & KPF(THP))
				rs->thp_seen++;
			rs->inconsistent += kpf_inconsistent(rs, buf[j]);
		} else if (odd_mapcount(buf[j])) {
			rs->odd_mapcount++;
			rs->inconsistent++;
		}
	}
}

static void reader(int which)
{
	struct reader_stats *rs = &sh->rd[which];
	struct pagesnap_entry *ents = calloc(THP_PAGES, sizeof(*ents));
	uint64_t *buf = calloc(THP_PAGES, sizeof(*buf));
	int fd = -1;

	if (!ents || !buf)
		_exit(1);
	if (which == R_KPAGEFLAGS)
		fd = open("/proc/kpageflags", O_RDONLY);
	else if (which == R_KPAGECOUNT)
		fd = open("/proc/kpagecount", O_RDONLY);
	else
		fd = ps_fd();
	if (fd < 0) {
		rs->err = errno;
		_exit(1);
	}
	while (!sh->stop) {
		uint32_t n = sh->npfn, i;

		if (!n) {
			usleep(1000);
			continue;
		}
		for (i = 0; i < NSLOT && i < n && !sh->stop; i++) {
			uint64_t base = sh->pfn[i];

			if (which == R_PAGESNAP)
				read_pagesnap(rs, base, ents);
			else
				read_proc(rs, fd, which, base, buf);
		}
	}
	_exit(0);
}

/* ---- kernel reports ---------------------------------------------------- */

static const char *const report_pat[] = {
	"BUG:", "WARNING:", "Oops", "KASAN:", "UBSAN:",
	"possible circular locking", "INFO: task", "self-detected stall",
	"soft lockup", "general protection", "Kernel panic", NULL
};

/* Report lines in the kernel log buffer now. */
static long kernel_reports(void)
{
	int size = klogctl(10, NULL, 0);	/* SYSLOG_ACTION_SIZE_BUFFER */
	char *buf, *line;
	long n = 0;
	int len;

	if (size <= 0)
		return -1;
	buf = calloc(1, (size_t)size + 1);
	if (!buf)
		return -1;
	len = klogctl(3, buf, size);		/* SYSLOG_ACTION_READ_ALL */
	if (len < 0) {
		free(buf);
		return -1;
	}
	buf[len] = 0;
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		int k;

		for (k = 0; report_pat[k]; k++) {
			if (strstr(line, report_pat[k])) {
				n++;
				break;
			}
		}
	}
	free(buf);
	return n;
}

/* ---- main --------------------------------------------------------------- */

static int passed, failed;

static void check(int ok, const char *what)
{
	printf("race: %s: %s\n", ok ? "PASS" : "FAIL", what);
	if (ok)
		passed++;
	else
		failed++;
}

int main(int argc, char **argv)
{
	const char *env = getenv("PAGESNAP_G_RACE_SECONDS");
	const char *strict = getenv("PAGESNAP_G_RACE_STRICT_PROC");
	int seconds = env ? atoi(env) : 30, patched = 0, i, st;
	int strict_proc = !strict || strcmp(strict, "0");
	pid_t kids[NR_CHURN + NR_READERS];
	struct churn_stats tot = { 0 };
	long rep0, rep1;
	time_t t0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--patched"))
			patched = 1;
		else
			seconds = atoi(argv[i]);
	}
	if (seconds < 1 || seconds > 86400) {
		fprintf(stderr, "race: seconds must be 1..86400\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!ps_thp_available()) {
		printf("race: no transparent hugepages: nothing to race\n");
		printf("race: 0 passed, 1 failed\n");
		return 1;
	}
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 1;
	if (ps_fd() < 0) {
		printf("race: cannot open %s: %s\n", PAGESNAP_DEVICE_PATH,
		       strerror(errno));
		printf("race: 0 passed, 1 failed\n");
		return 1;
	}

	rep0 = kernel_reports();
	t0 = time(NULL);
	for (i = 0; i < NR_CHURN + NR_READERS; i++) {
		kids[i] = fork();
		if (kids[i] < 0) {
			perror("fork");
			return 1;
		}
		if (!kids[i]) {
			if (i < NR_CHURN)
				churn(&sh->churn[i]);
			reader(i - NR_CHURN);
		}
	}
	while (time(NULL) - t0 < seconds)
		sleep(1);
	sh->stop = 1;
	for (i = 0; i < NR_CHURN + NR_READERS; i++) {
		if (waitpid(kids[i], &st, 0) < 0 || !WIFEXITED(st) ||
		    WEXITSTATUS(st)) {
			printf("race: child %d ended badly (status 0x%x)\n", i,
			       st);
			failed++;
		}
	}
	rep1 = kernel_reports();

	for (i = 0; i < NR_CHURN; i++) {
		struct churn_stats *c = &sh->churn[i];

		tot.rounds += c->rounds;
		tot.thp += c->thp;
		tot.munmap_partial += c->munmap_partial;
		tot.dontneed += c->dontneed;
		tot.split_range += c->split_range;
		tot.split_all += c->split_all;
		tot.collapse_ok += c->collapse_ok;
		tot.collapse_tried += c->collapse_tried;
	}
	printf("race: %d s, %d churners x %d THPs: %llu rounds, %llu THP faults, "
	       "%llu partial munmaps, %llu MADV_DONTNEED halves, "
	       "%llu debugfs range splits, %llu global splits, "
	       "MADV_COLLAPSE %llu/%llu ok\n",
	       (int)(time(NULL) - t0), NR_CHURN, NR_THP,
	       (unsigned long long)tot.rounds, (unsigned long long)tot.thp,
	       (unsigned long long)tot.munmap_partial,
	       (unsigned long long)tot.dontneed,
	       (unsigned long long)tot.split_range,
	       (unsigned long long)tot.split_all,
	       (unsigned long long)tot.collapse_ok,
	       (unsigned long long)tot.collapse_tried);
	for (i = 0; i < NR_READERS; i++) {
		struct reader_stats *r = &sh->rd[i];

		char unf[24] = "-";

		if (i == R_PAGESNAP)
			snprintf(unf, sizeof(unf), "%llu",
				 (unsigned long long)r->unfaithful);
		printf("race: reader %-10s reads %llu unfaithful %s "
		       "inconsistent %llu (geometry %llu, head+tail %llu, "
		       "thp/huge-not-compound %llu, anon-tail-not-thp %llu) "
		       "odd-mapcount %llu thp-seen %llu errors %llu%s%s\n",
		       reader_name[i], (unsigned long long)r->reads, unf,
		       (unsigned long long)r->inconsistent,
		       (unsigned long long)r->geometry,
		       (unsigned long long)r->head_tail,
		       (unsigned long long)r->large_not_compound,
		       (unsigned long long)r->anon_tail,
		       (unsigned long long)r->odd_mapcount,
		       (unsigned long long)r->thp_seen,
		       (unsigned long long)r->errors,
		       r->err ? " last error " : "",
		       r->err ? strerror(r->err) : "");
	}
	/* not the patterns themselves: the host greps the console for them */
	printf("race: kernel reports %ld (new bug, warning, oops or sanitizer lines in the kernel log)\n",
	       rep0 < 0 || rep1 < 0 ? -1 : rep1 - rep0);
	printf("race: /proc/kpage* readers: %s\n", patched ?
	       "snapshot_page() (patched kernel)" : "unpatched");

	check(tot.thp > 0 && tot.split_range + tot.split_all +
	      tot.munmap_partial > 0, "THPs were made and split");
	check(sh->rd[R_PAGESNAP].thp_seen > 0 &&
	      sh->rd[R_KPAGEFLAGS].thp_seen > 0,
	      "readers saw THPs (the race was on)");
	for (i = 0; i < NR_READERS; i++) {
		char what[64];

		snprintf(what, sizeof(what), "%s reader read without errors",
			 reader_name[i]);
		check(sh->rd[i].reads > 0 && !sh->rd[i].errors, what);
	}
	check(sh->rd[R_PAGESNAP].inconsistent == 0,
	      "pagesnap: no inconsistent entry");
	check(rep0 >= 0 && rep1 == rep0, "no kernel report");
	if (patched && strict_proc) {
		check(sh->rd[R_KPAGEFLAGS].inconsistent == 0,
		      "kpageflags (snapshot_page()): no inconsistent entry");
	} else if (patched && sh->rd[R_KPAGEFLAGS].inconsistent) {
		printf("race: NOTE: kpageflags (snapshot_page()) had %llu "
		       "inconsistent entries (not judged: "
		       "PAGESNAP_G_RACE_STRICT_PROC=0)\n",
		       (unsigned long long)sh->rd[R_KPAGEFLAGS].inconsistent);
	}
	printf("race: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
