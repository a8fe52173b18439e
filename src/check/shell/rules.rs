//! Upstart-aware shell rules: what a fragment does that matters to how init runs the job.

use super::commands::{self, Separator, SimpleCommand};
use super::extract::{Fragment, FragmentKind};
use super::initctl::{self, InitctlAction, InitctlCall};
use crate::check::rules::context::JobFile;
use crate::check::{Diagnostic, registry};
use crate::model::{Expect, ProcessKind};

/// The fragments of one job file, each read into commands once for all rules.
pub struct ShellFile<'a> {
    /// The job file.
    pub file: &'a JobFile<'a>,
    /// Every fragment that Upstart runs (a process replaced by a later stanza is left out),
    /// with its commands.
    pub fragments: Vec<(&'a Fragment, Vec<SimpleCommand>)>,
}

impl<'a> ShellFile<'a> {
    /// Reads the fragments of `file` that Upstart keeps.
    pub fn new(file: &'a JobFile<'a>, fragments: &'a [Fragment]) -> Self {
        let fragments = fragments
            .iter()
            .filter(|f| {
                file.job
                    .processes
                    .get(&f.process)
                    .is_some_and(|p| p.range == f.stanza)
            })
            .map(|f| (f, commands::commands(&f.text)))
            .collect();
        ShellFile { file, fragments }
    }

    fn of(&self, process: ProcessKind) -> Option<&(&'a Fragment, Vec<SimpleCommand>)> {
        self.fragments.iter().find(|(f, _)| f.process == process)
    }
}

/// A per-file shell rule.
type ShellRule = fn(&ShellFile) -> Vec<Diagnostic>;

/// Every Upstart-aware shell rule, in code order.
const RULES: [ShellRule; 7] = [
    background_in_main,
    daemon_without_exec,
    stop_without_exit,
    exit_zero_in_respawned_service,
    cd_instead_of_chdir,
    sleep_loop_waiting_for_job,
    bashism,
];

/// Runs every Upstart-aware shell rule on a job Upstart accepts.
pub fn check(file: &JobFile, fragments: &[Fragment]) -> Vec<Diagnostic> {
    let shell = ShellFile::new(file, fragments);
    RULES.iter().flat_map(|rule| rule(&shell)).collect()
}

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

/// Every `initctl` call in the file's fragments, in file order (all fragments: the event graph
/// wants every call that can run).
pub fn initctl_calls(fragments: &[Fragment]) -> Vec<InitctlCall> {
    fragments
        .iter()
        .flat_map(|f| {
            commands::commands(&f.text)
                .into_iter()
                .filter_map(move |c| initctl::call(f, &c))
        })
        .collect()
}

fn range(fragment: &Fragment, command: &SimpleCommand) -> rowan::TextRange {
    let range = command.range();
    fragment.file_range(range.start, range.end)
}

fn is_start_stop_daemon_background(command: &SimpleCommand) -> bool {
    let words = command.command_words();
    let program = words
        .iter()
        .find(|w| w.text != "exec")
        .map(|w| w.text.rsplit('/').next().unwrap_or_default());
    program == Some("start-stop-daemon")
        && words.iter().any(|w| {
            w.text == "--background"
                || (w.text.starts_with('-')
                    && !w.text.starts_with("--")
                    && w.text[1..].contains('b'))
        })
}

/// `daemon &` or `start-stop-daemon --background` in the main process: under `expect fork|
/// daemon` init follows the wrong process, and at the end of a script the shell exits at once.
pub fn background_in_main(shell: &ShellFile) -> Vec<Diagnostic> {
    let Some((fragment, commands)) = shell.of(ProcessKind::Main) else {
        return Vec::new();
    };
    let expect = matches!(shell.file.job.expect, Expect::Fork | Expect::Daemon);
    let mut found = Vec::new();
    for (i, command) in commands.iter().enumerate() {
        let ampersand = command.separator == Separator::Background;
        let ssd = is_start_stop_daemon_background(command);
        let last = i + 1 == commands.len();
        // A backgrounded last command of an `exec` line is W0103's.
        let ends_script = last && ampersand && fragment.kind == FragmentKind::Script;
        if !(expect && (ampersand || ssd)) && !ends_script {
            continue;
        }
        let (message, label) = if expect {
            (
                "the main process puts a command in the background under `expect fork|daemon`",
                "init follows the first fork of the shell, which is this background job",
            )
        } else {
            (
                "the main script ends by putting its command in the background",
                "the shell starts this and exits at once, so the job stops (or respawns)",
            )
        };
        found.push(
            Diagnostic::new(
                &registry::BACKGROUND_IN_MAIN,
                range(fragment, command),
                message,
            )
            .with_label(label)
            .with_help(
                "run the daemon in the foreground with `exec`, or let it fork itself \
                     (`--background`/`&` off) and match `expect` to its forks",
            ),
        );
    }
    found
}

/// Shell builtins and commands that end a script rather than run a daemon.
const NOT_A_DAEMON: [&str; 14] = [
    "exec", "exit", "wait", "true", "false", ":", "echo", "printf", "return", "sleep", "set",
    "export", "[", "test",
];

