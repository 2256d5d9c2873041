# SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
"""The pagesnap handle and the records it returns.

Everything goes through libpagesnap (``_lib``): this module converts
arguments, turns negative errno returns into :class:`PagesnapError` and
C structures into immutable Python records.
"""

import array
import collections
import ctypes
import dataclasses
import enum
import errno
import importlib
import os
import struct
from typing import (Any, Counter, Literal, Type, TypeVar, Dict, Iterator, List, NamedTuple,
                    Optional, Sequence, Tuple, Union)

from . import _lib
from .flags import (KPF, Backend, Feature, MappingKind, PageType,
                    QueryFlag, SnapFlag, Valid, VaddrFlag, VaddrState, Zone,
                    enum_or_int)

# struct pagesnap_entry: 10 __u64, 14 __u32, then __u64 nr_pages.
_ENTRY = struct.Struct("=10Q14IQ")
_HOLE = int(SnapFlag.HOLE)
_NOPAGE = int(KPF.NOPAGE)

U64_MAX = (1 << 64) - 1

# Page._from_tuple()'s constants, as plain ints and dicts
_V_KPF, _V_FOLIO = int(Valid.KPF), int(Valid.FOLIO)
_V_NODE_ZONE, _V_RAW_FLAGS = int(Valid.NODE_ZONE), int(Valid.RAW_FLAGS)
_V_REFCOUNT, _V_MAPCOUNT = int(Valid.REFCOUNT), int(Valid.MAPCOUNT)
_V_ENTIRE_MAPCOUNT = int(Valid.ENTIRE_MAPCOUNT)
_V_FOLIO_MAPCOUNT = int(Valid.FOLIO_MAPCOUNT)
_V_PINCOUNT, _V_PAGE_TYPE = int(Valid.PINCOUNT), int(Valid.PAGE_TYPE)
_V_BUDDY_ORDER, _V_MEMCG = int(Valid.BUDDY_ORDER), int(Valid.MEMCG)
_V_MAPPING_KIND, _V_FILE = int(Valid.MAPPING_KIND), int(Valid.FILE)
_V_OWNER_HASH = int(Valid.OWNER_HASH)
_MAPPING_FILE = int(MappingKind.FILE)
_PAGE_TYPES: Dict[int, Union[PageType, int]] = {int(m): m for m in PageType}
_ZONES: Dict[int, Union[Zone, int]] = {int(m): m for m in Zone}
_KINDS: Dict[int, Union[MappingKind, int]] = {
    int(m): m for m in MappingKind}
F = TypeVar("F", bound=enum.IntFlag)
_FLAG_CACHE: Dict[Tuple[type, int], Any] = {}


def _flag(cls: Type[F], value: int) -> F:
    """``cls(value)`` through a cache: flag words repeat page after page."""
    key = (cls, value)
    hit = _FLAG_CACHE.get(key)
    if hit is None:
        hit = cls(value)
        if len(_FLAG_CACHE) < 65536:
            _FLAG_CACHE[key] = hit
    return hit

#: what ``range=`` takes: None, "N+M", range(), (start, end) or one pfn
RangeArg = Union[None, str, range, int, Tuple[int, int]]
#: what ``bits=`` takes: None, one spec, several, or a BitSpec
BitsArg = Union[None, str, Sequence[str], "BitSpec"]
#: what ``cgroup=`` takes: a cgroup directory or a memcg inode number
CgroupArg = Union[None, int, str, "os.PathLike[str]"]
#: what ``file=`` takes: a path, a descriptor or an object with fileno()
FileArg = Union[str, bytes, "os.PathLike[str]", int, Any]


class PagesnapError(OSError):
    """A libpagesnap call failed.

    ``errno`` is the positive errno value, ``strerror`` the library's
    message for it (pagesnap_strerror()), which says what to do about it
    ("pagesnap module not loaded (no /dev/pagesnap; try: modprobe
    pagesnap)").  ``call`` names the C function that failed.
    """

    def __init__(self, err: int, call: Optional[str] = None) -> None:
        err = abs(int(err))
        super().__init__(err, _lib.strerror(err))
        self.call = call

    def __str__(self) -> str:
        where = f"{self.call}: " if self.call else ""
        return f"{where}{self.strerror} [errno {self.errno}]"


class PagesnapValueError(PagesnapError, ValueError):
    """A bad argument (EINVAL, ERANGE, E2BIG): also a ``ValueError``."""


class PagesnapPermissionError(PagesnapError, PermissionError):
    """EPERM/EACCES, e.g. no CAP_SYS_ADMIN: also a ``PermissionError``."""


class PagesnapFileNotFoundError(PagesnapError, FileNotFoundError):
    """ENOENT, e.g. the module is not loaded: also a ``FileNotFoundError``."""


_ERRNO_CLASS = {
    errno.EINVAL: PagesnapValueError,
    errno.ERANGE: PagesnapValueError,
    errno.E2BIG: PagesnapValueError,
    errno.EPERM: PagesnapPermissionError,
    errno.EACCES: PagesnapPermissionError,
    errno.ENOENT: PagesnapFileNotFoundError,
}


def _error(err: int, call: Optional[str] = None,
           hint: Optional[str] = None) -> PagesnapError:
    """The PagesnapError subclass Python users expect for @err.

    @hint replaces the library's message with the CLI's ("invalid range
    '20,10': expected ...").
    """
    err = abs(int(err))
    exc = _ERRNO_CLASS.get(err, PagesnapError)(err, call)
    if hint is not None:
        exc.strerror = hint
    return exc


def _check(ret: int, call: str, hint: Optional[str] = None) -> int:
    """Return @ret when it is not an error, else raise PagesnapError."""
    if ret < 0:
        raise _error(-ret, call, hint)
    return ret


# --- records --------------------------------------------------------------

