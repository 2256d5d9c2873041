/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers of pagesnap-rel, the reliability and security campaign
 * (tests/reliability/README.md): the device, a seeded PRNG, clocks,
 * errno tallies, and the two kinds of output lines the suites parse:
 *
 *   PASS: name  /  FAIL: name: why      one verdict each (counted by the
 *                                       guest script)
 *   PAGESNAP-REL: suite.key value       one figure each (collected into
 *                                       tests/RELIABILITY.md)
 *
 * Raw ioctls over uapi/linux/pagesnap.h only: no libpagesnap.
 */
#ifndef PAGESNAP_REL_H
#define PAGESNAP_REL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/pagesnap.h>

#define REL_PAGE	4096UL
#define REL_JUNK	0xA5
/* Lowest address of the kernel half with 5-level paging (4-level: 0xffff8...). */
#define REL_KERNEL_HALF	0xff00000000000000ULL

extern int rel_passed, rel_failed, rel_skipped;

void rel_pass(const char *name);
void rel_fail(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* PASS or FAIL with the reason when !ok. */
void rel_check(int ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* SKIP, counted, with why the check cannot be judged here. */
void rel_skip(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void rel_fig(const char *suite, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void rel_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int rel_open(void);				/* O_RDONLY|O_CLOEXEC, or -1 */
int rel_info(int fd, struct pagesnap_info *info);	/* 0 or -errno */
int rel_query(int fd, struct pagesnap_query *q);	/* 0 or -errno */
/* "" when a STATS call from @start_pfn adds up, else what does not */
const char *rel_stats_counts(const struct pagesnap_stats *st,
			     uint64_t start_pfn);
void rel_query_init(struct pagesnap_query *q, uint64_t start, uint64_t nr,
		    void *ents, uint32_t entry_size, uint32_t max);

double rel_now(void);				/* CLOCK_MONOTONIC seconds */
double rel_scale(void);				/* PAGESNAP_REL_SCALE, default 1 */
int rel_is_debug(void);				/* KASAN/debug kernel booted */

/* splitmix64: seeded, reproducible across builds and word sizes. */
uint64_t rel_rand(uint64_t *s);
uint64_t rel_below(uint64_t *s, uint64_t n);	/* [0, n) */

/* errno tallies */
struct rel_errs {
	unsigned long n[256];
};
void rel_errs_add(struct rel_errs *t, int err);	/* err 0 = success */
/* "0=12 EINVAL=3 ..." into buf */
const char *rel_errs_str(const struct rel_errs *t, char *buf, size_t len);
const char *rel_errname(int err);

uint64_t rel_vaddr_pfn(const void *addr);	/* 0 if not present */
int rel_write_file(const char *path, const char *val);	/* 0 or -errno */
long rel_read_long(const char *path);		/* -1 on error */

/* Subcommands (one file each). */
int rel_fuzz_main(int argc, char **argv);
int rel_stress_main(int argc, char **argv);
int rel_life_main(int argc, char **argv);
int rel_priv_main(int argc, char **argv);
int rel_resp_main(int argc, char **argv);

#endif
