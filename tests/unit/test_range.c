// SPDX-License-Identifier: GPL-2.0
/* Numbers and page-types ranges: every form, and every way to get it wrong. */
#include <stdint.h>

#include "unit.h"

static void test_numbers(void)
{
	uint64_t v;

	CU_ASSERT_EQUAL(pagesnap_parse_number("0", &v), 0);
	CU_ASSERT_EQUAL(v, 0);
	CU_ASSERT_EQUAL(pagesnap_parse_number("4096", &v), 0);
	CU_ASSERT_EQUAL(v, 4096);
	CU_ASSERT_EQUAL(pagesnap_parse_number("0x1000", &v), 0);
	CU_ASSERT_EQUAL(v, 0x1000);
	CU_ASSERT_EQUAL(pagesnap_parse_number("0XaBc", &v), 0);
	CU_ASSERT_EQUAL(v, 0xabc);
	CU_ASSERT_EQUAL(pagesnap_parse_number("010", &v), 0);
	CU_ASSERT_EQUAL(v, 10);	/* decimal, not octal */
	CU_ASSERT_EQUAL(pagesnap_parse_number("18446744073709551615", &v), 0);
	CU_ASSERT_EQUAL(v, UINT64_MAX);
	CU_ASSERT_EQUAL(pagesnap_parse_number("0xffffffffffffffff", &v), 0);
	CU_ASSERT_EQUAL(v, UINT64_MAX);
}

static void test_numbers_invalid(void)
{
	static const char *const bad[] = {
		"", "x", "0x", "-1", "+1", " 1", "1 ", "12a", "0x1g", "1.5",
		"0b101", NULL
	};
	unsigned int i;
	uint64_t v;

	for (i = 0; bad[i]; i++) {
		v = JUNK_U64;
		CHECK_ERR(pagesnap_parse_number(bad[i], &v), EINVAL);
		CU_ASSERT_EQUAL(v, JUNK_U64);
	}
	v = JUNK_U64;
	CHECK_ERR(pagesnap_parse_number("18446744073709551616", &v), ERANGE);
	CHECK_ERR(pagesnap_parse_number("0x10000000000000000", &v), ERANGE);
	CHECK_ERR(pagesnap_parse_number("99999999999999999999999", &v), ERANGE);
	CU_ASSERT_EQUAL(v, JUNK_U64);
	CHECK_ERR(pagesnap_parse_number(NULL, &v), EINVAL);
	CHECK_ERR(pagesnap_parse_number("1", NULL), EINVAL);
}

struct range_case {
	const char *s;
	uint64_t start, end;
};

static void test_ranges(void)
{
	static const struct range_case ok[] = {
		{ "5", 5, 6 },
		{ "0x10", 16, 17 },
		{ "10+5", 10, 15 },
		{ "0x10+0x10", 16, 32 },
		{ "10,20", 10, 20 },
		{ "0x100,0x200", 0x100, 0x200 },
		{ "10,", 10, UINT64_MAX },
		{ "10+", 10, UINT64_MAX },
		{ ",20", 0, 20 },
		{ "+20", 0, 20 },
		{ "0", 0, 1 },
		{ "18446744073709551614", UINT64_MAX - 1, UINT64_MAX },
		{ "18446744073709551614+1", UINT64_MAX - 1, UINT64_MAX },
		{ NULL, 0, 0 }
	};
	const struct range_case *c;
	uint64_t s, e;

	for (c = ok; c->s; c++) {
		s = e = JUNK_U64;
		CU_ASSERT_EQUAL(pagesnap_parse_range(c->s, &s, &e), 0);
		CU_ASSERT_EQUAL(s, c->start);
		CU_ASSERT_EQUAL(e, c->end);
	}
}

static void test_ranges_invalid(void)
{
	static const char *const einval[] = {
		"", ",", "+", "a", "10,5", "10,10", "10+0", ",0", "+0",
		"1,2,3", "1+2+3", "1,+2", "x,10", "10,x", "10+-1", " 10",
		"10 ,20", NULL
	};
	static const char *const erange[] = {
		"18446744073709551615", "18446744073709551615+1",
		"0xffffffffffffff00+0x100", "18446744073709551616,",
		",18446744073709551616", NULL
	};
	unsigned int i;
	uint64_t s, e;

	for (i = 0; einval[i]; i++) {
		s = e = JUNK_U64;
		CHECK_ERR(pagesnap_parse_range(einval[i], &s, &e), EINVAL);
		CU_ASSERT_EQUAL(s, JUNK_U64);
		CU_ASSERT_EQUAL(e, JUNK_U64);
	}
	for (i = 0; erange[i]; i++) {
		s = e = JUNK_U64;
		CHECK_ERR(pagesnap_parse_range(erange[i], &s, &e), ERANGE);
		CU_ASSERT_EQUAL(s, JUNK_U64);
	}
	CHECK_ERR(pagesnap_parse_range(NULL, &s, &e), EINVAL);
	CHECK_ERR(pagesnap_parse_range("1", NULL, &e), EINVAL);
	CHECK_ERR(pagesnap_parse_range("1", &s, NULL), EINVAL);
}

static const struct unit_test tests[] = {
	{ "numbers: decimal and hex", test_numbers },
	{ "numbers: invalid and too large", test_numbers_invalid },
	{ "ranges: N, N+M, N,M, N, and ,M", test_ranges },
	{ "ranges: invalid, empty and wrapping", test_ranges_invalid },
	{ NULL, NULL }
};

int register_range_tests(void)
{
	return add_suite("range", tests);
}
