// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
//! The crate's ABI against the C header: tests/abi_dump.c, built with the
//! real uapi/linux/pagesnap.h and libpagesnap, prints every size, field
//! offset and size, constant and name; this prints the same facts from the
//! Rust side, and the two lists must be equal.  Both also check that the
//! fields of each structure add up to its size, so that neither list can
//! miss a field.

use core::mem::{size_of, MaybeUninit};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use crate::flags::{Cols, Features, Kpf, QueryFlags, SnapFlags, Valid};
use crate::uapi::*;

fn pointee_size<T>(_: *const T) -> usize {
    size_of::<T>()
}

macro_rules! layout {
    ($out:ident, $t:ty, $cname:literal, [$($f:ident),* $(,)?]) => {{
        $out.push(format!("size {} {}", $cname, size_of::<$t>()));
        let u = MaybeUninit::<$t>::uninit();
        let base = u.as_ptr();
        $(
            // SAFETY: only the address of the field is taken.
            let p = unsafe { core::ptr::addr_of!((*base).$f) };
            $out.push(format!("field {} {} {} {}", $cname, stringify!($f),
                              p as usize - base as usize, pointee_size(p)));
        )*
    }};
}

fn rust_facts() -> Vec<String> {
    let mut v = Vec::new();
    layout!(v, Entry, "pagesnap_entry", [pfn, valid, kpf, raw_flags, snap_flags, head_pfn,
        memcg_ino, file_ino, file_index, owner_hash, file_dev_major, file_dev_minor, refcount,
        mapcount, entire_mapcount, folio_mapcount, pincount, order, index, page_type,
        buddy_order, mapping_kind, nid, zone, nr_pages]);
    layout!(v, RawInfo, "pagesnap_info", [abi_version, entry_size, features, valid_mask,
        pfn_start, pfn_end, max_pfns, page_size, backend, max_filters, reserved]);
    layout!(v, Filter, "pagesnap_filter", [mask, value]);
    layout!(v, RawQuery, "pagesnap_query", [start_pfn, nr_pfns, entries, entry_size,
        max_entries, flags, nr_filters, filters, filled, next_pfn, reserved]);
    layout!(v, StatsCombo, "pagesnap_stats_combo", [kpf, pages]);
    layout!(v, StatsZone, "pagesnap_stats_zone", [nid, zone, pages, free_pages, free_blocks]);
    layout!(v, RawStats, "pagesnap_stats", [start_pfn, nr_pfns, kpf_mask, combos, zones,
        max_combos, max_zones, flags, nr_combos, nr_zones, reserved0, next_pfn, pfns, holes,
        faithful, unfaithful, free_pages, other_pages, other_zone_pages, by_order,
        folios_by_order, by_type, by_kind, reserved]);
    layout!(v, RawColumns, "pagesnap_columns", [start_pfn, nr_pfns, fields, arrays, flags,
        reserved0, next_pfn, nr_done, reserved]);
    let c = |v: &mut Vec<String>, n: &str, x: u64| v.push(format!("const PAGESNAP_{} {}", n, x));
    c(&mut v, "ABI_VERSION", ABI_VERSION.into());
    c(&mut v, "ENTRY_SIZE_VER0", ENTRY_SIZE_VER0.into());
    c(&mut v, "ENTRY_SIZE_VER1", ENTRY_SIZE_VER1.into());
    c(&mut v, "INFO_SIZE_VER0", INFO_SIZE_VER0.into());
    c(&mut v, "QUERY_SIZE_VER0", QUERY_SIZE_VER0.into());
    c(&mut v, "STATS_SIZE_VER0", STATS_SIZE_VER0.into());
    c(&mut v, "MAX_FILTERS", MAX_FILTERS as u64);
    c(&mut v, "STATS_ORDERS", STATS_ORDERS as u64);
    c(&mut v, "STATS_TYPES", STATS_TYPES as u64);
    c(&mut v, "STATS_KINDS", STATS_KINDS as u64);
    c(&mut v, "STATS_BUDDY_ORDERS", STATS_BUDDY_ORDERS as u64);
    c(&mut v, "STATS_MAX_COMBOS", STATS_MAX_COMBOS.into());
    c(&mut v, "STATS_MAX_ZONES", STATS_MAX_ZONES.into());
    c(&mut v, "IOC_MAGIC", IOC_MAGIC.into());
    c(&mut v, "IOC_INFO", IOC_INFO.into());
    c(&mut v, "IOC_QUERY", IOC_QUERY.into());
    c(&mut v, "IOC_STATS", IOC_STATS.into());
    c(&mut v, "IOC_COLUMNS", IOC_COLUMNS.into());
    c(&mut v, "COLUMNS_SIZE_VER0", COLUMNS_SIZE_VER0.into());
    for (n, f) in Cols::NAMES {
        c(&mut v, &format!("COL_{}", n.to_uppercase()), f.bits());
        v.push(format!("colsize {} {}", n, f.size()));
    }
    c(&mut v, "COLS_U64", Cols::U64.bits());
    c(&mut v, "COLS_ALL", Cols::all_named().bits());
    c(&mut v, "BACKEND_PORT", BACKEND_PORT.into());
    c(&mut v, "BACKEND_NATIVE", BACKEND_NATIVE.into());
    for (n, f) in SnapFlags::NAMES {
        c(&mut v, &format!("SF_{}", n.to_uppercase()), f.bits());
    }
    for (n, f) in Valid::NAMES {
        c(&mut v, &format!("VALID_{}", n.to_uppercase()), f.bits());
    }
    c(&mut v, "VALID_ALL", Valid::all_named().bits());
    for (n, f) in Features::NAMES {
        c(&mut v, &format!("FEAT_{}", n.to_uppercase()), f.bits());
    }
    for (n, f) in QueryFlags::NAMES {
        c(&mut v, &format!("QUERY_{}", n.to_uppercase()), f.bits().into());
    }
    c(&mut v, "QUERY_FLAGS_ALL", QueryFlags::all_named().bits().into());
    c(&mut v, "KPF_KNOWN_MASK", Kpf::all_named().bits());
    c(&mut v, "KPF_HACKER_MASK", Kpf::HACKER_MASK.bits());
    c(&mut v, "PAGE_TYPE_UNKNOWN", page_type::UNKNOWN.into());
    for (n, f) in Kpf::NAMES {
        v.push(format!("kpf {} {}", f.bits().trailing_zeros(), n));
    }
    for i in 0..256 {
        for (what, name) in [
            ("page_type", crate::page_type_name(i)),
            ("mapping", crate::mapping_kind_name(i)),
            ("zone", crate::zone_name(i)),
        ] {
            if name != "unknown" {
                v.push(format!("{} {} {}", what, i, name));
            }
        }
    }
    v
}

