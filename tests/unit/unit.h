/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the host CUnit suites: registration and junk-filling helpers. */
#ifndef PAGESNAP_UNIT_H
#define PAGESNAP_UNIT_H

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <CUnit/CUnit.h>
#include <pagesnap.h>

#define JUNK	0xa5

/* Fill an output with junk so that "left untouched" can be checked. */
#define JUNK_FILL(x)	memset(&(x), JUNK, sizeof(x))
#define JUNK_U64	0xa5a5a5a5a5a5a5a5ULL

/* Check a -errno return and that errno carries the same code. */
#define CHECK_ERR(call, err) do {			\
		errno = 0;				\
		CU_ASSERT_EQUAL((call), -(err));	\
		CU_ASSERT_EQUAL(errno, (err));		\
	} while (0)

struct unit_test {
	const char *name;
	void (*fn)(void);
};

int add_suite(const char *name, const struct unit_test *tests);

/*
 * The current test cannot check @why's part on this host (no root, a
 * device present): print it and count a skip, shown in the closing line
 * and never as a pass.
 */
void unit_skip(const char *why);

/*
 * A handle on the fake device (fake.c, ../fakedev/fakedev.c) with this
 * driver; the fake's counters tell what reached its ioctl.
 */
#define UNIT_FAKE_DEV	"/nonexistent/pagesnap-unit-fake"
struct pagesnap *unit_fake_handle(uint64_t features, uint64_t pfn_start,
				  uint64_t pfn_end, uint64_t max_pfns,
				  unsigned int max_filters);
unsigned long fake_queries(void);
unsigned long fake_ioctls(void);
unsigned long fake_stats_calls(void);
unsigned int fake_last_entry_size(void);
unsigned int fake_last_query_flags(void);
unsigned long fake_columns_calls(void);

int register_range_tests(void);
int register_flags_tests(void);
int register_bits_tests(void);
int register_json_tests(void);
int register_device_tests(void);
int register_pagemap_tests(void);
int register_columns_tests(void);
int register_stats_tests(void);

#endif
