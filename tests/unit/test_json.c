// SPDX-License-Identifier: GPL-2.0
/* The CLI's JSON writer: escaping, nesting, pretty output, error closing. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"
#include "json_check.h"
#include "json_writer.h"

static char *buf;
static size_t len;
static FILE *mem;
static struct jw w;

static void open_mem(int pretty)
{
	mem = open_memstream(&buf, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mem);
	jw_init(&w, mem, pretty);
}

static char *close_mem(void)
{
	fclose(mem);
	return buf;
}

static void test_validator(void)
{
	/* the validator itself must be able to fail */
	CU_ASSERT_TRUE(json_valid("{\"a\":[1,2.5,-3e2,true,false,null,\"x\"]}"));
	CU_ASSERT_TRUE(json_valid(" [] "));
	CU_ASSERT_FALSE(json_valid("{\"a\":1,}"));
	CU_ASSERT_FALSE(json_valid("[1 2]"));
	CU_ASSERT_FALSE(json_valid("{a:1}"));
	CU_ASSERT_FALSE(json_valid("\"tab\there\""));
	CU_ASSERT_FALSE(json_valid("\"\\x\""));
	CU_ASSERT_FALSE(json_valid("\"\xff\""));
	CU_ASSERT_FALSE(json_valid("[01]"));
	CU_ASSERT_FALSE(json_valid("{} {}"));
	CU_ASSERT_FALSE(json_valid(""));
	CU_ASSERT_FALSE(json_valid("[\"unterminated]"));
}

static void escaped(const char *in, const char *want)
{
	open_mem(0);
	jw_string(&w, in);
	close_mem();
	CU_ASSERT_STRING_EQUAL(buf, want);
	CU_ASSERT_TRUE(json_valid(buf));
	free(buf);
}

static void test_escaping(void)
{
	escaped("plain", "\"plain\"");
	escaped("q\"b\\", "\"q\\\"b\\\\\"");
	escaped("a\nb\tc\r\b\f", "\"a\\nb\\tc\\r\\b\\f\"");
	escaped("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
	escaped("caf\xc3\xa9", "\"caf\xc3\xa9\"");		/* valid UTF-8 kept */
	escaped("\xe2\x82\xac", "\"\xe2\x82\xac\"");
	escaped("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");
	escaped("bad\xff", "\"bad\\u00ff\"");			/* invalid byte */
	escaped("\xc3", "\"\\u00c3\"");				/* truncated */
	escaped("\xc0\xaf", "\"\\u00c0\\u00af\"");		/* overlong */
	escaped("\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\"");	/* surrogate */
	escaped("", "\"\"");
	escaped(NULL, "\"\"");
}

static void build_doc(void)
{
	jw_start_object(&w);
	jw_u64_field(&w, "pfn", UINT64_MAX);
	jw_i64_field(&w, "neg", -5);
	jw_hex_field(&w, "kpf", 0x1828);
	jw_bool_field(&w, "ok", 1);
	jw_name(&w, "none");
	jw_null(&w);
	jw_name(&w, "empty");
	jw_start_array(&w);
	jw_end_array(&w);
	jw_name(&w, "emptyobj");
	jw_start_object(&w);
	jw_end_object(&w);
	jw_name(&w, "list");
	jw_start_array(&w);
	jw_u64(&w, 1);
	jw_start_object(&w);
	jw_string_field(&w, "path", "/tmp/a \"b\"");
	jw_end_object(&w);
	jw_double(&w, 1.5);
	jw_end_array(&w);
	jw_end_object(&w);
	jw_end(&w);
}

static void test_structure(void)
{
	open_mem(0);
	build_doc();
	close_mem();
	CU_ASSERT_TRUE(json_valid(buf));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\"pfn\":18446744073709551615"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\"kpf\":\"0x1828\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\"empty\":[]"));
	CU_ASSERT_EQUAL(w.depth, 0);
	free(buf);

	open_mem(1);
	build_doc();
	close_mem();
	CU_ASSERT_TRUE(json_valid(buf));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\n    \"pfn\": 18446744073709551615"));
	free(buf);
}

static void test_close_all(void)
{
	/* an error in the middle: everything open gets closed */
	open_mem(0);
	jw_start_object(&w);
	jw_name(&w, "pages");
	jw_start_array(&w);
	jw_start_object(&w);
	jw_name(&w, "half");
	jw_close_to(&w, 1);
	jw_string_field(&w, "error", "boom");
	jw_close_all(&w);
	jw_end(&w);
	close_mem();
	CU_ASSERT_TRUE(json_valid(buf));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\"error\":\"boom\""));
	free(buf);

	/* nesting deeper than the writer tracks still closes balanced */
	open_mem(0);
	for (int i = 0; i < JW_MAX_DEPTH; i++)
		jw_start_array(&w);
	jw_close_all(&w);
	close_mem();
	CU_ASSERT_TRUE(json_valid(buf));
	free(buf);
}

static const struct unit_test tests[] = {
	{ "the validator rejects broken JSON", test_validator },
	{ "strings: escapes, control bytes, UTF-8", test_escaping },
	{ "nesting, commas, numbers, pretty mode", test_structure },
	{ "closing open containers after an error", test_close_all },
	{ NULL, NULL }
};

int register_json_tests(void)
{
	return add_suite("json", tests);
}
