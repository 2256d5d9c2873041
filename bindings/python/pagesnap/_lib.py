# SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
"""ctypes view of libpagesnap: the library, its structures, its prototypes.

Private to the package.  Everything here mirrors ``pagesnap.h`` and
``linux/pagesnap.h`` one to one; the public API lives in ``pagesnap.core``.

The library is found, in this order:

1. the path in the environment variable ``PAGESNAP_LIBRARY``;
2. ``libpagesnap.so.0`` through the dynamic loader (an installed library,
   or ``LD_LIBRARY_PATH``);
3. ``libpagesnap/libpagesnap.so.0`` of the source tree this package sits
   in (``bindings/python/pagesnap`` -> ``../../../libpagesnap``).
"""

import ctypes
import os
from typing import Iterator, Optional, Tuple

SONAME = "libpagesnap.so.0"

# --- structures (uapi/linux/pagesnap.h and pagesnap.h) -------------------

u32 = ctypes.c_uint32
u64 = ctypes.c_uint64


class Entry(ctypes.Structure):
    """struct pagesnap_entry."""

    _fields_ = [
        ("pfn", u64), ("valid", u64), ("kpf", u64), ("raw_flags", u64),
        ("snap_flags", u64), ("head_pfn", u64), ("memcg_ino", u64),
        ("file_ino", u64), ("file_index", u64), ("owner_hash", u64),
        ("file_dev_major", u32), ("file_dev_minor", u32),
        ("refcount", u32), ("mapcount", u32), ("entire_mapcount", u32),
        ("folio_mapcount", u32), ("pincount", u32), ("order", u32),
        ("index", u32), ("page_type", u32), ("buddy_order", u32),
        ("mapping_kind", u32), ("nid", u32), ("zone", u32),
        ("nr_pages", u64),
    ]


class Info(ctypes.Structure):
    """struct pagesnap_info."""

    _fields_ = [
        ("abi_version", u32), ("entry_size", u32), ("features", u64),
        ("valid_mask", u64), ("pfn_start", u64), ("pfn_end", u64),
        ("max_pfns", u64), ("page_size", u32), ("backend", u32),
        ("max_filters", u32), ("reserved", u32),
    ]


class Filter(ctypes.Structure):
    """struct pagesnap_filter."""

    _fields_ = [("mask", u64), ("value", u64)]


MAX_FILTERS = 8  # PAGESNAP_MAX_FILTERS


class Query(ctypes.Structure):
    """struct pagesnap_query (only its size is used: the library fills it)."""

    _fields_ = [
        ("start_pfn", u64), ("nr_pfns", u64), ("entries", u64),
        ("entry_size", u32), ("max_entries", u32), ("flags", u32),
        ("nr_filters", u32), ("filters", Filter * MAX_FILTERS),
        ("filled", u64), ("next_pfn", u64), ("reserved", u64 * 2),
    ]


BITS_MAX = 16  # PAGESNAP_BITS_MAX


class BitsTerm(ctypes.Structure):
    """struct pagesnap_bits_term."""

    _fields_ = [("mask", u64), ("value", u64), ("any", u32),
                ("reserved", u32)]


class Bits(ctypes.Structure):
    """struct pagesnap_bits."""

    _fields_ = [("nr", ctypes.c_uint), ("reserved", ctypes.c_uint),
                ("terms", BitsTerm * BITS_MAX)]


class Vaddr(ctypes.Structure):
    """struct pagesnap_vaddr."""

    _fields_ = [
        ("vaddr", u64), ("pfn", u64), ("swap_offset", u64),
        ("swap_type", u32), ("state", u32), ("flags", u32),
        ("reserved", u32), ("pagemap", u64),
    ]


STATS_ORDERS = 32        # PAGESNAP_STATS_ORDERS
STATS_TYPES = 16         # PAGESNAP_STATS_TYPES
STATS_KINDS = 8          # PAGESNAP_STATS_KINDS
STATS_BUDDY_ORDERS = 16  # PAGESNAP_STATS_BUDDY_ORDERS


