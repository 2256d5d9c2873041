// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-cli stats [RANGE]: the page-types summary, and what it cannot
 * show: pages by folio order, free blocks by buddy order per node and
 * zone, page types, mapping kinds, and how many snapshots were faithful.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "main.h"
#include "pairtab.h"

#define MAX_ORDER_STAT	32
#define MAX_NODES	64
#define NR_ZONES	6
#define NR_TYPES	10	/* PAGE_TYPE_* 0..8, then "unknown" */
#define NR_KINDS	6	/* MAPPING_* 0..4, then "unknown" */

struct stats {
	struct summary *summary;
	struct pairtab by;	/* stats --by: pages per key */
	uint64_t by_total;
	uint64_t pages_by_order[MAX_ORDER_STAT];
	uint64_t folios_by_order[MAX_ORDER_STAT];
	uint64_t free_blocks[MAX_NODES][NR_ZONES][MAX_ORDER_STAT];
	uint64_t types[NR_TYPES];
	uint64_t kinds[NR_KINDS];
	uint64_t faithful, unfaithful, holes, free_pages;
};

/* The key of @e for --by; 0 when @e has none (a hole, no memcg, ...). */
static int by_key(const struct pagesnap_entry *e, uint64_t *a, uint64_t *b)
{
	*a = *b = 0;
	if (e->snap_flags & PAGESNAP_SF_HOLE)
		return 0;
	switch (opt.by) {
	case BY_MEMCG:
		if (!(e->valid & PAGESNAP_VALID_MEMCG) || !e->memcg_ino)
			return 0;
		*a = e->memcg_ino;
		return 1;
	case BY_FILE:
		if (!(e->valid & PAGESNAP_VALID_FILE) ||
		    e->mapping_kind != PAGESNAP_MAPPING_FILE)
			return 0;
		*a = ((uint64_t)e->file_dev_major << 32) | e->file_dev_minor;
		*b = e->file_ino;
		return 1;
	case BY_TYPE:
		if (!(e->valid & PAGESNAP_VALID_PAGE_TYPE))
			return 0;
		*a = e->page_type;
		return 1;
	case BY_ORDER:
		if (!(e->valid & PAGESNAP_VALID_FOLIO))
			return 0;
		*a = e->order;
		return 1;
	}
	return 0;
}

/* @nr pfns from e->pfn, each with entry @e (walk_runs()) */
static int account(const struct pagesnap_entry *e, uint64_t nr, void *arg)
{
	struct stats *s = arg;
	uint64_t a, b;
	unsigned int o;

	if (opt.by) {
		if (!by_key(e, &a, &b))
			a = b = UINT64_MAX;	/* "-": no such key */
		if (pairtab_add(&s->by, a, b, 0, nr))
			return p_err("out of memory");
		s->by_total += nr;
	}

	if (summary_add(s->summary, pagesnap_entry_flags(e, opt.raw), nr))
		return p_err("out of memory");
	if (e->snap_flags & PAGESNAP_SF_HOLE) {
		s->holes += nr;
		return 0;
	}
	if (e->snap_flags & PAGESNAP_SF_FAITHFUL)
		s->faithful += nr;
	else
		s->unfaithful += nr;
	if (e->snap_flags & PAGESNAP_SF_FREE)
		s->free_pages += nr;
	if (e->valid & PAGESNAP_VALID_FOLIO) {
		o = e->order < MAX_ORDER_STAT ? e->order : MAX_ORDER_STAT - 1;
		s->pages_by_order[o] += nr;
		/* index 0 in a run: each of its pfns heads a folio */
		if (e->index == 0)
			s->folios_by_order[o] += nr;
	}
	if ((e->valid & PAGESNAP_VALID_BUDDY_ORDER) &&
	    (e->valid & PAGESNAP_VALID_NODE_ZONE) &&
	    (e->snap_flags & PAGESNAP_SF_FREE) &&
	    e->page_type == PAGESNAP_PAGE_TYPE_BUDDY &&
	    e->nid < MAX_NODES && e->zone < NR_ZONES) {
		o = e->buddy_order < MAX_ORDER_STAT ? e->buddy_order :
						      MAX_ORDER_STAT - 1;
		s->free_blocks[e->nid][e->zone][o] += nr;
	}
	if (e->valid & PAGESNAP_VALID_PAGE_TYPE)
		s->types[e->page_type < NR_TYPES - 1 ? e->page_type :
			 NR_TYPES - 1] += nr;
	if (e->valid & PAGESNAP_VALID_MAPPING_KIND)
		s->kinds[e->mapping_kind < NR_KINDS - 1 ? e->mapping_kind :
			 NR_KINDS - 1] += nr;
	return 0;
}

