//! The external shell checks: `dash -n` (or `sh -n`) for syntax, and ShellCheck.

use std::collections::HashMap;
use std::path::PathBuf;

use clap::Args;

use crate::check::config::{ShellConfig, ShellSettings};
use crate::check::shell::{self, ShellTools, shellcheck::Dialect};
use crate::workspace::CheckRun;

/// Shell options; they override the config file's `[shell]`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Embedded shell")]
pub struct ShellArgs {
    /// The ShellCheck program to run on shell fragments (default: `shellcheck` on PATH).
    #[arg(long, value_name = "PATH", conflicts_with = "no_shellcheck")]
    shellcheck: Option<PathBuf>,
    /// Do not run ShellCheck even when it is installed.
    #[arg(long)]
    no_shellcheck: bool,
    /// The shell ShellCheck checks fragments as (default: sh).
    #[arg(long, value_enum)]
    shell_dialect: Option<Dialect>,
}

impl ShellArgs {
    /// What these options set, over each file's config.
    pub fn overrides(&self) -> ShellConfig {
        ShellConfig {
            shellcheck: if self.no_shellcheck {
                Some(false)
            } else {
                self.shellcheck.as_ref().map(|_| true)
            },
            shellcheck_path: self.shellcheck.clone(),
            dialect: self.shell_dialect,
        }
    }
}

/// Runs the tools on every file of `run`, once per distinct shell setting of the files (usually
/// one); their findings go through each file's rule selection and suppression comments like the
/// others. A ShellCheck program named explicitly that cannot run is an error.
pub fn apply(run: &mut CheckRun) -> Result<(), String> {
    let mut groups: HashMap<ShellSettings, Vec<usize>> = HashMap::new();
    for (i, file) in run.files.iter().enumerate() {
        groups
            .entry(file.settings.shell.clone())
            .or_default()
            .push(i);
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by_key(|(_, files)| files[0]);
    let mut warned = false;
    let mut problem = Ok(());
    for (settings, files) in groups {
        let tools = ShellTools::detect(
            settings.shellcheck,
            settings.shellcheck_path,
            settings.dialect,
        )?;
        if tools.shell.is_none() && !std::mem::replace(&mut warned, true) {
            eprintln!(
                "upstart-lint: note: neither dash nor sh is on PATH: shell syntax not checked"
            );
        }
        let analyses: Vec<_> = files.iter().map(|&i| &run.files[i].analysis).collect();
        let (found, failed) = shell::findings(&analyses, &tools);
        for (&i, added) in files.iter().zip(found) {
            run.files[i].add_later_findings(added);
        }
        if let Some(message) = failed {
            problem = Err(message);
        }
    }
    problem
}
