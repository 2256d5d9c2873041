/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pagesnap-cli: what the command files share: options, output helpers,
 * the dispatch table type.
 */
#ifndef PAGESNAP_CLI_MAIN_H
#define PAGESNAP_CLI_MAIN_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <pagesnap.h>

#include "json_writer.h"

#define EXIT_ERR	1
#define EXIT_USAGE	2

/* Options: each bit names an option a command accepts. */
enum {
	OPT_BITS	= 1 << 0,
	OPT_CGROUP	= 1 << 1,
	OPT_COLUMNS	= 1 << 2,
	OPT_RANGES	= 1 << 3,
	OPT_DETAIL	= 1 << 4,
	OPT_RAW		= 1 << 5,
	OPT_NO_SUMMARY	= 1 << 6,
	OPT_MOUNT	= 1 << 7,
	OPT_TOP		= 1 << 8,
	OPT_KPAGEFLAGS	= 1 << 9,
	OPT_INPUT	= 1 << 10,
	OPT_OUTPUT	= 1 << 11,
	OPT_INTERVAL	= 1 << 12,
	OPT_NO_COLOR	= 1 << 13,
	OPT_DIFF	= 1 << 14,
	OPT_WALK	= 1 << 15,
	OPT_BY		= 1 << 16,
};

/* getopt values of the long-only options */
enum {
	LONG_PAGE_TYPES = 256,
	LONG_WALK,
	LONG_BY,
};

/* stats --by KEY */
enum {
	BY_NONE,
	BY_MEMCG,
	BY_FILE,
	BY_TYPE,
	BY_ORDER,
};

#define MAX_MOUNTS	16

struct options {
	int json;
	int pretty;
	int raw;
	int ranges;
	int detail;
	int list;
	int no_summary;
	unsigned int given;		/* OPT_* seen on the command line */
	const char *device;
	const char *kpageflags;
	struct pagesnap_bits bits;
	int have_cgroup;
	uint64_t cgroup;
	const char *cgroup_path;	/* --cgroup PATH, until resolved */
	const char *columns;
	const char *mounts[MAX_MOUNTS];
	unsigned int nr_mounts;
	uint64_t top;
	const char *input;		/* --input: a snapshot file */
	const char *output;		/* -o/--output of record, map, metrics */
	uint64_t interval_ms;		/* watch -i */
	int no_color;			/* map --no-color */
	const char *diff;		/* map --diff B */
	int quiet;			/* -q: no progress line */
	int page_types;			/* --page-types: page-types' exact output */
	int walk;			/* stats --walk: no STATS ioctl */
	int by;				/* stats --by: BY_* */
	const char *bit_specs[PAGESNAP_BITS_MAX];	/* --bits as given */
	unsigned int nr_bit_specs;
};

extern struct options opt;
extern struct jw jw;

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	unsigned int opts;	/* OPT_* the command accepts */
	const char *args;	/* synopsis of the arguments */
	const char *help;	/* one line */
};

/* output.c */
int p_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int p_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void p_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *human_size(uint64_t bytes, char *buf, size_t size);
void progress(uint64_t done, uint64_t total);
void progress_done(void);
int open_device(struct pagesnap **ps, struct pagesnap_info *info);
int arg_range(const char *word, uint64_t *start, uint64_t *end);
int arg_cgroup(const char *word);
int cgroup_resolve(void);
struct snap_name;
int cgroup_resolve_recorded(const struct snap_name *v, size_t nr);
int arg_by(const char *word);
const char *memcg_path(uint64_t ino, char *buf, size_t size);
int arg_number(const char *what, const char *word, uint64_t *val);
int json_begin(void);
int json_finish(int ret);

/* walk.c */
int setup_filter(struct pagesnap *ps);
typedef int (*entry_fn)(const struct pagesnap_entry *e, void *arg);
int walk_pfns(struct pagesnap *ps, uint64_t start, uint64_t end,
	      entry_fn fn, void *arg);
