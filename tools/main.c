// SPDX-License-Identifier: GPL-2.0
/*
 * pagesnap-cli: option parsing and OBJECT [COMMAND] dispatch, bpftool
 * style: any unambiguous prefix of a command name is accepted.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "main.h"
#include "linebuf.h"

struct options opt;
struct jw jw;

static int do_help(int argc, char **argv);
static int do_version(int argc, char **argv);

static const struct cmd cmds[] = {
	{ "info", do_info, OPT_INPUT, "",
	  "driver, ABI, backend, kernel and pfn range" },
	{ "pfn", do_pfn, OPT_RANGES | OPT_DETAIL | OPT_RAW | OPT_COLUMNS |
	  OPT_KPAGEFLAGS | OPT_BITS | OPT_NO_SUMMARY | OPT_INPUT,
	  "PFN|RANGE",
	  "one page in detail, or each page of a range (--ranges: runs)" },
	{ "scan", do_scan, OPT_BITS | OPT_CGROUP | OPT_COLUMNS | OPT_RANGES |
	  OPT_RAW | OPT_KPAGEFLAGS | OPT_NO_SUMMARY | OPT_INPUT, "[RANGE]",
	  "list the pages that match --bits/--cgroup" },
	{ "stats", do_stats, OPT_BITS | OPT_CGROUP | OPT_RAW | OPT_KPAGEFLAGS |
	  OPT_WALK | OPT_BY | OPT_TOP | OPT_RANGES | OPT_NO_SUMMARY |
	  OPT_MOUNT | OPT_INPUT,
	  "[RANGE]",
	  "flag summary, folio orders, free blocks, page types (--by KEY)" },
	{ "addr", do_addr, OPT_BITS | OPT_RANGES | OPT_RAW | OPT_NO_SUMMARY,
	  "PID [ADDR[+LEN]|ADDR,END]",
	  "pages behind a process's virtual addresses" },
	{ "file", do_file, OPT_BITS | OPT_RANGES | OPT_RAW | OPT_NO_SUMMARY,
	  "PATH", "cached pages of a file or a directory tree" },
	{ "describe", do_describe, 0, "FLAGS",
	  "decode a flag word or list (0x10,anon); 'list': all names" },
	{ "cache", do_cache, OPT_MOUNT | OPT_TOP | OPT_INPUT, "",
	  "files occupying the page cache, from physical memory" },
	{ "idle", do_idle, OPT_BITS | OPT_CGROUP | OPT_RAW, "mark RANGE",
	  "mark pages idle (page idle tracking)" },
	{ "hwpoison", do_hwpoison, OPT_BITS | OPT_CGROUP | OPT_RAW,
	  "{ inject | unpoison } RANGE",
	  "inject or remove memory errors (debugfs hwpoison)" },
	{ "record", do_record, OPT_OUTPUT | OPT_MOUNT, "[RANGE] -o FILE",
	  "save every pfn of the range to a snapshot file (--input reads it)" },
	{ "metrics", do_metrics, OPT_OUTPUT | OPT_TOP | OPT_INPUT | OPT_MOUNT,
	  "[-o FILE]",
	  "Prometheus text exposition (-o: atomically, for node_exporter)" },
	{ "diff", do_diff, OPT_TOP | OPT_RAW | OPT_MOUNT, "A B",
	  "what changed between snapshots A and B (B may be 'live')" },
	{ "watch", do_watch, OPT_INTERVAL, "[COUNT]",
	  "page counts, then their changes every -i SECONDS (vmstat style)" },
	{ "map", do_map, OPT_OUTPUT | OPT_INPUT | OPT_NO_COLOR | OPT_DIFF,
	  "[RANGE] [-o FILE.png]",
	  "a picture of physical memory (PNG, or on the terminal)" },
	{ "help", do_help, 0, "", "this text" },
	{ "version", do_version, 0, "", "library and ABI versions" },
	{ NULL, NULL, 0, NULL, NULL }
};

/* Long options, with the OPT_* bit each command must accept. */
static const struct {
	struct option o;
	unsigned int bit;
	const char *arg;
	const char *help;
} options[] = {
	{ { "json", no_argument, NULL, 'j' }, 0, NULL, "JSON output" },
	{ { "pretty", no_argument, NULL, 'p' }, 0, NULL,
	  "indented JSON output (implies --json)" },
	{ { "device", required_argument, NULL, 'D' }, 0, "PATH",
	  "device node (default " PAGESNAP_DEVICE_PATH ")" },
	{ { "bits", required_argument, NULL, 'b' }, OPT_BITS, "SPEC",
	  "page-types bit-spec; repeat to AND several" },
	{ { "cgroup", required_argument, NULL, 'c' }, OPT_CGROUP,
	  "PATH|@INO", "only pages charged to this memory cgroup (with --input: of the recording)" },
	{ { "columns", required_argument, NULL, 'o' }, OPT_COLUMNS, "LIST",
	  "columns to list (--columns help)" },
	{ { "ranges", no_argument, NULL, 'l' }, OPT_RANGES, NULL,
	  "runs of identical pages (page-types -l)" },
	{ { "detail", no_argument, NULL, 'd' }, OPT_DETAIL, NULL,
	  "every page in detail" },
	{ { "raw", no_argument, NULL, 'r' }, OPT_RAW, NULL,
	  "all flag bits, kernel-hacker ones too (page-types -r)" },
	{ { "no-summary", no_argument, NULL, 'N' }, OPT_NO_SUMMARY, NULL,
	  "no flag summary" },
	{ { "mount", required_argument, NULL, 'm' }, OPT_MOUNT, "DIR",
	  "file paths only under DIR (cache, stats --by file, record, "
	  "metrics, diff); repeatable" },
	{ { "top", required_argument, NULL, 'n' }, OPT_TOP, "N",
	  "show the N largest (default 20, 0: all)" },
	{ { "kpageflags", required_argument, NULL, 'F' }, OPT_KPAGEFLAGS,
	  "FILE", "read flags from a saved /proc/kpageflags (page-types -F)" },
	{ { "input", required_argument, NULL, 'I' }, OPT_INPUT, "FILE",
	  "answer from a snapshot file (pagesnap-cli record)" },
	{ { "output", required_argument, NULL, 'O' }, OPT_OUTPUT, "FILE",
	  "file to write (-o for the commands that write one)" },
	{ { "interval", required_argument, NULL, 'i' }, OPT_INTERVAL,
	  "SECONDS", "watch: seconds between lines (default 1; 0.5 is fine)" },
	{ { "no-color", no_argument, NULL, 'C' }, OPT_NO_COLOR, NULL,
	  "map: letters instead of colours on the terminal" },
	{ { "diff", required_argument, NULL, 'B' }, OPT_DIFF, "FILE",
	  "map --input A --diff B: colour what changed from A to B" },
	{ { "quiet", no_argument, NULL, 'q' }, 0, NULL,
	  "no progress line on a terminal" },
	{ { "page-types", no_argument, NULL, LONG_PAGE_TYPES }, 0, NULL,
	  "print exactly what Linux's tools/mm/page-types prints" },
	{ { "walk", no_argument, NULL, LONG_WALK }, OPT_WALK, NULL,
	  "stats: count from a full scan, not the driver's STATS ioctl" },
	{ { "by", required_argument, NULL, LONG_BY }, OPT_BY, "KEY",
	  "stats: pages by memcg, file, type or order (with --top)" },
	{ { "help", no_argument, NULL, 'h' }, 0, NULL, "this text" },
	{ { "version", no_argument, NULL, 'V' }, 0, NULL, "versions" },
};

