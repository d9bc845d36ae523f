//! Loading: the native JSON and CSV at 10k, 100k and 1M events, GDELT's raw rows at 1M, and
//! indexing what loaded.
//! `cargo bench --bench load`
#![allow(clippy::unwrap_used, clippy::expect_used)]

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

/// `n` synthetic GDELT 1.0 rows (58 tab-separated fields, as in the daily files): 2,000 event
/// days, twenty root codes, a few hundred actors and places, one article per five events.
fn gdelt_rows(n: u64) -> std::path::PathBuf {
    use std::io::Write;
    let dir = std::env::temp_dir().join("timeband-bench");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("gdelt-{n}.tsv"));
    if path.exists() {
        return path;
    }
    let tmp = path.with_extension("tmp");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp).unwrap());
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for i in 0..n {
        let r = next();
        let day = r % 2000;
        let (y, m, d) = (2013 + day / 336, 1 + day / 28 % 12, 1 + day % 28);
        let root = 1 + r / 7 % 20;
        let actor = r / 131 % 300;
        let place = r / 977 % 400;
        let f: Vec<String> = vec![
            (400_000_000 + i).to_string(),
            format!("{y}{m:02}{d:02}"),
            format!("{y}{m:02}"),
            y.to_string(),
            format!("{y}.{:04}", day % 10_000),
            format!("A{actor}"),
            format!("ACTOR {actor}"),
            "USA".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            "GOV".into(),
            String::new(),
            String::new(),
            format!("B{}", actor / 3),
            format!("OTHER {}", actor / 3),
            "RUS".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            "MIL".into(),
            String::new(),
            String::new(),
            (r % 2).to_string(),
            format!("{root:02}{}", r % 10),
            format!("{root:02}{}", r % 10),
            format!("{root:02}"),
            (1 + r % 4).to_string(),
            format!("{:.1}", (r % 200) as f64 / 10.0 - 10.0),
            (r % 50).to_string(),
            (1 + r % 5).to_string(),
            (r % 50).to_string(),
            format!("{:.6}", (r % 2000) as f64 / 100.0 - 10.0),
            "1".into(),
            format!("Place {place}, Country"),
            "US".into(),
            "US01".into(),
            "38.8951".into(),
            "-77.0364".into(),
            place.to_string(),
            "1".into(),
            format!("Place {}, Country", place / 2),
            "RS".into(),
            "RS01".into(),
            "55.75".into(),
            "37.61".into(),
            (place / 2).to_string(),
            "4".into(),
            format!("Place {place}, Country"),
            "US".into(),
            "US01".into(),
            "38.8951".into(),
            "-77.0364".into(),
            place.to_string(),
            format!("{y}{m:02}{:02}", (d + 1).min(28)),
            format!("https://news.example.com/story-{}.html", i / 5),
        ];
        writeln!(out, "{}", f.join("\t")).unwrap();
    }
    drop(out);
    std::fs::rename(&tmp, &path).unwrap();
    path
}

criterion_group!(benches, load);
criterion_main!(benches);
