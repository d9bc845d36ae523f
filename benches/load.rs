//! Loading: the native JSON and CSV at 10k, 100k and 1M events, GDELT's raw rows at 1M (real rows repeated), and
//! indexing what loaded.
//! `cargo bench --bench load`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;
use timeband::index::Indexed;
use timeband::load::load_path;

fn load(c: &mut Criterion) {
    let mut g = c.benchmark_group("load");
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    for n in [10_000u64, 100_000, 1_000_000] {
        for csv in [false, true] {
            let path = common::data(n, csv);
            let name = if csv { "csv" } else { "json" };
            g.bench_with_input(BenchmarkId::new(name, n), &path, |b, path| {
                b.iter_with_large_drop(|| load_path(black_box(path)).unwrap())
            });
        }
    }
    g.finish();

    let mut g = c.benchmark_group("load");
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    let path = gdelt_rows(1_000_000);
    g.bench_with_input(BenchmarkId::new("gdelt", 1_000_000), &path, |b, path| {
        b.iter_with_large_drop(|| load_path(black_box(path)).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("index");
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    for n in [10_000u64, 100_000, 1_000_000] {
        let data = Arc::new(load_path(&common::data(n, false)).unwrap().dataset);
        g.bench_with_input(BenchmarkId::from_parameter(n), &data, |b, data| {
            b.iter_with_large_drop(|| Indexed::new(data.clone()))
        });
    }
    g.finish();
}

/// `n` GDELT 1.0 rows: the real 58-field rows of the GDELT test file repeated, each with a
/// new `GLOBALEVENTID` (as the README's figure is measured).
fn gdelt_rows(n: u64) -> std::path::PathBuf {
    use std::io::Write;
    let dir = std::env::temp_dir().join("timeband-bench");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("gdelt-real-{n}.tsv"));
    if path.exists() {
        return path;
    }
    let real = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/real/gdelt/geoutils_gdelt1_daily_20141124_rows.tsv"
    ))
    .unwrap();
    let rows: Vec<Vec<&str>> = real
        .lines()
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|f| f.len() == 58)
        .collect();
    assert!(!rows.is_empty());
    let tmp = path.with_extension("tmp");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp).unwrap());
    for i in 0..n {
        let row = &rows[(i % rows.len() as u64) as usize];
        write!(out, "{}", 400_000_000 + i).unwrap();
        for f in &row[1..] {
            write!(out, "\t{f}").unwrap();
        }
        writeln!(out).unwrap();
    }
    drop(out);
    std::fs::rename(&tmp, &path).unwrap();
    path
}

criterion_group!(benches, load);
criterion_main!(benches);
