// SPDX-License-Identifier: GPL-2.0
/*
 * --input FILE: a snapshot file stands in for the device.  The read
 * commands keep their code and call these instead of the library where
 * the device would answer, so that they answer from the file exactly as
 * they answered live when it was recorded.
 */
#include <string.h>

#include "main.h"
#include "snapfile.h"

static struct snapr *snap;

/** input_snap() - the open --input snapshot, or NULL */
struct snapr *input_snap(void)
{
	return snap;
}

/** input_open() - open @path once; @info gets the recorded pagesnap_info */
int input_open(const char *path, struct pagesnap_info *info)
{
	int ret;

	if (!snap) {
		const struct snap_name *v;
		size_t nr;

		ret = snapr_open(path, &snap);
		if (ret) {
			p_err("snapshot '%s': %s", path, snapr_error(snap));
			snapr_close(snap);
			snap = NULL;
			return EXIT_ERR;
		}
		nr = snapr_memcgs(snap, &v);
		ret = cgroup_resolve_recorded(v, nr);
		if (ret)
			return ret;
	}
	if (info)
		*info = snapr_meta(snap)->info;
	return 0;
}

/** input_meta() - the recorded meta record (input_open() first) */
const struct snap_meta *input_meta(void)
{
	return snapr_meta(snap);
}

struct walk_ctx {
	entry_fn fn;
	void *arg;
	uint64_t first, total;
};

static int walk_one(const struct pagesnap_entry *e, void *arg)
{
	struct walk_ctx *w = arg;

	progress(e->pfn - w->first, w->total);
	if (!entry_selected(e))
		return 0;
	return w->fn(e, w->arg);
}

/* The pfns [@start, @end) of the file: what walk_pfns() does live. */
int input_walk(uint64_t start, uint64_t end, entry_fn fn, void *arg)
{
	const struct snap_meta *m = snapr_meta(snap);
	struct walk_ctx w = { fn, arg, start, 0 };
	int ret;

	if (start >= m->info.pfn_end)
		return p_err("pfn 0x%llx is beyond the last pfn served (0x%llx)",
			     (unsigned long long)start,
			     (unsigned long long)m->info.pfn_end - 1);
	if (end > m->info.pfn_end)
		end = m->info.pfn_end;
	if (start < m->range_start || end > m->range_end)
		return p_err("pfns 0x%llx-0x%llx: the snapshot holds 0x%llx-0x%llx only",
			     (unsigned long long)start,
			     (unsigned long long)end - 1,
			     (unsigned long long)m->range_start,
			     (unsigned long long)m->range_end - 1);
	w.total = end - start;
	ret = snapr_walk(snap, start, end, 0, walk_one, &w);
	progress_done();
	if (ret < 0)
		return p_err("snapshot: %s", snapr_error(snap));
	return ret;
}

/* One pfn, as pagesnap_get() gives it; the same -ERANGE past the end. */
int input_get(uint64_t pfn, struct pagesnap_entry *e)
{
	const struct snap_meta *m = snapr_meta(snap);

	if (pfn >= m->info.pfn_end)
		return -ERANGE;
	if (pfn < m->range_start || pfn >= m->range_end)
		return -ENODATA;
	return snapr_get(snap, pfn, e);
}

/** input_file_path() - the recorded path of a file, or NULL */
const char *input_file_path(uint32_t major, uint32_t minor, uint64_t ino)
{
	return snap ? snapr_file_path(snap, major, minor, ino) : NULL;
}

/** input_memcg_path() - the recorded path of a memcg, or NULL */
const char *input_memcg_path(uint64_t ino)
{
	return snap ? snapr_memcg_path(snap, ino) : NULL;
}

void input_close(void)
{
	snapr_close(snap);
	snap = NULL;
}
