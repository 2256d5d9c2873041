# SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
"""Snapshot files written by ``pagesnap-cli record`` (docs/snapshot-format.md).

::

    snap = pagesnap.load("before.psnap")
    print(snap.meta["release"], snap.info.pfn_end)
    for page in snap.pages("0x1000+512"):     # the same Page records as live
        print(page.pfn, page.flag_names)
    cols = snap.columns()                     # one array per field, per run
    print(cols["nr_pages"].sum(), cols["kpf"][:10])
    print(snap.memcgs[ino], snap.files[(major, minor, ino)])

The file is checked as the C reader checks it (CRC32C of every header
and payload, zstd's own checksum, sizes, order, column layout, the pfn
chain, the end record) before load() returns; a damaged, truncated or
newer file raises :class:`SnapshotError`.  zstd is libzstd through
ctypes (Debian's libzstd1, which apt itself needs): no extra module.
``columns()`` gives numpy arrays when numpy can be imported, lists
otherwise.
"""

import ctypes
import ctypes.util
import struct
from typing import Any, Dict, Iterator, List, Optional, Sequence, Set, Tuple, Union

from .core import Columns, Info, Page, _column_names, parse_range
from .flags import Backend, Feature, Valid

MAGIC = b"\x89PSNAP\r\n"
VERSION = 1
SEC_META, SEC_BLOCK, SEC_MEMCGS, SEC_FILES, SEC_TAIL, SEC_END = 1, 2, 3, 4, 5, 0x7FFFFFFF
SEC_F_OPTIONAL = 1
BLOCK_MAX = 65536
META_RAW_MAX = 64 << 10
TABLE_RAW_MAX = 256 << 20
BLOCK_RAW_MAX = 16 + 64 * 8 + 64 * 8 * BLOCK_MAX

#: column id -> (name, width); the order of struct pagesnap_entry after pfn
COLUMNS = {
    1: ("nr_pages", 8), 2: ("valid", 8), 3: ("kpf", 8), 4: ("raw_flags", 8),
    5: ("snap_flags", 8), 6: ("head", 8), 7: ("memcg_ino", 8),
    8: ("file_ino", 8), 9: ("file_index", 8), 10: ("owner_hash", 8),
    11: ("file_dev_major", 4), 12: ("file_dev_minor", 4),
    13: ("refcount", 4), 14: ("mapcount", 4), 15: ("entire_mapcount", 4),
    16: ("folio_mapcount", 4), 17: ("pincount", 4), 18: ("order", 4),
    19: ("index", 4), 20: ("page_type", 4), 21: ("buddy_order", 4),
    22: ("mapping_kind", 4), 23: ("nid", 4), 24: ("zone", 4),
    25: ("stride", 4),
}
STRIDE_INDEX, STRIDE_FILE_INDEX, STRIDE_HEAD_FIXED = 1, 2, 4
U64 = 0xFFFFFFFFFFFFFFFF
_FMT = {1: "B", 2: "H", 4: "I", 8: "Q"}


class SnapshotError(ValueError):
    """The file is not a snapshot this reader can trust."""


def _crc_table() -> List[int]:
    t: List[int] = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ (0x82F63B78 if c & 1 else 0)
        t.append(c)
    return t


_CRC = _crc_table()


