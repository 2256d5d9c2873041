/* SPDX-License-Identifier: GPL-2.0 */
/* Counts per key pair, for stats --by, diff and metrics (pairtab.c). */
#ifndef PAGESNAP_CLI_PAIRTAB_H
#define PAGESNAP_CLI_PAIRTAB_H

#include <stddef.h>
#include <stdint.h>

/**
 * struct pair_count - one key pair and its counters
 * @k1, @k2:	the key
 * @n:		two counters (e.g. before and after), as pairtab_add() adds
 * @used:	the slot holds a key
 */
struct pair_count {
	uint64_t k1, k2;
	uint64_t n[2];
	int used;
};

/**
 * struct pairtab - an open-addressing table of struct pair_count
 * @v:		@size slots, a power of two; those with @used set hold keys
 * @size:	slots
 * @used:	keys
 */
struct pairtab {
	struct pair_count *v;
	size_t size, used;
};

int pairtab_add(struct pairtab *t, uint64_t k1, uint64_t k2,
		unsigned int which, uint64_t n);
void pairtab_free(struct pairtab *t);

#endif
