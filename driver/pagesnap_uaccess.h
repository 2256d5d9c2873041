/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The output half of copy_struct_from_user(), shared by the ioctls.
 */
#ifndef _PAGESNAP_UACCESS_H
#define _PAGESNAP_UACCESS_H

#include <linux/minmax.h>
#include <linux/uaccess.h>

/**
 * pagesnap_copy_struct_to_user() - copy a struct out, sized by the caller
 * @dst:	user buffer of @usize bytes
 * @usize:	the caller's struct size
 * @src:	kernel struct
 * @ksize:	its size
 *
 * Writes min(@usize, @ksize) bytes and zeroes what the caller has beyond
 * @ksize.
 *
 * Return: 0 or -EFAULT.
 */
static inline int pagesnap_copy_struct_to_user(void __user *dst, size_t usize,
					       const void *src, size_t ksize)
{
	if (copy_to_user(dst, src, min(usize, ksize)))
		return -EFAULT;
	if (usize > ksize && clear_user(dst + ksize, usize - ksize))
		return -EFAULT;
	return 0;
}

#endif /* _PAGESNAP_UACCESS_H */
