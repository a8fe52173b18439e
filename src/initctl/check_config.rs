//! `initctl check-config [-w] [-i EVENTS] [JOB]`: conditions naming events nothing emits, or
//! jobs that do not exist.
//!
//! initctl's own algorithm (`util/initctl.c`, `check_condition`), including its quirks: the
//! tree is rebuilt from the RPN with the operands swapped, so errors come out right to left; only
//! operator nodes and the root are examined, pre-order; the first false one has its whole subtree
//! printed and ends that condition.

use super::{Entry, job_argument, rpn};
use crate::model::fnmatch::fnmatch;
use crate::model::{Bytes, EventExpr, Job};

/// What `check-config` is told.
#[derive(Debug, Clone, Default)]
pub struct CheckConfigOptions {
    /// `-w`: an `or` needs both sides, so every unknown name is reported.
    pub warn: bool,
    /// `-i`: event names to accept (exact names, not globs).
    pub ignored_events: Vec<Bytes>,
    /// Whether initctl talks to a session init (`--user`): then `session-end` is internal.
    pub user_mode: bool,
}

impl CheckConfigOptions {
    /// Adds the events of one `-i` argument: comma-separated, empty items dropped.
    pub fn ignore(&mut self, list: &[u8]) {
        self.ignored_events.extend(
            list.split(|&b| b == b',')
                .filter(|e| !e.is_empty())
                .map(<[u8]>::to_vec),
        );
    }
}

/// What `initctl check-config` prints for `jobs` (in init's order), and whether it found
/// anything (its exit status 1). `only` restricts the report to one job.
pub fn check_config(
    jobs: &[&Job],
    only: Option<&[u8]>,
    options: &CheckConfigOptions,
) -> (Vec<u8>, bool) {
    let known = Known {
        jobs,
        emits: jobs.iter().flat_map(|j| j.emits.iter()).collect(),
        options,
    };
    let mut out = Vec::new();
    let mut found = false;
    for job in jobs.iter().filter(|j| only.is_none_or(|o| o == j.name)) {
        let mut report = Vec::new();
        for (stanza, expr) in [("start on", &job.start_on), ("stop on", &job.stop_on)] {
            if let Some(expr) = expr {
                report_condition(&mut report, stanza, expr, &known);
            }
        }
        if !report.is_empty() {
            found = true;
            out.extend_from_slice(&job.name);
            out.push(b'\n');
            out.extend_from_slice(&report);
        }
    }
    (out, found)
}

/// The names check-config accepts.
struct Known<'a> {
    jobs: &'a [&'a Job],
    emits: Vec<&'a Bytes>,
    options: &'a CheckConfigOptions,
}

impl Known<'_> {
    /// `allow_job`: a loaded job, or anything starting with `$`.
    fn job(&self, name: &[u8]) -> bool {
        name.first() == Some(&b'$') || self.jobs.iter().any(|j| j.name == name)
    }

    /// `allow_event`: matched by some job's `emits` glob, internal to init, or ignored.
    fn event(&self, name: &[u8]) -> bool {
        self.emits.iter().any(|pattern| fnmatch(pattern, name))
            || is_init_event(name, self.options.user_mode)
            || self.options.ignored_events.iter().any(|e| e == name)
    }
}

/// `IS_INIT_EVENT`: events init emits itself.
fn is_init_event(name: &[u8], user_mode: bool) -> bool {
    matches!(
        name,
        b"startup"
            | b"debug"
            | b"control-alt-delete"
            | b"keyboard-request"
            | b"power-status-changed"
            | b"starting"
            | b"started"
            | b"stopping"
            | b"stopped"
    ) || (user_mode && name == b"session-end")
}

/// A node of initctl's expression tree.
struct Node {
    operator: bool,
    value: bool,
    /// `left` is the operand popped first: the right-hand one in the file.
    children: Option<(usize, usize)>,
    unknown_event: Option<Bytes>,
    unknown_job: Option<Bytes>,
}

fn report_condition(out: &mut Vec<u8>, stanza: &str, expr: &EventExpr, known: &Known) {
    let mut nodes: Vec<Node> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for entry in rpn(expr) {
        let node = match entry {
            Entry::Event(name, args) => operand(name, args, known),
            Entry::And | Entry::Or => {
                let (Some(first), Some(second)) = (stack.pop(), stack.pop()) else {
                    return;
                };
                let (a, b) = (nodes[first].value, nodes[second].value);
                Node {
                    operator: true,
                    value: if entry == Entry::And || known.options.warn {
                        a && b
                    } else {
                        a || b
                    },
                    children: Some((first, second)),
                    unknown_event: None,
                    unknown_job: None,
                }
            }
        };
        nodes.push(node);
        stack.push(nodes.len() - 1);
    }
    let Some(&root) = stack.last() else { return };
    // Pre-order over operator nodes and the root; the first false one is reported whole.
    let mut pending = vec![root];
    while let Some(index) = pending.pop() {
        let node = &nodes[index];
        if !(node.operator || index == root) {
            continue;
        }
        if !node.value {
            print_subtree(out, stanza, &nodes, index);
            return;
        }
        if let Some((left, right)) = node.children {
            pending.push(right);
            pending.push(left);
        }
    }
}

/// initctl's operand: `EVENT` or `EVENT JOB`, split again at the first space.
fn operand(name: &[u8], args: &[Bytes], known: &Known) -> Node {
    let mut text = name.to_vec();
    if let Some((_, job)) = job_argument(name, args) {
        text.push(b' ');
        text.extend_from_slice(&job);
    }
    let (event, job) = match text.iter().position(|&b| b == b' ') {
        Some(space) => (text[..space].to_vec(), Some(text[space + 1..].to_vec())),
        None => (text, None),
    };
    let unknown_job = job.filter(|j| !known.job(j));
    let unknown_event = (!known.event(&event)).then_some(event);
    Node {
        operator: false,
        value: unknown_job.is_none() && unknown_event.is_none(),
        children: None,
        unknown_event,
        unknown_job,
    }
}

/// Post-order: the left child (the file's right operand) first.
fn print_subtree(out: &mut Vec<u8>, stanza: &str, nodes: &[Node], top: usize) {
    let mut pending = vec![(top, false)];
    while let Some((index, visited)) = pending.pop() {
        let node = &nodes[index];
        match (node.children, visited) {
            (Some((left, right)), false) => {
                pending.push((index, true));
                pending.push((right, false));
                pending.push((left, false));
            }
            _ => {
                for (what, name) in [("event", &node.unknown_event), ("job", &node.unknown_job)] {
                    if let Some(name) = name {
                        out.extend_from_slice(format!("  {stanza}: unknown {what} ").as_bytes());
                        out.extend_from_slice(name);
                        out.push(b'\n');
                    }
                }
            }
        }
    }
}
