//! Control commands as `initctl` has them: start, stop, restart, reload, emit, status, list,
//! with their waiting and answering semantics (spec §7.1, §2.8, §3).

use super::engine::{Engine, Happening, InstanceId};
use super::env::{self, Env};
use super::event::Waiter;
use super::state::Goal;
use super::trace::{Pid, pid_mark};
use crate::model::{Bytes, ProcessKind};

/// initctl's follow-up status query reaches the daemon a few D-Bus round trips after the reply
/// (microseconds); by then a process the daemon just signalled has been reaped.
const STATUS_QUERY_DELAY: i64 = 5_000;

/// Who issued a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Step `n` of a scenario.
    Step(usize),
    /// A job process (`initctl` inside a script).
    Process(Pid),
    /// The simulator itself (boot events); nobody reads the answer.
    Init,
}

/// One `initctl` invocation and, once answered, its exit status and output.
#[derive(Debug, Clone)]
pub struct Call {
    /// Who issued it.
    pub origin: Origin,
    /// The words after `initctl`.
    pub words: Vec<String>,
    /// Exit status, once answered.
    pub rc: Option<i32>,
    /// Standard output lines.
    pub out: Vec<String>,
    /// Standard error lines.
    pub err: Vec<String>,
    /// The instance whose status initctl prints after a successful start/stop/restart.
    status_of: Option<(usize, Bytes)>,
}

impl Call {
    /// The command word (`start`, `emit`, …).
    pub fn verb(&self) -> &str {
        self.words.first().map_or("", String::as_str)
    }

    fn no_wait(&self) -> bool {
        self.words.iter().any(|w| w == "--no-wait")
    }

    /// The words that are not options: the job or event name, then `KEY=VALUE` arguments.
    fn operands(&self) -> Vec<&str> {
        self.words
            .iter()
            .skip(1)
            .filter(|w| !w.starts_with("--"))
            .map(String::as_str)
            .collect()
    }

    /// Whether the caller waits for the answer (initctl's default, unless `--no-wait`, and
    /// always no-wait for a job starting or stopping itself).
    pub fn waits(&self) -> bool {
        let own_job = matches!(self.origin, Origin::Process(_))
            && matches!(self.verb(), "start" | "stop")
            && self.operands().is_empty();
        !self.no_wait() && !own_job && !matches!(self.origin, Origin::Init)
    }

    /// Whether it has been answered.
    pub fn done(&self) -> bool {
        self.rc.is_some()
    }
}

impl Engine {
    /// Sends an initctl command; it reaches the daemon in the next main-loop iteration.
    pub fn submit(&mut self, origin: Origin, words: Vec<String>, delay: i64) -> super::CallId {
        let id = super::CallId(self.calls.len());
        self.calls.push(Call {
            origin,
            words,
            rc: None,
            out: Vec::new(),
            err: Vec::new(),
            status_of: None,
        });
        self.schedule(delay, Happening::Command(id));
        id
    }

    /// An initctl command run by a job process, `at` microseconds from now.
    pub fn process_call(&mut self, pid: Pid, words: Vec<String>, at: i64) -> super::CallId {
        self.submit(Origin::Process(pid), words, at)
    }

    /// The daemon handles a command.
    pub fn execute(&mut self, call: super::CallId) {
        let result = match self.calls[call.0].verb() {
            "emit" => self.emit(call),
            "start" | "stop" | "restart" | "reload" | "status" => self.job_command(call),
            "list" => {
                let lines = self.list_lines();
                self.calls[call.0].out = lines;
                self.reply(call, Ok(()));
                Ok(())
            }
            other => Err(format!("unknown command: {other}")),
        };
        if let Err(message) = result {
            self.reply(call, Err(message));
        }
    }

    fn emit(&mut self, call: super::CallId) -> Result<(), String> {
        let operands: Vec<String> = self.calls[call.0]
            .operands()
            .iter()
            .map(|s| s.to_string())
            .collect();
        let Some((name, args)) = operands.split_first() else {
            return Err("missing event name".into());
        };
        let mut env = Env::default();
        for arg in args {
            if !arg.contains('=') {
                return Err("Env must be KEY=VALUE pairs".into());
            }
            env.0.push(arg.as_bytes().to_vec());
        }
        let event = self.queue_event(name.as_bytes().to_vec(), env);
        if self.calls[call.0].waits() {
            self.events[event.0].waiters.push(Waiter::Emit(call));
        } else {
            self.reply(call, Ok(()));
        }
        Ok(())
    }

