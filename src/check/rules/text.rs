//! Text Upstart reads differently from how it looks (spec §1.2–§1.6, §6.4).

use rowan::{TextRange, TextSize};

use super::context::JobFile;
use crate::check::Diagnostic;
use crate::check::registry;
use crate::syntax::{StanzaKind, SyntaxKind, SyntaxNode};

fn range(start: usize, end: usize) -> TextRange {
    let size = |n: usize| TextSize::try_from(n).unwrap_or_default();
    TextRange::new(size(start), size(end))
}

/// A comment that starts inside a word: `env URL=http://h/#x` stores `URL=http://h/`.
pub fn mid_word_comment(file: &JobFile) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for stanza in file.all() {
        for token in stanza
            .syntax()
            .descendants_with_tokens()
            .filter_map(|e| e.into_token())
        {
            if token.kind() != SyntaxKind::COMMENT {
                continue;
            }
            let start = usize::from(token.text_range().start());
            // Only a value cut short matters: an argument or command right before the `#`,
            // not ending in a quote (`"x"#note` loses nothing).
            let before = file.text[..start].chars().next_back();
            let cuts_value = before.is_some_and(|c| !c.is_whitespace() && c != '"' && c != '\'')
                && token.prev_sibling_or_token().is_some_and(|previous| {
                    matches!(previous.kind(), SyntaxKind::ARG | SyntaxKind::COMMAND)
                });
            if cuts_value {
                let word_start = file.text[..start]
                    .rfind(|c: char| c.is_whitespace())
                    .map_or(0, |i| i + 1);
                found.push(
                    Diagnostic::new(
                        &registry::MID_WORD_COMMENT,
                        token.text_range(),
                        "`#` starts a comment even in the middle of a word",
                    )
                    .with_label("Upstart ignores everything from here to the end of the line")
                    .with_secondary(range(word_start, start), "the value ends here")
                    .with_help("quote the value to keep the `#`: e.g. `env URL=\"http://h/#x\"`"),
                );
            }
        }
    }
    found
}

/// `\"` inside quotes: the backslash is kept, and a space before it becomes a backslash.
pub fn escaped_quote_in_quotes(file: &JobFile) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for stanza in file.all() {
        let quoted = stanza
            .syntax()
            .descendants_with_tokens()
            .filter_map(|e| e.into_token())
            .filter(|t| t.kind() == SyntaxKind::QUOTED);
        for token in quoted {
            let text = token.text();
            let Some(at) = text.find("\\\"").or_else(|| text.find("\\'")) else {
                continue;
            };
            let start = usize::from(token.text_range().start()) + at;
            found.push(
                Diagnostic::new(
                    &registry::ESCAPED_QUOTE_IN_QUOTES,
                    range(start, start + 2),
                    "a backslash does not escape a quote here",
                )
                .with_label(
                    "the backslash stays in the value (and a space before it becomes a backslash)",
                )
                .with_help("use the other quote character around text with quotes: `'say \"hi\"'`"),
            );
        }
    }
    found
}

/// A quote in free text that runs on to a later line, swallowing what is between.
pub fn quote_spans_lines(file: &JobFile) -> Vec<Diagnostic> {
    let single_arg = [
        StanzaKind::Description,
        StanzaKind::Author,
        StanzaKind::Version,
        StanzaKind::Usage,
        StanzaKind::Env,
        StanzaKind::Instance,
    ];
    let mut found = Vec::new();
    for kind in single_arg {
        for stanza in file.stanzas(kind) {
            for arg in stanza.args() {
                let text = &file.text[arg.range()];
                // A value quoted over several lines on purpose is fine; the surprise is an
                // apostrophe inside a word (`don't`) opening a quote that a later line closes.
                let Some(apostrophe) = mid_word_apostrophe(text) else {
                    continue;
                };
                let lines = text[apostrophe..].matches('\n').count();
                if lines == 0 {
                    continue;
                }
                found.push(
                    Diagnostic::new(
                        &registry::QUOTE_SPANS_LINES,
                        arg.range(),
                        format!("a quote here runs on over {lines} more line(s)"),
                    )
                    .with_label("everything up to the closing quote is part of this value")
                    .with_help("an apostrophe opens a quote anywhere: write `\"don't\"`, or close the quote on this line"),
                );
            }
        }
    }
    found
}

/// The offset of the first `'` between two letters (`don't`), if there is one.
fn mid_word_apostrophe(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (1..bytes.len().saturating_sub(1)).find(|&i| {
        bytes[i] == b'\''
            && bytes[i - 1].is_ascii_alphabetic()
            && bytes[i + 1].is_ascii_alphabetic()
    })
}

/// CR at the end of script lines: the shell sees `command\r`.
pub fn crlf_in_script(file: &JobFile) -> Vec<Diagnostic> {
    file.all()
        .filter_map(|stanza| stanza.script_block())
        .filter(|block| block.body().contains("\r\n"))
        .map(|block| {
            let start = usize::from(block.range().start());
            let first = file.text[start..].find("\r\n").map_or(start, |i| start + i);
            Diagnostic::new(
                &registry::CRLF_IN_SCRIPT,
                range(first, first + 1),
                "this script has Windows (CRLF) line endings",
            )
            .with_label("the shell sees a stray carriage return at the end of every command")
            .with_help("convert the file to LF line endings")
        })
        .collect()
}

/// Text after `manual` or `debug` on the same line is read as a new stanza.
pub fn text_after_flag(file: &JobFile) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let stanzas: Vec<_> = file.all().collect();
    for pair in stanzas.windows(2) {
        let (flag, next) = (pair[0], pair[1]);
        if !matches!(flag.kind(), Some(StanzaKind::Manual | StanzaKind::Debug)) {
            continue;
        }
        let between =
            &file.text[usize::from(flag.range().end())..usize::from(next.range().start())];
        if between.contains('\n') || !same_line(file, flag.syntax(), next.syntax()) {
            continue;
        }
        found.push(
            Diagnostic::new(
                &registry::TEXT_AFTER_FLAG,
                JobFile::keyword_range(next),
                "this is a separate stanza, not an argument",
            )
            .with_label(format!(
                "`{}` takes no arguments: the rest of the line is read as a new stanza",
                flag.kind().map_or("", |k| k.name())
            ))
            .with_help("put each stanza on its own line"),
        );
    }
    found
}

fn same_line(file: &JobFile, a: &SyntaxNode, b: &SyntaxNode) -> bool {
    let (start, end) = (
        usize::from(a.text_range().start()),
        usize::from(b.text_range().start()),
    );
    !file.text[start..end].contains('\n')
}
