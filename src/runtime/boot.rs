//! Boot simulation: `startup`, then the events a distribution's boot programs emit, in their
//! real order (spec §8). Jobs run well-behaved defaults: services stay up, tasks succeed, and a
//! daemon forks as its `expect` says.

use super::control::Origin;
use super::engine::Engine;
use super::outcome::{Outcomes, Step};
use crate::model::{Expect, Job, ProcessKind};

/// Whose boot to simulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Ubuntu 14.04: mountall, udev, network, container-detect, rc-sysinit (spec §8.2).
    Ubuntu,
    /// Chrome OS: `startup`, then the session manager's login events.
    Chromeos,
    /// Plain Upstart: `startup` only.
    Upstart,
}

/// How to boot.
#[derive(Debug, Clone)]
pub struct BootOptions {
    /// Whose boot.
    pub profile: Profile,
    /// The runlevel `telinit` switches to.
    pub runlevel: String,
    /// Stop the clock here (microseconds).
    pub until: i64,
    /// Give up after this many iterations of the engine's loop.
    pub budget: usize,
}

/// A budget no ordinary boot reaches: a few hundred jobs settle in a few thousand iterations.
pub const DEFAULT_BUDGET: usize = 200_000;

/// Events a boot program emits: from a job's process when the workspace has that job, from
/// outside (in this order, just after `startup`) when it has not and the events come from the
/// system anyway.
struct Emitter {
    job: &'static str,
    /// Whether the events come from outside when the job is absent.
    system: bool,
    kind: ProcessKind,
    /// Virtual time before the first event (microseconds).
    delay: i64,
    events: Vec<String>,
}

const MILLISECOND: i64 = 1_000;

fn emitters(options: &BootOptions) -> Vec<Emitter> {
    let emitter = |job, kind, delay, events: &[&str]| Emitter {
        job,
        system: job != "failsafe",
        kind,
        delay,
        events: events.iter().map(|e| e.to_string()).collect(),
    };
    match options.profile {
        Profile::Upstart => Vec::new(),
        Profile::Chromeos => vec![emitter(
            "ui",
            ProcessKind::Main,
            1_000 * MILLISECOND,
            &["login-prompt-visible", "start-user-session"],
        )],
        Profile::Ubuntu => vec![
            emitter(
                "mountall",
                ProcessKind::Main,
                0,
                // `mounting` is a hook: mountall waits for the jobs it starts (`--wait`).
                &[
                    "--wait mounting MOUNTPOINT=/proc TYPE=proc",
                    "mounted MOUNTPOINT=/proc TYPE=proc",
                    "--wait mounting MOUNTPOINT=/sys TYPE=sysfs",
                    "mounted MOUNTPOINT=/sys TYPE=sysfs",
                    "--wait mounting MOUNTPOINT=/dev TYPE=devtmpfs",
                    "mounted MOUNTPOINT=/dev TYPE=devtmpfs",
                    "--wait mounting MOUNTPOINT=/run TYPE=tmpfs",
                    "mounted MOUNTPOINT=/run TYPE=tmpfs",
                    "virtual-filesystems",
                    "--wait mounting MOUNTPOINT=/ TYPE=ext4",
                    "mounted MOUNTPOINT=/ TYPE=ext4",
                    "--wait mounting MOUNTPOINT=/tmp TYPE=none",
                    "mounted MOUNTPOINT=/tmp TYPE=none",
                    "local-filesystems",
                    "remote-filesystems",
                    "all-swaps",
                    "filesystem",
                ],
            ),
            emitter(
                "upstart-udev-bridge",
                ProcessKind::Main,
                0,
                &[
                    "net-device-added INTERFACE=lo",
                    "net-device-added INTERFACE=eth0",
                    "graphics-device-added PRIMARY_DEVICE_FOR_DISPLAY=1",
                    "drm-device-added PRIMARY_DEVICE_FOR_DISPLAY=1",
                ],
            ),
            emitter(
                "container-detect",
                ProcessKind::PreStart,
                0,
                &["not-container"],
            ),
            emitter(
                "networking",
                ProcessKind::PreStart,
                0,
                &[
                    "net-device-up IFACE=lo LOGICAL=lo ADDRFAM=inet METHOD=loopback",
                    "net-device-up IFACE=eth0 LOGICAL=eth0 ADDRFAM=inet METHOD=dhcp",
                    "static-network-up",
                ],
            ),
            Emitter {
                job: "rc-sysinit",
                system: true,
                kind: ProcessKind::Main,
                delay: 0,
                events: vec![format!(
                    "runlevel RUNLEVEL={} PREVLEVEL=N",
                    options.runlevel
                )],
            },
            emitter(
                "failsafe",
                ProcessKind::Main,
                120_000 * MILLISECOND,
                &["failsafe-boot"],
            ),
        ],
    }
}

/// What a process does at boot unless told otherwise: its emitted events, then a service's
/// main process stays up and everything else exits 0; a main process forks or stops as its
/// `expect` says, so the job reaches running.
fn default_program(job: &Job, kind: ProcessKind, emits: Vec<Step>) -> Vec<Step> {
    let mut rest = emits;
    let service_main = kind == ProcessKind::Main && !job.task;
    rest.push(if service_main {
        Step::Run
    } else {
        Step::Exit(0)
    });
    if kind != ProcessKind::Main {
        return rest;
    }
    match job.expect {
        Expect::None => rest,
        Expect::Fork => vec![Step::Fork(rest), Step::Exit(0)],
        Expect::Daemon => vec![Step::Daemon(rest), Step::Exit(0)],
        Expect::Stop => std::iter::once(Step::Stop).chain(rest).collect(),
    }
}

/// `initctl emit` words for an event; `--wait EVENT` emits it blocking, anything else with
/// `--no-wait`.
fn emit_words(event: &str) -> Vec<String> {
    let (flag, event) = match event.strip_prefix("--wait ") {
        Some(event) => (None, event),
        None => (Some("--no-wait"), event),
    };
    std::iter::once("emit")
        .chain(flag)
        .chain(event.split_whitespace())
        .map(String::from)
        .collect()
}

/// Boots `jobs` and runs the clock to `options.until`; `user` outcomes override the defaults.
pub fn boot(jobs: Vec<Job>, user: &Outcomes, options: &BootOptions) -> Engine {
    let emitters = emitters(options);
    let mut outcomes = Outcomes::default();
    for job in &jobs {
        for &kind in job.processes.keys() {
            let mut emits = Vec::new();
            for emitter in emitters
                .iter()
                .filter(|e| e.job.as_bytes() == job.name.as_slice() && e.kind == kind)
            {
                emits.push(Step::Sleep(emitter.delay));
                emits.extend(emitter.events.iter().map(|e| Step::Initctl(emit_words(e))));
            }
            outcomes.set(&job.name, kind, default_program(job, kind, emits));
        }
    }
    for (key, spec) in &user.0 {
        outcomes.0.insert(key.clone(), spec.clone());
    }
    let outside: Vec<&Emitter> = emitters
        .iter()
        .filter(|e| {
            e.system
                && !jobs
                    .iter()
                    .any(|j| j.name == e.job.as_bytes() && j.processes.contains_key(&e.kind))
        })
        .collect();
    let mut engine = Engine::new(jobs, outcomes);
    engine.submit(Origin::Init, emit_words("startup"), 0);
    let mut at = 0;
    for emitter in outside {
        at += emitter.delay;
        for event in &emitter.events {
            at += 10 * MILLISECOND;
            engine.submit(Origin::Init, emit_words(event), at);
        }
    }
    engine.completed = engine.run_until_within(options.until, options.budget);
    engine
}
