//! The job state machine: goals, state entry actions, job events, holding and releasing
//! (spec §1, `job.c`), and inducting instances from a start-on match (spec §2.2).

use std::collections::BTreeMap;

use super::engine::{CallId, Engine, Failure, Held, Instance, InstanceId, TraceState};
use super::env::{self, Env};
use super::event::{EventId, Waiter};
use super::hash;
use super::state::{Goal, JobState, next_state};
use super::trace::{ExitStatus, Record, signal_name};
use crate::model::{Bytes, ProcessKind};

impl Engine {
    /// `job_change_goal`: records the goal; only the two rest states act on it at once.
    pub fn change_goal(&mut self, id: InstanceId, goal: Goal) {
        let Some(instance) = self.instance_mut(id) else {
            return;
        };
        if instance.goal == goal {
            return;
        }
        let (from, state) = (instance.goal, instance.state);
        instance.goal = goal;
        let label = instance.label.clone();
        self.log(Record::Goal(label, from, goal));
        if (state == JobState::Waiting && goal == Goal::Start)
            || (state == JobState::Running && goal == Goal::Stop)
        {
            self.advance(id);
        }
    }

    /// `job_change_state(job, job_next_state(job))`.
    pub fn advance(&mut self, id: InstanceId) {
        if let Some(target) = self.next_state_of(id) {
            self.change_state(id, target);
        }
    }

    fn next_state_of(&mut self, id: InstanceId) -> Option<JobState> {
        let has_main = {
            let instance = self.instance(id)?;
            self.classes[instance.class]
                .job
                .processes
                .contains_key(&ProcessKind::Main)
                && instance.pids.contains_key(&ProcessKind::Main)
        };
        let instance = self.instance(id)?;
        let (next, respawn_to_start) = next_state(instance.state, instance.goal, has_main);
        if respawn_to_start {
            // `job_next_state` itself turns a respawn goal back into start (logged).
            self.change_goal(id, Goal::Start);
        }
        Some(next)
    }

    /// `job_change_state`: walks to `target`, running each state's entry action (spec §1.3).
    pub fn change_state(&mut self, id: InstanceId, mut target: JobState) {
        loop {
            let Some(instance) = self.instance_mut(id) else {
                return;
            };
            if instance.state == target || instance.blocker.is_some() {
                return;
            }
            let from = instance.state;
            instance.state = target;
            let label = instance.label.clone();
            self.log(Record::State(label, from, target));
            let move_on = match target {
                JobState::Starting => {
                    if let Some(instance) = self.instance_mut(id) {
                        if let Some(start_env) = instance.start_env.take() {
                            instance.env = start_env;
                        }
                        instance.stop_env = None;
                        instance.failure = None;
                    }
                    self.emit_job_event(id, "starting", true);
                    false
                }
                JobState::SecuritySpawning | JobState::Security => true,
                JobState::PreStarting
                | JobState::Spawning
                | JobState::PostStarting
                | JobState::PreStopping
                | JobState::PostStopping => {
                    if let Some(kind) = target.process() {
                        self.spawn(id, kind);
                    }
                    true
                }
                JobState::PreStart
                | JobState::Spawned
                | JobState::PostStart
                | JobState::PreStop
                | JobState::PostStop => target.process().is_none_or(|k| !self.has_pid(id, k)),
                JobState::Running => {
                    self.enter_running(id, from);
                    false
                }
                JobState::Stopping => {
                    self.emit_job_event(id, "stopping", true);
                    false
                }
                JobState::Killed => !self.kill_main(id),
                JobState::Waiting => {
                    self.emit_job_event(id, "stopped", false);
                    self.job_finished(id, false);
                    self.destroy(id);
                    return;
                }
            };
            if !move_on {
                return;
            }
            match self.next_state_of(id) {
                Some(next) => target = next,
                None => return,
            }
        }
    }

    fn enter_running(&mut self, id: InstanceId, from: JobState) {
        if from == JobState::PreStop {
            if let Some(instance) = self.instance_mut(id) {
                instance.stop_env = None;
            }
            self.job_finished(id, false);
        } else {
            self.emit_job_event(id, "started", false);
            let task = self
                .instance(id)
                .is_some_and(|i| self.classes[i.class].job.task);
            if !task {
                self.job_finished(id, false);
            }
        }
    }

    /// Whether the slot has a live process.
    pub fn has_pid(&self, id: InstanceId, kind: ProcessKind) -> bool {
        self.instance(id)
            .is_some_and(|i| i.pids.contains_key(&kind))
    }

    /// `job_emit_event` (spec §1.7); `block` makes the instance wait for it.
    fn emit_job_event(&mut self, id: InstanceId, name: &str, block: bool) {
        let Some(instance) = self.instance(id) else {
            return;
        };
        let job = &self.classes[instance.class].job;
        let mut env = Env::default();
        env.set(&[b"JOB=", job.name.as_slice()].concat());
        env.set(&[b"INSTANCE=", instance.name.as_slice()].concat());
        if name == "stopping" || name == "stopped" {
            env.0.extend(result_vars(instance.failure));
        }
        for key in &job.export {
            let builtin = env.0.iter().any(|e| env::key_of(e) == key.as_slice());
            if let (false, Some(value)) = (builtin, instance.env.get(key)) {
                env.0.push([key.as_slice(), b"=", value].concat());
            }
        }
        let event = self.queue_event(name.as_bytes().to_vec(), env);
        if block {
            self.events[event.0].waiters.push(Waiter::Job(id));
            if let Some(instance) = self.instance_mut(id) {
                instance.blocker = Some(event);
            }
        }
    }

