// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-cli record [RANGE] -o FILE: every pfn of the range into a
 * snapshot file (docs/snapshot-format.md), with what is needed to read it
 * on another machine: the info record, the kernel release, the time, and
 * the names of the memory cgroups and of the files the pages belong to.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "main.h"
#include "names.h"
#include "snapfile.h"

static struct snapw *writer;

#define QUERY_BATCH	4096

static int name_memcg(const struct name_row *row, void *arg)
{
	(void)arg;
	return snapw_memcg(writer, row->ino, row->path) == -ENOMEM;
}

static int name_file(const struct name_row *row, void *arg)
{
	(void)arg;
	return snapw_file(writer, row->major, row->minor, row->ino,
			  row->path) == -ENOMEM;
}

/* ---- the walk ----------------------------------------------------------- */

static double seconds(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static int record_range(struct pagesnap *ps, const struct pagesnap_info *info,
			uint64_t start, uint64_t end)
{
	struct pagesnap_entry *buf;
	unsigned int flags = 0, filled, i;
	uint64_t pfn = start, next;
	int ret = 0;

	if (info->features & PAGESNAP_FEAT_RUNS)
		flags |= PAGESNAP_QUERY_RUNS;
	buf = calloc(QUERY_BATCH, sizeof(*buf));
	if (!buf)
		return p_err("out of memory");
	while (pfn < end && !ret) {
		ret = pagesnap_query_range(ps, pfn, end - pfn, flags, buf,
					   QUERY_BATCH, &filled, &next);
		if (ret) {
			ret = p_err("query at pfn 0x%" PRIx64 " failed: %s", pfn,
				    pagesnap_strerror(ret));
			break;
		}
		for (i = 0; i < filled && !ret; i++) {
			const struct pagesnap_entry *e = &buf[i];

			if ((e->valid & PAGESNAP_VALID_FILE) &&
			    e->mapping_kind == PAGESNAP_MAPPING_FILE &&
			    names_want_file(e->file_dev_major,
					    e->file_dev_minor, e->file_ino))
				ret = p_err("out of memory");
			else if (snapw_entry(writer, e))
				ret = p_err("the driver's entries do not cover pfns 0x%" PRIx64 "-0x%" PRIx64 " in order (or writing failed)",
					    pfn, next);
		}
		pfn = next;
		progress(pfn - start, end - start);
	}
	progress_done();
	free(buf);
	return ret;
}

int do_record(int argc, char **argv)
{
	uint64_t start = 0, end = UINT64_MAX;
	struct timespec t0, t1, now;
	struct pagesnap_info info;
	struct snap_meta meta;
	struct pagesnap *ps;
	struct utsname u;
	struct stat st;
	char size[32];
	uint64_t bytes;
	int ret;

	if (argc > 1)
		return p_usage("unexpected argument '%s'", argv[1]);
	if (argc && arg_range(argv[0], &start, &end))
		return EXIT_USAGE;
	if (!opt.output)
		return p_usage("record needs -o FILE");
	if (opt.kpageflags || opt.input)
		return p_usage("record reads the device, not --kpageflags or --input");
	json_begin();
	ret = open_device(&ps, &info);
	if (ret)
		return json_finish(ret);
	if (start >= info.pfn_end) {
		pagesnap_close(ps);
		return json_finish(p_err("pfn 0x%" PRIx64 " is beyond the last pfn served (0x%" PRIx64 ")",
					 start, (uint64_t)info.pfn_end - 1));
	}
	if (end > info.pfn_end)
		end = info.pfn_end;
	memset(&meta, 0, sizeof(meta));
	meta.info = info;
	uname(&u);
	snprintf(meta.release, sizeof(meta.release), "%s", u.release);
	snprintf(meta.machine, sizeof(meta.machine), "%s", u.machine);
	snprintf(meta.hostname, sizeof(meta.hostname), "%s", u.nodename);
	snprintf(meta.tool, sizeof(meta.tool), "pagesnap-cli %s",
		 PAGESNAP_VERSION);
	clock_gettime(CLOCK_REALTIME, &now);
	meta.time_sec = now.tv_sec;
	meta.time_nsec = (uint32_t)now.tv_nsec;
	meta.range_start = start;
	meta.range_end = end;
	ret = snapw_open(opt.output, &meta, &writer);
	if (ret) {
		pagesnap_close(ps);
		return json_finish(p_err("cannot create '%s': %s", opt.output,
					 strerror(-ret)));
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = record_range(ps, &info, start, end);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	pagesnap_close(ps);
	if (!ret) {
		snapw_set_duration(writer, (uint64_t)(seconds(&t0, &t1) * 1e9));
		names_resolve(1);
		if (names_each(0, name_memcg, NULL) ||
		    names_each(1, name_file, NULL))
			ret = p_err("out of memory");
	}
	ret = snapw_close(writer, !ret) && !ret ?
	      p_err("writing '%s' failed", opt.output) : ret;
	bytes = !ret && !stat(opt.output, &st) ? (uint64_t)st.st_size : 0;
	writer = NULL;
	names_free();
	if (ret)
		return json_finish(ret);
	if (opt.json) {
		jw_string_field(&jw, "file", opt.output);
		jw_u64_field(&jw, "start_pfn", start);
		jw_u64_field(&jw, "end_pfn", end);
		jw_u64_field(&jw, "pfns", end - start);
		jw_u64_field(&jw, "bytes", bytes);
		jw_name(&jw, "seconds");
		jw_double(&jw, seconds(&t0, &t1));
	} else {
		printf("recorded pfns 0x%" PRIx64 "-0x%" PRIx64 " (%" PRIu64
		       " pages) to %s: %s in %.2f s\n", start, end - 1,
		       end - start, opt.output,
		       human_size(bytes, size, sizeof(size)), seconds(&t0, &t1));
	}
	return json_finish(0);
}