/// A service's main script that runs its daemon as the last command without `exec`: the shell
/// stays the main process, so `initctl reload` (SIGHUP to the main process) kills the shell
/// instead of reloading the daemon. Under `expect fork|daemon` this is `expect-with-script`'s.
pub fn daemon_without_exec(shell: &ShellFile) -> Vec<Diagnostic> {
    let job = shell.file.job;
    if job.task || job.expect != Expect::None {
        return Vec::new();
    }
    let Some((fragment, commands)) = shell.of(ProcessKind::Main) else {
        return Vec::new();
    };
    if fragment.kind != FragmentKind::Script {
        return Vec::new();
    }
    let Some(last) = commands.last() else {
        return Vec::new();
    };
    let previous = commands.len().checked_sub(2).map(|i| &commands[i]);
    let alone = last.depth == 0
        && last.after.is_none()
        && last.separator == Separator::Sequence
        && previous.is_none_or(|p| p.separator == Separator::Sequence);
    let Some(name) = last.name() else {
        return Vec::new();
    };
    if !alone || NOT_A_DAEMON.contains(&name) || name.starts_with('.') {
        return Vec::new();
    }
    let start = last.command_words()[0].range.start;
    vec![
        Diagnostic::new(
            &registry::DAEMON_WITHOUT_EXEC,
            range(fragment, last),
            "the main script runs its last command without `exec`",
        )
        .with_label("the shell stays the job's main process, between init and this program")
        .with_help("start it with `exec` so that init's signals reach it")
        .with_fix(crate::check::Fix::replace(
            fragment.file_range(start, start),
            "exec ",
            "prefix the command with `exec`",
            true,
        )),
    ]
}

/// A bare `stop` in `pre-start` followed by more commands: `stop` only asks init to stop the
/// job; the script goes on. The documented way to cancel a start is `stop; exit 0`.
pub fn stop_without_exit(shell: &ShellFile) -> Vec<Diagnostic> {
    let Some((fragment, commands)) = shell.of(ProcessKind::PreStart) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (i, command) in commands.iter().enumerate() {
        let Some(call) = initctl::call(fragment, command) else {
            continue;
        };
        if call.action != InitctlAction::Stop || call.target.is_some() {
            continue;
        }
        if !runs_on_after_stop(fragment, command, &commands[i + 1..]) {
            continue;
        }
        found.push(
            Diagnostic::new(
                &registry::STOP_WITHOUT_EXIT,
                call.range,
                "`stop` in `pre-start` does not end the script",
            )
            .with_label("the job is told to stop, but the commands after this still run")
            .with_help("cancel the start with `stop; exit 0`"),
        );
    }
    found
}

/// Whether the script goes on after `stop`: the next command runs after it (it is not another
/// branch of the `if` or `case`), and no `exit` follows on the same line.
fn runs_on_after_stop(fragment: &Fragment, stop: &SimpleCommand, rest: &[SimpleCommand]) -> bool {
    let Some(next) = rest.first() else {
        return false;
    };
    let other_branch = matches!(next.after, Some("else" | "elif"))
        || stop.separator == Separator::Group && next.depth == stop.depth;
    let line_end = fragment.text[stop.range().end..]
        .find('\n')
        .map_or(fragment.text.len(), |i| stop.range().end + i);
    let exits_on_line = rest
        .iter()
        .take_while(|c| c.range().start < line_end)
        .any(|c| c.name() == Some("exit"));
    !(other_branch || exits_on_line || next.name() == Some("exit"))
}

/// `exit 0` in the main script of a service with `respawn`: for a service, exit status 0 is a
/// crash unless `normal exit 0` says otherwise, so init respawns it until the respawn limit.
pub fn exit_zero_in_respawned_service(shell: &ShellFile) -> Vec<Diagnostic> {
    let job = shell.file.job;
    if job.task || !job.respawn || job.normal_exit.contains(&0) {
        return Vec::new();
    }
    let Some((fragment, commands)) = shell.of(ProcessKind::Main) else {
        return Vec::new();
    };
    if fragment.kind != FragmentKind::Script {
        return Vec::new();
    }
    commands
        .iter()
        .filter(|c| {
            let words = c.command_words();
            words.first().is_some_and(|w| w.text == "exit")
                && words.get(1).is_none_or(|w| w.text == "0")
        })
        .map(|c| {
            Diagnostic::new(
                &registry::EXIT_ZERO_IN_RESPAWNED_SERVICE,
                range(fragment, c),
                "`exit 0` in the main script of a respawning service",
            )
            .with_label("init treats this exit as a crash and respawns the job")
            .with_help(
                "decide in `pre-start` (`stop; exit 0`), or add `normal exit 0` if exiting is \
                 a clean end",
            )
        })
        .collect()
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::analyze;

    #[test]
    fn initctl_calls_are_recorded_with_their_spans() {
        let text = "pre-start script\n  initctl emit --no-wait food-up PORT=80 >/dev/null\n  \
                    [ -f /x ] || { stop; exit 0; }\nend script\n\
                    post-stop exec /sbin/start \"cleanup\" MODE=full\n";
        let analysis = analyze(text.as_bytes(), b"food");
        let calls: Vec<_> = analysis
            .initctl_calls
            .iter()
            .map(|c| {
                let at = &text[c.range];
                (
                    c.action,
                    c.target.as_deref(),
                    c.args.clone(),
                    c.no_wait,
                    c.process,
                    at,
                )
            })
            .collect();
        assert_eq!(
            calls,
            [
                (
                    InitctlAction::Emit,
                    Some("food-up"),
                    vec!["PORT=80".to_string()],
                    true,
                    ProcessKind::PreStart,
                    "initctl emit --no-wait food-up PORT=80 >/dev/null"
                ),
                (
                    InitctlAction::Stop,
                    None,
                    vec![],
                    false,
                    ProcessKind::PreStart,
                    "stop"
                ),
                (
                    InitctlAction::Start,
                    Some("cleanup"),
                    vec!["MODE=full".to_string()],
                    false,
                    ProcessKind::PostStop,
                    "/sbin/start \"cleanup\" MODE=full"
                ),
            ]
        );
    }
}
