//! A `start on` / `stop on` condition with its and/or structure, operands numbered left to
//! right (the order of the events in the file).

use crate::initctl::job_argument;
use crate::model::{Bytes, EventExpr};

/// One event of a condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operand {
    /// Its position among the condition's events, left to right.
    pub leaf: usize,
    /// The event name.
    pub event: Bytes,
    /// For `starting|started|stopping|stopped`: the job named (as initctl reads it).
    pub job: Option<Bytes>,
}

impl Operand {
    fn same_wait(&self, other: &Operand) -> bool {
        self.event == other.event && self.job == other.job
    }
}

/// A condition tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// An event.
    Event(Operand),
    /// Both sides.
    All(Box<Condition>, Box<Condition>),
    /// Either side.
    Any(Box<Condition>, Box<Condition>),
}

impl Condition {
    /// The condition of an expression.
    pub fn new(expr: &EventExpr) -> Self {
        let mut leaf = 0;
        build(expr, &mut leaf, 0)
    }

    /// The operands, left to right.
    pub fn operands(&self) -> Vec<&Operand> {
        let mut out = Vec::new();
        let mut pending = vec![self];
        while let Some(node) = pending.pop() {
            match node {
                Condition::Event(o) => out.push(o),
                Condition::All(l, r) | Condition::Any(l, r) => {
                    pending.push(r);
                    pending.push(l);
                }
            }
        }
        out
    }

    /// Whether the condition can fire when `available` tells which operands can happen.
    pub fn eval(&self, available: &impl Fn(&Operand) -> bool) -> bool {
        match self {
            Condition::Event(o) => available(o),
            Condition::All(l, r) => l.eval(available) && r.eval(available),
            Condition::Any(l, r) => l.eval(available) || r.eval(available),
        }
    }

    /// The operands that must have happened whenever the condition fires.
    pub fn required(&self) -> Vec<&Operand> {
        match self {
            Condition::Event(o) => vec![o],
            Condition::All(l, r) => {
                let mut all = l.required();
                all.extend(r.required());
                all
            }
            Condition::Any(l, r) => {
                let right = r.required();
                l.required()
                    .into_iter()
                    .filter(|o| right.iter().any(|p| p.same_wait(o)))
                    .collect()
            }
        }
    }
}

/// Deep enough for any real job; deeper expressions are cut (the model never panics on input).
const MAX_DEPTH: usize = 256;

fn build(expr: &EventExpr, leaf: &mut usize, depth: usize) -> Condition {
    match expr {
        EventExpr::And(l, r) | EventExpr::Or(l, r) if depth < MAX_DEPTH => {
            let left = Box::new(build(l, leaf, depth + 1));
            let right = Box::new(build(r, leaf, depth + 1));
            if matches!(expr, EventExpr::And(..)) {
                Condition::All(left, right)
            } else {
                Condition::Any(left, right)
            }
        }
        EventExpr::Match { name, args } => {
            let operand = Operand {
                leaf: *leaf,
                event: name.clone(),
                job: job_argument(name, args).map(|(_, job)| job),
            };
            *leaf += 1;
            Condition::Event(operand)
        }
        EventExpr::And(..) | EventExpr::Or(..) => Condition::Event(Operand {
            leaf: usize::MAX,
            event: Vec::new(),
            job: None,
        }),
    }
}
