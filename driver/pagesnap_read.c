// SPDX-License-Identifier: GPL-2.0
/*
 * read() of /dev/pagesnap: records of the columns the open file chose
 * with PAGESNAP_IOC_READ_FIELDS, record i for pfn i.
 *
 * A position names a pfn the way it does in /proc/kpageflags, so a
 * single pfn costs one pread() and no request structure.
 */
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/minmax.h>
#include <linux/stddef.h>
#include <linux/uaccess.h>

#include "pagesnap_internal.h"

/**
 * pagesnap_read() - the .read of /dev/pagesnap
 * @file:	the open file
 * @buf:	the caller's buffer
 * @count:	its size, a multiple of the record size
 * @ppos:	the file position, a multiple of the record size
 *
 * Return: bytes read (whole records), 0 at or past pfn_end, or a
 * negative errno as documented in uapi/linux/pagesnap.h.
 */
ssize_t pagesnap_read(struct file *file, char __user *buf, size_t count,
		      loff_t *ppos)
{
	u64 fields = pagesnap_file_read_fields(file);
	u32 rec = pagesnap_record_size(fields);
	loff_t pos = *ppos;
	long nr;

	if (pos < 0 || (u64)pos % rec || count % rec)
		return -EINVAL;
	if (!count)
		return 0;
	nr = pagesnap_columns_read(file, fields, (u64)pos / rec, count / rec,
				   buf);
	if (nr <= 0)
		return nr;
	*ppos = pos + (loff_t)nr * rec;
	return (ssize_t)nr * rec;
}

/**
 * pagesnap_ioctl_read_fields() - PAGESNAP_IOC_READ_FIELDS
 * @file:	the open file
 * @cmd:	the command; its size field is the caller's struct size
 * @uarg:	the caller's struct pagesnap_read_fields
 *
 * Return: 0 or a negative errno as documented in uapi/linux/pagesnap.h.
 */
long pagesnap_ioctl_read_fields(struct file *file, unsigned int cmd,
				void __user *uarg)
{
	size_t usize = _IOC_SIZE(cmd);
	struct pagesnap_read_fields rf;
	int ret;

	if (usize < PAGESNAP_READ_FIELDS_SIZE_VER0 || usize % 8)
		return -EINVAL;
	ret = copy_struct_from_user(&rf, sizeof(rf), uarg, usize);
	if (ret)
		return ret;
	if (rf.flags || rf.reserved[0] || rf.reserved[1])
		return -EINVAL;
	if (!rf.fields || rf.fields & ~PAGESNAP_COLS_ALL)
		return -EINVAL;
	if (put_user(pagesnap_record_size(rf.fields),
		     (u32 __user *)(uarg + offsetof(struct pagesnap_read_fields,
						    record_size))))
		return -EFAULT;
	pagesnap_file_set_read_fields(file, rf.fields);
	return 0;
}
