// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-cli cache: which files fill the page cache, counted from
 * physical memory (every page-cache page names its dev and inode), with
 * paths found by walking the mount points of those devices.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "main.h"

struct file_rec {
	uint32_t major, minor;
	uint64_t ino;
	uint64_t pages;
	char *path;
	int used;
};

static struct {
	struct file_rec *v;
	size_t size, used;
	uint64_t pages;
} files;

static size_t hash(uint32_t ma, uint32_t mi, uint64_t ino, size_t size)
{
	uint64_t h = (ino ^ ((uint64_t)ma << 40) ^ ((uint64_t)mi << 20)) *
		     0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 32) & (size - 1);
}

static struct file_rec *slot(struct file_rec *v, size_t size, uint32_t ma,
			     uint32_t mi, uint64_t ino)
{
	size_t i = hash(ma, mi, ino, size);

	while (v[i].used && (v[i].major != ma || v[i].minor != mi ||
			     v[i].ino != ino))
		i = (i + 1) & (size - 1);
	return &v[i];
}

static int grow(void)
{
	size_t size = files.size ? files.size * 2 : 1024, i;
	struct file_rec *v = calloc(size, sizeof(*v)), *d;

	if (!v)
		return -1;
	for (i = 0; i < files.size; i++) {
		if (!files.v[i].used)
			continue;
		d = slot(v, size, files.v[i].major, files.v[i].minor,
			 files.v[i].ino);
		*d = files.v[i];
	}
	free(files.v);
	files.v = v;
	files.size = size;
	return 0;
}

static int count_page(const struct pagesnap_entry *e, void *arg)
{
	struct file_rec *r;

	(void)arg;
	if (!(e->valid & PAGESNAP_VALID_FILE) ||
	    e->mapping_kind != PAGESNAP_MAPPING_FILE)
		return 0;
	if (files.used * 2 >= files.size && grow())
		return p_err("out of memory");
	r = slot(files.v, files.size, e->file_dev_major, e->file_dev_minor,
		 e->file_ino);
	if (!r->used) {
		r->used = 1;
		r->major = e->file_dev_major;
		r->minor = e->file_dev_minor;
		r->ino = e->file_ino;
		files.used++;
	}
	r->pages++;
	files.pages++;
	return 0;
}

static int by_pages(const void *a, const void *b)
{
	const struct file_rec *x = a, *y = b;

	if (x->used != y->used)
		return y->used - x->used;
	return x->pages < y->pages ? 1 : x->pages > y->pages ? -1 : 0;
}

static size_t nr_shown;

/* Paths of the files shown (files.v[0..nr_shown)). */
static void resolve_shown(void)
{
	struct file_name *names = calloc(nr_shown ? nr_shown : 1,
					 sizeof(*names));
	size_t i;

	if (!names)
		return;
	for (i = 0; i < nr_shown; i++) {
		names[i].major = files.v[i].major;
		names[i].minor = files.v[i].minor;
		names[i].ino = files.v[i].ino;
	}
	resolve_file_paths(names, nr_shown);
	for (i = 0; i < nr_shown; i++)
		files.v[i].path = names[i].path;
	free(names);
}

static void show(const struct pagesnap_info *info)
{
	char size[32], dev[32];
	size_t i;

	if (opt.json) {
		jw_u64_field(&jw, "file_pages", files.pages);
		jw_u64_field(&jw, "file_bytes", files.pages * info->page_size);
		jw_u64_field(&jw, "files", files.used);
		jw_name(&jw, "top");
		jw_start_array(&jw);
	} else {
		printf("%" PRIu64 " page-cache pages (%s) in %zu files\n\n",
		       files.pages, human_size(files.pages * info->page_size,
					       size, sizeof(size)), files.used);
		printf("%-10s %-12s %10s %10s  %s\n", "dev", "ino", "pages",
		       "size", "path");
	}
	for (i = 0; i < nr_shown; i++) {
		struct file_rec *r = &files.v[i];

		if (opt.json) {
			jw_start_object(&jw);
			jw_u64_field(&jw, "dev_major", r->major);
			jw_u64_field(&jw, "dev_minor", r->minor);
			jw_u64_field(&jw, "ino", r->ino);
			jw_u64_field(&jw, "pages", r->pages);
			jw_u64_field(&jw, "bytes", r->pages * info->page_size);
			jw_name(&jw, "path");
			if (r->path)
				jw_string(&jw, r->path);
			else
				jw_null(&jw);
			jw_end_object(&jw);
			continue;
		}
		snprintf(dev, sizeof(dev), "%u:%u", r->major, r->minor);
		printf("%-10s %-12" PRIu64 " %10" PRIu64 " %10s  %s\n", dev,
		       r->ino, r->pages,
		       human_size(r->pages * info->page_size, size,
				  sizeof(size)), r->path ? r->path : "?");
	}
	if (opt.json)
		jw_end_array(&jw);
}

int do_cache(int argc, char **argv)
{
	struct pagesnap_info info;
	struct pagesnap *ps;
	size_t i;
	int ret;

	if (argc)
		return p_usage("unexpected argument '%s' (cache takes none)",
			       argv[0]);
	json_begin();
	ret = open_device(&ps, &info);
	if (ret)
		return ret;
	ret = walk_pfns(ps, 0, UINT64_MAX, count_page, NULL);
	pagesnap_close(ps);
	if (!ret) {
		if (files.size)
			qsort(files.v, files.size, sizeof(*files.v), by_pages);
		nr_shown = opt.top && opt.top < files.used ? opt.top :
			   files.used;
		resolve_shown();
		show(&info);
	}
	for (i = 0; i < files.size; i++)
		free(files.v[i].path);
	free(files.v);
	return json_finish(ret);
}
