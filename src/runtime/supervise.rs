//! Process supervision: spawning simulated processes, their exits, forks and stops, kill
//! escalation and respawn (spec §5, §6; `job_process.c`).

use super::engine::{Engine, Failure, Happening, InstanceId, Process, TraceState};
use super::outcome::Step;
use super::state::{Goal, JobState};
use super::trace::{ExitStatus, Pid, Record};
use crate::model::{Expect, ProcessKind};

const SIGKILL: i32 = 9;
/// A fork and exec take this long before the daemon hears the exec went well (microseconds);
/// it also keeps a process that exits at once from looping in zero time.
const EXEC_TIME: i64 = 100;
/// Running `initctl` (fork, exec, connect, call) takes a job process this long (microseconds):
/// longer than the status query of an initctl the daemon has just answered.
const INITCTL_RUN_TIME: i64 = 10_000;
const SIGTERM: i32 = 15;

impl Engine {
    /// Spawns the slot's process if the class defines one (exec is confirmed later).
    pub fn spawn(&mut self, id: InstanceId, kind: ProcessKind) {
        let Some(instance) = self.instance(id) else {
            return;
        };
        let class = &self.classes[instance.class];
        if !class.job.processes.contains_key(&kind) {
            return;
        }
        let run = class.runs.get(&kind).copied().unwrap_or(0);
        let steps: Vec<Step> = match self.outcomes.get(&class.job.name, kind) {
            Some(spec) => spec.run(run).to_vec(),
            None if kind == ProcessKind::Main && !class.job.task => vec![Step::Run],
            None => vec![Step::Exit(0)],
        };
        let traced =
            kind == ProcessKind::Main && matches!(class.job.expect, Expect::Fork | Expect::Daemon);
        let class_index = instance.class;
        *self.classes[class_index].runs.entry(kind).or_insert(0) += 1;
        let pid = self.allocate_pid();
        let label = self
            .instance(id)
            .map(|i| i.label.clone())
            .unwrap_or_default();
        self.log(Record::Spawn(label, kind, pid));
        if let Some(instance) = self.instance_mut(id) {
            instance.pids.insert(kind, pid);
            if kind == ProcessKind::Main {
                instance.trace_forks = 0;
                instance.trace_state = if traced {
                    TraceState::New
                } else {
                    TraceState::None
                };
            }
        }
        self.processes
            .insert(pid, new_process(Some((id, kind)), pid));
        if steps.first() == Some(&Step::SpawnFail) {
            self.schedule(EXEC_TIME, Happening::SpawnFailed(pid));
        } else {
            self.schedule(EXEC_TIME, Happening::ExecOk(pid, steps));
        }
    }

    /// The exec succeeded: a main process without `expect` is now up; the process starts its steps.
    pub fn exec_ok(&mut self, pid: Pid, steps: Vec<Step>) {
        if let Some((id, ProcessKind::Main)) = self.owner(pid)
            && let Some(expect) = self.expect_of(id)
            && let Some(instance) = self.instance_mut(id)
        {
            match instance.trace_state {
                TraceState::New => instance.trace_state = TraceState::Normal,
                _ if expect == Expect::None && instance.state == JobState::Spawned => {
                    self.advance(id);
                }
                _ => {}
            }
        }
        self.run_steps(pid, steps);
    }

    /// The exec failed (spec §5.1 table).
    pub fn spawn_failed(&mut self, pid: Pid) {
        let owner = self.owner(pid);
        if let Some(process) = self.processes.get_mut(&pid) {
            process.dead = true;
        }
        let Some((id, kind)) = owner else { return };
        let Some(instance) = self.instance_mut(id) else {
            return;
        };
        instance.pids.remove(&kind);
        let label = instance.label.clone();
        self.log(Record::SpawnFailed(label, kind));
        let failing = matches!(
            kind,
            ProcessKind::Main
                | ProcessKind::PreStart
                | ProcessKind::PostStop
                | ProcessKind::Security
        );
        if failing {
            self.job_failed(
                id,
                Failure {
                    process: Some(kind),
                    status: None,
                },
            );
            self.change_goal(id, Goal::Stop);
        }
        self.advance(id);
    }