/* @nr pfns from e->pfn, each with entry @e (walk_runs() says how) */
typedef int (*run_fn)(const struct pagesnap_entry *e, uint64_t nr,
		      void *arg);
#define WALK_ENTRIES	(~0ULL)	/* walk_runs() @fields: every field */
int walk_runs(struct pagesnap *ps, uint64_t start, uint64_t end,
	      uint64_t fields, run_fn fn, void *arg);
int entry_selected(const struct pagesnap_entry *e);

/* entry.c */
void print_entry_detail(const struct pagesnap_entry *e,
			const struct pagesnap_info *info);
void json_entry(const struct pagesnap_entry *e);
int columns_parse(const char *spec);
uint64_t columns_fields(void);
void columns_header(void);
void columns_print(const struct pagesnap_entry *e);
void columns_json(const struct pagesnap_entry *e);
int columns_help(FILE *out);

/* flag histogram shared by stats, addr and file (summary.c) */
struct summary;
struct summary *summary_new(void);
int summary_add(struct summary *s, uint64_t flags, uint64_t pages);
void summary_print(const struct summary *s, uint64_t page_size);
void summary_json(const struct summary *s, uint64_t page_size);
uint64_t summary_total(const struct summary *s);
void summary_free(struct summary *s);

/* runs of identical pages, page-types -l (entry.c) */
struct run_list {
	int active;
	uint64_t voff, start, count, flags;
	uint64_t unit;		/* bytes per voff step (RUN_VADDR) */
};

/* what run_add()'s @voff is: nothing, a file page index, a virtual page */
enum { RUN_PFN, RUN_FINDEX, RUN_VADDR };
void run_add(struct run_list *r, uint64_t voff, uint64_t pfn, uint64_t flags,
	     int with_voff);
void run_add_n(struct run_list *r, uint64_t voff, uint64_t pfn,
	       uint64_t flags, uint64_t n, int with_voff);
void run_flush(struct run_list *r, int with_voff);

/* file dev:inode -> path (names.c) */
struct file_name {
	uint32_t major, minor;
	uint64_t ino;
	char *path;		/* out: malloc'ed, NULL when not found */
};
void resolve_file_paths(struct file_name *v, size_t n);

/* --page-types (pagetypes.c) */
int pt_listing(int argc, char **argv, int list);
int pt_describe(const char *arg);

/* commands */
int do_info(int argc, char **argv);
int do_pfn(int argc, char **argv);
int do_scan(int argc, char **argv);
int do_stats(int argc, char **argv);
int do_addr(int argc, char **argv);
int do_file(int argc, char **argv);
int do_describe(int argc, char **argv);
int do_cache(int argc, char **argv);
int do_idle(int argc, char **argv);
int do_hwpoison(int argc, char **argv);
int do_record(int argc, char **argv);
int do_metrics(int argc, char **argv);
int do_diff(int argc, char **argv);
int do_watch(int argc, char **argv);
int do_map(int argc, char **argv);

/* outfile.c: write a temporary, rename it into place */
int outfile_open(const char *path, FILE **f, char **tmp);
int outfile_close(FILE *f, char *tmp, const char *path, int commit);

/* --input FILE (replay.c) */
struct snap_meta;
struct snapr;
int input_open(const char *path, struct pagesnap_info *info);
int input_walk(uint64_t start, uint64_t end, entry_fn fn, void *arg);
int input_get(uint64_t pfn, struct pagesnap_entry *e);
const struct snap_meta *input_meta(void);
struct snapr *input_snap(void);
const char *input_file_path(uint32_t major, uint32_t minor, uint64_t ino);
const char *input_memcg_path(uint64_t ino);
void input_close(void);

/* dispatch (main.c) */
int cmd_select(const struct cmd *cmds, const char *kind, int argc,
	       char **argv);

#endif /* PAGESNAP_CLI_MAIN_H */
