// SPDX-License-Identifier: GPL-2.0
/*
 * Snapshot counters, read-only in debugfs.
 *
 * /sys/kernel/debug/pagesnap/stats (root with CAP_SYS_ADMIN only, as the
 * device) counts snapshots taken and how many of them were unfaithful, so
 * the claim that the fallback is "essentially never" taken can be checked.
 * Nothing in it is an address.
 */
#include <linux/atomic.h>
#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "pagesnap_internal.h"

static atomic64_t ps_snapshots = ATOMIC64_INIT(0);
static atomic64_t ps_unfaithful = ATOMIC64_INIT(0);
static struct dentry *ps_debugfs_dir;

/**
 * pagesnap_counters_add() - account the snapshots of one walk
 * @snapshots:	snapshots taken
 * @unfaithful:	of which unfaithful
 */
void pagesnap_counters_add(u64 snapshots, u64 unfaithful)
{
	if (snapshots)
		atomic64_add(snapshots, &ps_snapshots);
	if (unfaithful)
		atomic64_add(unfaithful, &ps_unfaithful);
}

static int ps_stats_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "backend %s\n", pagesnap_backend_name());
	seq_printf(m, "snapshots %lld\n", atomic64_read(&ps_snapshots));
	seq_printf(m, "unfaithful %lld\n", atomic64_read(&ps_unfaithful));
	return 0;
}

/*
 * The same bar as the device: root without CAP_SYS_ADMIN passes the 0400
 * mode but must learn nothing /dev/pagesnap would refuse it.
 */
static int ps_stats_open(struct inode *inode, struct file *file)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return single_open(file, ps_stats_show, inode->i_private);
}

static const struct file_operations ps_stats_fops = {
	.owner		= THIS_MODULE,
	.open		= ps_stats_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.release	= single_release,
};

/**
 * pagesnap_debugfs_init() - create the debugfs files
 *
 * debugfs is optional, so its failures are not errors.
 */
void pagesnap_debugfs_init(void)
{
	ps_debugfs_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("stats", 0400, ps_debugfs_dir, NULL,
			    &ps_stats_fops);
}

void pagesnap_debugfs_exit(void)
{
	debugfs_remove_recursive(ps_debugfs_dir);
}