static unsigned int top_order(const uint64_t *v, unsigned int n)
{
	unsigned int top = 0, i;

	for (i = 0; i < n; i++)
		if (v[i])
			top = i + 1;
	return top;
}

/* online pages no mapping kind was read for */
static uint64_t mapping_other(const struct stats *s)
{
	uint64_t sum = 0;
	unsigned int o;

	for (o = 0; o < NR_KINDS; o++)
		sum += s->kinds[o];
	return s->faithful + s->unfaithful > sum ?
	       s->faithful + s->unfaithful - sum : 0;
}

static void show_text(const struct stats *s, const struct pagesnap_info *in)
{
	unsigned int o, n, z, top;
	char size[32];

	if (!opt.no_summary)
		summary_print(s->summary, in->page_size);
	if (opt.kpageflags) {
		printf("\n(flags from '%s': no snapshot facts)\n",
		       opt.kpageflags);
		return;
	}
	printf("\nsnapshots: %" PRIu64 " faithful, %" PRIu64 " unfaithful, %"
	       PRIu64 " holes; %" PRIu64 " free pages (%s)\n", s->faithful,
	       s->unfaithful, s->holes, s->free_pages,
	       human_size(s->free_pages * in->page_size, size, sizeof(size)));
	printf("\nfolio order\tfolios\tpages\tsize\n");
	for (o = 0; o < top_order(s->pages_by_order, MAX_ORDER_STAT); o++)
		printf("%u\t%" PRIu64 "\t%" PRIu64 "\t%s\n", o,
		       s->folios_by_order[o], s->pages_by_order[o],
		       human_size(s->pages_by_order[o] * in->page_size, size,
				  sizeof(size)));
	top = 0;
	for (n = 0; n < MAX_NODES; n++)
		for (z = 0; z < NR_ZONES; z++)
			if (top_order(s->free_blocks[n][z], MAX_ORDER_STAT) > top)
				top = top_order(s->free_blocks[n][z],
						MAX_ORDER_STAT);
	printf("\nfree blocks by buddy order (as /proc/buddyinfo)\n");
	printf("%-15s", "order");
	for (o = 0; o < top; o++)
		printf(" %6u", o);
	putchar('\n');
	for (n = 0; n < MAX_NODES; n++) {
		for (z = 0; z < NR_ZONES; z++) {
			if (!top_order(s->free_blocks[n][z], MAX_ORDER_STAT))
				continue;
			printf("node %u %-8s", n, pagesnap_zone_name(z));
			for (o = 0; o < top; o++)
				printf(" %6" PRIu64, s->free_blocks[n][z][o]);
			putchar('\n');
		}
	}
	printf("\npage type\tpages\n");
	for (o = 0; o < NR_TYPES; o++)
		if (s->types[o])
			printf("%-12s\t%" PRIu64 "\n",
			       pagesnap_page_type_name(o == NR_TYPES - 1 ?
						       PAGESNAP_PAGE_TYPE_UNKNOWN : o),
			       s->types[o]);
	if (s->types[PAGESNAP_PAGE_TYPE_BUDDY])
		printf("(buddy: the first page of each free block; the free pages above count every page of them)\n");
	printf("\nmapping\t\tpages\n");
	for (o = 0; o < NR_KINDS; o++)
		if (s->kinds[o])
			printf("%-12s\t%" PRIu64 "\n",
			       pagesnap_mapping_kind_name(o), s->kinds[o]);
	if (mapping_other(s))
		printf("%-12s\t%" PRIu64 "\n", "other", mapping_other(s));
	printf("(online pages %" PRIu64 "; other: no mapping kind read, e.g. free, slab, page-table pages)\n",
	       s->faithful + s->unfaithful);
}

