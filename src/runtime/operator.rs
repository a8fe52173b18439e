//! `start on` / `stop on` trees at run time: leaves latch events, `reset` releases them
//! (spec §2.3–§2.5, `event_operator.c`).

use super::env::{self, Env};
use super::event::{Event, EventId};
use crate::model::fnmatch::fnmatch;
use crate::model::{Bytes, EventExpr};

/// A live operator tree.
#[derive(Debug, Clone)]
pub enum Operator {
    /// `EVENT [ARG…]`; TRUE once it has latched an event.
    Leaf {
        /// Event name.
        name: Bytes,
        /// Arguments, unexpanded.
        args: Vec<Bytes>,
        /// The event it latched.
        latched: Option<EventId>,
    },
    /// Both children.
    And(Box<Operator>, Box<Operator>, bool),
    /// Either child.
    Or(Box<Operator>, Box<Operator>, bool),
}

impl Operator {
    /// A fresh tree for an expression.
    pub fn new(expr: &EventExpr) -> Self {
        match expr {
            EventExpr::Match { name, args } => Operator::Leaf {
                name: name.clone(),
                args: args.clone(),
                latched: None,
            },
            EventExpr::And(a, b) => {
                Operator::And(Box::new(Self::new(a)), Box::new(Self::new(b)), false)
            }
            EventExpr::Or(a, b) => {
                Operator::Or(Box::new(Self::new(a)), Box::new(Self::new(b)), false)
            }
        }
    }

    /// The node's value.
    pub fn value(&self) -> bool {
        match self {
            Operator::Leaf { latched, .. } => latched.is_some(),
            Operator::And(_, _, v) | Operator::Or(_, _, v) => *v,
        }
    }

    /// `event_operator_handle`: offers `event` to every leaf (post-order); a FALSE leaf that
    /// matches latches it and `latch` is told (one blocker each). Returns whether any leaf latched.
    pub fn handle(
        &mut self,
        id: EventId,
        event: &Event,
        expand_env: Option<&Env>,
        latch: &mut impl FnMut(EventId),
    ) -> bool {
        match self {
            Operator::Leaf {
                name,
                args,
                latched,
            } => {
                if latched.is_none() && matches(name, args, event, expand_env) {
                    *latched = Some(id);
                    latch(id);
                    true
                } else {
                    false
                }
            }
            Operator::And(a, b, value) => {
                let hit =
                    a.handle(id, event, expand_env, latch) | b.handle(id, event, expand_env, latch);
                *value = a.value() && b.value();
                hit
            }
            Operator::Or(a, b, value) => {
                let hit =
                    a.handle(id, event, expand_env, latch) | b.handle(id, event, expand_env, latch);
                *value = a.value() || b.value();
                hit
            }
        }
    }

    /// `event_operator_reset`: clears every leaf; `release` is told of each latched event.
    pub fn reset(&mut self, release: &mut impl FnMut(EventId)) {
        match self {
            Operator::Leaf { latched, .. } => {
                if let Some(id) = latched.take() {
                    release(id);
                }
            }
            Operator::And(a, b, value) | Operator::Or(a, b, value) => {
                a.reset(release);
                b.reset(release);
                *value = false;
            }
        }
    }

    /// Whether some leaf has latched the event `id`.
    pub fn holds(&self, id: EventId) -> bool {
        match self {
            Operator::Leaf { latched, .. } => *latched == Some(id),
            Operator::And(a, b, _) | Operator::Or(a, b, _) => a.holds(id) || b.holds(id),
        }
    }

    /// The events of the TRUE part of the tree, in tree order (a TRUE leaf under a FALSE node
    /// does not count).
    pub fn true_events(&self, out: &mut Vec<EventId>) {
        if !self.value() {
            return;
        }
        match self {
            Operator::Leaf { latched, .. } => out.extend(*latched),
            Operator::And(a, b, _) | Operator::Or(a, b, _) => {
                a.true_events(out);
                b.true_events(out);
            }
        }
    }
}

/// `event_operator_match`: name equality, then every argument (spec §2.3).
fn matches(name: &[u8], args: &[Bytes], event: &Event, expand_env: Option<&Env>) -> bool {
    if name != event.name.as_slice() {
        return false;
    }
    let mut position = 0;
    for arg in args {
        let (value, pattern, negate) = match arg.iter().position(|&b| b == b'=') {
            Some(eq) => {
                let negate = eq > 0 && arg[eq - 1] == b'!';
                let key = &arg[..if negate { eq - 1 } else { eq }];
                let found = event.env.0.iter().position(|e| env::key_of(e) == key);
                let Some(index) = found else { return false };
                position = index + 1;
                (value_of(&event.env.0[index]), &arg[eq + 1..], negate)
            }
            None => {
                let Some(entry) = event.env.0.get(position) else {
                    return false;
                };
                position += 1;
                (value_of(entry), arg.as_slice(), false)
            }
        };
        let Ok(pattern) = env::expand(pattern, expand_env) else {
            return false;
        };
        if fnmatch(&pattern, value) == negate {
            return false;
        }
    }
    true
}

fn value_of(entry: &[u8]) -> &[u8] {
    let key = env::key_of(entry);
    entry.get(key.len() + 1..).unwrap_or_default()
}
