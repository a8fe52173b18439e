//! Process supervision: what the daemon does when a process's exec is confirmed or fails, when
//! it forks, stops or ends, kill escalation and the respawn limit (spec §5, §6;
//! `job_process.c`).

use super::engine::{Engine, Failure, Happening, InstanceId, TraceState};
use super::outcome::Step;
use super::process::SIGKILL;
use super::state::{Goal, JobState};
use super::trace::{ExitStatus, Pid, Record};
use crate::model::{Expect, ProcessKind};

impl Engine {
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

    fn expect_of(&self, id: InstanceId) -> Option<Expect> {
        self.instance(id).map(|i| self.classes[i.class].job.expect)
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
