//! Upstart's `initctl show-config` and `check-config`, answered from the files instead of from a
//! running init. Both read a job's conditions the way initctl receives them over D-Bus: as the
//! operator tree in reverse Polish notation, one entry per event (name, then its arguments) or
//! operator (`/AND`, `/OR`).

mod check_config;
mod show_config;

pub use check_config::{
    CheckConfigOptions, JobReport, NameKind, Unknown, check_config, unknown_names,
};
pub(crate) use show_config::collapse;
pub use show_config::show_config;

use crate::model::{Bytes, EventExpr};

/// One entry of a condition in reverse Polish notation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Entry<'a> {
    /// `/AND`.
    And,
    /// `/OR`.
    Or,
    /// An event: its name and arguments. initctl reads arguments up to the first empty one.
    Event(&'a [u8], &'a [Bytes]),
}

/// The condition as init sends it: post-order, left operand first.
pub(crate) fn rpn(expr: &EventExpr) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    let mut pending = vec![(expr, false)];
    while let Some((node, expanded)) = pending.pop() {
        match node {
            EventExpr::Match { name, args } => {
                let end = args.iter().position(Vec::is_empty).unwrap_or(args.len());
                out.push(Entry::Event(name, &args[..end]));
            }
            EventExpr::And(..) | EventExpr::Or(..) if expanded => {
                out.push(if matches!(node, EventExpr::And(..)) {
                    Entry::And
                } else {
                    Entry::Or
                })
            }
            EventExpr::And(lhs, rhs) | EventExpr::Or(lhs, rhs) => {
                pending.push((node, true));
                pending.push((rhs, false));
                pending.push((lhs, false));
            }
        }
    }
    out
}

/// Whether `event` is one of the four job events init emits for every job; their first
/// argument names a job.
pub fn is_job_event(event: &[u8]) -> bool {
    matches!(event, b"starting" | b"started" | b"stopping" | b"stopped")
}

/// initctl's `GET_JOB_NAME`: for a job event, the job is the first argument that starts with
/// `JOB=`, or the first argument if it has no `=`. Returns the argument's index and the name.
pub(crate) fn job_argument(event: &[u8], args: &[Bytes]) -> Option<(usize, Bytes)> {
    if !is_job_event(event) {
        return None;
    }
    args.iter().enumerate().find_map(|(i, arg)| {
        if let Some(name) = arg.strip_prefix(b"JOB=") {
            Some((i, name.to_vec()))
        } else if i == 0 && !arg.contains(&b'=') {
            Some((i, arg.clone()))
        } else {
            None
        }
    })
}
