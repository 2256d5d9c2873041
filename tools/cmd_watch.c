// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-cli watch [-i SECONDS] [COUNT]: vmstat for pages.  The first
 * line gives the counts, every later line what changed since the line
 * before, every SECONDS (default 1) until interrupted or COUNT lines.
 * Counted by the driver (PAGESNAP_IOC_STATS) where it can, by a scan
 * otherwise.
 */
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "main.h"

enum { W_FREE, W_ANON, W_FILE, W_SLAB, W_PTABLE, W_HUGETLB, W_THP,
       W_DIRTY, W_WBACK, W_UNFAITH, NR_W };

static const char *const w_names[NR_W] = {
	"free", "anon", "file", "slab", "ptable", "hugetlb", "thp", "dirty",
	"wback", "unfaith",
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

#define KB(b) (1ULL << PAGESNAP_KPF_##b)

static int scan_one(const struct pagesnap_entry *e, void *arg)
{
	uint64_t *v = arg;

	if (e->snap_flags & PAGESNAP_SF_HOLE)
		return 0;
	if (!(e->snap_flags & PAGESNAP_SF_FAITHFUL))
		v[W_UNFAITH]++;
	if (e->snap_flags & PAGESNAP_SF_FREE)
		v[W_FREE]++;
	if (e->valid & PAGESNAP_VALID_MAPPING_KIND) {
		if (e->mapping_kind == PAGESNAP_MAPPING_ANON ||
		    e->mapping_kind == PAGESNAP_MAPPING_KSM)
			v[W_ANON]++;
		if (e->mapping_kind == PAGESNAP_MAPPING_FILE)
			v[W_FILE]++;
	}
	if (e->valid & PAGESNAP_VALID_PAGE_TYPE) {
		v[W_SLAB] += e->page_type == PAGESNAP_PAGE_TYPE_SLAB;
		v[W_PTABLE] += e->page_type == PAGESNAP_PAGE_TYPE_TABLE;
		v[W_HUGETLB] += e->page_type == PAGESNAP_PAGE_TYPE_HUGETLB;
	}
	if (e->valid & PAGESNAP_VALID_KPF) {
		v[W_THP] += !!(e->kpf & KB(THP));
		v[W_DIRTY] += !!(e->kpf & KB(DIRTY));
		v[W_WBACK] += !!(e->kpf & KB(WRITEBACK));
	}
	return 0;
}

static int sample(struct pagesnap *ps, uint64_t *v)
{
	struct pagesnap_stats_result *r;
	uint64_t mask = KB(THP) | KB(DIRTY) | KB(WRITEBACK);
	size_t i;
	int ret;

	memset(v, 0, NR_W * sizeof(*v));
	ret = pagesnap_stats_collect(ps, 0, UINT64_MAX, mask, &r);
	if (ret == -EOPNOTSUPP)
		return walk_pfns(ps, 0, UINT64_MAX, scan_one, v);
	if (ret)
		return p_err("cannot collect stats: %s", pagesnap_strerror(ret));
	v[W_FREE] = r->free_pages;
	v[W_UNFAITH] = r->unfaithful;
	v[W_ANON] = r->by_kind[PAGESNAP_MAPPING_ANON] +
		    r->by_kind[PAGESNAP_MAPPING_KSM];
	v[W_FILE] = r->by_kind[PAGESNAP_MAPPING_FILE];
	v[W_SLAB] = r->by_type[PAGESNAP_PAGE_TYPE_SLAB];
	v[W_PTABLE] = r->by_type[PAGESNAP_PAGE_TYPE_TABLE];
	v[W_HUGETLB] = r->by_type[PAGESNAP_PAGE_TYPE_HUGETLB];
	for (i = 0; i < r->nr_combos; i++) {
		uint64_t k = r->combos[i].kpf, n = r->combos[i].pages;

		v[W_THP] += (k & KB(THP)) ? n : 0;
		v[W_DIRTY] += (k & KB(DIRTY)) ? n : 0;
		v[W_WBACK] += (k & KB(WRITEBACK)) ? n : 0;
	}
	pagesnap_stats_free(r);
	return 0;
}

int do_watch(int argc, char **argv)
{
	uint64_t count = 0, n, prev[NR_W], cur[NR_W];
	struct pagesnap_info info;
	struct sigaction sa;
	struct timespec ts;
	struct pagesnap *ps;
	unsigned int i;
	int ret;

	if (argc > 1)
		return p_usage("unexpected argument '%s'", argv[1]);
	if (argc && arg_number("COUNT", argv[0], &count))
		return EXIT_USAGE;
	if (opt.json)
		return p_usage("watch prints a table; -j does not apply (use stats -j)");
	if (opt.interval_ms == 0)
		opt.interval_ms = 1000;
	ret = open_device(&ps, &info);
	if (ret)
		return ret;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	for (i = 0; i < NR_W; i++)
		printf("%s%9s", i ? " " : "", w_names[i]);
	printf("   (pages; then changes per %.3g s)\n", opt.interval_ms / 1000.0);
	for (n = 0; !stop && (!count || n < count); n++) {
		if (n) {
			ts.tv_sec = (time_t)(opt.interval_ms / 1000);
			ts.tv_nsec = (long)(opt.interval_ms % 1000) * 1000000L;
			while (nanosleep(&ts, &ts) && !stop)
				;
			if (stop)
				break;
		}
		ret = sample(ps, cur);
		if (ret)
			break;
		for (i = 0; i < NR_W; i++) {
			if (n)
				printf("%s%+9" PRId64, i ? " " : "",
				       (int64_t)(cur[i] - prev[i]));
			else
				printf("%s%9" PRIu64, i ? " " : "", cur[i]);
			prev[i] = cur[i];
		}
		putchar('\n');
		fflush(stdout);
	}
	pagesnap_close(ps);
	return ret;
}