static void show_json(const struct stats *s, const struct pagesnap_info *in)
{
	unsigned int o, n, z, top;

	if (!opt.no_summary)
		summary_json(s->summary, in->page_size);
	if (opt.kpageflags) {
		jw_string_field(&jw, "source", opt.kpageflags);
		return;
	}
	jw_u64_field(&jw, "faithful", s->faithful);
	jw_u64_field(&jw, "unfaithful", s->unfaithful);
	jw_u64_field(&jw, "holes", s->holes);
	jw_u64_field(&jw, "free_pages", s->free_pages);
	jw_name(&jw, "folio_orders");
	jw_start_array(&jw);
	for (o = 0; o < top_order(s->pages_by_order, MAX_ORDER_STAT); o++) {
		jw_start_object(&jw);
		jw_u64_field(&jw, "order", o);
		jw_u64_field(&jw, "folios", s->folios_by_order[o]);
		jw_u64_field(&jw, "pages", s->pages_by_order[o]);
		jw_end_object(&jw);
	}
	jw_end_array(&jw);
	jw_name(&jw, "free_blocks");
	jw_start_array(&jw);
	for (n = 0; n < MAX_NODES; n++) {
		for (z = 0; z < NR_ZONES; z++) {
			top = top_order(s->free_blocks[n][z], MAX_ORDER_STAT);
			if (!top)
				continue;
			jw_start_object(&jw);
			jw_u64_field(&jw, "node", n);
			jw_string_field(&jw, "zone", pagesnap_zone_name(z));
			jw_name(&jw, "by_order");
			jw_start_array(&jw);
			for (o = 0; o < top; o++)
				jw_u64(&jw, s->free_blocks[n][z][o]);
			jw_end_array(&jw);
			jw_end_object(&jw);
		}
	}
	jw_end_array(&jw);
	jw_name(&jw, "page_types");
	jw_start_object(&jw);
	for (o = 0; o < NR_TYPES; o++)
		if (s->types[o])
			jw_u64_field(&jw, pagesnap_page_type_name(o == NR_TYPES - 1 ?
					PAGESNAP_PAGE_TYPE_UNKNOWN : o), s->types[o]);
	jw_end_object(&jw);
	jw_name(&jw, "mappings");
	jw_start_object(&jw);
	for (o = 0; o < NR_KINDS; o++)
		if (s->kinds[o])
			jw_u64_field(&jw, pagesnap_mapping_kind_name(o),
				     s->kinds[o]);
	if (mapping_other(s))
		jw_u64_field(&jw, "other", mapping_other(s));
	jw_end_object(&jw);
}

/*
 * The same counts from the driver's PAGESNAP_IOC_STATS, without copying
 * a single entry out.  Returns 1 when it cannot give exactly what the
 * scan would: a selection (--bits, --cgroup, -F) applies, the driver has
 * no stats ioctl, --walk or --by asks for the scan, or a flag
 * combination did not fit the driver's table.
 */
static int kernel_stats(struct pagesnap *ps, uint64_t start, uint64_t end,
			struct stats *s)
{
	struct pagesnap_stats_result *r;
	unsigned int o, i, n, z;
	int ret;

