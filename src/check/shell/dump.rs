//! A readable dump of a file's shell fragments and where each of their lines comes from, for
//! `debug shell` and the extraction fixtures.

use std::fmt::Write as _;

use super::extract::{Fragment, FragmentKind};
use super::initctl::InitctlCall;
use crate::source::LineIndex;

/// Every fragment line with the file line:column of its first byte, the runs of each `exec`
/// line, then the `initctl` calls.
pub fn dump(text: &str, fragments: &[Fragment], calls: &[InitctlCall]) -> String {
    let index = LineIndex::new(text);
    let at = |offset: usize| {
        let (line, column) = index.line_col(text, offset);
        format!("{line}:{column}")
    };
    let mut out = String::new();
    for fragment in fragments {
        let _ = writeln!(
            out,
            "== {} ({})",
            fragment.describe(),
            fragment.process.name()
        );
        let mut start = 0;
        for line in fragment.text.split_inclusive('\n') {
            let _ = writeln!(out, "{:>7}  {line:?}", at(fragment.map.file_offset(start)));
            start += line.len();
        }
        if fragment.kind == FragmentKind::Exec {
            let runs: Vec<String> = fragment
                .map
                .runs()
                .map(|(from, file, len)| format!("{from}..{} <- {}", from + len, at(file)))
                .collect();
            let _ = writeln!(out, "   runs  {}", runs.join(", "));
        }
    }
    if !calls.is_empty() {
        out.push_str("== initctl calls\n");
    }
    for call in calls {
        let _ = writeln!(
            out,
            "{:>7}  {} {:?} {:?} target={:?} args={:?}{}",
            at(usize::from(call.range.start())),
            call.process.name(),
            call.action,
            &text[call.range],
            call.target,
            call.args,
            if call.no_wait { " no-wait" } else { "" }
        );
    }
    out
}
