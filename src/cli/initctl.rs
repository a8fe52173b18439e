//! `show-config` and `check-config`: initctl's views of a job directory, without init.

use std::ffi::OsString;
use std::io::Write as _;
use std::os::unix::ffi::OsStrExt as _;
use std::path::PathBuf;

use clap::Args;

use crate::initctl::{self, CheckConfigOptions};
use crate::workspace::{Workspace, sources};

/// Where the jobs are: initctl's daemon options.
#[derive(Debug, Args)]
pub struct Confdirs {
    /// A job directory, as `init --confdir` (repeatable; highest priority first). Default: the
    /// directories init itself would read.
    #[arg(long = "confdir", value_name = "DIR")]
    confdirs: Vec<PathBuf>,
    /// Act as for a session init (`initctl --user`): its search path, and `session-end` is one
    /// of init's own events.
    #[arg(long)]
    user: bool,
}

impl Confdirs {
    /// Loads the directories; what cannot be read is said on stderr, as init logs it (missing
    /// default directories are normal, and not mentioned).
    pub fn load(&self) -> Workspace {
        let dirs = if self.user {
            sources::session_dirs(&self.confdirs, &sources::SessionEnv::from_process())
        } else {
            let env = std::env::var_os("UPSTART_CONFDIR").map(PathBuf::from);
            sources::system_dirs(&self.confdirs, env.as_deref())
        };
        let workspace = Workspace::load(&dirs);
        let defaults = self.confdirs.is_empty();
        for problem in workspace
            .problems()
            .iter()
            .filter(|p| !(defaults && dirs.contains(&p.path)))
        {
            eprintln!(
                "upstart-lint: {}: {}",
                problem.path.display(),
                problem.message
            );
        }
        workspace
    }
}

/// Arguments of `show-config`.
#[derive(Debug, Args)]
pub struct ShowConfigArgs {
    /// One line per event, with its job and environment (as `initctl show-config -e`).
    #[arg(short = 'e', long = "enumerate")]
    enumerate: bool,
    /// Show this job only.
    job: Option<OsString>,
    #[command(flatten)]
    dirs: Confdirs,
}

/// Arguments of `check-config`.
#[derive(Debug, Args)]
pub struct CheckConfigArgs {
    /// Report unknown names on either side of an `or` too.
    #[arg(short = 'w', long = "warn")]
    warn: bool,
    /// Events to accept although nothing emits them (comma-separated; repeatable).
    #[arg(short = 'i', long = "ignore-events", value_name = "EVENT_LIST")]
    ignore: Vec<OsString>,
    /// Check this job only.
    job: Option<OsString>,
    #[command(flatten)]
    dirs: Confdirs,
}

/// Prints what `initctl show-config` would.
pub fn show_config(args: &ShowConfigArgs) -> i32 {
    let workspace = args.dirs.load();
    let jobs = workspace.jobs_in_init_order();
    let selected: Vec<_> = match &args.job {
        None => jobs.iter().map(|j| &j.job).collect(),
        Some(name) => {
            let Some(job) = jobs.iter().find(|j| j.name() == name.as_bytes()) else {
                eprintln!("upstart-lint: Unknown job: {}", name.to_string_lossy());
                return super::EXIT_FINDINGS;
            };
            vec![&job.job]
        }
    };
    emit(&initctl::show_config(selected, args.enumerate));
    super::EXIT_CLEAN
}

/// Prints what `initctl check-config` would; exit status 1 when it reports anything.
pub fn check_config(args: &CheckConfigArgs) -> i32 {
    let workspace = args.dirs.load();
    let jobs: Vec<_> = workspace
        .jobs_in_init_order()
        .into_iter()
        .map(|j| &j.job)
        .collect();
    let only = args.job.as_ref().map(|j| j.as_bytes());
    if let Some(name) = only
        && !jobs.iter().any(|j| j.name == name)
    {
        eprintln!(
            "upstart-lint: Invalid job class: {}",
            String::from_utf8_lossy(name)
        );
        return super::EXIT_FINDINGS;
    }
    let mut options = CheckConfigOptions {
        warn: args.warn,
        user_mode: args.dirs.user,
        ..CheckConfigOptions::default()
    };
    for list in &args.ignore {
        options.ignore(list.as_bytes());
    }
    let (out, found) = initctl::check_config(&jobs, only, &options);
    emit(&out);
    if found {
        super::EXIT_FINDINGS
    } else {
        super::EXIT_CLEAN
    }
}

fn emit(bytes: &[u8]) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(bytes).and_then(|()| stdout.flush());
}
