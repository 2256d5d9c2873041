// SPDX-License-Identifier: GPL-2.0
/*
 * 32-bit callers on the 64-bit kernel (compat ioctl): pagesnap-compat32
 * makes the same calls as this 64-bit process; the answers must be equal.
 */
#include <errno.h>
#include <stddef.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "helpers.h"

static char helper[PATH_MAX];

/*
 * The guest kernel may lack 32-bit execution though built with
 * IA32_EMULATION (ia32_emulation=0): run the helper without arguments,
 * which makes it exit 1 at once if it runs at all.
 */
static const char *can_exec32(void)
{
	static char why[96];
	int st;
	pid_t pid = fork();

	if (pid < 0)
		return "fork failed";
	if (pid == 0) {
		execl(helper, helper, (char *)NULL);
		_exit(errno == ENOEXEC ? 126 : 127);
	}
	if (waitpid(pid, &st, 0) != pid)
		return "waitpid failed";
	if (WIFEXITED(st) && WEXITSTATUS(st) == 1)
		return NULL;
	snprintf(why, sizeof(why),
		 "this kernel does not execute 32-bit programs (status 0x%x)", st);
	return why;
}

static const char *need_compat32(void)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		return "cannot read /proc/self/exe";
	self[n] = 0;
	snprintf(helper, sizeof(helper), "%s/pagesnap-compat32", dirname(self));
	if (access(helper, X_OK))
		return "pagesnap-compat32 not built (gcc -m32 -static unavailable)";
	return can_exec32();
}

static int read_full(int fd, void *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, (char *)buf + got, n - got);

		if (r <= 0)
			return -1;
		got += r;
	}
	return 0;
}

struct compat32_reply {
	struct pagesnap_info info;
	struct pagesnap_query q1;
	struct pagesnap_entry e1;
	struct pagesnap_query q2;
	struct pagesnap_entry e2;
	int32_t errs[3];
	int32_t cols_err;	/* no padding up to cols_refcount */
	uint64_t cols_done;
	uint64_t cols_kpf;
	uint32_t cols_refcount;
};

/* Run pagesnap-compat32 on @pfn and @low; 0 when it answered in full. */
static int run_compat32(uint64_t pfn, uint64_t low, struct compat32_reply *r)
{
	char a1[32], a2[32];
	int p[2], st, ret;
	pid_t pid;

	snprintf(a1, sizeof(a1), "%llu", (unsigned long long)pfn);
	snprintf(a2, sizeof(a2), "%llu", (unsigned long long)low);
	if (pipe(p))
		return -1;
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		execl(helper, helper, a1, a2, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	memset(r, JUNK, sizeof(*r));
	ret = read_full(p[0], r, offsetof(struct compat32_reply, cols_refcount) +
				     sizeof(r->cols_refcount));
	close(p[0]);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		return -1;
	return ret;
}

static void compare_entry(uint64_t pfn, const struct pagesnap_query *q32,
			  const struct pagesnap_entry *e32,
			  const struct pagesnap_entry *e64)
{
	EXPECT_EQ(q32->filled, 1);
	EXPECT_EQ(q32->next_pfn, pfn + 1);
	EXPECT_EQ(e32->pfn, pfn);
	EXPECT_EQ(e32->valid, e64->valid);
	EXPECT_EQ(e32->kpf, e64->kpf);
	EXPECT_EQ(e32->snap_flags, e64->snap_flags);
	EXPECT_EQ(e32->head_pfn, e64->head_pfn);
	EXPECT_EQ(e32->refcount, e64->refcount);
	EXPECT_EQ(e32->mapcount, e64->mapcount);
	EXPECT_EQ(e32->owner_hash, e64->owner_hash);
	EXPECT_EQ(e32->mapping_kind, e64->mapping_kind);
	EXPECT_EQ(memcmp(e32, e64, sizeof(*e64)), 0);
}

/*
 * The 32-bit and 64-bit reads cannot be simultaneous, and a freshly
 * faulted anonymous page may leave the per-CPU LRU-add batch (an extra
 * reference, then the LRU bit) in between.  So the 64-bit entries are
 * read before and after the helper runs, and a try counts only when the
 * page held still across it; a page that never does is still compared.
 */
#define COMPAT_TRIES	4

static void test_compat32(void)
{
	struct pagesnap_entry b1, b2, f1, f2;
	struct compat32_reply r;
	char *page = ps_anon_page();
	uint64_t pfn = ps_vaddr_pfn(page), low = ps_info()->pfn_start;
	int t;

	ASSERT_TRUE(pfn != 0);
	for (t = 0; t < COMPAT_TRIES; t++) {
		ASSERT_OK(ps_query1(pfn, &b1));
		ASSERT_OK(ps_query1(low, &b2));
		ASSERT_OK(run_compat32(pfn, low, &r));
		ASSERT_OK(ps_query1(pfn, &f1));
		ASSERT_OK(ps_query1(low, &f2));
		if (!memcmp(&b1, &f1, sizeof(f1)) &&
		    !memcmp(&b2, &f2, sizeof(f2)))
			break;
	}
	if (t)
		printf("  compat32: %d read(s) of a changing page retried\n", t);

	EXPECT_EQ(memcmp(&r.info, ps_info(), sizeof(r.info)), 0);
	compare_entry(pfn, &r.q1, &r.e1, &f1);
	compare_entry(low, &r.q2, &r.e2, &f2);
	EXPECT_EQ(r.errs[0], ENOTTY);
	EXPECT_EQ(r.errs[1], EINVAL);
	EXPECT_EQ(r.errs[2], EFAULT);
	/* COLUMNS from a 32-bit caller: the same values, the same errors */
	EXPECT_EQ(r.cols_done, 1);
	EXPECT_EQ(r.cols_kpf, f1.kpf);
	EXPECT_EQ(r.cols_refcount, f1.refcount);
	EXPECT_EQ(r.cols_err, EINVAL);
}

static const struct ps_test tests[] = {
	{ "compat32_info_query_columns_errors", test_compat32, need_compat32 },
	{ NULL, NULL, NULL }
};

const struct ps_suite suite_compat = { "compat", tests };
