//! The engine's tables and its main loop: a virtual clock, an agenda of things that happen, and
//! `event_poll` over the FIFO event queue (spec §2.1, Appendix A; recordings README §4).

use std::collections::BTreeMap;

use super::env::Env;
use super::event::{Event, EventId};
use super::hash;
use super::operator::Operator;
use super::outcome::{Outcomes, Step};
use super::state::{Goal, JobState};
use super::trace::{ExitStatus, Pid, Record};
use crate::model::{Bytes, Job, ProcessKind};

/// Index of an instance in the engine's instance table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InstanceId(pub usize);

/// Index of a control command (an `initctl` call) in the engine's call table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CallId(pub usize);

/// One job class, in hash order.
#[derive(Debug)]
pub struct Class {
    /// The job as loaded.
    pub job: Job,
    /// Its name, printable.
    pub name: String,
    /// The class's `start on` tree, shared by its instances.
    pub start_on: Option<Operator>,
    /// Live instances, in hash order of their names.
    pub instances: Vec<InstanceId>,
    /// How many times each process slot has been spawned (selects the outcome run).
    pub runs: BTreeMap<ProcessKind, usize>,
}

/// Why a run failed (spec §1.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failure {
    /// The process that failed; `None` for the respawn limit.
    pub process: Option<ProcessKind>,
    /// How it ended; `None` when it could not be spawned.
    pub status: Option<ExitStatus>,
}

/// What an instance holds (its `blocking` list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// An event that started or stopped it.
    Event(EventId),
    /// A waiting `initctl` call.
    Call(CallId),
}

/// `expect` tracking state (spec §6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TraceState {
    /// Not tracing.
    None,
    /// Spawned, exec not yet seen.
    New,
    /// Following forks.
    Normal,
}

/// A running embodiment of a class.
#[derive(Debug)]
pub struct Instance {
    /// Its class (index in hash order).
    pub class: usize,
    /// Instance name (empty for single-instance jobs).
    pub name: Bytes,
    /// Display name for the trace: `name` or `name[inst]`.
    pub label: String,
    /// Goal.
    pub goal: Goal,
    /// State.
    pub state: JobState,
    /// Environment of the current run.
    pub env: Env,
    /// Environment for the next start.
    pub start_env: Option<Env>,
    /// Environment for pre-stop and post-stop.
    pub stop_env: Option<Env>,
    /// Private copy of the stop-on tree.
    pub stop_on: Option<Operator>,
    /// Live process ids by slot.
    pub pids: BTreeMap<ProcessKind, Pid>,
    /// The job event it waits for.
    pub blocker: Option<EventId>,
    /// What it holds.
    pub holding: Vec<Held>,
    /// First failure of this run.
    pub failure: Option<Failure>,
    /// Start of the respawn window (monotonic seconds).
    pub respawn_time: i64,
    /// Respawns in the window.
    pub respawn_count: i64,
    /// Forks followed so far.
    pub trace_forks: u32,
    /// Fork-following state.
    pub trace_state: TraceState,
    /// Agenda key of the kill timer, when armed.
    pub kill_timer: Option<(i64, u64)>,
}

/// A simulated process.
#[derive(Debug, Clone)]
pub struct Process {
    /// The instance slot it is, if the daemon supervises it.
    pub owner: Option<(InstanceId, ProcessKind)>,
    /// Its process group.
    pub pgid: Pid,
    /// Whether SIGTERM is ignored.
    pub ignore_term: bool,
    /// Whether it has ended (or was killed and its death is on its way).
    pub dead: bool,
    /// Agenda entries older than this belong to a previous plan and are void.
    pub valid_from: u64,
    /// Steps left to do once continued (after SIGSTOP or a blocking initctl).
    pub resume: Option<Vec<Step>>,
    /// Stopped by SIGSTOP: only SIGKILL takes effect until it is continued.
    pub stopped: bool,
}

/// Something that happens at a moment of virtual time.
#[derive(Debug, Clone)]
pub enum Happening {
    /// An `initctl` request reaches the daemon.
    Command(CallId),
    /// initctl asks for the status to print after a reply.
    StatusQuery(CallId),
    /// A process's exec succeeded; it starts doing its steps.
    ExecOk(Pid, Vec<Step>),
    /// A process's exec failed.
    SpawnFailed(Pid),
    /// A process ended.
    Exited(Pid, ExitStatus),
    /// A process forked.
    Forked(Pid, Pid),
    /// A process stopped itself with SIGSTOP.
    Stopped(Pid),
    /// A kill timeout expired.
    KillTimer(InstanceId, Pid),
}