class FileRef(NamedTuple):
    """The file a page-cache page belongs to."""

    dev_major: int
    dev_minor: int
    ino: int
    index: int  # type: ignore[assignment]  # a field, not tuple.index


class Page(NamedTuple):
    """One immutable snapshot of a physical page (struct pagesnap_entry).

    A field the driver did not fill (its ``Valid`` bit is clear) is
    ``None``: absent is not the same as zero.  ``flags`` is the flag word
    as the library's filters see it (pagesnap_entry_flags(raw=1)): ``kpf``
    when valid, with ``KPF.NOPAGE`` added for holes.
    """

    pfn: int
    valid: Valid
    snap: SnapFlag
    flags: KPF
    raw_flags: Optional[int]
    head_pfn: Optional[int]
    order: Optional[int]
    index: Optional[int]  # type: ignore[assignment]  # not tuple.index
    refcount: Optional[int]
    mapcount: Optional[int]
    entire_mapcount: Optional[int]
    folio_mapcount: Optional[int]
    pincount: Optional[int]
    page_type: Optional[Union[PageType, int]]  #: int: a type not named here
    buddy_order: Optional[int]
    nid: Optional[int]
    zone: Optional[Union[Zone, int]]
    memcg_ino: Optional[int]
    mapping_kind: Optional[Union[MappingKind, int]]
    file: Optional[FileRef]
    owner_hash: Optional[int]
    #: pages this record stands for from ``pfn`` on: more than 1 only for
    #: a run from ``scan(runs=True)``
    nr_pages: int = 1

    @property
    def faithful(self) -> bool:
        """Page and folio were consistent when copied."""
        return bool(self.snap & SnapFlag.FAITHFUL)

    @property
    def hole(self) -> bool:
        """No online struct page at this pfn: no field but pfn and snap."""
        return bool(self.snap & SnapFlag.HOLE)

    @property
    def free(self) -> bool:
        """Free in the buddy allocator."""
        return bool(self.snap & SnapFlag.FREE)

    @property
    def flag_names(self) -> List[str]:
        """Names of the flags set, as pagesnap_flag_name() spells them."""
        return KPF(self.flags).names()

    @classmethod
    def _from_tuple(cls, t: Tuple[int, ...]) -> "Page":
        # Plain int masks and dict lookups: an IntFlag '&' costs a few
        # microseconds, and this runs once per page of a scan.
        (pfn, valid, kpf, raw, sf, head, memcg, ino, findex, owner,
         dmaj, dmin, ref, mapc, emap, fmap, pin, order, index, ptype,
         border, mkind, nid, zone, nr_pages) = t
        flags = kpf if valid & _V_KPF else 0
        if sf & _HOLE:
            flags |= _NOPAGE
        folio = valid & _V_FOLIO
        nz = valid & _V_NODE_ZONE
        return cls(
            pfn, _flag(Valid, valid), _flag(SnapFlag, sf), _flag(KPF, flags),
            raw if valid & _V_RAW_FLAGS else None,
            head if folio else None, order if folio else None,
            index if folio else None,
            ref if valid & _V_REFCOUNT else None,
            mapc if valid & _V_MAPCOUNT else None,
            emap if valid & _V_ENTIRE_MAPCOUNT else None,
            fmap if valid & _V_FOLIO_MAPCOUNT else None,
            pin if valid & _V_PINCOUNT else None,
            _PAGE_TYPES.get(ptype, ptype) if valid & _V_PAGE_TYPE else None,
            border if valid & _V_BUDDY_ORDER else None,
            nid if nz else None,
            _ZONES.get(zone, zone) if nz else None,
            memcg if valid & _V_MEMCG else None,
            (_KINDS.get(mkind, mkind) if valid & _V_MAPPING_KIND
             else None),
            (FileRef(dmaj, dmin, ino, findex)
             if valid & _V_FILE and mkind == _MAPPING_FILE else None),
            owner if valid & _V_OWNER_HASH else None, nr_pages or 1)

    @classmethod
    def from_entry(cls, entry: Any) -> "Page":
        """Decode a ctypes ``struct pagesnap_entry``, or its bytes: 144
        (ENTRY_SIZE_VER1) or the 136 of VER0, whose nr_pages reads 1."""
        raw = bytes(entry)[:_ENTRY.size].ljust(_ENTRY.size, b"\0")
        return cls._from_tuple(_ENTRY.unpack(raw))


@dataclasses.dataclass(frozen=True)
class Info:
    """What the driver serves (struct pagesnap_info), from the handshake."""

    abi_version: int
    entry_size: int
    features: Feature
    valid_mask: Valid
    pfn_start: int
    pfn_end: int          #: one past the last pfn served
    max_pfns: int         #: most pfns one query examines
    page_size: int
    backend: Union[Backend, int]
    max_filters: int


class VaddrPage(NamedTuple):
    """What backs one virtual page of a process (struct pagesnap_vaddr).

    ``page`` is the snapshot of the physical page when it is present and
    its pfn is visible, else ``None``.
    """

    vaddr: int
    state: Union[VaddrState, int]
    flags: VaddrFlag
    pfn: Optional[int]
    swap_type: Optional[int]
    swap_offset: Optional[int]
    pagemap: int
    page: Optional[Page]


@dataclasses.dataclass(frozen=True)
class Stats:
    """Aggregates over a pfn range, as ``pagesnap-cli stats`` shows them.

    ``by_flags`` is page-types' histogram: flag word -> pages (well-known
    flags only, unless ``raw``).  Holes count in ``holes`` and in
    ``by_flags`` (as ``KPF.NOPAGE``), nowhere else.
    """

    pages: int
    by_flags: Dict[KPF, int]
    faithful: int
    unfaithful: int
    holes: int
    free_pages: int
    folio_orders: Dict[int, Tuple[int, int]]   #: order -> (folios, pages)
    #: (nid, zone) -> {order: blocks}
    free_blocks: Dict[Tuple[int, Union[Zone, int]], Dict[int, int]]
    page_types: Dict[Union[PageType, int], int]
    mappings: Dict[Union[MappingKind, int], int]


