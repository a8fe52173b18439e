//! How the main process is run and tracked (spec §2.8, §2.16, §6.1).

use super::context::JobFile;
use crate::check::Diagnostic;
use crate::check::registry;
use crate::model::{Console, Expect, ProcessKind};
use crate::syntax::StanzaKind;

/// `expect fork|daemon` with a script main process, and `expect` without a main process.
pub fn expect(file: &JobFile) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let Some(expect) = file.last(StanzaKind::Expect) else {
        return found;
    };
    let range = file.first_line_range(expect);
    let main = file.job.processes.get(&ProcessKind::Main);
    match (file.job.expect, main) {
        (Expect::Fork | Expect::Daemon, Some(process))
            if process.script && !execs_without_forking(&process.command) =>
        {
            let script = file.last(StanzaKind::Script).map(JobFile::keyword_range);
            let mut d = Diagnostic::new(
                &registry::EXPECT_WITH_SCRIPT,
                range,
                "`expect fork`/`expect daemon` follows the shell of a `script` main process",
            )
            .with_label("init will track the first command the shell forks, not the daemon")
            .with_help("do the set-up in `pre-start script` and start the daemon with `exec`");
            if let Some(script) = script {
                d = d.with_secondary(script, "the main process is this shell script");
            }
            found.push(d);
        }
        (Expect::None, _) | (_, Some(_)) => {}
        (_, None) => found.push(
            Diagnostic::new(
                &registry::EXPECT_WITHOUT_MAIN_PROCESS,
                range,
                "`expect` has no effect: the job has no main process",
            )
            .with_label("`expect` only applies to `exec` / `script`")
            .with_help("remove it, or add the `exec` line it was meant for"),
        ),
    }
    found
}

/// Whether a script runs only shell builtins and `exec`s the daemon: the one shape of script
/// that `expect fork|daemon` can follow, since nothing forks before the daemon does.
///
/// A heuristic until the shell itself is parsed: a command substitution, a pipe, a background
/// job or any command that is not a dash builtin counts as a fork.
fn execs_without_forking(script: &[u8]) -> bool {
    const BUILTINS: [&str; 32] = [
        ".", ":", "[", "test", "true", "false", "echo", "printf", "export", "unset", "set", "cd",
        "umask", "ulimit", "read", "exit", "return", "if", "then", "else", "elif", "fi", "case",
        "esac", "for", "while", "until", "do", "done", "{", "}", "local",
    ];
    let joined = String::from_utf8_lossy(script).replace("\\\n", " ");
    let code: Vec<&str> = joined
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect();
    let text = mask_quoted(&code.join("\n"));
    if text.contains("$(") || text.contains('`') {
        return false;
    }
    let mut execs = false;
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        // A `case` pattern such as `-q|--quiet)` runs nothing.
        if line.ends_with(')') && !line.contains('(') {
            continue;
        }
        if line.contains(" | ") || (line.ends_with('&') && !line.ends_with("&&")) {
            return false;
        }
        for command in line
            .split([';', '&', '|'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            // Leading `NAME=value` words are assignments; the next word is the command.
            let is_assignment = |word: &&str| word.contains('=') && !word.starts_with('=');
            let Some(word) = command.split_whitespace().find(|word| !is_assignment(word)) else {
                continue;
            };
            execs |= word == "exec";
            if !(word == "exec" || BUILTINS.contains(&word)) {
                return false;
            }
        }
    }
    execs
}

/// `text` with every character inside quotes replaced by `_`, so that words split where the
/// shell splits them.
fn mask_quoted(text: &str) -> String {
    let mut quote = None;
    text.chars()
        .map(|c| match quote {
            Some(open) if c == open => {
                quote = None;
                c
            }
            Some(_) => '_',
            None => {
                if c == '"' || c == '\'' {
                    quote = Some(c);
                }
                c
            }
        })
        .collect()
}

/// A main process that puts the daemon in the background with `&` and exits at once.
pub fn background(file: &JobFile) -> Vec<Diagnostic> {
    let Some(stanza) = file.last(StanzaKind::Exec) else {
        return Vec::new();
    };
    let Some(command) = stanza.command() else {
        return Vec::new();
    };
    let text = &file.text[command.range()];
    let trimmed = text.trim_end();
    if !trimmed.ends_with('&') || trimmed.ends_with("&&") {
        return Vec::new();
    }
    if file
        .job
        .processes
        .get(&ProcessKind::Main)
        .is_none_or(|p| p.script)
    {
        return Vec::new();
    }
    vec![
        Diagnostic::new(
            &registry::BACKGROUND_MAIN_PROCESS,
            command.range(),
            "the main process is started in the background",
        )
        .with_label("`&` makes the shell start this and exit at once")
        .with_help("run the daemon in the foreground (drop `&`), or use `expect fork`/`expect daemon` if it forks by itself"),
    ]
}

