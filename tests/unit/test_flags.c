// SPDX-License-Identifier: GPL-2.0
/* Flag tables: every uapi bit named, names round-trip, formatting edges. */
#include <stdint.h>
#include <stdio.h>

#include "unit.h"

/* Every PAGESNAP_KPF_* of the uapi header, by the header's own macros. */
static const unsigned int uapi_bits[] = {
	PAGESNAP_KPF_LOCKED, PAGESNAP_KPF_ERROR, PAGESNAP_KPF_REFERENCED,
	PAGESNAP_KPF_UPTODATE, PAGESNAP_KPF_DIRTY, PAGESNAP_KPF_LRU,
	PAGESNAP_KPF_ACTIVE, PAGESNAP_KPF_SLAB, PAGESNAP_KPF_WRITEBACK,
	PAGESNAP_KPF_RECLAIM, PAGESNAP_KPF_BUDDY, PAGESNAP_KPF_MMAP,
	PAGESNAP_KPF_ANON, PAGESNAP_KPF_SWAPCACHE, PAGESNAP_KPF_SWAPBACKED,
	PAGESNAP_KPF_COMPOUND_HEAD, PAGESNAP_KPF_COMPOUND_TAIL,
	PAGESNAP_KPF_HUGE, PAGESNAP_KPF_UNEVICTABLE, PAGESNAP_KPF_HWPOISON,
	PAGESNAP_KPF_NOPAGE, PAGESNAP_KPF_KSM, PAGESNAP_KPF_THP,
	PAGESNAP_KPF_OFFLINE, PAGESNAP_KPF_ZERO_PAGE, PAGESNAP_KPF_IDLE,
	PAGESNAP_KPF_PGTABLE, PAGESNAP_KPF_RESERVED, PAGESNAP_KPF_MLOCKED,
	PAGESNAP_KPF_OWNER_2, PAGESNAP_KPF_PRIVATE, PAGESNAP_KPF_PRIVATE_2,
	PAGESNAP_KPF_OWNER_PRIVATE, PAGESNAP_KPF_ARCH, PAGESNAP_KPF_UNCACHED,
	PAGESNAP_KPF_SOFTDIRTY, PAGESNAP_KPF_ARCH_2, PAGESNAP_KPF_ARCH_3,
};

#define NR_UAPI_BITS (sizeof(uapi_bits) / sizeof(uapi_bits[0]))

static void test_every_uapi_bit_named(void)
{
	uint64_t all = 0;
	unsigned int i;

	for (i = 0; i < NR_UAPI_BITS; i++) {
		CU_ASSERT_PTR_NOT_NULL(pagesnap_flag_name(uapi_bits[i]));
		CU_ASSERT_NOT_EQUAL(pagesnap_flag_letter(uapi_bits[i]), 0);
		all |= 1ULL << uapi_bits[i];
	}
	CU_ASSERT_EQUAL(all, PAGESNAP_KPF_KNOWN_MASK);
	/* and nothing else is */
	for (i = 0; i < 64; i++)
		if (!(all & (1ULL << i)))
			CU_ASSERT_PTR_NULL(pagesnap_flag_name(i));
	CU_ASSERT_PTR_NULL(pagesnap_flag_name(64));
	CU_ASSERT_PTR_NULL(pagesnap_flag_name(~0U));
	CU_ASSERT_EQUAL(pagesnap_flag_letter(64), 0);
}

static void test_names_round_trip(void)
{
	unsigned int i;
	uint64_t f;

	for (i = 0; i < 64; i++) {
		const char *n = pagesnap_flag_name(i);

		if (!n)
			continue;
		CU_ASSERT_EQUAL(pagesnap_flag_bit(n), (int)i);
		f = JUNK_U64;
		CU_ASSERT_EQUAL(pagesnap_flags_parse(n, &f), 0);
		CU_ASSERT_EQUAL(f, 1ULL << i);
	}
}

