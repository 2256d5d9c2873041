// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-cli diff A B: what changed between two snapshot files, or a
 * file and the live machine (B = "live"): pages whose state changed, the
 * kinds they moved between, and the counts by kind, folio order,
 * free-block order, flag combination, memcg and file, with the largest
 * movers first.
 *
 * A's runs are held in memory (a run is one entry, so a mostly free or
 * uniform machine is small); B is streamed pfn by pfn against them.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "main.h"
#include "kind.h"
#include "names.h"
#include "pairtab.h"
#include "snapfile.h"

#define D_ORDERS 32

struct side {
	uint64_t kinds[NR_KINDS_PAGE];
	uint64_t order_pages[D_ORDERS];
	uint64_t free_blocks[D_ORDERS];
};

struct diff {
	struct pagesnap_entry *runs;	/* A */
	uint32_t *strides;		/* SNAP_STRIDE_* of each run */
	size_t nr_runs, cap, cur;
	uint64_t start, end, compared, changed;
	struct side a, b;
	struct pairtab flags, memcgs, files, moves;
	struct snapr *ra, *rb;
};

static uint64_t absdelta(const struct pair_count *r)
{
	return r->n[0] > r->n[1] ? r->n[0] - r->n[1] : r->n[1] - r->n[0];
}

/* Largest change first; ties by key, so that the output is stable. */
static int by_delta(const void *x, const void *y)
{
	const struct pair_count *a = x, *b = y;

	if (a->used != b->used)
		return b->used - a->used;
	if (absdelta(a) != absdelta(b))
		return absdelta(a) < absdelta(b) ? 1 : -1;
	if (a->k1 != b->k1)
		return a->k1 < b->k1 ? -1 : 1;
	return a->k2 < b->k2 ? -1 : a->k2 > b->k2;
}

static int is_file(const struct pagesnap_entry *e)
{
	return (e->valid & PAGESNAP_VALID_FILE) &&
	       e->mapping_kind == PAGESNAP_MAPPING_FILE;
}

static int account(struct diff *d, struct side *s, const struct pagesnap_entry *e,
		   int b)
{
	unsigned int o;

	s->kinds[page_kind(e)]++;
	if (e->valid & PAGESNAP_VALID_FOLIO) {
		o = e->order < D_ORDERS ? e->order : D_ORDERS - 1;
		s->order_pages[o]++;
	}
	if ((e->valid & PAGESNAP_VALID_BUDDY_ORDER) &&
	    (e->snap_flags & PAGESNAP_SF_FREE) &&
	    e->page_type == PAGESNAP_PAGE_TYPE_BUDDY) {
		o = e->buddy_order < D_ORDERS ? e->buddy_order : D_ORDERS - 1;
		s->free_blocks[o]++;
	}
	if (pairtab_add(&d->flags, pagesnap_entry_flags(e, opt.raw), 0, b, 1))
		return -1;
	if ((e->valid & PAGESNAP_VALID_MEMCG) && e->memcg_ino &&
	    pairtab_add(&d->memcgs, 0, e->memcg_ino, b, 1))
		return -1;
	if (is_file(e) &&
	    pairtab_add(&d->files, ((uint64_t)e->file_dev_major << 32) |
			e->file_dev_minor, e->file_ino, b, 1))
		return -1;
	return 0;
}

