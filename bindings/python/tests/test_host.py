# SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
"""Host tests of the Python bindings: everything that works without the driver.

The enumerations are checked against the C headers (parsed) and the
library's name functions (called), the ctypes structures against the C
compiler's sizeof/offsetof, the page-types syntaxes against the library,
and the errors of opening a missing or wrong device.
"""

import ctypes
import errno
import os
import random
import re
import shutil
import subprocess
import tempfile
import unittest

import pagesnap
from pagesnap import _lib
from pagesnap import core

TOP = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
UAPI = os.environ.get("PAGESNAP_UAPI_HEADER",
                      os.path.join(TOP, "uapi", "linux", "pagesnap.h"))
LIBHDR = os.environ.get("PAGESNAP_LIB_HEADER",
                        os.path.join(TOP, "libpagesnap", "include", "pagesnap.h"))


def header_defines(path, prefix):
    """{NAME: value} of the integer #defines NAME starting with @prefix."""
    out = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"#define\s+(%s\w+)\s+(.*?)\s*(/\*.*)?$" % prefix, line)
            if not m:
                continue
            expr = m.group(2).replace("ULL", "").replace("U", "")
            if not re.fullmatch(r"[0-9x()<\s\-+|a-fA-F]+", expr):
                continue
            try:
                out[m.group(1)[len(prefix):]] = eval(expr, {})
            except SyntaxError:
                pass
    return out


def raises_errno(test, err, fn, *args):
    """@fn(*args) raises PagesnapError(@err) with the library's message,
    or, for a bad argument, a ValueError with the CLI's hint."""
    with test.assertRaises(pagesnap.PagesnapError) as cm:
        fn(*args)
    test.assertEqual(cm.exception.errno, err, str(cm.exception))
    if (isinstance(cm.exception, ValueError)
            and cm.exception.strerror != _lib.strerror(err)):
        test.assertTrue(re.search(r"expected|too large|does not fit|unknown flag|"
                                  r"not a number|unknown name|too many",
                                  cm.exception.strerror),
                        cm.exception.strerror)
    else:
        test.assertEqual(cm.exception.strerror, _lib.strerror(err))
    return cm.exception


class FlagNames(unittest.TestCase):
    """KPF member names against the library's name functions and the uapi."""

    def test_every_bit_matches_library_name(self):
        for bit in range(64):
            cname = pagesnap.flag_name(bit)
            try:
                member = pagesnap.KPF(1 << bit)
                pyname = member.name
            except ValueError:
                pyname = None
            if cname is None:
                self.assertIsNone(pyname, f"bit {bit}: Python-only member")
            else:
                self.assertEqual(pyname.lower() if pyname else None, cname,
                                 f"bit {bit}")

    def test_library_bit_of_every_member(self):
        for member in pagesnap.KPF:
            self.assertEqual(1 << pagesnap.flag_bit(member.name.lower()),
                             int(member), member.name)

    def test_members_equal_uapi_macros(self):
        macros = header_defines(UAPI, "PAGESNAP_KPF_")
        self.assertGreater(len(macros), 30)
        self.assertEqual({m.name: int(m) for m in pagesnap.KPF},
                         {k: 1 << v for k, v in macros.items()})

    def test_names_and_format_agree(self):
        rnd = random.Random(7)
        for _ in range(300):
            word = rnd.getrandbits(64)
            self.assertEqual(",".join(pagesnap.KPF(word).names()),
                             pagesnap.format_flags(word), hex(word))

    def test_letters_exist_for_named_bits(self):
        sym = pagesnap.symbolic_flags(int(pagesnap.KPF.LRU | pagesnap.KPF.ANON))
        self.assertEqual(len(sym), len(list(pagesnap.KPF)))
        self.assertEqual(sym.count("_"), len(sym) - 2)

    def test_unknown_name_is_einval(self):
        e = raises_errno(self, errno.EINVAL, pagesnap.flag_bit, "no-such-flag")
        self.assertIn("pagesnap_flag_bit", str(e))

    def test_aliases(self):
        self.assertEqual(pagesnap.flag_bit("anonymous"), 12)
        self.assertEqual(pagesnap.flag_bit("mappedtodisk"), 34)

    def test_masks_equal_library_header(self):
        hdr = header_defines(LIBHDR, "PAGESNAP_KPF_")
        from pagesnap import flags
        self.assertEqual(hdr["KNOWN_MASK"], flags.KPF_KNOWN_MASK)
        self.assertEqual(hdr["HACKER_MASK"], flags.KPF_HACKER_MASK)
        self.assertEqual(int(pagesnap.well_known(flags.KPF_KNOWN_MASK)),
                         _lib.lib.pagesnap_flags_well_known(flags.KPF_KNOWN_MASK))


