//! Checkstyle XML: one `<file>` per file checked, one `<error>` per finding.

use std::fmt::Write as _;

use super::{severity_name, xml_escape};
use crate::workspace::CheckRun;

pub fn render(run: &CheckRun) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    for (file, findings) in super::by_file(run) {
        let _ = writeln!(
            out,
            "  <file name=\"{}\">",
            xml_escape(&super::display_path(file))
        );
        for found in findings {
            let d = found.diagnostic;
            let _ = writeln!(
                out,
                "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" \
                 source=\"upstart-lint.{}.{}\"/>",
                found.start.0,
                found.start.1,
                severity_name(d.severity()),
                xml_escape(&d.message),
                d.rule.code,
                d.rule.name,
            );
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</checkstyle>\n");
    out
}
