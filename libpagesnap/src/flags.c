// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * Page flag names: the page-types vocabulary (long names, one-letter
 * symbols, name prefixes, "compound") mapped to PAGESNAP_KPF_* bits, and
 * the names of the other enumerations of struct pagesnap_entry.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

struct flag_name {
	const char *name;
	char letter;
};

/* Letters as page-types prints them; a few letters repeat there too. */
static const struct flag_name flag_names[64] = {
	[PAGESNAP_KPF_LOCKED]		= { "locked", 'L' },
	[PAGESNAP_KPF_ERROR]		= { "error", 'E' },
	[PAGESNAP_KPF_REFERENCED]	= { "referenced", 'R' },
	[PAGESNAP_KPF_UPTODATE]		= { "uptodate", 'U' },
	[PAGESNAP_KPF_DIRTY]		= { "dirty", 'D' },
	[PAGESNAP_KPF_LRU]		= { "lru", 'l' },
	[PAGESNAP_KPF_ACTIVE]		= { "active", 'A' },
	[PAGESNAP_KPF_SLAB]		= { "slab", 'S' },
	[PAGESNAP_KPF_WRITEBACK]	= { "writeback", 'W' },
	[PAGESNAP_KPF_RECLAIM]		= { "reclaim", 'I' },
	[PAGESNAP_KPF_BUDDY]		= { "buddy", 'B' },
	[PAGESNAP_KPF_MMAP]		= { "mmap", 'M' },
	[PAGESNAP_KPF_ANON]		= { "anon", 'a' },
	[PAGESNAP_KPF_SWAPCACHE]	= { "swapcache", 's' },
	[PAGESNAP_KPF_SWAPBACKED]	= { "swapbacked", 'b' },
	[PAGESNAP_KPF_COMPOUND_HEAD]	= { "compound_head", 'H' },
	[PAGESNAP_KPF_COMPOUND_TAIL]	= { "compound_tail", 'T' },
	[PAGESNAP_KPF_HUGE]		= { "huge", 'G' },
	[PAGESNAP_KPF_UNEVICTABLE]	= { "unevictable", 'u' },
	[PAGESNAP_KPF_HWPOISON]		= { "hwpoison", 'X' },
	[PAGESNAP_KPF_NOPAGE]		= { "nopage", 'n' },
	[PAGESNAP_KPF_KSM]		= { "ksm", 'x' },
	[PAGESNAP_KPF_THP]		= { "thp", 't' },
	[PAGESNAP_KPF_OFFLINE]		= { "offline", 'o' },
	[PAGESNAP_KPF_ZERO_PAGE]	= { "zero_page", 'z' },
	[PAGESNAP_KPF_IDLE]		= { "idle", 'i' },
	[PAGESNAP_KPF_PGTABLE]		= { "pgtable", 'g' },
	[PAGESNAP_KPF_RESERVED]		= { "reserved", 'r' },
	[PAGESNAP_KPF_MLOCKED]		= { "mlocked", 'm' },
	[PAGESNAP_KPF_OWNER_2]		= { "owner_2", 'd' },
	[PAGESNAP_KPF_PRIVATE]		= { "private", 'P' },
	[PAGESNAP_KPF_PRIVATE_2]	= { "private_2", 'p' },
	[PAGESNAP_KPF_OWNER_PRIVATE]	= { "owner_private", 'O' },
	[PAGESNAP_KPF_ARCH]		= { "arch", 'h' },
	[PAGESNAP_KPF_UNCACHED]		= { "uncached", 'c' },
	[PAGESNAP_KPF_SOFTDIRTY]	= { "softdirty", 'f' },
	[PAGESNAP_KPF_ARCH_2]		= { "arch_2", 'H' },
	[PAGESNAP_KPF_ARCH_3]		= { "arch_3", 'k' },
};

/* Other spellings: page-types' names and the 6.1 name of owner_2. */
static const struct {
	const char *alias;
	unsigned int bit;
} flag_aliases[] = {
	{ "anonymous",		PAGESNAP_KPF_ANON },
	{ "idle_page",		PAGESNAP_KPF_IDLE },
	{ "mappedtodisk",	PAGESNAP_KPF_OWNER_2 },
};

#define COMPOUND_BITS	((1ULL << PAGESNAP_KPF_COMPOUND_HEAD) | \
			 (1ULL << PAGESNAP_KPF_COMPOUND_TAIL))

/**
 * pagesnap_flag_name() - long name of a kpf bit
 * @bit: PAGESNAP_KPF_* bit number
 *
 * Return: the name ("lru", "compound_head", ...), NULL for a bit the
 * ABI does not define.
 */
const char *pagesnap_flag_name(unsigned int bit)
{
	return bit < 64 ? flag_names[bit].name : NULL;
}

