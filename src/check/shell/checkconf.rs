//! Embedded shell: script blocks checked with `sh -n`, positions mapped back into the job file.
//!
//! Upstart runs every script block with `/bin/sh -e` after stripping the block's common
//! indentation (spec §1.6), so the shell sees [`ScriptBlock::text`]; its line `n` is line
//! `first + n - 1` of the job file, where `first` is the block's first body line.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::check::Analysis;
use crate::syntax::StanzaKind;
use crate::syntax::ast::ScriptBlock;

/// A script block the shell could not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellSyntaxError {
    /// The process the block belongs to: `pre-start`, `script` (main), …
    pub section: &'static str,
    /// The shell's message, with its line numbers rewritten to the job file's.
    pub message: String,
}

/// The order in which init-checkconf checks the sections.
const SECTIONS: [StanzaKind; 5] = [
    StanzaKind::PreStart,
    StanzaKind::PostStart,
    StanzaKind::Script,
    StanzaKind::PreStop,
    StanzaKind::PostStop,
];

/// Runs every script block of the file through `shell -n`, section by section.
///
/// Returns an error message instead when the shell cannot be started.
pub fn syntax_errors(analysis: &Analysis, shell: &Path) -> Result<Vec<ShellSyntaxError>, String> {
    let mut found = Vec::new();
    let file = analysis.tree.source_file();
    for section in SECTIONS {
        let blocks = file
            .stanzas()
            .filter(|stanza| stanza.kind() == Some(section))
            .filter_map(|stanza| stanza.script_block());
        for block in blocks {
            if let Some(message) = check_block(&block, analysis, shell)? {
                found.push(ShellSyntaxError {
                    section: section.name(),
                    message,
                });
            }
        }
    }
    Ok(found)
}

fn check_block(
    block: &ScriptBlock,
    analysis: &Analysis,
    shell: &Path,
) -> Result<Option<String>, String> {
    let mut child = Command::new(shell)
        .arg("-n")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot run {}: {error}", shell.display()))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A shell that stops reading early makes this fail; its verdict is what counts.
        let _ = stdin.write_all(&block.text());
    }
    let output = child
        .wait_with_output()
        .map_err(|error| error.to_string())?;
    if output.status.success() {
        return Ok(None);
    }
    let first_line = analysis.upstart_line_of(usize::from(block.range().start()));
    let message = String::from_utf8_lossy(&output.stderr)
        .trim_end()
        .to_string();
    Ok(Some(map_lines(&message, first_line)))
}

/// Rewrites the shell's line numbers (`sh: 3: …` from dash, `line 3:` from bash) into the job
/// file's.
fn map_lines(message: &str, first_line: usize) -> String {
    message
        .lines()
        .map(|line| {
            let Some(colon) = line.find(": ") else {
                return line.to_string();
            };
            let rest = &line[colon + 2..];
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 && rest[digits..].starts_with(':') {
                let n: usize = rest[..digits].parse().unwrap_or(0);
                return format!(
                    "{}{}{}",
                    &line[..colon + 2],
                    n + first_line - 1,
                    &rest[digits..]
                );
            }
            match line.find("line ") {
                Some(at) => {
                    let after = &line[at + 5..];
                    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
                    match after[..digits].parse::<usize>() {
                        Ok(n) => format!(
                            "{}{}{}",
                            &line[..at + 5],
                            n + first_line - 1,
                            &after[digits..]
                        ),
                        Err(_) => line.to_string(),
                    }
                }
                None => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_and_bash_line_numbers_are_shifted() {
        assert_eq!(
            map_lines("/bin/sh: 3: Syntax error: end of file unexpected", 10),
            "/bin/sh: 12: Syntax error: end of file unexpected"
        );
        assert_eq!(
            map_lines("bash: line 2: syntax error", 5),
            "bash: line 6: syntax error"
        );
        assert_eq!(map_lines("no numbers here", 5), "no numbers here");
    }
}
