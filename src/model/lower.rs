//! Tree → [`Job`], with Upstart's value checks, defaults and "last one wins" rules.

use rowan::TextRange;

use super::number::{strtol, strtoul};
use super::{Cgroup, Console, EventExpr, Expect, Job, Process, ProcessKind, RLimit, signal};
use crate::syntax::ast::{ArgValue, EventOperator, EventTerm, StanzaData};
use crate::syntax::{StanzaKind, SyntaxTree};

/// A value Upstart rejects while reading a stanza (spec §5.1, the `Illegal …` rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueErrorKind {
    /// `kill timeout` or `respawn limit` interval.
    IllegalInterval,
    /// A `normal exit` status.
    IllegalExit,
    /// A `kill signal` / `reload signal` value.
    IllegalSignal,
    /// `umask`.
    IllegalUmask,
    /// `nice`.
    IllegalNice,
    /// Legacy `oom N`.
    IllegalOom,
    /// `oom score N`.
    IllegalOomScore,
    /// `respawn limit` count or a `limit` value.
    IllegalLimit,
    /// `expect` value Upstart does not know.
    UnknownExpect,
    /// `console` value Upstart does not know.
    UnknownConsole,
    /// `limit` resource Upstart does not know.
    UnknownResource,
}

/// One rejected value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    /// What is wrong.
    pub kind: ValueErrorKind,
    /// The offending argument.
    pub range: TextRange,
    /// The stanza it belongs to.
    pub stanza: StanzaKind,
}

/// `limit` resource names, as `parse_job.c` accepts them.
pub const LIMIT_RESOURCES: [&str; 14] = [
    "as",
    "core",
    "cpu",
    "data",
    "fsize",
    "memlock",
    "msgqueue",
    "nice",
    "nofile",
    "nproc",
    "rss",
    "rtprio",
    "sigpending",
    "stack",
];

/// Lowers a parsed file into a fresh job named `name`.
pub fn lower(tree: &SyntaxTree, name: &[u8]) -> (Job, Vec<ValueError>) {
    let mut job = Job::new(name);
    let errors = lower_into(&mut job, tree, None);
    (job, errors)
}

/// Applies a parsed file's stanzas to `job`, in order, as Upstart parses a file into an existing
/// class (an `.override` does this, spec §4.4). With `stop_before`, stanzas that start at or
/// after that offset are not applied: Upstart stops at its first error.
pub fn lower_into(job: &mut Job, tree: &SyntaxTree, stop_before: Option<usize>) -> Vec<ValueError> {
    let mut lowering = Lowering {
        job,
        errors: Vec::new(),
        tree_has_errors: !tree.errors.is_empty(),
    };
    let file = tree.source_file();
    for stanza in file.stanza_data() {
        if stop_before.is_some_and(|stop| usize::from(stanza.range().start()) >= stop) {
            break;
        }
        if let Some(kind) = stanza.kind() {
            lowering.stanza(kind, &stanza);
        }
    }
    lowering.errors
}

struct Lowering<'j> {
    job: &'j mut Job,
    errors: Vec<ValueError>,
    /// Whether any stanza can hold an `ERROR` node (the parser records an error for each one).
    tree_has_errors: bool,
}

