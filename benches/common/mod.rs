//! Synthetic data files for the benchmarks, generated once and kept in the temp directory.

use std::path::PathBuf;
use timeband::generate::{GenFormat, generate};

/// `gen-N.json` or `gen-N.csv` (seed 1), written on first use.
pub fn data(events: u64, csv: bool) -> PathBuf {
    let dir = std::env::temp_dir().join("timeband-bench");
    let _ = std::fs::create_dir_all(&dir);
    let ext = if csv { "csv" } else { "json" };
    let path = dir.join(format!("gen-{events}.{ext}"));
    if !path.exists() {
        let tmp = path.with_extension("tmp");
        let file = std::fs::File::create(&tmp).expect("create bench data");
        let mut out = std::io::BufWriter::new(file);
        let format = if csv { GenFormat::Csv } else { GenFormat::Json };
        generate(&mut out, events, 1, format).expect("write bench data");
        drop(out);
        std::fs::rename(&tmp, &path).expect("rename bench data");
    }
    path
}
