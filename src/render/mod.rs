//! Output formats. Each renderer turns a check run into text; none knows about analysis.

mod concise;
pub mod diff;
mod human;
mod json;
pub mod rules;

use clap::ValueEnum;

use crate::workspace::CheckRun;

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Source snippets with labels and hints (ariadne).
    Full,
    /// One line per finding: `file:line:col: CODE [name] message`.
    Concise,
    /// A JSON array, one object per finding.
    Json,
}

/// Renders `run` in `format`; `color` applies to `Full` only.
pub fn render(run: &CheckRun, format: Format, color: bool) -> String {
    match format {
        Format::Full => human::render(run, color),
        Format::Concise => concise::render(run),
        Format::Json => json::render(run),
    }
}