def _numpy() -> Any:
    """numpy when it can be imported, else None (the array fallback)."""
    try:
        return importlib.import_module("numpy")
    except ImportError:
        return None


class Columns(Dict[str, Any]):
    """``{name: array}``: one array per field, value ``i`` of every array
    describing the same pfn (or, from a snapshot file, the same run).

    Arrays are numpy ``uint64``/``uint32`` arrays when numpy can be
    imported, else ``array.array`` of typecode ``"Q"``/``"I"`` (live) or
    lists (:meth:`Snapshot.columns`): the same values either way.
    """

    def to_records(self) -> Any:
        """A numpy record array with one field per column (numpy), else
        a list of tuples in the dict's column order."""
        np = _numpy()
        if np is None:
            return list(zip(*self.values()))
        return np.rec.fromarrays(list(self.values()), names=list(self))

    def to_dataframe(self) -> Any:
        """A pandas DataFrame with one column per array (needs pandas:
        Debian's python3-pandas; ImportError otherwise)."""
        try:
            pandas = importlib.import_module("pandas")
        except ImportError as exc:
            raise ImportError("Columns.to_dataframe() needs pandas "
                              "(Debian: apt install python3-pandas)") from exc
        return pandas.DataFrame(dict(self))


#: what ``fields=`` of :meth:`Pagesnap.columns` takes, in the driver's order
COLUMN_FIELDS = tuple(_lib.COL_BITS)
#: each column's index in a struct pagesnap_entry tuple (_ENTRY order)
_ENTRY_FIELDS = [f[0] for f in _lib.Entry._fields_]
_ENTRY_INDEX = {name: _ENTRY_FIELDS.index(name) for name in COLUMN_FIELDS}
#: pfns per library call of columns(); a filtered one's scratch arrays
COLUMNS_CHUNK = 1 << 18
assert array.array("Q").itemsize == 8 and array.array("I").itemsize == 4


def _col_wide(name: str) -> bool:
    """Is the column @name __u64 (PAGESNAP_COLS_U64)?"""
    return name == "pfn" or bool((1 << _lib.COL_BITS[name]) & _lib.COLS_U64)


def _col_alloc(np: Any, name: str, n: int) -> Any:
    """An array of @n values for column @name, to be filled in place."""
    if np is not None:
        return np.empty(n, dtype=np.uint64 if _col_wide(name) else np.uint32)
    return array.array("Q" if _col_wide(name) else "I", bytes(
        (8 if _col_wide(name) else 4) * n))


def _col_addr(arr: Any, offset: int) -> int:
    """Address of value @offset of a numpy array or array.array."""
    if isinstance(arr, array.array):
        return int(arr.buffer_info()[0]) + offset * arr.itemsize
    return int(arr.ctypes.data) + offset * int(arr.itemsize)


def _column_names(fields: Union[str, Sequence[str]]) -> List[str]:
    """Check ``fields=``: known names, at least one, none twice."""
    names = [fields] if isinstance(fields, str) else list(fields)
    if not names:
        raise ValueError("columns: no field asked for (fields=(\"kpf\", ...))")
    for name in names:
        if name not in _lib.COL_BITS:
            raise ValueError(f"unknown column '{name}': expected one of "
                             + ", ".join(COLUMN_FIELDS))
        if names.count(name) > 1:
            raise ValueError(f"column '{name}' asked for twice")
    return names


# --- parsing helpers (the library's page-types syntaxes) --------------------

def parse_number(text: str) -> int:
    """Parse a decimal or 0x-hex number as the library does."""
    val = _lib.u64()
    ret = _lib.lib.pagesnap_parse_number(text.encode(), ctypes.byref(val))
    _check(ret, "pagesnap_parse_number",
           f"number '{text}' is too large" if ret == -errno.ERANGE else
           f"'{text}' is not a number (decimal or 0x hex)")
    return int(val.value)


def parse_range(text: str) -> Tuple[int, int]:
    """Parse a page-types range: ``N``, ``N+M``, ``N,M``, ``N,`` or ``,M``.

    Returns ``(start, end)`` with end exclusive; ``N,`` gives end
    ``2**64 - 1`` ("to the end of memory").
    """
    start, end = _lib.u64(), _lib.u64()
    ret = _lib.lib.pagesnap_parse_range(text.encode(), ctypes.byref(start),
                                        ctypes.byref(end))
    _check(ret, "pagesnap_parse_range",
           f"range '{text}' does not fit in 64 bits" if ret == -errno.ERANGE
           else f"invalid range '{text}': expected N, N+M, N,M (M > N), N, "
           "or ,M (decimal or 0x hex)")
    return int(start.value), int(end.value)


def parse_flags(text: str) -> KPF:
    """Parse a flag list ("lru,anon", prefixes, numbers) into a KPF word."""
    val = _lib.u64()
    ret = _lib.lib.pagesnap_flags_parse(text.encode(), ctypes.byref(val))
    _check(ret, "pagesnap_flags_parse",
           f"flags '{text}': number too large" if ret == -errno.ERANGE else
           f"flags '{text}': unknown name or bad number "
           "(pagesnap-cli describe list)")
    return KPF(val.value)


def format_flags(flags: int) -> str:
    """Comma-separated long names of the bits set (pagesnap_flags_format)."""
    need = _check(_lib.lib.pagesnap_flags_format(int(flags), None, 0),
                  "pagesnap_flags_format")
    buf = ctypes.create_string_buffer(need + 1)
    _lib.lib.pagesnap_flags_format(int(flags), buf, need + 1)
    return buf.value.decode()


