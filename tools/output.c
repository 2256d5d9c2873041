// SPDX-License-Identifier: GPL-2.0
/*
 * What every command needs: errors (text or JSON), argument words turned
 * into values with a hint when they are wrong, the device, human sizes
 * and a progress line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/magic.h>

#include "main.h"
#include "snapfile.h"

static int json_errored;

static void report(const char *fmt, va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (!opt.json) {
		fprintf(stderr, "Error: %s\n", msg);
		return;
	}
	if (json_errored)
		return;
	json_errored = 1;
	if (jw.depth == 0)
		jw_start_object(&jw);
	else
		jw_close_to(&jw, 1);
	if (jw.kind[1] == '{') {
		jw_string_field(&jw, "error", msg);
	} else {
		jw_start_object(&jw);
		jw_string_field(&jw, "error", msg);
		jw_end_object(&jw);
	}
	jw_close_all(&jw);
	jw_end(&jw);
}

/* An error: "Error: ..." on stderr, or {"error": "..."} in JSON mode. */
int p_err(const char *fmt, ...)
{
	va_list ap;

	progress_done();
	va_start(ap, fmt);
	report(fmt, ap);
	va_end(ap);
	return EXIT_ERR;
}

/* A usage error: as p_err() but exit status 2. */
int p_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

/* A note on stderr that JSON consumers never see on stdout. */
void p_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int json_begin(void)
{
	if (opt.json && jw.depth == 0)
		jw_start_object(&jw);
	return 0;
}

/* Close the JSON document of a command that returns @ret. */
int json_finish(int ret)
{
	if (opt.json && !json_errored) {
		jw_close_all(&jw);
		jw_end(&jw);
	}
	return ret;
}

const char *human_size(uint64_t bytes, char *buf, size_t size)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB",
					    "PiB", "EiB" };
	double v = (double)bytes;
	unsigned int u = 0;

	while (v >= 1024 && u < 6) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, size, "%llu B", (unsigned long long)bytes);
	else
		snprintf(buf, size, "%.1f %s", v, unit[u]);
	return buf;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double progress_start, progress_last;
static double progress_delay = 1.0;
static uint64_t progress_first;
static int progress_shown;
static int progress_tty = -1;	/* asked once: see progress() */

/*
 * PAGESNAP_PROGRESS_DELAY: seconds a walk lasts before its progress line
 * shows (as GIT_PROGRESS_DELAY), 0 to 3600; anything else leaves 1.
 */
static double progress_delay_env(void)
{
	const char *s = getenv("PAGESNAP_PROGRESS_DELAY");
	char *end;
	double d;

	if (!s || !*s)
		return 1.0;
	errno = 0;
	d = strtod(s, &end);
	return !errno && !*end && d >= 0 && d <= 3600 ? d : 1.0;
}

/*
 * "NN% done/total pfns, N pfns/s, ETA Ns" on stderr, once a walk has
 * lasted a second, when stderr is a terminal, never with -j or -q.
 */
void progress(uint64_t done, uint64_t total)
{
	double t, rate;

	/* called once per entry: an isatty() ioctl each time cost 2 s a scan */
	if (progress_tty < 0) {
		progress_tty = isatty(STDERR_FILENO) && !opt.json &&
			       !opt.quiet;
		progress_delay = progress_delay_env();
	}
	if (!total || !progress_tty)
		return;
	t = now();
	if (!progress_start) {
		progress_start = t;
		progress_first = done;
		return;
	}
	if (t - progress_start < progress_delay || t - progress_last < 0.5)
		return;
	progress_last = t;
	progress_shown = 1;
	rate = (double)(done - progress_first) / (t - progress_start);
	fprintf(stderr, "\r%3u%% %llu/%llu pfns, %.0f pfns/s, ETA %.0fs\033[K",
		(unsigned int)(done * 100 / total), (unsigned long long)done,
		(unsigned long long)total, rate,
		rate > 0 ? (double)(total - done) / rate : 0.0);
}

void progress_done(void)
{
	if (progress_shown)
		fputs("\r\033[K", stderr);
	progress_shown = 0;
	progress_start = 0;
	progress_last = 0;
}

