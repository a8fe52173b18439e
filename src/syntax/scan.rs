//! libnih's tokenizer, byte for byte (spec §1.4 and Appendix C.1, C.2).
//!
//! These functions decide where Upstart's tokens end and what they mean. They work on bytes and
//! reproduce libnih 1.0.3's `nih_config_token`, including its quirks: a NUL byte is whitespace
//! *and* a delimiter (libnih tests bytes with `strchr`, which also matches the terminator), and
//! a space before `\X` is replaced by a copy of the backslash (spec §1.4, "libnih bug").

use std::borrow::Cow;

/// Which bytes end a token outside quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiters {
    /// Whitespace, `#` and LF: ordinary arguments and raw words.
    Arg,
    /// `#` and LF only: `exec` command lines.
    Command,
    /// Whitespace, `#`, LF, `(` and `)`: event expressions.
    Event,
}

/// libnih's `WS` set as `strchr` sees it: space, TAB, CR — and NUL.
pub fn is_ws(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | 0)
}

/// A byte with no special meaning to the tokenizer in any mode.
fn is_plain(byte: u8) -> bool {
    !matches!(
        byte,
        b' ' | b'\t' | b'\r' | 0 | b'#' | b'\n' | b'\\' | b'"' | b'\'' | b'(' | b')'
    )
}

/// libnih's `CNL` set as `strchr` sees it: `#`, LF — and NUL.
fn is_cnl(byte: u8) -> bool {
    matches!(byte, b'#' | b'\n' | 0)
}

impl Delimiters {
    fn contains(self, byte: u8) -> bool {
        match self {
            Delimiters::Command => is_cnl(byte),
            Delimiters::Arg => is_cnl(byte) || is_ws(byte),
            Delimiters::Event => is_cnl(byte) || is_ws(byte) || matches!(byte, b'(' | b')'),
        }
    }
}

/// Why a token could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    /// The file ends in a backslash.
    TrailingSlash,
    /// A quote is still open at the end of the file.
    UnterminatedQuote,
}

/// The result of scanning one token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Offset just past the token (at its delimiter, or the end of the text).
    pub end: usize,
    /// libnih's computed token length; zero means "Expected token" for a required token.
    pub len: usize,
    /// The error that ended the scan, if any.
    pub error: Option<TokenError>,
}

/// Scans one token starting at `start`, as `nih_config_token` does.
pub fn scan_token(src: &[u8], start: usize, delimiters: Delimiters, dequote: bool) -> Token {
    run_token(src, start, delimiters, dequote, None, None)
}

/// The value of the token `text` (its exact extent), as libnih copies it out.
///
/// The result is what Upstart stores. A NUL byte copied into it would end the C string, so the
/// value is cut there.
pub fn token_value(text: &[u8], delimiters: Delimiters, dequote: bool) -> Vec<u8> {
    token_value_cow(text, delimiters, dequote).into_owned()
}

/// [`token_value`] without a copy when the token is a plain word, its own value.
pub fn token_value_cow(text: &[u8], delimiters: Delimiters, dequote: bool) -> Cow<'_, [u8]> {
    // Without quotes, backslashes, blanks or NULs nothing is removed or rewritten.
    let plain = |b: &u8| !matches!(b, b'\\' | b'"' | b'\'' | b' ' | b'\t' | b'\r' | b'\n' | 0);
    if text.iter().all(plain) {
        return Cow::Borrowed(text);
    }
    let mut out = Vec::with_capacity(text.len());
    run_token(text, 0, delimiters, dequote, Some(&mut out), None);
    if let Some(nul) = out.iter().position(|&b| b == 0) {
        out.truncate(nul);
    }
    Cow::Owned(out)
}

/// [`token_value`] plus, for every byte of the value, the offset in `text` it was copied from
/// (a space that stands for a folded line break points at the byte after the break).
pub fn token_value_with_origins(
    text: &[u8],
    delimiters: Delimiters,
    dequote: bool,
) -> (Vec<u8>, Vec<usize>) {
    let mut out = Vec::with_capacity(text.len());
    let mut origins = Vec::with_capacity(text.len());
    run_token(
        text,
        0,
        delimiters,
        dequote,
        Some(&mut out),
        Some(&mut origins),
    );
    if let Some(nul) = out.iter().position(|&b| b == 0) {
        out.truncate(nul);
        origins.truncate(nul);
    }
    (out, origins)
}

