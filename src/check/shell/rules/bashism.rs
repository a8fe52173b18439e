//! Bash features in fragments that dash runs.

use super::ShellFile;
use crate::check::shell::commands::Separator;
use crate::check::{Diagnostic, registry};

/// What dash does with a bash feature, when it is the command name.
fn bash_command(name: &str) -> Option<&'static str> {
    Some(match name {
        "[[" => "dash has no `[[ … ]]`: it looks for a command called `[[`",
        "source" => "dash has no `source`: use `.`",
        "declare" | "typeset" | "let" | "shopt" | "pushd" | "popd" => {
            "dash has no such builtin: the command is not found"
        }
        _ => return None,
    })
}

/// Bash features in a fragment that `/bin/sh` (dash) runs: they fail, or do something else.
pub fn bashism(shell: &ShellFile) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (fragment, commands) in &shell.fragments {
        for command in commands {
            let words = command.command_words();
            let Some(name) = words.first() else { continue };
            let mut report = |at: std::ops::Range<usize>, what: &str| {
                found.push(
                    Diagnostic::new(
                        &registry::BASHISM,
                        fragment.file_range(at.start, at.end),
                        format!("bash feature in a fragment run by `/bin/sh`: {what}"),
                    )
                    .with_help(
                        "write POSIX sh, or run bash explicitly: `exec bash -c '…'` or a script \
                         file with `#!/bin/bash`",
                    ),
                );
            };
            if let Some(what) = bash_command(&name.text) {
                report(name.range.clone(), what);
            } else if matches!(name.text.as_str(), "[" | "test") {
                if let Some(eq) = words.iter().find(|w| w.text == "==") {
                    report(eq.range.clone(), "dash's `test` has no `==`: use `=`");
                }
            } else if name.text == "echo"
                && let Some(flag) = words.get(1).filter(|w| w.text == "-e")
            {
                report(
                    flag.range.clone(),
                    "dash's `echo` has no `-e`: it prints `-e` (use `printf`)",
                );
            }
            // `cmd &>file`: dash reads `cmd &` and then `>file`.
            let end = command.range().end;
            let after = &fragment.text[end..];
            let at = end + (after.len() - after.trim_start().len());
            if command.separator == Separator::Background && after.trim_start().starts_with("&>") {
                report(
                    at..at + 2,
                    "dash reads `&>` as `&` then `>`: the command runs in the background \
                     (use `>file 2>&1`)",
                );
            }
        }
    }
    found
}
