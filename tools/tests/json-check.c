// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-json-check: exit 0 when stdin is one valid JSON document.
 * Built statically for the QEMU guests, which have no python.
 */
#include <stdio.h>
#include <stdlib.h>

#include "json_check.h"

int main(void)
{
	size_t len = 0, cap = 1 << 16, n;
	char *buf = malloc(cap);

	if (!buf)
		return 2;
	while ((n = fread(buf + len, 1, cap - len - 1, stdin)) > 0) {
		len += n;
		if (len + 1 == cap) {
			char *b = realloc(buf, cap * 2);

			if (!b)
				return 2;
			buf = b;
			cap *= 2;
		}
	}
	buf[len] = '\0';
	if (json_valid(buf))
		return 0;
	fprintf(stderr, "pagesnap-json-check: invalid JSON (%zu bytes)\n", len);
	return 1;
}
