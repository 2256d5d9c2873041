// SPDX-License-Identifier: GPL-2.0
/*
 * Actions on pages, where the kernel offers them: idle marking through
 * /sys/kernel/mm/page_idle/bitmap (page-types -i), and memory-error
 * injection and removal through debugfs hwpoison (page-types -X, -x).
 */
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "main.h"

#define IDLE_BITMAP	"/sys/kernel/mm/page_idle/bitmap"
#define DEBUGFS		"/sys/kernel/debug"

struct action {
	int fd;
	const char *what;
	uint64_t word_idx, word;	/* idle: bits pending for one u64 */
	int have_word;
	uint64_t done, failed;
	int first_errno;
};

static int idle_flush(struct action *a)
{
	if (!a->have_word)
		return 0;
	a->have_word = 0;
	if (pwrite(a->fd, &a->word, 8, (off_t)(a->word_idx * 8)) != 8) {
		a->failed++;
		if (!a->first_errno)
			a->first_errno = errno;
		return 0;
	}
	a->done += (uint64_t)__builtin_popcountll(a->word);
	return 0;
}

static int idle_page(const struct pagesnap_entry *e, void *arg)
{
	struct action *a = arg;

	if (e->snap_flags & PAGESNAP_SF_HOLE)
		return 0;
	if (a->have_word && e->pfn / 64 != a->word_idx)
		idle_flush(a);
	if (!a->have_word) {
		a->have_word = 1;
		a->word_idx = e->pfn / 64;
		a->word = 0;
	}
	a->word |= 1ULL << (e->pfn % 64);
	return 0;
}

static int poison_page(const struct pagesnap_entry *e, void *arg)
{
	struct action *a = arg;
	char buf[32];
	int len;

	if (e->snap_flags & PAGESNAP_SF_HOLE)
		return 0;
	len = snprintf(buf, sizeof(buf), "0x%" PRIx64 "\n", (uint64_t)e->pfn);
	if (write(a->fd, buf, (size_t)len) != len) {
		a->failed++;
		if (!a->first_errno)
			a->first_errno = errno;
	} else {
		a->done++;
	}
	return 0;
}

static int report(struct action *a, const char *verb)
{
	if (opt.json) {
		jw_string_field(&jw, "action", verb);
		jw_u64_field(&jw, "pages", a->done);
		jw_u64_field(&jw, "failed", a->failed);
	} else {
		printf("%s: %" PRIu64 " pages, %" PRIu64 " failed\n", verb,
		       a->done, a->failed);
	}
	if (a->failed)
		return p_err("%s failed for %llu pages: %s", verb,
			     (unsigned long long)a->failed,
			     strerror(a->first_errno));
	return 0;
}

static int run_action(const char *range, const char *path, int flags,
		      entry_fn fn, const char *verb, const char *hint)
{
	struct action a;
	struct pagesnap *ps;
	uint64_t start, end;
	int ret;

	if (arg_range(range, &start, &end))
		return EXIT_USAGE;
	json_begin();
	memset(&a, 0, sizeof(a));
	a.fd = open(path, flags | O_CLOEXEC);
	if (a.fd < 0)
		return p_err("%s not available: cannot open '%s': %s (%s)",
			     verb, path, strerror(errno), hint);
	ret = open_device(&ps, NULL);
	if (!ret) {
		ret = walk_pfns(ps, start, end, fn, &a);
		pagesnap_close(ps);
	}
	if (!ret && fn == idle_page)
		idle_flush(&a);
	if (!ret)
		ret = report(&a, verb);
	close(a.fd);
	return json_finish(ret);
}

static int idle_mark(int argc, char **argv)
{
	if (argc == 0)
		return p_usage("idle mark needs a RANGE");
	if (argc > 1)
		return p_usage("unexpected argument '%s'", argv[1]);
	return run_action(argv[0], IDLE_BITMAP, O_RDWR, idle_page, "idle mark",
			  "kernel without CONFIG_IDLE_PAGE_TRACKING, or not root?");
}

int do_idle(int argc, char **argv)
{
	static const struct cmd sub[] = {
		{ "mark", idle_mark, OPT_BITS | OPT_CGROUP | OPT_RAW, "RANGE",
		  "mark the pages idle" },
		{ NULL, NULL, 0, NULL, NULL }
	};

	return cmd_select(sub, "idle command", argc, argv);
}

/* debugfs is where page-types finds hwpoison; mount it if it is not. */
static const char *hwpoison_file(const char *name, char *buf, size_t size)
{
	struct stat st;

	snprintf(buf, size, DEBUGFS "/hwpoison/%s", name);
	if (stat(DEBUGFS "/hwpoison", &st) && errno == ENOENT)
		mount("debugfs", DEBUGFS, "debugfs", 0, NULL);
	return buf;
}

static int hwpoison_run(int argc, char **argv, const char *file,
			const char *verb)
{
	char path[128];

	if (argc == 0)
		return p_usage("%s needs a RANGE", verb);
	if (argc > 1)
		return p_usage("unexpected argument '%s'", argv[1]);
	return run_action(argv[0], hwpoison_file(file, path, sizeof(path)),
			  O_WRONLY, poison_page, verb,
			  "needs debugfs and CONFIG_HWPOISON_INJECT: modprobe hwpoison-inject");
}

static int hw_inject(int argc, char **argv)
{
	return hwpoison_run(argc, argv, "corrupt-pfn", "hwpoison inject");
}

static int hw_unpoison(int argc, char **argv)
{
	return hwpoison_run(argc, argv, "unpoison-pfn", "hwpoison unpoison");
}

int do_hwpoison(int argc, char **argv)
{
	static const struct cmd sub[] = {
		{ "inject", hw_inject, OPT_BITS | OPT_CGROUP | OPT_RAW, "RANGE",
		  "poison the pages (page-types -X)" },
		{ "unpoison", hw_unpoison, OPT_BITS | OPT_CGROUP | OPT_RAW,
		  "RANGE", "unpoison the pages (page-types -x)" },
		{ NULL, NULL, 0, NULL, NULL }
	};

	return cmd_select(sub, "hwpoison command", argc, argv);
}
