// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-cli pfn PFN|RANGE and scan [RANGE]: one page in detail, each
 * page of a range (page-types -L), runs of identical pages (-l), or a
 * filtered listing with chosen columns.
 */
#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include "main.h"

struct listing {
	struct pagesnap_info info;
	struct run_list runs;
	uint64_t matched;
};

static int list_one(const struct pagesnap_entry *e, void *arg)
{
	struct listing *l = arg;

	l->matched++;
	if (opt.ranges) {
		run_add(&l->runs, e->pfn, e->pfn,
			pagesnap_entry_flags(e, opt.raw), 0);
	} else if (opt.detail) {
		if (opt.json) {
			json_entry(e);
		} else {
			print_entry_detail(e, &l->info);
			putchar('\n');
		}
	} else if (opt.json) {
		columns_json(e);
	} else {
		columns_print(e);
	}
	return 0;
}

/* Where each PAGESNAP_COL_* value goes in an entry, by bit. */
static const size_t col_off[30] = {
	offsetof(struct pagesnap_entry, kpf),
	offsetof(struct pagesnap_entry, snap_flags),
	offsetof(struct pagesnap_entry, valid),
	offsetof(struct pagesnap_entry, raw_flags),
	offsetof(struct pagesnap_entry, head_pfn),
	offsetof(struct pagesnap_entry, memcg_ino),
	offsetof(struct pagesnap_entry, file_ino),
	offsetof(struct pagesnap_entry, file_index),
	offsetof(struct pagesnap_entry, owner_hash),
	[16] = offsetof(struct pagesnap_entry, file_dev_major),
	offsetof(struct pagesnap_entry, file_dev_minor),
	offsetof(struct pagesnap_entry, refcount),
	offsetof(struct pagesnap_entry, mapcount),
	offsetof(struct pagesnap_entry, entire_mapcount),
	offsetof(struct pagesnap_entry, folio_mapcount),
	offsetof(struct pagesnap_entry, pincount),
	offsetof(struct pagesnap_entry, order),
	offsetof(struct pagesnap_entry, index),
	offsetof(struct pagesnap_entry, page_type),
	offsetof(struct pagesnap_entry, buddy_order),
	offsetof(struct pagesnap_entry, mapping_kind),
	offsetof(struct pagesnap_entry, nid),
	offsetof(struct pagesnap_entry, zone),
};

struct col_listing {
	struct listing *l;
	uint64_t fields, first, total;
};

/* A batch of columns: each pfn's entry, made of the fields asked for. */
static int list_batch(uint64_t start, uint64_t nr, void *const arrays[],
		      void *arg)
{
	struct col_listing *c = arg;
	struct pagesnap_entry e;
	unsigned int k, a;
	uint64_t i;
	int ret;

	for (i = 0; i < nr; i++) {
		memset(&e, 0, sizeof(e));
		e.pfn = start + i;
		e.nr_pages = 1;
		e.valid = PAGESNAP_VALID_KPF;
		for (k = 0, a = 0; k < 30; k++) {
			unsigned char *dst = (unsigned char *)&e + col_off[k];

			if (!(c->fields & (1ULL << k)))
				continue;
			if (PAGESNAP_COL_SIZE(1ULL << k) == 8)
				memcpy(dst, (const uint64_t *)arrays[a] + i, 8);
			else
				memcpy(dst, (const uint32_t *)arrays[a] + i, 4);
			a++;
		}
		if (!entry_selected(&e))
			continue;
		ret = list_one(&e, c->l);
		if (ret)
			return ret;
	}
	progress(start + nr - c->first, c->total);
	return 0;
}

/*
 * The columns listing without a kernel filter: only the fields its
 * columns show are asked of the driver (PAGESNAP_IOC_COLUMNS).  Return
 * -1 when the driver or the options do not allow it.
 */
