//! `initctl show-config [-e]`: each job's name, `emits`, and conditions.

use super::{Entry, job_argument, rpn};
use crate::model::{Bytes, EventExpr, Job};

/// What `initctl show-config` prints for `jobs` (in init's order); with `enumerate` (`-e`), one
/// line per event instead of the collapsed expression.
pub fn show_config<'j>(jobs: impl IntoIterator<Item = &'j Job>, enumerate: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for job in jobs {
        line(&mut out, &[&job.name]);
        for event in &job.emits {
            line(&mut out, &[b"  emits ", event]);
        }
        for (stanza, expr) in [
            (&b"start on"[..], &job.start_on),
            (b"stop on", &job.stop_on),
        ] {
            let Some(expr) = expr else { continue };
            if enumerate {
                enumerate_events(&mut out, stanza, expr);
            } else {
                line(&mut out, &[b"  ", stanza, b" ", &collapse(expr)]);
            }
        }
    }
    out
}

/// `  start on EVENT (job: NAME, env: ARGS)` for every event, in order.
fn enumerate_events(out: &mut Vec<u8>, stanza: &[u8], expr: &EventExpr) {
    for entry in rpn(expr) {
        let Entry::Event(name, args) = entry else {
            continue;
        };
        let job = job_argument(name, args);
        let mut env = Vec::new();
        for (i, arg) in args.iter().enumerate() {
            if job.as_ref().is_none_or(|(at, _)| *at != i) {
                env.push(b' ');
                env.extend_from_slice(arg);
            }
        }
        let job_part: &[u8] = job.as_ref().map_or(&[], |(_, n)| n);
        let space: &[u8] = if job.is_some() { b" " } else { b"" };
        line(
            out,
            &[
                b"  ", stanza, b" ", name, b" (job:", space, job_part, b", env:", &env, b")",
            ],
        );
    }
}

/// The expression as one string: `(left and right)`, events with their arguments.
pub(crate) fn collapse(expr: &EventExpr) -> Bytes {
    let mut stack: Vec<Bytes> = Vec::new();
    for entry in rpn(expr) {
        match entry {
            Entry::Event(name, args) => {
                let mut element = name.to_vec();
                for arg in args {
                    element.push(b' ');
                    element.extend_from_slice(arg);
                }
                stack.push(element);
            }
            Entry::And | Entry::Or => {
                let right = stack.pop().unwrap_or_default();
                let left = stack.pop().unwrap_or_default();
                let operator: &[u8] = if entry == Entry::And {
                    b" and "
                } else {
                    b" or "
                };
                stack.push([&b"("[..], &left, operator, &right, b")"].concat());
            }
        }
    }
    stack.pop().unwrap_or_default()
}

fn line(out: &mut Vec<u8>, parts: &[&[u8]]) {
    for part in parts {
        out.extend_from_slice(part);
    }
    out.push(b'\n');
}
