// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-cli pfn PFN|RANGE and scan [RANGE]: one page in detail, each
 * page of a range (page-types -L), runs of identical pages (-l), or a
 * filtered listing with chosen columns.
 */
#include <inttypes.h>
#include <string.h>

#include "main.h"
#include "linebuf.h"

struct listing {
	struct pagesnap_info info;
	struct run_list runs;
	uint64_t matched;
};

/* One pfn of the listing (--ranges takes whole runs: list_run()). */
static int list_one(const struct pagesnap_entry *e, struct listing *l)
{
	l->matched++;
	if (opt.detail) {
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

/*
 * @nr pfns from e->pfn, each with entry @e: listed a pfn at a time, or
 * joined into the --ranges runs whole.
 */
static int list_run(const struct pagesnap_entry *e, uint64_t nr, void *arg)
{
	struct listing *l = arg;
	struct pagesnap_entry x;
	uint64_t i;
	int ret;

	if (opt.ranges) {
		l->matched += nr;
		run_add_n(&l->runs, e->pfn, e->pfn,
			  pagesnap_entry_flags(e, opt.raw), nr, 0);
		return 0;
	}
	if (nr == 1)
		return list_one(e, l);
	x = *e;
	x.nr_pages = 1;
	for (i = 0; i < nr; i++) {
		x.pfn = e->pfn + i;
		/* a run's head_pfn is its pfn (uapi); 0 when not asked for */
		if ((e->valid & PAGESNAP_VALID_FOLIO) && e->head_pfn == e->pfn)
			x.head_pfn = x.pfn;
		ret = list_one(&x, l);
		if (ret)
			return ret;
	}
	return 0;
}

/* What the listing reads of each pfn: only its columns, but in detail. */
static uint64_t list_fields(void)
{
	uint64_t f = PAGESNAP_COL_KPF;

	if (opt.detail)
		return WALK_ENTRIES;
	if (!opt.ranges)
		f |= columns_fields();
	return f;
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
	ret = walk_runs(ps, start, end, list_fields(), list_run, &l);
	lb_flush();
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
