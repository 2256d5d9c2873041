// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
//! Page cache by file: which files' pages are in memory, how many of them
//! are dirty, active or mapped.  Inode numbers are turned into paths by
//! walking DIR (default /), on its own filesystem.
//!
//!     pagecache [DIR [TOP]]
use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use pagesnap::{uapi, Filter, Kpf, Pagesnap, Query, Valid};

#[derive(Default)]
struct File {
    pages: u64,
    dirty: u64,
    active: u64,
    mapped: u64,
}

/// (device, inode) -> path of every regular file under `dir`, same device.
fn names(dir: &Path, dev: u64, out: &mut HashMap<(u64, u64), PathBuf>) {
    for ent in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let (path, md) = match ent.metadata() {
            Ok(md) => (ent.path(), md),
            Err(_) => continue,
        };
        if md.dev() != dev {
            continue;
        }
        if md.is_dir() {
            names(&path, dev, out);
        } else if md.is_file() {
            out.insert((md.dev(), md.ino()), path);
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = PathBuf::from(args.get(1).map_or("/", |s| s.as_str()));
    let top: usize = args.get(2).map_or(Ok(15), |s| s.parse())?;
    let ps = Pagesnap::open()?;
    // Only pages that can be page cache reach userspace: the kernel drops
    // anonymous, slab, free pages and holes.
    let q = Query::new().filter(Filter::none(Kpf::ANON | Kpf::SLAB | Kpf::BUDDY | Kpf::NOPAGE));
    let mut files: HashMap<(u32, u32, u64), File> = HashMap::new();
    for e in ps.scan_with(.., &q)? {
        let e = e?;
        if !e.has(Valid::FILE) || e.mapping_kind != uapi::mapping::FILE {
            continue;
        }
        let f = files.entry((e.file_dev_major, e.file_dev_minor, e.file_ino)).or_default();
        f.pages += 1;
        f.dirty += e.kpf.contains(Kpf::DIRTY) as u64;
        f.active += e.kpf.contains(Kpf::ACTIVE) as u64;
        f.mapped += (e.mapcount > 0) as u64;
    }
    let mut paths = HashMap::new();
    names(&dir, std::fs::metadata(&dir)?.dev(), &mut paths);
    let mut rows: Vec<_> = files.into_iter().collect();
    rows.sort_by(|a, b| b.1.pages.cmp(&a.1.pages).then(a.0.cmp(&b.0)));
    let kib = u64::from(ps.info().page_size) / 1024;
    println!("{:>9} {:>6} {:>6} {:>6}  file", "KiB", "dirty", "active", "mapped");
    for ((maj, min, ino), f) in rows.iter().take(top) {
        let dev = libc::makedev(*maj, *min);
        let name = paths.get(&(dev, *ino)).map_or_else(
            || format!("[{}:{} inode {}]", maj, min, ino),
            |p| p.display().to_string(),
        );
        println!("{:>9} {:>6} {:>6} {:>6}  {}", f.pages * kib, f.dirty, f.active, f.mapped, name);
    }
    let total: u64 = rows.iter().map(|r| r.1.pages).sum();
    println!("{} files, {} KiB of page cache", rows.len(), total * kib);
    Ok(())
}