def symbolic_flags(flags: int) -> str:
    """page-types' one-letter-per-flag form (pagesnap_flags_symbolic)."""
    need = _check(_lib.lib.pagesnap_flags_symbolic(int(flags), None, 0),
                  "pagesnap_flags_symbolic")
    buf = ctypes.create_string_buffer(need + 1)
    _lib.lib.pagesnap_flags_symbolic(int(flags), buf, need + 1)
    return buf.value.decode()


def well_known(flags: int) -> KPF:
    """What page-types shows without -r (pagesnap_flags_well_known)."""
    return KPF(_lib.lib.pagesnap_flags_well_known(int(flags)))


def flag_name(bit: int) -> Optional[str]:
    """The library's name of a kpf bit, None for an undefined bit."""
    name = _lib.lib.pagesnap_flag_name(bit)
    return name.decode() if name is not None else None


def flag_bit(name: str) -> int:
    """The bit number of a flag name or alias; PagesnapError if unknown."""
    return _check(_lib.lib.pagesnap_flag_bit(name.encode()),
                  "pagesnap_flag_bit",
                  f"unknown flag name '{name}' (pagesnap-cli describe list)")


class BitSpec:
    """page-types bit-specs (``-b``) that must all match.

    ``BitSpec("lru,~anon")``, ``BitSpec(["anon", "=lru,active"])``.  Items
    are names, name prefixes or numbers; see pagesnap_bits_add(3).
    """

    def __init__(self, specs: Union[str, Sequence[str]] = ()) -> None:
        if isinstance(specs, str):
            specs = [specs]
        self._bits = _lib.Bits()
        self.specs = tuple(specs)
        for spec in self.specs:
            ret = _lib.lib.pagesnap_bits_add(ctypes.byref(self._bits),
                                             spec.encode())
            _check(ret, "pagesnap_bits_add",
                   f"too many bit-specs at '{spec}' (at most "
                   f"{_lib.BITS_MAX})" if ret == -errno.E2BIG else
                   f"invalid bit-spec '{spec}': expected a,b | a,b=a | "
                   "a,~b | =a,b of flag names or numbers "
                   "(pagesnap-cli describe list)")

    def __len__(self) -> int:
        return int(self._bits.nr)

    def terms(self) -> List[Tuple[int, int, bool]]:
        """The parsed terms as ``(mask, value, any)``."""
        return [(t.mask, t.value, bool(t.any))
                for t in self._bits.terms[:self._bits.nr]]

    def match(self, flags: int) -> bool:
        """Does the flag word satisfy every spec (pagesnap_bits_match)?"""
        return bool(_lib.lib.pagesnap_bits_match(ctypes.byref(self._bits),
                                                 int(flags)))

    def filters(self, raw: bool = False, max_terms: int = _lib.MAX_FILTERS
                ) -> List[Tuple[int, int]]:
        """In-kernel prefilter terms ``[(mask, value)]``; [] when none helps."""
        arr = (_lib.Filter * max_terms)()
        n = _check(_lib.lib.pagesnap_bits_to_filters(
            ctypes.byref(self._bits), int(bool(raw)), arr, max_terms),
            "pagesnap_bits_to_filters")
        return [(arr[i].mask, arr[i].value) for i in range(n)]


def memcg_inode(cgroup: "CgroupArg") -> int:
    """The memcg inode of ``cgroup``: an int as is, else a directory that
    must be a cgroup with the memory controller (ValueError otherwise)."""
    if isinstance(cgroup, int):
        if cgroup < 0:
            raise ValueError(f"cgroup inode {cgroup} is negative")
        return cgroup
    path = os.fspath(cgroup) if cgroup is not None else ""
    st = os.stat(path)   # FileNotFoundError as Python users expect
    if not os.path.isdir(path):
        raise ValueError(f"cgroup '{path}' is not a directory "
                         "(a cgroup directory or an inode number)")
    for name in ("memory.stat", "memory.current", "memory.usage_in_bytes"):
        if os.path.exists(os.path.join(path, name)):
            return st.st_ino
    raise ValueError(f"cgroup '{path}' is not a memory cgroup directory "
                     "(no memory.stat: not on cgroupfs, or no memory "
                     "controller there)")


def _pfn_range(rng: "RangeArg") -> Tuple[int, int]:
    """Normalise a range argument to ``(start, end)``, end exclusive."""
    if rng is None:
        return 0, U64_MAX
    if isinstance(rng, str):
        return parse_range(rng)
    if isinstance(rng, range):
        if rng.step != 1:
            raise ValueError("pfn range must have step 1")
        return rng.start, max(rng.start, rng.stop)
    if isinstance(rng, int):
        return rng, rng + 1
    start, end = rng
    if start < 0 or end < start:
        raise ValueError(f"bad pfn range ({start}, {end})")
    return int(start), int(end)


# --- the handle -------------------------------------------------------------

