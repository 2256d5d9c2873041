// SPDX-License-Identifier: GPL-2.0
/*
 * Link-time stand-in for libpagesnap 0.1.0: the functions old-prog.c
 * calls, with the 0.1 header's prototypes, linked with the 0.1 map, so
 * that old-prog binds them @LIBPAGESNAP_0.1 exactly as a program built
 * against the 0.1 release did.  Never run: old-prog runs with the new
 * library (LD_LIBRARY_PATH).
 */
#include <stdlib.h>
#include <pagesnap.h>

#define NOPE	abort()

int pagesnap_open(const char *path, struct pagesnap **psp) { (void)path; (void)psp; NOPE; }
void pagesnap_close(struct pagesnap *ps) { (void)ps; NOPE; }
int pagesnap_info(const struct pagesnap *ps, struct pagesnap_info *info)
{ (void)ps; (void)info; NOPE; }
int pagesnap_get(struct pagesnap *ps, uint64_t pfn, struct pagesnap_entry *e)
{ (void)ps; (void)pfn; (void)e; NOPE; }
int pagesnap_query_range(struct pagesnap *ps, uint64_t s, uint64_t n,
			 unsigned int f, struct pagesnap_entry *e,
			 unsigned int m, unsigned int *fi, uint64_t *nx)
{ (void)ps; (void)s; (void)n; (void)f; (void)e; (void)m; (void)fi; (void)nx; NOPE; }
int pagesnap_scan_begin(struct pagesnap *ps, uint64_t s, uint64_t e,
			unsigned int f, struct pagesnap_scan **sp)
{ (void)ps; (void)s; (void)e; (void)f; (void)sp; NOPE; }
int pagesnap_scan_next(struct pagesnap_scan *s, const struct pagesnap_entry **e)
{ (void)s; (void)e; NOPE; }
void pagesnap_scan_end(struct pagesnap_scan *s) { (void)s; NOPE; }
int pagesnap_scan(struct pagesnap *ps, uint64_t s, uint64_t e, unsigned int f,
		  pagesnap_scan_fn fn, void *arg)
{ (void)ps; (void)s; (void)e; (void)f; (void)fn; (void)arg; NOPE; }
uint64_t pagesnap_entry_flags(const struct pagesnap_entry *e, int raw)
{ (void)e; (void)raw; NOPE; }
