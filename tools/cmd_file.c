// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-cli file PATH: the cached pages of a file, or of every
 * regular file of a tree (page-types -f), without reading any page in.
 */
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "main.h"

static struct {
	struct pagesnap *ps;
	struct summary *summary;
	struct run_list runs;
	uint64_t page_size, files, cached;
	int failed;
} fw;

struct one_file {
	uint64_t cached;
};

static int file_page(uint64_t index, uint64_t pfn, void *arg)
{
	struct one_file *of = arg;
	struct pagesnap_entry e;
	uint64_t flags;
	char sym[80];
	int ret;

	ret = pagesnap_get2(fw.ps, pfn, &e, sizeof(e));
	if (ret)
		return ret;
	if (!entry_selected(&e))
		return 0;
	of->cached++;
	flags = pagesnap_entry_flags(&e, opt.raw);
	summary_add(fw.summary, flags, 1);
	if (opt.ranges) {
		run_add(&fw.runs, index, pfn, flags, RUN_FINDEX);
	} else if (opt.json) {
		jw_start_object(&jw);
		jw_u64_field(&jw, "file_index", index);
		jw_name(&jw, "page");
		json_entry(&e);
		jw_end_object(&jw);
	} else {
		pagesnap_flags_symbolic(flags, sym, sizeof(sym));
		printf("%" PRIu64 "\t0x%" PRIx64 "\t%s\n", index, pfn, sym);
	}
	return 0;
}

static int walk_one(const char *path, const struct stat *st)
{
	struct one_file of = { 0 };
	int fd, ret;

	fd = open(path, O_RDONLY | O_NOATIME | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == EPERM)
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		p_info("warning: cannot open '%s': %s", path, strerror(errno));
		return 0;
	}
	if (opt.json) {
		jw_start_object(&jw);
		jw_string_field(&jw, "path", path);
		jw_u64_field(&jw, "ino", st->st_ino);
		jw_u64_field(&jw, "size", (uint64_t)st->st_size);
		jw_name(&jw, opt.ranges ? "ranges" : "pages");
		jw_start_array(&jw);
	} else {
		printf("# %s\tinode %" PRIu64 "\tsize %" PRIu64 "\n", path,
		       (uint64_t)st->st_ino, (uint64_t)st->st_size);
	}
	ret = pagesnap_file_pages(fd, 0, UINT64_MAX, file_page, &of);
	close(fd);
	run_flush(&fw.runs, RUN_FINDEX);
	if (ret < 0) {
		p_info("warning: '%s': %s", path, pagesnap_strerror(ret));
		fw.failed = ret == -EPERM ? ret : fw.failed;
	}
	fw.files++;
	fw.cached += of.cached;
	if (opt.json) {
		jw_end_array(&jw);
		jw_u64_field(&jw, "cached_pages", of.cached);
		jw_u64_field(&jw, "file_pages",
			     ((uint64_t)st->st_size + fw.page_size - 1) / fw.page_size);
		jw_end_object(&jw);
	}
	return ret == -EPERM ? ret : 0;
}

static int tree_fn(const char *path, const struct stat *st, int type,
		   struct FTW *ftw)
{
	(void)ftw;
	if (type == FTW_F && S_ISREG(st->st_mode))
		return walk_one(path, st) ? 1 : 0;
	if (type == FTW_DNR)
		p_info("warning: cannot read directory '%s'", path);
	return 0;
}

int do_file(int argc, char **argv)
{
	struct stat st;
	int ret;

	if (argc == 0)
		return p_usage("file needs PATH (a file or a directory)");
	if (argc > 1)
		return p_usage("unexpected argument '%s'", argv[1]);
	if (stat(argv[0], &st))
		return p_err("'%s': %s", argv[0], strerror(errno));
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return p_err("'%s' is neither a regular file nor a directory",
			     argv[0]);
	memset(&fw, 0, sizeof(fw));
	fw.page_size = (uint64_t)sysconf(_SC_PAGESIZE);
	json_begin();
	fw.summary = summary_new();
	if (!fw.summary)
		return p_err("out of memory");
	ret = open_device(&fw.ps, NULL);
	if (ret)
		goto out;
	if (opt.json) {
		jw_name(&jw, "files");
		jw_start_array(&jw);
	} else {
		printf(opt.ranges ? "file_index\tpfn\tpages\tflags\n" :
		       "file_index\tpfn\tflags\n");
	}
	if (S_ISREG(st.st_mode))
		walk_one(argv[0], &st);
	else if (nftw(argv[0], tree_fn, 64, FTW_MOUNT | FTW_PHYS) < 0)
		ret = p_err("cannot walk '%s': %s", argv[0], strerror(errno));
	if (!ret && fw.failed == -EPERM)
		ret = p_err("'%s': pfns of cached pages need CAP_SYS_ADMIN",
			    argv[0]);
	if (!ret && opt.json) {
		jw_end_array(&jw);
		jw_u64_field(&jw, "files_walked", fw.files);
		jw_u64_field(&jw, "cached_pages", fw.cached);
		if (!opt.no_summary)
			summary_json(fw.summary, fw.page_size);
	} else if (!ret) {
		printf("\n%" PRIu64 " files, %" PRIu64 " cached pages\n\n",
		       fw.files, fw.cached);
		if (!opt.no_summary)
			summary_print(fw.summary, fw.page_size);
	}
	pagesnap_close(fw.ps);
out:
	summary_free(fw.summary);
	return json_finish(ret);
}
