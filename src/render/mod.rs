//! Output formats. Each renderer turns a check run into text; none knows about analysis.

mod checkstyle;
mod concise;
pub mod diff;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
pub mod rules;
mod sarif;
mod statistics;

use clap::ValueEnum;

pub use statistics::render as statistics;

use crate::check::{Diagnostic, Severity};
use crate::source::LineIndex;
use crate::workspace::{CheckRun, CheckedFile};

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Source snippets with labels and hints (ariadne).
    Full,
    /// One line per finding: `file:line:col: CODE [name] message`.
    Concise,
    /// A JSON array, one object per finding.
    Json,
    /// One JSON object per line, one line per finding.
    JsonLines,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// GitLab code quality report (JSON, with fingerprints).
    Gitlab,
    /// JUnit XML: one test suite per file, one failed test case per finding.
    Junit,
    /// Checkstyle XML.
    Checkstyle,
}

/// Renders `run` in `format`; `color` applies to `Full` only.
pub fn render(run: &CheckRun, format: Format, color: bool) -> String {
    match format {
        Format::Full => human::render(run, color),
        Format::Concise => concise::render(run),
        Format::Json => json::render(run),
        Format::JsonLines => json::render_lines(run),
        Format::Sarif => sarif::render(run),
        Format::Github => github::render(run),
        Format::Gitlab => gitlab::render(run),
        Format::Junit => junit::render(run),
        Format::Checkstyle => checkstyle::render(run),
    }
}

/// A finding with its file and its 1-based start and end positions (columns in characters).
struct Located<'a> {
    file: &'a CheckedFile,
    /// The file's path as the user gave it, `/`-separated.
    path: String,
    diagnostic: &'a Diagnostic,
    start: (usize, usize),
    end: (usize, usize),
}

/// Every finding of `run`, file by file, in order.
fn located(run: &CheckRun) -> Vec<Located<'_>> {
    by_file(run)
        .into_iter()
        .flat_map(|(_, found)| found)
        .collect()
}

/// Every file of `run` with its findings, in order.
fn by_file(run: &CheckRun) -> Vec<(&CheckedFile, Vec<Located<'_>>)> {
    run.files
        .iter()
        .map(|file| {
            let text = &file.analysis.source.text;
            let index = LineIndex::new(text);
            let path = display_path(file);
            let found = file
                .analysis
                .diagnostics
                .iter()
                .map(|diagnostic| Located {
                    file,
                    path: path.clone(),
                    diagnostic,
                    start: index.line_col(text, usize::from(diagnostic.range.start())),
                    end: index.line_col(text, usize::from(diagnostic.range.end())),
                })
                .collect();
            (file, found)
        })
        .collect()
}

/// A file's path as printed.
fn display_path(file: &CheckedFile) -> String {
    file.path.display().to_string()
}

/// The lower-case name of a severity, as most formats spell it.
fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// Text escaped for an XML attribute or element.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            // Characters XML 1.0 cannot hold at all (NUL and most controls) are dropped.
            c if (c as u32) < 0x20 && c != '\t' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}
