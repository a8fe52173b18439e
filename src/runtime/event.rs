//! Events: a name, an environment, a progress and the things waiting for it (spec §2.1).

use super::env::Env;
use crate::model::Bytes;

/// Index of an event in the engine's event table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventId(pub usize);

/// Where an event is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Queued, not yet matched against jobs.
    Pending,
    /// Matched; waits for its blockers to drop to zero.
    Handling,
    /// Done.
    Finished,
}

/// Something that waits for an event to finish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiter {
    /// An instance blocked on its own `starting` / `stopping` event.
    Job(super::InstanceId),
    /// A blocking `initctl emit`.
    Emit(super::CallId),
}

/// One event.
#[derive(Debug, Clone)]
pub struct Event {
    /// Its name.
    pub name: Bytes,
    /// Its environment, in the emitter's order.
    pub env: Env,
    /// Where it is.
    pub progress: Progress,
    /// How many latches and job holds keep it from finishing.
    pub blockers: usize,
    /// Whether a job holding it failed.
    pub failed: bool,
    /// What waits for it to finish.
    pub waiters: Vec<Waiter>,
    /// When it was queued (virtual microseconds).
    pub queued_at: i64,
    /// When it finished, if it did.
    pub finished_at: Option<i64>,
    /// The instances (labels) that ever held it, for reports.
    pub held_by: Vec<String>,
}

impl Event {
    /// A new pending event.
    pub fn new(name: Bytes, env: Env, now: i64) -> Self {
        Event {
            name,
            env,
            progress: Progress::Pending,
            blockers: 0,
            failed: false,
            waiters: Vec::new(),
            queued_at: now,
            finished_at: None,
            held_by: Vec::new(),
        }
    }
}
