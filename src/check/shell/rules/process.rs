//! How the fragments start, hand over to and end the job's processes.

use super::{ShellFile, range};
use crate::check::shell::commands::{Separator, SimpleCommand};
use crate::check::shell::extract::{Fragment, FragmentKind};
use crate::check::shell::initctl::{self, InitctlAction};
use crate::check::{Diagnostic, registry};
use crate::model::{Expect, ProcessKind};

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
    // `daemon &>/dev/null` is `daemon &` and then a bare redirection: the daemon is last.
    let last_named = commands.iter().rposition(|c| c.name().is_some());
    let mut found = Vec::new();
    for (i, command) in commands.iter().enumerate() {
        let ampersand = command.separator == Separator::Background;
        let ssd = is_start_stop_daemon_background(command);
        let last = Some(i) == last_named;
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
