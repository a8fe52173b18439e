//! The formatter: a canonical layout of stanza lines that never changes what Upstart loads.
//!
//! Only whitespace and blank lines change. Every other token — words, quoted strings, comments,
//! `exec` command lines, script bodies, line continuations — is copied byte for byte. Within a
//! stanza line, blanks between tokens become one space (none inside parentheses), blanks at the
//! start and end of lines go, runs of blank lines shrink to one, and the file ends with one
//! newline. Whitespace that libnih might read differently is left alone: next to a
//! backslash-newline, and on the continuation lines of a parenthesised condition.
//!
//! The result is checked before it is returned: it must load as the same job, with the same
//! comments. A file Upstart rejects is not formatted.

use std::fmt;

use crate::check;
use crate::model::dump::dump_job;
use crate::syntax::{self, SyntaxKind, SyntaxToken};

/// Why a file is left as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// Upstart rejects the file: its meaning is not settled, so it is not reformatted.
    Rejected {
        /// 1-based line of Upstart's error.
        line: usize,
        /// Upstart's message.
        message: String,
    },
    /// The file holds bytes that are not UTF-8: it is never rewritten.
    InvalidUtf8,
    /// The layout would have changed the job (a bug in the formatter, caught by its check).
    WouldChangeMeaning,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::Rejected { line, message } => write!(
                f,
                "Upstart rejects this file (line {line}: {message}): fix it before formatting"
            ),
            FormatError::InvalidUtf8 => f.write_str("the file is not valid UTF-8: not formatted"),
            FormatError::WouldChangeMeaning => f.write_str(
                "formatting would change the job Upstart loads: left as it is (please report this)",
            ),
        }
    }
}

/// Formats the bytes of a job file; returns the new bytes (equal to `bytes` when already
/// formatted).
pub fn format(bytes: &[u8], job_name: &[u8]) -> Result<Vec<u8>, FormatError> {
    let before = check::analyze(bytes, job_name);
    if let Some(error) = before.upstart_error() {
        return Err(FormatError::Rejected {
            line: before.upstart_line(error),
            message: error
                .upstart
                .as_ref()
                .map_or_else(String::new, |u| u.message.to_string()),
        });
    }
    if !before.source.invalid_utf8.is_empty() {
        return Err(FormatError::InvalidUtf8);
    }
    let formatted = layout(&before.source.text);
    let after = check::analyze(formatted.as_bytes(), job_name);
    let same_job = after.upstart_error().is_none()
        && dump_job(&after.job, "") == dump_job(&before.job, "")
        && comments(&after.tree) == comments(&before.tree);
    if !same_job {
        return Err(FormatError::WouldChangeMeaning);
    }
    Ok(formatted.into_bytes())
}

/// Every comment's text, in order.
fn comments(tree: &syntax::SyntaxTree) -> Vec<String> {
    tokens(tree)
        .into_iter()
        .filter(|t| t.kind() == SyntaxKind::COMMENT)
        .map(|t| t.text().to_string())
        .collect()
}

fn tokens(tree: &syntax::SyntaxTree) -> Vec<SyntaxToken> {
    tree.root
        .descendants_with_tokens()
        .filter_map(|element| element.into_token())
        .collect()
}

