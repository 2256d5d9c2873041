// SPDX-License-Identifier: GPL-2.0
/*
 * Counts per key pair: the one hash table of stats --by, diff and
 * metrics.  Open addressing, linear probing, doubled at half full.
 */
#include <errno.h>
#include <stdlib.h>

#include "pairtab.h"

static struct pair_count *pairtab_slot(struct pair_count *v, size_t size,
				       uint64_t k1, uint64_t k2)
{
	size_t i = (size_t)(((k1 * 31 + k2) * 0x9e3779b97f4a7c15ULL) >> 32) &
		   (size - 1);

	while (v[i].used && (v[i].k1 != k1 || v[i].k2 != k2))
		i = (i + 1) & (size - 1);
	return &v[i];
}

/**
 * pairtab_add() - add @n to counter @which (0 or 1) of the key (@k1, @k2)
 * @t:		the table
 * @k1, @k2:	the key, added when new
 * @which:	0 or 1
 * @n:		what to add
 *
 * Return: 0, or -ENOMEM (the table is unchanged).
 */
int pairtab_add(struct pairtab *t, uint64_t k1, uint64_t k2,
		unsigned int which, uint64_t n)
{
	struct pair_count *c, *v;
	size_t i, size;

	if (t->used * 2 >= t->size) {
		size = t->size ? t->size * 2 : 256;
		v = calloc(size, sizeof(*v));
		if (!v)
			return -ENOMEM;
		for (i = 0; i < t->size; i++)
			if (t->v[i].used)
				*pairtab_slot(v, size, t->v[i].k1,
					      t->v[i].k2) = t->v[i];
		free(t->v);
		t->v = v;
		t->size = size;
	}
	c = pairtab_slot(t->v, t->size, k1, k2);
	if (!c->used) {
		c->used = 1;
		c->k1 = k1;
		c->k2 = k2;
		t->used++;
	}
	c->n[which & 1] += n;
	return 0;
}

/** pairtab_free() - free @t's slots; @t is then empty */
void pairtab_free(struct pairtab *t)
{
	free(t->v);
	t->v = NULL;
	t->size = t->used = 0;
}
