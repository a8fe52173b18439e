//! `file:line:col: CODE [name] message`, one finding per line.

use std::fmt::Write as _;

use crate::source::LineIndex;
use crate::workspace::CheckRun;

pub fn render(run: &CheckRun) -> String {
    let mut out = String::new();
    for file in &run.files {
        let text = &file.analysis.source.text;
        let index = LineIndex::new(text);
        for d in &file.analysis.diagnostics {
            let (line, column) = index.line_col(text, usize::from(d.range.start()));
            let _ = writeln!(
                out,
                "{}:{line}:{column}: {} [{}] {}",
                file.path.display(),
                d.rule.code,
                d.rule.name,
                d.message
            );
        }
    }
    out
}
