//! What a boot simulation shows a person: the order jobs started in, who made whom wait, which
//! jobs never started and for want of which event, events still held at the end (deadlocks),
//! respawn-limit stops, and instances that never came to rest.

use serde::Serialize;

use super::engine::Engine;
use super::event::Progress;
use super::state::{Goal, JobState};
use super::trace::Record;
use crate::model::EventExpr;

/// One line of the timeline.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Milestone {
    /// Seconds since boot.
    pub time: f64,
    /// `event`, `started`, `finished`, `failed`, `stopped`, `respawn-limit`.
    pub what: String,
    /// The job (`name` or `name[instance]`) or event (with its environment).
    pub subject: String,
}

/// A job that sat in `starting` or `stopping` while others held its event.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Wait {
    /// The job.
    pub job: String,
    /// `starting` or `stopping`.
    pub state: String,
    /// Seconds it waited (`null` when it is still waiting).
    pub seconds: Option<f64>,
    /// The jobs that held the event.
    pub held_by: Vec<String>,
}

/// A job that never left waiting.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NeverStarted {
    /// The job.
    pub job: String,
    /// Its `start on`, or `None` when it has none (or `manual`).
    pub start_on: Option<String>,
    /// Events named in its `start on` that nobody emitted.
    pub never_emitted: Vec<String>,
}

/// An event still handling at the end: someone holds it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HeldEvent {
    /// The event with its environment.
    pub event: String,
    /// Seconds since boot when it was emitted.
    pub since: f64,
    /// Who holds it: jobs it started or stopped, and half-matched `start on`/`stop on` trees.
    pub held_by: Vec<String>,
}

/// Everything a boot showed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BootReport {
    /// Number of jobs loaded.
    pub jobs: usize,
    /// Where the clock stopped (seconds).
    pub until: f64,
    /// Events and job milestones in order.
    pub timeline: Vec<Milestone>,
    /// Jobs held in starting/stopping by others, longest first.
    pub waits: Vec<Wait>,
    /// Jobs that never started.
    pub never_started: Vec<NeverStarted>,
    /// Events still held at the end.
    pub held_events: Vec<HeldEvent>,
    /// Jobs stopped by their respawn limit.
    pub respawn_limited: Vec<String>,
    /// Instances not at rest at the end (`job goal/state`).
    pub not_at_rest: Vec<String>,
}

const JOB_EVENTS: [&[u8]; 4] = [b"starting", b"started", b"stopping", b"stopped"];

fn seconds(micros: i64) -> f64 {
    micros as f64 / 1e6
}

/// `NAME KEY=VALUE …`.
pub(crate) fn event_text(name: &[u8], env: &[Vec<u8>]) -> String {
    let mut text = String::from_utf8_lossy(name).into_owned();
    for entry in env {
        text.push(' ');
        text.push_str(&String::from_utf8_lossy(entry));
    }
    text
}

/// An event expression as it would be written in a job file (with parentheses).
pub fn expr_text(expr: &EventExpr) -> String {
    match expr {
        EventExpr::Match { name, args } => event_text(name, args),
        EventExpr::And(a, b) => format!("({} and {})", expr_text(a), expr_text(b)),
        EventExpr::Or(a, b) => format!("({} or {})", expr_text(a), expr_text(b)),
    }
}

impl BootReport {
    /// Reads the report off a booted engine.
    pub fn new(engine: &Engine) -> Self {
        BootReport {
            jobs: engine.classes.len(),
            until: seconds(engine.now),
            timeline: timeline(engine),
            waits: waits(engine),
            never_started: never_started(engine),
            held_events: held_events(engine),
            respawn_limited: engine
                .records
                .iter()
                .filter_map(|(_, r)| match r {
                    Record::RespawnTooFast(job) => Some(job.clone()),
                    _ => None,
                })
                .collect(),
            not_at_rest: engine
                .instances
                .iter()
                .flatten()
                .filter(|i| {
                    !(i.goal == Goal::Start
                        && i.state == JobState::Running
                        && !engine.classes[i.class].job.task)
                })
                .map(|i| format!("{} {}/{}", i.label, i.goal.name(), i.state.name()))
                .collect(),
        }
    }
}

fn timeline(engine: &Engine) -> Vec<Milestone> {
    let mut out = Vec::new();
    let mut next_event = 0;
    for (time, record) in &engine.records {
        let time = seconds(*time);
        let milestone = |what: &str, subject: String| Milestone {
            time,
            what: what.into(),
            subject,
        };
        match record {
            Record::Pending(_) => {
                if let Some(event) = engine.events.get(next_event)
                    && !JOB_EVENTS.contains(&event.name.as_slice())
                {
                    out.push(milestone("event", event_text(&event.name, &event.env.0)));
                }
                next_event += 1;
            }
            Record::State(job, JobState::PostStart, JobState::Running) => {
                out.push(milestone("started", job.clone()));
            }
            Record::RespawnTooFast(job) => out.push(milestone("respawn-limit", job.clone())),
            Record::State(job, JobState::PostStop, JobState::Waiting) => {
                out.push(milestone("stopped", job.clone()));
            }
            _ => {}
        }
    }
    // A stop is a task finishing when its `stopped` event says RESULT=ok and it was a task;
    // a failure when RESULT=failed.
    for (milestone, event) in out
        .iter_mut()
        .filter(|m| m.what == "stopped")
        .zip(engine.events.iter().filter(|e| e.name == b"stopped"))
    {
        let failed = event.env.get(b"RESULT") == Some(b"failed");
        let task = engine
            .classes
            .iter()
            .any(|c| event.env.get(b"JOB") == Some(c.job.name.as_slice()) && c.job.task);
        milestone.what = match (failed, task) {
            (true, _) => "failed",
            (false, true) => "finished",
            (false, false) => "stopped",
        }
        .into();
        if failed {
            let detail: Vec<String> = event
                .env
                .0
                .get(2..)
                .unwrap_or_default()
                .iter()
                .map(|e| String::from_utf8_lossy(e).into_owned())
                .collect();
            milestone.subject = format!("{} ({})", milestone.subject, detail.join(" "));
        }
    }
    out
}

