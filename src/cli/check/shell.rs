//! The external shell checks: `dash -n` (or `sh -n`) for syntax, and ShellCheck.

use std::path::PathBuf;

use clap::Args;

use crate::check::shell::{self, ShellTools, shellcheck::Dialect};
use crate::workspace::CheckRun;

/// Shell options.
#[derive(Debug, Args)]
#[command(next_help_heading = "Embedded shell")]
pub struct ShellArgs {
    /// The ShellCheck program to run on shell fragments (default: `shellcheck` on PATH).
    #[arg(long, value_name = "PATH", conflicts_with = "no_shellcheck")]
    shellcheck: Option<PathBuf>,
    /// Do not run ShellCheck even when it is installed.
    #[arg(long)]
    no_shellcheck: bool,
    /// The shell ShellCheck checks fragments as.
    #[arg(long, value_enum, default_value = "sh")]
    shell_dialect: Dialect,
}

impl ShellArgs {
    /// The tools these options ask for; an explicit `--shellcheck` that cannot run is an error.
    pub fn tools(&self) -> Result<ShellTools, String> {
        ShellTools::detect(
            !self.no_shellcheck,
            self.shellcheck.clone(),
            self.shell_dialect,
        )
    }

    /// Runs the tools on every file of `run`; their findings go through each file's rule
    /// selection and suppression comments like the others.
    pub fn apply(&self, tools: &ShellTools, run: &mut CheckRun) -> Result<(), String> {
        if tools.shell.is_none() {
            eprintln!(
                "upstart-lint: note: neither dash nor sh is on PATH: shell syntax not checked"
            );
        }
        let analyses: Vec<_> = run.files.iter().map(|f| &f.analysis).collect();
        let (found, problem) = shell::findings(&analyses, tools);
        for (file, added) in run.files.iter_mut().zip(found) {
            file.add_later_findings(added);
        }
        problem.map_or(Ok(()), Err)
    }
}
