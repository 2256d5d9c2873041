// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/pagesnap: module setup, open and ioctl dispatch.
 *
 * The device is root only (mode 0600), open() additionally requires
 * CAP_SYS_ADMIN and refuses write access: nothing is ever written to it.
 * Each ioctl command has one small function: copy in, validate, act,
 * copy out.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/uaccess.h>

#include "pagesnap_internal.h"
#include "pagesnap_uaccess.h"
#ifdef PAGESNAP_BENCH
#include "pagesnap_bench.h"
#endif

static char *backend = "auto";
module_param(backend, charp, 0444);
MODULE_PARM_DESC(backend, "Snapshot backend: auto (default), port or native");

/* A command is matched with its size bits masked: the size is the ABI's. */
#define PS_IOC_MATCH(cmd)	((cmd) & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT))

static long pagesnap_ioctl_info(unsigned int cmd, void __user *uarg)
{
	size_t usize = _IOC_SIZE(cmd);
	struct pagesnap_info info;
	unsigned long start, end;
	int ret;

	if (usize < PAGESNAP_INFO_SIZE_VER0 || usize % 8)
		return -EINVAL;
	/* output only, but a larger caller's unknown bytes must be zero */
	ret = copy_struct_from_user(&info, sizeof(info), uarg, usize);
	if (ret)
		return ret;

	memset(&info, 0, sizeof(info));
	pagesnap_pfn_range(&start, &end);
	info.abi_version = PAGESNAP_ABI_VERSION;
	info.entry_size = sizeof(struct pagesnap_entry);
	info.features = PAGESNAP_FEAT_FILTER | PAGESNAP_FEAT_SKIP_HOLES |
			PAGESNAP_FEAT_STATS | PAGESNAP_FEAT_RUNS |
			PAGESNAP_FEAT_COLUMNS;
	info.valid_mask = pagesnap_valid_mask();
	info.pfn_start = start;
	info.pfn_end = end;
	info.max_pfns = PAGESNAP_MAX_PFNS_PER_CALL;
	info.page_size = PAGE_SIZE;
	info.backend = pagesnap_backend_id();
	info.max_filters = PAGESNAP_MAX_FILTERS;

	return pagesnap_copy_struct_to_user(uarg, usize, &info, sizeof(info));
}

static long pagesnap_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (PS_IOC_MATCH(cmd)) {
	case PS_IOC_MATCH(PAGESNAP_IOC_INFO):
		return pagesnap_ioctl_info(cmd, uarg);
	case PS_IOC_MATCH(PAGESNAP_IOC_QUERY):
		return pagesnap_ioctl_query(file, cmd, uarg);
	case PS_IOC_MATCH(PAGESNAP_IOC_STATS):
		return pagesnap_ioctl_stats(cmd, uarg);
	case PS_IOC_MATCH(PAGESNAP_IOC_COLUMNS):
		return pagesnap_ioctl_columns(file, cmd, uarg);
#ifdef PAGESNAP_BENCH
	case PS_IOC_MATCH(PAGESNAP_IOC_BENCH_FLOOR):
		return pagesnap_ioctl_bench(cmd, uarg);
#endif
	default:
		return -ENOTTY;
	}
}

static int pagesnap_open(struct inode *inode, struct file *file)
{
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (file->f_mode & FMODE_WRITE)
		return -EACCES;
	ret = pagesnap_owner_key_init();
	if (ret)
		return ret;
	return pagesnap_file_open(file);
}

static int pagesnap_release(struct inode *inode, struct file *file)
{
	pagesnap_file_release(file);
	return 0;
}

static const struct file_operations pagesnap_fops = {
	.owner		= THIS_MODULE,
	.open		= pagesnap_open,
	.release	= pagesnap_release,
	.unlocked_ioctl	= pagesnap_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice pagesnap_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "pagesnap",
	.fops	= &pagesnap_fops,
	.mode	= 0600,
};

static void pagesnap_abi_checks(void)
{
	BUILD_BUG_ON(sizeof(struct pagesnap_entry) != PAGESNAP_ENTRY_SIZE_VER1);
	BUILD_BUG_ON(sizeof(struct pagesnap_info) != PAGESNAP_INFO_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct pagesnap_query) != PAGESNAP_QUERY_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct pagesnap_stats) != PAGESNAP_STATS_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct pagesnap_columns) !=
		     PAGESNAP_COLUMNS_SIZE_VER0);
	BUILD_BUG_ON(PAGESNAP_MAX_PFNS_PER_CALL > U32_MAX);
}

static int __init pagesnap_init(void)
{
	int ret;

	pagesnap_abi_checks();
	ret = pagesnap_backend_init(backend);
	if (ret)
		return ret;
	pagesnap_debugfs_init();

	ret = misc_register(&pagesnap_misc);
	if (ret) {
		pagesnap_debugfs_exit();
		return ret;
	}
	pr_info("ready, backend %s\n", pagesnap_backend_name());
	return 0;
}

static void __exit pagesnap_exit(void)
{
	misc_deregister(&pagesnap_misc);
	pagesnap_debugfs_exit();
}

module_init(pagesnap_init);
module_exit(pagesnap_exit);

MODULE_DESCRIPTION("Consistent, sanitized snapshots of physical pages");
MODULE_AUTHOR("pagesnap developers");
MODULE_LICENSE("GPL");