    /// Carries out a process's steps from now: sleeps move a local clock, every visible act is
    /// put on the agenda at its moment.
    pub fn run_steps(&mut self, pid: Pid, steps: Vec<Step>) {
        self.run_steps_from(pid, steps, 0);
    }

    /// [`Engine::run_steps`] starting `at` microseconds from now.
    fn run_steps_from(&mut self, pid: Pid, steps: Vec<Step>, mut at: i64) {
        for (index, step) in steps.iter().enumerate() {
            match step {
                Step::Run | Step::SpawnFail => return,
                Step::Sleep(micros) => at = at.saturating_add(*micros),
                Step::Exit(code) => {
                    self.schedule(at, Happening::Exited(pid, ExitStatus::Code(*code)));
                    return;
                }
                Step::Signal(sig) => {
                    self.schedule(at, Happening::Exited(pid, ExitStatus::Signal(*sig)));
                    return;
                }
                Step::Fork(program) => {
                    let child = self.child_of(pid);
                    self.schedule(at, Happening::Forked(pid, child));
                    self.run_steps_from(child, program.clone(), at);
                }
                Step::Daemon(program) => {
                    let first = self.child_of(pid);
                    // The first child calls setsid: the daemon lives in the first child's group.
                    if let Some(process) = self.processes.get_mut(&first) {
                        process.pgid = first;
                    }
                    let second = self.child_of(first);
                    self.schedule(at, Happening::Forked(pid, first));
                    self.schedule(at, Happening::Forked(first, second));
                    self.schedule(at, Happening::Exited(first, ExitStatus::Code(0)));
                    self.run_steps_from(second, program.clone(), at);
                }
                Step::IgnoreTerm => {
                    if let Some(process) = self.processes.get_mut(&pid) {
                        process.ignore_term = true;
                    }
                }
                Step::Stop | Step::Initctl(_) => {
                    let rest = steps[index + 1..].to_vec();
                    let waits = match step {
                        Step::Initctl(words) => {
                            let call = self.process_call(pid, words.clone(), at);
                            self.calls[call.0].waits()
                        }
                        _ => {
                            self.schedule(at, Happening::Stopped(pid));
                            true
                        }
                    };
                    if waits {
                        if let Some(process) = self.processes.get_mut(&pid) {
                            process.resume = Some(rest);
                        }
                        return;
                    }
                    at = at.saturating_add(INITCTL_RUN_TIME);
                }
            }
        }
    }

    /// Continues a process that was stopped or waited for an initctl reply.
    pub fn resume(&mut self, pid: Pid) {
        let steps = self
            .processes
            .get_mut(&pid)
            .filter(|p| !p.dead)
            .and_then(|p| p.resume.take());
        if let Some(steps) = steps {
            self.run_steps(pid, steps);
        }
    }

    /// A new unsupervised child in its parent's process group; it runs until killed.
    fn child_of(&mut self, parent: Pid) -> Pid {
        let child = self.allocate_pid();
        let pgid = self.processes.get(&parent).map_or(parent, |p| p.pgid);
        self.processes.insert(child, new_process(None, pgid));
        child
    }

    fn expect_of(&self, id: InstanceId) -> Option<Expect> {
        self.instance(id).map(|i| self.classes[i.class].job.expect)
    }

    /// The slot a pid fills, if the daemon supervises it.
    pub fn owner(&self, pid: Pid) -> Option<(InstanceId, ProcessKind)> {
        let (id, kind) = self.processes.get(&pid)?.owner?;
        (self.instance(id)?.pids.get(&kind) == Some(&pid)).then_some((id, kind))
    }

    /// A fork seen by `expect fork|daemon` tracing (spec §6.1).
    pub fn forked(&mut self, parent: Pid, child: Pid) {
        let Some((id, ProcessKind::Main)) = self.owner(parent) else {
            return;
        };
        let Some(expect) = self.expect_of(id) else {
            return;
        };
        let Some(instance) = self.instance_mut(id) else {
            return;
        };
        if instance.trace_state != TraceState::Normal
            || !matches!(instance.state, JobState::Spawning | JobState::Spawned)
        {
            return;
        }
        instance.pids.insert(ProcessKind::Main, child);
        instance.trace_forks += 1;
        let done = instance.trace_forks > 1 || expect == Expect::Fork;
        if done {
            instance.trace_state = TraceState::None;
        }
        let label = instance.label.clone();
        if let Some(process) = self.processes.get_mut(&child) {
            process.owner = Some((id, ProcessKind::Main));
        }
        self.log(Record::NewPid(label, ProcessKind::Main, parent, child));
        if done {
            self.advance(id);
        }
    }