class Enums(unittest.TestCase):
    """Every other enumeration against its uapi/library macros and names."""

    CASES = [
        ("PAGESNAP_SF_", pagesnap.SnapFlag, UAPI),
        ("PAGESNAP_VALID_", pagesnap.Valid, UAPI),
        ("PAGESNAP_PAGE_TYPE_", pagesnap.PageType, UAPI),
        ("PAGESNAP_MAPPING_", pagesnap.MappingKind, UAPI),
        ("PAGESNAP_ZONE_", pagesnap.Zone, UAPI),
        ("PAGESNAP_BACKEND_", pagesnap.Backend, UAPI),
        ("PAGESNAP_FEAT_", pagesnap.Feature, UAPI),
        ("PAGESNAP_QUERY_", pagesnap.QueryFlag, UAPI),
        ("PAGESNAP_VADDR_F_", pagesnap.VaddrFlag, LIBHDR),
    ]

    def test_values_equal_macros(self):
        for prefix, cls, hdr in self.CASES:
            with self.subTest(prefix=prefix):
                macros = header_defines(hdr, prefix)
                macros.pop("ALL", None)
                macros.pop("FLAGS_ALL", None)
                if prefix == "PAGESNAP_QUERY_":
                    macros = {k: v for k, v in macros.items()
                              if k in ("SKIP_HOLES", "RUNS")}
                self.assertTrue(macros)
                self.assertEqual({m.name: int(m) for m in cls}, macros)

    def test_vaddr_states(self):
        macros = header_defines(LIBHDR, "PAGESNAP_VADDR_")
        for m in pagesnap.VaddrState:
            self.assertEqual(macros[m.name], int(m))

    def test_names_equal_library(self):
        for cls, fn in ((pagesnap.PageType, "pagesnap_page_type_name"),
                        (pagesnap.MappingKind, "pagesnap_mapping_kind_name"),
                        (pagesnap.Zone, "pagesnap_zone_name")):
            for m in cls:
                cname = getattr(_lib.lib, fn)(int(m)).decode()
                self.assertEqual(m.name.lower(), cname.lower(), f"{cls.__name__}.{m.name}")


CC = shutil.which(os.environ.get("CC", "cc")) or shutil.which("gcc")


class Layout(unittest.TestCase):
    """ctypes structures equal the C ones, byte for byte."""

    STRUCTS = [("pagesnap_entry", _lib.Entry, "PAGESNAP_ENTRY_SIZE_VER1"),
               ("pagesnap_info", _lib.Info, "PAGESNAP_INFO_SIZE_VER0"),
               ("pagesnap_query", _lib.Query, "PAGESNAP_QUERY_SIZE_VER0"),
               ("pagesnap_filter", _lib.Filter, None),
               ("pagesnap_bits", _lib.Bits, None),
               ("pagesnap_bits_term", _lib.BitsTerm, None),
               ("pagesnap_vaddr", _lib.Vaddr, None)]

    def test_sizes_equal_ver0_constants(self):
        macros = header_defines(UAPI, "PAGESNAP_")
        for name, cls, const in self.STRUCTS:
            if const:
                self.assertEqual(ctypes.sizeof(cls),
                                 macros[const[len("PAGESNAP_"):]], name)
        self.assertEqual(core._ENTRY.size, macros["ENTRY_SIZE_VER1"])
        self.assertEqual(_lib.MAX_FILTERS, macros["MAX_FILTERS"])
        self.assertEqual(_lib.BITS_MAX,
                         header_defines(LIBHDR, "PAGESNAP_")["BITS_MAX"])

    @unittest.skipUnless(CC, "no C compiler")
    def test_offsets_equal_c_compiler(self):
        lines = ['#include <stdio.h>', '#include <stddef.h>',
                 '#include <pagesnap.h>', 'int main(void) {']
        expect = []
        for name, cls, _ in self.STRUCTS:
            lines.append(f'printf("%zu\\n", sizeof(struct {name}));')
            expect.append(ctypes.sizeof(cls))
            for field, _t in cls._fields_:
                lines.append(f'printf("%zu\\n", offsetof(struct {name}, {field}));')
                expect.append(getattr(cls, field).offset)
        lines.append("return 0; }")
        with tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, "layout.c")
            exe = os.path.join(d, "layout")
            with open(src, "w") as f:
                f.write("\n".join(lines))
            subprocess.run([CC, "-I", os.path.dirname(LIBHDR), "-I",
                            os.path.dirname(os.path.dirname(UAPI)),
                            "-o", exe, src], check=True)
            got = [int(x) for x in subprocess.run(
                [exe], check=True, capture_output=True, text=True).stdout.split()]
        self.assertEqual(got, expect)


