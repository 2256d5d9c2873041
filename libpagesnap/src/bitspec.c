// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * page-types bit-specs (-b): parsing, matching, and compiling to the
 * in-kernel pagesnap_filter terms where that is exact enough to serve as
 * a prefilter.  Userspace always checks every spec again, so the kernel
 * filter only has to be a superset of the answer.
 */
#include <string.h>

#include "internal.h"

#define COMPOUND_BITS	((1ULL << PAGESNAP_KPF_COMPOUND_HEAD) | \
			 (1ULL << PAGESNAP_KPF_COMPOUND_TAIL))

/*
 * Parse a comma list in which items may start with '~'.  @set gets the
 * plain items, @all every item.  '~' is only allowed when @tilde_ok.
 */
static int parse_list(const char *s, size_t len, int tilde_ok,
		      uint64_t *set, uint64_t *all)
{
	char item[64];
	const char *end = s + len, *c;
	uint64_t bits;
	int neg, ret;

	*set = *all = 0;
	if (!len)
		return -EINVAL;
	while (s <= end) {
		c = memchr(s, ',', (size_t)(end - s));
		if (!c)
			c = end;
		neg = *s == '~';
		if (neg && !tilde_ok)
			return -EINVAL;
		if (neg)
			s++;
		if (c == s || (size_t)(c - s) >= sizeof(item))
			return -EINVAL;
		memcpy(item, s, (size_t)(c - s));
		item[c - s] = '\0';
		ret = pagesnap_flags_parse(item, &bits);
		if (ret)
			return ret;
		*all |= bits;
		if (!neg)
			*set |= bits;
		s = c + 1;
	}
	return 0;
}

/**
 * pagesnap_bits_add() - parse one page-types bit-spec and AND it in
 * @bits: spec set; zero it before the first call
 * @spec: "a,b" (any of them set), "a,b=a" (of a and b, exactly a set),
 *        "a,~b" (a set, b clear), "=a,b" (the flags are exactly a|b);
 *        items are names, name prefixes or numbers (0x hex)
 *
 * Return: 0, -EINVAL (syntax, unknown name, value bits outside the mask,
 * '~' combined with '='), -ERANGE (number too large), -E2BIG (more than
 * PAGESNAP_BITS_MAX specs).  @bits is unchanged on error.
 */
int pagesnap_bits_add(struct pagesnap_bits *bits, const char *spec)
{
	struct pagesnap_bits_term t;
	const char *eq;
	uint64_t set, all, dummy;
	int ret;

	if (!bits || !spec || !*spec)
		return ps_err(-EINVAL);
	if (bits->nr >= PAGESNAP_BITS_MAX)
		return ps_err(-E2BIG);
	memset(&t, 0, sizeof(t));
	eq = strchr(spec, '=');
	if (eq) {
		if (strchr(eq + 1, '='))
			return ps_err(-EINVAL);
		ret = parse_list(eq + 1, strlen(eq + 1), 0, &t.value, &dummy);
		if (!ret && eq == spec)
			t.mask = UINT64_MAX;
		else if (!ret)
			ret = parse_list(spec, (size_t)(eq - spec), 0,
					 &t.mask, &dummy);
		if (!ret && (t.value & ~t.mask))
			ret = -EINVAL;
	} else {
		ret = parse_list(spec, strlen(spec), 1, &set, &all);
		if (!ret && strchr(spec, '~')) {
			t.mask = all;
			t.value = set;
		} else if (!ret) {
			t.mask = all;
			t.any = 1;
		}
	}
	if (ret)
		return ps_err(ret);
	bits->terms[bits->nr++] = t;
	return 0;
}

/**
 * pagesnap_bits_match() - does a flag word satisfy every spec?
 * @bits:  spec set; NULL or empty matches everything
 * @flags: flag word, e.g. from pagesnap_entry_flags()
 *
 * Return: 1 when it matches, 0 when it does not.
 */
int pagesnap_bits_match(const struct pagesnap_bits *bits, uint64_t flags)
{
	unsigned int i;

	if (!bits)
		return 1;
	for (i = 0; i < bits->nr && i < PAGESNAP_BITS_MAX; i++) {
		const struct pagesnap_bits_term *t = &bits->terms[i];

		if (t->any ? !(flags & t->mask) : (flags & t->mask) != t->value)
			return 0;
	}
	return 1;
}

/* Kernel terms for one spec; 0 when it cannot narrow anything down. */
static unsigned int compile_term(const struct pagesnap_bits_term *t,
				 uint64_t exact, struct pagesnap_filter *out,
				 unsigned int max)
{
	unsigned int n = 0, b;

	if (!t->any) {
		if (!(t->mask & exact) || !max)
			return 0;
		out[0].mask = t->mask & exact;
		out[0].value = t->value & exact;
		return 1;
	}
	/* "any of": one term per bit; a bit we cannot see passes all */
	if (t->mask & ~exact)
		return 0;
	for (b = 0; b < 64; b++) {
		if (!(t->mask & (1ULL << b)))
			continue;
		if (n == max)
			return 0;
		out[n].mask = 1ULL << b;
		out[n].value = 1ULL << b;
		n++;
	}
	return n;
}

/**
 * pagesnap_bits_to_filters() - in-kernel prefilter for a spec set
 * @bits:      spec set
 * @raw:       0 when the specs apply to pagesnap_flags_well_known(),
 *             1 when they apply to the raw kpf word
 * @terms:     output terms for pagesnap_set_filter()
 * @max_terms: capacity of @terms
 *
 * The terms select a superset of the matching pages (one spec is
 * compiled; bits that the well-known view may hide are left out), so
 * callers still apply pagesnap_bits_match() to what comes back.
 *
 * Return: the number of terms (0: no useful kernel filter), or -EINVAL
 * (NULL @bits, or NULL @terms with @max_terms > 0).
 */
int pagesnap_bits_to_filters(const struct pagesnap_bits *bits, int raw,
			     struct pagesnap_filter *terms,
			     unsigned int max_terms)
{
	uint64_t exact = PAGESNAP_KPF_KNOWN_MASK;
	unsigned int i, n;

	if (!bits || (!terms && max_terms))
		return ps_err(-EINVAL);
	if (!raw)
		exact &= ~(PAGESNAP_KPF_HACKER_MASK | COMPOUND_BITS);
	for (i = 0; i < bits->nr && i < PAGESNAP_BITS_MAX; i++) {
		n = compile_term(&bits->terms[i], exact, terms, max_terms);
		if (n)
			return (int)n;
	}
	return 0;
}