class StatsCombo(ctypes.Structure):
    """struct pagesnap_stats_combo."""

    _fields_ = [("kpf", u64), ("pages", u64)]


class StatsZone(ctypes.Structure):
    """struct pagesnap_stats_zone."""

    _fields_ = [("nid", u32), ("zone", u32), ("pages", u64),
                ("free_pages", u64), ("free_blocks", u64 * STATS_BUDDY_ORDERS)]


class StatsResult(ctypes.Structure):
    """struct pagesnap_stats_result (libpagesnap.h)."""

    _fields_ = [
        ("start_pfn", u64), ("end_pfn", u64), ("calls", u64), ("pfns", u64),
        ("holes", u64), ("faithful", u64), ("unfaithful", u64),
        ("free_pages", u64), ("other_pages", u64),
        ("other_zone_pages", u64),
        ("by_order", u64 * STATS_ORDERS),
        ("folios_by_order", u64 * STATS_ORDERS),
        ("by_type", u64 * STATS_TYPES), ("by_kind", u64 * STATS_KINDS),
        ("nr_combos", ctypes.c_size_t),
        ("combos", ctypes.POINTER(StatsCombo)),
        ("nr_zones", ctypes.c_size_t),
        ("zones", ctypes.POINTER(StatsZone)),
    ]


# --- loading ------------------------------------------------------------

def _candidates() -> Iterator[str]:
    env = os.environ.get("PAGESNAP_LIBRARY")
    if env:
        yield env
        return
    yield SONAME
    here = os.path.dirname(os.path.abspath(__file__))
    yield os.path.normpath(os.path.join(here, "..", "..", "..",
                                        "libpagesnap", SONAME))


def _load() -> Tuple[ctypes.CDLL, str]:
    errors = []
    for cand in _candidates():
        try:
            return ctypes.CDLL(cand), cand
        except OSError as exc:
            errors.append(f"{cand}: {exc}")
    raise ImportError("cannot load libpagesnap (set PAGESNAP_LIBRARY?): "
                      + "; ".join(errors))


lib, path = _load()

c_int = ctypes.c_int
c_uint = ctypes.c_uint
c_char_p = ctypes.c_char_p
c_void_p = ctypes.c_void_p
P = ctypes.POINTER

# int (*pagesnap_file_fn)(uint64_t file_page, uint64_t pfn, void *arg)
FILE_FN = ctypes.CFUNCTYPE(ctypes.c_int, u64, u64, ctypes.c_void_p)

# name: (restype, argtypes)
_PROTOS = {
    "pagesnap_open": (c_int, [c_char_p, P(c_void_p)]),
    "pagesnap_close": (None, [c_void_p]),
    "pagesnap_fd": (c_int, [c_void_p]),
    "pagesnap_info": (c_int, [c_void_p, P(Info)]),
    "pagesnap_strerror": (c_char_p, [c_int]),
    "pagesnap_version_major": (c_int, []),
    "pagesnap_version_minor": (c_int, []),
    "pagesnap_check_version": (c_int, [c_int, c_int]),
    "pagesnap_set_filter": (c_int, [c_void_p, P(Filter), c_uint]),
    "pagesnap_scan_next": (c_int, [c_void_p, P(P(Entry))]),
    "pagesnap_scan_position": (u64, [c_void_p]),
    "pagesnap_scan_end": (None, [c_void_p]),
    "pagesnap_flag_name": (c_char_p, [c_uint]),
    "pagesnap_flag_letter": (ctypes.c_char, [c_uint]),
    "pagesnap_flag_bit": (c_int, [c_char_p]),
    "pagesnap_flags_parse": (c_int, [c_char_p, P(u64)]),
    "pagesnap_flags_format": (c_int, [u64, c_char_p, ctypes.c_size_t]),
    "pagesnap_flags_symbolic": (c_int, [u64, c_char_p, ctypes.c_size_t]),
    "pagesnap_flags_well_known": (u64, [u64]),
    "pagesnap_page_type_name": (c_char_p, [c_uint]),
    "pagesnap_mapping_kind_name": (c_char_p, [c_uint]),
    "pagesnap_zone_name": (c_char_p, [c_uint]),
    "pagesnap_parse_number": (c_int, [c_char_p, P(u64)]),
    "pagesnap_parse_range": (c_int, [c_char_p, P(u64), P(u64)]),
    "pagesnap_bits_add": (c_int, [P(Bits), c_char_p]),
    "pagesnap_bits_match": (c_int, [P(Bits), u64]),
    "pagesnap_bits_to_filters": (c_int, [P(Bits), c_int, P(Filter), c_uint]),
    "pagesnap_entry_flags": (u64, [P(Entry), c_int]),
    "pagesnap_pagemap_open": (c_int, [c_int, P(c_void_p)]),
    "pagesnap_pagemap_read": (c_int, [c_void_p, u64, P(Vaddr), c_uint]),
    "pagesnap_pagemap_close": (None, [c_void_p]),
    "pagesnap_file_pages": (c_int, [c_int, u64, u64, FILE_FN, c_void_p]),
}

