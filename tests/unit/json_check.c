// SPDX-License-Identifier: GPL-2.0
/*
 * A strict, tiny JSON validator (RFC 8259 grammar, UTF-8 checked), so
 * that the tests can parse back what the writer produced.
 */
#include <stddef.h>

#include "json_check.h"

struct p {
	const unsigned char *s;
	int depth;
};

static void ws(struct p *p)
{
	while (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r')
		p->s++;
}

static int value(struct p *p);

static int hex4(struct p *p)
{
	int i;

	for (i = 0; i < 4; i++, p->s++) {
		unsigned char c = *p->s;

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		      (c >= 'A' && c <= 'F')))
			return -1;
	}
	return 0;
}

static int utf8(struct p *p)
{
	unsigned char c = *p->s;
	int n, i;

	if (c < 0x80)
		n = 0;
	else if (c >= 0xc2 && c <= 0xdf)
		n = 1;
	else if (c >= 0xe0 && c <= 0xef)
		n = 2;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 3;
	else
		return -1;
	p->s++;
	for (i = 0; i < n; i++, p->s++)
		if ((*p->s & 0xc0) != 0x80)
			return -1;
	return 0;
}

static int string(struct p *p)
{
	if (*p->s != '"')
		return -1;
	p->s++;
	while (*p->s != '"') {
		if (*p->s < 0x20)
			return -1;	/* includes the terminating NUL */
		if (*p->s == '\\') {
			p->s++;
			switch (*p->s) {
			case '"': case '\\': case '/': case 'b': case 'f':
			case 'n': case 'r': case 't':
				p->s++;
				break;
			case 'u':
				p->s++;
				if (hex4(p))
					return -1;
				break;
			default:
				return -1;
			}
			continue;
		}
		if (utf8(p))
			return -1;
	}
	p->s++;
	return 0;
}

static int number(struct p *p)
{
	if (*p->s == '-')
		p->s++;
	if (*p->s == '0')
		p->s++;
	else if (*p->s >= '1' && *p->s <= '9')
		while (*p->s >= '0' && *p->s <= '9')
			p->s++;
	else
		return -1;
	if (*p->s == '.') {
		p->s++;
		if (!(*p->s >= '0' && *p->s <= '9'))
			return -1;
		while (*p->s >= '0' && *p->s <= '9')
			p->s++;
	}
	if (*p->s == 'e' || *p->s == 'E') {
		p->s++;
		if (*p->s == '+' || *p->s == '-')
			p->s++;
		if (!(*p->s >= '0' && *p->s <= '9'))
			return -1;
		while (*p->s >= '0' && *p->s <= '9')
			p->s++;
	}
	return 0;
}

static int word(struct p *p, const char *w)
{
	while (*w)
		if (*p->s++ != (unsigned char)*w++)
			return -1;
	return 0;
}

static int container(struct p *p, char close, int is_obj)
{
	p->s++;
	if (++p->depth > 256)
		return -1;
	ws(p);
	if (*p->s == (unsigned char)close) {
		p->s++;
		p->depth--;
		return 0;
	}
	for (;;) {
		ws(p);
		if (is_obj) {
			if (string(p))
				return -1;
			ws(p);
			if (*p->s++ != ':')
				return -1;
		}
		if (value(p))
			return -1;
		ws(p);
		if (*p->s == ',') {
			p->s++;
			continue;
		}
		if (*p->s++ != (unsigned char)close)
			return -1;
		p->depth--;
		return 0;
	}
}

static int value(struct p *p)
{
	ws(p);
	switch (*p->s) {
	case '{': return container(p, '}', 1);
	case '[': return container(p, ']', 0);
	case '"': return string(p);
	case 't': return word(p, "true");
	case 'f': return word(p, "false");
	case 'n': return word(p, "null");
	default: return number(p);
	}
}

int json_valid(const char *text)
{
	struct p p = { (const unsigned char *)text, 0 };

	if (!text || value(&p))
		return 0;
	ws(&p);
	return *p.s == '\0';
}
