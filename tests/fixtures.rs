//! Fixture tests: every `tests/fixtures/**/NAME.conf` has `NAME.expected` beside it, holding the
//! findings, Upstart's verdict, and the job model. Run with `UPDATE_EXPECT=1` to rewrite the
//! expected files, then review the diff. Findings are reported as `check` reports them, with
//! suppression comments applied.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use upstart_lint::check::config::RuleTable;
use upstart_lint::check::{self, Analysis, Role, fix};
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

/// Options a fixture asks for in its first comment line, e.g.
/// `# fixture: target-version=0.6.5 preset=chromeos`.
fn fixture_options(bytes: &[u8]) -> check::Options {
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let text = String::from_utf8_lossy(first_line);
    let mut options = check::Options::default();
    for setting in text
        .strip_prefix("# fixture:")
        .unwrap_or_default()
        .split_whitespace()
    {
        match setting.split_once('=') {
            Some(("target-version", version)) => {
                options.target_version = Some(version.parse().expect("a valid target version"));
            }
            Some(("preset", "chromeos")) => options.policy = true,
            _ => panic!("unknown fixture setting `{setting}`"),
        }
    }
    options
}

/// The fixture's observable behaviour, as text a reviewer can read.
fn describe(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("fixture");
    let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
    // Every rule the fixture's options run, after the file's own suppression comments.
    let options = fixture_options(&bytes);
    let mut analysis = check::lint(
        &bytes,
        &model::job_name_from_file_name(file_name.as_bytes()),
        Role::Conf,
        &options,
        &RuleTable::all(),
    );
    let mut out = String::from("== findings\n");
    findings(&mut out, &analysis);
    let override_path = path.with_extension("override");
    if override_path.exists() {
        let override_bytes = std::fs::read(&override_path).unwrap();
        let applied = check::apply_override_with(&mut analysis, &override_bytes, &options);
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
    common::assert_matches_expected(&fixtures(), describe);
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
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let expected_files = fixtures()
        .into_iter()
        .map(|path| path.with_extension("expected"))
        // Shell rules that need a tool (tests/shell.rs), cross-job rules (tests/graph_rules.rs)
        // and rules from a simulated boot (tests/runtime_boot.rs) have fixtures of their own.
        .chain(walk(&tests.join("shell")))
        .chain(walk(&tests.join("workspaces/graph")))
        .chain(walk(&tests.join("fixtures/runtime")))
        .filter(|p| p.extension().is_some_and(|e| e == "expected") || p.ends_with("expected"));
    let mut seen = std::collections::HashSet::new();
    for path in expected_files {
        let expected = std::fs::read_to_string(path).unwrap_or_default();
        for rule in upstart_lint::check::registry::ALL {
            if expected.contains(&format!("{} [{}]", rule.code, rule.name)) {
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

/// Biome's rule: every fix must do what it says. Applied one by one (unsafe ones too), every
/// fix resolves its finding without adding an Upstart error, so none is left over.
#[test]
fn every_fix_resolves_its_finding() {
    for path in fixtures() {
        let bytes = std::fs::read(&path).unwrap();
        let options = fixture_options(&bytes);
        let lint =
            |bytes: &[u8]| check::lint(bytes, b"fixture", Role::Conf, &options, &RuleTable::all());
        let Ok(fixed) = fix::fix_with(&bytes, lint, fix::FixLevel::Unsafe) else {
            continue;
        };
        let left: Vec<_> = fixed
            .analysis
            .diagnostics
            .iter()
            .filter(|d| d.fix.is_some())
            .map(|d| format!("{} ({})", d.rule.code, d.fix.as_ref().unwrap().title))
            .collect();
        assert!(
            left.is_empty(),
            "{}: fixes that do not resolve their finding: {left:?}",
            path.display()
        );
    }
}

/// The registry's `fixable` flag is true for the rules whose fixtures show a fix, and for no
/// other rule except those whose fixes come from their own suites (cross-job rules, whose
/// fixtures are directories, and ShellCheck's).
#[test]
fn fixable_rules_are_the_ones_with_fixes() {
    let mut with_fix = std::collections::BTreeSet::new();
    for path in fixtures() {
        let bytes = std::fs::read(&path).unwrap();
        let options = fixture_options(&bytes);
        let analysis = check::lint(&bytes, b"fixture", Role::Conf, &options, &RuleTable::all());
        with_fix.extend(
            analysis
                .diagnostics
                .iter()
                .filter(|d| d.fix.is_some())
                .map(|d| d.rule.code),
        );
    }
    let declared: std::collections::BTreeSet<&str> = upstart_lint::check::registry::ALL
        .iter()
        .filter(|rule| rule.fixable)
        .map(|rule| rule.code)
        .collect();
    let undeclared: Vec<_> = with_fix.difference(&declared).collect();
    assert!(
        undeclared.is_empty(),
        "fixes from rules not declared fixable: {undeclared:?}"
    );
    let unseen: Vec<_> = declared
        .difference(&with_fix)
        .filter(|code| !code.starts_with('G') && !code.starts_with("S01"))
        .collect();
    assert!(
        unseen.is_empty(),
        "declared fixable without a fixture fix: {unseen:?}"
    );
}

/// Every rule has a valid fixture too: a near miss named `<rule-name>-ok…` (a file, or a
/// directory for workspace and boot fixtures, `lint-` prefixed in `tests/fixtures/runtime/`)
/// whose expected output has no finding of that rule, and which Upstart accepts.
#[test]
fn every_rule_has_a_valid_fixture() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let candidates: Vec<PathBuf> = ["fixtures", "shell", "workspaces/graph"]
        .iter()
        .flat_map(|dir| walk_with_dirs(&tests.join(dir)))
        .collect();
    let mut problems = Vec::new();
    for rule in upstart_lint::check::registry::ALL {
        let prefix = format!("{}-ok", rule.name);
        let valid: Vec<&PathBuf> = candidates
            .iter()
            .filter(|p| {
                let name = p.file_name().unwrap_or_default().to_string_lossy();
                let is_fixture = p.is_dir() || name.ends_with(".conf");
                is_fixture && name.trim_start_matches("lint-").starts_with(&prefix)
            })
            .collect();
        if valid.is_empty() {
            problems.push(format!(
                "{} [{}]: no `{prefix}` fixture",
                rule.code, rule.name
            ));
        }
        for path in valid {
            let Some(expected) = expected_output(path) else {
                problems.push(format!("{}: no expected output", path.display()));
                continue;
            };
            if expected.contains(&format!("{} [{}]", rule.code, rule.name)) {
                problems.push(format!("{}: reports {}", path.display(), rule.code));
            }
            if expected.contains("== upstart\n") && !expected.contains("== upstart\nsyntax ok") {
                problems.push(format!("{}: Upstart rejects it", path.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every file and directory under `dir`.
fn walk_with_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("fixture directory") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk_with_dirs(&path));
        }
        out.push(path);
    }
    out
}

/// A fixture's expected output (empty when it has no finding): `NAME.expected` beside a file or
/// directory, or, for a directory, every `expected` and `*.expected` file inside it.
fn expected_output(path: &Path) -> Option<String> {
    let beside = path.with_extension("expected");
    if beside.is_file() {
        return std::fs::read_to_string(beside).ok();
    }
    let inside: Vec<PathBuf> = if path.is_dir() {
        walk(path)
    } else {
        Vec::new()
    }
    .into_iter()
    .filter(|p| p.ends_with("expected") || p.extension().is_some_and(|e| e == "expected"))
    .collect();
    (!inside.is_empty()).then(|| {
        inside
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap_or_default())
            .collect()
    })
}
