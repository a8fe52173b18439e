//! From and to the protocol: positions in the negotiated encoding, and file URIs.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{Position, PositionEncodingKind, Range, Uri};
use rowan::{TextRange, TextSize};

use crate::source::LineIndex;

/// How the client counts columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units: the protocol's default.
    Utf16,
}

impl Encoding {
    /// The encoding to use, given the client's preferences (UTF-8 when offered: no conversion).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    /// The protocol name of the encoding.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn width(self, ch: char) -> usize {
        match self {
            Encoding::Utf8 => ch.len_utf8(),
            Encoding::Utf16 => ch.len_utf16(),
        }
    }
}

/// A text with its line index, converting byte offsets to positions and back.
#[derive(Debug, Clone, Copy)]
pub struct Lines<'a> {
    /// The text.
    pub text: &'a str,
    /// Its line starts.
    pub index: &'a LineIndex,
    /// How columns are counted.
    pub encoding: Encoding,
}

impl Lines<'_> {
    /// The position of byte `offset` (clamped to the text).
    pub fn position(&self, offset: TextSize) -> Position {
        let offset = usize::from(offset).min(self.text.len());
        let line = self.index.line(offset);
        let start = self.index.line_start(line).unwrap_or_default();
        let column: usize = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().map(|c| self.encoding.width(c)).sum());
        Position::new(to_u32(line - 1), to_u32(column))
    }

    /// The byte offset of `position`. A line past the end is the end of the text, a column past
    /// the end of its line is the end of the line, and a column inside a character is its start.
    pub fn offset(&self, position: Position) -> TextSize {
        let line = position.line as usize + 1;
        let Some(start) = self.index.line_start(line) else {
            return to_size(self.text.len());
        };
        let end = self
            .index
            .line_start(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        let mut column = position.character as usize;
        let mut offset = start;
        for ch in self.text[start..end].chars() {
            let width = self.encoding.width(ch);
            if column < width {
                break;
            }
            column -= width;
            offset += ch.len_utf8();
        }
        to_size(offset)
    }

    /// The protocol range of `range`.
    pub fn range(&self, range: TextRange) -> Range {
        Range::new(self.position(range.start()), self.position(range.end()))
    }

    /// The byte range of `range`; ends before starts are swapped.
    pub fn text_range(&self, range: Range) -> TextRange {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        TextRange::new(a.min(b), a.max(b))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn to_size(n: usize) -> TextSize {
    TextSize::try_from(n).unwrap_or(TextSize::from(u32::MAX))
}

/// The path a URI stands for: the decoded path of a `file:` URI, else the URI text itself, so
/// that unsaved (`untitled:`) documents are keyed too.
pub fn uri_to_path(uri: &Uri) -> PathBuf {
    let is_file = uri
        .scheme()
        .is_some_and(|s| s.as_str().eq_ignore_ascii_case("file"));
    if !is_file {
        return PathBuf::from(uri.as_str());
    }
    let raw = uri.path().as_str().as_bytes();
    let mut bytes = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let hex = raw
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (raw[i], hex) {
            (b'%', Some(byte)) => {
                bytes.push(byte);
                i += 3;
            }
            (byte, _) => {
                bytes.push(byte);
                i += 1;
            }
        }
    }
    use std::os::unix::ffi::OsStringExt as _;
    PathBuf::from(std::ffi::OsString::from_vec(bytes))
}

/// The `file:` URI of `path`, percent-encoding everything but unreserved characters and `/`.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    use std::os::unix::ffi::OsStrExt as _;
    let mut out = String::from("file://");
    for &byte in path.as_os_str().as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    Uri::from_str(&out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_in_the_negotiated_encoding() {
        let text = "a\u{1F600}b\nécho\n";
        let index = LineIndex::new(text);
        let utf16 = Lines {
            text,
            index: &index,
            encoding: Encoding::Utf16,
        };
        let utf8 = Lines {
            encoding: Encoding::Utf8,
            ..utf16
        };
        // `b` follows a 4-byte, 2-unit character.
        assert_eq!(utf16.position(TextSize::from(5)), Position::new(0, 3));
        assert_eq!(utf8.position(TextSize::from(5)), Position::new(0, 5));
        assert_eq!(utf16.offset(Position::new(0, 3)), TextSize::from(5));
        // Inside the surrogate pair: the character's start.
        assert_eq!(utf16.offset(Position::new(0, 2)), TextSize::from(1));
        // Past the line's end, past the last line.
        assert_eq!(utf16.offset(Position::new(1, 99)), TextSize::from(12));
        assert_eq!(utf16.offset(Position::new(99, 0)), TextSize::from(13));
    }

    #[test]
    fn file_uris_round_trip() {
        let path = Path::new("/etc/init/my job%.conf");
        let uri = path_to_uri(path).expect("a valid URI");
        assert_eq!(uri.as_str(), "file:///etc/init/my%20job%25.conf");
        assert_eq!(uri_to_path(&uri), path);
    }
}