#define NR_OPTIONS (sizeof(options) / sizeof(options[0]))

static void usage(FILE *out)
{
	unsigned int i;
	const struct cmd *c;

	fprintf(out,
		"Usage: pagesnap-cli [OPTIONS] OBJECT [COMMAND] [ARGS]\n"
		"Commands (any unambiguous prefix):\n");
	for (c = cmds; c->name; c++)
		fprintf(out, "  %-9s %-28s %s\n", c->name, c->args, c->help);
	fprintf(out, "Options:\n");
	for (i = 0; i < NR_OPTIONS; i++) {
		char buf[64];

		if (options[i].o.val < 256)
			snprintf(buf, sizeof(buf), "-%c, --%s%s%s",
				 options[i].o.val, options[i].o.name,
				 options[i].arg ? " " : "",
				 options[i].arg ? options[i].arg : "");
		else
			snprintf(buf, sizeof(buf), "    --%s%s%s",
				 options[i].o.name, options[i].arg ? " " : "",
				 options[i].arg ? options[i].arg : "");
		fprintf(out, "  %-28s %s\n", buf, options[i].help);
	}
	fprintf(out,
		"RANGE: N | N+M | N,M | N, | ,M  (pfns, decimal or 0x hex)\n"
		"SPEC:  a,b (any set) | a,b=a | a,~b | =a,b (exactly)\n"
		"Progress: on a terminal, a walk longer than 1 s shows pfns done,\n"
		"       rate and ETA on stderr (never with -j or -q).\n"
		"Exit status: 0 success, 1 error, 2 usage error.\n");
}