/* --kpageflags: a saved /proc/kpageflags stands in for the device. */
static int open_kpageflags(struct pagesnap **ps, struct pagesnap_info *info)
{
	struct stat st;

	if (stat(opt.kpageflags, &st))
		return p_err("cannot read '%s': %s", opt.kpageflags,
			     strerror(errno));
	*ps = NULL;
	if (info) {
		memset(info, 0, sizeof(*info));
		info->page_size = (uint32_t)sysconf(_SC_PAGESIZE);
		info->pfn_end = (uint64_t)st.st_size / 8;
		info->valid_mask = PAGESNAP_VALID_KPF;
	}
	return 0;
}

int open_device(struct pagesnap **ps, struct pagesnap_info *info)
{
	const char *path = opt.device ? opt.device : PAGESNAP_DEVICE_PATH;
	int ret;

	if (opt.kpageflags && opt.input)
		return p_usage("--kpageflags and --input exclude each other");
	if (opt.kpageflags)
		return open_kpageflags(ps, info);
	if (opt.input) {
		*ps = NULL;
		return input_open(opt.input, info);
	}
	ret = pagesnap_open(path, ps);
	if (ret)
		return p_err("cannot open '%s': %s", path,
			     pagesnap_strerror(ret));
	if (info)
		pagesnap_info(*ps, info);
	return 0;
}

int arg_number(const char *what, const char *word, uint64_t *val)
{
	int ret = pagesnap_parse_number(word, val);

	if (ret == -ERANGE)
		return p_usage("%s '%s' is too large", what, word);
	if (ret)
		return p_usage("%s '%s' is not a number (decimal or 0x hex)",
			       what, word);
	return 0;
}

int arg_range(const char *word, uint64_t *start, uint64_t *end)
{
	int ret = pagesnap_parse_range(word, start, end);

	if (ret == -ERANGE)
		return p_usage("range '%s' does not fit in 64 bits", word);
	if (ret)
		return p_usage("invalid range '%s': expected N, N+M, N,M (M > N), N, or ,M (decimal or 0x hex)",
			       word);
	return 0;
}

/* Whether @dir is a cgroup directory with the memory controller. */
static int memcg_dir_check(const char *word, const char *dir)
{
	static const char *const files[] = { "memory.stat", "memory.current",
					     "memory.usage_in_bytes" };
	char path[4096];
	struct statfs sf;
	unsigned int i;

	if (statfs(dir, &sf))
		return p_usage("cgroup '%s': %s", word, strerror(errno));
	if (sf.f_type != CGROUP2_SUPER_MAGIC && sf.f_type != CGROUP_SUPER_MAGIC)
		return p_usage("cgroup '%s' is not on a cgroup filesystem (a memory cgroup directory such as /sys/fs/cgroup/NAME, or @INODE)",
			       word);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		if (!access(path, F_OK))
			return 0;
	}
	return p_usage("cgroup '%s' has no memory controller (no memory.stat there): its pages are charged to an ancestor that has one",
		       word);
}

int arg_cgroup(const char *word)
{
	if (word[0] == '@')
		return arg_number("cgroup inode", word + 1, &opt.cgroup) ?
		       EXIT_USAGE : (opt.have_cgroup = 1, 0);
	/* a path: of this machine, or with --input of the recording's */
	opt.cgroup_path = word;
	opt.have_cgroup = 1;
	return 0;
}

/**
 * cgroup_resolve() - --cgroup PATH on this machine, after all options
 *
 * With --input the path names a memcg of the recording, resolved when
 * the snapshot is opened (cgroup_resolve_recorded()).
 */