fn run_token(
    src: &[u8],
    start: usize,
    delimiters: Delimiters,
    dequote: bool,
    mut dest: Option<&mut Vec<u8>>,
    mut origins: Option<&mut Vec<usize>>,
) -> Token {
    let (mut ws, mut nlws, mut quote_chars) = (0usize, 0usize, 0usize);
    let mut slash = false;
    let mut quote: Option<u8> = None;
    let mut newline = false;
    let mut p = start;
    while p < src.len() {
        let c = src[p];
        // Fast path: with no escape, blank or line break pending, a run of bytes that the
        // byte-by-byte rules below would copy as they are is copied at once.
        if !slash && ws == 0 && !newline {
            let run = match quote {
                None => src[p..].iter().take_while(|&&b| is_plain(b)).count(),
                Some(open) => quoted_run(&src[p..], open),
            };
            if run > 0 {
                if let Some(out) = dest.as_deref_mut() {
                    out.extend_from_slice(&src[p..p + run]);
                }
                if let Some(origins) = origins.as_deref_mut() {
                    origins.extend(p..p + run);
                }
                p += run;
                continue;
            }
        }
        let mut extra = 0;
        let mut is_quote = false;
        if slash {
            slash = false;
            if c == b'\n' {
                nlws += 1;
                newline = true;
                p += 1;
                continue;
            } else if c == b'\\' || is_ws(c) {
                extra = 1;
                if dequote {
                    quote_chars += 1;
                }
            } else if let Some(out) = dest.as_deref_mut() {
                out.push(b'\\');
                if let Some(origins) = origins.as_deref_mut() {
                    origins.push(p - 1);
                }
            }
        } else if c == b'\\' {
            slash = true;
            p += 1;
            continue;
        } else if let Some(open) = quote {
            if c == open {
                quote = None;
                is_quote = true;
            } else if c == b'\n' {
                newline = true;
                p += 1;
                continue;
            } else if is_ws(c) {
                ws += 1;
                p += 1;
                continue;
            }
        } else if c == b'"' || c == b'\'' {
            quote = Some(c);
            is_quote = true;
        } else if delimiters.contains(c) {
            break;
        } else if is_ws(c) {
            ws += 1;
            p += 1;
            continue;
        }

        if let Some(out) = dest.as_deref_mut() {
            let before = out.len();
            if newline {
                out.push(b' ');
            } else if ws > 0 {
                // libnih copies the `ws` bytes that end `extra` bytes before this one. After an
                // escaped ordinary character (`extra == 0`) those bytes end at the backslash.
                out.extend_from_slice(&src[p - ws - extra..p - extra]);
            }
            if let Some(origins) = origins.as_deref_mut() {
                match newline {
                    true => origins.push(p),
                    false => origins.extend(p - (out.len() - before) - extra..p - extra),
                }
            }
            if extra > 0 && !dequote {
                out.extend_from_slice(&src[p - extra..p]);
                if let Some(origins) = origins.as_deref_mut() {
                    origins.extend(p - extra..p);
                }
            }
            if !(is_quote && dequote) {
                out.push(c);
                if let Some(origins) = origins.as_deref_mut() {
                    origins.push(p);
                }
            }
        }
        if newline {
            nlws += ws;
        }
        if is_quote && dequote {
            quote_chars += 1;
        }
        ws = 0;
        newline = false;
        p += 1;
    }
    let error = if slash {
        Some(TokenError::TrailingSlash)
    } else if quote.is_some() {
        Some(TokenError::UnterminatedQuote)
    } else {
        None
    };
    let len = (p - start).saturating_sub(ws + nlws + quote_chars);
    Token { end: p, len, error }
}

