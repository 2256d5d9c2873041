// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-cli record [RANGE] -o FILE: every pfn of the range into a
 * snapshot file (docs/snapshot-format.md), with what is needed to read it
 * on another machine: the info record, the kernel release, the time, and
 * the names of the memory cgroups and of the files the pages belong to.
 */
#include <ftw.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>

#include "main.h"
#include "snapfile.h"

#define QUERY_BATCH	4096

/* ---- the files the pages name: a hash set of dev:ino -------------------- */

struct fkey {
	uint32_t major, minor;
	uint64_t ino;
	int used, named;
};

static struct {
	struct fkey *v;
	size_t size, used, unnamed;
} fset;

static size_t fhash(uint32_t ma, uint32_t mi, uint64_t ino, size_t size)
{
	uint64_t h = (ino ^ ((uint64_t)ma << 40) ^ ((uint64_t)mi << 20)) *
		     0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 32) & (size - 1);
}

static struct fkey *fslot(struct fkey *v, size_t size, uint32_t ma,
			  uint32_t mi, uint64_t ino)
{
	size_t i = fhash(ma, mi, ino, size);

	while (v[i].used && (v[i].major != ma || v[i].minor != mi ||
			     v[i].ino != ino))
		i = (i + 1) & (size - 1);
	return &v[i];
}

static int fset_add(uint32_t ma, uint32_t mi, uint64_t ino)
{
	struct fkey *k, *v;
	size_t i, size;

	if (fset.used * 2 >= fset.size) {
		size = fset.size ? fset.size * 2 : 1024;
		v = calloc(size, sizeof(*v));
		if (!v)
			return -1;
		for (i = 0; i < fset.size; i++)
			if (fset.v[i].used)
				*fslot(v, size, fset.v[i].major, fset.v[i].minor,
				       fset.v[i].ino) = fset.v[i];
		free(fset.v);
		fset.v = v;
		fset.size = size;
	}
	k = fslot(fset.v, fset.size, ma, mi, ino);
	if (!k->used) {
		k->used = 1;
		k->major = ma;
		k->minor = mi;
		k->ino = ino;
		fset.used++;
	}
	return 0;
}

/* ---- names: walk the mounts of the devices the pages name ------------- */

static struct snapw *writer;
static dev_t walk_dev;
static size_t walk_root_len;

static int file_fn(const char *path, const struct stat *st, int type,
		   struct FTW *ftw)
{
	struct fkey *k;

	(void)ftw;
	if (type != FTW_F || st->st_dev != walk_dev)
		return 0;
	k = fslot(fset.v, fset.size, major(st->st_dev), minor(st->st_dev),
		  st->st_ino);
	if (!k->used || k->named)
		return 0;
	k->named = 1;
	if (snapw_file(writer, k->major, k->minor, k->ino, path) == -ENOMEM)
		return -1;
	return --fset.unnamed == 0;
}

static int dev_wanted(dev_t dev)
{
	size_t i;

	for (i = 0; i < fset.size; i++)
		if (fset.v[i].used && !fset.v[i].named &&
		    makedev(fset.v[i].major, fset.v[i].minor) == dev)
			return 1;
	return 0;
}

/* Undo the octal escapes of /proc/self/mountinfo (\040 for a space). */
static void unescape(char *s)
{
	char *d = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*d++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
				      (s[3] - '0'));
			s += 4;
		} else {
			*d++ = *s++;
		}
	}
	*d = '\0';
}

static int memcg_fn(const char *path, const struct stat *st, int type,
		    struct FTW *ftw)
{
	const char *rel = path + walk_root_len;

	(void)ftw;
	if (type != FTW_D || st->st_dev != walk_dev)
		return 0;
	return snapw_memcg(writer, st->st_ino, *rel ? rel : "/") == -ENOMEM;
}

/* Name the files (walking the mounts of their devices, as 'cache' does)
 * and every memory cgroup (the cgroup2 tree). */
static void record_names(void)
{
	char line[8192], dir[4096], fstype[64];
	unsigned int ma, mi;
	struct stat st;
	int cg_done = 0;
	char *sep;
	FILE *f;

	fset.unnamed = fset.used;
	f = fopen("/proc/self/mountinfo", "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*u %*u %u:%u %*s %4095s", &ma, &mi, dir) != 3)
			continue;
		unescape(dir);
		sep = strstr(line, " - ");
		if (!cg_done && sep && sscanf(sep, " - %63s", fstype) == 1 &&
		    !strcmp(fstype, "cgroup2") && !stat(dir, &st)) {
			cg_done = 1;
			walk_dev = st.st_dev;
			walk_root_len = strcmp(dir, "/") ? strlen(dir) : 0;
			nftw(dir, memcg_fn, 32, FTW_MOUNT | FTW_PHYS);
		}
		if (fset.unnamed && dev_wanted(makedev(ma, mi)) &&
		    !stat(dir, &st) && st.st_dev == makedev(ma, mi)) {
			walk_dev = st.st_dev;
			nftw(dir, file_fn, 32, FTW_MOUNT | FTW_PHYS);
		}
	}
	fclose(f);
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
			    fset_add(e->file_dev_major, e->file_dev_minor,
				     e->file_ino))
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
		record_names();
	}
	ret = snapw_close(writer, !ret) && !ret ?
	      p_err("writing '%s' failed", opt.output) : ret;
	bytes = !ret && !stat(opt.output, &st) ? (uint64_t)st.st_size : 0;
	writer = NULL;
	free(fset.v);
	memset(&fset, 0, sizeof(fset));
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
