// SPDX-License-Identifier: GPL-2.0
/*
 * What an open /dev/pagesnap keeps: the state of a walk and a bounce
 * buffer for the commands that copy out per batch (QUERY, COLUMNS).  They
 * are allocated on the file's first such call and kept until the file is
 * closed, so a scan does not allocate (and meet in the memmap) anything
 * per call.  A call that finds them in use by another thread of the same
 * file allocates its own.
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
 * @lock:	serialises the calls that use @scratch
 * @scratch:	the call state (PAGESNAP_FILE_STATE_BYTES) followed by a
 *		bounce buffer of @buf_bytes, or NULL
 * @buf_bytes:	the size of that buffer, at most PS_FILE_BUF_BYTES
 */
struct pagesnap_file {
	struct mutex lock;	/* protects scratch */
	void *scratch;
	size_t buf_bytes;
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
	kvfree(pf->scratch);
	mutex_destroy(&pf->lock);
	kfree(pf);
}

/**
 * pagesnap_file_get() - call state and a bounce buffer for one call
 * @file:	the open file, or NULL
 * @bytes:	the most bounce buffer the call can use (0: none)
 * @s:		filled in: the state (PAGESNAP_FILE_STATE_BYTES), the
 *		buffer and its size, and whose they are
 *
 * The file's own scratch when no other call of the file holds it: a
 * scan, or a loop of single-pfn queries, then allocates nothing per
 * call (on the debug kernel, every freed object would otherwise sit in
 * KASAN's quarantine while new slab pages are taken, changing the very
 * memory being looked at).  That scratch grows to the largest buffer a
 * call of the file has needed, so a reader of single pfns never holds
 * (and sees among the pages it reads) a high-order allocation of its
 * own.  Otherwise one for this call alone, of what it needs.
 *
 * Return: 0 or -ENOMEM.
 */
int pagesnap_file_get(struct file *file, size_t bytes,
		      struct pagesnap_scratch *s)
{
	struct pagesnap_file *pf = file ? file->private_data : NULL;
	u8 *p;

	s->locked = false;
	bytes = min_t(size_t, bytes, PS_FILE_BUF_BYTES);
	if (pf && mutex_trylock(&pf->lock)) {
		if (pf->scratch && pf->buf_bytes < bytes) {
			kvfree(pf->scratch);
			pf->scratch = NULL;
		}
		if (!pf->scratch) {
			pf->scratch = kvmalloc(PAGESNAP_FILE_STATE_BYTES + bytes,
					       GFP_KERNEL);
			pf->buf_bytes = pf->scratch ? bytes : 0;
		}
		if (pf->scratch) {
			s->locked = true;
			p = pf->scratch;
			s->bytes = bytes ? pf->buf_bytes : 0;
			goto out;
		}
		mutex_unlock(&pf->lock);
	}
	s->bytes = bytes;
	p = kvmalloc(PAGESNAP_FILE_STATE_BYTES + s->bytes, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
out:
	s->state = p;
	s->buf = s->bytes ? p + PAGESNAP_FILE_STATE_BYTES : NULL;
	return 0;
}

/**
 * pagesnap_file_put() - give back what pagesnap_file_get() gave
 * @file:	the open file, or NULL
 * @s:		what it gave
 */
void pagesnap_file_put(struct file *file, struct pagesnap_scratch *s)
{
	struct pagesnap_file *pf = file ? file->private_data : NULL;

	if (s->locked)
		mutex_unlock(&pf->lock);
	else
		kvfree(s->state);
}
