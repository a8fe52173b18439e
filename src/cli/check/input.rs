//! What `check` reads: paths, standard input, and whether `.gitignore` counts.

use std::io::Read as _;
use std::path::PathBuf;

use clap::Args;

use crate::workspace::{self, CheckOptions, CheckRun};

/// Input options.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files and directories to check (default: the current directory); `-` reads standard
    /// input.
    paths: Vec<PathBuf>,
    /// The file name standard input stands for: its job name, config file and output path.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Walk directories without honouring `.gitignore` files.
    #[arg(long)]
    pub no_ignore: bool,
}

impl InputArgs {
    /// The paths given (standard input is `-`).
    pub fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    /// Checks standard input (`-`, or no path with `--stdin-filename`) or the paths.
    pub fn check(&self, options: &CheckOptions) -> Result<CheckRun, String> {
        let stdin = PathBuf::from("-");
        let reads_stdin =
            self.paths.contains(&stdin) || (self.paths.is_empty() && self.stdin_filename.is_some());
        if reads_stdin {
            if self.paths.len() > 1 {
                return Err("`-` (standard input) cannot be mixed with other paths".into());
            }
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("standard input: {e}"))?;
            let name = self.stdin_filename.as_ref().unwrap_or(&stdin);
            return workspace::check_text(name, &bytes, options).map_err(|e| e.to_string());
        }
        let paths = if self.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            self.paths.clone()
        };
        workspace::check_paths(&paths, options).map_err(|e| e.to_string())
    }
}
