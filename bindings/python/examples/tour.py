#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
"""A short tour of the pagesnap Python API (its output is in docs/python.md).

Needs /dev/pagesnap (root, module loaded).
"""

import mmap
import ctypes
import itertools
import time

import numpy

import pagesnap

with pagesnap.open() as ps:
    info = ps.info()
    print(f"ABI {info.abi_version}, backend {info.backend.name}, "
          f"pfns {info.pfn_start:#x}-{info.pfn_end:#x}, "
          f"page size {info.page_size}, features {info.features!r}")

    # A page of our own: where does this buffer live, and what is it?
    buf = mmap.mmap(-1, 4 * mmap.PAGESIZE,
                    flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    buf[0] = 1
    addr = ctypes.addressof(ctypes.c_char.from_buffer(buf))
    v = ps.addr(0, addr)
    print(f"\nvaddr {v.vaddr:#x}: {v.state.name}, pfn {v.pfn:#x}")
    page = v.page
    print(f"  flags      {page.flag_names}")
    print(f"  symbolic   {pagesnap.symbolic_flags(page.flags)}")
    print(f"  folio      head {page.head_pfn:#x} order {page.order} "
          f"index {page.index}")
    print(f"  counts     ref {page.refcount} map {page.mapcount}")
    print(f"  mapping    {page.mapping_kind.name}, zone {page.zone.name}, "
          f"node {page.nid}, faithful {page.faithful}")

    # Stream a range with a page-types bit-spec; constant memory.
    rng = f"{max(info.pfn_start, v.pfn - 8192):#x}+16384"
    print(f"\nfirst pages with the buddy flag in {rng}:")
    for p in itertools.islice(ps.scan(rng, bits="buddy"), 3):
        print(f"  pfn {p.pfn:#x} buddy_order {p.buddy_order} "
              f"{p.page_type.name} {p.flag_names}")

    # Aggregate without keeping pages.
    st = ps.stats(rng)
    print(f"\nstats {rng}: {st.pages} pages, {st.faithful} faithful, "
          f"{st.unfaithful} unfaithful, {st.holes} holes, "
          f"{st.free_pages} free")
    top = sorted(st.by_flags.items(), key=lambda kv: -kv[1])[:4]
    for flags, n in top:
        print(f"  {n:6d}  {pagesnap.format_flags(flags) or '(none)'}")

    # All of memory as arrays: the driver fills the fields asked for
    # straight into numpy arrays, one value per pfn.
    t0 = time.monotonic()
    cols = ps.columns(fields=("kpf", "refcount", "mapcount", "memcg_ino"))
    took = time.monotonic() - t0
    kpf = cols["kpf"]
    print(f"\ncolumns of all memory: {len(kpf)} pfns in {took:.2f} s; "
          + ", ".join(f"{k} {v.dtype}" for k, v in cols.items()))
    for name in ("buddy", "anon", "nopage"):
        bit = numpy.uint64(pagesnap.KPF[name.upper()])
        print(f"  {int(((kpf & bit) != 0).sum()):8d}  {name}")
    print(f"  {int((cols['mapcount'] > 1).sum()):8d}  mapped more than once")
    memcgs = numpy.unique(cols["memcg_ino"][cols["memcg_ino"] > 0])
    print(f"  {len(memcgs):8d}  memcgs with pages charged")
    rec = ps.columns(v.pfn, fields=("kpf", "refcount", "mapcount")).to_records()
    print(f"  to_records() {rec.dtype.names}: {rec[0]}")

    # Errors carry errno and the library's message.
    try:
        ps.get(info.pfn_end)
    except pagesnap.PagesnapError as e:
        print(f"\nget(pfn_end): errno {e.errno}: {e}")