fn c_facts() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let top = dir.join("../..");
    let lib = top.join("libpagesnap");
    let exe = std::env::temp_dir().join(format!("pagesnap-abi-dump.{}", std::process::id()));
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let st = Command::new(&cc)
        .args(["-Wall", "-Wextra", "-Werror", "-O0", "-o"])
        .arg(&exe)
        .arg("-I").arg(top.join("uapi"))
        .arg("-I").arg(lib.join("include"))
        .arg(dir.join("tests/abi_dump.c"))
        .arg(lib.join("libpagesnap.a"))
        .status()
        .expect("run the C compiler");
    assert!(st.success(), "abi_dump.c did not build (is libpagesnap.a built? make -C libpagesnap)");
    let o = Command::new(&exe).output().expect("run abi_dump");
    let _ = std::fs::remove_file(&exe);
    assert!(o.status.success());
    String::from_utf8(o.stdout).unwrap().lines().map(String::from).collect()
}

/// Sum of the field sizes of each structure, by name.
fn field_sums(facts: &[String]) -> BTreeMap<String, (usize, usize)> {
    let mut m: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for l in facts {
        let w: Vec<&str> = l.split(' ').collect();
        match w[0] {
            "size" => m.entry(w[1].into()).or_default().0 = w[2].parse().unwrap(),
            "field" => m.entry(w[1].into()).or_default().1 += w[4].parse::<usize>().unwrap(),
            _ => {}
        }
    }
    m
}

#[test]
fn abi_matches_the_c_header() {
    let rust = rust_facts();
    let c = c_facts();
    for (s, (size, sum)) in field_sums(&c) {
        assert_eq!(size, sum, "C: the fields of {} do not add up to its size", s);
    }
    for (s, (size, sum)) in field_sums(&rust) {
        assert_eq!(size, sum, "Rust: the fields of {} do not add up to its size", s);
    }
    let only_c: Vec<_> = c.iter().filter(|l| !rust.contains(l)).collect();
    let only_rust: Vec<_> = rust.iter().filter(|l| !c.contains(l)).collect();
    assert!(
        only_c.is_empty() && only_rust.is_empty(),
        "ABI mismatch\n  C only:    {:?}\n  Rust only: {:?}",
        only_c,
        only_rust
    );
    assert!(c.len() > 150, "too few facts from C: {}", c.len());
}