static int keep_run(const struct pagesnap_entry *e, void *arg)
{
	struct diff *d = arg;
	struct pagesnap_entry *v;

	uint32_t *s;

	if (d->nr_runs == d->cap) {
		v = realloc(d->runs, (d->cap ? d->cap * 2 : 1024) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		d->runs = v;
		s = realloc(d->strides, (d->cap ? d->cap * 2 : 1024) * sizeof(*s));
		if (!s)
			return -ENOMEM;
		d->strides = s;
		d->cap = d->cap ? d->cap * 2 : 1024;
	}
	d->strides[d->nr_runs] = snapr_stride(d->ra);
	d->runs[d->nr_runs++] = *e;
	return 0;
}

/* B's pfn, against A's entry for the same pfn. */
static int compare(const struct pagesnap_entry *eb, void *arg)
{
	struct diff *d = arg;
	struct pagesnap_entry ea;
	const struct pagesnap_entry *r;

	if (eb->pfn < d->start || eb->pfn >= d->end)
		return 0;
	while (d->cur < d->nr_runs &&
	       d->runs[d->cur].pfn + d->runs[d->cur].nr_pages <= eb->pfn)
		d->cur++;
	if (d->cur == d->nr_runs || d->runs[d->cur].pfn > eb->pfn)
		return p_err("pfn 0x%" PRIx64 " missing from the first snapshot",
			     (uint64_t)eb->pfn);
	r = &d->runs[d->cur];
	snap_run_pfn(r, d->strides[d->cur], eb->pfn, &ea);
	d->compared++;
	if (account(d, &d->a, &ea, 0) || account(d, &d->b, eb, 1))
		return p_err("out of memory");
	if (page_changed(&ea, eb)) {
		d->changed++;
		if (pairtab_add(&d->moves, page_kind(&ea), page_kind(eb), 1, 1))
			return p_err("out of memory");
	}
	return 0;
}

static int walk_b(struct diff *d, int live, struct snapr *rb)
{
	struct pagesnap_info info;
	struct pagesnap *ps;
	int ret;

	if (!live) {
		ret = snapr_walk(rb, d->start, d->end, 0,
				 compare, d);
		return ret < 0 ? p_err("snapshot: %s", snapr_error(rb)) : ret;
	}
	ret = open_device(&ps, &info);
	if (ret)
		return ret;
	if (d->end > info.pfn_end)
		d->end = info.pfn_end;
	ret = walk_pfns(ps, d->start, d->end, compare, d);
	pagesnap_close(ps);
	return ret;
}

/* ---- output --------------------------------------------------------------- */

static void row_text(const char *name, uint64_t a, uint64_t b)
{
	printf("  %10" PRIu64 " %10" PRIu64 " %+11" PRId64 "  %s\n", a, b,
	       (int64_t)(b - a), name);
}

static void row_json(const char *key, const char *name, uint64_t a,
		     uint64_t b)
{
	jw_start_object(&jw);
	jw_string_field(&jw, key, name);
	jw_u64_field(&jw, "a", a);
	jw_u64_field(&jw, "b", b);
	jw_i64_field(&jw, "delta", (int64_t)(b - a));
	jw_end_object(&jw);
}

static void section(const char *title, const char *key)
{
	if (opt.json) {
		jw_name(&jw, key);
		jw_start_array(&jw);
	} else {
		printf("\n%s\n  %10s %10s %11s\n", title, "A", "B", "delta");
	}
}

static void section_end(void)
{
	if (opt.json)
		jw_end_array(&jw);
}

static void row(const char *key, const char *name, uint64_t a, uint64_t b)
{
	if (opt.json)
		row_json(key, name, a, b);
	else
		row_text(name, a, b);
}

static size_t topn(struct pairtab *t)
{
	size_t n = 0, i;

	if (t->size)
		qsort(t->v, t->size, sizeof(*t->v), by_delta);
	for (i = 0; i < t->used; i++)
		if (absdelta(&t->v[i]))
			n++;
	return opt.top && opt.top < n ? (size_t)opt.top : n;
}

static const char *memcg_name(struct diff *d, uint64_t ino, char *buf,
			      size_t size)
{
	const char *p = NULL;

	if (d->rb)
		p = snapr_memcg_path(d->rb, ino);
	if (!p && d->ra)
		p = snapr_memcg_path(d->ra, ino);
	if (!p)
		p = names_memcg(ino);
	if (p)
		return p;
	snprintf(buf, size, "@%" PRIu64, ino);
	return buf;
}

static const char *file_name(struct diff *d, uint64_t k1, uint64_t k2,
			     char *buf, size_t size)
{
	uint32_t ma = (uint32_t)(k1 >> 32), mi = (uint32_t)k1;
	const char *p = NULL;

	if (d->rb)
		p = snapr_file_path(d->rb, ma, mi, k2);
	if (!p && d->ra)
		p = snapr_file_path(d->ra, ma, mi, k2);
	if (!p)
		p = names_file(ma, mi, k2);
	if (p)
		return p;
	snprintf(buf, size, "%u:%u ino %" PRIu64, ma, mi, k2);
	return buf;
}

static void show(struct diff *d, const char *na, const char *nb,
		 uint64_t page_size)
{
	char buf[512], size[32];
	unsigned int i, top;
	size_t n, k;

	if (opt.json) {
		jw_string_field(&jw, "a", na);
		jw_string_field(&jw, "b", nb);
		jw_u64_field(&jw, "start_pfn", d->start);
		jw_u64_field(&jw, "end_pfn", d->end);
		jw_u64_field(&jw, "compared", d->compared);
		jw_u64_field(&jw, "changed", d->changed);
	} else {
		printf("A: %s\nB: %s\npfns 0x%" PRIx64 "-0x%" PRIx64 ": %" PRIu64
		       " compared, %" PRIu64 " changed state (%s)\n", na, nb,
		       d->start, d->end - 1, d->compared, d->changed,
		       human_size(d->changed * page_size, size, sizeof(size)));
	}
	n = topn(&d->moves);
	section("moved (A kind -> B kind)", "moves");
	for (k = 0; k < n; k++) {
		struct pair_count *r = &d->moves.v[k];

		if (opt.json) {
			jw_start_object(&jw);
			jw_string_field(&jw, "from", page_kind_name((unsigned int)r->k1));
			jw_string_field(&jw, "to", page_kind_name((unsigned int)r->k2));
			jw_u64_field(&jw, "pages", r->n[1]);
			jw_end_object(&jw);
		} else {
			snprintf(buf, sizeof(buf), "%s -> %s",
				 page_kind_name((unsigned int)r->k1),
				 page_kind_name((unsigned int)r->k2));
			printf("  %10s %10s %+11" PRId64 "  %s\n", "", "",
			       (int64_t)r->n[1], buf);
		}
	}
	section_end();
	section("pages by kind", "kinds");
	for (i = 0; i < NR_KINDS_PAGE; i++)
		if (d->a.kinds[i] || d->b.kinds[i])
			row("kind", page_kind_name(i), d->a.kinds[i], d->b.kinds[i]);
	section_end();
	section("pages by folio order", "folio_orders");
	for (top = 0, i = 0; i < D_ORDERS; i++)
		if (d->a.order_pages[i] || d->b.order_pages[i])
			top = i + 1;
	for (i = 0; i < top; i++) {
		snprintf(buf, sizeof(buf), "%u", i);
		row("order", buf, d->a.order_pages[i], d->b.order_pages[i]);
	}
	section_end();
	section("free blocks by buddy order", "free_blocks");
	for (top = 0, i = 0; i < D_ORDERS; i++)
		if (d->a.free_blocks[i] || d->b.free_blocks[i])
			top = i + 1;
	for (i = 0; i < top; i++) {
		snprintf(buf, sizeof(buf), "%u", i);
		row("order", buf, d->a.free_blocks[i], d->b.free_blocks[i]);
	}
	section_end();
	n = topn(&d->flags);
	section("flag combinations (top movers)", "flags");
	for (k = 0; k < n; k++) {
		char names[512];

		pagesnap_flags_format(d->flags.v[k].k1, names, sizeof(names));
		row("flags", names[0] ? names : "(none)", d->flags.v[k].n[0],
		    d->flags.v[k].n[1]);
	}
	section_end();
	n = topn(&d->memcgs);
	section("pages by memcg (top movers)", "memcgs");
	for (k = 0; k < n; k++)
		row("memcg", memcg_name(d, d->memcgs.v[k].k2, buf, sizeof(buf)),
		    d->memcgs.v[k].n[0], d->memcgs.v[k].n[1]);
	section_end();
	n = topn(&d->files);
	section("page cache by file (top movers)", "files");
	for (k = 0; k < n; k++)
		row("file", file_name(d, d->files.v[k].k1, d->files.v[k].k2,
				      buf, sizeof(buf)),
		    d->files.v[k].n[0], d->files.v[k].n[1]);
	section_end();
}

static int open_snap(const char *path, struct snapr **r)
{
	int ret = snapr_open(path, r);

	if (ret) {
		p_err("snapshot '%s': %s", path, snapr_error(*r));
		snapr_close(*r);
		*r = NULL;
		return EXIT_ERR;
	}
	return 0;
}

int do_diff(int argc, char **argv)
{
	const struct snap_meta *ma, *mb;
	struct diff *d;
	int live, ret;
	size_t k;

	if (argc != 2)
		return p_usage("diff takes two snapshots: A B (B may be 'live')");
	live = !strcmp(argv[1], "live");
	json_begin();
	d = calloc(1, sizeof(*d));
	if (!d)
		return json_finish(p_err("out of memory"));
	ret = open_snap(argv[0], &d->ra);
	if (!ret && !live)
		ret = open_snap(argv[1], &d->rb);
	if (ret)
		goto out;
	ma = snapr_meta(d->ra);
	d->start = ma->range_start;
	d->end = ma->range_end;
	if (!live) {
		mb = snapr_meta(d->rb);
		if (mb->info.page_size != ma->info.page_size) {
			ret = p_err("the snapshots have different page sizes");
			goto out;
		}
		if (mb->range_start > d->start)
			d->start = mb->range_start;
		if (mb->range_end < d->end)
			d->end = mb->range_end;
		if (d->start >= d->end) {
			ret = p_err("the snapshots have no pfn in common");
			goto out;
		}
	}
	ret = snapr_walk(d->ra, d->start, d->end, 1, keep_run, d);
	if (ret) {
		ret = p_err("snapshot '%s': %s", argv[0], ret == -ENOMEM ?
			    "out of memory" : snapr_error(d->ra));
		goto out;
	}
	ret = walk_b(d, live, d->rb);
	if (ret)
		goto out;
	if (live) {
		/* names of the files the table of A does not have */
		topn(&d->files);
		for (k = 0; k < d->files.used && (!opt.top || k < opt.top); k++)
			if (names_want_file((uint32_t)(d->files.v[k].k1 >> 32),
					    (uint32_t)d->files.v[k].k1,
					    d->files.v[k].k2)) {
				ret = p_err("out of memory");
				goto out;
			}
		names_resolve(1);
	}
	show(d, argv[0], live ? "live" : argv[1], ma->info.page_size);
out:
	names_free();
	snapr_close(d->ra);
	snapr_close(d->rb);
	free(d->runs);
	free(d->strides);
	pairtab_free(&d->flags);
	pairtab_free(&d->memcgs);
	pairtab_free(&d->files);
	pairtab_free(&d->moves);
	free(d);
	return json_finish(ret);
}