    /// `job_finished`: releases everything the instance holds; with `failed`, held events are
    /// marked failed and held calls get an error.
    pub fn job_finished(&mut self, id: InstanceId, failed: bool) {
        let Some(instance) = self.instance_mut(id) else {
            return;
        };
        for held in std::mem::take(&mut instance.holding) {
            match held {
                Held::Event(event) => {
                    let event = &mut self.events[event.0];
                    event.failed |= failed;
                    event.blockers = event.blockers.saturating_sub(1);
                }
                Held::Call(call) => self.release_call(call, failed),
            }
        }
    }

    /// `job_failed`: records the first failure of the run and releases everything as failed.
    pub fn job_failed(&mut self, id: InstanceId, failure: Failure) {
        let Some(instance) = self.instance_mut(id) else {
            return;
        };
        if instance.failure.is_some() {
            return;
        }
        instance.failure = Some(failure);
        self.job_finished(id, true);
    }

    fn destroy(&mut self, id: InstanceId) {
        let Some(instance) = self.instances.get_mut(id.0).and_then(Option::take) else {
            return;
        };
        self.classes[instance.class].instances.retain(|&i| i != id);
        self.log(Record::Destroyed(instance.label));
    }

    /// The instance of `class` called `name`.
    pub fn find_instance(&self, class: usize, name: &[u8]) -> Option<InstanceId> {
        self.classes[class]
            .instances
            .iter()
            .copied()
            .find(|&i| self.instance(i).is_some_and(|inst| inst.name == name))
    }

    /// The instance of `class` called `name`, created (goal stop, waiting) if needed.
    pub fn find_or_create_instance(&mut self, class: usize, name: Bytes) -> InstanceId {
        if let Some(found) = self.find_instance(class, &name) {
            return found;
        }
        let id = InstanceId(self.instances.len());
        let class_name = &self.classes[class].name;
        let label = if name.is_empty() {
            class_name.clone()
        } else {
            format!("{class_name}[{}]", String::from_utf8_lossy(&name))
        };
        let stop_on = self.classes[class]
            .job
            .stop_on
            .as_ref()
            .map(super::operator::Operator::new);
        let names = self.classes[class]
            .instances
            .iter()
            .map(|&i| self.instance(i).map_or(&[][..], |i| i.name.as_slice()));
        let at = hash::insertion_index(names, &name);
        self.classes[class].instances.insert(at, id);
        self.instances.push(Some(Instance {
            class,
            name,
            label,
            goal: Goal::Stop,
            state: JobState::Waiting,
            env: Env::default(),
            start_env: None,
            stop_env: None,
            stop_on,
            pids: BTreeMap::new(),
            blocker: None,
            holding: Vec::new(),
            failure: None,
            respawn_time: 0,
            respawn_count: 0,
            trace_forks: 0,
            trace_state: TraceState::None,
            kill_timer: None,
        }));
        id
    }

    /// The class's own environment (`env` stanzas).
    pub fn class_env(&self, class: usize) -> Env {
        let mut env = Env::default();
        for entry in &self.classes[class].job.env {
            if entry.contains(&b'=') {
                env.set(entry);
            }
        }
        env
    }

    /// `job_class_induct_job` (spec §2.2); `false` aborts the event for every later class.
    pub fn induct(&mut self, class: usize) -> bool {
        let mut matched: Vec<EventId> = Vec::new();
        if let Some(tree) = &self.classes[class].start_on {
            tree.true_events(&mut matched);
        }
        let env = self.matched_env(&matched, self.class_env(class), "UPSTART_EVENTS");
        let name = match env::expand(&self.classes[class].job.instance, Some(&env)) {
            Ok(name) => name,
            Err(variable) => {
                let message = format!(
                    "Failed to obtain {} instance: Unknown parameter: {}",
                    self.classes[class].name,
                    String::from_utf8_lossy(&variable)
                );
                self.log(Record::Other(message));
                self.reset_start_on(class);
                return false;
            }
        };
        let id = self.find_or_create_instance(class, name);
        let label = self
            .instance(id)
            .map(|i| i.label.clone())
            .unwrap_or_default();
        self.log(Record::Induct(label));
        if self.instance(id).is_some_and(|i| i.goal != Goal::Start) {
            if let Some(instance) = self.instance_mut(id) {
                instance.start_env = Some(env);
            }
            self.job_finished(id, false);
            self.hold_events(id, &matched);
            self.change_goal(id, Goal::Start);
        }
        self.reset_start_on(class);
        true
    }

    /// Registers a waiting call in the instance's holds.
    pub fn hold_call(&mut self, id: InstanceId, call: CallId) {
        if let Some(instance) = self.instance_mut(id) {
            instance.holding.push(Held::Call(call));
        }
    }
}

/// `RESULT=…` and the failure variables (spec §1.7).
fn result_vars(failure: Option<Failure>) -> Vec<Bytes> {
    let Some(failure) = failure else {
        return vec![b"RESULT=ok".to_vec()];
    };
    let process = failure.process.map_or("respawn", ProcessKind::name);
    let mut vars = vec![
        b"RESULT=failed".to_vec(),
        format!("PROCESS={process}").into_bytes(),
    ];
    match failure.status {
        Some(ExitStatus::Code(code)) => vars.push(format!("EXIT_STATUS={code}").into_bytes()),
        Some(ExitStatus::Signal(sig)) => {
            vars.push(format!("EXIT_SIGNAL={}", signal_name(sig)).into_bytes());
        }
        None => {}
    }
    vars
}
