//! `initctl check-config [-w] [-i EVENTS] [JOB]`: conditions naming events nothing emits, or
//! jobs that do not exist.
//!
//! initctl's own algorithm (`util/initctl.c`, `check_condition`), including its quirks: the
//! tree is rebuilt from the RPN with the operands swapped, so errors come out right to left; only
//! operator nodes and the root are examined, pre-order; the first false one has its whole subtree
//! printed and ends that condition.

use std::collections::HashSet;

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
    /// Not initctl's: event globs known to come from outside the job set (a platform profile),
    /// matched as `emits` are.
    pub outside_events: Vec<Bytes>,
    /// Not initctl's: jobs known to exist outside the job set (a platform profile).
    pub outside_jobs: Vec<Bytes>,
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
    let mut out = Vec::new();
    let mut found = false;
    for (index, report) in unknown_names(jobs, options) {
        let job = jobs[index];
        if only.is_some_and(|o| o != job.name) {
            continue;
        }
        found = true;
        out.extend_from_slice(&job.name);
        out.push(b'\n');
        for (stanza, unknown) in report {
            for u in unknown {
                out.extend_from_slice(format!("  {stanza}: unknown {} ", u.kind.word()).as_bytes());
                out.extend_from_slice(&u.name);
                out.push(b'\n');
            }
        }
    }
    (out, found)
}

/// What an unknown name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// An event nothing emits.
    Event,
    /// A job that is not loaded.
    Job,
}

impl NameKind {
    fn word(self) -> &'static str {
        match self {
            NameKind::Event => "event",
            NameKind::Job => "job",
        }
    }
}

/// One name check-config reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// The operand's position among the condition's events, left to right.
    pub leaf: usize,
    /// Event or job.
    pub kind: NameKind,
    /// The name.
    pub name: Bytes,
}

/// One job's findings: per condition (`start on` before `stop on`), in check-config's order.
pub type JobReport = Vec<(&'static str, Vec<Unknown>)>;

/// The unknown names of each job with any, by index into `jobs`.
pub fn unknown_names(jobs: &[&Job], options: &CheckConfigOptions) -> Vec<(usize, JobReport)> {
    let known = Known {
        jobs: jobs
            .iter()
            .map(|j| j.name.as_slice())
            .chain(options.outside_jobs.iter().map(Vec::as_slice))
            .collect(),
        emits: jobs
            .iter()
            .flat_map(|j| j.emits.iter())
            .chain(&options.outside_events)
            .collect(),
        options,
    };
    let mut reports = Vec::new();
    for (index, job) in jobs.iter().enumerate() {
        let mut report = Vec::new();
        for (stanza, expr) in [("start on", &job.start_on), ("stop on", &job.stop_on)] {
            if let Some(expr) = expr {
                let unknown = report_condition(expr, &known);
                if !unknown.is_empty() {
                    report.push((stanza, unknown));
                }
            }
        }
        if !report.is_empty() {
            reports.push((index, report));
        }
    }
    reports
}

/// The names check-config accepts.
struct Known<'a> {
    jobs: HashSet<&'a [u8]>,
    emits: Vec<&'a Bytes>,
    options: &'a CheckConfigOptions,
}

impl Known<'_> {
    /// `allow_job`: a loaded job, or anything starting with `$`.
    fn job(&self, name: &[u8]) -> bool {
        name.first() == Some(&b'$') || self.jobs.contains(name)
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
    /// For an operand: its position among the events, left to right.
    leaf: usize,
    unknown_event: Option<Bytes>,
    unknown_job: Option<Bytes>,
}

fn report_condition(expr: &EventExpr, known: &Known) -> Vec<Unknown> {
    let mut nodes: Vec<Node> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut leaf = 0;
    for entry in rpn(expr) {
        let node = match entry {
            Entry::Event(name, args) => {
                leaf += 1;
                operand(leaf - 1, name, args, known)
            }
            Entry::And | Entry::Or => {
                let (Some(first), Some(second)) = (stack.pop(), stack.pop()) else {
                    return Vec::new();
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
                    leaf: 0,
                    unknown_event: None,
                    unknown_job: None,
                }
            }
        };
        nodes.push(node);
        stack.push(nodes.len() - 1);
    }
    let Some(&root) = stack.last() else {
        return Vec::new();
    };
    // Pre-order over operator nodes and the root; the first false one is reported whole.
    let mut pending = vec![root];
    while let Some(index) = pending.pop() {
        let node = &nodes[index];
        if !(node.operator || index == root) {
            continue;
        }
        if !node.value {
            return subtree(&nodes, index);
        }
        if let Some((left, right)) = node.children {
            pending.push(right);
            pending.push(left);
        }
    }
    Vec::new()
}

/// initctl's operand: `EVENT` or `EVENT JOB`, split again at the first space.
fn operand(leaf: usize, name: &[u8], args: &[Bytes], known: &Known) -> Node {
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
        leaf,
        unknown_event,
        unknown_job,
    }
}

/// Post-order: the left child (the file's right operand) first.
fn subtree(nodes: &[Node], top: usize) -> Vec<Unknown> {
    let mut found = Vec::new();
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
                for (kind, name) in [
                    (NameKind::Event, &node.unknown_event),
                    (NameKind::Job, &node.unknown_job),
                ] {
                    if let Some(name) = name {
                        found.push(Unknown {
                            leaf: node.leaf,
                            kind,
                            name: name.clone(),
                        });
                    }
                }
            }
        }
    }
    found
}
