// SPDX-License-Identifier: GPL-2.0
/*
 * The page-types summary: pages per distinct flag word, in a hash table
 * that grows with the number of distinct words (not with the range).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include "main.h"

struct slot {
	uint64_t flags;
	uint64_t pages;
	int used;
};

struct summary {
	struct slot *slots;
	size_t size, used;
	uint64_t total;
};

struct summary *summary_new(void)
{
	struct summary *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->size = 256;
	s->slots = calloc(s->size, sizeof(*s->slots));
	if (!s->slots) {
		free(s);
		return NULL;
	}
	return s;
}

static struct slot *lookup(struct slot *slots, size_t size, uint64_t flags)
{
	size_t i = (size_t)((flags * 0x9e3779b97f4a7c15ULL) >> 32) & (size - 1);

	while (slots[i].used && slots[i].flags != flags)
		i = (i + 1) & (size - 1);
	return &slots[i];
}

static int grow(struct summary *s)
{
	struct slot *n = calloc(s->size * 2, sizeof(*n)), *d;
	size_t i;

	if (!n)
		return -ENOMEM;
	for (i = 0; i < s->size; i++) {
		if (!s->slots[i].used)
			continue;
		d = lookup(n, s->size * 2, s->slots[i].flags);
		*d = s->slots[i];
	}
	free(s->slots);
	s->slots = n;
	s->size *= 2;
	return 0;
}

int summary_add(struct summary *s, uint64_t flags, uint64_t pages)
{
	struct slot *sl;

	if (s->used * 2 >= s->size && grow(s))
		return -ENOMEM;
	sl = lookup(s->slots, s->size, flags);
	if (!sl->used) {
		sl->used = 1;
		sl->flags = flags;
		s->used++;
	}
	sl->pages += pages;
	s->total += pages;
	return 0;
}

uint64_t summary_total(const struct summary *s)
{
	return s->total;
}

static int by_flags(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	return x->flags < y->flags ? -1 : x->flags > y->flags;
}

/* The used slots, sorted by flag word; caller frees. */
static struct slot *sorted(const struct summary *s)
{
	struct slot *v = malloc((s->used ? s->used : 1) * sizeof(*v));
	size_t i, n = 0;

	if (!v)
		return NULL;
	for (i = 0; i < s->size; i++)
		if (s->slots[i].used)
			v[n++] = s->slots[i];
	qsort(v, n, sizeof(*v), by_flags);
	return v;
}

void summary_print(const struct summary *s, uint64_t page_size)
{
	struct slot *v = sorted(s);
	char sym[80], names[1024];
	size_t i;

	if (!v)
		return;
	printf("             flags\tpage-count       MB  symbolic-flags\t\t\tlong-symbolic-flags\n");
	for (i = 0; i < s->used; i++) {
		pagesnap_flags_symbolic(v[i].flags, sym, sizeof(sym));
		pagesnap_flags_format(v[i].flags, names, sizeof(names));
		printf("0x%016" PRIx64 "\t%10" PRIu64 " %8" PRIu64 "  %s\t%s\n",
		       v[i].flags, v[i].pages, (v[i].pages * page_size) >> 20,
		       sym, names);
	}
	printf("             total\t%10" PRIu64 " %8" PRIu64 "\n", s->total,
	       (s->total * page_size) >> 20);
	free(v);
}

void summary_json(const struct summary *s, uint64_t page_size)
{
	struct slot *v = sorted(s);
	char sym[80];
	size_t i;
	unsigned int b;

	if (!v)
		return;
	jw_name(&jw, "summary");
	jw_start_array(&jw);
	for (i = 0; i < s->used; i++) {
		pagesnap_flags_symbolic(v[i].flags, sym, sizeof(sym));
		jw_start_object(&jw);
		jw_hex_field(&jw, "kpf", v[i].flags);
		jw_u64_field(&jw, "pages", v[i].pages);
		jw_u64_field(&jw, "bytes", v[i].pages * page_size);
		jw_string_field(&jw, "symbolic", sym);
		jw_name(&jw, "flags");
		jw_start_array(&jw);
		for (b = 0; b < 64; b++)
			if ((v[i].flags & (1ULL << b)) && pagesnap_flag_name(b))
				jw_string(&jw, pagesnap_flag_name(b));
		jw_end_array(&jw);
		jw_end_object(&jw);
	}
	jw_end_array(&jw);
	jw_u64_field(&jw, "total_pages", s->total);
	jw_u64_field(&jw, "total_bytes", s->total * page_size);
	free(v);
}

void summary_free(struct summary *s)
{
	if (!s)
		return;
	free(s->slots);
	free(s);
}
