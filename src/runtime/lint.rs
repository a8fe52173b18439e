//! Problems a boot simulation shows about single jobs, for the linter: a half-matched
//! `start on`/`stop on` that holds an event something waits for (a held `starting X` keeps X in
//! starting; a blocking emitter never returns), and instances that never come to rest.

use super::engine::{Engine, Held};
use super::event::Progress;
use super::state::{Goal, JobState};
use crate::model::{Bytes, ProcessKind};

/// Which tree of a job latched an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tree {
    /// `start on`.
    StartOn,
    /// `stop on`.
    StopOn,
}

/// One problem, about one job class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BootFinding {
    /// The job's tree matched `event` but not the rest of its `and`, so it holds the event.
    HoldsEvent {
        /// The job.
        job: Bytes,
        /// Which tree.
        tree: Tree,
        /// The held event, with its environment.
        event: String,
        /// The job a held `starting`/`stopping` event keeps waiting, if any.
        blocks: Option<String>,
    },
    /// An instance of the job is not at rest when the boot is over.
    Stuck {
        /// The job.
        job: Bytes,
        /// `goal/state`.
        status: String,
        /// Who holds the event it waits for, when it waits for one.
        held_by: Vec<String>,
        /// A task without a main process: it never finishes (spec S46).
        endless_task: bool,
    },
}

/// The findings of a booted engine, class by class in hash order.
pub fn boot_findings(engine: &Engine) -> Vec<BootFinding> {
    let mut findings = Vec::new();
    for &id in &engine.queue {
        let event = &engine.events[id.0];
        if event.progress != Progress::Handling || event.blockers == 0 {
            continue;
        }
        let blocks = matches!(event.name.as_slice(), b"starting" | b"stopping")
            .then(|| event.env.get(b"JOB"))
            .flatten()
            .map(|job| String::from_utf8_lossy(job).into_owned());
        // A held event matters when something waits for it: the job of a `starting` or
        // `stopping` event, or a blocking emitter.
        if blocks.is_none() && event.waiters.is_empty() {
            continue;
        }
        let text = super::report::event_text(&event.name, &event.env.0);
        let mut push = |job: &Bytes, tree| {
            findings.push(BootFinding::HoldsEvent {
                job: job.clone(),
                tree,
                event: text.clone(),
                blocks: blocks.clone(),
            });
        };
        for class in &engine.classes {
            if class.start_on.as_ref().is_some_and(|t| t.holds(id)) {
                push(&class.job.name, Tree::StartOn);
            }
        }
        for instance in engine.instances.iter().flatten() {
            if instance.stop_on.as_ref().is_some_and(|t| t.holds(id)) {
                push(&engine.classes[instance.class].job.name, Tree::StopOn);
            }
        }
    }
    for instance in engine.instances.iter().flatten() {
        let job = &engine.classes[instance.class].job;
        if instance.goal == Goal::Start && instance.state == JobState::Running && !job.task {
            continue;
        }
        let held_by = instance
            .blocker
            .map(|blocker| holders(engine, blocker))
            .unwrap_or_default();
        let endless_task = job.task
            && instance.state == JobState::Running
            && !job.processes.contains_key(&ProcessKind::Main);
        findings.push(BootFinding::Stuck {
            job: job.name.clone(),
            status: format!("{}/{}", instance.goal.name(), instance.state.name()),
            held_by,
            endless_task,
        });
    }
    findings
}

/// Who keeps an event from finishing: instances holding it, half-matched trees.
fn holders(engine: &Engine, id: super::event::EventId) -> Vec<String> {
    let mut out = Vec::new();
    for instance in engine.instances.iter().flatten() {
        if instance.holding.contains(&Held::Event(id))
            || instance.stop_on.as_ref().is_some_and(|t| t.holds(id))
        {
            out.push(instance.label.clone());
        }
    }
    for class in &engine.classes {
        if class.start_on.as_ref().is_some_and(|t| t.holds(id)) && !out.contains(&class.name) {
            out.push(class.name.clone());
        }
    }
    out
}