	if (opt.kpageflags || opt.input || opt.bits.nr || opt.have_cgroup ||
	    opt.walk || opt.by)
		return 1;
	/* EINVAL: nothing served in the range; the scan says so its way */
	ret = pagesnap_stats_collect(ps, start, end, ~0ULL, &r);
	if (ret == -EOPNOTSUPP || ret == -EINVAL)
		return 1;
	if (ret)
		return p_err("cannot collect stats: %s", pagesnap_strerror(ret));
	if (r->other_pages) {
		pagesnap_stats_free(r);
		return 1;
	}
	for (i = 0; i < r->nr_combos; i++)
		if (summary_add(s->summary, opt.raw ? r->combos[i].kpf :
				pagesnap_flags_well_known(r->combos[i].kpf),
				r->combos[i].pages))
			goto nomem;
	if (r->holes && summary_add(s->summary, 1ULL << PAGESNAP_KPF_NOPAGE,
				    r->holes))
		goto nomem;
	s->faithful = r->faithful;
	s->unfaithful = r->unfaithful;
	s->holes = r->holes;
	s->free_pages = r->free_pages;
	for (o = 0; o < MAX_ORDER_STAT && o < PAGESNAP_STATS_ORDERS; o++) {
		s->pages_by_order[o] = r->by_order[o];
		s->folios_by_order[o] = r->folios_by_order[o];
	}
	for (i = 0; i < PAGESNAP_STATS_TYPES; i++)
		s->types[i < NR_TYPES - 1 ? i : NR_TYPES - 1] += r->by_type[i];
	for (i = 0; i < PAGESNAP_STATS_KINDS; i++)
		s->kinds[i < NR_KINDS - 1 ? i : NR_KINDS - 1] += r->by_kind[i];
	for (i = 0; i < r->nr_zones; i++) {
		n = r->zones[i].nid;
		z = r->zones[i].zone;
		if (n >= MAX_NODES || z >= NR_ZONES)
			continue;
		for (o = 0; o < PAGESNAP_STATS_BUDDY_ORDERS; o++)
			s->free_blocks[n][z][o] += r->zones[i].free_blocks[o];
	}
	pagesnap_stats_free(r);
	return 0;
nomem:
	pagesnap_stats_free(r);
	return p_err("out of memory");
}

static int by_pages_desc(const void *x, const void *y)
{
	const struct pair_count *a = x, *b = y;

	if (a->n[0] != b->n[0])
		return a->n[0] < b->n[0] ? 1 : -1;
	return a->k1 != b->k1 ? (a->k1 < b->k1 ? -1 : 1) :
	       a->k2 != b->k2 ? (a->k2 < b->k2 ? -1 : 1) : 0;
}

static const char *by_name(const struct pair_count *k, const char *path,
			   char *buf, size_t size)
{
	if (k->k1 == UINT64_MAX && k->k2 == UINT64_MAX)
		return "-";
	switch (opt.by) {
	case BY_MEMCG:
		return memcg_path(k->k1, buf, size);
	case BY_FILE:
		if (path)
			return path;
		snprintf(buf, size, "%u:%u:%llu", (unsigned int)(k->k1 >> 32),
			 (unsigned int)k->k1, (unsigned long long)k->k2);
		return buf;
	case BY_TYPE:
		return pagesnap_page_type_name((unsigned int)k->k1);
	default:
		snprintf(buf, size, "%llu", (unsigned long long)k->k1);
		return buf;
	}
}