impl Happening {
    /// Main-loop phase: I/O, then children, then timers (recordings README §4).
    fn phase(&self) -> u8 {
        match self {
            Happening::Command(_)
            | Happening::StatusQuery(_)
            | Happening::ExecOk(..)
            | Happening::SpawnFailed(_) => 0,
            Happening::Exited(..) | Happening::Forked(..) | Happening::Stopped(_) => 1,
            Happening::KillTimer(..) => 2,
        }
    }

    /// The process an entry is about, to drop it when that process's plan changes.
    fn process(&self) -> Option<Pid> {
        match self {
            Happening::ExecOk(pid, _)
            | Happening::SpawnFailed(pid)
            | Happening::Exited(pid, _)
            | Happening::Forked(pid, _)
            | Happening::Stopped(pid) => Some(*pid),
            _ => None,
        }
    }
}

/// The simulated init daemon.
#[derive(Debug)]
pub struct Engine {
    /// Job classes in hash order.
    pub classes: Vec<Class>,
    /// Instances (freed slots are `None`).
    pub instances: Vec<Option<Instance>>,
    /// Every event ever queued.
    pub events: Vec<Event>,
    /// The queue: events not yet finished, FIFO.
    pub queue: Vec<EventId>,
    /// Processes by pid.
    pub processes: BTreeMap<Pid, Process>,
    /// Control calls.
    pub calls: Vec<super::control::Call>,
    /// What the processes do.
    pub outcomes: Outcomes,
    /// The log, with virtual times.
    pub records: Vec<(i64, Record)>,
    /// Virtual time in microseconds.
    pub now: i64,
    /// Whether the last run reached its end time (false: it ran out of budget).
    pub completed: bool,
    agenda: BTreeMap<(i64, u64), Happening>,
    seq: u64,
    next_pid: Pid,
}

/// How many instances a simulation may create before it is stopped: instance names built from
/// event variables can multiply without end.
pub const MAX_INSTANCES: usize = 2_000;

/// How long a log a simulation may write before it is stopped.
pub const MAX_RECORDS: usize = 2_000_000;

/// The real monotonic clock is far from zero, so the first respawn always opens a window.
const MONOTONIC_BASE_SECONDS: i64 = 1000;

impl Engine {
    /// An idle daemon with `jobs` loaded in this order (config load order).
    pub fn new(jobs: Vec<Job>, outcomes: Outcomes) -> Self {
        let mut classes: Vec<Class> = Vec::with_capacity(jobs.len());
        for job in jobs {
            let name = String::from_utf8_lossy(&job.name).into_owned();
            if let Some(existing) = classes.iter_mut().find(|c| c.name == name) {
                *existing = Class::new(job, name);
                continue;
            }
            let at =
                hash::insertion_index(classes.iter().map(|c| c.name.as_bytes()), name.as_bytes());
            classes.insert(at, Class::new(job, name));
        }
        Engine {
            classes,
            instances: Vec::new(),
            events: Vec::new(),
            queue: Vec::new(),
            processes: BTreeMap::new(),
            calls: Vec::new(),
            outcomes,
            records: Vec::new(),
            now: 0,
            completed: true,
            agenda: BTreeMap::new(),
            seq: 0,
            next_pid: 1000,
        }
    }

    /// Logs a record at the current time.
    pub fn log(&mut self, record: Record) {
        self.records.push((self.now, record));
    }

    /// The instance behind `id`, if it still exists.
    pub fn instance(&self, id: InstanceId) -> Option<&Instance> {
        self.instances.get(id.0).and_then(Option::as_ref)
    }

    /// Mutable access to a live instance.
    pub fn instance_mut(&mut self, id: InstanceId) -> Option<&mut Instance> {
        self.instances.get_mut(id.0).and_then(Option::as_mut)
    }

    /// The class of a job name.
    pub fn class_index(&self, name: &str) -> Option<usize> {
        self.classes.iter().position(|c| c.name == name)
    }

    /// Monotonic seconds, as the respawn limit reads them.
    pub fn monotonic_seconds(&self) -> i64 {
        MONOTONIC_BASE_SECONDS + self.now.div_euclid(1_000_000)
    }

    /// Puts `what` on the agenda `delay` microseconds from now; returns its key.
    pub fn schedule(&mut self, delay: i64, what: Happening) -> (i64, u64) {
        self.seq += 1;
        let key = (self.now.saturating_add(delay), self.seq);
        self.agenda.insert(key, what);
        key
    }

    /// Removes an agenda entry.
    pub fn cancel(&mut self, key: (i64, u64)) {
        self.agenda.remove(&key);
    }