class Pagesnap:
    """An open /dev/pagesnap (pagesnap_open()).  Use :func:`open`.

    A context manager: ``with pagesnap.open() as ps: ...`` closes the
    device on exit.  Not thread-safe; use one handle per thread.
    """

    def __init__(self, path: Optional[str] = None) -> None:
        self.path = path
        self._ps = ctypes.c_void_p()
        _check(_lib.lib.pagesnap_open(path.encode() if path else None,
                                      ctypes.byref(self._ps)),
               "pagesnap_open")

    # lifecycle
    def close(self) -> None:
        """Close the device; further calls raise ValueError.  Idempotent."""
        if self._ps:
            _lib.lib.pagesnap_close(self._ps)
            self._ps = ctypes.c_void_p()

    @property
    def closed(self) -> bool:
        return not self._ps

    def __enter__(self) -> "Pagesnap":
        return self

    def __exit__(self, *exc: object) -> Literal[False]:
        self.close()
        return False

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:   # interpreter shutdown
            pass

    def _handle(self) -> ctypes.c_void_p:
        if not self._ps:
            raise ValueError("pagesnap handle is closed")
        return self._ps

    def fileno(self) -> int:
        """The device descriptor."""
        return _check(_lib.lib.pagesnap_fd(self._handle()), "pagesnap_fd")

    # queries
    def info(self) -> Info:
        """The driver's handshake (pagesnap_info())."""
        raw = _lib.Info()
        _check(_lib.lib.pagesnap_info(self._handle(), ctypes.byref(raw)),
               "pagesnap_info")
        return Info(raw.abi_version, raw.entry_size, Feature(raw.features),
                    Valid(raw.valid_mask), raw.pfn_start, raw.pfn_end,
                    raw.max_pfns, raw.page_size,
                    enum_or_int(Backend, raw.backend), raw.max_filters)

    def get(self, pfn: int) -> Page:
        """Snapshot one page (pagesnap_get2()).

        Raises PagesnapError(ERANGE) beyond the last pfn served.
        """
        entry = _lib.Entry()
        _check(_lib.lib.pagesnap_get2(self._handle(), int(pfn),
                                      ctypes.byref(entry), _lib.ENTRY_SIZE),
               "pagesnap_get2")
        return Page.from_entry(entry)

    def _raw(self, rng: RangeArg, bits: BitsArg, raw: bool,
             skip_holes: bool, runs: bool = False,
             cgroup: Optional[int] = None) -> Iterator[Tuple[int, ...]]:
        """Unpacked entries of a range; the engine of scan() and stats()."""
        start, end = _pfn_range(rng)
        spec = bits if isinstance(bits, BitSpec) or bits is None \
            else BitSpec(bits)
        if spec is not None and not len(spec):
            spec = None
        qflags = int(QueryFlag.SKIP_HOLES) if skip_holes else 0
        lib = _lib.lib
        handle = self._handle()
        side = None
        feats = self.info().features
        if runs and feats & Feature.RUNS:
            qflags |= int(QueryFlag.RUNS)
        v_memcg = int(Valid.MEMCG)
        if spec is not None:
            terms = spec.filters(raw) if feats & Feature.FILTER else []
            if terms:
                # The filter lives on a handle: use a private one, so the
                # caller's handle (and its other scans) are not affected.
                side = Pagesnap(self.path)
                arr = (_lib.Filter * len(terms))(
                    *[_lib.Filter(m, v) for m, v in terms])
                try:
                    _check(lib.pagesnap_set_filter(side._ps, arr, len(terms)),
                           "pagesnap_set_filter")
                except BaseException:
                    side.close()
                    raise
                handle = side._ps
        scan = ctypes.c_void_p()
        try:
            _check(lib.pagesnap_scan_begin2(handle, start, end, qflags,
                                            _lib.ENTRY_SIZE,
                                            ctypes.byref(scan)),
                   "pagesnap_scan_begin2")
            ptr = ctypes.POINTER(_lib.Entry)()
            pref = ctypes.byref(ptr)
            nxt = lib.pagesnap_scan_next
            unpack = _ENTRY.unpack
            string_at = ctypes.string_at
            size = _ENTRY.size
            match = lib.pagesnap_bits_match
            eflags = lib.pagesnap_entry_flags
            braw = int(bool(raw))
            bref = ctypes.byref(spec._bits) if spec is not None else None
            while True:
                ret = nxt(scan, pref)
                if ret == 0:
                    return
                _check(ret, "pagesnap_scan_next")
                if bref is not None and not match(bref, eflags(ptr, braw)):
                    continue
                t = unpack(string_at(ptr, size))
                if cgroup is not None and (not t[1] & v_memcg
                                           or t[6] != cgroup):
                    continue
                yield t
        finally:
            lib.pagesnap_scan_end(scan)
            if side is not None:
                side.close()

    def scan(self, range: RangeArg = None, bits: BitsArg = None,
             raw: bool = False, skip_holes: bool = False, runs: bool = False,
             cgroup: CgroupArg = None) -> Iterator[Page]:
        """Stream the pages of a pfn range, in pfn order, constant memory.

        ``range``: ``None`` (all memory), a page-types string ("0x1000+64",
        "N,M", "N,"), a Python ``range`` of step 1, ``(start, end)`` with
        end exclusive, or one pfn.  ``bits``: page-types bit-specs (a
        string, a list of strings or a :class:`BitSpec`) that every page
        returned must match; they apply to the well-known flags unless
        ``raw`` (page-types -r).  ``skip_holes``: no entries for holes.
        ``runs``: one :class:`Page` per run of like pages (its ``nr_pages``
        says how many), where the driver has ``Feature.RUNS``; the rest of
        a free block or of a run of holes comes as one record, which is
        what makes a whole-memory scan fast in Python.  ``cgroup``: only
        pages charged to this memory cgroup (a cgroup directory or a
        memcg inode number, as ``pagesnap-cli --cgroup``).

        Uses the library's streaming scan (one fixed buffer, resumed from
        the driver's next_pfn) and, where it narrows things, the driver's
        in-kernel filter on a private handle.  The ABI has no memcg
        filter: ``cgroup`` is checked here, on every entry.
        """
        from_tuple = Page._from_tuple
        memcg = memcg_inode(cgroup) if cgroup is not None else None
        for t in self._raw(range, bits, raw, skip_holes, runs, memcg):
            yield from_tuple(t)

    def columns(self, range: RangeArg = None,
                fields: Union[str, Sequence[str]] = ("kpf",),
                bits: BitsArg = None, raw: bool = False,
                cgroup: CgroupArg = None) -> Columns:
        """Chosen fields of every pfn of a range, one dense array each.

        The columnar fast path (``PAGESNAP_IOC_COLUMNS`` through
        pagesnap_columns()): the driver computes only the ``fields`` asked
        for (names of :data:`COLUMN_FIELDS`, the struct pagesnap_entry
        fields: "kpf", "refcount", "mapcount", "memcg_ino", ...) and
        writes them straight into the arrays returned, with no work per
        pfn in Python.  Returns a :class:`Columns` dict: ``"pfn"`` and
        each field in the order asked, numpy ``uint64``/``uint32`` arrays
        (the uapi's widths) when numpy can be imported, else
        ``array.array`` ``"Q"``/``"I"``, filled the same way.

        Every pfn of ``range`` (as :meth:`scan` takes it, clipped to the
        memory served; ``None``: all of it) gets a value, holes included:
        a hole has kpf ``KPF.NOPAGE``, snap_flags ``SnapFlag.HOLE``, valid
        ``Valid.KPF`` and 0 elsewhere; a field the page's entry leaves out
        reads 0 (ask for "valid" to tell absent from zero).  ``bits``,
        ``raw`` and ``cgroup`` keep only the pfns :meth:`scan` would
        return with them (matched here on the kpf, valid and memcg_ino
        columns, fetched for it when not asked for); then the arrays are
        built a chunk of :data:`COLUMNS_CHUNK` pfns at a time.  A driver
        without ``Feature.COLUMNS`` is served from the entry scan, slowly.

        Raises ValueError for a bad range, field, bit-spec or cgroup, or a
        range that starts beyond the last pfn served (errno ERANGE), and
        the errors of the library (PermissionError, FileNotFoundError,
        :class:`PagesnapError`).
        """
        names = _column_names(fields)
        start, end = _pfn_range(range)
        spec = bits if isinstance(bits, BitSpec) or bits is None \
            else BitSpec(bits)
        if spec is not None and not len(spec):
            spec = None
        memcg = memcg_inode(cgroup) if cgroup is not None else None
        handle = self._handle()
        info = self.info()
        if start >= info.pfn_end and end > start:
            raise _error(errno.ERANGE, "pagesnap_columns",
                         f"pfn {start:#x} is beyond the last pfn served "
                         f"({info.pfn_end - 1:#x})")
        lo, hi = max(start, info.pfn_start), min(end, info.pfn_end)
        n = max(hi - lo, 0)
        fetch = set(names)
        if spec is not None:
            fetch.add("kpf")
        if memcg is not None:
            fetch |= {"valid", "memcg_ino"}
        order = sorted(fetch, key=lambda f: _lib.COL_BITS[f])
        np = _numpy()
        entries = not info.features & Feature.COLUMNS
        if spec is None and memcg is None:
            got = self._columns_fill(np, handle, lo, n, order, entries)
        else:
            got = self._columns_filtered(np, handle, lo, n, order, entries,
                                         spec, raw, memcg)
        out = Columns(pfn=got.pop("pfn"))
        for name in names:
            out[name] = got[name]
        return out

    def _columns_fill(self, np: Any, handle: ctypes.c_void_p, lo: int,
                      n: int, order: List[str],
                      entries: bool) -> Dict[str, Any]:
        """Arrays of @n values of the fields @order (in bit order) for the
        pfns from @lo on, filled by one pagesnap_columns() call (by the
        entry scan when @entries)."""
        if entries:
            return self._columns_from_entries(np, lo, n, order)
        out = {name: _col_alloc(np, name, n) for name in order}
        fields = sum(1 << _lib.COL_BITS[name] for name in order)
        nr = _lib.u64()
        done = 0
        # COLUMNS_CHUNK pfns a call: the driver's bounce buffer stays
        # small (measured a little faster in a guest than one call)
        while done < n:
            step = min(COLUMNS_CHUNK, n - done)
            ptrs = (ctypes.c_void_p * len(order))(
                *[_col_addr(out[name], done) for name in order])
            _check(_lib.lib.pagesnap_columns(handle, lo + done, step, fields,
                                             ptrs, ctypes.byref(nr)),
                   "pagesnap_columns")
            done += int(nr.value)
            if int(nr.value) < step:
                break
        if done < n:        # memory went away (hot-unplug): what was filled
            out = {k: v[:done] for k, v in out.items()}
        out["pfn"] = (np.arange(lo, lo + done, dtype=np.uint64)
                      if np is not None else array.array("Q", range(lo, lo + done)))
        return out

    def _columns_filtered(self, np: Any, handle: ctypes.c_void_p, lo: int,
                          n: int, order: List[str], entries: bool,
                          spec: Optional[BitSpec],
                          raw: bool, memcg: Optional[int]) -> Dict[str, Any]:
        """_columns_fill() a chunk at a time, keeping the pfns that match
        @spec (on the flag word scan() matches: kpf, well-known unless
        @raw) and are charged to @memcg."""
        parts: Dict[str, List[Any]] = {name: [] for name in order + ["pfn"]}
        v_memcg = int(Valid.MEMCG)
        wk = _lib.lib.pagesnap_flags_well_known
        verdict: Dict[int, bool] = {}   # flag word -> spec.match()

        def match(kpf: int) -> bool:
            hit = verdict.get(kpf)
            if hit is None:
                hit = spec is None or spec.match(kpf if raw else wk(kpf))
                verdict[kpf] = hit
            return hit

        pos, end = lo, lo + n
        while pos < end:
            chunk = self._columns_fill(np, handle, pos,
                                       min(COLUMNS_CHUNK, end - pos), order,
                                       entries)
            got = len(chunk["pfn"])
            if not got:
                break
            if np is not None:
                keep = np.ones(got, dtype=bool)
                if spec is not None:
                    # one match() per distinct flag word, not per pfn
                    words, inverse = np.unique(chunk["kpf"],
                                               return_inverse=True)
                    ok = np.array([match(int(w)) for w in words], dtype=bool)
                    keep &= ok[inverse]
                if memcg is not None:
                    keep &= (chunk["valid"] & np.uint64(v_memcg)) != 0
                    keep &= chunk["memcg_ino"] == np.uint64(memcg)
                for name, arr in chunk.items():
                    parts[name].append(arr[keep])
            else:
                idx = [i for i in range(got)
                       if (spec is None or match(chunk["kpf"][i]))
                       and (memcg is None or (chunk["valid"][i] & v_memcg
                                              and chunk["memcg_ino"][i] == memcg))]
                for name, arr in chunk.items():
                    parts[name].append(array.array(arr.typecode,
                                                   [arr[i] for i in idx]))
            pos += got
        out: Dict[str, Any] = {}
        for name, arrs in parts.items():
            if np is not None:
                out[name] = (np.concatenate(arrs) if arrs else
                             _col_alloc(np, name, 0))
            else:
                out[name] = _col_alloc(None, name, 0)
                for a in arrs:
                    out[name].extend(a)
        return out

    def _columns_from_entries(self, np: Any, lo: int, n: int,
                              order: List[str]) -> Dict[str, Any]:
        """The columns of a driver without Feature.COLUMNS, from the
        entry scan (a Python loop per pfn: the slow path)."""
        acc = {name: _col_alloc(None, name, 0) for name in order + ["pfn"]}
        idx = [(acc[name], _ENTRY_INDEX[name]) for name in order]
        v_kpf = int(Valid.KPF)
        if n:
            for t in self._raw((lo, lo + n), None, True, False):
                if t[4] & _HOLE:        # as PAGESNAP_IOC_COLUMNS has holes
                    t = (t[0], v_kpf, _NOPAGE, 0, t[4]) + (0,) * 20
                for arr, i in idx:
                    arr.append(t[i])
                acc["pfn"].append(t[0])
        if np is None:
            return acc
        return {name: np.frombuffer(arr, dtype=np.uint64 if _col_wide(name)
                                    else np.uint32).copy()
                for name, arr in acc.items()}

    def _kernel_stats(self, rng: RangeArg, raw: bool) -> Optional[Stats]:
        """stats() counted by the driver (PAGESNAP_IOC_STATS), or None
        when it cannot give exactly what the scan gives."""
        if not _lib.HAVE_STATS:
            return None
        start, end = _pfn_range(rng)
        lib = _lib.lib
        res = ctypes.POINTER(_lib.StatsResult)()
        ret = lib.pagesnap_stats_collect(self._handle(), start, end, U64_MAX,
                                         ctypes.byref(res))
        if ret in (-errno.EOPNOTSUPP, -errno.EINVAL):
            return None
        _check(ret, "pagesnap_stats_collect")
        try:
            r = res.contents
            if r.other_pages:
                return None
            wk = lib.pagesnap_flags_well_known
            by_flags: Counter[int] = collections.Counter()
            for i in range(r.nr_combos):
                k = r.combos[i].kpf
                by_flags[k if raw else wk(k)] += r.combos[i].pages
            if r.holes:
                by_flags[_NOPAGE if raw else wk(_NOPAGE)] += r.holes
            free_blocks: Dict[Tuple[int, Union[Zone, int]], Dict[int, int]] = {}
            for i in range(r.nr_zones):
                z = r.zones[i]
                blocks = {o: n for o, n in enumerate(z.free_blocks) if n}
                if blocks:
                    key = (z.nid, enum_or_int(Zone, z.zone))
                    free_blocks.setdefault(key, {}).update(blocks)
            last_type = _lib.STATS_TYPES - 1
            return Stats(
                pages=r.pfns,
                by_flags={KPF(k): n for k, n in sorted(by_flags.items())},
                faithful=r.faithful, unfaithful=r.unfaithful,
                holes=r.holes, free_pages=r.free_pages,
                folio_orders={o: (r.folios_by_order[o], r.by_order[o])
                              for o in range(_lib.STATS_ORDERS)
                              if r.by_order[o]},
                free_blocks=dict(sorted(free_blocks.items())),
                page_types={enum_or_int(PageType, PageType.UNKNOWN
                                        if t == last_type else t): n
                            for t, n in enumerate(r.by_type) if n},
                mappings={enum_or_int(MappingKind, k): n
                          for k, n in enumerate(r.by_kind) if n})
        finally:
            lib.pagesnap_stats_free(res)

    def stats(self, range: RangeArg = None, bits: BitsArg = None,
              raw: bool = False, kernel: bool = True) -> Stats:
        """Aggregate a pfn range without keeping its pages (see Stats).

        Without ``bits`` the driver counts in the kernel
        (``PAGESNAP_IOC_STATS``, no entry copied out) when it can;
        ``kernel=False``, ``bits``, or a driver without the ioctl scan
        every page and count here.  Both give the same counts.
        """
        if kernel and (bits is None or (isinstance(bits, BitSpec)
                                        and not len(bits))):
            st = self._kernel_stats(range, raw)
            if st is not None:
                return st
        by_flags: Counter[int] = collections.Counter()
        orders_p: Counter[int] = collections.Counter()
        orders_f: Counter[int] = collections.Counter()
        free_blocks: Dict[Tuple[int, Union[Zone, int]], Counter[int]] = {}
        types: Counter[int] = collections.Counter()
        kinds: Counter[int] = collections.Counter()
        pages = faithful = unfaithful = holes = free = 0
        wk = _lib.lib.pagesnap_flags_well_known
        V_KPF, V_FOLIO = int(Valid.KPF), int(Valid.FOLIO)
        V_BO, V_NZ = int(Valid.BUDDY_ORDER), int(Valid.NODE_ZONE)
        V_PT, V_MK = int(Valid.PAGE_TYPE), int(Valid.MAPPING_KIND)
        SF_FAITHFUL, SF_FREE = int(SnapFlag.FAITHFUL), int(SnapFlag.FREE)
        for t in self._raw(range, bits, raw, False):
            pages += 1
            valid, kpf, sf = t[1], t[2], t[4]
            f = kpf if valid & V_KPF else 0
            if sf & _HOLE:
                f |= _NOPAGE
            by_flags[f if raw else wk(f)] += 1
            if sf & _HOLE:
                holes += 1
                continue
            if sf & SF_FAITHFUL:
                faithful += 1
            else:
                unfaithful += 1
            if sf & SF_FREE:
                free += 1
            if valid & V_FOLIO:
                orders_p[t[17]] += 1
                if t[18] == 0:
                    orders_f[t[17]] += 1
            if (valid & V_BO and valid & V_NZ and sf & SF_FREE
                    and t[19] == PageType.BUDDY):
                key = (t[22], enum_or_int(Zone, t[23]))
                blk = free_blocks.setdefault(key, collections.Counter())
                blk[t[20]] += 1
            if valid & V_PT:
                types[t[19]] += 1
            if valid & V_MK:
                kinds[t[21]] += 1
        return Stats(
            pages=pages,
            by_flags={KPF(k): n for k, n in sorted(by_flags.items())},
            faithful=faithful, unfaithful=unfaithful, holes=holes,
            free_pages=free,
            folio_orders={o: (orders_f[o], orders_p[o])
                          for o in sorted(orders_p)},
            free_blocks={k: dict(sorted(v.items()))
                         for k, v in sorted(free_blocks.items())},
            page_types={enum_or_int(PageType, k): n
                        for k, n in sorted(types.items())},
            mappings={enum_or_int(MappingKind, k): n
                      for k, n in sorted(kinds.items())})

    def addr(self, pid: int, vaddr: int) -> VaddrPage:
        """What backs virtual address ``vaddr`` of process ``pid``.

        Reads /proc/PID/pagemap (pid 0: this process) and snapshots the
        page when it is present.  :meth:`addr_range` for several pages.
        """
        return self.addr_range(pid, vaddr, 1)[0]

    def addr_range(self, pid: int, vaddr: int, count: int) -> List[VaddrPage]:
        """:meth:`addr` for ``count`` consecutive pages from ``vaddr``."""
        n = int(count)
        if n < 1:
            raise ValueError("count must be >= 1")
        self._handle()
        pm = ctypes.c_void_p()
        _check(_lib.lib.pagesnap_pagemap_open(int(pid), ctypes.byref(pm)),
               "pagesnap_pagemap_open")
        try:
            out = (_lib.Vaddr * n)()
            _check(_lib.lib.pagesnap_pagemap_read(pm, int(vaddr), out, n),
                   "pagesnap_pagemap_read")
        finally:
            _lib.lib.pagesnap_pagemap_close(pm)
        res = []
        for v in out:
            state = enum_or_int(VaddrState, v.state)
            present = state == VaddrState.PRESENT
            swapped = state == VaddrState.SWAPPED
            page = None
            if present and not v.flags & VaddrFlag.PFN_HIDDEN:
                page = self.get(v.pfn)
            res.append(VaddrPage(
                v.vaddr, state, VaddrFlag(v.flags),
                v.pfn if present else None,
                v.swap_type if swapped else None,
                v.swap_offset if swapped else None,
                v.pagemap, page))
        return res

    def file(self, file: FileArg, first: int = 0,
             count: Optional[int] = None) -> Iterator[Tuple[int, Page]]:
        """``(page index, Page)`` for each cached page of a file.

        page-types -f: which physical pages hold the file, and in what
        state.  ``file`` is a path, a descriptor or a file object; see
        :func:`file_pfns` for ``first``/``count``.  The page list is taken
        first, then each page is snapshotted (it may have left the page
        cache in between: check ``page.file``).
        """
        self._handle()
        for index, pfn in file_pfns(file, first, count):
            yield index, self.get(pfn)