static int do_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (opt.json) {
		const struct cmd *c;
		unsigned int i;

		json_begin();
		jw_name(&jw, "commands");
		jw_start_array(&jw);
		for (c = cmds; c->name; c++)
			jw_string(&jw, c->name);
		jw_end_array(&jw);
		jw_name(&jw, "options");
		jw_start_array(&jw);
		for (i = 0; i < NR_OPTIONS; i++)
			jw_string(&jw, options[i].o.name);
		jw_end_array(&jw);
		return json_finish(0);
	}
	usage(stdout);
	return 0;
}

static int do_version(int argc, char **argv)
{
	struct utsname u;

	(void)argc;
	(void)argv;
	uname(&u);
	if (opt.json) {
		json_begin();
		jw_string_field(&jw, "version", PAGESNAP_VERSION);
		jw_u64_field(&jw, "abi_version", PAGESNAP_ABI_VERSION);
		jw_u64_field(&jw, "entry_size",
			     sizeof(struct pagesnap_entry));
		jw_string_field(&jw, "kernel", u.release);
		return json_finish(0);
	}
	printf("pagesnap-cli %s (libpagesnap %d.%d, ABI %d, entry %zu bytes)\n",
	       PAGESNAP_VERSION, pagesnap_version_major(),
	       pagesnap_version_minor(), PAGESNAP_ABI_VERSION,
	       sizeof(struct pagesnap_entry));
	return 0;
}

/* Find @word in @table: exact name first, then a unique prefix. */
static const struct cmd *cmd_find(const struct cmd *table, const char *kind,
				  const char *word, int *status)
{
	const struct cmd *c, *found = NULL;
	size_t len = strlen(word);
	char list[256] = "";
	int n = 0;

	for (c = table; c->name; c++)
		if (!strcmp(c->name, word))
			return c;
	for (c = table; c->name; c++) {
		if (len && !strncmp(c->name, word, len)) {
			found = c;
			n++;
			if (strlen(list) + strlen(c->name) + 3 < sizeof(list)) {
				if (*list)
					strcat(list, ", ");
				strcat(list, c->name);
			}
		}
	}
	if (n == 1)
		return found;
	if (n > 1)
		*status = p_usage("ambiguous %s '%s': could be %s", kind, word,
				  list);
	else
		*status = p_usage("unknown %s '%s' (try: pagesnap-cli help)",
				  kind, word);
	return NULL;
}