static void test_page_types_names(void)
{
	static const struct { const char *name; int bit; } t[] = {
		{ "locked", 0 }, { "lru", 5 }, { "buddy", 10 }, { "anon", 12 },
		{ "anonymous", 12 }, { "compound_head", 15 },
		{ "compound_tail", 16 }, { "huge", 17 }, { "hwpoison", 19 },
		{ "nopage", 20 }, { "thp", 22 }, { "zero_page", 24 },
		{ "idle", 25 }, { "idle_page", 25 }, { "pgtable", 26 },
		{ "reserved", 32 }, { "mlocked", 33 }, { "owner_2", 34 },
		{ "mappedtodisk", 34 }, { "private", 35 }, { "private_2", 36 },
		{ "owner_private", 37 }, { "arch", 38 }, { "uncached", 39 },
		{ "softdirty", 40 }, { "arch_2", 41 }, { "arch_3", 42 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		CU_ASSERT_EQUAL(pagesnap_flag_bit(t[i].name), t[i].bit);
	CHECK_ERR(pagesnap_flag_bit("no_such_flag"), EINVAL);
	CHECK_ERR(pagesnap_flag_bit(""), EINVAL);
	CHECK_ERR(pagesnap_flag_bit(NULL), EINVAL);
	/* letters as page-types prints them */
	CU_ASSERT_EQUAL(pagesnap_flag_letter(PAGESNAP_KPF_LRU), 'l');
	CU_ASSERT_EQUAL(pagesnap_flag_letter(PAGESNAP_KPF_ANON), 'a');
	CU_ASSERT_EQUAL(pagesnap_flag_letter(PAGESNAP_KPF_BUDDY), 'B');
	CU_ASSERT_EQUAL(pagesnap_flag_letter(PAGESNAP_KPF_COMPOUND_TAIL), 'T');
}

static void test_parse_lists(void)
{
	uint64_t f;

	CU_ASSERT_EQUAL(pagesnap_flags_parse("0x10,anon", &f), 0);
	CU_ASSERT_EQUAL(f, 0x10 | (1ULL << 12));
	CU_ASSERT_EQUAL(pagesnap_flags_parse("compound", &f), 0);
	CU_ASSERT_EQUAL(f, (1ULL << 15) | (1ULL << 16));
	CU_ASSERT_EQUAL(pagesnap_flags_parse("comp", &f), 0);	/* page-types prefix */
	CU_ASSERT_EQUAL(f, (1ULL << 15) | (1ULL << 16));
	CU_ASSERT_EQUAL(pagesnap_flags_parse("swapc", &f), 0);
	CU_ASSERT_EQUAL(f, 1ULL << 13);
	CU_ASSERT_EQUAL(pagesnap_flags_parse("anonym", &f), 0);
	CU_ASSERT_EQUAL(f, 1ULL << 12);
	CU_ASSERT_EQUAL(pagesnap_flags_parse("0", &f), 0);
	CU_ASSERT_EQUAL(f, 0);
	CU_ASSERT_EQUAL(pagesnap_flags_parse("0xffffffffffffffff", &f), 0);
	CU_ASSERT_EQUAL(f, UINT64_MAX);

	f = JUNK_U64;
	CHECK_ERR(pagesnap_flags_parse("", &f), EINVAL);
	CHECK_ERR(pagesnap_flags_parse("lru,", &f), EINVAL);
	CHECK_ERR(pagesnap_flags_parse(",lru", &f), EINVAL);
	CHECK_ERR(pagesnap_flags_parse("lru,,anon", &f), EINVAL);
	CHECK_ERR(pagesnap_flags_parse("lru,bogus", &f), EINVAL);
	CHECK_ERR(pagesnap_flags_parse("~lru", &f), EINVAL);
	CHECK_ERR(pagesnap_flags_parse("0x1g", &f), EINVAL);
	CHECK_ERR(pagesnap_flags_parse("0x10000000000000000", &f), ERANGE);
	CHECK_ERR(pagesnap_flags_parse(
		"a_name_much_longer_than_any_flag_name_could_be", &f), EINVAL);
	CU_ASSERT_EQUAL(f, JUNK_U64);
	CHECK_ERR(pagesnap_flags_parse(NULL, &f), EINVAL);
	CHECK_ERR(pagesnap_flags_parse("lru", NULL), EINVAL);
}

static void test_format(void)
{
	char buf[256], small[8];
	int n;

	n = pagesnap_flags_format((1ULL << 5) | (1ULL << 12), buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "lru,anon");
	CU_ASSERT_EQUAL(n, 8);
	n = pagesnap_flags_format(0, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "");
	CU_ASSERT_EQUAL(n, 0);
	n = pagesnap_flags_format((1ULL << 63) | 1, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "locked,bit63");
	/* truncation: snprintf semantics, always terminated */
	memset(small, JUNK, sizeof(small));
	n = pagesnap_flags_format((1ULL << 5) | (1ULL << 12) | (1ULL << 13),
				  small, sizeof(small));
	CU_ASSERT_EQUAL(n, (int)strlen("lru,anon,swapcache"));
	CU_ASSERT_EQUAL(small[sizeof(small) - 1], '\0');
	CU_ASSERT_EQUAL(strncmp(small, "lru,ano", 7), 0);
	/* size 0: only the length */
	CU_ASSERT_EQUAL(pagesnap_flags_format(1ULL << 5, NULL, 0), 3);
	CHECK_ERR(pagesnap_flags_format(1, NULL, 10), EINVAL);
	/* all names fit in 1024 bytes: the CLI's buffer */
	CU_ASSERT(pagesnap_flags_format(UINT64_MAX, NULL, 0) < 1024);
}

static void test_symbolic(void)
{
	char buf[80], small[4];
	int n;

	n = pagesnap_flags_symbolic((1ULL << 3) | (1ULL << 5), buf, sizeof(buf));
	CU_ASSERT_EQUAL(n, (int)NR_UAPI_BITS);
	CU_ASSERT_EQUAL((size_t)n, strlen(buf));
	CU_ASSERT_EQUAL(strncmp(buf, "___U_l____", 10), 0);
	n = pagesnap_flags_symbolic(0, buf, sizeof(buf));
	CU_ASSERT_EQUAL(strspn(buf, "_"), (size_t)n);
	memset(small, JUNK, sizeof(small));
	n = pagesnap_flags_symbolic(1, small, sizeof(small));
	CU_ASSERT_EQUAL(n, (int)NR_UAPI_BITS);
	CU_ASSERT_STRING_EQUAL(small, "L__");
	CU_ASSERT_EQUAL(pagesnap_flags_symbolic(1, NULL, 0), (int)NR_UAPI_BITS);
	CHECK_ERR(pagesnap_flags_symbolic(1, NULL, 4), EINVAL);
}

static void test_well_known(void)
{
	uint64_t head = 1ULL << PAGESNAP_KPF_COMPOUND_HEAD;
	uint64_t huge = 1ULL << PAGESNAP_KPF_HUGE;
	uint64_t lru = 1ULL << PAGESNAP_KPF_LRU;
	uint64_t resv = 1ULL << PAGESNAP_KPF_RESERVED;
	struct pagesnap_entry e;

	CU_ASSERT_EQUAL(pagesnap_flags_well_known(lru | resv), lru);
	CU_ASSERT_EQUAL(pagesnap_flags_well_known(lru | head), lru);
	CU_ASSERT_EQUAL(pagesnap_flags_well_known(head | huge), head | huge);

	memset(&e, 0, sizeof(e));
	e.valid = PAGESNAP_VALID_KPF;
	e.kpf = lru | resv;
	CU_ASSERT_EQUAL(pagesnap_entry_flags(&e, 0), lru);
	CU_ASSERT_EQUAL(pagesnap_entry_flags(&e, 1), lru | resv);
	e.valid = 0;	/* kpf not filled: not trusted */
	CU_ASSERT_EQUAL(pagesnap_entry_flags(&e, 1), 0);
	e.snap_flags = PAGESNAP_SF_HOLE;
	CU_ASSERT_EQUAL(pagesnap_entry_flags(&e, 0),
			1ULL << PAGESNAP_KPF_NOPAGE);
	CU_ASSERT_EQUAL(pagesnap_entry_flags(NULL, 1), 0);
}

static void test_enum_names(void)
{
	CU_ASSERT_STRING_EQUAL(pagesnap_page_type_name(PAGESNAP_PAGE_TYPE_BUDDY), "buddy");
	CU_ASSERT_STRING_EQUAL(pagesnap_page_type_name(PAGESNAP_PAGE_TYPE_UNACCEPTED), "unaccepted");
	CU_ASSERT_STRING_EQUAL(pagesnap_page_type_name(PAGESNAP_PAGE_TYPE_UNKNOWN), "unknown");
	CU_ASSERT_STRING_EQUAL(pagesnap_page_type_name(~0U), "unknown");
	CU_ASSERT_STRING_EQUAL(pagesnap_mapping_kind_name(PAGESNAP_MAPPING_FILE), "file");
	CU_ASSERT_STRING_EQUAL(pagesnap_mapping_kind_name(99), "unknown");
	CU_ASSERT_STRING_EQUAL(pagesnap_zone_name(PAGESNAP_ZONE_NORMAL), "Normal");
	CU_ASSERT_STRING_EQUAL(pagesnap_zone_name(PAGESNAP_ZONE_DEVICE), "Device");
	CU_ASSERT_STRING_EQUAL(pagesnap_zone_name(6), "unknown");
}

static const struct unit_test tests[] = {
	{ "every uapi KPF bit has a name and a letter", test_every_uapi_bit_named },
	{ "names round-trip through bit numbers", test_names_round_trip },
	{ "page-types names, aliases and letters", test_page_types_names },
	{ "flag lists: names, prefixes, numbers, errors", test_parse_lists },
	{ "long-name formatting and truncation", test_format },
	{ "symbolic formatting and truncation", test_symbolic },
	{ "well-known view and entry flags", test_well_known },
	{ "page type, mapping and zone names", test_enum_names },
	{ NULL, NULL }
};

int register_flags_tests(void)
{
	return add_suite("flags", tests);
}