def file_pfns(file: FileArg, first: int = 0, count: Optional[int] = None
              ) -> List[Tuple[int, int]]:
    """``[(page index in the file, pfn)]`` of a file's cached pages.

    ``file`` is a path, a descriptor or an object with ``fileno()``.
    Pages not in the page cache are skipped and not read in
    (pagesnap_file_pages(): mincore + our own pagemap; pfns need
    CAP_SYS_ADMIN, else PagesnapError(EPERM)).  Needs no driver.
    """
    n = U64_MAX if count is None else int(count)
    out: List[Tuple[int, int]] = []

    def cb(index: int, pfn: int, _arg: object) -> int:
        out.append((index, pfn))
        return 0

    fn = _lib.FILE_FN(cb)
    own = isinstance(file, (str, bytes, os.PathLike))
    if isinstance(file, (str, bytes, os.PathLike)):
        fd = os.open(file, os.O_RDONLY | os.O_CLOEXEC)
    else:
        fd = file if isinstance(file, int) else int(file.fileno())
    try:
        _check(_lib.lib.pagesnap_file_pages(fd, int(first), n, fn, None),
               "pagesnap_file_pages")
    finally:
        if own:
            os.close(fd)
    return out


def open(path: Optional[str] = None) -> Pagesnap:  # noqa: A001 (like gzip.open)
    """Open the pagesnap device (default /dev/pagesnap) and check its ABI.

    Raises :class:`PagesnapError` with errno ENOENT and the library's hint
    when the module is not loaded, EPERM/EACCES without CAP_SYS_ADMIN,
    EPROTO/EPROTONOSUPPORT on an ABI mismatch.
    """
    return Pagesnap(path)


def library_version() -> Tuple[int, int]:
    """(major, minor) of the libpagesnap in use."""
    return (_lib.lib.pagesnap_version_major(),
            _lib.lib.pagesnap_version_minor())