class Parsing(unittest.TestCase):
    """The page-types syntaxes, through the library."""

    def test_ranges(self):
        U = pagesnap.U64_MAX
        for text, want in (("5", (5, 6)), ("0x10+5", (16, 21)),
                           ("10,20", (10, 20)), ("10,", (10, U)),
                           (",20", (0, 20)), ("0xA,0xB", (10, 11))):
            self.assertEqual(pagesnap.parse_range(text), want, text)

    def test_range_errors(self):
        for text, err in (("", errno.EINVAL), ("20,10", errno.EINVAL),
                          ("x", errno.EINVAL), (",", errno.EINVAL),
                          ("1+0", errno.EINVAL), ("1,2,3", errno.EINVAL),
                          ("0xffffffffffffffff+1", errno.ERANGE),
                          ("99999999999999999999", errno.ERANGE)):
            with self.subTest(text=text):
                raises_errno(self, err, pagesnap.parse_range, text)

    def test_numbers(self):
        self.assertEqual(pagesnap.parse_number("0x1f"), 31)
        self.assertEqual(pagesnap.parse_number("18446744073709551615"),
                         pagesnap.U64_MAX)
        raises_errno(self, errno.ERANGE, pagesnap.parse_number,
                     "18446744073709551616")
        raises_errno(self, errno.EINVAL, pagesnap.parse_number, "-1")

    def test_range_argument_forms(self):
        f = core._pfn_range
        self.assertEqual(f(None), (0, pagesnap.U64_MAX))
        self.assertEqual(f("0x10+2"), (16, 18))
        self.assertEqual(f(range(3, 9)), (3, 9))
        self.assertEqual(f((3, 9)), (3, 9))
        self.assertEqual(f(7), (7, 8))
        self.assertRaises(ValueError, f, range(0, 10, 2))
        self.assertRaises(ValueError, f, (9, 3))

    def test_flag_lists(self):
        K = pagesnap.KPF
        self.assertEqual(pagesnap.parse_flags("lru,anon"), K.LRU | K.ANON)
        self.assertEqual(pagesnap.parse_flags("compound"),
                         K.COMPOUND_HEAD | K.COMPOUND_TAIL)
        self.assertEqual(pagesnap.parse_flags("0x20"), K.LRU)
        raises_errno(self, errno.EINVAL, pagesnap.parse_flags, "lru,,anon")
        raises_errno(self, errno.EINVAL, pagesnap.parse_flags, "bogus")

    def test_bit_specs(self):
        K = pagesnap.KPF
        any_ = pagesnap.BitSpec("lru,anon")
        self.assertEqual(any_.terms(), [(int(K.LRU | K.ANON), 0, True)])
        self.assertTrue(any_.match(K.ANON))
        self.assertFalse(any_.match(K.SLAB))
        neg = pagesnap.BitSpec("lru,~anon")
        self.assertEqual(neg.terms(), [(int(K.LRU | K.ANON), int(K.LRU), False)])
        self.assertTrue(neg.match(K.LRU | K.DIRTY))
        self.assertFalse(neg.match(K.LRU | K.ANON))
        exact = pagesnap.BitSpec("=lru,active")
        self.assertTrue(exact.match(K.LRU | K.ACTIVE))
        self.assertFalse(exact.match(K.LRU | K.ACTIVE | K.DIRTY))
        both = pagesnap.BitSpec(["lru", "~anon"])
        self.assertEqual(len(both), 2)
        self.assertEqual(neg.filters(), [(int(K.LRU | K.ANON), int(K.LRU))])
        self.assertEqual(pagesnap.BitSpec([]).filters(), [])

    def test_bit_spec_errors(self):
        raises_errno(self, errno.EINVAL, pagesnap.BitSpec, "lru=anon")
        raises_errno(self, errno.EINVAL, pagesnap.BitSpec, "=lru,~anon")
        raises_errno(self, errno.EINVAL, pagesnap.BitSpec, "")
        raises_errno(self, errno.E2BIG, pagesnap.BitSpec, ["lru"] * 17)