/* "pagesnap-cli OBJECT help": what the command takes. */
static int cmd_help(const struct cmd *c)
{
	unsigned int i;

	if (opt.json) {
		json_begin();
		jw_string_field(&jw, "command", c->name);
		jw_string_field(&jw, "args", c->args);
		jw_string_field(&jw, "help", c->help);
		jw_name(&jw, "options");
		jw_start_array(&jw);
		for (i = 0; i < NR_OPTIONS; i++)
			if (options[i].bit & c->opts)
				jw_string(&jw, options[i].o.name);
		jw_end_array(&jw);
		return json_finish(0);
	}
	printf("Usage: pagesnap-cli [-j|-p] %s %s\n       %s\n", c->name,
	       c->args, c->help);
	for (i = 0; i < NR_OPTIONS; i++)
		if (options[i].bit & c->opts)
			printf("  --%s%s%s\t%s\n", options[i].o.name,
			       options[i].arg ? " " : "",
			       options[i].arg ? options[i].arg : "",
			       options[i].help);
	printf("Global options:\n");
	for (i = 0; i < NR_OPTIONS; i++)
		if (!options[i].bit)
			printf("  --%s%s%s\t%s\n", options[i].o.name,
			       options[i].arg ? " " : "",
			       options[i].arg ? options[i].arg : "",
			       options[i].help);
	return 0;
}

/* Check that every option given applies to @c. */
static int check_options(const struct cmd *c)
{
	unsigned int i;

	for (i = 0; i < NR_OPTIONS; i++) {
		if (options[i].bit && (opt.given & options[i].bit) &&
		    !(c->opts & options[i].bit))
			return p_usage("option '--%s' does not apply to '%s'",
				       options[i].o.name, c->name);
	}
	return 0;
}

int cmd_select(const struct cmd *table, const char *kind, int argc,
	       char **argv)
{
	const struct cmd *c;
	int status = EXIT_USAGE;

	if (argc < 1)
		return p_usage("missing %s (try: pagesnap-cli help)", kind);
	c = cmd_find(table, kind, argv[0], &status);
	if (!c)
		return status;
	if (argc > 1 && !strcmp(argv[1], "help"))
		return cmd_help(c);
	/* -o is --columns, or --output for the commands that write a file */
	if ((c->opts & OPT_OUTPUT) && !(c->opts & OPT_COLUMNS) &&
	    (opt.given & OPT_COLUMNS) && !opt.output) {
		opt.output = opt.columns;
		opt.columns = NULL;
		opt.given = (opt.given & ~OPT_COLUMNS) | OPT_OUTPUT;
	}
	status = check_options(c);
	if (status)
		return status;
	return c->fn(argc - 1, argv + 1);
}

#define SHORTOPTS	":jpqD:b:c:o:ldrNm:n:F:I:O:i:CB:hV"

/*
 * JSON errors for bad options too: find -j/-p before getopt, in clusters
 * (-jp, -lj) as getopt will read them, up to "--".
 */
static void prescan_json(int argc, char **argv)
{
	const char *a, *s;
	int i;

	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (!strcmp(a, "--"))
			break;
		if (!strcmp(a, "--json"))
			opt.json = 1;
		if (!strcmp(a, "--pretty"))
			opt.json = opt.pretty = 1;
		if (a[0] != '-' || a[1] == '-' || !a[1])
			continue;
		for (a++; *a; a++) {
			if (*a == 'j')
				opt.json = 1;
			if (*a == 'p')
				opt.json = opt.pretty = 1;
			s = strchr(SHORTOPTS, *a);
			if (*a != ':' && s && s[1] == ':') {
				if (!a[1])
					i++;	/* the option's argument */
				break;
			}
		}
	}
}

/* --bits for pagesnap's matcher; --page-types parses them its own way. */
static int parse_bits(void)
{
	unsigned int i;

	for (i = 0; i < opt.nr_bit_specs && !opt.page_types; i++) {
		if (pagesnap_bits_add(&opt.bits, opt.bit_specs[i]))
			return p_usage("invalid bit-spec '%s': expected a,b | a,b=a | a,~b | =a,b of flag names or numbers (pagesnap-cli describe list)",
				       opt.bit_specs[i]);
	}
	return 0;
}

