// SPDX-License-Identifier: GPL-2.0
/*
 * scols-bench MODE: 1.31 M rows of "pfn flags" (a 5 GiB guest's scan)
 * printed with printf (what pagesnap-cli does) or through Debian's
 * libsmartcols (MODE raw, table, json), to /dev/null.  The evidence for
 * README's "Tables: why not libsmartcols".  Build: make -C tools
 * scols-bench (needs libsmartcols-dev).
 */
#include <libsmartcols.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define N 1310720
int main(int argc, char **argv)
{
	char pfn[32], sym[64];
	unsigned long i;
	if (argc != 2) {
		fprintf(stderr, "usage: scols-bench printf|raw|table|json\n");
		return 2;
	}
	memset(sym, '_', 38);
	sym[38] = 0;
	if (!strcmp(argv[1], "printf")) {
		printf("pfn\tflags\n");
		for (i = 0; i < N; i++) {
			sym[i % 38] = 'l';
			printf("%lx\t%s\n", i, sym);
			sym[i % 38] = '_';
		}
		return 0;
	}
	struct libscols_table *tb = scols_new_table();
	if (!strcmp(argv[1], "raw")) scols_table_enable_raw(tb, 1);
	if (!strcmp(argv[1], "json")) scols_table_enable_json(tb, 1);
	scols_table_new_column(tb, "pfn", 0, SCOLS_FL_RIGHT);
	scols_table_new_column(tb, "flags", 0, 0);
	for (i = 0; i < N; i++) {
		struct libscols_line *ln = scols_table_new_line(tb, NULL);
		snprintf(pfn, sizeof(pfn), "%lx", i);
		sym[i % 38] = 'l';
		scols_line_set_data(ln, 0, pfn);
		scols_line_set_data(ln, 1, sym);
		sym[i % 38] = '_';
	}
	scols_print_table(tb);
	scols_unref_table(tb);
	return 0;
}
