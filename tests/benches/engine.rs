//! Engine benchmarks (run by `cargo xtask bench`): content load and validation, one
//! assessment, one procedure search. Budgets: load + validate ≤ 5 ms, assessment ≤ 20 µs.

#![allow(clippy::expect_used, missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use safeguard_core::{Ages, Pack, Presence, assess, search};

fn benches(c: &mut Criterion) {
    let today = safeguard_content::build_date();
    let files = safeguard_content::files();
    c.bench_function("content load + validate", |b| {
        b.iter(|| Pack::load(black_box(&files), today).map(|l| l.pack.counts()))
    });
    let pack = safeguard_content::load().expect("the Sussex pack loads").pack;
    let area = pack.area("west-sussex").expect("west-sussex");
    let answers: safeguard_core::SortedMap<_, _> =
        pack.indicators().step_by(9).map(|i| (i.id.clone(), Presence::Yes)).collect();
    c.bench_function("one assessment", |b| {
        b.iter(|| assess(&pack, area, &Ages::unknown(), black_box(&answers)).map(|a| a.level.number))
    });
    c.bench_function("one procedure search", |b| {
        b.iter(|| search(&pack, black_box("strategy discussion"), 10).len())
    });
}

criterion_group!(engine, benches);
criterion_main!(engine);