/**
 * pagesnap_flag_letter() - page-types' one-letter symbol of a kpf bit
 * @bit: PAGESNAP_KPF_* bit number
 *
 * Return: the letter, or 0 for a bit the ABI does not define.
 */
char pagesnap_flag_letter(unsigned int bit)
{
	return bit < 64 ? flag_names[bit].letter : 0;
}

/**
 * pagesnap_flag_bit() - bit number of a flag name
 * @name: long name or alias ("anonymous", "idle_page", "mappedtodisk")
 *
 * Return: the bit number, -EINVAL for NULL or an unknown name.
 */
int pagesnap_flag_bit(const char *name)
{
	unsigned int i;

	if (!name)
		return ps_err(-EINVAL);
	for (i = 0; i < 64; i++)
		if (flag_names[i].name && !strcmp(name, flag_names[i].name))
			return (int)i;
	for (i = 0; i < sizeof(flag_aliases) / sizeof(flag_aliases[0]); i++)
		if (!strcmp(name, flag_aliases[i].alias))
			return (int)flag_aliases[i].bit;
	return ps_err(-EINVAL);
}

/* One item of a comma list: a name, a page-types name prefix or a number. */
static int parse_item(const char *s, size_t len, uint64_t *bits)
{
	char name[32];
	uint64_t v;
	unsigned int i;
	int bit;

	if (!len || len >= sizeof(name))
		return -EINVAL;
	memcpy(name, s, len);
	name[len] = '\0';
	if (name[0] >= '0' && name[0] <= '9') {
		int ret = pagesnap_parse_number(name, &v);

		if (ret)
			return ret;
		*bits |= v;
		return 0;
	}
	bit = pagesnap_flag_bit(name);
	if (bit >= 0) {
		*bits |= 1ULL << bit;
		return 0;
	}
	/* page-types: a prefix of "compound" means both compound bits */
	if (len <= 8 && !strncmp(name, "compound", len)) {
		*bits |= COMPOUND_BITS;
		return 0;
	}
	/* then the first flag, in bit order, that the prefix names */
	for (i = 0; i < 64; i++) {
		if (flag_names[i].name && !strncmp(flag_names[i].name, name, len)) {
			*bits |= 1ULL << i;
			return 0;
		}
	}
	for (i = 0; i < sizeof(flag_aliases) / sizeof(flag_aliases[0]); i++) {
		if (!strncmp(flag_aliases[i].alias, name, len)) {
			*bits |= 1ULL << flag_aliases[i].bit;
			return 0;
		}
	}
	return -EINVAL;
}

/**
 * pagesnap_flags_parse() - parse a page-types flag list
 * @str:   comma-separated names, name prefixes and numbers ("0x10,anon")
 * @flags: the OR of all items
 *
 * Return: 0, or -EINVAL (NULL argument, empty item, unknown name),
 * -ERANGE (number too large).
 */
int pagesnap_flags_parse(const char *str, uint64_t *flags)
{
	uint64_t bits = 0;
	const char *p;
	int ret;

	if (!str || !flags || !*str)
		return ps_err(-EINVAL);
	for (;;) {
		p = strchr(str, ',');
		ret = parse_item(str, p ? (size_t)(p - str) : strlen(str),
				 &bits);
		if (ret)
			return ps_err(ret);
		if (!p)
			break;
		str = p + 1;
	}
	*flags = bits;
	return 0;
}

/**
 * pagesnap_flags_format() - long names of the bits set, comma-separated
 * @flags: kpf word
 * @buf:   output, always NUL-terminated when @size > 0
 * @size:  size of @buf
 *
 * Bits without a name are written as "bitN".
 *
 * Return: the length of the full string (as snprintf(): a value >= @size
 * means it was truncated), or -EINVAL when @buf is NULL and @size > 0.
 */
int pagesnap_flags_format(uint64_t flags, char *buf, size_t size)
{
	size_t n = 0, left;
	unsigned int i;
	int w;

	if (!buf && size)
		return ps_err(-EINVAL);
	if (size)
		buf[0] = '\0';
	for (i = 0; i < 64; i++) {
		if (!(flags & (1ULL << i)))
			continue;
		left = n < size ? size - n : 0;
		if (flag_names[i].name)
			w = snprintf(left ? buf + n : NULL, left, "%s%s",
				     n ? "," : "", flag_names[i].name);
		else
			w = snprintf(left ? buf + n : NULL, left, "%sbit%u",
				     n ? "," : "", i);
		n += (size_t)w;
	}
	return (int)n;
}

/**
 * pagesnap_flags_symbolic() - page-types' symbolic form of a flag word
 * @flags: kpf word
 * @buf:   output: one letter or '_' per defined bit, in bit order
 * @size:  size of @buf, at least 39 for the whole string
 *
 * Return: the length of the full string (as snprintf()), or -EINVAL when
 * @buf is NULL and @size > 0.
 */
