//! Shell code that an Upstart stanza or event condition does better.

use super::{ShellFile, range};
use crate::check::{Diagnostic, registry};
use crate::model::ProcessKind;

/// `cd /dir` at the top level of a script: the `chdir` stanza says it once for every process,
/// and fails visibly when the directory is missing.
pub fn cd_instead_of_chdir(shell: &ShellFile) -> Vec<Diagnostic> {
    if shell.file.job.chdir.is_some() {
        return Vec::new();
    }
    let Some((fragment, commands)) = shell.of(ProcessKind::Main) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for command in commands
        .iter()
        .filter(|c| c.depth == 0 && c.after.is_none())
    {
        let words = command.command_words();
        let literal = |w: &str| w.starts_with('/') && !w.contains(['$', '`', '*', '?']);
        if let [cd, dir] = words
            && cd.text == "cd"
            && literal(&dir.text)
        {
            found.push(
                Diagnostic::new(
                    &registry::CD_INSTEAD_OF_CHDIR,
                    range(fragment, command),
                    "the main script changes directory with `cd`",
                )
                .with_label("a `chdir` stanza sets this for the process without shell code")
                .with_help(format!("use the stanza `chdir {}`", dir.text)),
            );
        }
    }
    found
}

/// Programs that ask whether another job or process is running.
const STATUS_QUERIES: [&str; 4] = ["status", "initctl", "pidof", "pgrep"];

/// `while ! status other | grep -q running; do sleep 1; done`: polling for another job where
/// `start on started other` would wait for it.
pub fn sleep_loop_waiting_for_job(shell: &ShellFile) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (fragment, commands) in &shell.fragments {
        for (i, command) in commands.iter().enumerate() {
            let is_condition = matches!(command.after, Some("while" | "until"));
            let queries = command
                .name()
                .is_some_and(|n| STATUS_QUERIES.contains(&n.rsplit('/').next().unwrap_or(n)));
            if !(is_condition && queries) {
                continue;
            }
            let body = commands[i + 1..]
                .iter()
                .take_while(|c| c.depth >= command.depth);
            if body.clone().any(|c| c.name() == Some("sleep")) {
                found.push(
                    Diagnostic::new(
                        &registry::SLEEP_LOOP_WAITING_FOR_JOB,
                        range(fragment, command),
                        "a `sleep` loop waits for another job or process",
                    )
                    .with_label("this polls until the other job is running")
                    .with_help(
                        "let init order the jobs: `start on started OTHER` (and `stop on \
                         stopping OTHER`)",
                    ),
                );
            }
        }
    }
    found
}
