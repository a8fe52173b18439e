//! The `initctl` calls a job's shell makes: events it emits and jobs it starts or stops. They
//! are edges of the event graph that no stanza declares.

use rowan::TextRange;

use super::commands::{SimpleCommand, Word};
use super::extract::Fragment;
use crate::model::ProcessKind;

/// What an `initctl` call does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InitctlAction {
    /// `initctl emit EVENT`.
    Emit,
    /// `start [JOB]` / `initctl start`.
    Start,
    /// `stop [JOB]` / `initctl stop`.
    Stop,
    /// `restart [JOB]`.
    Restart,
    /// `reload [JOB]`.
    Reload,
}

/// One `initctl emit|start|stop|restart|reload` in a job's shell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitctlCall {
    /// What it does.
    pub action: InitctlAction,
    /// The event (for `emit`) or job named, as written (quotes removed); `None` when a job
    /// command names no job, which means the calling job itself (`$UPSTART_JOB`).
    pub target: Option<String>,
    /// The `KEY=VALUE` arguments (the event's environment, or the instance's).
    pub args: Vec<String>,
    /// `--no-wait` / `-n`: the caller does not wait for the event or job.
    pub no_wait: bool,
    /// The process whose shell makes the call.
    pub process: ProcessKind,
    /// The whole command in the job file.
    pub range: TextRange,
}

/// The program names that reach initctl: `initctl` itself, and the `start`/`stop`/`restart`/
/// `reload` links to it.
fn action_of(command: &[Word]) -> Option<(InitctlAction, &[Word])> {
    let (first, rest) = command.split_first()?;
    let program = first.text.rsplit('/').next().unwrap_or_default();
    let job_action = |name: &str| match name {
        "start" => Some(InitctlAction::Start),
        "stop" => Some(InitctlAction::Stop),
        "restart" => Some(InitctlAction::Restart),
        "reload" => Some(InitctlAction::Reload),
        _ => None,
    };
    if program == "initctl" {
        let at = rest.iter().position(|w| !w.text.starts_with('-'))?;
        let sub = rest[at].text.as_str();
        let action = if sub == "emit" {
            InitctlAction::Emit
        } else {
            job_action(sub)?
        };
        return Some((action, &rest[at + 1..]));
    }
    Some((job_action(program)?, rest))
}

/// The call `command` makes, if it is one.
pub fn call(fragment: &Fragment, command: &SimpleCommand) -> Option<InitctlCall> {
    let mut words = command.command_words();
    if words.first().is_some_and(|w| w.text == "exec") {
        words = &words[1..];
    }
    let (action, rest) = action_of(words)?;
    let unquote = |w: &Word| w.text.replace(['"', '\''], "");
    let no_wait = rest.iter().any(|w| w.text == "--no-wait" || w.text == "-n");
    let operands: Vec<String> = rest
        .iter()
        .filter(|w| !w.text.starts_with('-') && !w.text.starts_with('>') && !w.text.contains('>'))
        .map(unquote)
        .collect();
    let (target, args) = match operands.split_first() {
        Some((first, rest)) if !first.contains('=') => (Some(first.clone()), rest.to_vec()),
        _ => (None, operands),
    };
    let range = command.range();
    Some(InitctlCall {
        action,
        target,
        args: args.into_iter().filter(|a| a.contains('=')).collect(),
        no_wait,
        process: fragment.process,
        range: fragment.file_range(range.start, range.end),
    })
}
