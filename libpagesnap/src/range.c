// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * Numbers and page-types address ranges: N, N+M, N,M, N, and ,M in
 * decimal or 0x hex.  Stricter than page-types: no signs, no trailing
 * garbage, no silent wrap-around, no empty range.
 */
#include <string.h>

#include "internal.h"

/**
 * pagesnap_parse_number() - parse a decimal or 0x-prefixed hex number
 * @str: the whole string must be the number
 * @val: the value
 *
 * Return: 0, -EINVAL (NULL, empty, not a number) or -ERANGE (> 2^64-1).
 */
int pagesnap_parse_number(const char *str, uint64_t *val)
{
	unsigned int base = 10, d;
	uint64_t v = 0;
	const char *p;

	if (!str || !val || !*str)
		return ps_err(-EINVAL);
	p = str;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
		if (!*p)
			return ps_err(-EINVAL);
	}
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			d = (unsigned int)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = (unsigned int)(*p - 'a' + 10);
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = (unsigned int)(*p - 'A' + 10);
		else
			return ps_err(-EINVAL);
		if (v > (UINT64_MAX - d) / base)
			return ps_err(-ERANGE);
		v = v * base + d;
	}
	*val = v;
	return 0;
}

/* Parse the first @len bytes of @s as a number. */
static int parse_part(const char *s, size_t len, uint64_t *val)
{
	char buf[32];

	if (!len || len >= sizeof(buf))
		return len ? -ERANGE : -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return pagesnap_parse_number(buf, val);
}

/**
 * pagesnap_parse_range() - parse a page-types range
 * @str:   "N" (one page), "N+M" (M pages from N), "N,M" (N to M-1),
 *         "N," (N to the end), ",M" (0 to M-1)
 * @start: first pfn
 * @end:   one past the last pfn; UINT64_MAX for "to the end"
 *
 * Return: 0, -EINVAL (syntax, empty range, M < N) or -ERANGE (a number
 * or N+M does not fit in 64 bits).
 */
int pagesnap_parse_range(const char *str, uint64_t *start, uint64_t *end)
{
	uint64_t a = 0, b;
	const char *p;
	int ret;

	if (!str || !start || !end || !*str)
		return ps_err(-EINVAL);
	p = strchr(str, ',');
	if (!p)
		p = strchr(str, '+');
	if (!p) {
		ret = pagesnap_parse_number(str, &a);
		if (ret)
			return ret;
		if (a == UINT64_MAX)
			return ps_err(-ERANGE);
		*start = a;
		*end = a + 1;
		return 0;
	}
	if (strchr(p + 1, ',') || strchr(p + 1, '+'))
		return ps_err(-EINVAL);
	if (p != str) {
		ret = parse_part(str, (size_t)(p - str), &a);
		if (ret)
			return ps_err(ret);
	}
	if (!p[1]) {
		if (p == str)
			return ps_err(-EINVAL);
		*start = a;
		*end = UINT64_MAX;
		return 0;
	}
	ret = pagesnap_parse_number(p + 1, &b);
	if (ret)
		return ret;
	if (*p == '+') {
		if (!b)
			return ps_err(-EINVAL);
		if (a + b < a)
			return ps_err(-ERANGE);
		b += a;
	} else if (b <= a) {
		return ps_err(-EINVAL);
	}
	*start = a;
	*end = b;
	return 0;
}
