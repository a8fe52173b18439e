//! The logos lexer: splits a stretch of job-file text into lossless tokens.
//!
//! The lexer is context-free. Which tokens make up one Upstart argument depends on the stanza
//! (spec §1.5: an `exec` line ends only at `#` or LF, an event expression also at `(` and `)`), so
//! the parser decides the extent of each argument with libnih's own algorithm ([`super::scan`])
//! and asks the lexer only to split that extent into tokens for the tree. Every token boundary
//! Upstart can produce is a boundary here too.

use logos::Logos;

use super::kind::SyntaxKind;

#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq)]
enum RawToken {
    #[regex(r"[ \t\r]+")]
    Whitespace,
    #[regex(r"\x00+")]
    Nul,
    #[token("\n")]
    Newline,
    #[regex(r"#[^\n]*", allow_greedy = true)]
    Comment,
    #[token("\\\n")]
    LineContinuation,
    #[regex(r"\\[^\n]")]
    Escape,
    #[token("\\")]
    Backslash,
    // A quote runs to its closing twin; a backslash escapes anything, LF included (spec §1.4).
    // Unterminated quotes run to the end of the text.
    #[regex(r#""([^"\\]|\\[^\x00]|\\\x00)*"?"#)]
    #[regex(r#"'([^'\\]|\\[^\x00]|\\\x00)*'?"#)]
    Quoted,
    #[regex(r#"[^ \t\r\x00\n#"'\\()]+"#)]
    Word,
    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
}

impl From<RawToken> for SyntaxKind {
    fn from(token: RawToken) -> Self {
        match token {
            RawToken::Whitespace => SyntaxKind::WHITESPACE,
            RawToken::Nul => SyntaxKind::NUL,
            RawToken::Newline => SyntaxKind::NEWLINE,
            RawToken::Comment => SyntaxKind::COMMENT,
            RawToken::LineContinuation => SyntaxKind::LINE_CONTINUATION,
            RawToken::Escape => SyntaxKind::ESCAPE,
            RawToken::Backslash => SyntaxKind::BACKSLASH,
            RawToken::Quoted => SyntaxKind::QUOTED,
            RawToken::Word => SyntaxKind::WORD,
            RawToken::LParen => SyntaxKind::L_PAREN,
            RawToken::RParen => SyntaxKind::R_PAREN,
        }
    }
}

/// Splits `text` into `(kind, length)` tokens whose lengths add up to `text.len()`.
pub fn tokenize(text: &str) -> impl Iterator<Item = (SyntaxKind, usize)> + '_ {
    let mut lexer = RawToken::lexer(text);
    std::iter::from_fn(move || {
        let token = lexer.next()?;
        let kind = token.map_or(SyntaxKind::WORD, SyntaxKind::from);
        Some((kind, lexer.span().len()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(SyntaxKind, &str)> {
        let mut at = 0;
        tokenize(text)
            .map(|(kind, len)| {
                let piece = &text[at..at + len];
                at += len;
                (kind, piece)
            })
            .collect()
    }

    #[test]
    fn quotes_escapes_and_comments() {
        use SyntaxKind::*;
        assert_eq!(
            kinds("env A=\"x \\\" y\"#c\n"),
            vec![
                (WORD, "env"),
                (WHITESPACE, " "),
                (WORD, "A="),
                (QUOTED, "\"x \\\" y\""),
                (COMMENT, "#c"),
                (NEWLINE, "\n"),
            ]
        );
        assert_eq!(
            kinds("a\\\nb\\"),
            vec![
                (WORD, "a"),
                (LINE_CONTINUATION, "\\\n"),
                (WORD, "b"),
                (BACKSLASH, "\\")
            ]
        );
    }

    #[test]
    fn lengths_cover_every_byte() {
        let text = "x'unterminated\n\0(é)\\é";
        let total: usize = tokenize(text).map(|(_, len)| len).sum();
        assert_eq!(total, text.len());
    }
}
