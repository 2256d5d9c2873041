// SPDX-License-Identifier: GPL-2.0
/*
 * Who may open /dev/pagesnap: root with CAP_SYS_ADMIN only.  Each check
 * runs in a forked child, which drops privileges and reports the errno
 * of its open(2) through its exit status.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/ioctl.h>
#include <linux/capability.h>

#include "helpers.h"

/* Run @drop in a child, then open the device; the errno of the open. */
static int open_errno_as(int (*drop)(void))
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd;

		if (drop())
			_exit(254);
		fd = open(PAGESNAP_DEVICE_PATH, O_RDONLY | O_CLOEXEC);
		_exit(fd >= 0 ? 0 : (errno & 0xff));
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* Drop CAP_SYS_ADMIN from every set, staying uid 0. */
static int drop_sys_admin(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0,
	};
	struct __user_cap_data_struct d[2];

	if (prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN, 0, 0, 0))
		return -1;
	if (syscall(SYS_capget, &h, d))
		return -1;
	d[0].effective &= ~(1U << CAP_SYS_ADMIN);
	d[0].permitted &= ~(1U << CAP_SYS_ADMIN);
	d[0].inheritable &= ~(1U << CAP_SYS_ADMIN);
	if (syscall(SYS_capset, &h, d))
		return -1;
	return getuid() == 0 ? 0 : -1;
}

static int become_nobody(void)
{
	return setgid(65534) || setuid(65534);
}

static int stay_root(void)
{
	return 0;
}

static void test_device_node(void)
{
	struct stat st;

	ASSERT_OK(stat(PAGESNAP_DEVICE_PATH, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(st.st_mode & 07777, 0600);
	EXPECT_EQ(st.st_uid, 0);
}

static void test_root_opens(void)
{
	EXPECT_EQ(open_errno_as(stay_root), 0);
}

static void test_no_cap_sys_admin_eperm(void)
{
	EXPECT_EQ(open_errno_as(drop_sys_admin), EPERM);
}

static void test_nobody_denied(void)
{
	int e = open_errno_as(become_nobody);

	EXPECT_TRUE(e == EACCES || e == EPERM);
}

static const struct ps_test tests[] = {
	{ "device_node_0600_root", test_device_node, NULL },
	{ "root_opens", test_root_opens, NULL },
	{ "no_cap_sys_admin_eperm", test_no_cap_sys_admin_eperm, NULL },
	{ "nobody_eacces", test_nobody_denied, NULL },
	{ NULL, NULL, NULL }
};

const struct ps_suite suite_access = { "access", tests };