    /// A process stopped itself; `expect stop` continues it and moves on (spec §6.1).
    pub fn stopped(&mut self, pid: Pid) {
        if let Some(process) = self.processes.get_mut(&pid) {
            process.stopped = true;
        }
        let Some((id, kind)) = self.owner(pid) else {
            return;
        };
        let Some(instance) = self.instance(id) else {
            return;
        };
        let label = instance.label.clone();
        let waiting_for_stop = kind == ProcessKind::Main
            && self.classes[instance.class].job.expect == Expect::Stop
            && matches!(instance.state, JobState::Spawning | JobState::Spawned);
        self.log(Record::Stopped(label.clone(), kind, pid));
        if waiting_for_stop {
            self.advance(id);
            self.log(Record::Continued(label, kind, pid));
            if let Some(process) = self.processes.get_mut(&pid) {
                process.stopped = false;
            }
            self.resume(pid);
        }
    }

    /// Entering `killed`: sends the kill signal to the main process group and arms the timer.
    /// Returns whether there was a main process to kill.
    pub fn kill_main(&mut self, id: InstanceId) -> bool {
        let Some(instance) = self.instance(id) else {
            return false;
        };
        let Some(&pid) = instance.pids.get(&ProcessKind::Main) else {
            return false;
        };
        let job = &self.classes[instance.class].job;
        let (signal, timeout) = (job.kill_signal, job.kill_timeout);
        self.log(Record::Kill(
            instance.label.clone(),
            ProcessKind::Main,
            pid,
            signal,
        ));
        self.signal_group(pid, signal);
        let key = self.schedule(
            timeout.saturating_mul(1_000_000),
            Happening::KillTimer(id, pid),
        );
        if let Some(instance) = self.instance_mut(id) {
            instance.kill_timer = Some(key);
        }
        true
    }

    /// The kill timeout expired: SIGKILL to the group.
    pub fn kill_timer(&mut self, id: InstanceId, pid: Pid) {
        let Some(instance) = self.instance_mut(id) else {
            return;
        };
        instance.kill_timer = None;
        if instance.pids.get(&ProcessKind::Main) != Some(&pid) {
            return;
        }
        let label = instance.label.clone();
        self.log(Record::Kill(label, ProcessKind::Main, pid, SIGKILL));
        self.signal_group(pid, SIGKILL);
    }

    /// `kill(-pgid, signal)` for the group of `pid`: every live member dies unless it ignores
    /// the signal.
    fn signal_group(&mut self, pid: Pid, signal: i32) {
        let Some(pgid) = self.processes.get(&pid).map(|p| p.pgid) else {
            return;
        };
        let members: Vec<Pid> = self
            .processes
            .iter()
            .filter(|(_, p)| p.pgid == pgid && !p.dead)
            .filter(|(_, p)| !(signal == SIGTERM && p.ignore_term))
            .filter(|(_, p)| !p.stopped || signal == SIGKILL)
            .map(|(&pid, _)| pid)
            .collect();
        for member in members {
            self.void_plans(member);
            if let Some(process) = self.processes.get_mut(&member) {
                process.dead = true;
                process.resume = None;
            }
            self.schedule(0, Happening::Exited(member, ExitStatus::Signal(signal)));
        }
    }

    /// A process ended (reaped): logs it if supervised and lets the job react.
    pub fn exited(&mut self, pid: Pid, status: ExitStatus) {
        let owner = self.owner(pid);
        if let Some(process) = self.processes.get_mut(&pid) {
            process.dead = true;
            process.owner = None;
        }
        let Some((id, kind)) = owner else { return };
        let Some(label) = self.instance(id).map(|i| i.label.clone()) else {
            return;
        };
        self.log(Record::Exit(label, kind, pid, status));
        match kind {
            ProcessKind::Main => self.main_exited(id, status),
            _ => self.helper_exited(id, kind, status),
        }
    }

