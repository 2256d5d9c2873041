# SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
"""Flag words and enumerations of ``struct pagesnap_entry``.

Member names are the names of the C macros without their prefix:
``KPF.LRU`` is ``PAGESNAP_KPF_LRU`` (bit 5), and ``KPF.LRU.name.lower()``
is what ``pagesnap_flag_name(5)`` and page-types call it ("lru").
Values are the uapi values, so an ``int`` from the driver converts
directly: ``KPF(entry.kpf)``.
"""

import enum
from typing import List, Type, TypeVar, Union


class KPF(enum.IntFlag):
    """Page flags of ``pagesnap_entry.kpf`` (the bits of /proc/kpageflags).

    Bits 0-26 mean what /proc/kpageflags means by them; bits 32 and up are
    the "kernel hacker" bits (page-types -r) and vary between kernels.
    """

    LOCKED = 1 << 0
    ERROR = 1 << 1
    REFERENCED = 1 << 2
    UPTODATE = 1 << 3
    DIRTY = 1 << 4
    LRU = 1 << 5
    ACTIVE = 1 << 6
    SLAB = 1 << 7
    WRITEBACK = 1 << 8
    RECLAIM = 1 << 9
    BUDDY = 1 << 10
    MMAP = 1 << 11
    ANON = 1 << 12
    SWAPCACHE = 1 << 13
    SWAPBACKED = 1 << 14
    COMPOUND_HEAD = 1 << 15
    COMPOUND_TAIL = 1 << 16
    HUGE = 1 << 17
    UNEVICTABLE = 1 << 18
    HWPOISON = 1 << 19
    NOPAGE = 1 << 20
    KSM = 1 << 21
    THP = 1 << 22
    OFFLINE = 1 << 23
    ZERO_PAGE = 1 << 24
    IDLE = 1 << 25
    PGTABLE = 1 << 26
    RESERVED = 1 << 32
    MLOCKED = 1 << 33
    OWNER_2 = 1 << 34
    PRIVATE = 1 << 35
    PRIVATE_2 = 1 << 36
    OWNER_PRIVATE = 1 << 37
    ARCH = 1 << 38
    UNCACHED = 1 << 39
    SOFTDIRTY = 1 << 40
    ARCH_2 = 1 << 41
    ARCH_3 = 1 << 42

    def names(self) -> List[str]:
        """C/page-types names of the bits set, in bit order ("bitN" if unnamed)."""
        out = []
        v = int(self)
        bit = 0
        while v:
            if v & 1:
                name = None
                try:
                    name = KPF(1 << bit).name
                except ValueError:
                    pass
                out.append(name.lower() if name else f"bit{bit}")
            v >>= 1
            bit += 1
        return out


# Bits page-types hides unless run with -r (PAGESNAP_KPF_HACKER_MASK).
KPF_HACKER_MASK = 0xFFFF << 32
# Bits the uapi header defines (PAGESNAP_KPF_KNOWN_MASK).
KPF_KNOWN_MASK = ((1 << 27) - 1) | (0x7FF << 32)


class SnapFlag(enum.IntFlag):
    """Facts about the snapshot itself (``PAGESNAP_SF_*``)."""

    FAITHFUL = 1 << 0
    FREE = 1 << 1
    IDLE = 1 << 2
    ZERO_PAGE = 1 << 3
    HUGE_ZERO = 1 << 4
    HOLE = 1 << 5
    DMA_PINNED = 1 << 6


class Valid(enum.IntFlag):
    """Which fields the driver filled (``PAGESNAP_VALID_*``)."""

    KPF = 1 << 0
    RAW_FLAGS = 1 << 1
    FOLIO = 1 << 2
    REFCOUNT = 1 << 3
    MAPCOUNT = 1 << 4
    ENTIRE_MAPCOUNT = 1 << 5
    FOLIO_MAPCOUNT = 1 << 6
    PINCOUNT = 1 << 7
    PAGE_TYPE = 1 << 8
    BUDDY_ORDER = 1 << 9
    NODE_ZONE = 1 << 10
    MEMCG = 1 << 11
    MAPPING_KIND = 1 << 12
    FILE = 1 << 13
    OWNER_HASH = 1 << 14
    IDLE = 1 << 15
    HUGE_ZERO = 1 << 16


class PageType(enum.IntEnum):
    """``pagesnap_entry.page_type`` (``PAGESNAP_PAGE_TYPE_*``)."""

    NONE = 0
    BUDDY = 1
    OFFLINE = 2
    TABLE = 3
    GUARD = 4
    HUGETLB = 5
    SLAB = 6
    ZSMALLOC = 7
    UNACCEPTED = 8
    UNKNOWN = 255


class MappingKind(enum.IntEnum):
    """``pagesnap_entry.mapping_kind`` (``PAGESNAP_MAPPING_*``)."""

    NONE = 0
    ANON = 1
    KSM = 2
    FILE = 3
    MOVABLE = 4


class Zone(enum.IntEnum):
    """``pagesnap_entry.zone`` (``PAGESNAP_ZONE_*``)."""

    DMA = 0
    DMA32 = 1
    NORMAL = 2
    HIGHMEM = 3
    MOVABLE = 4
    DEVICE = 5


class Backend(enum.IntEnum):
    """``pagesnap_info.backend`` (``PAGESNAP_BACKEND_*``)."""

    PORT = 1
    NATIVE = 2


class Feature(enum.IntFlag):
    """``pagesnap_info.features`` (``PAGESNAP_FEAT_*``)."""

    FILTER = 1 << 0
    SKIP_HOLES = 1 << 1
    STATS = 1 << 2
    RUNS = 1 << 3
    COLUMNS = 1 << 4


class QueryFlag(enum.IntFlag):
    """``pagesnap_query.flags`` (``PAGESNAP_QUERY_*``)."""

    SKIP_HOLES = 1 << 0
    RUNS = 1 << 1


class VaddrState(enum.IntEnum):
    """What backs a virtual page (``PAGESNAP_VADDR_*``)."""

    NOT_MAPPED = 0
    PRESENT = 1
    SWAPPED = 2


class VaddrFlag(enum.IntFlag):
    """Facts from /proc/PID/pagemap (``PAGESNAP_VADDR_F_*``)."""

    FILE = 1 << 0
    EXCLUSIVE = 1 << 1
    SOFT_DIRTY = 1 << 2
    PFN_HIDDEN = 1 << 3


E = TypeVar("E", bound=enum.Enum)


def enum_or_int(cls: Type[E], value: int) -> Union[E, int]:
    """``cls(value)``, or the plain int when this version does not know it."""
    try:
        return cls(value)
    except ValueError:
        return int(value)