impl Lowering<'_> {
    fn reject(&mut self, kind: ValueErrorKind, arg: &ArgValue, stanza: StanzaKind) {
        self.errors.push(ValueError {
            kind,
            range: arg.range,
            stanza,
        });
    }

    fn stanza(&mut self, kind: StanzaKind, stanza: &StanzaData) {
        let (sub, args) = stanza.sub_keyword_and_args();
        let job = &mut *self.job;
        match kind {
            StanzaKind::Description => set(&mut job.description, first_value(args)),
            StanzaKind::Author => set(&mut job.author, first_value(args)),
            StanzaKind::Version => set(&mut job.version, first_value(args)),
            StanzaKind::Usage => set(&mut job.usage, first_value(args)),
            StanzaKind::Chroot => set(&mut job.chroot, first_value(args)),
            StanzaKind::Chdir => set(&mut job.chdir, first_value(args)),
            StanzaKind::Setuid => set(&mut job.setuid, first_value(args)),
            StanzaKind::Setgid => set(&mut job.setgid, first_value(args)),
            StanzaKind::Instance => {
                if let Some(value) = first_value(args) {
                    job.instance = value;
                }
            }
            StanzaKind::Env => job.env.extend(first_value(args)),
            StanzaKind::Export => job.export.extend(args.into_iter().map(|arg| arg.value)),
            StanzaKind::Emits => job.emits.extend(args.into_iter().map(|arg| arg.value)),
            StanzaKind::Start | StanzaKind::Stop => {
                let broken = self.tree_has_errors && stanza.has_error();
                let expr = (!broken).then(|| stanza.event_term()).flatten();
                if let Some(term) = expr {
                    let lowered = Some(lower_event(term));
                    if kind == StanzaKind::Start {
                        job.start_on = lowered;
                    } else {
                        job.stop_on = lowered;
                    }
                }
            }
            StanzaKind::Manual => {
                // `manual` forgets the `start on` seen so far (spec §2.3).
                job.manual = true;
                job.start_on = None;
            }
            StanzaKind::Task => job.task = true,
            StanzaKind::Debug => job.debug = true,
            StanzaKind::Exec | StanzaKind::Script => self.process(ProcessKind::Main, stanza),
            StanzaKind::PreStart => self.process(ProcessKind::PreStart, stanza),
            StanzaKind::PostStart => self.process(ProcessKind::PostStart, stanza),
            StanzaKind::PreStop => self.process(ProcessKind::PreStop, stanza),
            StanzaKind::PostStop => self.process(ProcessKind::PostStop, stanza),
            StanzaKind::Expect => {
                let Some(arg) = args.first() else { return };
                job.expect = match arg.value.as_slice() {
                    b"stop" => Expect::Stop,
                    b"daemon" => Expect::Daemon,
                    b"fork" => Expect::Fork,
                    b"none" => Expect::None,
                    _ => return self.reject(ValueErrorKind::UnknownExpect, arg, kind),
                };
            }
            StanzaKind::Console => {
                let Some(arg) = args.first() else { return };
                job.console = match arg.value.as_slice() {
                    b"none" => Console::None,
                    b"output" => Console::Output,
                    b"owner" => Console::Owner,
                    b"log" => Console::Log,
                    _ => return self.reject(ValueErrorKind::UnknownConsole, arg, kind),
                };
            }
            StanzaKind::Respawn => self.respawn(sub.is_some(), &args),
            StanzaKind::Normal => {
                for arg in &args {
                    match exit_status(&arg.value) {
                        Some(status) => self.job.normal_exit.push(status),
                        None => return self.reject(ValueErrorKind::IllegalExit, arg, kind),
                    }
                }
            }
            StanzaKind::Kill | StanzaKind::Reload => {
                let Some(arg) = args.first() else { return };
                match sub.as_deref() {
                    Some(b"timeout") => match strtol(&arg.value, 10).filter(|t| *t >= 0) {
                        Some(timeout) => job.kill_timeout = timeout,
                        None => self.reject(ValueErrorKind::IllegalInterval, arg, kind),
                    },
                    Some(b"signal") => match signal_value(&arg.value) {
                        Some(number) if kind == StanzaKind::Kill => job.kill_signal = number,
                        Some(number) => job.reload_signal = number,
                        None => self.reject(ValueErrorKind::IllegalSignal, arg, kind),
                    },
                    _ => {}
                }
            }
            StanzaKind::Umask => {
                let Some(arg) = args.first() else { return };
                // `(mode_t) strtoul (arg, &end, 8)`, then `umask & ~0777` must be zero.
                match strtoul(&arg.value, 8)
                    .map(|v| v as u32)
                    .filter(|v| v & !0o777 == 0)
                {
                    Some(mask) => job.umask = mask,
                    None => self.reject(ValueErrorKind::IllegalUmask, arg, kind),
                }
            }
            StanzaKind::Nice => {
                let Some(arg) = args.first() else { return };
                match int_in(&arg.value, -20..=19) {
                    Some(nice) => job.nice = Some(nice),
                    None => self.reject(ValueErrorKind::IllegalNice, arg, kind),
                }
            }
            StanzaKind::Oom => self.oom(&args),
            StanzaKind::Limit => self.limit(&args),
            StanzaKind::Apparmor => {
                let Some(value) = first_value(args) else {
                    return;
                };
                match sub.as_deref() {
                    Some(b"load") => {
                        let mut command = b"/sbin/apparmor_parser -r -W ".to_vec();
                        command.extend_from_slice(&value);
                        job.processes.insert(
                            ProcessKind::Security,
                            Process {
                                script: false,
                                command,
                                range: stanza.range(),
                            },
                        );
                    }
                    Some(b"switch") => job.apparmor_switch = Some(value),
                    _ => {}
                }
            }
            StanzaKind::Cgroup => cgroup(job, &args),
        }
    }

    fn process(&mut self, slot: ProcessKind, stanza: &StanzaData) {
        let process = if let Some(command) = stanza.command_value() {
            Process {
                script: false,
                command,
                range: stanza.range(),
            }
        } else if let Some(command) = stanza.script_text() {
            Process {
                script: true,
                command,
                range: stanza.range(),
            }
        } else {
            return;
        };
        self.job.processes.insert(slot, process);
    }

    fn respawn(&mut self, has_limit: bool, args: &[ArgValue]) {
        let kind = StanzaKind::Respawn;
        if !has_limit {
            self.job.respawn = true;
            return;
        }
        let Some(count) = args.first() else { return };
        let count_value = &count.value;
        if count_value == b"unlimited" {
            self.job.respawn_limit = 0;
            self.job.respawn_interval = 0;
            return;
        }
        // `respawn_limit` is an `int`: values are truncated before the sign check (spec §2.6).
        match strtol(count_value, 10)
            .map(|v| v as i32)
            .filter(|v| *v >= 0)
        {
            Some(limit) => self.job.respawn_limit = limit,
            None => return self.reject(ValueErrorKind::IllegalLimit, count, kind),
        }
        let Some(interval) = args.get(1) else { return };
        match strtol(&interval.value, 10).filter(|v| *v >= 0) {
            Some(seconds) => self.job.respawn_interval = seconds,
            None => self.reject(ValueErrorKind::IllegalInterval, interval, kind),
        }
    }

    fn oom(&mut self, args: &[ArgValue]) {
        let kind = StanzaKind::Oom;
        let Some(first) = args.first() else { return };
        if first.value == b"score" {
            let Some(arg) = args.get(1) else { return };
            let value = &arg.value;
            let score = if value == b"never" {
                Some(-1000)
            } else {
                int_in(value, -1000..=1000)
            };
            match score {
                Some(score) => self.job.oom_score_adj = score,
                None => self.reject(ValueErrorKind::IllegalOomScore, arg, kind),
            }
            return;
        }
        let value = &first.value;
        let adjustment = if value == b"never" {
            Some(-17)
        } else {
            int_in(value, -17..=15)
        };
        match adjustment {
            // Legacy `oom` is scaled to an `oom_score_adj` (spec §2.11).
            Some(adj) if adj < 0 => self.job.oom_score_adj = adj * 1000 / 17,
            Some(adj) => self.job.oom_score_adj = adj * 1000 / 15,
            None => self.reject(ValueErrorKind::IllegalOom, first, kind),
        }
    }

    fn limit(&mut self, args: &[ArgValue]) {
        let kind = StanzaKind::Limit;
        let Some(resource) = args.first() else { return };
        let name = &resource.value;
        let Some(&known) = LIMIT_RESOURCES.iter().find(|r| r.as_bytes() == name) else {
            return self.reject(ValueErrorKind::UnknownResource, resource, kind);
        };
        let mut values = [RLimit::Unlimited; 2];
        for (slot, arg) in values.iter_mut().zip(&args[1..]) {
            let value = &arg.value;
            *slot = if value == b"unlimited" {
                RLimit::Unlimited
            } else {
                match strtoul(value, 10) {
                    Some(u64::MAX) => RLimit::Unlimited,
                    Some(number) => RLimit::Value(number),
                    None => return self.reject(ValueErrorKind::IllegalLimit, arg, kind),
                }
            };
        }
        if args.len() >= 3 {
            self.job
                .limits
                .insert(known.to_string(), (values[0], values[1]));
        }
    }
}

