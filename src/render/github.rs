//! GitHub Actions workflow commands: `::warning file=…,line=…::message`, shown as annotations.

use std::fmt::Write as _;

use crate::check::Severity;
use crate::workspace::CheckRun;

pub fn render(run: &CheckRun) -> String {
    let mut out = String::new();
    for found in super::located(run) {
        let d = found.diagnostic;
        let level = match d.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(&found.path),
            found.start.0,
            found.start.1,
            found.end.0,
            found.end.1,
            property(&format!("{} ({})", d.rule.code, d.rule.name)),
            data(&format!(
                "{}:{}:{}: {} {}",
                found.path, found.start.0, found.start.1, d.rule.code, d.message
            )),
        );
    }
    out
}

/// A command's message, escaped as the runner expects.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command property value, which also may not hold `:` or `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}
