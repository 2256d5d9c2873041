// SPDX-License-Identifier: GPL-2.0
/*
 * Walking a pfn range for the commands, from the device, a saved
 * kpageflags file (-F) or a snapshot file (--input): the kernel filter
 * --bits can express, the userspace re-check of --bits/--cgroup, progress
 * on a terminal.  walk_pfns() hands out one entry per pfn; walk_runs()
 * hands out runs of like pfns and asks the device only for the fields its
 * caller reads (PAGESNAP_IOC_COLUMNS, else PAGESNAP_QUERY_RUNS).
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#include "main.h"

/* Push what --bits can express into the kernel; userspace re-checks. */
int setup_filter(struct pagesnap *ps)
{
	struct pagesnap_filter f[PAGESNAP_MAX_FILTERS];
	struct pagesnap_info info;
	unsigned int max;
	int n;

	pagesnap_info(ps, &info);
	if (!opt.bits.nr || !(info.features & PAGESNAP_FEAT_FILTER))
		return 0;
	max = info.max_filters < PAGESNAP_MAX_FILTERS ? info.max_filters :
							PAGESNAP_MAX_FILTERS;
	n = pagesnap_bits_to_filters(&opt.bits, opt.raw, f, max);
	if (n > 0 && pagesnap_set_filter(ps, f, (unsigned int)n))
		return p_err("cannot set the kernel filter: %s",
			     pagesnap_strerror(-errno));
	return 0;
}

int entry_selected(const struct pagesnap_entry *e)
{
	if (!pagesnap_bits_match(&opt.bits, pagesnap_entry_flags(e, opt.raw)))
		return 0;
	if (opt.have_cgroup && (!(e->valid & PAGESNAP_VALID_MEMCG) ||
				e->memcg_ino != opt.cgroup))
		return 0;
	return 1;
}

/*
 * [@start, @end) against the @pfn_end served: an error when nothing of it
 * is served, a note on stderr when an explicit end is cut.
 */
static int check_end(uint64_t start, uint64_t *end, uint64_t pfn_end)
{
	if (start >= pfn_end)
		return p_err("pfn 0x%llx is beyond the last pfn served (0x%llx)",
			     (unsigned long long)start,
			     (unsigned long long)pfn_end - 1);
	if (*end > pfn_end) {
		if (*end != UINT64_MAX && !opt.json)
			p_info("note: range cut at the last pfn served (0x%llx): %llu of %llu pfns",
			       (unsigned long long)pfn_end - 1,
			       (unsigned long long)(pfn_end - start),
			       (unsigned long long)(*end - start));
		*end = pfn_end;
	}
	return 0;
}

/*
 * A run being gathered: @nr pfns from @e.pfn, each with entry @e (as
 * walk_runs() says), selected or not as a whole since they share every
 * field a selection reads.
 */
struct run {
	struct pagesnap_entry e;
	uint64_t nr;
	run_fn fn;
	void *arg;
};

static int run_emit(struct run *r)
{
	uint64_t nr = r->nr;

	r->nr = 0;
	if (!nr || !entry_selected(&r->e))
		return 0;
	return r->fn(&r->e, nr, r->arg);
}

/* Words of a saved kpageflags per pread: 64 KiB. */
#define KPF_BATCH	8192