/// The value of the first argument, taken out of `args`.
fn first_value(args: Vec<ArgValue>) -> Option<Vec<u8>> {
    args.into_iter().next().map(|arg| arg.value)
}

fn set(slot: &mut Option<Vec<u8>>, value: Option<Vec<u8>>) {
    if value.is_some() {
        *slot = value;
    }
}

/// `(int) strtol (value, &end, 10)` within `range`: the cast to `int` truncates before the
/// range check, as in `parse_job.c` (spec §2.11: `nice 4294967296` is accepted as 0).
fn int_in(value: &[u8], range: std::ops::RangeInclusive<i32>) -> Option<i32> {
    strtol(value, 10)
        .map(|v| v as i32)
        .filter(|v| range.contains(v))
}

/// A `normal exit` value: a signal name (stored as `signum << 8`) or a status up to `INT_MAX`.
fn exit_status(value: &[u8]) -> Option<i32> {
    if let Some(number) = signal::from_name(value) {
        return Some(number << 8);
    }
    strtoul(value, 10).and_then(|status| i32::try_from(status).ok())
}

/// A `kill signal` / `reload signal` value: a name, or a number from 0 to `INT_MAX`.
fn signal_value(value: &[u8]) -> Option<i32> {
    signal::from_name(value).or_else(|| {
        strtol(value, 10)
            .and_then(|n| i32::try_from(n).ok())
            .filter(|n| *n >= 0)
    })
}