    /// start / stop / restart / reload / status on a class (or, with no job named from
    /// inside a job, on that job's own instance).
    fn job_command(&mut self, call: super::CallId) -> Result<(), String> {
        let (verb, operands, waits) = {
            let c = &self.calls[call.0];
            let operands: Vec<String> = c.operands().iter().map(|s| s.to_string()).collect();
            (c.verb().to_string(), operands, c.waits())
        };
        let own = match (self.calls[call.0].origin, operands.first()) {
            (super::control::Origin::Process(pid), None) => self.owner(pid).map(|(id, _)| id),
            _ => None,
        };
        let (class, name, args) = match own {
            Some(id) => {
                let instance = self.instance(id).ok_or("Unknown instance")?;
                (instance.class, instance.name.clone(), Env::default())
            }
            None => {
                let job = operands.first().ok_or("missing job name")?;
                let class = self
                    .class_index(job)
                    .ok_or_else(|| format!("Unknown job: {job}"))?;
                let mut args = Env::default();
                for arg in &operands[1..] {
                    if !arg.contains('=') {
                        return Err("Env must be KEY=VALUE pairs".into());
                    }
                    args.set(arg.as_bytes());
                }
                let mut env = self.class_env(class);
                env.extend(&args);
                let name = env::expand(&self.classes[class].job.instance, Some(&env))
                    .map_err(|v| format!("Unknown parameter: {}", String::from_utf8_lossy(&v)))?;
                (class, name, args)
            }
        };
        self.calls[call.0].status_of = Some((class, name.clone()));
        let existing = self.find_instance(class, &name);
        match verb.as_str() {
            // `status JOB K=V` of a missing instance is an error; `status JOB` prints stop/waiting.
            "status" if existing.is_none() && operands.len() > 1 => Err(format!(
                "Unknown instance: {}",
                String::from_utf8_lossy(&name)
            )),
            "status" => {
                let lines = self.status_lines(class, &name);
                self.calls[call.0].out = lines;
                self.reply(call, Ok(()));
                Ok(())
            }
            "start" => {
                let id = match existing {
                    Some(id) => id,
                    None => self.find_or_create_instance(class, name),
                };
                if self.instance(id).is_some_and(|i| i.goal == Goal::Start) {
                    return Err(format!("Job is already running: {}", self.display(id)));
                }
                // A job starting itself keeps its environment (`job_start` drops start_env).
                let start_env = own.is_none().then(|| {
                    let mut env = self.class_env(class);
                    env.extend(&args);
                    env
                });
                if let Some(instance) = self.instance_mut(id) {
                    instance.start_env = start_env;
                }
                self.command_goal(id, call, waits, &[Goal::Start]);
                Ok(())
            }
            "stop" | "restart" => {
                let id = existing.ok_or_else(|| {
                    format!("Unknown instance: {}", String::from_utf8_lossy(&name))
                })?;
                if self.instance(id).is_some_and(|i| i.goal == Goal::Stop) {
                    // `job_class_restart` names the instance alone, `job_class_stop` the job.
                    let who = if verb == "restart" {
                        String::from_utf8_lossy(&name).into_owned()
                    } else {
                        self.display(id)
                    };
                    return Err(format!("Job has already been stopped: {who}"));
                }
                if verb == "stop" {
                    // `initctl stop JOB K=V` gives the stop environment; a job stopping itself
                    // has none (`job_stop`).
                    let stop_env = own.is_none().then_some(args);
                    if let Some(instance) = self.instance_mut(id) {
                        instance.stop_env = stop_env;
                    }
                    self.command_goal(id, call, waits, &[Goal::Stop]);
                } else {
                    let mut env = self.class_env(class);
                    env.extend(&args);
                    if let Some(instance) = self.instance_mut(id) {
                        instance.start_env = Some(env);
                        instance.stop_env = None;
                    }
                    self.command_goal(id, call, waits, &[Goal::Stop, Goal::Start]);
                }
                Ok(())
            }
            _ => {
                let id = existing.ok_or_else(|| {
                    format!("Unknown instance: {}", String::from_utf8_lossy(&name))
                })?;
                if !self.has_pid(id, ProcessKind::Main) {
                    return Err(format!("Job is not running: {}", self.display(id)));
                }
                // The reload signal goes to the main process; a simulated process carries on.
                self.reply(call, Ok(()));
                Ok(())
            }
        }
    }

