//! The cross-job (G) rules: which job set they judge, and where outside events come from.

use std::path::PathBuf;

use clap::Args;

use crate::check::config::GraphConfig;
use crate::graph::rules::{GraphOptions, add_for_paths};
use crate::workspace::settings::Resolver;
use crate::workspace::{CheckOptions, CheckRun};

/// Cross-job options; `--profile` overrides the config file's `[graph]`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Cross-job rules")]
pub struct GraphArgs {
    /// Run the cross-job (G) rules with this conf directory as the job set (they always run
    /// for directories given as paths).
    #[arg(long, value_name = "DIR")]
    workspace: Option<PathBuf>,
    /// Where events from outside the job set come from (G rules): upstart, ubuntu (default),
    /// chromeos.
    #[arg(long)]
    profile: Option<String>,
}

impl GraphArgs {
    /// What these options set, over each directory's config.
    pub fn overrides(&self) -> GraphConfig {
        GraphConfig {
            profile: self.profile.clone(),
            ..GraphConfig::default()
        }
    }

    /// Adds the G findings of every directory among `paths` (and `--workspace`) to `run`, each
    /// judged with the settings of the config that applies to that directory, with those of a
    /// simulated boot of the checked jobs.
    pub fn apply(
        &self,
        run: &mut CheckRun,
        paths: &[PathBuf],
        options: &CheckOptions,
    ) -> Result<(), String> {
        let mut resolver =
            Resolver::new(&options.config, &options.overrides).map_err(|e| e.to_string())?;
        add_for_paths(run, paths, self.workspace.as_deref(), |dir| {
            let settings = resolver.for_dir(dir).map_err(|e| e.to_string())?;
            GraphOptions::from_settings(&settings.graph)
        })?;
        if self.workspace.is_some() || paths.iter().any(|p| p.is_dir()) {
            crate::workspace::boot_check::add_boot_findings(run);
        }
        Ok(())
    }
}
