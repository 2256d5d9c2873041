// SPDX-License-Identifier: GPL-2.0
/* pagesnap-cli describe FLAGS: decode a flag word (page-types -d). */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "main.h"

static int list_names(void)
{
	unsigned int b;

	json_begin();
	if (opt.json) {
		jw_name(&jw, "flags");
		jw_start_array(&jw);
	}
	for (b = 0; b < 64; b++) {
		if (!pagesnap_flag_name(b))
			continue;
		if (opt.json) {
			jw_start_object(&jw);
			jw_u64_field(&jw, "bit", b);
			jw_string_field(&jw, "name", pagesnap_flag_name(b));
			jw_name(&jw, "letter");
			jw_string(&jw, (char[2]){ pagesnap_flag_letter(b), 0 });
			jw_bool_field(&jw, "raw_only",
				      !!((1ULL << b) & PAGESNAP_KPF_HACKER_MASK));
			jw_end_object(&jw);
		} else {
			printf("%2u %c %s%s\n", b, pagesnap_flag_letter(b),
			       pagesnap_flag_name(b),
			       (1ULL << b) & PAGESNAP_KPF_HACKER_MASK ?
			       " (r)" : "");
		}
	}
	if (!opt.json)
		printf("(r): kernel-hacker bit, shown with --raw\n");
	return json_finish(0);
}

int do_describe(int argc, char **argv)
{
	char sym[80], names[1024];
	uint64_t flags;
	unsigned int b;
	int ret;

	if (argc == 0)
		return p_usage("describe needs FLAGS (names, 0x hex, or 'list')");
	if (argc > 1)
		return p_usage("unexpected argument '%s'", argv[1]);
	if (!strcmp(argv[0], "list"))
		return list_names();
	if (opt.page_types)
		return pt_describe(argv[0]);
	ret = pagesnap_flags_parse(argv[0], &flags);
	if (ret == -ERANGE)
		return p_usage("flags '%s': number too large", argv[0]);
	if (ret)
		return p_usage("flags '%s': unknown name or bad number (try: pagesnap-cli describe list)",
			       argv[0]);
	pagesnap_flags_symbolic(flags, sym, sizeof(sym));
	pagesnap_flags_format(flags, names, sizeof(names));
	if (opt.json) {
		json_begin();
		jw_hex_field(&jw, "kpf", flags);
		jw_string_field(&jw, "symbolic", sym);
		jw_name(&jw, "flags");
		jw_start_array(&jw);
		for (b = 0; b < 64; b++)
			if (flags & (1ULL << b))
				jw_string(&jw, pagesnap_flag_name(b) ?
					  pagesnap_flag_name(b) : "unknown");
		jw_end_array(&jw);
		return json_finish(0);
	}
	printf("0x%016" PRIx64 "\t%s\t%s\n", flags, sym, names);
	return 0;
}