/* stats --by KEY: the top --top keys by pages, the rest on one line */
static int show_by(struct stats *s, const struct pagesnap_info *in)
{
	static const char *const key[] = { "", "memcg", "file", "type",
					   "order" };
	struct pair_count *v = malloc((s->by.used ? s->by.used : 1) *
				      sizeof(*v));
	struct file_name *names;
	uint64_t rest = s->by_total;
	size_t i, n = 0, shown;
	char buf[4096], size[32];

	if (!v)
		return p_err("out of memory");
	for (i = 0; i < s->by.size; i++)
		if (s->by.v[i].used)
			v[n++] = s->by.v[i];
	qsort(v, n, sizeof(*v), by_pages_desc);
	shown = opt.top && opt.top < n ? (size_t)opt.top : n;
	names = calloc(shown ? shown : 1, sizeof(*names));
	if (!names) {
		free(v);
		return p_err("out of memory");
	}
	if (opt.by == BY_FILE) {
		for (i = 0; i < shown; i++) {
			if (v[i].k1 == UINT64_MAX)
				continue;
			names[i].major = (uint32_t)(v[i].k1 >> 32);
			names[i].minor = (uint32_t)v[i].k1;
			names[i].ino = v[i].k2;
		}
		resolve_file_paths(names, shown);
	}
	if (opt.json) {
		jw_string_field(&jw, "by", key[opt.by]);
		jw_name(&jw, "rows");
		jw_start_array(&jw);
	} else {
		printf("%s%s\tpages\tsize\n", key[opt.by],
		       opt.by == BY_FILE ? " (path, or major:minor:inode)" : "");
	}
	for (i = 0; i < shown; i++) {
		rest -= v[i].n[0];
		if (opt.json) {
			jw_start_object(&jw);
			jw_string_field(&jw, key[opt.by],
					by_name(&v[i], names[i].path, buf,
						sizeof(buf)));
			if (opt.by == BY_MEMCG && v[i].k1 != UINT64_MAX)
				jw_u64_field(&jw, "memcg_ino", v[i].k1);
			if (opt.by == BY_FILE && v[i].k1 != UINT64_MAX) {
				jw_u64_field(&jw, "dev_major", names[i].major);
				jw_u64_field(&jw, "dev_minor", names[i].minor);
				jw_u64_field(&jw, "ino", names[i].ino);
			}
			jw_u64_field(&jw, "pages", v[i].n[0]);
			jw_u64_field(&jw, "bytes", v[i].n[0] * in->page_size);
			jw_end_object(&jw);
		} else {
			printf("%s\t%" PRIu64 "\t%s\n",
			       by_name(&v[i], names[i].path, buf, sizeof(buf)),
			       v[i].n[0],
			       human_size(v[i].n[0] * in->page_size, size,
					  sizeof(size)));
		}
	}
	if (opt.json) {
		jw_end_array(&jw);
		jw_u64_field(&jw, "rest_pages", rest);
		jw_u64_field(&jw, "rest_keys", n - shown);
		jw_u64_field(&jw, "total_pages", s->by_total);
	} else {
		if (n > shown)
			printf("(%zu more)\t%" PRIu64 "\t%s\n", n - shown, rest,
			       human_size(rest * in->page_size, size,
					  sizeof(size)));
		printf("total\t%" PRIu64 "\n", s->by_total);
	}
	for (i = 0; i < shown; i++)
		free(names[i].path);
	free(names);
	free(v);
	return 0;
}

int do_stats(int argc, char **argv)
{
	uint64_t start = 0, end = UINT64_MAX;
	struct pagesnap_info info;
	struct pagesnap *ps;
	struct stats *s;
	int ret;

	if (opt.page_types)
		return pt_listing(argc, argv, 0);
	if ((opt.given & OPT_TOP) && !opt.by)
		return p_usage("stats --top goes with --by KEY");
	if (opt.by && opt.kpageflags)
		return p_usage("--by needs the device: a kpageflags file has flags only");
	if (opt.ranges)
		return p_usage("stats --ranges is page-types -l: use it with --page-types, or pfn RANGE --ranges");
	if (argc > 1)
		return p_usage("unexpected argument '%s'", argv[1]);
	if (argc && arg_range(argv[0], &start, &end))
		return EXIT_USAGE;
	json_begin();
	s = calloc(1, sizeof(*s));
	if (!s || !(s->summary = summary_new())) {
		free(s);
		return p_err("out of memory");
	}
	ret = open_device(&ps, &info);
	if (ret)
		goto out;
	ret = opt.kpageflags ? 1 : kernel_stats(ps, start, end, s);
	if (ret == 1)
		ret = walk_runs(ps, start, end, opt.kpageflags ?
				PAGESNAP_COL_KPF : WALK_ENTRIES, account, s);
	if (!ret && opt.by)
		ret = show_by(s, &info);
	else if (!ret && opt.json)
		show_json(s, &info);
	else if (!ret)
		show_text(s, &info);
	pagesnap_close(ps);
out:
	pairtab_free(&s->by);
	summary_free(s->summary);
	free(s);
	return json_finish(ret);
}
