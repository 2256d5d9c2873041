// SPDX-License-Identifier: GPL-2.0
/*
 * File dev:inode -> path, for cache and stats --by file: walk the mount
 * points of the devices asked about (nftw, one filesystem at a time), or
 * read them from the --input snapshot.
 */
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "main.h"

static struct file_name *names;
static size_t nr_names, unresolved;
static dev_t walk_dev;

static int resolve_fn(const char *path, const struct stat *st, int type,
		      struct FTW *ftw)
{
	size_t i;

	(void)ftw;
	if (st->st_dev != walk_dev || type != FTW_F)
		return 0;
	for (i = 0; i < nr_names; i++) {
		struct file_name *r = &names[i];

		if (r->path || r->ino != st->st_ino ||
		    makedev(r->major, r->minor) != st->st_dev)
			continue;
		r->path = strdup(path);
		if (r->path && --unresolved == 0)
			return 1;
	}
	return 0;
}

static int dev_wanted(dev_t dev)
{
	size_t i;

	for (i = 0; i < nr_names; i++)
		if (!names[i].path &&
		    makedev(names[i].major, names[i].minor) == dev)
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

static void walk_mount(const char *dir)
{
	struct stat st;

	if (!unresolved || stat(dir, &st) || !dev_wanted(st.st_dev))
		return;
	walk_dev = st.st_dev;
	nftw(dir, resolve_fn, 32, FTW_MOUNT | FTW_PHYS);
}

/*
 * Fill @v[i].path (malloc'ed; NULL when not found) by walking the mount
 * points of the devices in @v, or only the --mount directories; with
 * --input, from the paths the snapshot file recorded.
 */
void resolve_file_paths(struct file_name *v, size_t n)
{
	char line[4096], dir[4096];
	unsigned int ma, mi, i;
	FILE *f;

	names = v;
	nr_names = n;
	unresolved = n;
	if (opt.input) {
		for (i = 0; i < n; i++) {
			const char *p = input_file_path(v[i].major, v[i].minor,
							v[i].ino);

			v[i].path = p ? strdup(p) : NULL;
		}
		return;
	}
	for (i = 0; i < opt.nr_mounts; i++)
		walk_mount(opt.mounts[i]);
	if (opt.nr_mounts)
		return;
	f = fopen("/proc/self/mountinfo", "r");
	if (!f)
		return;
	while (unresolved && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*u %*u %u:%u %*s %4095s", &ma, &mi, dir) != 3)
			continue;
		unescape(dir);
		if (dev_wanted(makedev(ma, mi)))
			walk_mount(dir);
	}
	fclose(f);
}