    /// Voids every agenda entry of `pid` scheduled so far.
    pub fn void_plans(&mut self, pid: Pid) {
        let seq = self.seq + 1;
        if let Some(process) = self.processes.get_mut(&pid) {
            process.valid_from = seq;
        }
    }

    /// A fresh pid.
    pub fn allocate_pid(&mut self) -> Pid {
        self.next_pid += 1;
        self.next_pid
    }

    /// When the next thing happens, if anything is left.
    pub fn next_time(&self) -> Option<i64> {
        self.agenda.keys().next().map(|&(time, _)| time)
    }

    /// One main-loop iteration at the next moment something happens; `false` when idle.
    ///
    /// A simulation that has logged [`MAX_RECORDS`] lines (a respawn loop without a limit,
    /// say) stops there, with a note in the log.
    pub fn iterate(&mut self) -> bool {
        let Some(time) = self.next_time() else {
            return false;
        };
        if self.records.len() >= MAX_RECORDS {
            self.agenda.clear();
            self.log(Record::Other(format!(
                "simulation stopped after {MAX_RECORDS} log lines"
            )));
            return false;
        }
        self.now = self.now.max(time);
        let limit = self.seq;
        let mut batch = self.take_due(time, 0, limit, |_| true);
        batch.sort_by_key(|(seq, h)| (h.phase(), *seq));
        let children = batch.partition_point(|(_, h)| h.phase() == 0);
        let later = batch.split_off(children);
        self.dispatch_all(batch);
        // A process that exits (forks, stops) at once after its exec is reaped in the same
        // iteration as its exec confirmation: I/O first, then children (README §4, run 2 of 56).
        let mut later = later;
        later.extend(self.take_due(time, limit + 1, u64::MAX, |h| h.phase() > 0));
        later.sort_by_key(|(seq, h)| (h.phase(), *seq));
        self.dispatch_all(later);
        self.event_poll();
        true
    }

    /// Removes and returns the agenda entries due at `time` with a sequence number in
    /// `from..=to` that `wanted` accepts.
    fn take_due(
        &mut self,
        time: i64,
        from: u64,
        to: u64,
        wanted: impl Fn(&Happening) -> bool,
    ) -> Vec<(u64, Happening)> {
        let keys: Vec<(i64, u64)> = self
            .agenda
            .range((time, from)..=(time, to))
            .filter(|(_, h)| wanted(h))
            .map(|(k, _)| *k)
            .collect();
        keys.into_iter()
            .filter_map(|k| self.agenda.remove(&k).map(|h| (k.1, h)))
            .collect()
    }

    /// Dispatches happenings in order, skipping what a killed process had planned.
    fn dispatch_all(&mut self, batch: Vec<(u64, Happening)>) {
        for (seq, happening) in batch {
            let pid = match &happening {
                Happening::Command(call) => match self.calls[call.0].origin {
                    super::control::Origin::Process(pid) => Some(pid),
                    _ => None,
                },
                other => other.process(),
            };
            let void = pid
                .and_then(|pid| self.processes.get(&pid))
                .is_some_and(|p| seq < p.valid_from);
            if !void {
                self.dispatch(happening);
            }
        }
    }

    /// Runs every iteration up to and including time `until`, then sets the clock to it.
    pub fn run_until(&mut self, until: i64) {
        self.run_until_within(until, usize::MAX);
    }

    /// [`Engine::run_until`], but gives up after `budget` iterations of the main loop (a job
    /// set whose events feed each other can keep a boot busy for ever); returns whether the
    /// clock reached `until`.
    pub fn run_until_within(&mut self, until: i64, budget: usize) -> bool {
        let mut left = budget;
        while self.next_time().is_some_and(|t| t <= until) {
            if left == 0 || self.instances.len() > MAX_INSTANCES {
                return false;
            }
            left -= 1;
            self.iterate();
        }
        self.now = self.now.max(until);
        true
    }

    fn dispatch(&mut self, happening: Happening) {
        match happening {
            Happening::Command(call) => self.execute(call),
            Happening::StatusQuery(call) => self.answer_status(call),
            Happening::ExecOk(pid, steps) => self.exec_ok(pid, steps),
            Happening::SpawnFailed(pid) => self.spawn_failed(pid),
            Happening::Exited(pid, status) => self.exited(pid, status),
            Happening::Forked(parent, child) => self.forked(parent, child),
            Happening::Stopped(pid) => self.stopped(pid),
            Happening::KillTimer(id, pid) => self.kill_timer(id, pid),
        }
    }
}

impl Class {
    fn new(job: Job, name: String) -> Self {
        Class {
            start_on: job.start_on.as_ref().map(Operator::new),
            job,
            name,
            instances: Vec::new(),
            runs: BTreeMap::new(),
        }
    }
}