# Since libpagesnap 0.2 (LIBPAGESNAP_0.2): the functions that fill entries
# take the caller's entry size, here ctypes.sizeof(Entry).  The unsized
# LIBPAGESNAP_0.1 symbols are only for C programs built against the 0.1
# header; the bindings never call them.
_SIZED = {
    "pagesnap_get2": (c_int, [c_void_p, u64, P(Entry), ctypes.c_size_t]),
    "pagesnap_query_range2": (c_int, [c_void_p, u64, u64, c_uint, P(Entry),
                                      ctypes.c_size_t, c_uint, P(c_uint),
                                      P(u64)]),
    "pagesnap_scan_begin2": (c_int, [c_void_p, u64, u64, c_uint,
                                     ctypes.c_size_t, P(c_void_p)]),
    # not sized, but of the same version: PAGESNAP_IOC_COLUMNS
    "pagesnap_columns": (c_int, [c_void_p, u64, u64, u64, P(c_void_p),
                                 P(u64)]),
}
ENTRY_SIZE = ctypes.sizeof(Entry)

for _name, (_res, _args) in list(_PROTOS.items()) + list(_SIZED.items()):
    _fn = getattr(lib, _name, None)
    if _fn is None:
        raise ImportError(f"{path}: no {_name}: libpagesnap 0.2 or later "
                          "is needed")
    _fn.restype = _res
    _fn.argtypes = _args

# Since libpagesnap 0.2 (LIBPAGESNAP_0.2), as the sized functions above;
# should they be missing all the same, stats() scans.
_OPTIONAL = {
    "pagesnap_stats_collect": (c_int, [c_void_p, u64, u64, u64,
                                       P(P(StatsResult))]),
    "pagesnap_stats_free": (None, [P(StatsResult)]),
}
HAVE_STATS = True
for _name, (_res, _args) in _OPTIONAL.items():
    _fn = getattr(lib, _name, None)
    if _fn is None:
        HAVE_STATS = False
        continue
    _fn.restype = _res
    _fn.argtypes = _args


COLS_U64 = 0xFFFF           # PAGESNAP_COLS_U64: bits 0-15 are __u64
#: PAGESNAP_COL_* bit of each column, named as the struct pagesnap_entry
#: field it carries (uapi/linux/pagesnap.h)
COL_BITS = {
    "kpf": 0, "snap_flags": 1, "valid": 2, "raw_flags": 3, "head_pfn": 4,
    "memcg_ino": 5, "file_ino": 6, "file_index": 7, "owner_hash": 8,
    "file_dev_major": 16, "file_dev_minor": 17, "refcount": 18,
    "mapcount": 19, "entire_mapcount": 20, "folio_mapcount": 21,
    "pincount": 22, "order": 23, "index": 24, "page_type": 25,
    "buddy_order": 26, "mapping_kind": 27, "nid": 28, "zone": 29,
}


def strerror(err: int) -> str:
    """The library's message for a (negative or positive) errno."""
    msg: Optional[bytes] = lib.pagesnap_strerror(int(err))
    return msg.decode() if msg else os.strerror(abs(int(err)))
