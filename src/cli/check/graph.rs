//! The cross-job (G) rules: which job set they judge, and where outside events come from.

use std::path::PathBuf;

use clap::Args;

use crate::graph::rules::add_for_paths;
use crate::workspace::CheckRun;

/// Cross-job options.
#[derive(Debug, Args)]
#[command(next_help_heading = "Cross-job rules")]
pub struct GraphArgs {
    /// Run the cross-job (G) rules with this conf directory as the job set (they always run
    /// for directories given as paths).
    #[arg(long, value_name = "DIR")]
    workspace: Option<PathBuf>,
    /// Where events from outside the job set come from (G rules): upstart, ubuntu, chromeos.
    #[arg(long, default_value = "ubuntu")]
    profile: String,
}

impl GraphArgs {
    /// Adds the G findings of every directory among `paths` (and `--workspace`) to `run`.
    pub fn apply(&self, run: &mut CheckRun, paths: &[PathBuf]) -> Result<(), String> {
        add_for_paths(run, paths, self.workspace.as_deref(), &self.profile)
    }
}
