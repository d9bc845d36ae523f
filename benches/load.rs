//! Loading: the native JSON and CSV at 10k, 100k and 1M events, and indexing what loaded.
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

criterion_group!(benches, load);
criterion_main!(benches);
