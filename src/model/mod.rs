//! What a job *means*: Upstart's `JobClass`, built from the tree by [`lower`].
//!
//! Strings are byte strings: Upstart stores whatever bytes the file holds.

pub mod dump;
pub mod events;
pub mod fnmatch;
mod lower;
mod number;
pub mod signal;
pub mod version;

use std::collections::BTreeMap;

use rowan::TextRange;

pub use lower::{LIMIT_RESOURCES, ValueError, ValueErrorKind, lower, lower_into};

/// A byte string as Upstart stores it.
pub type Bytes = Vec<u8>;

/// An event expression as Upstart stores it (spec §3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventExpr {
    /// An event name and its (dequoted) arguments.
    Match {
        /// The event name.
        name: Bytes,
        /// Positional and `KEY=VALUE` / `KEY!=VALUE` arguments, in order.
        args: Vec<Bytes>,
    },
    /// Both sides must have matched.
    And(Box<EventExpr>, Box<EventExpr>),
    /// Either side must have matched.
    Or(Box<EventExpr>, Box<EventExpr>),
}

/// How init decides that the main process is ready (`expect`, spec §2.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Expect {
    /// Running as soon as it is spawned.
    #[default]
    None,
    /// Waits for SIGSTOP.
    Stop,
    /// Follows two forks.
    Daemon,
    /// Follows one fork.
    Fork,
}

/// Where a job's standard streams go (`console`, spec §2.10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Console {
    /// `/dev/null`.
    None,
    /// `/dev/console`.
    Output,
    /// `/dev/console`, owning it.
    Owner,
    /// A pty logged to `/var/log/upstart`.
    #[default]
    Log,
}

/// The six process slots of a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProcessKind {
    /// `exec` / `script`.
    Main,
    /// `pre-start`.
    PreStart,
    /// `post-start`.
    PostStart,
    /// `pre-stop`.
    PreStop,
    /// `post-stop`.
    PostStop,
    /// `apparmor load`.
    Security,
}

impl ProcessKind {
    /// All slots, in Upstart's order.
    pub const ALL: [ProcessKind; 6] = [
        ProcessKind::Main,
        ProcessKind::PreStart,
        ProcessKind::PostStart,
        ProcessKind::PreStop,
        ProcessKind::PostStop,
        ProcessKind::Security,
    ];

    /// The slot's name as Upstart prints it.
    pub fn name(self) -> &'static str {
        match self {
            ProcessKind::Main => "main",
            ProcessKind::PreStart => "pre-start",
            ProcessKind::PostStart => "post-start",
            ProcessKind::PreStop => "pre-stop",
            ProcessKind::PostStop => "post-stop",
            ProcessKind::Security => "security",
        }
    }
}

/// A command line or a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Process {
    /// `true` for a script block, `false` for an `exec` line.
    pub script: bool,
    /// The command line, or the script text after indentation stripping.
    pub command: Bytes,
    /// Where it was defined.
    pub range: TextRange,
}

/// One `limit` value: a number or `unlimited`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RLimit {
    /// A finite limit.
    Value(u64),
    /// `unlimited` (RLIM_INFINITY; also what `-1` wraps to).
    Unlimited,
}

/// A `cgroup` with its settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cgroup {
    /// The controller, e.g. `memory`.
    pub controller: Bytes,
    /// The cgroup name; `$UPSTART_CGROUP` by default.
    pub name: Bytes,
    /// `KEY VALUE` settings, later values replacing earlier ones for the same key.
    pub settings: Vec<(Bytes, Bytes)>,
}

/// A job class, with Upstart's defaults (spec Appendix A).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The job name (from the file path).
    pub name: Bytes,
    /// `description`.
    pub description: Option<Bytes>,
    /// `author`.
    pub author: Option<Bytes>,
    /// `version`.
    pub version: Option<Bytes>,
    /// `usage`.
    pub usage: Option<Bytes>,
    /// `instance` template; empty for a single-instance job.
    pub instance: Bytes,
    /// `start on`.
    pub start_on: Option<EventExpr>,
    /// `stop on`.
    pub stop_on: Option<EventExpr>,
    /// Whether a `manual` stanza was seen.
    pub manual: bool,
    /// `emits` patterns.
    pub emits: Vec<Bytes>,
    /// `env` entries, `KEY=VALUE` or `KEY`.
    pub env: Vec<Bytes>,
    /// `export` names.
    pub export: Vec<Bytes>,
    /// `expect`.
    pub expect: Expect,
    /// `task`.
    pub task: bool,
    /// `respawn`.
    pub respawn: bool,
    /// `respawn limit` COUNT (0: unlimited).
    pub respawn_limit: i32,
    /// `respawn limit` INTERVAL in seconds (0: unlimited).
    pub respawn_interval: i64,
    /// `normal exit` statuses; signals as `signum << 8`.
    pub normal_exit: Vec<i32>,
    /// `kill signal`.
    pub kill_signal: i32,
    /// `kill timeout` in seconds.
    pub kill_timeout: i64,
    /// `reload signal`.
    pub reload_signal: i32,
    /// `console`.
    pub console: Console,
    /// `umask`.
    pub umask: u32,
    /// `nice`, when set.
    pub nice: Option<i32>,
    /// `oom score` (legacy `oom` converted).
    pub oom_score_adj: i32,
    /// `chroot`.
    pub chroot: Option<Bytes>,
    /// `chdir`.
    pub chdir: Option<Bytes>,
    /// `setuid`.
    pub setuid: Option<Bytes>,
    /// `setgid`.
    pub setgid: Option<Bytes>,
    /// `limit` per resource name.
    pub limits: BTreeMap<String, (RLimit, RLimit)>,
    /// `apparmor switch`.
    pub apparmor_switch: Option<Bytes>,
    /// `cgroup` stanzas, merged.
    pub cgroups: Vec<Cgroup>,
    /// `debug`.
    pub debug: bool,
    /// The processes, by slot.
    pub processes: BTreeMap<ProcessKind, Process>,
}

impl Job {
    /// A job with nothing set: Upstart's defaults.
    pub fn new(name: impl Into<Bytes>) -> Self {
        Job {
            name: name.into(),
            description: None,
            author: None,
            version: None,
            usage: None,
            instance: Vec::new(),
            start_on: None,
            stop_on: None,
            manual: false,
            emits: Vec::new(),
            env: Vec::new(),
            export: Vec::new(),
            expect: Expect::None,
            task: false,
            respawn: false,
            respawn_limit: 10,
            respawn_interval: 5,
            normal_exit: Vec::new(),
            kill_signal: 15,
            kill_timeout: 5,
            reload_signal: 1,
            console: Console::Log,
            umask: 0o022,
            nice: None,
            oom_score_adj: 0,
            chroot: None,
            chdir: None,
            setuid: None,
            setgid: None,
            limits: BTreeMap::new(),
            apparmor_switch: None,
            cgroups: Vec::new(),
            debug: false,
            processes: BTreeMap::new(),
        }
    }
}

/// The job name for a file: its name without a final `.conf` or `.override` (spec §4.3).
pub fn job_name_from_file_name(file_name: &[u8]) -> Bytes {
    for suffix in [&b".conf"[..], b".override"] {
        if let Some(stem) = file_name.strip_suffix(suffix) {
            return stem.to_vec();
        }
    }
    file_name.to_vec()
}
