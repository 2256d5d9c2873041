// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
//! The structures and numbers of `uapi/linux/pagesnap.h`, written once.
//!
//! The unit test `abi_check` compiles a C program against the real header and checks
//! the size and the offset of every field below, and every constant,
//! against it.

use crate::flags::{Cols, Features, Kpf, QueryFlags, SnapFlags, Valid};

/// `PAGESNAP_DEVICE_PATH`
pub const DEVICE_PATH: &str = "/dev/pagesnap";
/// `PAGESNAP_ABI_VERSION`
pub const ABI_VERSION: u32 = 1;
/// `PAGESNAP_ENTRY_SIZE_VER0`
pub const ENTRY_SIZE_VER0: u32 = 136;
/// `PAGESNAP_ENTRY_SIZE_VER1`
pub const ENTRY_SIZE_VER1: u32 = 144;
/// `PAGESNAP_INFO_SIZE_VER0`
pub const INFO_SIZE_VER0: u32 = 64;
/// `PAGESNAP_QUERY_SIZE_VER0`
pub const QUERY_SIZE_VER0: u32 = 200;
/// `PAGESNAP_STATS_SIZE_VER0`
pub const STATS_SIZE_VER0: u32 = 864;
/// `PAGESNAP_MAX_FILTERS`
pub const MAX_FILTERS: usize = 8;
/// `PAGESNAP_STATS_ORDERS`
pub const STATS_ORDERS: usize = 32;
/// `PAGESNAP_STATS_TYPES`
pub const STATS_TYPES: usize = 16;
/// `PAGESNAP_STATS_KINDS`
pub const STATS_KINDS: usize = 8;
/// `PAGESNAP_STATS_BUDDY_ORDERS`
pub const STATS_BUDDY_ORDERS: usize = 16;
/// `PAGESNAP_STATS_MAX_COMBOS`
pub const STATS_MAX_COMBOS: u32 = 4096;
/// `PAGESNAP_STATS_MAX_ZONES`
pub const STATS_MAX_ZONES: u32 = 1024;
/// `PAGESNAP_COLUMNS_SIZE_VER0`
pub const COLUMNS_SIZE_VER0: u32 = 72;
/// `PAGESNAP_IOC_MAGIC`
pub const IOC_MAGIC: u32 = 0xB9;

/// `pagesnap_info.backend`: `PAGESNAP_BACKEND_PORT`
pub const BACKEND_PORT: u32 = 1;
/// `pagesnap_info.backend`: `PAGESNAP_BACKEND_NATIVE`
pub const BACKEND_NATIVE: u32 = 2;

/// `pagesnap_entry.page_type` values (`PAGESNAP_PAGE_TYPE_*`).
pub mod page_type {
    /// `PAGESNAP_PAGE_TYPE_NONE`
    pub const NONE: u32 = 0;
    /// `PAGESNAP_PAGE_TYPE_BUDDY`
    pub const BUDDY: u32 = 1;
    /// `PAGESNAP_PAGE_TYPE_OFFLINE`
    pub const OFFLINE: u32 = 2;
    /// `PAGESNAP_PAGE_TYPE_TABLE`
    pub const TABLE: u32 = 3;
    /// `PAGESNAP_PAGE_TYPE_GUARD`
    pub const GUARD: u32 = 4;
    /// `PAGESNAP_PAGE_TYPE_HUGETLB`
    pub const HUGETLB: u32 = 5;
    /// `PAGESNAP_PAGE_TYPE_SLAB`
    pub const SLAB: u32 = 6;
    /// `PAGESNAP_PAGE_TYPE_ZSMALLOC`
    pub const ZSMALLOC: u32 = 7;
    /// `PAGESNAP_PAGE_TYPE_UNACCEPTED`
    pub const UNACCEPTED: u32 = 8;
    /// `PAGESNAP_PAGE_TYPE_UNKNOWN`: a type the driver cannot name
    pub const UNKNOWN: u32 = 255;
}

/// `pagesnap_entry.mapping_kind` values (`PAGESNAP_MAPPING_*`).
pub mod mapping {
    /// `PAGESNAP_MAPPING_NONE`
    pub const NONE: u32 = 0;
    /// `PAGESNAP_MAPPING_ANON`: an anon_vma
    pub const ANON: u32 = 1;
    /// `PAGESNAP_MAPPING_KSM`: a KSM stable node
    pub const KSM: u32 = 2;
    /// `PAGESNAP_MAPPING_FILE`: an address_space (page cache)
    pub const FILE: u32 = 3;
    /// `PAGESNAP_MAPPING_MOVABLE`: non-LRU movable (balloon, zsmalloc)
    pub const MOVABLE: u32 = 4;
}