/// The length of the run at the start of `rest`, inside a quote opened by `open`, that is
/// copied as it is: no closing quote, backslash or line break, and no blanks at its end (blanks
/// are copied only when an ordinary byte follows them: before a line break they are dropped).
fn quoted_run(rest: &[u8], open: u8) -> usize {
    let run = rest
        .iter()
        .position(|&b| b == open || b == b'\\' || b == b'\n')
        .unwrap_or(rest.len());
    rest[..run]
        .iter()
        .rposition(|&b| !is_ws(b))
        .map_or(0, |last| last + 1)
}

/// Skips whitespace and backslash-newline pairs (`nih_config_skip_whitespace`).
pub fn skip_whitespace(src: &[u8], mut pos: usize) -> usize {
    while pos < src.len() {
        if src[pos] == b'\\' {
            if src.get(pos + 1) == Some(&b'\n') {
                pos += 1;
            } else {
                break;
            }
        } else if !is_ws(src[pos]) {
            break;
        }
        pos += 1;
    }
    pos
}

/// Skips whitespace only, as the top-level loop does before each stanza.
pub fn skip_plain_whitespace(src: &[u8], mut pos: usize) -> usize {
    while pos < src.len() && is_ws(src[pos]) {
        pos += 1;
    }
    pos
}

/// `nih_config_has_token`: something other than the end of the line or a comment follows.
pub fn has_token(src: &[u8], pos: usize) -> bool {
    pos < src.len() && !is_cnl(src[pos])
}

/// Offset just past the next LF at or after `pos`, or the end of the text.
pub fn next_line(src: &[u8], pos: usize) -> usize {
    match memchr::memchr(b'\n', &src[pos.min(src.len())..]) {
        Some(i) => pos + i + 1,
        None => src.len(),
    }
}

/// If the line at `pos` is a block terminator (`end script`, spec §1.6), the offset just past it.
pub fn block_end(src: &[u8], pos: usize) -> Option<usize> {
    let skip_ws = |mut p: usize| {
        while p < src.len() && is_ws(src[p]) {
            p += 1;
        }
        p
    };
    let mut p = skip_ws(pos);
    if src.len() - p < 4 || &src[p..p + 3] != b"end" || !is_ws(src[p + 3]) {
        return None;
    }
    p = skip_ws(p + 3);
    if !src[p..].starts_with(b"script") {
        return None;
    }
    p = skip_ws(p + "script".len());
    if p < src.len() && src[p] == b'#' {
        while p < src.len() && src[p] != b'\n' {
            p += 1;
        }
    }
    if p < src.len() && src[p] != b'\n' {
        return None;
    }
    Some(if p < src.len() { p + 1 } else { p })
}

/// The text of a block body (its lines, each with its LF) as the shell receives it: the common
/// indentation removed, and each line cut at a NUL byte, LF included, as libnih's `strncat` does.
pub fn block_text(body: &[u8]) -> Vec<u8> {
    let indent = block_indent(block_lines(body));
    if indent == 0 && memchr::memchr(0, body).is_none() {
        return body.to_vec();
    }
    let mut out = Vec::with_capacity(body.len());
    for line in block_lines(body) {
        let line = &line[indent.min(line.len())..];
        let kept = memchr::memchr(0, line).unwrap_or(line.len());
        out.extend_from_slice(&line[..kept]);
    }
    out
}

/// The lines of `text`, each with its LF (the last one may have none).
pub fn block_lines(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text)
        .map(|i| i + 1)
        .chain(std::iter::once(text.len()));
    ends.filter_map(move |end| {
        let line = (end > start).then(|| &text[start..end]);
        start = end;
        line
    })
}

