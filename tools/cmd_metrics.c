// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-cli metrics [-o FILE]: the snapshot as Prometheus text
 * exposition, for node_exporter's textfile collector (-o writes the file
 * atomically) or anything that scrapes text.  Every label set is bounded:
 * kinds, flags, orders, node/zone/order are small fixed sets; memcgs and
 * files are the --top largest (default 20) by page-cache size.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/utsname.h>

#include "main.h"
#include "kind.h"
#include "names.h"
#include "pairtab.h"
#include "snapfile.h"

#define M_ORDERS	32
#define M_NODES		64
#define M_ZONES		6

static const char *const flags_of_interest[] = {
	"locked", "referenced", "dirty", "writeback", "lru", "active",
	"reclaim", "mmap", "swapcache", "swapbacked", "unevictable",
	"mlocked", "ksm", "idle", "hwpoison",
};
#define NR_FLAGS (sizeof(flags_of_interest) / sizeof(flags_of_interest[0]))

struct metrics {
	uint64_t kinds[NR_KINDS_PAGE];
	uint64_t flag_pages[64];
	uint64_t order_pages[M_ORDERS], folios[M_ORDERS];
	uint64_t free_blocks[M_NODES][M_ZONES][M_ORDERS];
	uint64_t thp_anon, thp_file, cache_pages, faithful, unfaithful;
	struct pairtab memcgs, files;
};

static int by_pages(const void *a, const void *b)
{
	const struct pair_count *x = a, *y = b;

	if (x->used != y->used)
		return y->used - x->used;
	if (x->n[0] != y->n[0])
		return x->n[0] < y->n[0] ? 1 : -1;
	if (x->k1 != y->k1)
		return x->k1 < y->k1 ? -1 : 1;
	return x->k2 < y->k2 ? -1 : x->k2 > y->k2;
}

static int account(const struct pagesnap_entry *e, void *arg)
{
	struct metrics *m = arg;
	unsigned int b, o;

	m->kinds[page_kind(e)]++;
	if (e->snap_flags & PAGESNAP_SF_HOLE)
		return 0;
	if (e->snap_flags & PAGESNAP_SF_FAITHFUL)
		m->faithful++;
	else
		m->unfaithful++;
	if (e->valid & PAGESNAP_VALID_KPF)
		for (b = 0; b < 64; b++)
			if (e->kpf & (1ULL << b))
				m->flag_pages[b]++;
	if (e->valid & PAGESNAP_VALID_FOLIO) {
		o = e->order < M_ORDERS ? e->order : M_ORDERS - 1;
		m->order_pages[o]++;
		if (e->index == 0)
			m->folios[o]++;
	}
	if ((e->valid & PAGESNAP_VALID_BUDDY_ORDER) &&
	    (e->valid & PAGESNAP_VALID_NODE_ZONE) &&
	    (e->snap_flags & PAGESNAP_SF_FREE) &&
	    e->page_type == PAGESNAP_PAGE_TYPE_BUDDY &&
	    e->nid < M_NODES && e->zone < M_ZONES) {
		o = e->buddy_order < M_ORDERS ? e->buddy_order : M_ORDERS - 1;
		m->free_blocks[e->nid][e->zone][o]++;
	}
	if ((e->valid & PAGESNAP_VALID_KPF) &&
	    (e->kpf & (1ULL << PAGESNAP_KPF_THP))) {
		if ((e->valid & PAGESNAP_VALID_MAPPING_KIND) &&
		    e->mapping_kind == PAGESNAP_MAPPING_FILE)
			m->thp_file++;
		else
			m->thp_anon++;
	}
	if ((e->valid & PAGESNAP_VALID_FILE) &&
	    e->mapping_kind == PAGESNAP_MAPPING_FILE) {
		m->cache_pages++;
		if (pairtab_add(&m->files, ((uint64_t)e->file_dev_major << 32) |
				e->file_dev_minor, e->file_ino, 0, 1))
			return p_err("out of memory");
		if ((e->valid & PAGESNAP_VALID_MEMCG) &&
		    pairtab_add(&m->memcgs, 0, e->memcg_ino, 0, 1))
			return p_err("out of memory");
	}
	return 0;
}

