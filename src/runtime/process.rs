//! Simulated processes: spawning one for a job slot, carrying out its outcome's steps on the
//! virtual clock, and signals to process groups (spec §5.1, §5.6).

use super::engine::{Engine, Happening, InstanceId, Process, TraceState};
use super::outcome::Step;
use super::trace::{ExitStatus, Pid, Record};
use crate::model::{Expect, ProcessKind};

/// SIGKILL.
pub(super) const SIGKILL: i32 = 9;
/// SIGTERM.
const SIGTERM: i32 = 15;
/// A fork and exec take this long before the daemon hears the exec went well (microseconds);
/// it also keeps a process that exits at once from looping in zero time.
const EXEC_TIME: i64 = 100;
/// Running `initctl` (fork, exec, connect, call) takes a job process this long (microseconds):
/// longer than the status query of an initctl the daemon has just answered.
const INITCTL_RUN_TIME: i64 = 10_000;

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

    /// The slot a pid fills, if the daemon supervises it.
    pub fn owner(&self, pid: Pid) -> Option<(InstanceId, ProcessKind)> {
        let (id, kind) = self.processes.get(&pid)?.owner?;
        (self.instance(id)?.pids.get(&kind) == Some(&pid)).then_some((id, kind))
    }

    /// `kill(-pgid, signal)` for the group of `pid`: every live member dies unless it ignores
    /// the signal.
    pub(super) fn signal_group(&mut self, pid: Pid, signal: i32) {
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