class Errors(unittest.TestCase):
    """Opening something that is not the device."""

    def test_missing_device_is_enoent_with_library_message(self):
        with tempfile.TemporaryDirectory() as d:
            e = raises_errno(self, errno.ENOENT, pagesnap.open,
                             os.path.join(d, "pagesnap"))
        self.assertIsInstance(e, OSError)
        self.assertIn("modprobe pagesnap", e.strerror)
        self.assertEqual(e.call, "pagesnap_open")

    def test_not_a_pagesnap_device_is_enotty(self):
        raises_errno(self, errno.ENOTTY, pagesnap.open, "/dev/null")
        with tempfile.NamedTemporaryFile() as f:
            raises_errno(self, errno.ENOTTY, pagesnap.open, f.name)

    @unittest.skipIf(os.path.exists(pagesnap.DEVICE_PATH),
                     "/dev/pagesnap exists on this host")
    def test_default_path_missing(self):
        raises_errno(self, errno.ENOENT, pagesnap.open)

    def test_error_message_format(self):
        e = pagesnap.PagesnapError(-errno.EPERM, "pagesnap_open")
        self.assertEqual(e.errno, errno.EPERM)
        self.assertEqual(str(e), "pagesnap_open: need CAP_SYS_ADMIN (run as "
                         "root) [errno %d]" % errno.EPERM)

    def test_closed_handle(self):
        ps = pagesnap.Pagesnap.__new__(pagesnap.Pagesnap)
        ps._ps = ctypes.c_void_p()
        ps.path = None
        self.assertTrue(ps.closed)
        self.assertRaises(ValueError, ps.get, 0)
        self.assertRaises(ValueError, ps.info)
        ps.close()


class Records(unittest.TestCase):
    """Decoding struct pagesnap_entry into Page."""

    def entry(self, **kw):
        e = _lib.Entry()
        for k, v in kw.items():
            setattr(e, k, v)
        return e

    def test_absent_fields_are_none(self):
        V = pagesnap.Valid
        e = self.entry(pfn=42, valid=int(V.KPF | V.REFCOUNT), kpf=0x20,
                       refcount=3, mapcount=7, order=2,
                       snap_flags=int(pagesnap.SnapFlag.FAITHFUL))
        p = pagesnap.Page.from_entry(e)
        self.assertEqual(p.pfn, 42)
        self.assertEqual(p.flags, pagesnap.KPF.LRU)
        self.assertEqual(p.flag_names, ["lru"])
        self.assertEqual(p.refcount, 3)
        self.assertIsNone(p.mapcount)
        self.assertIsNone(p.order)
        self.assertIsNone(p.file)
        self.assertTrue(p.faithful)
        self.assertFalse(p.hole)
        with self.assertRaises(AttributeError):
            p.pfn = 1

    def test_hole_reads_as_nopage(self):
        p = pagesnap.Page.from_entry(self.entry(
            pfn=1, snap_flags=int(pagesnap.SnapFlag.HOLE)))
        self.assertTrue(p.hole)
        self.assertEqual(p.flags, pagesnap.KPF.NOPAGE)

    def test_file_only_for_file_mapping(self):
        V, M = pagesnap.Valid, pagesnap.MappingKind
        base = dict(valid=int(V.FILE | V.MAPPING_KIND), file_dev_major=8,
                    file_dev_minor=1, file_ino=99, file_index=5)
        p = pagesnap.Page.from_entry(self.entry(mapping_kind=int(M.FILE), **base))
        self.assertEqual(p.file, pagesnap.FileRef(8, 1, 99, 5))
        self.assertIs(p.mapping_kind, M.FILE)
        p = pagesnap.Page.from_entry(self.entry(mapping_kind=int(M.ANON), **base))
        self.assertIsNone(p.file)

    def test_unknown_enum_values_stay_ints(self):
        V = pagesnap.Valid
        p = pagesnap.Page.from_entry(self.entry(
            valid=int(V.PAGE_TYPE | V.NODE_ZONE | V.MAPPING_KIND),
            page_type=77, zone=9, mapping_kind=42))
        self.assertEqual((p.page_type, p.zone, p.mapping_kind), (77, 9, 42))

    def test_flags_equal_library_entry_flags(self):
        rnd = random.Random(3)
        for _ in range(300):
            e = self.entry(valid=rnd.getrandbits(17), kpf=rnd.getrandbits(64),
                           snap_flags=rnd.getrandbits(7))
            p = pagesnap.Page.from_entry(e)
            self.assertEqual(int(p.flags),
                             _lib.lib.pagesnap_entry_flags(ctypes.byref(e), 1))


