//! Shell fragment fixtures: every `tests/shell/<tool>/NAME.conf` has `NAME.expected` beside it,
//! holding the findings with their exact line and column in the job file. `syntax/` needs
//! `dash` or `sh`, `shellcheck/` needs ShellCheck; without the tool the fixtures are skipped
//! with a message. `UPDATE_EXPECT=1` rewrites the expected files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use upstart_lint::check::shell::{self, ShellTools, shellcheck::Dialect};
use upstart_lint::check::{self, Analysis};
use upstart_lint::model;
use upstart_lint::source::LineIndex;

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/shell")
        .join(dir);
    let mut found: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("fixture directory")
        .map(|entry| entry.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "conf"))
        .collect();
    found.sort();
    found
}

fn analyse(path: &Path, tools: &ShellTools) -> Analysis {
    let bytes = std::fs::read(path).expect("fixture");
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut analysis = check::analyze(&bytes, &model::job_name_from_file_name(name.as_bytes()));
    shell::check_analyses(&mut [&mut analysis], tools).expect("the tools run");
    analysis
}

/// The findings, as text a reviewer can read: position, code, message, and ShellCheck's fixes.
fn describe(analysis: &Analysis) -> String {
    let text = &analysis.source.text;
    let index = LineIndex::new(text);
    let mut out = String::new();
    for d in &analysis.diagnostics {
        let (line, column) = index.line_col(text, usize::from(d.range.start()));
        let (end_line, end_column) = index.line_col(text, usize::from(d.range.end()));
        let _ = writeln!(
            out,
            "{line}:{column}-{end_line}:{end_column}: {} [{}] {}",
            d.rule.code, d.rule.name, d.message
        );
        let _ = writeln!(out, "    text: {:?}", &text[d.range]);
        if let Some(fix) = &d.fix {
            for edit in &fix.edits {
                let (line, column) = index.line_col(text, usize::from(edit.range.start()));
                let _ = writeln!(
                    out,
                    "    fix at {line}:{column}: {:?} -> {:?}",
                    &text[edit.range], edit.replacement
                );
            }
        }
    }
    out
}

fn compare(dir: &str, tools: &ShellTools) {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for path in fixtures(dir) {
        let actual = describe(&analyse(&path, tools));
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
fn syntax_errors_are_reported_where_they_are() {
    let tools = ShellTools::detect(false, None, Dialect::Sh);
    if tools.shell.is_none() {
        eprintln!("skipped: neither dash nor sh installed");
        return;
    }
    compare("syntax", &tools);
}

#[test]
fn shellcheck_findings_are_reported_where_they_are() {
    let tools = ShellTools {
        shell: None,
        ..ShellTools::detect(true, None, Dialect::Sh)
    };
    if tools.shellcheck.is_none() {
        eprintln!("skipped: shellcheck not installed");
        return;
    }
    compare("shellcheck", &tools);
}
