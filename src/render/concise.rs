//! `file:line:col: CODE [name] message`, one finding per line.

use std::fmt::Write as _;

use crate::workspace::CheckRun;

pub fn render(run: &CheckRun) -> String {
    let mut out = String::new();
    for found in super::located(run) {
        let d = found.diagnostic;
        let (line, column) = found.start;
        let _ = writeln!(
            out,
            "{}:{line}:{column}: {} [{}] {}",
            found.path, d.rule.code, d.rule.name, d.message
        );
    }
    out
}
