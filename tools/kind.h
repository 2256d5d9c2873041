/* SPDX-License-Identifier: GPL-2.0 */
/* What a page holds, for metrics and map (kind.c). */
#ifndef PAGESNAP_CLI_KIND_H
#define PAGESNAP_CLI_KIND_H

#include <pagesnap.h>

enum {
	KIND_HOLE, KIND_FREE, KIND_ANON, KIND_ANON_THP, KIND_FILE,
	KIND_SHMEM, KIND_SLAB, KIND_PGTABLE, KIND_HUGETLB, KIND_RESERVED,
	KIND_OTHER, NR_KINDS_PAGE,
};

unsigned int page_kind(const struct pagesnap_entry *e);
const char *page_kind_name(unsigned int kind);
int page_changed(const struct pagesnap_entry *x, const struct pagesnap_entry *y);

#endif /* PAGESNAP_CLI_KIND_H */
