//! Opt-in house rules: ChromiumOS's `cros lint` checks for Upstart jobs (the `chromeos`
//! preset). They are off unless selected.

use rowan::{TextRange, TextSize};

use super::context::JobFile;
use crate::check::registry::{self, Rule};
use crate::check::{Diagnostic, Fix};
use crate::syntax::ast::Stanza;
use crate::syntax::{StanzaKind, SyntaxKind};

/// `author`, `description` and `oom score` must be written in every job.
pub fn required_stanzas(file: &JobFile) -> Vec<Diagnostic> {
    let required: [(StanzaKind, &Rule, &str); 3] = [
        (
            StanzaKind::Author,
            &registry::MISSING_AUTHOR,
            "author \"chromium-os-dev@chromium.org\"",
        ),
        (
            StanzaKind::Description,
            &registry::MISSING_DESCRIPTION,
            "description \"…\"",
        ),
        (
            StanzaKind::Oom,
            &registry::MISSING_OOM_SCORE,
            "oom score -100",
        ),
    ];
    let start = TextRange::empty(TextSize::from(0));
    required
        .into_iter()
        .filter(|(kind, _, _)| file.last(*kind).is_none())
        .map(|(kind, rule, example)| {
            Diagnostic::new(
                rule,
                start,
                format!("the job has no `{}`", policy_name(kind)),
            )
            .with_help(format!("add a line such as `{example}`"))
        })
        .collect()
}

fn policy_name(kind: StanzaKind) -> &'static str {
    if kind == StanzaKind::Oom {
        "oom score"
    } else {
        kind.name()
    }
}

/// `oom score -1000` is written `oom score never`.
pub fn oom_score_never(file: &JobFile) -> Vec<Diagnostic> {
    file.stanzas(StanzaKind::Oom)
        .filter_map(|stanza| {
            let args: Vec<_> = stanza.args().collect();
            let [score, value] = args.as_slice() else {
                return None;
            };
            (score.value() == b"score" && value.value() == b"-1000").then(|| {
                Diagnostic::new(
                    &registry::OOM_SCORE_NEVER,
                    value.range(),
                    "`oom score -1000` is written `oom score never`",
                )
                .with_fix(Fix::replace(
                    value.range(),
                    "never",
                    "Write `never`",
                    true,
                ))
            })
        })
        .collect()
}

/// File-system commands that ChromiumOS wants in tmpfiles.d configuration instead.
const FILESYSTEM_COMMANDS: [&str; 9] = [
    "chown", "chgrp", "chmod", "mkdir", "ln", "rm", "mv", "cp", "touch",
];

/// The marker that exempts a line from the file-system command check.
const DISABLE_MARKER: &str = "# croslint: disable";

/// File-system commands in scripts and `exec` lines.
pub fn filesystem_commands(file: &JobFile) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for stanza in file.all() {
        for (start, line) in shell_lines(file, stanza) {
            if line.contains(DISABLE_MARKER) {
                continue;
            }
            for (offset, command) in commands_in(line) {
                let at = TextSize::try_from(start + offset).unwrap_or_default();
                let range =
                    TextRange::at(at, TextSize::try_from(command.len()).unwrap_or_default());
                found.push(
                    Diagnostic::new(
                        &registry::FILESYSTEM_COMMAND,
                        range,
                        format!("`{command}` in a job: set up files with tmpfiles.d instead"),
                    )
                    .with_label(
                        "ChromiumOS creates and fixes files with tmpfiles.d, not with job scripts",
                    )
                    .with_help(format!(
                        "move it to a tmpfiles.d file, or mark the line `{DISABLE_MARKER}`"
                    )),
                );
            }
        }
    }
    found
}

/// The lines of a stanza's shell text, with their offsets in the file.
fn shell_lines<'f>(file: &JobFile<'f>, stanza: &Stanza) -> Vec<(usize, &'f str)> {
    let node = stanza
        .syntax()
        .children()
        .find(|n| matches!(n.kind(), SyntaxKind::COMMAND | SyntaxKind::SCRIPT_BLOCK));
    let Some(node) = node else { return Vec::new() };
    let range = match node
        .children()
        .find(|n| n.kind() == SyntaxKind::SCRIPT_BODY)
    {
        Some(body) => body.text_range(),
        None => node.text_range(),
    };
    let start = usize::from(range.start());
    let mut offset = start;
    file.text[range]
        .split_inclusive('\n')
        .map(|line| {
            let at = offset;
            offset += line.len();
            (at, line)
        })
        .collect()
}

/// File-system commands at command position in a shell line, with their offsets.
fn commands_in(line: &str) -> Vec<(usize, &str)> {
    let code = line.split(" #").next().unwrap_or(line);
    let code = if code.trim_start().starts_with('#') {
        ""
    } else {
        code
    };
    let mut found = Vec::new();
    let mut command_position = true;
    let mut offset = 0;
    for word in code.split_inclusive(|c: char| {
        c.is_whitespace() || c == ';' || c == '|' || c == '&' || c == '('
    }) {
        let trimmed = word.trim_end_matches(|c: char| {
            c.is_whitespace() || c == ';' || c == '|' || c == '&' || c == '('
        });
        let ends_command =
            word.len() > trimmed.len() && word[trimmed.len()..].contains([';', '|', '&', '(']);
        if !trimmed.is_empty() {
            let name = trimmed.rsplit('/').next().unwrap_or(trimmed);
            if command_position && FILESYSTEM_COMMANDS.contains(&name) {
                found.push((offset, trimmed));
            }
            command_position = matches!(
                trimmed,
                "then" | "do" | "else" | "!" | "sudo" | "exec" | "{"
            );
        }
        if ends_command {
            command_position = true;
        }
        offset += word.len();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::commands_in;

    #[test]
    fn finds_commands_only_at_command_position() {
        let found = commands_in("  mkdir -p /run/x && chown a /run/x; echo rm\n");
        assert_eq!(found, [(2, "mkdir"), (21, "chown")]);
        assert_eq!(
            commands_in("if true; then /bin/rm -f x; fi"),
            [(14, "/bin/rm")]
        );
        assert!(commands_in("# mkdir in a comment").is_empty());
    }
}
