//! Bytes in, text out — without losing a byte.
//!
//! Upstart reads job files as raw bytes (spec §1.3: "there is no encoding handling"). Our tree is
//! built over a `str`, so bytes that are not valid UTF-8 are mapped, one by one, to characters of
//! Unicode plane 16's private use area. None of them is special to Upstart's tokenizer, so parsing
//! is unchanged, and [`encode`] turns the text back into the exact original bytes.

use std::ops::Range;

/// First code point of the private-use block that stands for raw bytes `0x80..=0xFF`.
const RAW_BYTE_BASE: u32 = 0x10_FE00;

/// A job file's text, plus where it was not valid UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    /// The decoded text; invalid bytes appear as private-use characters.
    pub text: String,
    /// Byte ranges of `text` that stand for invalid UTF-8 in the file.
    pub invalid_utf8: Vec<Range<usize>>,
}

/// Decodes file bytes into text, mapping each invalid byte to its own private-use character.
///
/// A file may itself contain the characters used as stand-ins. Those are mapped byte by byte
/// too, so that every stand-in in the text means exactly one raw byte and [`encode`] is exact.
pub fn decode(bytes: &[u8]) -> SourceText {
    // Stand-ins are encoded with a leading 0xF4 byte: without one, valid text is taken as is.
    if let Ok(text) = std::str::from_utf8(bytes)
        && (memchr::memchr(0xF4, bytes).is_none() || !text.chars().any(is_stand_in))
    {
        return SourceText {
            text: text.to_owned(),
            invalid_utf8: Vec::new(),
        };
    }
    let mut text = String::with_capacity(bytes.len());
    let mut invalid_utf8: Vec<Range<usize>> = Vec::new();
    let mut raw = |text: &mut String, piece: &[u8]| {
        let start = text.len();
        for &byte in piece {
            text.push(raw_byte_char(byte));
        }
        match invalid_utf8.last_mut() {
            Some(last) if last.end == start => last.end = text.len(),
            _ => invalid_utf8.push(start..text.len()),
        }
    };
    for chunk in bytes.utf8_chunks() {
        let mut valid = chunk.valid();
        while let Some(at) = valid.find(is_stand_in) {
            text.push_str(&valid[..at]);
            let width = valid[at..].chars().next().map_or(1, char::len_utf8);
            raw(&mut text, &valid.as_bytes()[at..at + width]);
            valid = &valid[at + width..];
        }
        text.push_str(valid);
        if !chunk.invalid().is_empty() {
            raw(&mut text, chunk.invalid());
        }
    }
    SourceText { text, invalid_utf8 }
}

fn is_stand_in(ch: char) -> bool {
    raw_byte_of(ch).is_some()
}

/// Turns decoded text (or any slice of it) back into the file's original bytes.
pub fn encode(text: &str) -> Vec<u8> {
    // Stand-ins for raw bytes are the only characters encoded with a leading 0xF4 that we
    // produce; text without that byte is its own encoding.
    if memchr::memchr(0xF4, text.as_bytes()).is_none() {
        return text.as_bytes().to_vec();
    }
    let mut out = Vec::with_capacity(text.len());
    for ch in text.chars() {
        match raw_byte_of(ch) {
            Some(byte) => out.push(byte),
            None => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    out
}

/// Like [`encode`] for a byte string produced by scanning decoded text.
pub fn encode_bytes(bytes: Vec<u8>) -> Vec<u8> {
    if memchr::memchr(0xF4, &bytes).is_none() {
        return bytes;
    }
    match std::str::from_utf8(&bytes) {
        Ok(text) => encode(text),
        // Scanning never splits a character, but a stray split must not lose data either.
        Err(_) => bytes,
    }
}

fn raw_byte_char(byte: u8) -> char {
    char::from_u32(RAW_BYTE_BASE + u32::from(byte)).unwrap_or(char::REPLACEMENT_CHARACTER)
}

fn raw_byte_of(ch: char) -> Option<u8> {
    let code = u32::from(ch);
    if (RAW_BYTE_BASE + 0x80..=RAW_BYTE_BASE + 0xFF).contains(&code) {
        u8::try_from(code - RAW_BYTE_BASE).ok()
    } else {
        None
    }
}

/// Maps byte offsets to 1-based lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text` (a line ends after each LF).
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { line_starts }
    }

    /// The 1-based line holding byte `offset`. An offset just past an LF is on the next line.
    pub fn line(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }

    /// The byte offset where 1-based `line` starts, if the text has that many lines.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line.checked_sub(1)?).copied()
    }

    /// The number of lines: one more than the number of LFs.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 1-based line and 1-based column (in characters) of byte `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.line_starts[line - 1];
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let column = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_bytes_round_trip() {
        let bytes = b"description caf\xe9 \xff\xfe ok\n";
        let source = decode(bytes);
        assert_eq!(encode(&source.text), bytes);
        assert_eq!(source.invalid_utf8.len(), 2);
    }

    #[test]
    fn stand_in_characters_in_the_file_round_trip() {
        let bytes = "x \u{10fe9e} y".as_bytes();
        let source = decode(bytes);
        assert_eq!(encode(&source.text), bytes);
        assert_eq!(source.invalid_utf8.len(), 1);
    }

    #[test]
    fn lines_are_one_based_and_count_lf_only() {
        let index = LineIndex::new("a\r\nb\nc");
        assert_eq!(index.line(0), 1);
        assert_eq!(index.line(3), 2);
        assert_eq!(index.line(5), 3);
        assert_eq!(index.line_col("a\r\nb\nc", 5), (3, 1));
    }
}
