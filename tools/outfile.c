// SPDX-License-Identifier: GPL-2.0
/*
 * Files written whole or not at all: a temporary beside the target,
 * renamed over it once complete, so that a reader (node_exporter's
 * textfile collector, an image viewer) never sees half a file.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "main.h"

/** outfile_open() - a temporary for @path; *@tmp is its name (free it) */
int outfile_open(const char *path, FILE **f, char **tmp)
{
	int fd;

	*tmp = malloc(strlen(path) + 16);
	if (!*tmp)
		return p_err("out of memory");
	sprintf(*tmp, "%s.tmpXXXXXX", path);
	fd = mkstemp(*tmp);
	if (fd < 0) {
		free(*tmp);
		*tmp = NULL;
		return p_err("cannot create a file beside '%s': %s", path,
			     strerror(errno));
	}
	fchmod(fd, 0644);
	*f = fdopen(fd, "w");
	if (!*f) {
		close(fd);
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
		return p_err("out of memory");
	}
	return 0;
}

/** outfile_close() - rename the temporary over @path (@commit) or drop it */
int outfile_close(FILE *f, char *tmp, const char *path, int commit)
{
	int ret = 0;

	if (fflush(f) || fsync(fileno(f)) || ferror(f))
		ret = commit ? p_err("writing '%s': %s", path,
				     strerror(errno)) : EXIT_ERR;
	fclose(f);
	if (commit && !ret && rename(tmp, path))
		ret = p_err("cannot rename to '%s': %s", path, strerror(errno));
	if (!commit || ret)
		unlink(tmp);
	free(tmp);
	return ret;
}