/// `pagesnap_entry.zone` values (`PAGESNAP_ZONE_*`).
pub mod zone {
    /// `PAGESNAP_ZONE_DMA`
    pub const DMA: u32 = 0;
    /// `PAGESNAP_ZONE_DMA32`
    pub const DMA32: u32 = 1;
    /// `PAGESNAP_ZONE_NORMAL`
    pub const NORMAL: u32 = 2;
    /// `PAGESNAP_ZONE_HIGHMEM`
    pub const HIGHMEM: u32 = 3;
    /// `PAGESNAP_ZONE_MOVABLE`
    pub const MOVABLE: u32 = 4;
    /// `PAGESNAP_ZONE_DEVICE`
    pub const DEVICE: u32 = 5;
}

/// `struct pagesnap_entry`: the sanitized snapshot of one physical page
/// (or, with [`QueryFlags::RUNS`], of `nr_pages` like pages from `pfn` on).
///
/// Fields are those of the C structure; see `uapi/linux/pagesnap.h` for
/// each.  A field is meaningful only when its [`Valid`] bit is set in
/// `valid` (`pfn` and `snap_flags` always are); a hole
/// ([`SnapFlags::HOLE`]) has no other field.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Entry {
    /// the page frame number this entry describes
    pub pfn: u64,
    /// fields the driver filled
    pub valid: Valid,
    /// page flags, as `/proc/kpageflags` reports them
    pub kpf: Kpf,
    /// the folio's `PG_*` bits, kernel-version specific
    pub raw_flags: u64,
    /// facts about the snapshot
    pub snap_flags: SnapFlags,
    /// pfn of the first page of the folio
    pub head_pfn: u64,
    /// inode number of the memory cgroup
    pub memcg_ino: u64,
    /// inode number of the file (page cache)
    pub file_ino: u64,
    /// page index of this page in the file
    pub file_index: u64,
    /// keyed hash of the owning object; equal for pages of one owner
    pub owner_hash: u64,
    /// major number of the file's device
    pub file_dev_major: u32,
    /// minor number of the file's device
    pub file_dev_minor: u32,
    /// `page_count()` of the folio
    pub refcount: u32,
    /// precise number of mappings of this page
    pub mapcount: u32,
    /// mappings of the whole folio (PMD/PUD maps)
    pub entire_mapcount: u32,
    /// total mappings of all pages of the folio
    pub folio_mapcount: u32,
    /// FOLL_PIN pins of a large folio
    pub pincount: u32,
    /// folio order
    pub order: u32,
    /// index of this page inside its folio
    pub index: u32,
    /// a [`page_type`] value
    pub page_type: u32,
    /// order of the free block this page heads (buddy heads only)
    pub buddy_order: u32,
    /// a [`mapping`] value
    pub mapping_kind: u32,
    /// NUMA node
    pub nid: u32,
    /// a [`zone`] value
    pub zone: u32,
    /// pages this entry stands for, from `pfn` on (1 outside runs)
    pub nr_pages: u64,
}

/// `struct pagesnap_info`, as the kernel writes it.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RawInfo {
    pub abi_version: u32,
    pub entry_size: u32,
    pub features: Features,
    pub valid_mask: Valid,
    pub pfn_start: u64,
    pub pfn_end: u64,
    pub max_pfns: u64,
    pub page_size: u32,
    pub backend: u32,
    pub max_filters: u32,
    pub reserved: u32,
}

/// `struct pagesnap_filter`: a page matches when `kpf & mask == value`
/// (a hole's kpf is [`Kpf::NOPAGE`] for this purpose).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Filter {
    pub(crate) mask: Kpf,
    pub(crate) value: Kpf,
}

impl Filter {
    /// The term "the bits of `mask` have the values of `value`", or
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) when
    /// `value` has a bit outside `mask`.
    pub fn new(mask: Kpf, value: Kpf) -> crate::Result<Filter> {
        if !mask.contains(value) {
            return Err(crate::Error::InvalidArgument);
        }
        Ok(Filter { mask, value })
    }

    /// Pages with every flag of `flags` set.
    pub fn all(flags: Kpf) -> Filter {
        Filter { mask: flags, value: flags }
    }

    /// Pages with no flag of `flags` set.
    pub fn none(flags: Kpf) -> Filter {
        Filter { mask: flags, value: Kpf::empty() }
    }

    /// The bits looked at.
    pub fn mask(&self) -> Kpf {
        self.mask
    }

    /// The values they must have.
    pub fn value(&self) -> Kpf {
        self.value
    }

    /// Whether an entry matches this term, as the driver decides it.
    pub fn matches(&self, e: &Entry) -> bool {
        let kpf = if e.snap_flags.contains(SnapFlags::HOLE) { Kpf::NOPAGE } else { e.kpf };
        kpf & self.mask == self.value
    }
}