static int parse_option(int c, const char *arg)
{
	switch (c) {
	case 'j':
		opt.json = 1;
		break;
	case 'p':
		opt.json = 1;
		opt.pretty = 1;
		break;
	case 'D':
		opt.device = arg;
		break;
	case 'b':
		if (opt.nr_bit_specs >= PAGESNAP_BITS_MAX)
			return p_usage("too many --bits specs at '%s' (at most %d)",
				       arg, PAGESNAP_BITS_MAX);
		opt.bit_specs[opt.nr_bit_specs++] = arg;
		opt.given |= OPT_BITS;
		break;
	case 'c':
		opt.given |= OPT_CGROUP;
		return arg_cgroup(arg);
	case 'o':
		opt.given |= OPT_COLUMNS;
		opt.columns = arg;
		break;
	case 'l':
		opt.given |= OPT_RANGES;
		opt.ranges = 1;
		break;
	case 'd':
		opt.given |= OPT_DETAIL;
		opt.detail = 1;
		break;
	case 'r':
		opt.given |= OPT_RAW;
		opt.raw = 1;
		break;
	case 'N':
		opt.given |= OPT_NO_SUMMARY;
		opt.no_summary = 1;
		break;
	case 'm':
		opt.given |= OPT_MOUNT;
		if (opt.nr_mounts >= MAX_MOUNTS)
			return p_usage("too many --mount at '%s' (at most %d)",
				       arg, MAX_MOUNTS);
		opt.mounts[opt.nr_mounts++] = arg;
		break;
	case 'F':
		opt.given |= OPT_KPAGEFLAGS;
		opt.kpageflags = arg;
		break;
	case 'I':
		opt.given |= OPT_INPUT;
		opt.input = arg;
		break;
	case 'O':
		opt.given |= OPT_OUTPUT;
		opt.output = arg;
		break;
	case 'i': {
		char *end;
		double s;

		opt.given |= OPT_INTERVAL;
		s = strtod(arg, &end);
		if (*end || end == arg || !(s >= 0.01 && s <= 86400))
			return p_usage("--interval '%s': seconds between 0.01 and 86400",
				       arg);
		opt.interval_ms = (uint64_t)(s * 1000 + 0.5);
		break;
	}
	case 'B':
		opt.given |= OPT_DIFF;
		opt.diff = arg;
		break;
	case 'C':
		opt.given |= OPT_NO_COLOR;
		opt.no_color = 1;
		break;
	case 'n':
		opt.given |= OPT_TOP;
		return arg_number("--top", arg, &opt.top) ? EXIT_USAGE : 0;
	case 'q':
		opt.quiet = 1;
		break;
	case LONG_PAGE_TYPES:
		opt.page_types = 1;
		break;
	case LONG_WALK:
		opt.given |= OPT_WALK;
		opt.walk = 1;
		break;
	case LONG_BY:
		opt.given |= OPT_BY;
		return arg_by(arg);
	default:
		return EXIT_USAGE;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct option longopts[NR_OPTIONS + 1];
	unsigned int i;
	int c, ret, want_help = 0, want_version = 0;

	for (i = 0; i < NR_OPTIONS; i++)
		longopts[i] = options[i].o;
	memset(&longopts[NR_OPTIONS], 0, sizeof(longopts[0]));
	jw_init(&jw, stdout, 0);
	atexit(lb_flush);	/* a listing's last lines, whatever the path */
	opt.top = 20;

	prescan_json(argc, argv);
	jw.pretty = opt.pretty;

	opterr = 0;
	while ((c = getopt_long(argc, argv, SHORTOPTS,
				longopts, NULL)) != -1) {
		if (c == 'h') {
			want_help = 1;
			continue;
		}
		if (c == 'V') {
			want_version = 1;
			continue;
		}
		if (c == '?')
			return p_usage("unknown option '%s' (try: pagesnap-cli help)",
				       argv[optind - 1]);
		if (c == ':')
			return p_usage("option '%s' needs an argument",
				       argv[optind - 1]);
		ret = parse_option(c, optarg);
		if (ret)
			return ret;
	}
	argc -= optind;
	argv += optind;
	jw.pretty = opt.pretty;
	ret = parse_bits();
	if (ret)
		return ret;
	ret = cgroup_resolve();
	if (ret)
		return ret;
	if (want_version)
		return do_version(0, NULL);
	if (want_help || argc == 0) {
		if (argc == 0 && !want_help) {
			usage(stderr);
			return EXIT_USAGE;
		}
		return do_help(0, NULL);
	}
	return cmd_select(cmds, "command", argc, argv);
}
