// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
//! Safe Rust interface to `/dev/pagesnap`: consistent, sanitized snapshots
//! of physical pages (Linux's `snapshot_page()` brought to userspace).
//!
//! The crate speaks the driver's ioctl ABI (`uapi/linux/pagesnap.h`)
//! itself: libpagesnap is not needed at run time.  Its structures are
//! written once in [`uapi`] and checked against the C header by a test.
//!
//! ```no_run
//! use pagesnap::{Filter, Kpf, Pagesnap, Query};
//!
//! let ps = Pagesnap::open()?;
//! let info = ps.info();
//! println!("pfns {:#x}-{:#x}, features {:?}", info.pfn_start, info.pfn_end, info.features);
//!
//! // anonymous LRU pages, filtered in the kernel, holes skipped
//! let q = Query::new().skip_holes().filter(Filter::all(Kpf::ANON | Kpf::LRU));
//! let mut anon = 0;
//! for e in ps.scan_with(.., &q)? {
//!     anon += e?.nr_pages;
//! }
//! println!("{} anonymous LRU pages", anon);
//! # Ok::<(), pagesnap::Error>(())
//! ```
//!
//! See `docs/rust.md` in the pagesnap tree for a tour from a real guest.
#![warn(missing_docs)]

mod columns;
mod device;
mod error;
mod flags;
mod stats;
pub mod uapi;

#[cfg(test)]
mod abi_check;

pub use columns::{ColumnScan, Columns, COLUMN_BATCH};
pub use device::{Batch, Info, Pagesnap, Query, Scan, SCAN_BATCH};
pub use error::{Error, Result};
pub use flags::{Cols, Features, Kpf, QueryFlags, SnapFlags, Valid};
pub use stats::Stats;
pub use uapi::{Entry, Filter, StatsCombo, StatsZone};

impl Entry {
    /// True for a pfn without an online struct page.
    pub fn is_hole(&self) -> bool {
        self.snap_flags.contains(SnapFlags::HOLE)
    }

    /// True when the driver filled the fields of `v`.
    pub fn has(&self, v: Valid) -> bool {
        self.valid.contains(v)
    }

    /// The pages this entry stands for (at least 1).
    pub fn pages(&self) -> u64 {
        self.nr_pages.max(1)
    }
}

/// Name of a [`uapi::page_type`] value, as `pagesnap_page_type_name()`.
pub fn page_type_name(t: u32) -> &'static str {
    match t {
        uapi::page_type::NONE => "none",
        uapi::page_type::BUDDY => "buddy",
        uapi::page_type::OFFLINE => "offline",
        uapi::page_type::TABLE => "table",
        uapi::page_type::GUARD => "guard",
        uapi::page_type::HUGETLB => "hugetlb",
        uapi::page_type::SLAB => "slab",
        uapi::page_type::ZSMALLOC => "zsmalloc",
        uapi::page_type::UNACCEPTED => "unaccepted",
        _ => "unknown",
    }
}

/// Name of a [`uapi::mapping`] kind, as `pagesnap_mapping_kind_name()`.
pub fn mapping_kind_name(k: u32) -> &'static str {
    match k {
        uapi::mapping::NONE => "none",
        uapi::mapping::ANON => "anon",
        uapi::mapping::KSM => "ksm",
        uapi::mapping::FILE => "file",
        uapi::mapping::MOVABLE => "movable",
        _ => "unknown",
    }
}

/// Name of a [`uapi::zone`] value, as `pagesnap_zone_name()`.
pub fn zone_name(z: u32) -> &'static str {
    match z {
        uapi::zone::DMA => "DMA",
        uapi::zone::DMA32 => "DMA32",
        uapi::zone::NORMAL => "Normal",
        uapi::zone::HIGHMEM => "HighMem",
        uapi::zone::MOVABLE => "Movable",
        uapi::zone::DEVICE => "Device",
        _ => "unknown",
    }
}
