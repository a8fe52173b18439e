//! Shell fragment fixtures: every `tests/shell/<tool>/NAME.conf` has `NAME.expected` beside it,
//! holding the findings with their exact line and column in the job file. `extract/` needs no
//! tool (the expected file is the fragments' dump), `syntax/` needs `dash` or `sh`,
//! `shellcheck/` needs ShellCheck; without the tool the fixtures are skipped with a message. `UPDATE_EXPECT=1` rewrites the expected files.

mod common;

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
    common::assert_matches_expected(&fixtures(dir), |path| describe(&analyse(path, tools)));
}

/// What the shell is given and where every line of it comes from: no tool needed.
#[test]
fn fragments_map_back_to_the_file() {
    common::assert_matches_expected(&fixtures("extract"), |path| {
        let analysis = analyse(path, &ShellTools::default());
        let text = &analysis.source.text;
        let fragments = shell::fragments(&analysis.tree.source_file(), text);
        shell::dump(text, &fragments, &analysis.initctl_calls)
    });
}

#[test]
fn syntax_errors_are_reported_where_they_are() {
    let tools = ShellTools::detect(false, None, Dialect::Sh).unwrap();
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
        ..ShellTools::detect(true, None, Dialect::Sh).unwrap()
    };
    if tools.shellcheck.is_none() {
        eprintln!("skipped: shellcheck not installed");
        return;
    }
    compare("shellcheck", &tools);
}

/// Every ShellCheck fix, applied to the job file, removes its finding and breaks no syntax.
#[test]
fn shellcheck_fixes_apply_to_the_job_file() {
    let tools = ShellTools::detect(true, None, Dialect::Sh).unwrap();
    if tools.shellcheck.is_none() || tools.shell.is_none() {
        eprintln!("skipped: shellcheck or sh not installed");
        return;
    }
    let mut applied = 0;
    for path in fixtures("shellcheck") {
        let analysis = analyse(&path, &tools);
        for d in analysis.diagnostics.iter().filter(|d| d.fix.is_some()) {
            let mut text = analysis.source.text.clone();
            let mut edits = d.fix.as_ref().unwrap().edits.clone();
            edits.sort_by_key(|e| std::cmp::Reverse(e.range.start()));
            for edit in edits {
                text.replace_range(
                    std::ops::Range::<usize>::from(edit.range),
                    &edit.replacement,
                );
            }
            let fixed_path = std::env::temp_dir().join(format!(
                "upstart-lint-fix-{}-{applied}.conf",
                std::process::id()
            ));
            std::fs::write(&fixed_path, upstart_lint::source::encode(&text)).unwrap();
            let fixed = analyse(&fixed_path, &tools);
            let _ = std::fs::remove_file(&fixed_path);
            assert!(
                !fixed
                    .diagnostics
                    .iter()
                    .any(|e| e.external_code == d.external_code
                        && e.range.start() == d.range.start()),
                "{}: the fix of {:?} does not resolve it",
                path.display(),
                d.external_code
            );
            assert!(
                !fixed
                    .diagnostics
                    .iter()
                    .any(|e| e.rule.code == "S0001" || e.upstart.is_some()),
                "{}: the fix of {:?} breaks the file",
                path.display(),
                d.external_code
            );
            applied += 1;
        }
    }
    assert!(applied > 0, "the fixtures hold no ShellCheck fix");
}

mod properties {
    use proptest::prelude::*;
    use upstart_lint::check::{self, shell};

    /// Job files with shell in them: blocks and exec lines full of what is special to `sh`.
    fn shell_jobs() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            Just(b"script\n".to_vec()),
            Just(b"\nend script\n".to_vec()),
            Just(b"pre-start exec ".to_vec()),
            Just(b"exec ".to_vec()),
            Just(b" \\\n  ".to_vec()),
            Just(b"case $1 in a) stop ;; esac".to_vec()),
            Just(b"cat <<-EOF\n\tx\n\tEOF\n".to_vec()),
            Just(b"$(echo `x`) ${A:-b} \"q $(y)\" 'z'".to_vec()),
            Just(b"initctl emit ev K=v &".to_vec()),
            Just(b"while ! status x; do sleep 1; done".to_vec()),
            prop::sample::select(b"\\\"'#(){}|&;<>\n\r\t \0=$`\xff".to_vec()).prop_map(|b| vec![b]),
            "[a-z]{1,6}".prop_map(String::into_bytes),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Every run of copied bytes is exactly the file's text at the mapped place, and
        /// reading commands never panics or leaves the fragment.
        #[test]
        fn runs_are_copies_of_the_file(bytes in shell_jobs()) {
            let analysis = check::analyze(&bytes, b"prop");
            let text = &analysis.source.text;
            for fragment in shell::fragments(&analysis.tree.source_file(), text) {
                for (from, file, len) in fragment.map.runs() {
                    prop_assert_eq!(&text[file..file + len], &fragment.text[from..from + len]);
                }
                for command in shell::commands::commands(&fragment.text) {
                    prop_assert!(command.range().end <= fragment.text.len());
                }
            }
            for call in &analysis.initctl_calls {
                prop_assert!(usize::from(call.range.end()) <= text.len());
            }
        }
    }
}