class FilePages(unittest.TestCase):
    """pagesnap_file_pages() through its ctypes callback (no driver needed)."""

    def test_cached_pages_of_a_file(self):
        with tempfile.NamedTemporaryFile() as f:
            f.write(b"x" * (8 * 4096))
            f.flush()
            with open(f.name, "rb") as r:
                r.read()
            pairs = pagesnap.file_pfns(f.name)
            if os.geteuid() != 0:
                self.skipTest("pfns need CAP_SYS_ADMIN")
            self.assertEqual([i for i, _ in pairs], list(range(8)))
            self.assertTrue(all(pfn > 0 for _, pfn in pairs), pairs)
            self.assertEqual(pagesnap.file_pfns(f, first=2, count=3),
                             [(i, pfn) for i, pfn in pairs[2:5]])

    def test_not_a_regular_file(self):
        with tempfile.TemporaryDirectory() as d:
            raises_errno(self, errno.EINVAL, pagesnap.file_pfns, d)
        raises_errno(self, errno.EBADF, pagesnap.file_pfns, -1)


class Version(unittest.TestCase):
    def test_version_matches_library(self):
        mk = os.path.join(TOP, "libpagesnap", "Makefile")
        if not os.path.exists(mk):
            self.skipTest("no libpagesnap/Makefile")
        with open(mk) as f:
            ver = re.search(r"^VERSION\s*:?=\s*(\S+)", f.read(), re.M).group(1)
        self.assertEqual(pagesnap.__version__, ver)
        major, minor = (int(x) for x in ver.split(".")[:2])
        self.assertEqual(pagesnap.library_version(), (major, minor))



class ErrorClasses(unittest.TestCase):
    """issue 14.9: the exceptions Python users expect, with the CLI's hint."""

    def test_parse_errors_are_value_errors(self):
        for f, arg, hint in (
                (pagesnap.parse_range, "20,10",
                 "invalid range '20,10': expected N, N+M, N,M (M > N), N, "
                 "or ,M (decimal or 0x hex)"),
                (pagesnap.parse_range, "0xffffffffffffffff+2",
                 "range '0xffffffffffffffff+2' does not fit in 64 bits"),
                (pagesnap.parse_number, "x1", "'x1' is not a number"),
                (pagesnap.parse_flags, "lru,nosuch",
                 "flags 'lru,nosuch': unknown name or bad number"),
                (pagesnap.BitSpec, "lru=anon", "invalid bit-spec 'lru=anon'")):
            with self.assertRaises(ValueError, msg=arg) as cm:
                f(arg)
            self.assertIn(hint, str(cm.exception))
            self.assertIsInstance(cm.exception, pagesnap.PagesnapError)
            self.assertIsInstance(cm.exception, OSError)

    def test_open_missing_is_file_not_found(self):
        with self.assertRaises(FileNotFoundError) as cm:
            pagesnap.open("/nonexistent/pagesnap")
        self.assertIn("pagesnap module not loaded", str(cm.exception))
        self.assertIsInstance(cm.exception, pagesnap.PagesnapError)

    def test_errno_classes(self):
        from pagesnap.core import _error
        self.assertIsInstance(_error(errno.EPERM), PermissionError)
        self.assertIsInstance(_error(errno.EACCES), PermissionError)
        self.assertIsInstance(_error(errno.ENOENT), FileNotFoundError)
        self.assertIsInstance(_error(errno.EINVAL), ValueError)
        e = _error(errno.EIO)
        self.assertIs(type(e), pagesnap.PagesnapError)
        self.assertNotIsInstance(e, ValueError)

    def test_py_typed_shipped(self):
        here = os.path.dirname(pagesnap.__file__)
        self.assertTrue(os.path.exists(os.path.join(here, "py.typed")))

    def test_addr_returns_one_record(self):
        # addr() gives one VaddrPage, addr_range() a list: no type switch
        import inspect
        self.assertNotIn("count", inspect.signature(
            pagesnap.Pagesnap.addr).parameters)
        self.assertEqual(inspect.signature(pagesnap.Pagesnap.addr).return_annotation,
                         "VaddrPage" if isinstance(inspect.signature(
                             pagesnap.Pagesnap.addr).return_annotation, str)
                         else pagesnap.VaddrPage)

if __name__ == "__main__":
    unittest.main()
