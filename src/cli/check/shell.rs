//! Options of the external shell checks (`dash -n` and ShellCheck); the checks themselves run in
//! `workspace::add_shell_findings`.

use std::path::PathBuf;

use clap::Args;

use crate::check::config::ShellConfig;
use crate::check::shell::shellcheck::Dialect;

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