    /// pre-start, post-start, pre-stop, post-stop, security (spec §5.5).
    fn helper_exited(&mut self, id: InstanceId, kind: ProcessKind, status: ExitStatus) {
        self.cancel_kill_timer(id);
        let Some(instance) = self.instance_mut(id) else {
            return;
        };
        instance.pids.remove(&kind);
        let failed = status.raw() != 0
            && matches!(
                kind,
                ProcessKind::PreStart | ProcessKind::PostStop | ProcessKind::Security
            );
        if failed {
            self.job_failed(
                id,
                Failure {
                    process: Some(kind),
                    status: Some(status),
                },
            );
            self.change_goal(id, Goal::Stop);
        }
        self.advance(id);
    }

    /// The main process ended: `job_process_terminated` (spec §5.2).
    fn main_exited(&mut self, id: InstanceId, status: ExitStatus) {
        let Some(instance) = self.instance(id) else {
            return;
        };
        let state = instance.state;
        let job = &self.classes[instance.class].job;
        if state == JobState::Killed || state == JobState::Stopping {
            self.clear_main(id);
            if state == JobState::Killed {
                self.advance(id);
            }
            return;
        }
        let aux_running = (state == JobState::PostStart
            && instance.pids.contains_key(&ProcessKind::PostStart))
            || (state == JobState::PreStop && instance.pids.contains_key(&ProcessKind::PreStop));
        let mut advance = !aux_running;
        let mut failed = false;
        let mut stop = true;
        let raw = status.raw();
        if (raw != 0 || (job.respawn && !job.task)) && instance.goal == Goal::Start {
            failed = !job.normal_exit.contains(&raw);
            if failed && job.respawn {
                failed = false;
                let label = instance.label.clone();
                if self.runaway(id) {
                    self.log(Record::RespawnTooFast(label));
                    self.job_failed(
                        id,
                        Failure {
                            process: None,
                            status: None,
                        },
                    );
                } else {
                    self.log(Record::Respawn(label, ProcessKind::Main));
                    stop = false;
                    if !advance {
                        self.change_goal(id, Goal::Respawn);
                    }
                }
            }
        }
        self.clear_main(id);
        if failed {
            self.job_failed(
                id,
                Failure {
                    process: Some(ProcessKind::Main),
                    status: Some(status),
                },
            );
        }
        if stop {
            if state == JobState::Running {
                advance = false;
            }
            self.change_goal(id, Goal::Stop);
        }
        if advance {
            self.advance(id);
        }
    }

    fn clear_main(&mut self, id: InstanceId) {
        self.cancel_kill_timer(id);
        if let Some(instance) = self.instance_mut(id) {
            instance.pids.remove(&ProcessKind::Main);
        }
    }

    /// Any process exit cancels the kill timer (`job_process_terminated`).
    fn cancel_kill_timer(&mut self, id: InstanceId) {
        if let Some(key) = self.instance_mut(id).and_then(|i| i.kill_timer.take()) {
            self.cancel(key);
        }
    }

    /// `job_process_catch_runaway` (spec §5.4): a window anchored at its first respawn.
    fn runaway(&mut self, id: InstanceId) -> bool {
        let now = self.monotonic_seconds();
        let Some(instance) = self.instance(id) else {
            return false;
        };
        let job = &self.classes[instance.class].job;
        let (limit, interval) = (i64::from(job.respawn_limit), job.respawn_interval);
        if limit == 0 || interval == 0 {
            return false;
        }
        let Some(instance) = self.instance_mut(id) else {
            return false;
        };
        if now - instance.respawn_time < interval {
            instance.respawn_count += 1;
            instance.respawn_count > limit
        } else {
            instance.respawn_time = now;
            instance.respawn_count = 1;
            false
        }
    }
}

fn new_process(owner: Option<(InstanceId, ProcessKind)>, pgid: Pid) -> Process {
    Process {
        owner,
        pgid,
        ignore_term: false,
        dead: false,
        valid_from: 0,
        resume: None,
        stopped: false,
    }
}
