//! Fixture tests: every `tests/fixtures/**/NAME.conf` has `NAME.expected` beside it, holding the
//! findings, Upstart's verdict, and the job model. Run with `UPDATE_EXPECT=1` to rewrite the
//! expected files, then review the diff.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use upstart_lint::check::{self, Analysis};
use upstart_lint::model::{self, dump};
use upstart_lint::source::{self, LineIndex};

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut found: Vec<PathBuf> = walk(&root)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "conf"))
        // Runtime scenarios have their own runner (tests/runtime_scenarios.rs).
        .filter(|p| !p.starts_with(root.join("runtime")))
        .collect();
    found.sort();
    found
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("fixture directory") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path))
        } else {
            out.push(path)
        }
    }
    out
}

/// The fixture's observable behaviour, as text a reviewer can read.
fn describe(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("fixture");
    let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut analysis = check::analyze(
        &bytes,
        &model::job_name_from_file_name(file_name.as_bytes()),
    );
    let mut out = String::from("== findings\n");
    findings(&mut out, &analysis);
    let override_path = path.with_extension("override");
    if override_path.exists() {
        let applied = check::apply_override(&mut analysis, &std::fs::read(&override_path).unwrap());
        out.push_str("== override findings\n");
        findings(&mut out, &applied);
    }
    out.push_str("== upstart\n");
    match analysis.upstart_error() {
        Some(error) => {
            let _ = writeln!(
                out,
                "{}:{}: {}",
                file_name,
                analysis.upstart_line(error),
                error.upstart.as_ref().unwrap().message
            );
        }
        None => {
            out.push_str("syntax ok\n== job\n");
            out.push_str(&dump::dump_job(&analysis.job, &file_name));
        }
    }
    out
}

fn findings(out: &mut String, analysis: &Analysis) {
    let text = &analysis.source.text;
    let index = LineIndex::new(text);
    for d in &analysis.diagnostics {
        let (line, column) = index.line_col(text, usize::from(d.range.start()));
        let _ = writeln!(
            out,
            "{line}:{column}: {} [{}] {}",
            d.rule.code, d.rule.name, d.message
        );
        for label in &d.labels {
            let (line, column) = index.line_col(text, usize::from(label.range.start()));
            let _ = writeln!(out, "    label {line}:{column}: {}", label.message);
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "    help: {help}");
        }
        if let Some(fix) = &d.fix {
            for edit in &fix.edits {
                let _ = writeln!(
                    out,
                    "    fix ({}): {} {:?} -> {:?}",
                    if fix.safe { "safe" } else { "unsafe" },
                    fix.title,
                    &text[edit.range],
                    edit.replacement
                );
            }
        }
    }
}

#[test]
fn fixtures_match_expected_output() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for path in fixtures() {
        let actual = describe(&path);
        let expected_path = path.with_extension("expected");
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            if update {
                std::fs::write(&expected_path, &actual).unwrap();
            } else {
                failures.push(format!("--- {}\n{actual}", expected_path.display()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixtures differ (UPDATE_EXPECT=1 rewrites them):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn fixture_trees_are_lossless() {
    for path in fixtures() {
        let bytes = std::fs::read(&path).unwrap();
        let decoded = source::decode(&bytes);
        let tree = upstart_lint::syntax::parse(&decoded.text);
        assert_eq!(
            source::encode(&tree.root.text().to_string()),
            bytes,
            "{}",
            path.display()
        );
    }
}

#[test]
fn every_error_rule_has_a_fixture() {
    let mut seen = std::collections::HashSet::new();
    for path in fixtures() {
        let expected = std::fs::read_to_string(path.with_extension("expected")).unwrap_or_default();
        for rule in upstart_lint::check::registry::ALL {
            if expected.contains(&format!("{} [{}]", rule.code, rule.name)) {
                seen.insert(rule.code);
            }
        }
    }
    // Rules found by a simulated boot have directory fixtures (`tests/runtime_boot.rs`).
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/runtime");
    for entry in std::fs::read_dir(runtime).expect("runtime fixtures") {
        let expected = std::fs::read_to_string(entry.expect("entry").path().join("expected"));
        for rule in upstart_lint::check::registry::ALL {
            if expected
                .as_deref()
                .is_ok_and(|e| e.contains(&format!("{} [{}]", rule.code, rule.name)))
            {
                seen.insert(rule.code);
            }
        }
    }
    let missing: Vec<_> = upstart_lint::check::registry::ALL
        .iter()
        .filter(|r| !seen.contains(r.code))
        .map(|r| r.code)
        .collect();
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
}

/// Biome's rule: every fix must do what it says. Applying it removes the finding it belongs to
/// and adds no new error.
#[test]
fn every_fix_resolves_its_finding() {
    for path in fixtures() {
        let bytes = std::fs::read(&path).unwrap();
        let analysis = check::analyze(&bytes, b"fixture");
        let errors_before = analysis
            .diagnostics
            .iter()
            .filter(|d| d.upstart.is_some())
            .count();
        for d in analysis.diagnostics.iter().filter(|d| d.fix.is_some()) {
            let fix = d.fix.as_ref().unwrap();
            let mut text = analysis.source.text.clone();
            let mut edits = fix.edits.clone();
            edits.sort_by_key(|e| std::cmp::Reverse(e.range.start()));
            for edit in edits {
                text.replace_range(
                    std::ops::Range::<usize>::from(edit.range),
                    &edit.replacement,
                );
            }
            let fixed = check::analyze(&source::encode(&text), b"fixture");
            let same = |e: &check::Diagnostic| {
                e.rule.code == d.rule.code && e.range.start() == d.range.start()
            };
            assert!(
                !fixed.diagnostics.iter().any(same),
                "{}: `{}` does not resolve {}",
                path.display(),
                fix.title,
                d.rule.code
            );
            let errors_after = fixed
                .diagnostics
                .iter()
                .filter(|d| d.upstart.is_some())
                .count();
            let allowed = errors_before - usize::from(d.upstart.is_some());
            assert!(
                errors_after <= allowed,
                "{}: `{}` adds errors",
                path.display(),
                fix.title
            );
        }
    }
}
