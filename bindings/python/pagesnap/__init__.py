# SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
"""pagesnap: consistent, sanitized snapshots of physical pages.

Python bindings over libpagesnap (ctypes, no compiled extension)::

    import pagesnap

    with pagesnap.open() as ps:          # /dev/pagesnap
        print(ps.info())
        page = ps.get(0x1000)
        print(page.flags, page.refcount, page.order)
        for p in ps.scan("0x1000+512", bits="lru,~anon"):
            print(p.pfn, p.flag_names)
        print(ps.stats("0,0x10000").by_flags)
        cols = ps.columns(fields=("kpf", "refcount"))   # numpy arrays
        print(cols["pfn"][:4], cols["kpf"][:4], cols.to_dataframe())
        print(ps.addr(0, some_address))
        for index, page in ps.file("/etc/passwd"):
            print(index, page.pfn, page.file)

Errors are :class:`PagesnapError` (an OSError) carrying ``errno`` and the
library's message.  Set ``PAGESNAP_LIBRARY`` to use a particular
libpagesnap.so.
"""

from ._version import __version__
from .core import (BitSpec, Columns, COLUMN_FIELDS, FileRef, Info, Page, Pagesnap, PagesnapError,
                   PagesnapValueError, PagesnapPermissionError,
                   PagesnapFileNotFoundError, memcg_inode,
                   Stats, VaddrPage, file_pfns, flag_bit, flag_name,
                   format_flags,
                   library_version, open, parse_flags, parse_number,
                   parse_range, symbolic_flags, well_known, U64_MAX)
from .snapshot import Snapshot, SnapshotError, load
from .flags import (KPF, Backend, Feature, MappingKind, PageType, QueryFlag,
                    SnapFlag, Valid, VaddrFlag, VaddrState, Zone)

DEVICE_PATH = "/dev/pagesnap"

__all__ = [
    "__version__", "open", "Pagesnap", "PagesnapError", "Info", "Page",
    "PagesnapValueError", "PagesnapPermissionError",
    "PagesnapFileNotFoundError", "memcg_inode",
    "FileRef", "Stats", "VaddrPage", "BitSpec", "KPF", "SnapFlag", "Valid",
    "PageType", "MappingKind", "Zone", "Backend", "Feature", "QueryFlag",
    "VaddrState", "VaddrFlag", "flag_name", "flag_bit", "parse_flags",
    "format_flags", "symbolic_flags", "well_known", "parse_number",
    "parse_range", "library_version", "file_pfns", "DEVICE_PATH", "U64_MAX",
    "load", "Snapshot", "SnapshotError", "Columns", "COLUMN_FIELDS",
]