/// The canonical layout of `text`, which must parse without errors.
fn layout(text: &str) -> String {
    let tree = syntax::parse(text);
    let tokens = tokens(&tree);
    let mut out = String::with_capacity(text.len());
    for (index, token) in tokens.iter().enumerate() {
        let previous = index.checked_sub(1).map(|i| &tokens[i]);
        let next = tokens.get(index + 1).map(SyntaxToken::kind);
        match token.kind() {
            SyntaxKind::WHITESPACE => out.push_str(&whitespace(token, previous, next)),
            SyntaxKind::NEWLINE if is_blank_line(token, &out) => {}
            _ => out.push_str(token.text()),
        }
    }
    let content = out.trim_end_matches('\n').len();
    out.truncate(content);
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// A top-level line break that would start a second blank line, or a blank line at the top.
fn is_blank_line(token: &SyntaxToken, out: &str) -> bool {
    let top_level = token
        .parent()
        .is_some_and(|p| p.kind() == SyntaxKind::SOURCE_FILE);
    top_level && (out.is_empty() || out.ends_with("\n\n"))
}

/// Where a run of blanks is on its line.
enum Place {
    /// Before anything else on the line.
    Start,
    /// After everything else on the line.
    End,
    /// Between two tokens.
    Between,
}

/// What a run of blanks becomes, given the tokens around it.
fn whitespace(
    token: &SyntaxToken,
    previous: Option<&SyntaxToken>,
    next: Option<SyntaxKind>,
) -> String {
    use SyntaxKind::*;
    let parent = token.parent().map(|p| p.kind());
    let text = token.text();
    let after_continuation = previous.is_some_and(|p| p.kind() == LINE_CONTINUATION);
    // Blanks next to a backslash-newline, and NUL bytes (whitespace to libnih), stay.
    if after_continuation || next == Some(LINE_CONTINUATION) || text.contains('\0') {
        return text.to_string();
    }
    let place = if matches!(next, None | Some(NEWLINE)) {
        Place::End
    } else if previous.is_none_or(|p| p.text().ends_with('\n')) {
        Place::Start
    } else {
        Place::Between
    };
    let stanza_level = matches!(
        parent,
        Some(
            SOURCE_FILE
                | STANZA
                | SCRIPT_END
                | EVENT_EXPR
                | EVENT_GROUP
                | EVENT_BINARY
                | EVENT_MATCH
        )
    );
    match place {
        // The end of a line: blanks go (an `exec` line's too: libnih drops them), but a CR of
        // a CRLF line ending stays with it.
        Place::End if stanza_level || parent == Some(COMMAND) => {
            if text.ends_with('\r') { "\r" } else { "" }.to_string()
        }
        // The start of a line: a stanza's, a comment's or `end script`'s indentation goes; the
        // continuation lines of a parenthesised condition keep theirs.
        Place::Start if matches!(parent, Some(SOURCE_FILE | SCRIPT_END)) => String::new(),
        Place::Between if stanza_level => {
            let at_paren = previous.is_some_and(|p| p.kind() == L_PAREN) || next == Some(R_PAREN);
            if at_paren {
                String::new()
            } else {
                " ".to_string()
            }
        }
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formatted(text: &str) -> String {
        String::from_utf8(format(text.as_bytes(), b"job").unwrap()).unwrap()
    }

    #[test]
    fn stanza_lines_get_one_space_and_no_indentation() {
        let text = "\n\n  # c\n\n\n   description   \"x  y\"   # t\nexec  foo  --bar\t \n";
        assert_eq!(
            formatted(text),
            "# c\n\ndescription \"x  y\" # t\nexec foo  --bar\n"
        );
    }

    #[test]
    fn scripts_continuations_and_conditions_keep_their_bytes() {
        let text = "start on ( a  and\n\t  b )  \nenv A=1 \\\n  \n  pre-start script\n    echo hi  \n  end   script  \nmanual  debug";
        assert_eq!(
            formatted(text),
            "start on (a and\n\t  b)\nenv A=1 \\\n  \npre-start script\n    echo hi  \nend script\nmanual debug\n"
        );
    }

    #[test]
    fn rejected_files_are_not_formatted() {
        let error = format(b"  descriptionn x\n", b"job").unwrap_err();
        assert!(
            matches!(error, FormatError::Rejected { line: 1, .. }),
            "{error:?}"
        );
    }

    #[test]
    fn formatting_is_idempotent() {
        let once = formatted("  start on a  or  b\r\nexec x\r\n\r\n\r\n\r\ntask\r\n");
        assert_eq!(once, "start on a or b\r\nexec x\r\n\r\n\r\n\r\ntask\r\n");
        assert_eq!(formatted(&once), once);
    }
}