def crc32c(data: bytes, crc: int = 0) -> int:
    """CRC32C (Castagnoli) of @data."""
    crc ^= 0xFFFFFFFF
    t = _CRC
    for b in data:
        crc = t[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


class _Zstd:
    def __init__(self) -> None:
        name = ctypes.util.find_library("zstd") or "libzstd.so.1"
        lib = ctypes.CDLL(name)
        lib.ZSTD_getFrameContentSize.restype = ctypes.c_ulonglong
        lib.ZSTD_getFrameContentSize.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
        lib.ZSTD_decompress.restype = ctypes.c_size_t
        lib.ZSTD_decompress.argtypes = [ctypes.c_void_p, ctypes.c_size_t,
                                        ctypes.c_char_p, ctypes.c_size_t]
        lib.ZSTD_isError.restype = ctypes.c_uint
        lib.ZSTD_isError.argtypes = [ctypes.c_size_t]
        self.lib = lib

    def inflate(self, data: bytes, raw: int, where: str) -> bytes:
        if self.lib.ZSTD_getFrameContentSize(data, len(data)) != raw:
            raise SnapshotError("%s: compressed frame does not declare its %d bytes"
                                % (where, raw))
        out = ctypes.create_string_buffer(max(raw, 1))
        got = self.lib.ZSTD_decompress(out, max(raw, 1), data, len(data))
        if self.lib.ZSTD_isError(got) or got != raw:
            raise SnapshotError("%s: corrupted compressed data" % where)
        return bytes(out.raw[:raw])


_zstd: Optional[_Zstd] = None


def _inflate(data: bytes, raw: int, where: str) -> bytes:
    global _zstd
    if _zstd is None:
        _zstd = _Zstd()
    return _zstd.inflate(data, raw, where)


def _meta(text: bytes, where: str) -> Dict[str, Any]:
    if b"\0" in text:
        raise SnapshotError("meta record: NUL byte")
    out: Dict[str, Any] = {}
    for line in text.decode("utf-8", "replace").split("\n")[:-1]:
        k, sep, v = line.partition("=")
        if not sep:
            raise SnapshotError("meta record: line without '='")
        out[k] = v
    if not text.endswith(b"\n") and text:
        raise SnapshotError("meta record: unterminated line")
    req = ("release", "time", "pfn_end", "page_size", "range_start",
           "range_end", "valid_mask", "abi_version")
    for k in req:
        if k not in out:
            raise SnapshotError("meta record: a required key is missing")
    for k in ("abi_version", "entry_size", "features", "valid_mask",
              "pfn_start", "pfn_end", "max_pfns", "page_size", "backend",
              "max_filters", "range_start", "range_end", "duration_ns"):
        if k in out:
            if not out[k].isdigit():
                raise SnapshotError("meta record: %s is not a number" % k)
            out[k] = int(out[k])
    ps = out["page_size"]
    if ps < 512 or ps > 1 << 30 or ps & (ps - 1):
        raise SnapshotError("meta record: page size %d" % ps)
    if not out["range_start"] < out["range_end"] <= out["pfn_end"]:
        raise SnapshotError("meta record: bad recorded range")
    return out


class Snapshot:
    """An opened, checked snapshot file (see :func:`load`)."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        # (offset, stored, raw, first_pfn, nr)
        self._blocks: List[Tuple[int, int, int, int, int]] = []
        #: memcg inode -> path below the cgroup2 root
        self.memcgs: Dict[int, str] = {}
        #: (major, minor, inode) -> path
        self.files: Dict[Tuple[int, int, int], str] = {}
        self.meta: Dict[str, Any] = {}
        self._parse()

    # -- reading -------------------------------------------------------------
    def _parse(self) -> None:
        d = self._data
        if len(d) < 32 or d[:8] != MAGIC:
            raise SnapshotError("not a pagesnap snapshot file (bad magic)")
        if crc32c(d[:28]) != struct.unpack_from("<I", d, 28)[0]:
            raise SnapshotError("file header checksum mismatch")
        version, hsize, flags, res = struct.unpack_from("<IIQI", d, 8)
        if version == 0 or version > VERSION:
            raise SnapshotError("snapshot format %d: this reader reads format %d"
                                % (version, VERSION))
        if hsize != 32 or flags or res:
            raise SnapshotError("file header has sizes or flags this reader does not know")
        pos, have_meta, pages, expect = 32, False, 0, 0
        tables: Set[int] = set()
        while True:
            if len(d) - pos < 32:
                raise SnapshotError("truncated file at byte %d" % pos)
            typ, fl, stored, raw, pcrc, hcrc = struct.unpack_from("<IIQQII", d, pos)
            if crc32c(d[pos:pos + 28]) != hcrc:
                raise SnapshotError("section header at byte %d: checksum mismatch" % pos)
            if stored > len(d) - pos - 32:
                raise SnapshotError("truncated file: section at byte %d" % pos)
            body = d[pos + 32:pos + 32 + stored]
            if crc32c(body) != pcrc:
                raise SnapshotError("section at byte %d: data checksum mismatch" % pos)
            where = "section at byte %d" % pos
            if not have_meta and typ != SEC_META:
                raise SnapshotError("first section is not the meta record")
            if typ == SEC_META:
                if have_meta or raw >= META_RAW_MAX:
                    raise SnapshotError("bad meta record")
                self.meta = _meta(_inflate(body, raw, where), where)
                have_meta = True
                expect = self.meta["range_start"]
            elif typ == SEC_BLOCK:
                if tables or raw > BLOCK_RAW_MAX:
                    raise SnapshotError("%s: bad block" % where)
                first, nr = self._check_block(_inflate(body, raw, where),
                                              where, expect)
                self._blocks.append((pos + 32, stored, raw, first, nr[0]))
                pages += nr[1] - first
                expect = nr[1]
            elif typ in (SEC_MEMCGS, SEC_FILES):
                if typ in tables or raw > TABLE_RAW_MAX:
                    raise SnapshotError("%s: bad name table" % where)
                tables.add(typ)
                self._table(_inflate(body, raw, where), typ == SEC_FILES, where)
            elif typ == SEC_TAIL:
                if raw >= 4096:
                    raise SnapshotError("bad tail record")
                text = _inflate(body, raw, where)
                if b"\0" in text or (text and not text.endswith(b"\n")):
                    raise SnapshotError("bad tail record")
                for line in text.decode("utf-8", "replace").split("\n")[:-1]:
                    k, sep, v = line.partition("=")
                    if not sep:
                        raise SnapshotError("tail record: line without '='")
                    if k == "duration_ns":
                        if not v.isdigit():
                            raise SnapshotError("tail record: bad duration")
                        self.meta["duration_ns"] = int(v)
            elif typ == SEC_END:
                if raw != 24:
                    raise SnapshotError("bad end record")
                nb, ne, npg = struct.unpack("<QQQ", _inflate(body, raw, where))
                if (nb, ne, npg) != (len(self._blocks), self.runs, pages) or \
                   expect != self.meta["range_end"]:
                    raise SnapshotError("end record does not match the blocks")
                pos += 32 + stored
                break
            elif not fl & SEC_F_OPTIONAL:
                raise SnapshotError("section type %d at byte %d is not known to this reader"
                                    % (typ, pos))
            pos += 32 + stored
        if pos != len(d):
            raise SnapshotError("%d bytes after the end record" % (len(d) - pos))

    @property
    def runs(self) -> int:
        """Entries (runs of like pages) in the file."""
        return sum(b[4] for b in self._blocks)

    def _layout(self, raw: bytes, where: str) -> Tuple[int, int, Dict[int, int]]:
        if len(raw) < 16:
            raise SnapshotError("%s: block too short" % where)
        first, nr, ncols = struct.unpack_from("<QII", raw, 0)
        if not 1 <= nr <= BLOCK_MAX or not 1 <= ncols <= 64:
            raise SnapshotError("%s: %d entries in %d columns" % (where, nr, ncols))
        need = 16 + 8 * ncols
        if len(raw) < need:
            raise SnapshotError("%s: truncated column list" % where)
        cols: Dict[int, int] = {}
        seen: Set[int] = set()
        for i in range(ncols):
            cid, width = struct.unpack_from("<II", raw, 16 + 8 * i)
            if width not in (1, 2, 4, 8):
                raise SnapshotError("%s: column %d is %d bytes wide" % (where, cid, width))
            if cid in COLUMNS:
                if COLUMNS[cid][1] != width or cid in seen:
                    raise SnapshotError("%s: bad column %d" % (where, cid))
                seen.add(cid)
                cols[cid] = need
            need += width * nr
        if need != len(raw):
            raise SnapshotError("%s: sizes do not add up" % where)
        if 1 not in cols:
            raise SnapshotError("%s: no nr_pages column" % where)
        return first, nr, cols

    def _check_block(self, raw: bytes, where: str,
                     expect: int) -> Tuple[int, Tuple[int, int]]:
        first, nr, cols = self._layout(raw, where)
        if first != expect:
            raise SnapshotError("%s starts at pfn 0x%x, not 0x%x" % (where, first, expect))
        pfn, end = first, self.meta["range_end"]
        for n in struct.unpack_from("<%dQ" % nr, raw, cols[1]):
            if not n or n > end - pfn:
                raise SnapshotError("%s: a run leaves the recorded range" % where)
            pfn += n
        if 25 in cols and any(s > 7 for s in struct.unpack_from("<%dI" % nr, raw, cols[25])):
            raise SnapshotError("%s: unknown stride bits" % where)
        return first, (nr, pfn)

    def _table(self, raw: bytes, with_dev: bool, where: str) -> None:
        pos, rec = 0, 20 if with_dev else 12
        while pos < len(raw):
            if len(raw) - pos < rec:
                raise SnapshotError("%s: truncated row" % where)
            if with_dev:
                ma, mi, ino, ln = struct.unpack_from("<IIQI", raw, pos)
            else:
                ino, ln = struct.unpack_from("<QI", raw, pos)
            if not 0 < ln < 4096 or ln > len(raw) - pos - rec:
                raise SnapshotError("%s: path of %d bytes" % (where, ln))
            praw = raw[pos + rec:pos + rec + ln]
            if b"\0" in praw:
                raise SnapshotError("%s: NUL in a path" % where)
            path = praw.decode("utf-8", "surrogateescape")
            if with_dev:
                self.files[(ma, mi, ino)] = path
            else:
                self.memcgs[ino] = path
            pos += rec + ln

    def _block_columns(self, b: Tuple[int, int, int, int, int]
                       ) -> Tuple[int, int, Dict[str, Tuple[int, ...]]]:
        off, stored, raw, first, nr = b
        data = _inflate(self._data[off:off + stored], raw, "block")
        _, nr, cols = self._layout(data, "block")
        out: Dict[str, Tuple[int, ...]] = {}
        for cid, (name, width) in COLUMNS.items():
            if cid in cols:
                out[name] = struct.unpack_from("<%d%s" % (nr, _FMT[width]), data, cols[cid])
            else:
                out[name] = (0,) * nr
        return first, nr, out

    # -- the API ---------------------------------------------------------------
    @property
    def info(self) -> Info:
        """The driver's :class:`Info` at recording time."""
        m = self.meta
        return Info(m["abi_version"], m.get("entry_size", 0),
                    Feature(m.get("features", 0)), Valid(m["valid_mask"]),
                    m.get("pfn_start", 0), m["pfn_end"], m.get("max_pfns", 0),
                    m["page_size"], Backend(m.get("backend", 0))
                    if m.get("backend", 0) in Backend._value2member_map_
                    else m.get("backend", 0), m.get("max_filters", 0))

    @property
    def time(self) -> float:
        """Unix time of the recording, a float."""
        return float(self.meta["time"])

    def pages(self, rng: Union[str, Tuple[int, int], None] = None
              ) -> Iterator[Page]:
        """:class:`Page` records of every pfn in @rng (all recorded pfns by
        default), exactly as :meth:`Pagesnap.scan` gave them live."""
        lo, hi = self.meta["range_start"], self.meta["range_end"]
        if rng is not None:
            start, end = parse_range(rng) if isinstance(rng, str) else rng
            lo, hi = max(lo, start), min(hi, end)
        names = [COLUMNS[i][0] for i in range(2, 25)]
        for b in self._blocks:
            first, nr, cols = self._block_columns(b)
            pfn = first
            rows = zip(*(cols[n] for n in ["nr_pages", "stride"] + names))
            for row in rows:
                n, stride = row[0], row[1]
                if pfn + n > lo and pfn < hi:
                    t = list(row[2:])
                    valid, folio = t[0], t[0] & Valid.FOLIO
                    head = (pfn - t[4]) & U64 if folio else t[4]
                    index, findex = t[17], t[7]
                    for p in range(max(pfn, lo), min(pfn + n, hi)):
                        j = p - pfn
                        if folio and not stride & STRIDE_HEAD_FIXED:
                            t[4] = (head + j) & U64
                        else:
                            t[4] = head
                        if stride & STRIDE_INDEX:
                            t[17] = (index + j) & 0xFFFFFFFF
                        if stride & STRIDE_FILE_INDEX:
                            t[7] = (findex + j) & U64
                        yield Page._from_tuple(tuple([p] + t + [1]))
                pfn += n
                if pfn >= hi:
                    return

    def columns(self, fields: Optional[Sequence[str]] = None) -> Columns:
        """{column: array} over the runs: ``pfn`` (first pfn of each run),
        ``nr_pages``, ``head_pfn`` (of the run's first pfn) and every other
        field of struct pagesnap_entry, or only those in ``fields`` (after
        ``pfn`` and ``nr_pages``), named as :meth:`Pagesnap.columns` names
        them live; numpy arrays of the same dtypes when numpy imports,
        lists otherwise.  A :class:`Columns`: ``to_records()``,
        ``to_dataframe()``."""
        keep = None
        if fields is not None:
            keep = ["pfn", "nr_pages"] + [
                f for f in _column_names(fields) if f != "nr_pages"]
        acc: Dict[str, List[int]] = {"pfn": []}
        for cid, (name, _) in COLUMNS.items():
            acc["head_pfn" if name == "head" else name] = []
        for b in self._blocks:
            first, nr, cols = self._block_columns(b)
            pfn = first
            for i in range(nr):
                acc["pfn"].append(pfn)
                v = cols["valid"][i]
                h = cols["head"][i]
                acc["head_pfn"].append((pfn - h) & 0xFFFFFFFFFFFFFFFF
                                       if v & Valid.FOLIO else h)
                pfn += cols["nr_pages"][i]
            for cid, (name, _) in COLUMNS.items():
                if name != "head":
                    acc[name].extend(cols[name])
        if keep is not None:
            acc = {k: acc[k] for k in keep}
        try:
            import numpy
        except ImportError:
            return Columns(acc)
        return Columns({k: numpy.array(v, dtype=numpy.uint64 if k not in
                                       [n for n, w in COLUMNS.values() if w == 4]
                                       else numpy.uint32) for k, v in acc.items()})


def load(path: str) -> Snapshot:
    """Read and check the snapshot file @path; a :class:`Snapshot`.

    Raises :class:`SnapshotError` for a damaged, truncated or newer file
    and OSError when it cannot be read.
    """
    with open(path, "rb") as f:
        return Snapshot(f.read())