/* A label value: backslash, double quote and line feed escaped. */
static void label(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', f);
		if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static void head(FILE *f, const char *name, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static size_t top_n(struct pairtab *t)
{
	if (t->size)
		qsort(t->v, t->size, sizeof(*t->v), by_pages);
	return opt.top && opt.top < t->used ? (size_t)opt.top : t->used;
}

static void emit(FILE *f, struct metrics *m, const struct pagesnap_info *in,
		 const char *kernel, double when, double took)
{
	uint64_t ps = in->page_size;
	unsigned int i, n, z, o, top;
	char buf[64];
	size_t k, nr;
	const char *p;

	head(f, "pagesnap_pages", "Pages by what they hold (hole: pfns without memory).");
	for (i = 0; i < NR_KINDS_PAGE; i++)
		fprintf(f, "pagesnap_pages{kind=\"%s\"} %" PRIu64 "\n",
			page_kind_name(i), m->kinds[i]);
	head(f, "pagesnap_flag_pages", "Pages with a page flag set (the kpageflags bit of that name).");
	for (i = 0; i < NR_FLAGS; i++) {
		int bit = pagesnap_flag_bit(flags_of_interest[i]);

		if (bit >= 0 && bit < 64)
			fprintf(f, "pagesnap_flag_pages{flag=\"%s\"} %" PRIu64 "\n",
				flags_of_interest[i], m->flag_pages[bit]);
	}
	for (top = 0, o = 0; o < M_ORDERS; o++)
		if (m->order_pages[o])
			top = o + 1;
	head(f, "pagesnap_folio_pages", "Pages in folios of each order.");
	for (o = 0; o < top; o++)
		fprintf(f, "pagesnap_folio_pages{order=\"%u\"} %" PRIu64 "\n", o,
			m->order_pages[o]);
	head(f, "pagesnap_folios", "Folios of each order (counted at their head page).");
	for (o = 0; o < top; o++)
		fprintf(f, "pagesnap_folios{order=\"%u\"} %" PRIu64 "\n", o,
			m->folios[o]);
	head(f, "pagesnap_free_blocks", "Free buddy blocks by node, zone and order.");
	for (n = 0; n < M_NODES; n++)
		for (z = 0; z < M_ZONES; z++) {
			for (top = 0, o = 0; o < M_ORDERS; o++)
				if (m->free_blocks[n][z][o])
					top = o + 1;
			for (o = 0; o < top; o++)
				fprintf(f, "pagesnap_free_blocks{node=\"%u\",zone=\"%s\",order=\"%u\"} %" PRIu64 "\n",
					n, pagesnap_zone_name(z), o,
					m->free_blocks[n][z][o]);
		}
	head(f, "pagesnap_thp_pages", "Pages of transparent huge pages, by mapping.");
	fprintf(f, "pagesnap_thp_pages{mapping=\"anon\"} %" PRIu64 "\n", m->thp_anon);
	fprintf(f, "pagesnap_thp_pages{mapping=\"file\"} %" PRIu64 "\n", m->thp_file);
	head(f, "pagesnap_hugetlb_pages", "Pages of hugetlb huge pages.");
	fprintf(f, "pagesnap_hugetlb_pages %" PRIu64 "\n", m->kinds[KIND_HUGETLB]);
	head(f, "pagesnap_page_cache_bytes", "Page cache, all files.");
	fprintf(f, "pagesnap_page_cache_bytes %" PRIu64 "\n", m->cache_pages * ps);
	head(f, "pagesnap_memcg_page_cache_bytes", "Page cache charged to a memory cgroup (the --top largest).");
	nr = top_n(&m->memcgs);
	for (k = 0; k < nr; k++) {
		struct pair_count *c = &m->memcgs.v[k];

		p = names_memcg(c->k2);
		snprintf(buf, sizeof(buf), "@%" PRIu64, c->k2);
		fputs("pagesnap_memcg_page_cache_bytes{memcg=", f);
		label(f, p ? p : buf);
		fprintf(f, "} %" PRIu64 "\n", c->n[0] * ps);
	}
	head(f, "pagesnap_file_page_cache_bytes", "Page cache of a file (the --top largest).");
	nr = top_n(&m->files);
	for (k = 0; k < nr; k++) {
		struct pair_count *c = &m->files.v[k];

		p = names_file((uint32_t)(c->k1 >> 32), (uint32_t)c->k1, c->k2);
		fprintf(f, "pagesnap_file_page_cache_bytes{dev=\"%u:%u\",ino=\"%" PRIu64 "\",path=",
			(uint32_t)(c->k1 >> 32), (uint32_t)c->k1, c->k2);
		label(f, p ? p : "");
		fprintf(f, "} %" PRIu64 "\n", c->n[0] * ps);
	}
	head(f, "pagesnap_snapshot_pages", "Pages whose snapshot was faithful (page and folio consistent) or not.");
	fprintf(f, "pagesnap_snapshot_pages{fidelity=\"faithful\"} %" PRIu64 "\n", m->faithful);
	fprintf(f, "pagesnap_snapshot_pages{fidelity=\"unfaithful\"} %" PRIu64 "\n", m->unfaithful);
	head(f, "pagesnap_page_size_bytes", "Bytes per page.");
	fprintf(f, "pagesnap_page_size_bytes %" PRIu64 "\n", ps);
	head(f, "pagesnap_snapshot_timestamp_seconds", "When the pages were read (Unix time).");
	fprintf(f, "pagesnap_snapshot_timestamp_seconds %.3f\n", when);
	head(f, "pagesnap_scrape_duration_seconds", "How long reading every page took.");
	fprintf(f, "pagesnap_scrape_duration_seconds %.6f\n", took);
	head(f, "pagesnap_info", "The snapshot's source: kernel release, backend, live or file.");
	fputs("pagesnap_info{kernel=", f);
	label(f, kernel);
	fprintf(f, ",backend=\"%s\",source=\"%s\"} 1\n",
		in->backend == PAGESNAP_BACKEND_NATIVE ? "native" :
		in->backend == PAGESNAP_BACKEND_PORT ? "port" : "unknown",
		opt.input ? "file" : "live");
}

static double now(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int do_metrics(int argc, char **argv)
{
	struct pagesnap_info info;
	struct pagesnap *ps;
	struct metrics *m;
	struct utsname u;
	double when, t0, took;
	const char *kernel;
	char *tmp = NULL;
	FILE *f = stdout;
	size_t k;
	int ret;

	if (argc)
		return p_usage("unexpected argument '%s' (metrics takes none)",
			       argv[0]);
	if (opt.json)
		return p_usage("metrics writes Prometheus text, not JSON");
	m = calloc(1, sizeof(*m));
	if (!m)
		return p_err("out of memory");
	ret = open_device(&ps, &info);
	if (ret)
		goto out;
	when = now(CLOCK_REALTIME);
	t0 = now(CLOCK_MONOTONIC);
	ret = walk_pfns(ps, 0, UINT64_MAX, account, m);
	took = now(CLOCK_MONOTONIC) - t0;
	pagesnap_close(ps);
	if (ret)
		goto out;
	uname(&u);
	kernel = u.release;
	if (opt.input) {
		const struct snap_meta *sm = input_meta();

		kernel = sm->release;
		when = (double)sm->time_sec + sm->time_nsec / 1e9;
		took = (double)sm->duration_ns / 1e9;
	} else {
		/* the top files only: walking mounts for all would be slow */
		top_n(&m->files);
		for (k = 0; k < m->files.used && (!opt.top || k < opt.top); k++)
			if (names_want_file((uint32_t)(m->files.v[k].k1 >> 32),
					    (uint32_t)m->files.v[k].k1,
					    m->files.v[k].k2)) {
				ret = p_err("out of memory");
				goto out;
			}
		names_resolve(1);
	}
	if (opt.output) {
		ret = outfile_open(opt.output, &f, &tmp);
		if (ret)
			goto out;
	}
	emit(f, m, &info, kernel, when, took);
	if (opt.output)
		ret = outfile_close(f, tmp, opt.output, 1);
out:
	names_free();
	pairtab_free(&m->memcgs);
	pairtab_free(&m->files);
	free(m);
	return ret;
}
