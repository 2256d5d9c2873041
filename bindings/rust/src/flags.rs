// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
//! Flag words of the ABI as small typed sets.
//!
//! Each type is a `#[repr(transparent)]` integer, so the kernel writes
//! straight into it, and it keeps every bit it is given: a bit this crate
//! has no name for (a newer kernel's) survives a round trip and shows in
//! `Debug` as a hex remainder.  (Debian's bitflags 1.3 drops unnamed bits
//! unless built through an `unsafe` constructor, hence this hand-written
//! type; the API follows bitflags' names.)

use core::fmt;
use core::ops::{BitAnd, BitAndAssign, BitOr, BitOrAssign, Not, Sub};

macro_rules! flag_set {
    (
        $(#[$meta:meta])*
        $name:ident : $t:ty {
            $( $(#[$fmeta:meta])* $flag:ident = $val:expr, $cname:literal; )*
        }
    ) => {
        $(#[$meta])*
        #[repr(transparent)]
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
        pub struct $name($t);

        impl $name {
            $( $(#[$fmeta])* pub const $flag: $name = $name($val); )*

            /// `(name, value)` of every flag this crate names, in bit order.
            pub const NAMES: &'static [(&'static str, $name)] =
                &[ $( ($cname, $name($val)) ),* ];

            /// The union of every flag this crate names.
            pub const fn all_named() -> Self {
                $name(0 $( | $val )*)
            }

            /// No flag set.
            pub const fn empty() -> Self {
                $name(0)
            }

            /// The set with exactly these bits, named or not.
            pub const fn from_bits(bits: $t) -> Self {
                $name(bits)
            }

            /// The raw bits.
            pub const fn bits(self) -> $t {
                self.0
            }

            /// True when no bit is set.
            pub const fn is_empty(self) -> bool {
                self.0 == 0
            }

            /// True when every bit of `other` is set in `self`.
            pub const fn contains(self, other: Self) -> bool {
                self.0 & other.0 == other.0
            }

            /// True when `self` and `other` share a bit.
            pub const fn intersects(self, other: Self) -> bool {
                self.0 & other.0 != 0
            }

            /// Set the bits of `other`.
            pub fn insert(&mut self, other: Self) {
                self.0 |= other.0;
            }

            /// Clear the bits of `other`.
            pub fn remove(&mut self, other: Self) {
                self.0 &= !other.0;
            }

            /// The bits this crate has no name for.
            pub const fn unnamed(self) -> $t {
                self.0 & !Self::all_named().0
            }

            /// Names of the named bits that are set, in bit order.
            pub fn names(self) -> impl Iterator<Item = &'static str> {
                Self::NAMES
                    .iter()
                    .filter(move |(_, f)| self.contains(*f))
                    .map(|(n, _)| *n)
            }

            /// The flag of a name of [`Self::NAMES`].
            pub fn from_name(name: &str) -> Option<Self> {
                Self::NAMES.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
            }
        }

        impl BitOr for $name {
            type Output = Self;
            fn bitor(self, o: Self) -> Self {
                $name(self.0 | o.0)
            }
        }
        impl BitOrAssign for $name {
            fn bitor_assign(&mut self, o: Self) {
                self.0 |= o.0;
            }
        }
        impl BitAnd for $name {
            type Output = Self;
            fn bitand(self, o: Self) -> Self {
                $name(self.0 & o.0)
            }
        }
        impl BitAndAssign for $name {
            fn bitand_assign(&mut self, o: Self) {
                self.0 &= o.0;
            }
        }
        impl Sub for $name {
            type Output = Self;
            fn sub(self, o: Self) -> Self {
                $name(self.0 & !o.0)
            }
        }
        impl Not for $name {
            type Output = Self;
            fn not(self) -> Self {
                $name(!self.0)
            }
        }

        /// `Name(A | B | 0x...)`, the remainder being the unnamed bits.
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}(", stringify!($name))?;
                let mut sep = "";
                for (n, _) in Self::NAMES.iter().filter(|(_, v)| self.contains(*v)) {
                    write!(f, "{}{}", sep, n)?;
                    sep = " | ";
                }
                let rest = self.unnamed();
                if rest != 0 || sep.is_empty() {
                    write!(f, "{}{:#x}", sep, rest)?;
                }
                write!(f, ")")
            }
        }
    };
}

flag_set! {
    /// `pagesnap_entry.kpf`: the `PAGESNAP_KPF_*` bits, with the names
    /// libpagesnap's `pagesnap_flag_name()` gives them (the page-types
    /// vocabulary).  Bits 0-26 mean what `/proc/kpageflags` means; bits 32
    /// and up are the "kernel hacker" bits whose meaning may change
    /// between kernels.
    Kpf: u64 {
        /// `PAGESNAP_KPF_LOCKED`
        LOCKED = 1 << 0, "locked";
        /// `PAGESNAP_KPF_ERROR`
        ERROR = 1 << 1, "error";
        /// `PAGESNAP_KPF_REFERENCED`
        REFERENCED = 1 << 2, "referenced";
        /// `PAGESNAP_KPF_UPTODATE`
        UPTODATE = 1 << 3, "uptodate";
        /// `PAGESNAP_KPF_DIRTY`
        DIRTY = 1 << 4, "dirty";
        /// `PAGESNAP_KPF_LRU`
        LRU = 1 << 5, "lru";
        /// `PAGESNAP_KPF_ACTIVE`
        ACTIVE = 1 << 6, "active";
        /// `PAGESNAP_KPF_SLAB`
        SLAB = 1 << 7, "slab";
        /// `PAGESNAP_KPF_WRITEBACK`
        WRITEBACK = 1 << 8, "writeback";
        /// `PAGESNAP_KPF_RECLAIM`
        RECLAIM = 1 << 9, "reclaim";
        /// `PAGESNAP_KPF_BUDDY`
        BUDDY = 1 << 10, "buddy";
        /// `PAGESNAP_KPF_MMAP`
        MMAP = 1 << 11, "mmap";
        /// `PAGESNAP_KPF_ANON`
        ANON = 1 << 12, "anon";
        /// `PAGESNAP_KPF_SWAPCACHE`
        SWAPCACHE = 1 << 13, "swapcache";
        /// `PAGESNAP_KPF_SWAPBACKED`
        SWAPBACKED = 1 << 14, "swapbacked";
        /// `PAGESNAP_KPF_COMPOUND_HEAD`
        COMPOUND_HEAD = 1 << 15, "compound_head";
        /// `PAGESNAP_KPF_COMPOUND_TAIL`
        COMPOUND_TAIL = 1 << 16, "compound_tail";
        /// `PAGESNAP_KPF_HUGE`
        HUGE = 1 << 17, "huge";
        /// `PAGESNAP_KPF_UNEVICTABLE`
        UNEVICTABLE = 1 << 18, "unevictable";
        /// `PAGESNAP_KPF_HWPOISON`
        HWPOISON = 1 << 19, "hwpoison";
        /// `PAGESNAP_KPF_NOPAGE`: what a hole matches in a filter
        NOPAGE = 1 << 20, "nopage";
        /// `PAGESNAP_KPF_KSM`
        KSM = 1 << 21, "ksm";
        /// `PAGESNAP_KPF_THP`
        THP = 1 << 22, "thp";
        /// `PAGESNAP_KPF_OFFLINE`
        OFFLINE = 1 << 23, "offline";
        /// `PAGESNAP_KPF_ZERO_PAGE`
        ZERO_PAGE = 1 << 24, "zero_page";
        /// `PAGESNAP_KPF_IDLE`
        IDLE = 1 << 25, "idle";
        /// `PAGESNAP_KPF_PGTABLE`
        PGTABLE = 1 << 26, "pgtable";
        /// `PAGESNAP_KPF_RESERVED`
        RESERVED = 1 << 32, "reserved";
        /// `PAGESNAP_KPF_MLOCKED`
        MLOCKED = 1 << 33, "mlocked";
        /// `PAGESNAP_KPF_OWNER_2` (6.1: mappedtodisk)
        OWNER_2 = 1 << 34, "owner_2";
        /// `PAGESNAP_KPF_PRIVATE`
        PRIVATE = 1 << 35, "private";
        /// `PAGESNAP_KPF_PRIVATE_2`
        PRIVATE_2 = 1 << 36, "private_2";
        /// `PAGESNAP_KPF_OWNER_PRIVATE`
        OWNER_PRIVATE = 1 << 37, "owner_private";
        /// `PAGESNAP_KPF_ARCH`
        ARCH = 1 << 38, "arch";
        /// `PAGESNAP_KPF_UNCACHED` (6.1 only)
        UNCACHED = 1 << 39, "uncached";
        /// `PAGESNAP_KPF_SOFTDIRTY` (never set: not a page flag)
        SOFTDIRTY = 1 << 40, "softdirty";
        /// `PAGESNAP_KPF_ARCH_2`
        ARCH_2 = 1 << 41, "arch_2";
        /// `PAGESNAP_KPF_ARCH_3`
        ARCH_3 = 1 << 42, "arch_3";
    }
}

impl Kpf {
    /// Bits page-types hides unless run with `-r` (`PAGESNAP_KPF_HACKER_MASK`).
    pub const HACKER_MASK: Kpf = Kpf(0xffff << 32);

    /// The flag of a long name, as `pagesnap_flag_bit()` reads it: the
    /// names of [`Kpf::NAMES`] and page-types' other spellings
    /// ("anonymous", "idle_page", "mappedtodisk").
    pub fn from_flag_name(name: &str) -> Option<Kpf> {
        match name {
            "anonymous" => Some(Kpf::ANON),
            "idle_page" => Some(Kpf::IDLE),
            "mappedtodisk" => Some(Kpf::OWNER_2),
            _ => Kpf::from_name(name),
        }
    }

    /// The set with only bit `bit` (a `PAGESNAP_KPF_*` number), or `None`
    /// when `bit` is 64 or more.
    pub const fn bit(bit: u32) -> Option<Kpf> {
        if bit < 64 {
            Some(Kpf(1 << bit))
        } else {
            None
        }
    }
}

flag_set! {
    /// `pagesnap_entry.snap_flags`: facts about the snapshot itself
    /// (`PAGESNAP_SF_*`).
    SnapFlags: u64 {
        /// `PAGESNAP_SF_FAITHFUL`: page and folio were consistent
        FAITHFUL = 1 << 0, "faithful";
        /// `PAGESNAP_SF_FREE`: free in the buddy allocator
        FREE = 1 << 1, "free";
        /// `PAGESNAP_SF_IDLE`: folio marked idle
        IDLE = 1 << 2, "idle";
        /// `PAGESNAP_SF_ZERO_PAGE`: the shared zero page
        ZERO_PAGE = 1 << 3, "zero_page";
        /// `PAGESNAP_SF_HUGE_ZERO`: part of the huge zero folio
        HUGE_ZERO = 1 << 4, "huge_zero";
        /// `PAGESNAP_SF_HOLE`: no online struct page, no other field
        HOLE = 1 << 5, "hole";
        /// `PAGESNAP_SF_DMA_PINNED`: `folio_maybe_dma_pinned()`
        DMA_PINNED = 1 << 6, "dma_pinned";
    }
}

flag_set! {
    /// `pagesnap_entry.valid` and `pagesnap_info.valid_mask`: which fields
    /// the driver filled (`PAGESNAP_VALID_*`).  An absent field is not a
    /// zero field.
    Valid: u64 {
        /// `PAGESNAP_VALID_KPF`: kpf
        KPF = 1 << 0, "kpf";
        /// `PAGESNAP_VALID_RAW_FLAGS`: raw_flags
        RAW_FLAGS = 1 << 1, "raw_flags";
        /// `PAGESNAP_VALID_FOLIO`: head_pfn, order, index
        FOLIO = 1 << 2, "folio";
        /// `PAGESNAP_VALID_REFCOUNT`: refcount
        REFCOUNT = 1 << 3, "refcount";
        /// `PAGESNAP_VALID_MAPCOUNT`: mapcount
        MAPCOUNT = 1 << 4, "mapcount";
        /// `PAGESNAP_VALID_ENTIRE_MAPCOUNT`: entire_mapcount
        ENTIRE_MAPCOUNT = 1 << 5, "entire_mapcount";
        /// `PAGESNAP_VALID_FOLIO_MAPCOUNT`: folio_mapcount
        FOLIO_MAPCOUNT = 1 << 6, "folio_mapcount";
        /// `PAGESNAP_VALID_PINCOUNT`: pincount and `SnapFlags::DMA_PINNED`
        PINCOUNT = 1 << 7, "pincount";
        /// `PAGESNAP_VALID_PAGE_TYPE`: page_type
        PAGE_TYPE = 1 << 8, "page_type";
        /// `PAGESNAP_VALID_BUDDY_ORDER`: buddy_order
        BUDDY_ORDER = 1 << 9, "buddy_order";
        /// `PAGESNAP_VALID_NODE_ZONE`: nid, zone
        NODE_ZONE = 1 << 10, "node_zone";
        /// `PAGESNAP_VALID_MEMCG`: memcg_ino
        MEMCG = 1 << 11, "memcg";
        /// `PAGESNAP_VALID_MAPPING_KIND`: mapping_kind
        MAPPING_KIND = 1 << 12, "mapping_kind";
        /// `PAGESNAP_VALID_FILE`: file_dev_*, file_ino, file_index
        FILE = 1 << 13, "file";
        /// `PAGESNAP_VALID_OWNER_HASH`: owner_hash
        OWNER_HASH = 1 << 14, "owner_hash";
        /// `PAGESNAP_VALID_IDLE`: `SnapFlags::IDLE` is meaningful
        IDLE = 1 << 15, "idle";
        /// `PAGESNAP_VALID_HUGE_ZERO`: `SnapFlags::HUGE_ZERO` is meaningful
        HUGE_ZERO = 1 << 16, "huge_zero";
    }
}

flag_set! {
    /// `pagesnap_info.features`: what the driver supports
    /// (`PAGESNAP_FEAT_*`).
    Features: u64 {
        /// `PAGESNAP_FEAT_FILTER`: query filters
        FILTER = 1 << 0, "filter";
        /// `PAGESNAP_FEAT_SKIP_HOLES`: `QueryFlags::SKIP_HOLES`
        SKIP_HOLES = 1 << 1, "skip_holes";
        /// `PAGESNAP_FEAT_STATS`: `PAGESNAP_IOC_STATS`
        STATS = 1 << 2, "stats";
        /// `PAGESNAP_FEAT_RUNS`: `QueryFlags::RUNS`
        RUNS = 1 << 3, "runs";
        /// `PAGESNAP_FEAT_COLUMNS`: `PAGESNAP_IOC_COLUMNS`
        COLUMNS = 1 << 4, "columns";
    }
}

flag_set! {
    /// The fields a columns scan returns (`PAGESNAP_COL_*`): one array
    /// per field, one value per pfn; bits 0-15 are 8-byte values, bits
    /// 16-31 4-byte ones ([`Cols::size`]).
    Cols: u64 {
        /// `PAGESNAP_COL_KPF`: kpf (u64)
        KPF = 1 << 0, "kpf";
        /// `PAGESNAP_COL_SNAP_FLAGS`: snap_flags (u64)
        SNAP_FLAGS = 1 << 1, "snap_flags";
        /// `PAGESNAP_COL_VALID`: valid (u64)
        VALID = 1 << 2, "valid";
        /// `PAGESNAP_COL_RAW_FLAGS`: raw_flags (u64)
        RAW_FLAGS = 1 << 3, "raw_flags";
        /// `PAGESNAP_COL_HEAD_PFN`: head_pfn (u64)
        HEAD_PFN = 1 << 4, "head_pfn";
        /// `PAGESNAP_COL_MEMCG`: memcg_ino (u64)
        MEMCG = 1 << 5, "memcg";
        /// `PAGESNAP_COL_FILE_INO`: file_ino (u64)
        FILE_INO = 1 << 6, "file_ino";
        /// `PAGESNAP_COL_FILE_INDEX`: file_index (u64)
        FILE_INDEX = 1 << 7, "file_index";
        /// `PAGESNAP_COL_OWNER_HASH`: owner_hash (u64)
        OWNER_HASH = 1 << 8, "owner_hash";
        /// `PAGESNAP_COL_FILE_DEV_MAJOR`: file_dev_major (u32)
        FILE_DEV_MAJOR = 1 << 16, "file_dev_major";
        /// `PAGESNAP_COL_FILE_DEV_MINOR`: file_dev_minor (u32)
        FILE_DEV_MINOR = 1 << 17, "file_dev_minor";
        /// `PAGESNAP_COL_REFCOUNT`: refcount (u32)
        REFCOUNT = 1 << 18, "refcount";
        /// `PAGESNAP_COL_MAPCOUNT`: mapcount (u32)
        MAPCOUNT = 1 << 19, "mapcount";
        /// `PAGESNAP_COL_ENTIRE_MAPCOUNT`: entire_mapcount (u32)
        ENTIRE_MAPCOUNT = 1 << 20, "entire_mapcount";
        /// `PAGESNAP_COL_FOLIO_MAPCOUNT`: folio_mapcount (u32)
        FOLIO_MAPCOUNT = 1 << 21, "folio_mapcount";
        /// `PAGESNAP_COL_PINCOUNT`: pincount (u32)
        PINCOUNT = 1 << 22, "pincount";
        /// `PAGESNAP_COL_ORDER`: order (u32)
        ORDER = 1 << 23, "order";
        /// `PAGESNAP_COL_INDEX`: index (u32)
        INDEX = 1 << 24, "index";
        /// `PAGESNAP_COL_PAGE_TYPE`: page_type (u32)
        PAGE_TYPE = 1 << 25, "page_type";
        /// `PAGESNAP_COL_BUDDY_ORDER`: buddy_order (u32)
        BUDDY_ORDER = 1 << 26, "buddy_order";
        /// `PAGESNAP_COL_MAPPING_KIND`: mapping_kind (u32)
        MAPPING_KIND = 1 << 27, "mapping_kind";
        /// `PAGESNAP_COL_NID`: nid (u32)
        NID = 1 << 28, "nid";
        /// `PAGESNAP_COL_ZONE`: zone (u32)
        ZONE = 1 << 29, "zone";
    }
}

impl Cols {
    /// `PAGESNAP_COLS_U64`: the bits whose values are 8 bytes wide.
    pub const U64: Cols = Cols(0xffff);

    /// `PAGESNAP_COL_SIZE()`: bytes per value of the lowest bit set.
    pub const fn size(self) -> usize {
        if self.0 & self.0.wrapping_neg() & Cols::U64.0 != 0 {
            8
        } else {
            4
        }
    }

    /// The single-bit sets of `self`, in increasing bit order (the order
    /// of a columns call's arrays).
    pub fn each(self) -> impl Iterator<Item = Cols> {
        (0..64).map(|b| Cols(1 << b)).filter(move |c| self.contains(*c))
    }
}

flag_set! {
    /// `pagesnap_query.flags` (`PAGESNAP_QUERY_*`).
    QueryFlags: u32 {
        /// `PAGESNAP_QUERY_SKIP_HOLES`: no entries for holes
        SKIP_HOLES = 1 << 0, "skip_holes";
        /// `PAGESNAP_QUERY_RUNS`: one entry per run of like pages
        RUNS = 1 << 1, "runs";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unnamed_bits_survive() {
        let k = Kpf::from_bits(Kpf::LRU.bits() | 1 << 60);
        assert_eq!(k.bits(), 1 << 5 | 1 << 60);
        assert_eq!(k.unnamed(), 1 << 60);
        assert_eq!(format!("{:?}", k), "Kpf(lru | 0x1000000000000000)");
        assert_eq!(format!("{:?}", Kpf::empty()), "Kpf(0x0)");
    }

    #[test]
    fn set_operations() {
        let mut k = Kpf::LRU | Kpf::ANON;
        assert!(k.contains(Kpf::LRU) && !k.contains(Kpf::LRU | Kpf::SLAB));
        assert!(k.intersects(Kpf::ANON | Kpf::SLAB));
        k.remove(Kpf::LRU);
        assert_eq!(k, Kpf::ANON);
        k.insert(Kpf::MMAP);
        assert_eq!((k - Kpf::ANON), Kpf::MMAP);
        assert_eq!(k.names().collect::<Vec<_>>(), ["mmap", "anon"]);
        assert!(QueryFlags::all_named().bits() == 3);
    }

    #[test]
    fn names_as_the_c_library() {
        assert_eq!(Kpf::from_flag_name("anonymous"), Some(Kpf::ANON));
        assert_eq!(Kpf::from_flag_name("mappedtodisk"), Some(Kpf::OWNER_2));
        assert_eq!(Kpf::from_flag_name("compound_head"), Some(Kpf::COMPOUND_HEAD));
        assert_eq!(Kpf::from_flag_name("nosuch"), None);
        assert_eq!(Kpf::bit(20), Some(Kpf::NOPAGE));
        assert_eq!(Kpf::bit(64), None);
        assert_eq!(Kpf::NAMES.len(), 27 + 11);
    }

    #[test]
    fn column_sizes_and_order() {
        assert_eq!((Cols::KPF.size(), Cols::OWNER_HASH.size(), Cols::REFCOUNT.size()), (8, 8, 4));
        assert_eq!(Cols::from_bits(1 << 15).size(), 8);
        assert_eq!(Cols::from_bits(1 << 16).size(), 4);
        let each: Vec<Cols> = (Cols::ZONE | Cols::KPF | Cols::MAPCOUNT).each().collect();
        assert_eq!(each, [Cols::KPF, Cols::MAPCOUNT, Cols::ZONE]);
        assert_eq!(Cols::all_named().each().count(), 23);
    }
}