fn waits(engine: &Engine) -> Vec<Wait> {
    let mut waits: Vec<Wait> = engine
        .events
        .iter()
        .filter(|e| matches!(e.name.as_slice(), b"starting" | b"stopping") && !e.held_by.is_empty())
        .filter_map(|e| {
            let waited = e.finished_at.map(|f| f - e.queued_at);
            if waited.is_some_and(|w| w < 1_000) {
                return None;
            }
            Some(Wait {
                job: label_of(e),
                state: String::from_utf8_lossy(&e.name).into_owned(),
                seconds: waited.map(seconds),
                held_by: e.held_by.clone(),
            })
        })
        .collect();
    waits.sort_by(|a, b| {
        let key = |w: &Wait| w.seconds.unwrap_or(f64::INFINITY);
        key(b).total_cmp(&key(a))
    });
    waits
}

fn label_of(event: &super::event::Event) -> String {
    let job = String::from_utf8_lossy(event.env.get(b"JOB").unwrap_or_default()).into_owned();
    match event.env.get(b"INSTANCE") {
        Some(instance) if !instance.is_empty() => {
            format!("{job}[{}]", String::from_utf8_lossy(instance))
        }
        _ => job,
    }
}

fn never_started(engine: &Engine) -> Vec<NeverStarted> {
    let started: std::collections::BTreeSet<&str> = engine
        .records
        .iter()
        .filter_map(|(_, r)| match r {
            Record::State(job, JobState::Waiting, JobState::Starting) => {
                Some(job.split('[').next().unwrap_or(job))
            }
            _ => None,
        })
        .collect();
    // Job events count per job: `starting udev` is emitted only if udev ever started.
    let emitted: std::collections::BTreeSet<String> = engine
        .events
        .iter()
        .map(|e| {
            let name = String::from_utf8_lossy(&e.name).into_owned();
            match e.env.get(b"JOB") {
                Some(job) if JOB_EVENTS.contains(&e.name.as_slice()) => {
                    format!("{name} {}", String::from_utf8_lossy(job))
                }
                _ => name,
            }
        })
        .collect();
    engine
        .classes
        .iter()
        .filter(|c| !started.contains(c.name.as_str()))
        .map(|class| {
            let mut leaves = Vec::new();
            if let Some(expr) = &class.job.start_on {
                event_keys(expr, &mut leaves);
            }
            let mut never_emitted: Vec<String> = leaves
                .into_iter()
                .filter(|key| !emitted.contains(key))
                .collect();
            never_emitted.sort();
            never_emitted.dedup();
            NeverStarted {
                job: class.name.clone(),
                start_on: class.job.start_on.as_ref().map(expr_text),
                never_emitted,
            }
        })
        .collect()
}

/// The events a tree waits for: the name, and for job events the job (`started dbus`).
fn event_keys(expr: &EventExpr, out: &mut Vec<String>) {
    match expr {
        EventExpr::Match { name, args } => {
            let name_text = String::from_utf8_lossy(name).into_owned();
            match args.first() {
                Some(job) if JOB_EVENTS.contains(&name.as_slice()) && !job.contains(&b'=') => {
                    out.push(format!("{name_text} {}", String::from_utf8_lossy(job)));
                }
                _ => out.push(name_text),
            }
        }
        EventExpr::And(a, b) | EventExpr::Or(a, b) => {
            event_keys(a, out);
            event_keys(b, out);
        }
    }
}

fn held_events(engine: &Engine) -> Vec<HeldEvent> {
    engine
        .queue
        .iter()
        .map(|&id| (id, &engine.events[id.0]))
        .filter(|(_, e)| e.progress == Progress::Handling && e.blockers > 0)
        .map(|(id, event)| {
            let mut held_by = Vec::new();
            for instance in engine.instances.iter().flatten() {
                if instance.holding.contains(&super::engine::Held::Event(id)) {
                    held_by.push(instance.label.clone());
                }
                if instance.stop_on.as_ref().is_some_and(|t| t.holds(id)) {
                    held_by.push(format!("the stop on of {} (half matched)", instance.label));
                }
            }
            for class in &engine.classes {
                if class.start_on.as_ref().is_some_and(|t| t.holds(id)) {
                    held_by.push(format!("the start on of {} (half matched)", class.name));
                }
            }
            HeldEvent {
                event: event_text(&event.name, &event.env.0),
                since: seconds(event.queued_at),
                held_by,
            }
        })
        .collect()
}
