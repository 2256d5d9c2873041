// SPDX-License-Identifier: GPL-2.0
/*
 * Names for what the pages point to: the path of a file (dev:ino) and of
 * a memory cgroup (inode), found by walking the mounts of the devices
 * asked for, as 'cache' does, and the cgroup2 hierarchy; or, with
 * --input, read from the snapshot's tables.
 */
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "main.h"
#include "names.h"

struct fkey {
	uint32_t major, minor;
	uint64_t ino;
	char *path;
	int used;
};

static struct {
	struct fkey *v;
	size_t size, used, unnamed;
} fset;

static struct {
	struct name_row *v;
	size_t nr, size;
} memcgs;

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

/** names_want_file() - ask for the path of @ma:@mi inode @ino; -1: no memory */
int names_want_file(uint32_t ma, uint32_t mi, uint64_t ino)
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
	if (!k->used || k->path)
		return 0;
	k->path = strdup(path);
	if (!k->path)
		return -1;
	return --fset.unnamed == 0;
}

static int dev_wanted(dev_t dev)
{
	size_t i;

	for (i = 0; i < fset.size; i++)
		if (fset.v[i].used && !fset.v[i].path &&
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
	struct name_row *v;

	(void)ftw;
	if (type != FTW_D || st->st_dev != walk_dev)
		return 0;
	if (memcgs.nr == memcgs.size) {
		v = realloc(memcgs.v, (memcgs.size ? memcgs.size * 2 : 64) *
			    sizeof(*v));
		if (!v)
			return -1;
		memcgs.v = v;
		memcgs.size = memcgs.size ? memcgs.size * 2 : 64;
	}
	v = &memcgs.v[memcgs.nr];
	memset(v, 0, sizeof(*v));
	v->ino = st->st_ino;
	v->path = strdup(*rel ? rel : "/");
	if (!v->path)
		return -1;
	memcgs.nr++;
	return 0;
}

/**
 * names_resolve() - find the paths: the files asked for (walking the
 * mounts of their devices until all are found) and, with @memcg, every
 * directory of the cgroup2 hierarchy.  Nothing to do with --input.
 */
void names_resolve(int memcg)
{
	char line[8192], dir[4096], fstype[64];
	unsigned int ma, mi;
	struct stat st;
	int cg_done = !memcg;
	char *sep;
	FILE *f;

	if (opt.input)
		return;
	fset.unnamed = fset.used;
	/* --mount DIR: files under those directories only, as 'cache' */
	for (ma = 0; ma < opt.nr_mounts && fset.unnamed; ma++) {
		if (stat(opt.mounts[ma], &st) || !dev_wanted(st.st_dev))
			continue;
		walk_dev = st.st_dev;
		nftw(opt.mounts[ma], file_fn, 32, FTW_MOUNT | FTW_PHYS);
	}
	if (opt.nr_mounts)
		fset.unnamed = 0;
	f = fopen("/proc/self/mountinfo", "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f) && (!cg_done || fset.unnamed)) {
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

/** names_file() - the path of a file, or NULL */
const char *names_file(uint32_t ma, uint32_t mi, uint64_t ino)
{
	struct fkey *k;

	if (opt.input)
		return input_file_path(ma, mi, ino);
	if (!fset.size)
		return NULL;
	k = fslot(fset.v, fset.size, ma, mi, ino);
	return k->used ? k->path : NULL;
}

/** names_memcg() - the path of a memcg below the cgroup2 root, or NULL */
const char *names_memcg(uint64_t ino)
{
	size_t i;

	if (opt.input)
		return input_memcg_path(ino);
	for (i = 0; i < memcgs.nr; i++)
		if (memcgs.v[i].ino == ino)
			return memcgs.v[i].path;
	return NULL;
}

/** names_each() - call @fn for each memcg (@files 0) or named file (1) */
int names_each(int files, int (*fn)(const struct name_row *row, void *arg),
	       void *arg)
{
	struct name_row row;
	size_t i;
	int ret;

	if (!files) {
		for (i = 0; i < memcgs.nr; i++)
			if ((ret = fn(&memcgs.v[i], arg)))
				return ret;
		return 0;
	}
	for (i = 0; i < fset.size; i++) {
		if (!fset.v[i].used || !fset.v[i].path)
			continue;
		row.major = fset.v[i].major;
		row.minor = fset.v[i].minor;
		row.ino = fset.v[i].ino;
		row.path = fset.v[i].path;
		if ((ret = fn(&row, arg)))
			return ret;
	}
	return 0;
}

void names_free(void)
{
	size_t i;

	for (i = 0; i < fset.size; i++)
		free(fset.v[i].path);
	free(fset.v);
	for (i = 0; i < memcgs.nr; i++)
		free(memcgs.v[i].path);
	free(memcgs.v);
	memset(&fset, 0, sizeof(fset));
	memset(&memcgs, 0, sizeof(memcgs));
}

/**
 * resolve_file_paths() - fill @v[i].path (malloc'ed; NULL when not found)
 * @v:	the files
 * @n:	how many
 *
 * Through names_want_file() and names_resolve(): the mounts of their
 * devices, or only the --mount directories; with --input, the paths the
 * snapshot file recorded.  For the commands that use no other name here.
 */
void resolve_file_paths(struct file_name *v, size_t n)
{
	const char *p;
	size_t i;

	for (i = 0; i < n; i++)
		if (names_want_file(v[i].major, v[i].minor, v[i].ino))
			break;
	names_resolve(0);
	for (i = 0; i < n; i++) {
		p = names_file(v[i].major, v[i].minor, v[i].ino);
		v[i].path = p ? strdup(p) : NULL;
	}
	names_free();
}
