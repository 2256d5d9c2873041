// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
//! Walk every pfn the driver serves and count entries, holes and
//! faithful snapshots (the bench's rust-scan rows): batch by batch with
//! Scan::next_batch() (no copy per entry, as libpagesnap's callback
//! scan), or with `--iter` through the per-entry Iterator.
//!
//!     fullscan [--iter]
use pagesnap::{Entry, Pagesnap, SnapFlags};

#[derive(Default)]
struct Counts {
    entries: u64,
    holes: u64,
    faithful: u64,
}

impl Counts {
    fn add(&mut self, e: &Entry) {
        self.entries += 1;
        self.holes += e.is_hole() as u64;
        self.faithful += e.snap_flags.contains(SnapFlags::FAITHFUL) as u64;
    }
}

fn main() -> Result<(), pagesnap::Error> {
    let ps = Pagesnap::open()?;
    let mut n = Counts::default();
    let mut scan = ps.scan(..)?;
    if std::env::args().nth(1).as_deref() == Some("--iter") {
        for e in scan {
            n.add(&e?);
        }
    } else {
        while let Some(batch) = scan.next_batch() {
            batch?.iter().for_each(|e| n.add(e));
        }
    }
    println!("{} entries, {} holes, {} faithful", n.entries, n.holes, n.faithful);
    Ok(())
}
