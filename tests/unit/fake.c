// SPDX-License-Identifier: GPL-2.0
/*
 * A library handle on the fake device (tests/fakedev/fakedev.c, linked
 * into unit-tests), shared by the host suites: the library runs unchanged
 * and its ioctls reach a fake driver configured here, the same seam the
 * Python host tests LD_PRELOAD.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"

static void set_env(const char *name, uint64_t val)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%#" PRIx64, val);
	CU_ASSERT_EQUAL_FATAL(setenv(name, buf, 1), 0);
}

struct pagesnap *unit_fake_handle(uint64_t features, uint64_t pfn_start,
				  uint64_t pfn_end, uint64_t max_pfns,
				  unsigned int max_filters)
{
	struct pagesnap *ps = NULL;

	CU_ASSERT_EQUAL_FATAL(setenv("PAGESNAP_FAKE_DEV", UNIT_FAKE_DEV, 1), 0);
	set_env("PAGESNAP_FAKE_FEATURES", features);
	set_env("PAGESNAP_FAKE_PFN_START", pfn_start);
	set_env("PAGESNAP_FAKE_PFN_END", pfn_end);
	set_env("PAGESNAP_FAKE_MAX_PFNS", max_pfns);
	set_env("PAGESNAP_FAKE_MAX_FILTERS", max_filters);
	set_env("PAGESNAP_FAKE_BAD", 0);
	CU_ASSERT_EQUAL_FATAL(pagesnap_open(UNIT_FAKE_DEV, &ps), 0);
	return ps;
}
