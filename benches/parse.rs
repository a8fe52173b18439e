//! Parse and analysis throughput.
//!
//! Inputs, found at run time (nothing is generated on disk):
//! - the real-world corpus at `../shared/corpus/real` (every file in it), or, when that directory
//!   is absent, every `*.conf` under the bundled `tests/fixtures` and `examples` (either may be
//!   missing too);
//! - one large input built in memory from the files Upstart accepts (`upstart_error()` is `None`),
//!   joined by `"\n"` and repeated 1, 4, 16 and 40 times, to check that time grows linearly.
//!
//! Run with `cargo bench --bench parse`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use upstart_lint::{check, model, source, syntax};

/// The binary's allocator, so the numbers are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How many times the accepted files are repeated for each large-input size.
const LARGE_REPEATS: [usize; 4] = [1, 4, 16, 40];

/// One input file: its name as Upstart would derive the job name, and its bytes.
struct Input {
    job_name: Vec<u8>,
    bytes: Vec<u8>,
}

/// Every regular file under `dir`, recursively, in a stable order; only `*.conf` when `conf_only`.
fn files_under(dir: &Path, conf_only: bool) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|path| !conf_only || path.extension().is_some_and(|ext| ext == "conf"))
        .collect();
    files.sort();
    files
}

/// The shared corpus if it is there, else the bundled fixtures and examples.
fn load_corpus() -> (String, Vec<Input>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/corpus/real");
    let (label, paths) = if shared.is_dir() {
        ("shared/corpus/real".to_owned(), files_under(&shared, false))
    } else {
        let mut paths = files_under(&root.join("tests/fixtures"), true);
        paths.extend(files_under(&root.join("examples"), true));
        ("tests/fixtures + examples".to_owned(), paths)
    };
    let inputs = paths
        .iter()
        .filter_map(|path| {
            let bytes = std::fs::read(path).ok()?;
            let stem = path.file_stem().unwrap_or(path.as_os_str());
            let job_name = stem.to_string_lossy().into_owned().into_bytes();
            Some(Input { job_name, bytes })
        })
        .collect();
    (label, inputs)
}

fn total_bytes(inputs: &[Input]) -> u64 {
    inputs.iter().map(|input| input.bytes.len() as u64).sum()
}

/// The accepted files joined by `"\n"`, that whole repeated `repeats` times (also `"\n"`-joined).
fn large_input(accepted: &[&Input], repeats: usize) -> Vec<u8> {
    let one: Vec<u8> = accepted
        .iter()
        .map(|input| input.bytes.as_slice())
        .collect::<Vec<_>>()
        .join(&b"\n"[..]);
    vec![one; repeats].join(&b"\n"[..])
}

fn bench_corpus(c: &mut Criterion, label: &str, inputs: &[Input]) {
    let texts: Vec<String> = inputs
        .iter()
        .map(|input| source::decode(&input.bytes).text)
        .collect();

    let mut group = c.benchmark_group("corpus");
    group.sample_size(20);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Bytes(total_bytes(inputs)));
    let files = format!("{} files of {label}", inputs.len());

    group.bench_function(BenchmarkId::new("analyze", &files), |b| {
        b.iter(|| analyze_each(inputs))
    });
    group.bench_function(BenchmarkId::new("parse", &files), |b| {
        b.iter(|| {
            for text in &texts {
                black_box(syntax::parse(black_box(text)));
            }
        });
    });
    group.finish();
}

/// Analyses every input, as `check` does for each file of a directory.
fn analyze_each<'a>(inputs: impl IntoIterator<Item = &'a Input>) {
    for input in inputs {
        black_box(check::analyze(
            black_box(&input.bytes),
            black_box(&input.job_name),
        ));
    }
}

fn bench_accepted(c: &mut Criterion, accepted: &[&Input]) {
    let mut group = c.benchmark_group("accepted");
    group.sample_size(20);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    let bytes: u64 = accepted.iter().map(|input| input.bytes.len() as u64).sum();
    group.throughput(Throughput::Bytes(bytes));
    let files = format!("{} files", accepted.len());
    group.bench_function(BenchmarkId::new("analyze", &files), |b| {
        b.iter(|| analyze_each(accepted.iter().copied()))
    });
    group.finish();
}

fn bench_large(c: &mut Criterion, accepted: &[&Input]) {
    let mut group = c.benchmark_group("large");
    // One iteration of the largest input takes a good fraction of a second: use few, flat samples.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(6));
    for repeats in LARGE_REPEATS {
        let bytes = large_input(accepted, repeats);
        let text = source::decode(&bytes).text;
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        let size = format!("{repeats}x ({:.1} MB)", bytes.len() as f64 / 1e6);
        group.bench_with_input(BenchmarkId::new("analyze", &size), &bytes, |b, bytes| {
            b.iter(|| black_box(check::analyze(black_box(bytes), b"large")));
        });
        group.bench_with_input(BenchmarkId::new("parse", &size), &text, |b, text| {
            b.iter(|| black_box(syntax::parse(black_box(text))));
        });
        // The target metric: text to tree to job model, without decoding or diagnostics.
        group.bench_with_input(BenchmarkId::new("parse+lower", &size), &text, |b, text| {
            b.iter(|| {
                let tree = syntax::parse(black_box(text));
                black_box(model::lower(&tree, b"large"))
            });
        });
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    let (label, inputs) = load_corpus();
    if inputs.is_empty() {
        eprintln!("no benchmark input: neither ../shared/corpus/real nor bundled *.conf fixtures");
        return;
    }
    bench_corpus(c, &label, &inputs);

    let accepted: Vec<&Input> = inputs
        .iter()
        .filter(|input| {
            check::analyze(&input.bytes, &input.job_name)
                .upstart_error()
                .is_none()
        })
        .collect();
    if accepted.is_empty() {
        eprintln!("no accepted file in {label}: skipping the large-input benchmarks");
        return;
    }
    eprintln!(
        "{label}: {} files, {} bytes; {} accepted by Upstart, {} bytes",
        inputs.len(),
        total_bytes(&inputs),
        accepted.len(),
        accepted
            .iter()
            .map(|input| input.bytes.len())
            .sum::<usize>(),
    );
    bench_accepted(c, &accepted);
    bench_large(c, &accepted);
}

criterion_group!(parse_benches, benches);
criterion_main!(parse_benches);
