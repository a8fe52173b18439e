//! Whole-directory analysis: loading a conf directory (every file parsed, lowered and checked,
//! overrides merged), the cross-job G rules on it, and re-analysis after one file changes.
//!
//! Input: the shared corpus `../shared/corpus/real` as one conf directory (the largest job set
//! there is), else the bundled `tests/workspaces/graph` fixtures. Run with
//! `cargo bench --bench workspace`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use upstart_lint::graph::rules::{self, GraphOptions};
use upstart_lint::workspace::Workspace;

fn input_dir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/corpus/real");
    if shared.is_dir() {
        shared
    } else {
        root.join("tests/workspaces/graph/deadlock-three-jobs")
    }
}

fn bench(c: &mut Criterion) {
    let dir = input_dir();
    let mut group = c.benchmark_group("workspace");
    group
        .measurement_time(Duration::from_secs(5))
        .sample_size(20);
    group.bench_function("load", |b| {
        b.iter(|| black_box(Workspace::load(std::slice::from_ref(&dir))))
    });
    let mut workspace = Workspace::load(std::slice::from_ref(&dir));
    let options = GraphOptions::default();
    group.bench_function("g-rules", |b| {
        b.iter(|| black_box(rules::check_workspace(&workspace, &options)))
    });
    let edited = workspace
        .jobs()
        .first()
        .map(|j| j.conf.clone())
        .expect("a job to edit");
    let bytes = std::fs::read(&edited).expect("readable");
    group.bench_function("update-one-file", |b| {
        b.iter(|| black_box(workspace.update_file(&edited, &bytes)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