static int list_columns(struct pagesnap *ps, struct listing *l,
			uint64_t start, uint64_t end)
{
	struct col_listing c = { .l = l };
	int ret;

	if (opt.ranges || opt.detail || opt.json || opt.kpageflags ||
	    opt.bits.nr || !(l->info.features & PAGESNAP_FEAT_COLUMNS) ||
	    start >= l->info.pfn_end)
		return -1;
	c.fields = columns_fields();
	if (opt.raw)
		c.fields |= PAGESNAP_COL_RAW_FLAGS;
	if (opt.have_cgroup)
		c.fields |= PAGESNAP_COL_MEMCG | PAGESNAP_COL_VALID;
	c.first = start > l->info.pfn_start ? start : l->info.pfn_start;
	c.total = (end < l->info.pfn_end ? end : l->info.pfn_end) - c.first;
	ret = pagesnap_scan_columns(ps, start, end, c.fields, list_batch, &c);
	progress_done();
	if (ret < 0)
		return p_err("scan failed: %s", pagesnap_strerror(ret));
	return ret;
}

static int list_range(struct pagesnap *ps, uint64_t start, uint64_t end)
{
	struct listing l;
	int ret;

	memset(&l, 0, sizeof(l));
	pagesnap_info(ps, &l.info);
	if (opt.json) {
		jw_name(&jw, opt.ranges ? "ranges" : "pages");
		jw_start_array(&jw);
	} else if (opt.ranges) {
		printf("pfn\tpages\tflags\n");
	} else if (!opt.detail) {
		columns_header();
	}
	ret = list_columns(ps, &l, start, end);
	if (ret < 0)
		ret = walk_pfns(ps, start, end, list_one, &l);
	if (ret)
		return ret;
	run_flush(&l.runs, 0);
	if (opt.json) {
		jw_end_array(&jw);
		jw_u64_field(&jw, "matched", l.matched);
	}
	return 0;
}

static int listing_cmd(int argc, char **argv, int need_range)
{
	uint64_t start = 0, end = UINT64_MAX;
	struct pagesnap_entry e;
	struct pagesnap_info info;
	struct pagesnap *ps;
	int ret;

	if (opt.columns && !strcmp(opt.columns, "help"))
		return columns_help(stdout);
	if (opt.page_types)
		return pt_listing(argc, argv, need_range ? 2 : 1);
	if (need_range && argc < 1)
		return p_usage("missing PFN or RANGE (N, N+M, N,M, N, or ,M)");
	if (argc > 1)
		return p_usage("unexpected argument '%s'", argv[1]);
	if (argc && arg_range(argv[0], &start, &end))
		return EXIT_USAGE;
	ret = columns_parse(opt.columns);
	if (ret)
		return ret;
	json_begin();
	ret = open_device(&ps, &info);
	if (ret)
		return ret;
	if (need_range && end - start == 1 && !opt.ranges && !opt.columns &&
	    !opt.kpageflags) {
		ret = opt.input ? input_get(start, &e) :
				  pagesnap_get2(ps, start, &e, sizeof(e));
		if (ret == -ERANGE)
			ret = p_err("pfn '%s' is beyond the last pfn served (0x%llx)",
				    argv[0],
				    (unsigned long long)info.pfn_end - 1);
		else if (ret == -ENODATA && opt.input)
			ret = p_err("pfn '%s' is outside the pfns the snapshot holds",
				    argv[0]);
		else if (ret)
			ret = p_err("pfn '%s': %s", argv[0],
				    pagesnap_strerror(ret));
		else if (opt.json) {
			jw_name(&jw, "page");
			json_entry(&e);
		} else {
			print_entry_detail(&e, &info);
		}
	} else {
		ret = list_range(ps, start, end);
	}
	pagesnap_close(ps);
	return json_finish(ret);
}

int do_pfn(int argc, char **argv)
{
	return listing_cmd(argc, argv, 1);
}

int do_scan(int argc, char **argv)
{
	return listing_cmd(argc, argv, 0);
}