int pagesnap_flags_symbolic(uint64_t flags, char *buf, size_t size)
{
	size_t n = 0;
	unsigned int i;

	if (!buf && size)
		return ps_err(-EINVAL);
	for (i = 0; i < 64; i++) {
		if (!flag_names[i].name)
			continue;
		if (n + 1 < size)
			buf[n] = (flags & (1ULL << i)) ? flag_names[i].letter : '_';
		n++;
	}
	if (size)
		buf[n < size ? n : size - 1] = '\0';
	return (int)n;
}

/**
 * pagesnap_flags_well_known() - what page-types shows without -r
 * @kpf: kpf word
 *
 * Return: @kpf without the kernel-hacker bits (32 and up), and without
 * the compound bits unless the page is huge (hugetlb).
 */
uint64_t pagesnap_flags_well_known(uint64_t kpf)
{
	kpf &= ~PAGESNAP_KPF_HACKER_MASK;
	if ((kpf & COMPOUND_BITS) && !(kpf & (1ULL << PAGESNAP_KPF_HUGE)))
		kpf &= ~COMPOUND_BITS;
	return kpf;
}

uint64_t ps_entry_flags(const void *entry, int raw)
{
	const struct pagesnap_entry *e = entry;
	uint64_t kpf = 0;

	/* the 0.1 prefix only: v0_1.c hands in entries of that layout */
	if (!e)
		return 0;
	if (e->valid & PAGESNAP_VALID_KPF)
		kpf = e->kpf;
	if (e->snap_flags & PAGESNAP_SF_HOLE)
		kpf |= 1ULL << PAGESNAP_KPF_NOPAGE;
	return raw ? kpf : pagesnap_flags_well_known(kpf);
}

/**
 * pagesnap_page_type_name() - name of a PAGESNAP_PAGE_TYPE_* value
 * @type: value of pagesnap_entry.page_type
 *
 * Return: "none", "buddy", ..., or "unknown".
 */
const char *pagesnap_page_type_name(unsigned int type)
{
	static const char *const names[] = {
		[PAGESNAP_PAGE_TYPE_NONE]	= "none",
		[PAGESNAP_PAGE_TYPE_BUDDY]	= "buddy",
		[PAGESNAP_PAGE_TYPE_OFFLINE]	= "offline",
		[PAGESNAP_PAGE_TYPE_TABLE]	= "table",
		[PAGESNAP_PAGE_TYPE_GUARD]	= "guard",
		[PAGESNAP_PAGE_TYPE_HUGETLB]	= "hugetlb",
		[PAGESNAP_PAGE_TYPE_SLAB]	= "slab",
		[PAGESNAP_PAGE_TYPE_ZSMALLOC]	= "zsmalloc",
		[PAGESNAP_PAGE_TYPE_UNACCEPTED]	= "unaccepted",
	};

	if (type < sizeof(names) / sizeof(names[0]) && names[type])
		return names[type];
	return "unknown";
}

/**
 * pagesnap_mapping_kind_name() - name of a PAGESNAP_MAPPING_* value
 * @kind: value of pagesnap_entry.mapping_kind
 *
 * Return: "none", "anon", "ksm", "file", "movable", or "unknown".
 */
const char *pagesnap_mapping_kind_name(unsigned int kind)
{
	static const char *const names[] = {
		[PAGESNAP_MAPPING_NONE]		= "none",
		[PAGESNAP_MAPPING_ANON]		= "anon",
		[PAGESNAP_MAPPING_KSM]		= "ksm",
		[PAGESNAP_MAPPING_FILE]		= "file",
		[PAGESNAP_MAPPING_MOVABLE]	= "movable",
	};

	if (kind < sizeof(names) / sizeof(names[0]))
		return names[kind];
	return "unknown";
}

/**
 * pagesnap_zone_name() - name of a PAGESNAP_ZONE_* value
 * @zone: value of pagesnap_entry.zone
 *
 * Return: "DMA", "DMA32", "Normal", "HighMem", "Movable", "Device", or
 * "unknown".
 */
const char *pagesnap_zone_name(unsigned int zone)
{
	static const char *const names[] = {
		[PAGESNAP_ZONE_DMA]	= "DMA",
		[PAGESNAP_ZONE_DMA32]	= "DMA32",
		[PAGESNAP_ZONE_NORMAL]	= "Normal",
		[PAGESNAP_ZONE_HIGHMEM]	= "HighMem",
		[PAGESNAP_ZONE_MOVABLE]	= "Movable",
		[PAGESNAP_ZONE_DEVICE]	= "Device",
	};

	if (zone < sizeof(names) / sizeof(names[0]))
		return names[zone];
	return "unknown";
}
