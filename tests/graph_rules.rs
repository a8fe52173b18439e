//! Cross-job (G) rule fixtures: every directory `tests/workspaces/graph/NAME/` is one conf
//! directory, and `tests/workspaces/graph/NAME.expected` holds the findings (`UPDATE_EXPECT=1`
//! rewrites them). An `OPTIONS` file in the directory may change the defaults, one per line:
//! `profile NAME`, `strict-or`, `ignore EVENT`, `script-emit JOB EVENT` (what the shell analysis
//! would report for an `initctl emit` in JOB's scripts).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use upstart_lint::graph::rules::{self, GraphOptions};
use upstart_lint::graph::{Profile, ScriptEmit};
use upstart_lint::source::LineIndex;
use upstart_lint::workspace::Workspace;

fn fixture_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workspaces/graph");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("fixture directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn describe(dir: &Path) -> String {
    let mut options = GraphOptions::default();
    let settings = std::fs::read_to_string(dir.join("OPTIONS")).unwrap_or_default();
    for line in settings.lines() {
        match line.split_once(' ') {
            Some(("profile", name)) => options.profile = Profile::named(name).expect("a profile"),
            Some(("ignore", event)) => options.ignored_events.push(event.as_bytes().to_vec()),
            Some(("script-emit", rest)) => {
                let (job, event) = rest.split_once(' ').expect("script-emit JOB EVENT");
                options.script_emits.push(ScriptEmit {
                    job: job.as_bytes().to_vec(),
                    event: event.as_bytes().to_vec(),
                });
            }
            _ if line == "strict-or" => options.strict_or = true,
            _ => panic!("unknown OPTIONS line {line:?}"),
        }
    }
    let workspace = Workspace::load(&[dir.to_path_buf()]);
    let mut findings = rules::check_workspace(&workspace, &options);
    findings.sort_by_key(|f| (f.path.clone(), f.diagnostic.range.start()));
    let position = |path: &Path, offset: rowan::TextSize| {
        let text = &workspace
            .file(path)
            .expect("a workspace file")
            .analysis
            .source
            .text;
        let (line, column) = LineIndex::new(text).line_col(text, usize::from(offset));
        let name = path.strip_prefix(dir).unwrap_or(path).display().to_string();
        format!("{name}:{line}:{column}")
    };
    let mut out = String::new();
    for f in &findings {
        let d = &f.diagnostic;
        let _ = writeln!(
            out,
            "{}: {} [{}] {}",
            position(&f.path, d.range.start()),
            d.rule.code,
            d.rule.name,
            d.message
        );
        if let Some(label) = &d.label {
            let _ = writeln!(out, "    label: {label}");
        }
        let labels = d
            .labels
            .iter()
            .map(|l| ("label", &f.path, l.range, &l.message));
        let related = d
            .related
            .iter()
            .map(|r| ("related", &r.path, r.range, &r.message));
        for (kind, path, range, message) in labels.chain(related) {
            let _ = writeln!(
                out,
                "    {kind} {}: {message}",
                position(path, range.start())
            );
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "    help: {help}");
        }
        if let Some(fix) = &d.fix {
            let text = &workspace.file(&f.path).expect("file").analysis.source.text;
            for e in &fix.edits {
                let _ = writeln!(
                    out,
                    "    fix: {} {:?} -> {:?}",
                    fix.title, &text[e.range], e.replacement
                );
            }
        }
    }
    if out.is_empty() {
        out.push_str("(no findings)\n");
    }
    out
}

#[test]
fn graph_fixtures_match_expected_output() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for dir in fixture_dirs() {
        let actual = describe(&dir);
        let expected_path = dir.with_extension("expected");
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            if update {
                std::fs::write(&expected_path, &actual).expect("write");
            } else {
                failures.push(format!("--- {}\n{actual}", expected_path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every G fix does what it says: applied through `Workspace::update_file`, its finding goes.
#[test]
fn every_graph_fix_resolves_its_finding() {
    let options = GraphOptions::default();
    for dir in fixture_dirs() {
        let workspace = Workspace::load(std::slice::from_ref(&dir));
        for finding in rules::check_workspace(&workspace, &options) {
            let Some(fix) = &finding.diagnostic.fix else {
                continue;
            };
            let file = workspace.file(&finding.path).expect("file");
            let text = fix.apply(&file.analysis.source.text);
            let mut fixed = Workspace::load(std::slice::from_ref(&dir));
            assert!(fixed.update_file(&finding.path, text.as_bytes()));
            let again = rules::check_workspace(&fixed, &options);
            assert!(
                !again.iter().any(|f| f.path == finding.path
                    && f.diagnostic.rule.code == finding.diagnostic.rule.code
                    && f.diagnostic.range.start() == finding.diagnostic.range.start()),
                "{}: `{}` does not resolve {}",
                finding.path.display(),
                fix.title,
                finding.diagnostic.rule.code
            );
        }
    }
}