int cgroup_resolve(void)
{
	const char *word = opt.cgroup_path;
	struct stat st;
	int ret;

	if (!word || opt.input)
		return 0;
	if (stat(word, &st))
		return p_usage("cgroup '%s': %s (a cgroup directory or @INODE)",
			       word, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return p_usage("cgroup '%s' is not a directory (a cgroup directory or @INODE)",
			       word);
	ret = memcg_dir_check(word, word);
	if (ret)
		return ret;
	opt.cgroup = st.st_ino;
	opt.cgroup_path = NULL;
	return 0;
}

/*
 * The recorded path (below the cgroup2 root, "/" for the root) that
 * @word names: itself, or without this machine's /sys/fs/cgroup prefix.
 */
static int recorded_path_is(const char *word, const char *path)
{
	static const char mnt[] = "/sys/fs/cgroup";
	size_t n = strlen(word);

	while (n > 1 && word[n - 1] == '/')
		n--;
	if (!strncmp(word, mnt, sizeof(mnt) - 1) &&
	    (word[sizeof(mnt) - 1] == '/' || n == sizeof(mnt) - 1)) {
		word += sizeof(mnt) - 1;
		n -= sizeof(mnt) - 1;
		if (!n)
			return !strcmp(path, "/");
	}
	if (word[0] != '/')
		return path[0] == '/' && strlen(path + 1) == n &&
		       !strncmp(path + 1, word, n);
	return strlen(path) == n && !strncmp(path, word, n);
}

/**
 * cgroup_resolve_recorded() - --cgroup PATH with --input
 * @v:  the recording's memcg table (inode and path below the root)
 * @nr: its rows
 *
 * Return: 0, or EXIT_USAGE when the recording names no such memcg.
 */
int cgroup_resolve_recorded(const struct snap_name *v, size_t nr)
{
	size_t i;

	if (!opt.cgroup_path)
		return 0;
	for (i = 0; i < nr; i++) {
		if (recorded_path_is(opt.cgroup_path, v[i].path)) {
			opt.cgroup = v[i].ino;
			opt.cgroup_path = NULL;
			return 0;
		}
	}
	return p_usage("cgroup '%s' is not a memory cgroup of the recording (%zu named; a path below its cgroup root such as /system.slice, or @INO)",
		       opt.cgroup_path, nr);
}

int arg_by(const char *word)
{
	static const char *const keys[] = { "memcg", "file", "type", "order" };
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (!strcmp(word, keys[i])) {
			opt.by = BY_MEMCG + (int)i;
			return 0;
		}
	return p_usage("--by '%s': expected memcg, file, type or order", word);
}

/* ---- memcg inode -> cgroup path ---------------------------------------- */

struct ino_path {
	uint64_t ino;
	char *path;
};

static struct {
	int loaded;
	struct ino_path *v;
	size_t n, size;
	size_t root_len;
} memcgs;

static int memcg_add(const char *fpath, const struct stat *st, int type,
		     struct FTW *ftw)
{
	struct ino_path *n;
	const char *rel = fpath + memcgs.root_len;

	(void)ftw;
	if (type != FTW_D)
		return 0;
	if (memcgs.n == memcgs.size) {
		memcgs.size = memcgs.size ? memcgs.size * 2 : 64;
		n = realloc(memcgs.v, memcgs.size * sizeof(*n));
		if (!n)
			return 1;
		memcgs.v = n;
	}
	memcgs.v[memcgs.n].ino = st->st_ino;
	memcgs.v[memcgs.n].path = strdup(*rel ? rel : "/");
	if (!memcgs.v[memcgs.n].path)
		return 1;
	memcgs.n++;
	return 0;
}

static int by_ino(const void *a, const void *b)
{
	const struct ino_path *x = a, *y = b;

	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

/*
 * The hierarchy that holds the memory controller: a cgroup v1 "memory"
 * mount, else the cgroup2 mount.  Empty when neither is mounted.
 */
static void memcg_load(void)
{
	char line[4096], mnt[4096], fstype[64], super[1024], v2[4096] = "";
	char *dash, *use = NULL;
	FILE *f;

	memcgs.loaded = 1;
	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		dash = strstr(line, " - ");
		if (!dash || sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1 ||
		    sscanf(dash + 3, "%63s %*s %1023s", fstype, super) != 2)
			continue;
		if (!strcmp(fstype, "cgroup2") && !v2[0]) {
			strcpy(v2, mnt);
		} else if (!strcmp(fstype, "cgroup") &&
			   (strstr(super, ",memory") ||
			    !strncmp(super, "memory", 6))) {
			use = mnt;
			break;
		}
	}
	fclose(f);
	if (!use && v2[0])
		use = v2;
	if (!use)
		return;
	memcgs.root_len = strlen(use);
	nftw(use, memcg_add, 32, FTW_PHYS | FTW_MOUNT);
	qsort(memcgs.v, memcgs.n, sizeof(*memcgs.v), by_ino);
}

/* The cgroup path of memcg inode @ino ("/a/b"), "@INO" when unknown. */
const char *memcg_path(uint64_t ino, char *buf, size_t size)
{
	struct ino_path key = { .ino = ino }, *hit;

	if (!memcgs.loaded)
		memcg_load();
	hit = memcgs.n ? bsearch(&key, memcgs.v, memcgs.n, sizeof(key),
				 by_ino) : NULL;
	if (hit)
		return hit->path;
	snprintf(buf, size, "@%llu", (unsigned long long)ino);
	return buf;
}
