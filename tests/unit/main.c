// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of libpagesnap and pagesnap-cli pieces that need no
 * driver.  Runs every suite, prints CUnit's summary, then a closing
 * "N passed, N failed" line (tests, not asserts); exit 1 on any failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <CUnit/Basic.h>

#include "unit.h"

int add_suite(const char *name, const struct unit_test *tests)
{
	CU_pSuite s = CU_add_suite(name, NULL, NULL);

	if (!s)
		return -1;
	for (; tests->name; tests++)
		if (!CU_add_test(s, tests->name, tests->fn))
			return -1;
	return 0;
}

static unsigned int skipped;

void unit_skip(const char *why)
{
	printf("\n    SKIP: %s ", why);
	skipped++;
}

int main(void)
{
	unsigned int run, failed;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	if (register_range_tests() || register_flags_tests() ||
	    register_bits_tests() || register_json_tests() ||
	    register_device_tests() || register_pagemap_tests() ||
	    register_stats_tests() || register_columns_tests()) {
		fprintf(stderr, "cannot register tests: %s\n", CU_get_error_msg());
		CU_cleanup_registry();
		return 1;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	run = CU_get_number_of_tests_run();
	failed = CU_get_number_of_tests_failed();
	printf("\n%u passed, %u failed, %u skipped\n", run - failed, failed,
	       skipped);
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