/// The common indentation libnih strips from a block's lines (spec Appendix C.2).
///
/// `lines` are the block's lines, each with its LF. Returns the number of bytes removed from the
/// start of every line.
pub fn block_indent<'a>(lines: impl IntoIterator<Item = &'a [u8]>) -> usize {
    let mut lines = lines.into_iter();
    let Some(first) = lines.next() else { return 0 };
    let mut indent = first.iter().take_while(|&&b| is_ws(b)).count();
    for line in lines {
        let same = line
            .iter()
            .zip(first)
            .take(indent)
            .take_while(|(a, b)| a == b)
            .count();
        indent = indent.min(same);
        if indent == 0 {
            break;
        }
    }
    indent
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arg(text: &str) -> String {
        let token = scan_token(text.as_bytes(), 0, Delimiters::Arg, true);
        let value = token_value(&text.as_bytes()[..token.end], Delimiters::Arg, true);
        String::from_utf8(value).unwrap()
    }

    #[test]
    fn quoting_rules_of_spec_1_4() {
        assert_eq!(arg("'a\"b'"), "a\"b");
        assert_eq!(arg("'it''s'"), "its");
        assert_eq!(arg("a\"b c\"d"), "ab cd");
        assert_eq!(arg("\"a   b\""), "a   b");
        assert_eq!(arg("\"multi\n   line\""), "multi line");
        // Blanks inside quotes are kept before text or the closing quote, dropped before LF.
        assert_eq!(arg("\"a #(b) \t\n  c  \""), "a #(b) c  ");
        assert_eq!(arg("'x \" y'"), "x \" y");
        assert_eq!(arg("multi\\\nline"), "multi line");
        assert_eq!(arg("multi\\ word"), "multi word");
        assert_eq!(arg("\\\\"), "\\");
        assert_eq!(arg("a\\\"b"), "a\\\"b");
        assert_eq!(arg("x\\q"), "x\\q");
        assert_eq!(arg("a\\#b"), "a\\#b");
        assert_eq!(arg("a#b"), "a");
    }

    #[test]
    fn libnih_copies_the_backslash_over_the_space() {
        assert_eq!(arg("\"say \\\"hi\\\"\""), "say\\\\\"hi\\\"");
        assert_eq!(arg("\"x \\q\""), "x\\\\q");
    }

    #[test]
    fn empty_and_broken_tokens() {
        assert_eq!(scan_token(b"\"\"", 0, Delimiters::Arg, true).len, 0);
        assert_eq!(
            scan_token(b"'open", 0, Delimiters::Arg, true).error,
            Some(TokenError::UnterminatedQuote)
        );
        assert_eq!(
            scan_token(b"x\\", 0, Delimiters::Arg, true).error,
            Some(TokenError::TrailingSlash)
        );
    }

    #[test]
    fn command_lines_keep_quotes_and_fold_continuations() {
        let text = b"foo \\\n    --bar \"a b\"  # c";
        let token = scan_token(text, 0, Delimiters::Command, false);
        let value = token_value(&text[..token.end], Delimiters::Command, false);
        assert_eq!(value, b"foo --bar \"a b\"");
    }

    #[test]
    fn every_value_byte_knows_where_it_came_from() {
        let text = b"foo \\\n    --bar \"a\n b\" x\\q  ";
        let (value, origins) = token_value_with_origins(text, Delimiters::Command, false);
        assert_eq!(value, b"foo --bar \"a b\" x\\q");
        assert_eq!(value.len(), origins.len());
        // Folded breaks become a space that points at the next byte kept; every other byte
        // points at itself.
        let from: Vec<u8> = origins.iter().map(|&i| text[i]).collect();
        assert_eq!(from, b"foo---bar \"abb\" x\\q");
        assert_eq!((origins[3], origins[12]), (10, 20));
    }

    #[test]
    fn block_terminators() {
        assert_eq!(block_end(b"  end \t script # c\nx", 0), Some(19));
        assert_eq!(block_end(b"end script", 0), Some(10));
        assert_eq!(block_end(b"end script foo\n", 0), None);
        assert_eq!(block_end(b"endscript\n", 0), None);
        assert_eq!(block_end(b"END SCRIPT\n", 0), None);
    }

    #[test]
    fn indentation_is_the_common_prefix_of_the_first_line() {
        let lines: [&[u8]; 3] = [b"    a\n", b"  b\n", b"      c\n"];
        assert_eq!(block_indent(lines), 2);
        let lines: [&[u8]; 3] = [b"    a\n", b"\n", b"    b\n"];
        assert_eq!(block_indent(lines), 0);
    }
}