/// `struct pagesnap_query`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RawQuery {
    pub start_pfn: u64,
    pub nr_pfns: u64,
    pub entries: u64,
    pub entry_size: u32,
    pub max_entries: u32,
    pub flags: QueryFlags,
    pub nr_filters: u32,
    pub filters: [Filter; MAX_FILTERS],
    pub filled: u64,
    pub next_pfn: u64,
    pub reserved: [u64; 2],
}

/// `struct pagesnap_stats_combo`: pages with one combination of kpf bits.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct StatsCombo {
    /// `kpf & kpf_mask`
    pub kpf: Kpf,
    /// online pages whose masked kpf equals `kpf`
    pub pages: u64,
}

/// `struct pagesnap_stats_zone`: counts of one (node, zone) pair.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct StatsZone {
    /// NUMA node
    pub nid: u32,
    /// a [`zone`] value
    pub zone: u32,
    /// online pages of this node and zone
    pub pages: u64,
    /// of which free in the buddy allocator
    pub free_pages: u64,
    /// free blocks whose first page lies in the range, by buddy order
    /// (the last slot counts every larger order too)
    pub free_blocks: [u64; STATS_BUDDY_ORDERS],
}

/// `struct pagesnap_stats`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RawStats {
    pub start_pfn: u64,
    pub nr_pfns: u64,
    pub kpf_mask: Kpf,
    pub combos: u64,
    pub zones: u64,
    pub max_combos: u32,
    pub max_zones: u32,
    pub flags: u32,
    pub nr_combos: u32,
    pub nr_zones: u32,
    pub reserved0: u32,
    pub next_pfn: u64,
    pub pfns: u64,
    pub holes: u64,
    pub faithful: u64,
    pub unfaithful: u64,
    pub free_pages: u64,
    pub other_pages: u64,
    pub other_zone_pages: u64,
    pub by_order: [u64; STATS_ORDERS],
    pub folios_by_order: [u64; STATS_ORDERS],
    pub by_type: [u64; STATS_TYPES],
    pub by_kind: [u64; STATS_KINDS],
    pub reserved: [u64; 4],
}

/// `struct pagesnap_columns`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RawColumns {
    pub start_pfn: u64,
    pub nr_pfns: u64,
    pub fields: Cols,
    pub arrays: u64,
    pub flags: u32,
    pub reserved0: u32,
    pub next_pfn: u64,
    pub nr_done: u64,
    pub reserved: [u64; 2],
}

// The ioctl number encoding of <asm-generic/ioctl.h>, and of the
// architectures that differ from it.
#[cfg(any(target_arch = "powerpc", target_arch = "powerpc64", target_arch = "mips",
          target_arch = "mips64", target_arch = "sparc", target_arch = "sparc64"))]
const IOC_SIZEBITS: u32 = 13;
#[cfg(not(any(target_arch = "powerpc", target_arch = "powerpc64", target_arch = "mips",
              target_arch = "mips64", target_arch = "sparc", target_arch = "sparc64")))]
const IOC_SIZEBITS: u32 = 14;
#[cfg(any(target_arch = "powerpc", target_arch = "powerpc64", target_arch = "mips",
          target_arch = "mips64", target_arch = "sparc", target_arch = "sparc64"))]
const IOC_READWRITE: u32 = 2 | 4;
#[cfg(not(any(target_arch = "powerpc", target_arch = "powerpc64", target_arch = "mips",
              target_arch = "mips64", target_arch = "sparc", target_arch = "sparc64")))]
const IOC_READWRITE: u32 = 2 | 1;

const fn iowr(nr: u32, size: usize) -> u32 {
    (IOC_READWRITE << (16 + IOC_SIZEBITS)) | ((size as u32) << 16) | (IOC_MAGIC << 8) | nr
}

/// `PAGESNAP_IOC_INFO`
pub const IOC_INFO: u32 = iowr(0x00, core::mem::size_of::<RawInfo>());
/// `PAGESNAP_IOC_QUERY`
pub const IOC_QUERY: u32 = iowr(0x01, core::mem::size_of::<RawQuery>());
/// `PAGESNAP_IOC_STATS`
pub const IOC_STATS: u32 = iowr(0x02, core::mem::size_of::<RawStats>());
/// `PAGESNAP_IOC_COLUMNS`
pub const IOC_COLUMNS: u32 = iowr(0x03, core::mem::size_of::<RawColumns>());

// The header's own promises, at compile time.
const _: () = assert!(core::mem::size_of::<Entry>() == ENTRY_SIZE_VER1 as usize);
const _: () = assert!(core::mem::size_of::<RawInfo>() == INFO_SIZE_VER0 as usize);
const _: () = assert!(core::mem::size_of::<RawQuery>() == QUERY_SIZE_VER0 as usize);
const _: () = assert!(core::mem::size_of::<RawStats>() == STATS_SIZE_VER0 as usize);
const _: () = assert!(core::mem::size_of::<RawColumns>() == COLUMNS_SIZE_VER0 as usize);
