// SPDX-License-Identifier: GPL-2.0
/*
 * What an open /dev/pagesnap keeps: a bounce buffer for the walks that
 * copy out per batch (QUERY, COLUMNS).  It is allocated on the file's
 * first such call and kept until the file is closed, so a scan does not
 * allocate (and meet in the memmap) a short-lived compound page per
 * call.  A call that finds it in use by another thread of the same file
 * allocates one for itself.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "pagesnap_internal.h"

/* 512 entries of 144 bytes (libpagesnap's scan asks for 512), and one */
#define PS_FILE_BUF_BYTES	(513 * PAGESNAP_ENTRY_SIZE_VER1)

/**
 * struct pagesnap_file - what an open /dev/pagesnap keeps
 * @lock:	serialises the calls that use @buf
 * @buf:	the bounce buffer (PS_FILE_BUF_BYTES), or NULL
 */
struct pagesnap_file {
	struct mutex lock;	/* protects buf */
	void *buf;
};

/**
 * pagesnap_file_open() - set up an open file's state
 * @file:	the file
 *
 * Return: 0 or -ENOMEM.
 */
int pagesnap_file_open(struct file *file)
{
	struct pagesnap_file *pf = kzalloc(sizeof(*pf), GFP_KERNEL);

	if (!pf)
		return -ENOMEM;
	mutex_init(&pf->lock);
	file->private_data = pf;
	return 0;
}

/**
 * pagesnap_file_release() - free an open file's state
 * @file:	the file
 */
void pagesnap_file_release(struct file *file)
{
	struct pagesnap_file *pf = file->private_data;

	if (!pf)
		return;
	kvfree(pf->buf);
	mutex_destroy(&pf->lock);
	kfree(pf);
}

/**
 * pagesnap_file_buf() - a bounce buffer for one call
 * @file:	the open file, or NULL
 * @bytes:	in: the most the call can use; out: the buffer's size
 * @locked:	out: whether it is the file's own (pagesnap_file_put_buf())
 *
 * The file's own buffer when no other call of the file holds it, else
 * one of *@bytes (at most PS_FILE_BUF_BYTES) for this call.
 *
 * Return: the buffer, or NULL when allocation failed.
 */
void *pagesnap_file_buf(struct file *file, size_t *bytes, bool *locked)
{
	struct pagesnap_file *pf = file ? file->private_data : NULL;
	void *buf;

	*locked = false;
	if (pf && mutex_trylock(&pf->lock)) {
		if (!pf->buf)
			pf->buf = kvmalloc(PS_FILE_BUF_BYTES, GFP_KERNEL);
		if (pf->buf) {
			*locked = true;
			*bytes = PS_FILE_BUF_BYTES;
			return pf->buf;
		}
		mutex_unlock(&pf->lock);
	}
	*bytes = min_t(size_t, *bytes, PS_FILE_BUF_BYTES);
	buf = kvmalloc(*bytes, GFP_KERNEL);
	return buf;
}

/**
 * pagesnap_file_put_buf() - give back what pagesnap_file_buf() gave
 * @file:	the open file, or NULL
 * @buf:	the buffer
 * @locked:	what pagesnap_file_buf() said
 */
void pagesnap_file_put_buf(struct file *file, void *buf, bool locked)
{
	struct pagesnap_file *pf = file ? file->private_data : NULL;

	if (locked)
		mutex_unlock(&pf->lock);
	else
		kvfree(buf);
}
