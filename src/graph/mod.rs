//! The job/event graph of a workspace: who starts and stops whom, on which events, and who
//! emits them; its analyses (deadlock cycles, reachability from boot); its exports; and the
//! cross-job `G` rules built on it.

pub mod analysis;
mod condition;
pub mod dot;
pub mod export;
mod locate;
pub mod profile;
pub mod rules;

use std::collections::{BTreeSet, HashMap};

pub use condition::{Condition, Operand};
pub use profile::Profile;

pub use crate::initctl::is_job_event;

use crate::model::fnmatch::fnmatch;
use crate::model::{Bytes, Job};

/// Which condition of a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stanza {
    /// `start on`.
    Start,
    /// `stop on`.
    Stop,
}

impl Stanza {
    /// `start on` / `stop on`.
    pub fn name(self) -> &'static str {
        match self {
            Stanza::Start => "start on",
            Stanza::Stop => "stop on",
        }
    }
}

/// An `initctl emit EVENT` found in one of a job's scripts. Finding them is the shell
/// analysis' job; the graph takes whatever it is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptEmit {
    /// The job whose script emits.
    pub job: Bytes,
    /// The event name.
    pub event: Bytes,
}

/// A job in the graph, with its conditions.
#[derive(Debug)]
pub struct GraphJob<'w> {
    /// The job.
    pub job: &'w Job,
    /// `start on`, structure kept.
    pub start: Option<Condition>,
    /// `stop on`, structure kept.
    pub stop: Option<Condition>,
}

impl GraphJob<'_> {
    /// The condition of `stanza`.
    pub fn condition(&self, stanza: Stanza) -> Option<&Condition> {
        match stanza {
            Stanza::Start => self.start.as_ref(),
            Stanza::Stop => self.stop.as_ref(),
        }
    }
}

/// Who emits an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Emitter {
    /// A job's `emits PATTERN`.
    Declared {
        /// The job's index.
        job: usize,
        /// The declared name or glob.
        pattern: Bytes,
    },
    /// An `initctl emit` in a job's script.
    Script {
        /// The job's index.
        job: usize,
    },
    /// init or the platform (the profile).
    Outside {
        /// The profile's name or glob.
        pattern: Bytes,
    },
}

/// Jobs and events, and the edges between them.
#[derive(Debug)]
pub struct EventGraph<'w> {
    /// The jobs, in the order given.
    pub jobs: Vec<GraphJob<'w>>,
    /// Where events come from outside the job set.
    pub profile: Profile,
    /// `initctl emit` calls in scripts, by job index.
    pub script_emits: Vec<(usize, Bytes)>,
    index: HashMap<&'w [u8], usize>,
}

impl<'w> EventGraph<'w> {
    /// Builds the graph of `jobs` under `profile`.
    pub fn new(jobs: &[&'w Job], profile: Profile, script_emits: &[ScriptEmit]) -> Self {
        let mut index = HashMap::new();
        for (i, job) in jobs.iter().enumerate() {
            index.entry(job.name.as_slice()).or_insert(i);
        }
        let script_emits = script_emits
            .iter()
            .filter_map(|e| Some((*index.get(e.job.as_slice())?, e.event.clone())))
            .collect();
        EventGraph {
            jobs: jobs
                .iter()
                .map(|job| GraphJob {
                    job,
                    start: job.start_on.as_ref().map(Condition::new),
                    stop: job.stop_on.as_ref().map(Condition::new),
                })
                .collect(),
            profile,
            script_emits,
            index,
        }
    }

    /// The index of the job called `name`.
    pub fn job_index(&self, name: &[u8]) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// Every operand of every condition: job index, stanza, operand.
    pub fn operands(&self) -> impl Iterator<Item = (usize, Stanza, &Operand)> {
        self.jobs.iter().enumerate().flat_map(|(i, j)| {
            [Stanza::Start, Stanza::Stop]
                .into_iter()
                .filter_map(move |s| j.condition(s).map(|c| (s, c)))
                .flat_map(move |(s, c)| c.operands().into_iter().map(move |o| (i, s, o)))
        })
    }

    /// The event names conditions wait for (job events excluded).
    pub fn used_events(&self) -> BTreeSet<&[u8]> {
        self.operands()
            .filter(|(_, _, o)| !is_job_event(&o.event))
            .map(|(_, _, o)| o.event.as_slice())
            .collect()
    }

    /// Who emits `event`: declared `emits` (globs matched), scripts, and the profile.
    pub fn emitters(&self, event: &[u8]) -> Vec<Emitter> {
        let mut found = Vec::new();
        for (i, j) in self.jobs.iter().enumerate() {
            for pattern in &j.job.emits {
                if fnmatch(pattern, event) {
                    found.push(Emitter::Declared {
                        job: i,
                        pattern: pattern.clone(),
                    });
                }
            }
        }
        for (job, e) in &self.script_emits {
            if e == event {
                found.push(Emitter::Script { job: *job });
            }
        }
        for pattern in &self.profile.events {
            if fnmatch(pattern, event) {
                found.push(Emitter::Outside {
                    pattern: pattern.clone(),
                });
            }
        }
        found
    }

    /// The loaded job an operand's job event names, if any (`$VAR` names none).
    pub fn operand_job(&self, operand: &Operand) -> Option<usize> {
        operand.job.as_deref().and_then(|name| self.job_index(name))
    }
}
