//! JUnit XML: one test suite per file, one failed test case per finding, and one passing test
//! case for a file without findings.

use std::fmt::Write as _;

use super::xml_escape;
use crate::workspace::CheckRun;

pub fn render(run: &CheckRun) -> String {
    let files = super::by_file(run);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let failures: usize = files.iter().map(|(_, found)| found.len()).sum();
    let tests: usize = run
        .files
        .iter()
        .map(|f| f.analysis.diagnostics.len().max(1))
        .sum();
    let _ = writeln!(
        out,
        "<testsuites name=\"upstart-lint\" tests=\"{tests}\" failures=\"{failures}\">"
    );
    for (file, findings) in &files {
        let path = xml_escape(&super::display_path(file));
        let _ = writeln!(
            out,
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{}\">",
            findings.len().max(1),
            findings.len()
        );
        if findings.is_empty() {
            let _ = writeln!(
                out,
                "    <testcase name=\"no findings\" classname=\"{path}\"/>"
            );
        }
        for found in findings {
            let d = found.diagnostic;
            let (line, column) = found.start;
            let _ = writeln!(
                out,
                "    <testcase name=\"{} ({}) at {line}:{column}\" classname=\"{path}\">\n      \
                 <failure message=\"{}\" type=\"{}\">{path}:{line}:{column}: {} [{}] {}</failure>\n    \
                 </testcase>",
                d.rule.code,
                d.rule.name,
                xml_escape(&d.message),
                d.rule.code,
                d.rule.code,
                d.rule.name,
                xml_escape(&d.message),
            );
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
