/* SPDX-License-Identifier: GPL-2.0 */
/* Paths of files and memory cgroups named by pages (names.c). */
#ifndef PAGESNAP_CLI_NAMES_H
#define PAGESNAP_CLI_NAMES_H

#include <stdint.h>

struct name_row {
	uint32_t major, minor;
	uint64_t ino;
	char *path;
};

int names_want_file(uint32_t ma, uint32_t mi, uint64_t ino);
void names_resolve(int memcg);
const char *names_file(uint32_t ma, uint32_t mi, uint64_t ino);
const char *names_memcg(uint64_t ino);
int names_each(int files, int (*fn)(const struct name_row *row, void *arg),
	       void *arg);
void names_free(void);

#endif /* PAGESNAP_CLI_NAMES_H */