/// Programs that are meant to own a terminal: `console owner|output` is right for them.
const INTERACTIVE_PROGRAMS: [&str; 5] = ["getty", "sulogin", "login", "plymouth", "console"];

/// `console output|owner` on a daemon: its output clutters the boot console, and `owner` hands
/// it Ctrl-C (spec §6.4 item 31).
pub fn console_for_daemon(file: &JobFile) -> Vec<Diagnostic> {
    let job = file.job;
    // Tasks at boot (mountall, fsck) print progress to the console on purpose.
    let daemon = !job.task && (job.respawn || matches!(job.expect, Expect::Fork | Expect::Daemon));
    if !daemon || !matches!(job.console, Console::Output | Console::Owner) {
        return Vec::new();
    }
    let interactive = job.processes.get(&ProcessKind::Main).is_some_and(|main| {
        let command = String::from_utf8_lossy(&main.command);
        INTERACTIVE_PROGRAMS.iter().any(|p| command.contains(p))
    });
    let Some(stanza) = file.last(StanzaKind::Console).filter(|_| !interactive) else {
        return Vec::new();
    };
    vec![
        Diagnostic::new(
            &registry::CONSOLE_FOR_DAEMON,
            file.first_line_range(stanza),
            "a daemon writes to the system console",
        )
        .with_label(
            "its output clutters the boot console and serial lines, and is lost when there is none",
        )
        .with_help("`console log` (the default since 1.4) keeps it in /var/log/upstart/JOB.log"),
    ]
}

/// Root-only set-up in a job that runs as another user: `setuid` applies to every process,
/// `pre-start` and `post-stop` included (spec §6.4 item 30).
pub fn setuid_root_setup(file: &JobFile) -> Vec<Diagnostic> {
    let job = file.job;
    let Some(user) = &job.setuid else {
        return Vec::new();
    };
    let Some(setuid) = file.last(StanzaKind::Setuid) else {
        return Vec::new();
    };
    let user = String::from_utf8_lossy(user);
    if user == "root" {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (kind, process) in &job.processes {
        let command = String::from_utf8_lossy(&process.command);
        let Some(reason) = root_only_action(&command) else {
            continue;
        };
        found.push(
            Diagnostic::new(
                &registry::SETUID_ROOT_SETUP,
                file.first_line_of(process.range),
                format!("the {} process {reason}, but runs as `{user}`", kind.name()),
            )
            .with_label("this fails with `Permission denied`")
            .with_secondary(JobFile::keyword_range(setuid), "every process of the job runs as this user")
            .with_help("do the root-only set-up in a separate task without `setuid`, or use the daemon's own user switch"),
        );
    }
    found
}

/// What in a command needs root, in words.
fn root_only_action(command: &str) -> Option<&'static str> {
    let words: Vec<&str> = command.split_whitespace().collect();
    if words
        .iter()
        .any(|w| matches!(*w, "chown" | "chgrp" | "setcap"))
    {
        return Some("changes file ownership");
    }
    if words
        .iter()
        .any(|w| w.starts_with("/var/run/") || w.starts_with("/run/"))
        && words
            .iter()
            .any(|w| matches!(*w, "mkdir" | "install" | "touch"))
    {
        return Some("creates files under /run");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_only_scripts_that_exec_do_not_fork() {
        assert!(execs_without_forking(
            b"[ -r /etc/default/x ] && . /etc/default/x\nexec food $OPTS\n"
        ));
        assert!(execs_without_forking(
            b"opts=\"-D\"\n[ -e \"/a b\" ] && opts=\"${opts} -f /a\"\nexec avahi-daemon ${opts}\n"
        ));
        assert!(execs_without_forking(
            b"LANG=$LANG exec /usr/bin/x --daemon\n"
        ));
        assert!(execs_without_forking(
            b"for arg in $line; do\n  case $arg in\n    -q|--quiet)\n      d=$arg\n      ;;\n  esac\ndone < /proc/cmdline\nexec mountall $d\n"
        ));
        assert!(!execs_without_forking(b"mkdir -p /run/x\nexec food\n"));
        assert!(!execs_without_forking(b"X=$(cat /etc/x)\nexec food\n"));
        assert!(!execs_without_forking(b"echo hi\n"));
        assert!(execs_without_forking(b"# it's a comment\nexec food\n"));
    }
}