fn cgroup(job: &mut Job, args: &[ArgValue]) {
    let values: Vec<Vec<u8>> = args.iter().map(|arg| arg.value.clone()).collect();
    let default_name = b"$UPSTART_CGROUP".to_vec();
    let (controller, name, setting) = match values.as_slice() {
        [controller] => (controller, default_name, None),
        [controller, name] => (controller, name.clone(), None),
        [controller, key, value] => (controller, default_name, Some((key, value))),
        [controller, name, key, value] => (controller, name.clone(), Some((key, value))),
        _ => return,
    };
    let index = match job
        .cgroups
        .iter()
        .position(|c| &c.controller == controller && c.name == name)
    {
        Some(index) => index,
        None => {
            job.cgroups.push(Cgroup {
                controller: controller.clone(),
                name,
                settings: Vec::new(),
            });
            job.cgroups.len() - 1
        }
    };
    if let Some((key, value)) = setting {
        let settings = &mut job.cgroups[index].settings;
        match settings.iter_mut().find(|(k, _)| k == key) {
            Some((_, existing)) => *existing = value.clone(),
            None => settings.push((key.clone(), value.clone())),
        }
    }
}

fn lower_event(term: EventTerm) -> EventExpr {
    match term {
        EventTerm::Match { words, .. } => {
            let mut words = words.into_iter();
            let name = words.next().unwrap_or_default();
            EventExpr::Match {
                name,
                args: words.collect(),
            }
        }
        EventTerm::Group(inner) => lower_event(*inner),
        EventTerm::Binary { lhs, operator, rhs } => {
            let (lhs, rhs) = (Box::new(lower_event(*lhs)), Box::new(lower_event(*rhs)));
            match operator {
                EventOperator::And => EventExpr::And(lhs, rhs),
                EventOperator::Or => EventExpr::Or(lhs, rhs),
            }
        }
    }
}
