//! ShellCheck on every fragment, in batches, with its findings and fixes mapped back.
//!
//! Each fragment is written, exactly as the shell sees it, to a file of its own; one ShellCheck
//! process checks a whole batch of files. Nothing is added to the text: a prelude would shift
//! lines and make a `# shellcheck disable=…` at the top of a block apply to one command instead
//! of the block, and a trailer would make a final `exec daemon` look like it is not the last
//! command (SC2093). Instead, SC2154 ("referenced but not assigned") is dropped for the
//! variables the job provides, and SC1017 (carriage return) is left to `crlf-in-script`, which
//! reports it once per block.
//!
//! `sh -e`: every fragment runs with errexit. ShellCheck's checks that depend on it (SC2310–
//! SC2312) are optional and stay off, so its default findings are the same with or without it.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use serde::Deserialize;

use super::extract::Fragment;
use super::runner;
use crate::check::{Diagnostic, Edit, Fix, registry};

/// Fragments per ShellCheck process: large enough to pay for its start-up once per batch.
const BATCH: usize = 64;

/// The shell ShellCheck checks against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, ValueEnum)]
pub enum Dialect {
    /// POSIX `sh`.
    #[default]
    Sh,
    /// Debian's `dash`, what `/bin/sh` is on Debian and Ubuntu.
    Dash,
}

impl Dialect {
    fn name(self) -> &'static str {
        match self {
            Dialect::Sh => "sh",
            Dialect::Dash => "dash",
        }
    }
}

/// How to run ShellCheck.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellCheck {
    /// The `shellcheck` program.
    pub program: PathBuf,
    /// `--shell=…`.
    pub dialect: Dialect,
}

/// One fragment to check, with the variables its job provides.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The fragment.
    pub fragment: &'a Fragment,
    /// Variable names to declare.
    pub variables: &'a [String],
}

#[derive(Debug, Deserialize)]
struct Report {
    comments: Vec<Comment>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Comment {
    file: String,
    line: usize,
    end_line: usize,
    column: usize,
    end_column: usize,
    level: String,
    code: u32,
    message: String,
    fix: Option<ShellCheckFix>,
}

#[derive(Debug, Deserialize)]
struct ShellCheckFix {
    replacements: Vec<Replacement>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    line: usize,
    end_line: usize,
    column: usize,
    end_column: usize,
    replacement: String,
}

/// Runs ShellCheck on every input; the findings of input `i` are at index `i`.
pub fn check_all(
    shellcheck: &ShellCheck,
    inputs: &[Input],
) -> Result<Vec<Vec<Diagnostic>>, String> {
    let dir = scratch_dir()?;
    let batches: Vec<(usize, &[Input])> = inputs
        .chunks(BATCH)
        .enumerate()
        .map(|(i, chunk)| (i * BATCH, chunk))
        .collect();
    let results = runner::parallel(&batches, |(first, batch)| {
        check_batch(shellcheck, &dir, *first, batch)
    });
    let _ = std::fs::remove_dir_all(&dir);
    let mut all = Vec::with_capacity(inputs.len());
    for result in results {
        all.extend(result?);
    }
    Ok(all)
}

fn scratch_dir() -> Result<PathBuf, String> {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("upstart-lint-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir)
}

fn check_batch(
    shellcheck: &ShellCheck,
    dir: &Path,
    first: usize,
    batch: &[Input],
) -> Result<Vec<Vec<Diagnostic>>, String> {
    let mut files = Vec::with_capacity(batch.len());
    for (i, input) in batch.iter().enumerate() {
        let path = dir.join(format!("{}.sh", first + i));
        // The decoded text, not the raw bytes: ShellCheck needs UTF-8, and bytes that are not
        // stand in as single characters, so its columns still count what the file holds.
        std::fs::write(&path, &input.fragment.text)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        files.push(path.to_string_lossy().into_owned());
    }
    let shell = format!("--shell={}", shellcheck.dialect.name());
    let mut args = vec!["--format=json1", shell.as_str()];
    args.extend(files.iter().map(String::as_str));
    let output = runner::run(&shellcheck.program, &args, &[])?;
    let report: Report = serde_json::from_str(&output.stdout).map_err(|_| {
        let said = output.stderr.lines().next().unwrap_or("no output");
        format!("{}: {said}", shellcheck.program.display())
    })?;
    let mut found: Vec<Vec<Diagnostic>> = vec![Vec::new(); batch.len()];
    for comment in report.comments {
        let Some(i) = files.iter().position(|f| *f == comment.file) else {
            continue;
        };
        if !is_wanted(&comment, batch[i].variables) {
            continue;
        }
        found[i].push(diagnostic(batch[i].fragment, &comment));
    }
    Ok(found)
}

/// Whether a finding is kept: not SC1017, and no SC2154 about a variable the job provides.
fn is_wanted(comment: &Comment, variables: &[String]) -> bool {
    match comment.code {
        1017 => false,
        2154 => {
            let name = comment.message.split(' ').next().unwrap_or_default();
            !variables.iter().any(|v| v == name)
        }
        _ => true,
    }
}

fn diagnostic(fragment: &Fragment, comment: &Comment) -> Diagnostic {
    let rule = match comment.level.as_str() {
        "error" => &registry::SHELLCHECK_ERROR,
        "warning" => &registry::SHELLCHECK_WARNING,
        _ => &registry::SHELLCHECK_INFO,
    };
    let start = fragment.offset_at(comment.line, comment.column);
    let end = fragment.offset_at(comment.end_line, comment.end_column);
    let code = format!("SC{}", comment.code);
    let mut d = Diagnostic::new(
        rule,
        fragment.file_range(start, end.max(start)),
        format!("{code}: {}", comment.message),
    )
    .with_label(format!("ShellCheck {code}"))
    .with_help(format!("https://www.shellcheck.net/wiki/{code}"));
    d.external_code = Some(code);
    if let Some(fix) = comment
        .fix
        .as_ref()
        .and_then(|fix| mapped_fix(fragment, fix))
    {
        d = d.with_fix(fix);
    }
    d
}

/// ShellCheck's fix as edits of the job file, when every replaced range was copied verbatim
/// from it (a fix that touches a folded line break cannot be applied to the file).
fn mapped_fix(fragment: &Fragment, fix: &ShellCheckFix) -> Option<Fix> {
    let mut edits = Vec::with_capacity(fix.replacements.len());
    for replacement in &fix.replacements {
        let start = fragment.offset_at(replacement.line, replacement.column);
        let end = fragment.offset_at(replacement.end_line, replacement.end_column);
        let range = fragment.map.exact_range(start, end.max(start))?;
        edits.push(Edit {
            range,
            replacement: replacement.replacement.clone(),
        });
    }
    edits.sort_by_key(|edit| edit.range.start());
    Some(Fix {
        title: "apply ShellCheck's suggestion".into(),
        edits,
        safe: false,
    })
}
