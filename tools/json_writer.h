/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer: commas, nesting, escaping and optional
 * pretty-printing are handled here so that commands only name values.
 */
#ifndef PAGESNAP_JSON_WRITER_H
#define PAGESNAP_JSON_WRITER_H

#include <stdint.h>
#include <stdio.h>

#define JW_MAX_DEPTH	32

struct jw {
	FILE *out;
	int pretty;
	int depth;
	int need_comma[JW_MAX_DEPTH + 1];
	char kind[JW_MAX_DEPTH + 1];	/* '{' or '[' */
	int after_name;
};

void jw_init(struct jw *w, FILE *out, int pretty);
void jw_escape(FILE *out, const char *s);
void jw_start_object(struct jw *w);
void jw_end_object(struct jw *w);
void jw_start_array(struct jw *w);
void jw_end_array(struct jw *w);
void jw_name(struct jw *w, const char *name);
void jw_string(struct jw *w, const char *s);
void jw_u64(struct jw *w, uint64_t v);
void jw_i64(struct jw *w, int64_t v);
void jw_double(struct jw *w, double v);
void jw_bool(struct jw *w, int v);
void jw_null(struct jw *w);
void jw_hex(struct jw *w, uint64_t v);
void jw_close_to(struct jw *w, int depth);
void jw_close_all(struct jw *w);
void jw_end(struct jw *w);

/* name + value in one call */
void jw_string_field(struct jw *w, const char *name, const char *s);
void jw_u64_field(struct jw *w, const char *name, uint64_t v);
void jw_i64_field(struct jw *w, const char *name, int64_t v);
void jw_bool_field(struct jw *w, const char *name, int v);
void jw_hex_field(struct jw *w, const char *name, uint64_t v);

#endif /* PAGESNAP_JSON_WRITER_H */
