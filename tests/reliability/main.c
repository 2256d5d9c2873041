// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-rel - the reliability and security campaign's guest program.
 *
 *   pagesnap-rel fuzz|stress|life|priv|resp [ARGS]
 *
 * Each subcommand prints "PASS: name" / "FAIL: name: why" verdicts,
 * "PAGESNAP-REL: suite.key value" figures, and ends with
 * "pagesnap-rel SUB: P passed, F failed".  Exit status: 0 when nothing
 * failed.  See tests/reliability/README.md.
 */
#include <stdio.h>
#include <string.h>

#include "rel.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} subs[] = {
	{ "fuzz", rel_fuzz_main },
#ifndef REL_FUZZ_ONLY
	{ "stress", rel_stress_main },
	{ "life", rel_life_main },
	{ "priv", rel_priv_main },
	{ "resp", rel_resp_main },
#endif
};

int main(int argc, char **argv)
{
	unsigned int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; argc > 1 && i < sizeof(subs) / sizeof(subs[0]); i++) {
		if (strcmp(argv[1], subs[i].name))
			continue;
		subs[i].fn(argc - 1, argv + 1);
		printf("pagesnap-rel %s: %d passed, %d failed, %d skipped\n",
		       subs[i].name, rel_passed, rel_failed, rel_skipped);
		return rel_failed ? 1 : 0;
	}
	fprintf(stderr, "usage: pagesnap-rel fuzz|stress|life|priv|resp [ARGS]\n");
	return 2;
}
