//! What the simulator records, and the normalised trace format of the recordings
//! (`../shared/oracle/runtime/README.md` §3).

use std::fmt::Write as _;

use super::state::{Goal, JobState};
use crate::model::{ProcessKind, signal};

/// A simulated process id.
pub type Pid = u32;

/// How a process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Exited with a status.
    Code(i32),
    /// Died of a signal.
    Signal(i32),
}

impl ExitStatus {
    /// Upstart's encoding: the status, or the signal shifted left by 8.
    pub fn raw(self) -> i32 {
        match self {
            ExitStatus::Code(code) => code,
            ExitStatus::Signal(signal) => signal << 8,
        }
    }
}

/// A signal's name without `SIG`, or its number.
pub fn signal_name(number: i32) -> String {
    signal::to_name(number).map_or_else(|| number.to_string(), String::from)
}

/// One line of the daemon's log, as the recordings normalise it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// The scenario runner starts step `n`.
    Step(usize, String),
    /// Event queued.
    Pending(String),
    /// Event matched against the jobs.
    Handling(String),
    /// Event done, with its environment.
    Finished(String, Vec<String>),
    /// Goal change.
    Goal(String, Goal, Goal),
    /// One step of the state machine.
    State(String, JobState, JobState),
    /// A start-on became true for this instance.
    Induct(String),
    /// Instance freed.
    Destroyed(String),
    /// Process forked.
    Spawn(String, ProcessKind, Pid),
    /// Exec failed.
    SpawnFailed(String, ProcessKind),
    /// Process ended.
    Exit(String, ProcessKind, Pid, ExitStatus),
    /// Process stopped by SIGSTOP.
    Stopped(String, ProcessKind, Pid),
    /// Process continued by SIGCONT.
    Continued(String, ProcessKind, Pid),
    /// The daemon signals a process group.
    Kill(String, ProcessKind, Pid, i32),
    /// Respawn decided.
    Respawn(String, ProcessKind),
    /// Respawn limit hit.
    RespawnTooFast(String),
    /// `expect fork|daemon` followed a fork.
    NewPid(String, ProcessKind, Pid, Pid),
    /// Any other daemon message.
    Other(String),
}

/// Marks a pid inside rendered text; [`number_pids`] turns marks into `<Pk>` placeholders.
pub fn pid_mark(pid: Pid) -> String {
    format!("\u{1}{pid}\u{2}")
}

impl Record {
    /// The trace line, pids marked.
    pub fn line(&self) -> String {
        let p = |pid: &Pid| pid_mark(*pid);
        match self {
            Record::Step(n, text) => format!("step {n} {text}"),
            Record::Pending(name) => format!("event pending {name}"),
            Record::Handling(name) => format!("event handling {name}"),
            Record::Finished(name, env) => {
                let mut line = format!("event finished {name}");
                for entry in env {
                    let _ = write!(line, " {}", quote(entry));
                }
                line
            }
            Record::Goal(job, from, to) => format!("goal {job} {} {}", from.name(), to.name()),
            Record::State(job, from, to) => {
                format!("state {job} {} {}", from.name(), to.name())
            }
            Record::Induct(job) => format!("induct {job}"),
            Record::Destroyed(job) => format!("destroyed {job}"),
            Record::Spawn(job, kind, pid) => format!("spawn {job} {} {}", kind.name(), p(pid)),
            Record::SpawnFailed(job, kind) => format!(
                "spawn-failed {job} {} unable to execute: No such file or directory",
                kind.name()
            ),
            Record::Exit(job, kind, pid, ExitStatus::Code(code)) => {
                format!("exit {job} {} {} status {code}", kind.name(), p(pid))
            }
            Record::Exit(job, kind, pid, ExitStatus::Signal(sig)) => format!(
                "exit {job} {} {} signal {}",
                kind.name(),
                p(pid),
                signal_name(*sig)
            ),
            Record::Stopped(job, kind, pid) => {
                format!("stopped {job} {} {} signal STOP", kind.name(), p(pid))
            }
            Record::Continued(job, kind, pid) => {
                format!("continued {job} {} {} signal CONT", kind.name(), p(pid))
            }
            Record::Kill(job, kind, pid, sig) => {
                format!(
                    "kill {job} {} {} {}",
                    kind.name(),
                    p(pid),
                    signal_name(*sig)
                )
            }
            Record::Respawn(job, kind) => format!("respawn {job} {}", kind.name()),
            Record::RespawnTooFast(job) => format!("respawn-too-fast {job}"),
            Record::NewPid(job, kind, from, to) => {
                format!("new-pid {job} {} {} {}", kind.name(), p(from), p(to))
            }
            Record::Other(text) => format!("other {text}"),
        }
    }
}

/// `"KEY=VALUE"` with `\`, `"` escaped, newline `\n`, tab `\t`, other control bytes `\xNN`.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Replaces pid marks by `<P1>`, `<P2>`, … in order of first appearance.
pub fn number_pids(text: &str) -> String {
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('\u{1}') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after.find('\u{2}').unwrap_or(after.len());
        let pid = &after[..end];
        let next = seen.len() + 1;
        let k = *seen.entry(pid).or_insert(next);
        let _ = write!(out, "<P{k}>");
        rest = after.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pids_numbered_by_first_appearance() {
        let text = format!("a {} b {} c {}", pid_mark(40), pid_mark(7), pid_mark(40));
        assert_eq!(number_pids(&text), "a <P1> b <P2> c <P1>");
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("B=x \"y\"\n"), "\"B=x \\\"y\\\"\\n\"");
    }
}
