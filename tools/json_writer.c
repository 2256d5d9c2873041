// SPDX-License-Identifier: GPL-2.0
/*
 * Streaming JSON writer.  Strings are written as valid JSON whatever
 * bytes they hold: control characters and bytes that are not part of a
 * valid UTF-8 sequence are escaped as \u00XX.
 */
#include <inttypes.h>
#include <string.h>

#include "json_writer.h"

void jw_init(struct jw *w, FILE *out, int pretty)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->pretty = pretty;
}

static void indent(struct jw *w)
{
	int i;

	if (!w->pretty)
		return;
	fputc('\n', w->out);
	for (i = 0; i < w->depth; i++)
		fputs("    ", w->out);
}

/* Before any value or name: comma and indentation as the context wants. */
static void before_item(struct jw *w)
{
	if (w->after_name) {
		w->after_name = 0;
		return;
	}
	if (w->depth && w->need_comma[w->depth])
		fputc(',', w->out);
	if (w->depth)
		indent(w);
	w->need_comma[w->depth] = 1;
}

/* Length of the valid UTF-8 sequence at @s, 0 if it is not one. */
static int utf8_len(const unsigned char *s)
{
	int n, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

void jw_escape(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	int n;

	fputc('"', out);
	while (*s) {
		switch (*s) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\b':
			fputs("\\b", out);
			break;
		case '\f':
			fputs("\\f", out);
			break;
		default:
			n = *s < 0x20 || *s == 0x7f ? 0 : utf8_len(s);
			if (!n) {
				fprintf(out, "\\u%04x", *s);
				break;
			}
			fwrite(s, 1, (size_t)n, out);
			s += n - 1;
		}
		s++;
	}
	fputc('"', out);
}

static void open_ctx(struct jw *w, char kind)
{
	before_item(w);
	fputc(kind, w->out);
	if (w->depth < JW_MAX_DEPTH)
		w->depth++;
	w->kind[w->depth] = kind;
	w->need_comma[w->depth] = 0;
}

static void close_ctx(struct jw *w, char kind)
{
	int had_items = w->need_comma[w->depth];

	if (!w->depth)
		return;
	w->depth--;
	if (had_items)
		indent(w);
	fputc(kind == '{' ? '}' : ']', w->out);
}

void jw_start_object(struct jw *w)
{
	open_ctx(w, '{');
}

void jw_end_object(struct jw *w)
{
	close_ctx(w, '{');
}

void jw_start_array(struct jw *w)
{
	open_ctx(w, '[');
}

void jw_end_array(struct jw *w)
{
	close_ctx(w, '[');
}

void jw_name(struct jw *w, const char *name)
{
	before_item(w);
	jw_escape(w->out, name);
	fputs(w->pretty ? ": " : ":", w->out);
	w->after_name = 1;
}

void jw_string(struct jw *w, const char *s)
{
	before_item(w);
	jw_escape(w->out, s);
}

void jw_u64(struct jw *w, uint64_t v)
{
	before_item(w);
	fprintf(w->out, "%" PRIu64, v);
}

void jw_i64(struct jw *w, int64_t v)
{
	before_item(w);
	fprintf(w->out, "%" PRId64, v);
}

void jw_double(struct jw *w, double v)
{
	before_item(w);
	fprintf(w->out, "%.3f", v);
}

void jw_bool(struct jw *w, int v)
{
	before_item(w);
	fputs(v ? "true" : "false", w->out);
}

void jw_null(struct jw *w)
{
	before_item(w);
	fputs("null", w->out);
}

/* Flag words go out as "0x..." strings: JSON numbers lose bits past 2^53. */
void jw_hex(struct jw *w, uint64_t v)
{
	before_item(w);
	fprintf(w->out, "\"0x%" PRIx64 "\"", v);
}

/* Close containers until @depth are left open (0: all). */
void jw_close_to(struct jw *w, int depth)
{
	if (w->after_name) {
		w->after_name = 0;
		fputs("null", w->out);
	}
	while (w->depth > depth)
		close_ctx(w, w->kind[w->depth]);
}

void jw_close_all(struct jw *w)
{
	jw_close_to(w, 0);
}

/* End of a document. */
void jw_end(struct jw *w)
{
	fputc('\n', w->out);
	fflush(w->out);
}

void jw_string_field(struct jw *w, const char *name, const char *s)
{
	jw_name(w, name);
	jw_string(w, s);
}

void jw_u64_field(struct jw *w, const char *name, uint64_t v)
{
	jw_name(w, name);
	jw_u64(w, v);
}

void jw_i64_field(struct jw *w, const char *name, int64_t v)
{
	jw_name(w, name);
	jw_i64(w, v);
}

void jw_bool_field(struct jw *w, const char *name, int v)
{
	jw_name(w, name);
	jw_bool(w, v);
}

void jw_hex_field(struct jw *w, const char *name, uint64_t v)
{
	jw_name(w, name);
	jw_hex(w, v);
}
