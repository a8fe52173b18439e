//! Every file of the shared corpus and oracle cases, when `../shared` is present (CI has it; a
//! fresh clone alone does not, and then this test checks nothing and says so).

use std::path::{Path, PathBuf};

use upstart_lint::check::fix::{self, FixLevel};
use upstart_lint::{check, format, source, syntax};

/// The corpus and the oracle's crafted and mutated cases; empty without `../shared`.
fn shared_files() -> Vec<PathBuf> {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let mut files = Vec::new();
    for dir in ["corpus", "oracle/cases"] {
        files_under(&shared.join(dir), &mut files);
    }
    files
}

fn files_under(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, found);
        } else {
            found.push(path);
        }
    }
}

#[test]
fn every_shared_file_round_trips_and_analyses() {
    let files = shared_files();
    if files.is_empty() {
        eprintln!("../shared is absent: nothing to check");
        return;
    }
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let decoded = source::decode(&bytes);
        let tree = syntax::parse(&decoded.text);
        assert_eq!(
            source::encode(&tree.root.text().to_string()),
            bytes,
            "{}",
            path.display()
        );
        let analysis = check::analyze(&bytes, b"corpus");
        // Error severity is Upstart's verdict: a file it accepts gets none.
        if analysis.upstart_error().is_none() {
            let errors: Vec<&str> = analysis
                .diagnostics
                .iter()
                .filter(|d| d.severity() == check::Severity::Error)
                .map(|d| d.rule.code)
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        }
        for diagnostic in &analysis.diagnostics {
            assert!(
                usize::from(diagnostic.range.end()) <= analysis.source.text.len(),
                "{}",
                path.display()
            );
        }
    }
    assert!(
        files.len() > 2000,
        "expected the whole corpus, found {} files",
        files.len()
    );
}

/// `--fix` on every file (unsafe fixes too): the result parses with no more Upstart errors than
/// before, round-trips, and every fix it kept resolved its finding.
#[test]
fn fixes_never_add_errors_on_shared_files() {
    let files = shared_files();
    if files.is_empty() {
        eprintln!("../shared is absent: nothing to check");
        return;
    }
    let mut fixed_files = 0;
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let errors =
            |a: &check::Analysis| a.diagnostics.iter().filter(|d| d.upstart.is_some()).count();
        let before = check::analyze(&bytes, b"corpus");
        let Ok(fixed) = fix::fix_file(
            &bytes,
            b"corpus",
            &check::Options::default(),
            FixLevel::Unsafe,
        ) else {
            assert!(!before.source.invalid_utf8.is_empty(), "{}", path.display());
            continue;
        };
        assert!(
            errors(&fixed.analysis) <= errors(&before),
            "{}",
            path.display()
        );
        let again = check::analyze(&fixed.bytes, b"corpus");
        assert_eq!(
            errors(&again),
            errors(&fixed.analysis),
            "{}",
            path.display()
        );
        fixed_files += usize::from(!fixed.applied.is_empty());
    }
    assert!(fixed_files > 0, "no shared file had a fix applied");
}

/// `fmt` on every file Upstart accepts: the job loads the same (the formatter checks this
/// itself and refuses otherwise), and formatting twice changes nothing.
#[test]
fn formatting_keeps_every_accepted_job_and_is_idempotent() {
    let files = shared_files();
    if files.is_empty() {
        eprintln!("../shared is absent: nothing to check");
        return;
    }
    let (mut formatted, mut changed) = (0, 0);
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let analysis = check::analyze(&bytes, b"corpus");
        if analysis.upstart_error().is_some() || !analysis.source.invalid_utf8.is_empty() {
            continue;
        }
        let once = format::format(&bytes, b"corpus")
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let twice = format::format(&once, b"corpus").unwrap();
        assert_eq!(
            once,
            twice,
            "{}: formatting is not idempotent",
            path.display()
        );
        formatted += 1;
        changed += usize::from(once != bytes);
    }
    eprintln!("formatted {formatted} accepted files, {changed} changed");
    assert!(
        formatted > 1000,
        "expected the accepted corpus, found {formatted} files"
    );
}
