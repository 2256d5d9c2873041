// SPDX-License-Identifier: GPL-2.0
/* page-types bit-specs: parsing, matching, and the kernel prefilter. */
#include <stdint.h>

#include "unit.h"

#define B(n)	(1ULL << PAGESNAP_KPF_##n)

static struct pagesnap_bits one(const char *spec)
{
	struct pagesnap_bits b;

	memset(&b, 0, sizeof(b));
	CU_ASSERT_EQUAL(pagesnap_bits_add(&b, spec), 0);
	CU_ASSERT_EQUAL(b.nr, 1);
	return b;
}

static void test_forms(void)
{
	struct pagesnap_bits b;

	b = one("lru,anon");		/* any */
	CU_ASSERT_EQUAL(b.terms[0].mask, B(LRU) | B(ANON));
	CU_ASSERT_EQUAL(b.terms[0].any, 1);
	b = one("lru,anon=lru");	/* of both, exactly lru */
	CU_ASSERT_EQUAL(b.terms[0].mask, B(LRU) | B(ANON));
	CU_ASSERT_EQUAL(b.terms[0].value, B(LRU));
	CU_ASSERT_EQUAL(b.terms[0].any, 0);
	b = one("lru,~anon");		/* lru set, anon clear */
	CU_ASSERT_EQUAL(b.terms[0].mask, B(LRU) | B(ANON));
	CU_ASSERT_EQUAL(b.terms[0].value, B(LRU));
	CU_ASSERT_EQUAL(b.terms[0].any, 0);
	b = one("=lru,anon");		/* exactly */
	CU_ASSERT_EQUAL(b.terms[0].mask, UINT64_MAX);
	CU_ASSERT_EQUAL(b.terms[0].value, B(LRU) | B(ANON));
	b = one("0x20");		/* hex */
	CU_ASSERT_EQUAL(b.terms[0].mask, B(LRU));
	b = one("~lru");		/* only negated */
	CU_ASSERT_EQUAL(b.terms[0].mask, B(LRU));
	CU_ASSERT_EQUAL(b.terms[0].value, 0);
}

static void test_invalid(void)
{
	static const char *const bad[] = {
		"", ",", "lru,", "bogus", "lru=anon", "=", "lru=", "==lru",
		"lru=anon=lru", "lru,~", "~", "=~lru", "lru,anon=~lru",
		"0x1g", NULL
	};
	struct pagesnap_bits b;
	unsigned int i;

	for (i = 0; bad[i]; i++) {
		memset(&b, JUNK, sizeof(b));
		b.nr = 0;
		CHECK_ERR(pagesnap_bits_add(&b, bad[i]), EINVAL);
		CU_ASSERT_EQUAL(b.nr, 0);
		CU_ASSERT_EQUAL(b.terms[0].mask, JUNK_U64);
	}
	memset(&b, 0, sizeof(b));
	CHECK_ERR(pagesnap_bits_add(&b, "0x10000000000000000"), ERANGE);
	CHECK_ERR(pagesnap_bits_add(NULL, "lru"), EINVAL);
	CHECK_ERR(pagesnap_bits_add(&b, NULL), EINVAL);
	for (i = 0; i < PAGESNAP_BITS_MAX; i++)
		CU_ASSERT_EQUAL(pagesnap_bits_add(&b, "lru"), 0);
	CHECK_ERR(pagesnap_bits_add(&b, "lru"), E2BIG);
	CU_ASSERT_EQUAL(b.nr, PAGESNAP_BITS_MAX);
}

static void test_match(void)
{
	struct pagesnap_bits b;

	b = one("lru,anon");
	CU_ASSERT_TRUE(pagesnap_bits_match(&b, B(LRU)));
	CU_ASSERT_TRUE(pagesnap_bits_match(&b, B(ANON) | B(DIRTY)));
	CU_ASSERT_FALSE(pagesnap_bits_match(&b, B(DIRTY)));
	b = one("lru,anon=lru");
	CU_ASSERT_TRUE(pagesnap_bits_match(&b, B(LRU) | B(DIRTY)));
	CU_ASSERT_FALSE(pagesnap_bits_match(&b, B(LRU) | B(ANON)));
	b = one("lru,~anon");
	CU_ASSERT_TRUE(pagesnap_bits_match(&b, B(LRU)));
	CU_ASSERT_FALSE(pagesnap_bits_match(&b, B(LRU) | B(ANON)));
	CU_ASSERT_FALSE(pagesnap_bits_match(&b, 0));
	b = one("=lru,anon");
	CU_ASSERT_TRUE(pagesnap_bits_match(&b, B(LRU) | B(ANON)));
	CU_ASSERT_FALSE(pagesnap_bits_match(&b, B(LRU) | B(ANON) | B(DIRTY)));
	CU_ASSERT_FALSE(pagesnap_bits_match(&b, B(LRU)));
	/* several specs AND together, as several page-types -b */
	CU_ASSERT_EQUAL(pagesnap_bits_add(&b, "dirty"), 0);
	CU_ASSERT_FALSE(pagesnap_bits_match(&b, B(LRU) | B(ANON)));
	memset(&b, 0, sizeof(b));
	CU_ASSERT_EQUAL(pagesnap_bits_add(&b, "lru"), 0);
	CU_ASSERT_EQUAL(pagesnap_bits_add(&b, "~anon"), 0);
	CU_ASSERT_TRUE(pagesnap_bits_match(&b, B(LRU)));
	CU_ASSERT_FALSE(pagesnap_bits_match(&b, B(LRU) | B(ANON)));
	/* no spec: everything */
	memset(&b, 0, sizeof(b));
	CU_ASSERT_TRUE(pagesnap_bits_match(&b, 0));
	CU_ASSERT_TRUE(pagesnap_bits_match(NULL, UINT64_MAX));
}