    /// Releases earlier holds as success, registers the call, and sets the goals in order.
    fn command_goal(&mut self, id: InstanceId, call: super::CallId, waits: bool, goals: &[Goal]) {
        self.job_finished(id, false);
        if waits {
            self.hold_call(id, call);
        }
        for &goal in goals {
            self.change_goal(id, goal);
        }
        if !waits {
            self.reply(call, Ok(()));
        }
    }

    /// A held call is released by its job: success, or the job's failure.
    pub fn release_call(&mut self, call: super::CallId, failed: bool) {
        let answer = if failed {
            Err(match self.calls[call.0].verb() {
                "stop" => "Job failed while stopping",
                "restart" => "Job failed to restart",
                _ => "Job failed to start",
            }
            .to_string())
        } else {
            Ok(())
        };
        self.reply(call, answer);
    }

    /// Answers a call. After a successful start/stop/restart initctl asks for the status.
    pub fn reply(&mut self, call: super::CallId, answer: Result<(), String>) {
        let c = &mut self.calls[call.0];
        if c.done() {
            return;
        }
        match answer {
            Err(message) => {
                c.err.push(format!("initctl: {message}"));
                c.rc = Some(1);
            }
            Ok(()) if matches!(c.verb(), "start" | "stop" | "restart") => {
                self.schedule(STATUS_QUERY_DELAY, Happening::StatusQuery(call));
                return;
            }
            Ok(()) => c.rc = Some(0),
        }
        self.call_done(call);
    }

    /// initctl's status query after a successful reply.
    pub fn answer_status(&mut self, call: super::CallId) {
        let lines = match self.calls[call.0].status_of.clone() {
            Some((class, name)) => self.status_lines(class, &name),
            None => Vec::new(),
        };
        let c = &mut self.calls[call.0];
        c.out = lines;
        c.rc = Some(0);
        self.call_done(call);
    }

    fn call_done(&mut self, call: super::CallId) {
        let c = &self.calls[call.0];
        if let Origin::Process(pid) = c.origin
            && c.waits()
        {
            self.resume(pid);
        }
    }

    /// `name` or `name (instance)`, as initctl prints jobs.
    pub fn display(&self, id: InstanceId) -> String {
        let Some(instance) = self.instance(id) else {
            return String::new();
        };
        let class = &self.classes[instance.class].name;
        if instance.name.is_empty() {
            class.clone()
        } else {
            format!("{class} ({})", String::from_utf8_lossy(&instance.name))
        }
    }

    /// `initctl status` lines: `job [(inst)] goal/state[, process PID]`, further processes on
    /// indented lines; `job stop/waiting` when there is no such instance.
    pub fn status_lines(&self, class: usize, name: &[u8]) -> Vec<String> {
        match self.find_instance(class, name) {
            Some(id) => self.instance_status(id),
            None => vec![format!("{} stop/waiting", self.classes[class].name)],
        }
    }

    fn instance_status(&self, id: InstanceId) -> Vec<String> {
        let Some(instance) = self.instance(id) else {
            return Vec::new();
        };
        let mut lines = vec![format!(
            "{} {}/{}",
            self.display(id),
            instance.goal.name(),
            instance.state.name()
        )];
        for (index, (kind, pid)) in instance.pids.iter().enumerate() {
            if index > 0 {
                lines.push(format!("\t{} process {}", kind.name(), pid_mark(*pid)));
            } else if matches!(
                kind,
                ProcessKind::Main | ProcessKind::PreStart | ProcessKind::PostStop
            ) {
                // initctl's `job_status`: the usual first processes go unnamed.
                lines[0].push_str(&format!(", process {}", pid_mark(*pid)));
            } else {
                lines[0].push_str(&format!(", ({}) process {}", kind.name(), pid_mark(*pid)));
            }
        }
        lines
    }

    /// `initctl list`: classes in hash order, each instance or `stop/waiting`.
    pub fn list_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for class in &self.classes {
            if class.instances.is_empty() {
                lines.push(format!("{} stop/waiting", class.name));
            }
            for &id in &class.instances {
                lines.extend(self.instance_status(id));
            }
        }
        lines
    }
}
