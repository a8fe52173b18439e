//! Boot simulation speed: `runtime::boot::boot` alone (jobs already loaded) on the largest
//! recorded workspace (`../shared/oracle/workspaces/CameronNemo__upstart-jobs`, 633 jobs) and on
//! the largest Ubuntu one, or on the bundled runtime fixtures when `../shared` is absent.
//!
//! Run with `cargo bench --bench simulate`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use upstart_lint::runtime::boot::{BootOptions, Profile, boot};
use upstart_lint::runtime::outcome::Outcomes;
use upstart_lint::workspace::load_job_classes;

fn workspaces() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/oracle/workspaces");
    let recorded = [
        "CameronNemo__upstart-jobs",
        "Bravedragon0313__RIng_api__etc-init__snapshot-1592ec84",
    ];
    let found: Vec<(String, PathBuf)> = recorded
        .iter()
        .map(|name| (name.to_string(), shared.join(name).join("jobs")))
        .filter(|(_, path)| path.is_dir())
        .collect();
    if found.is_empty() {
        vec![(
            "fixtures".into(),
            root.join("tests/fixtures/runtime/S60-mini-boot/jobs"),
        )]
    } else {
        found
    }
}

fn bench(c: &mut Criterion) {
    let options = BootOptions {
        profile: Profile::Ubuntu,
        runlevel: "2".into(),
        until: 300_000_000,
        budget: upstart_lint::runtime::boot::DEFAULT_BUDGET,
    };
    let mut group = c.benchmark_group("boot");
    group.measurement_time(Duration::from_secs(3));
    for (name, path) in workspaces() {
        let jobs = load_job_classes(&[path]).jobs;
        group.bench_function(format!("{name} ({} jobs)", jobs.len()), |b| {
            b.iter(|| black_box(boot(jobs.clone(), &Outcomes::default(), &options)));
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