/* A kernel term set must select a superset of what userspace matches. */
static int kernel_match(const struct pagesnap_filter *f, int n, uint64_t kpf)
{
	int i;

	if (!n)
		return 1;
	for (i = 0; i < n; i++)
		if ((kpf & f[i].mask) == f[i].value)
			return 1;
	return 0;
}

static void check_superset(const char *spec, int raw)
{
	struct pagesnap_filter f[PAGESNAP_MAX_FILTERS];
	struct pagesnap_bits b = one(spec);
	static const uint64_t samples[] = {
		0, B(LRU), B(ANON), B(LRU) | B(ANON), B(DIRTY),
		B(COMPOUND_HEAD), B(COMPOUND_HEAD) | B(HUGE),
		B(COMPOUND_TAIL) | B(LRU), B(RESERVED), B(RESERVED) | B(LRU),
		B(NOPAGE), B(BUDDY), B(SLAB) | B(RESERVED),
		B(LRU) | B(ANON) | B(MLOCKED),
	};
	unsigned int i;
	int n;

	n = pagesnap_bits_to_filters(&b, raw, f, PAGESNAP_MAX_FILTERS);
	CU_ASSERT(n >= 0 && n <= PAGESNAP_MAX_FILTERS);
	for (i = 0; i < (unsigned int)n; i++)
		CU_ASSERT_EQUAL(f[i].value & ~f[i].mask, 0);
	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		uint64_t view = raw ? samples[i] :
			pagesnap_flags_well_known(samples[i]);

		if (pagesnap_bits_match(&b, view))
			CU_ASSERT_TRUE(kernel_match(f, n, samples[i]));
	}
}

static void test_filters(void)
{
	struct pagesnap_filter f[PAGESNAP_MAX_FILTERS];
	struct pagesnap_bits b;
	static const char *const specs[] = {
		"lru,anon", "lru,anon=lru", "lru,~anon", "=lru,anon", "=lru",
		"compound_head", "~compound_head", "reserved", "~reserved",
		"=nopage", "buddy", "lru,~mlocked", "huge,compound_tail",
		"=0", NULL
	};
	unsigned int i;

	for (i = 0; specs[i]; i++) {
		check_superset(specs[i], 0);
		check_superset(specs[i], 1);
	}

	/* exact forms: one term */
	b = one("lru,~anon");
	memset(f, JUNK, sizeof(f));
	CU_ASSERT_EQUAL(pagesnap_bits_to_filters(&b, 0, f, 8), 1);
	CU_ASSERT_EQUAL(f[0].mask, B(LRU) | B(ANON));
	CU_ASSERT_EQUAL(f[0].value, B(LRU));
	/* any-of: one term per bit, dropped when there is no room */
	b = one("lru,anon,dirty");
	CU_ASSERT_EQUAL(pagesnap_bits_to_filters(&b, 0, f, 8), 3);
	CU_ASSERT_EQUAL(pagesnap_bits_to_filters(&b, 0, f, 2), 0);
	/* bits the well-known view may hide are not pushed down... */
	b = one("reserved");
	CU_ASSERT_EQUAL(pagesnap_bits_to_filters(&b, 0, f, 8), 0);
	/* ...unless the raw view is filtered */
	CU_ASSERT_EQUAL(pagesnap_bits_to_filters(&b, 1, f, 8), 1);
	/* bad arguments */
	CHECK_ERR(pagesnap_bits_to_filters(NULL, 0, f, 8), EINVAL);
	CHECK_ERR(pagesnap_bits_to_filters(&b, 0, NULL, 8), EINVAL);
	CU_ASSERT_EQUAL(pagesnap_bits_to_filters(&b, 1, NULL, 0), 0);
}

static const struct unit_test tests[] = {
	{ "the four page-types forms", test_forms },
	{ "invalid specs leave the set unchanged", test_invalid },
	{ "matching, one spec and several", test_match },
	{ "kernel filters select a superset", test_filters },
	{ NULL, NULL }
};

int register_bits_tests(void)
{
	return add_suite("bits", tests);
}
