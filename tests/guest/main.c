// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-guest-tests - the CUnit suite that runs inside the QEMU guests.
 *
 *   pagesnap-guest-tests [SUITE[/TEST]]...   run all, or only those named
 *
 * A test whose probe finds its precondition missing (no hugepages, no
 * THP, ...) is made inactive and reported "SKIP suite/test: reason": CUnit
 * counts it as Inactive, never as Passed.  The output ends with CUnit's
 * Run Summary, one line "PASS: suite/test" or "FAIL: suite/test" per test
 * that ran (the repeat mode of tests/qemu/run-guest.sh counts them) and a
 * line "guest-tests: N passed, N failed, N skipped".
 * Exit status: 0 when nothing failed and something ran.
 */
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "helpers.h"

extern const struct ps_suite suite_aggr;	/* t_aggr.c */
extern const struct ps_suite suite_columns;	/* t_columns.c */

static const struct ps_suite *const suites[] = {
	&suite_states, &suite_ranges, &suite_diff, &suite_errors,
	&suite_access, &suite_compat, &suite_race, &suite_aggr,
	&suite_columns,
};

/* One "PASS: suite/test" or "FAIL: suite/test" line per test that ran. */
static void print_verdicts(void)
{
	CU_pTestRegistry reg = CU_get_registry();
	CU_pSuite s;
	CU_pTest t;

	for (s = reg->pSuite; s; s = s->pNext)
		for (t = s->pTest; t; t = t->pNext) {
			CU_pFailureRecord f = CU_get_failure_list();

			if (!t->fActive)
				continue;
			while (f && f->pTest != t)
				f = f->pNext;
			printf("%s: %s/%s\n", f ? "FAIL" : "PASS", s->pName,
			       t->pName);
		}
}

static int selected(int argc, char **argv, const char *suite, const char *test)
{
	char full[256];
	int i;

	if (argc < 2)
		return 1;
	snprintf(full, sizeof(full), "%s/%s", suite, test);
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], suite) || !strcmp(argv[i], full))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int passed, failed, inactive, ran;
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!ps_info()) {
		/* no CUnit summary: the host counts the run as failed */
		printf("FAIL: cannot open %s or PAGESNAP_IOC_INFO fails: %m\n",
		       PAGESNAP_DEVICE_PATH);
		return 1;
	}
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	CU_set_fail_on_inactive(CU_FALSE);

	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		const struct ps_suite *s = suites[i];
		const struct ps_test *t;
		CU_pSuite cs = CU_add_suite(s->name, NULL, NULL);

		if (!cs)
			return 2;
		for (t = s->tests; t->name; t++) {
			CU_pTest ct;
			const char *why = NULL;

			if (!selected(argc, argv, s->name, t->name))
				continue;
			ct = CU_add_test(cs, t->name, t->fn);
			if (!ct)
				return 2;
			if (t->probe)
				why = t->probe();
			if (why) {
				printf("SKIP %s/%s: %s\n", s->name, t->name, why);
				CU_set_test_active(ct, CU_FALSE);
			}
		}
	}

	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	printf("\n");
	CU_basic_show_failures(CU_get_failure_list());
	printf("\n");

	print_verdicts();
	ran = CU_get_number_of_tests_run();
	failed = CU_get_number_of_tests_failed();
	passed = ran - failed;
	inactive = CU_get_run_summary()->nTestsInactive;
	printf("guest-tests: %u passed, %u failed, %u skipped\n",
	       passed, failed, inactive);
	CU_cleanup_registry();
	return (failed || !ran) ? 1 : 0;
}
