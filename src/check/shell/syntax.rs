//! Shell syntax: every fragment parsed by the shell Upstart runs, `dash -n` (or `sh -n`).
//!
//! No Rust shell parser gives dash's verdict on every fragment of the corpus (see the README:
//! brush-parser and yash-syntax both differ on here-documents ended by end of file and on the
//! contents of backquotes, which dash parses at once), so the shell itself is the parser. It
//! reports a line; the position map turns that into the job file's line.

use std::path::Path;

use super::extract::Fragment;
use super::runner;
use crate::check::{Diagnostic, registry};

/// What the shell said about a fragment it could not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellSyntaxError {
    /// The fragment line the shell reports (1-based; one past the end for "end of file").
    pub line: usize,
    /// The message without the shell's name and line, e.g. `Syntax error: "fi" unexpected`.
    pub message: String,
    /// Everything the shell printed.
    pub output: String,
}

/// Runs `shell -n` on the fragment; `Ok(None)` when it parses.
pub fn check(shell: &Path, fragment: &Fragment) -> Result<Option<ShellSyntaxError>, String> {
    let input = crate::source::encode(&fragment.text);
    let output = runner::run(shell, &["-n"], &input)?;
    if output.success {
        return Ok(None);
    }
    let output = output.stderr.trim_end().to_string();
    let first = output.lines().next().unwrap_or_default();
    let (line, message) = match line_number(first) {
        Some((line, rest)) => (line, rest.trim().to_string()),
        None => (1, first.to_string()),
    };
    Ok(Some(ShellSyntaxError {
        line,
        message,
        output,
    }))
}

/// The finding for a syntax error, on the reported line of the job file.
pub fn diagnostic(fragment: &Fragment, error: &ShellSyntaxError) -> Diagnostic {
    let (range, at_token) = error_range(fragment, error);
    let at_end = fragment.offset_at(error.line, 1) >= fragment.text.len();
    let label = if at_token {
        "the shell does not expect this here"
    } else if at_end {
        "the shell reached the end of the script here"
    } else {
        "the shell stops reading on this line"
    };
    Diagnostic::new(
        &registry::SHELL_SYNTAX_ERROR,
        range,
        format!(
            "shell syntax error in the {}: {}",
            fragment.describe(),
            error.message
        ),
    )
    .with_label(label)
    .with_secondary(fragment.opener, "this is run by `/bin/sh -e`")
}

/// Where the error is: the unexpected token when the message names one that occurs once on
/// the reported line (dash gives no column), else the line's text without indentation; and
/// whether it is the token.
fn error_range(fragment: &Fragment, error: &ShellSyntaxError) -> (rowan::TextRange, bool) {
    let start = fragment.offset_at(error.line, 1);
    let rest = &fragment.text[start..];
    let end = start + rest.find('\n').unwrap_or(rest.len());
    let text = &fragment.text[start..end];
    let token = error
        .message
        .strip_prefix("Syntax error: \"")
        .and_then(|m| m.split_once("\" unexpected"))
        .map(|(token, _)| token)
        .filter(|token| !token.is_empty());
    if let Some(token) = token
        && text.matches(token).count() == 1
        && let Some(at) = text.find(token)
    {
        return (
            fragment.file_range(start + at, start + at + token.len()),
            true,
        );
    }
    let content_start = start + (text.len() - text.trim_start().len());
    let content_end = start + text.trim_end().len();
    let range = fragment.file_range(content_start, content_end.max(content_start));
    (range, false)
}

/// Splits `dash: 3: message` (dash) or `bash: line 3: message` (bash) into the number and the
/// message.
fn line_number(line: &str) -> Option<(usize, &str)> {
    let (_, after) = line.split_once(": ")?;
    let after = after.strip_prefix("line ").unwrap_or(after);
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    let number = after[..digits].parse().ok()?;
    Some((number, after[digits..].strip_prefix(':')?))
}

/// Rewrites the line numbers in the shell's output with `to_file` (fragment line → file line),
/// keeping everything else as the shell printed it.
pub fn rewrite_lines(output: &str, to_file: impl Fn(usize) -> usize) -> String {
    output
        .lines()
        .map(|line| match line_number(line) {
            Some((number, rest)) => {
                let prefix_len = line.len() - rest.len() - 1;
                let prefix = &line[..prefix_len];
                let digits = number.to_string().len();
                format!(
                    "{}{}:{rest}",
                    &prefix[..prefix.len() - digits],
                    to_file(number)
                )
            }
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs [`check`] on every fragment, in parallel.
pub fn check_all(
    shell: &Path,
    fragments: &[&Fragment],
) -> Vec<Result<Option<ShellSyntaxError>, String>> {
    runner::parallel(fragments, |fragment| check(shell, fragment))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_and_bash_line_numbers_are_rewritten() {
        assert_eq!(
            rewrite_lines("/bin/sh: 3: Syntax error: end of file unexpected", |n| n
                + 9),
            "/bin/sh: 12: Syntax error: end of file unexpected"
        );
        assert_eq!(
            rewrite_lines("bash: line 2: syntax error", |n| n + 4),
            "bash: line 6: syntax error"
        );
        assert_eq!(rewrite_lines("no numbers here", |n| n), "no numbers here");
        assert_eq!(
            line_number("dash: 7: Syntax error: \"fi\" unexpected"),
            Some((7, " Syntax error: \"fi\" unexpected"))
        );
    }
}