/* A saved kpageflags file: pfn and flags only, equal words joined. */
static int kpageflags_runs(uint64_t start, uint64_t end, struct run *r)
{
	static uint64_t buf[KPF_BATCH];
	struct stat st;
	uint64_t pfn, total;
	ssize_t got;
	int fd, ret, i;

	fd = open(opt.kpageflags, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return p_err("cannot read '%s': %s", opt.kpageflags,
			     strerror(errno));
	if (fstat(fd, &st)) {
		close(fd);
		return p_err("cannot read '%s': %s", opt.kpageflags,
			     strerror(errno));
	}
	ret = check_end(start, &end, (uint64_t)st.st_size / 8);
	if (ret) {
		close(fd);
		return ret;
	}
	memset(&r->e, 0, sizeof(r->e));
	r->e.valid = PAGESNAP_VALID_KPF;
	r->nr = 0;
	total = end - start;
	for (pfn = start; pfn < end && !ret; pfn += (uint64_t)got / 8) {
		size_t n = end - pfn < KPF_BATCH ? (size_t)(end - pfn) :
						   KPF_BATCH;

		got = pfn > (uint64_t)INT64_MAX / 8 ? 0 :
		      pread(fd, buf, n * 8, (off_t)(pfn * 8));
		if (got < 0) {
			ret = p_err("reading '%s': %s", opt.kpageflags,
				    strerror(errno));
			break;
		}
		if (got < 8)
			break;
		for (i = 0; i < got / 8 && !ret; i++) {
			if (r->nr && buf[i] == r->e.kpf) {
				r->nr++;
				continue;
			}
			ret = run_emit(r);
			r->e.pfn = pfn + (uint64_t)i;
			r->e.kpf = buf[i];
			r->nr = 1;
		}
		progress(pfn - start, total);
	}
	if (!ret)
		ret = run_emit(r);
	close(fd);
	progress_done();
	return ret;
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

struct col_walk {
	struct run r;
	unsigned int nr;		/* columns */
	unsigned int off[30], size[30];	/* per column, in bit order */
	int join;			/* runs may span pfns */
	uint64_t first, total;
};

/* Does pfn @i of the batch have the values of the run? */
static int col_same(const struct col_walk *c, void *const arrays[], uint64_t i)
{
	const unsigned char *e = (const unsigned char *)&c->r.e;
	unsigned int k;

	for (k = 0; k < c->nr; k++) {
		if (c->size[k] == 8) {
			if (((const uint64_t *)arrays[k])[i] !=
			    *(const uint64_t *)(e + c->off[k]))
				return 0;
		} else if (((const uint32_t *)arrays[k])[i] !=
			   *(const uint32_t *)(e + c->off[k])) {
			return 0;
		}
	}
	return 1;
}

static int col_batch(uint64_t start, uint64_t nr, void *const arrays[],
		     void *arg)
{
	struct col_walk *c = arg;
	unsigned char *e = (unsigned char *)&c->r.e;
	unsigned int k;
	uint64_t i;
	int ret;

	for (i = 0; i < nr; i++) {
		if (c->join && c->r.nr && col_same(c, arrays, i)) {
			c->r.nr++;
			continue;
		}
		ret = run_emit(&c->r);
		if (ret)
			return ret;
		c->r.e.pfn = start + i;
		for (k = 0; k < c->nr; k++) {
			if (c->size[k] == 8)
				memcpy(e + c->off[k],
				       (const uint64_t *)arrays[k] + i, 8);
			else
				memcpy(e + c->off[k],
				       (const uint32_t *)arrays[k] + i, 4);
		}
		c->r.nr = 1;
	}
	progress(start + nr - c->first, c->total);
	return 0;
}

/*
 * The device's columns of @fields: the entry of each pfn has those fields
 * (valid PAGESNAP_VALID_KPF unless PAGESNAP_COL_VALID is asked for), the
 * others 0.  Consecutive pfns with the same values form a run, unless
 * head_pfn is asked for.  -1 when the driver has no columns.
 */
static int columns_runs(struct pagesnap *ps, const struct pagesnap_info *info,
			uint64_t start, uint64_t end, uint64_t fields,
			struct run *r)
{
	struct col_walk *c;
	unsigned int k;
	int ret;

	if (!(info->features & PAGESNAP_FEAT_COLUMNS))
		return -1;
	c = calloc(1, sizeof(*c));
	if (!c)
		return p_err("out of memory");
	c->r = *r;
	memset(&c->r.e, 0, sizeof(c->r.e));
	c->r.e.valid = PAGESNAP_VALID_KPF;
	c->r.e.nr_pages = 1;
	c->r.nr = 0;
	for (k = 0; k < 30; k++) {
		if (!(fields & (1ULL << k)))
			continue;
		c->off[c->nr] = (unsigned int)col_off[k];
		c->size[c->nr] = PAGESNAP_COL_SIZE(1ULL << k);
		c->nr++;
	}
	c->join = !(fields & PAGESNAP_COL_HEAD_PFN);
	c->first = start > info->pfn_start ? start : info->pfn_start;
	c->total = end > c->first ? end - c->first : 0;
	ret = pagesnap_scan_columns(ps, start, end, fields, col_batch, c);
	if (!ret)
		ret = run_emit(&c->r);
	progress_done();
	free(c);
	if (ret < 0)
		return p_err("scan failed: %s", pagesnap_strerror(ret));
	return ret;
}

/*
 * Whole entries, with @flags PAGESNAP_QUERY_RUNS a run per entry where
 * the driver joins them, else one per pfn.
 */
static int entry_runs(struct pagesnap *ps, uint64_t start, uint64_t end,
		      unsigned int flags, struct run *r)
{
	const struct pagesnap_entry *e;
	struct pagesnap_scan *scan;
	uint64_t first;
	int ret;

	ret = setup_filter(ps);
	if (ret)
		return ret;
	ret = pagesnap_scan_begin2(ps, start, end, flags,
				   sizeof(struct pagesnap_entry), &scan);
	if (ret)
		return p_err("cannot scan: %s", pagesnap_strerror(ret));
	first = pagesnap_scan_position(scan);
	while ((ret = pagesnap_scan_next(scan, &e)) == 1) {
		progress(pagesnap_scan_position(scan) - first, end - first);
		if (!entry_selected(e))
			continue;
		ret = r->fn(e, flags && e->nr_pages ? e->nr_pages : 1, r->arg);
		if (ret)
			break;
	}
	if (ret < 0)
		ret = p_err("scan failed at pfn 0x%llx: %s",
			    (unsigned long long)pagesnap_scan_position(scan),
			    pagesnap_strerror(ret));
	pagesnap_scan_end(scan);
	progress_done();
	return ret;
}

static int input_one(const struct pagesnap_entry *e, void *arg)
{
	struct run *r = arg;

	return r->fn(e, 1, r->arg);
}

/*
 * Stream [@start, @end) through @fn as runs: @fn(e, nr, arg) stands for
 * the @nr pfns from e->pfn, each with entry @e but for pfn (and head_pfn
 * when it equals pfn, as in the uapi's runs), which advance by one per
 * pfn.  @fields: the PAGESNAP_COL_* fields @fn reads (WALK_ENTRIES: all
 * of them); only those are asked of a driver with columns, the rest of
 * the entry is 0 (valid PAGESNAP_VALID_KPF unless asked for).
 * Selection (--bits, --cgroup) as walk_pfns(); a kpageflags file has
 * flags only.
 */
int walk_runs(struct pagesnap *ps, uint64_t start, uint64_t end,
	      uint64_t fields, run_fn fn, void *arg)
{
	struct pagesnap_info info;
	struct run r = { .fn = fn, .arg = arg };
	int ret;

	if (opt.kpageflags)
		return kpageflags_runs(start, end, &r);
	if (opt.input)
		return input_walk(start, end, input_one, &r);
	pagesnap_info(ps, &info);
	ret = check_end(start, &end, info.pfn_end);
	if (ret)
		return ret;
	if (opt.have_cgroup)
		fields |= PAGESNAP_COL_MEMCG | PAGESNAP_COL_VALID;
	if (fields != WALK_ENTRIES) {
		ret = columns_runs(ps, &info, start, end,
				   fields | PAGESNAP_COL_KPF, &r);
		if (ret >= 0)
			return ret;
	}
	return entry_runs(ps, start, end, info.features & PAGESNAP_FEAT_RUNS ?
			  PAGESNAP_QUERY_RUNS : 0, &r);
}

/*
 * Stream [@start, @end) through @fn, an entry per pfn: kernel prefilter
 * from --bits, userspace re-check of --bits/--cgroup, progress on a
 * terminal.
 */
struct pfn_walk {
	entry_fn fn;
	void *arg;
};

static int kpf_pfns(const struct pagesnap_entry *e, uint64_t nr, void *arg)
{
	struct pfn_walk *w = arg;
	struct pagesnap_entry x = *e;
	uint64_t i;
	int ret = 0;

	for (i = 0; i < nr && !ret; i++) {
		x.pfn = e->pfn + i;
		ret = w->fn(&x, w->arg);
	}
	return ret;
}

/* An entry per pfn (entry_runs() without PAGESNAP_QUERY_RUNS). */
static int one_pfn(const struct pagesnap_entry *e, uint64_t nr, void *arg)
{
	struct pfn_walk *w = arg;

	(void)nr;
	return w->fn(e, w->arg);
}

int walk_pfns(struct pagesnap *ps, uint64_t start, uint64_t end,
	      entry_fn fn, void *arg)
{
	struct pfn_walk w = { fn, arg };
	struct pagesnap_info info;
	struct run r = { .arg = &w };
	int ret;

	if (opt.kpageflags) {
		r.fn = kpf_pfns;
		return kpageflags_runs(start, end, &r);
	}
	if (opt.input)
		return input_walk(start, end, fn, arg);
	pagesnap_info(ps, &info);
	ret = check_end(start, &end, info.pfn_end);
	if (ret)
		return ret;
	r.fn = one_pfn;
	return entry_runs(ps, start, end, 0, &r);
}
