//! Bytes Upstart reads without complaint but that almost never mean what the author wanted.

use rowan::{TextRange, TextSize};

use crate::check::diagnostic::Diagnostic;
use crate::check::registry;
use crate::source::SourceText;

/// Flags bytes that are not UTF-8 (shown lossily) and NUL bytes (which Upstart treats as blanks
/// and line ends, spec §1.3).
pub fn check(source: &SourceText) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = source
        .invalid_utf8
        .iter()
        .map(|range| {
            Diagnostic::new(
                &registry::INVALID_UTF8,
                to_range(range.start, range.end),
                "bytes that are not valid UTF-8",
            )
            .with_label("shown as private-use characters; the file is not changed")
            .with_help("save the file as UTF-8; Upstart passes these bytes through unchanged")
        })
        .collect();
    let bytes = source.text.as_bytes();
    let mut at = 0;
    while let Some(offset) = memchr::memchr(0, &bytes[at..]) {
        let start = at + offset;
        let end = start + bytes[start..].iter().take_while(|&&b| b == 0).count();
        found.push(
            Diagnostic::new(
                &registry::NUL_BYTE,
                to_range(start, end),
                "NUL byte in a job file",
            )
            .with_label("Upstart reads this as a blank that also ends the token, or the line")
            .with_help("remove it: text after a NUL may be silently ignored"),
        );
        at = end;
    }
    found
}

fn to_range(start: usize, end: usize) -> TextRange {
    let size = |n: usize| TextSize::try_from(n).unwrap_or_default();
    TextRange::new(size(start), size(end))
}
