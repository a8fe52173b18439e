//! How `check` reports: format, colour, destination, statistics, exit status.

use std::path::PathBuf;

use clap::Args;

use crate::cli::ColorChoice;
use crate::render::{self, Format};
use crate::workspace::CheckRun;

/// Output options.
#[derive(Debug, Args)]
#[command(next_help_heading = "Output")]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "full")]
    format: Format,
    /// When to use colour in human output.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// Write the findings to this file instead of standard output.
    #[arg(short = 'o', long = "output-file", value_name = "FILE")]
    output_file: Option<PathBuf>,
    /// Print how many findings each rule has instead of the findings.
    #[arg(long)]
    statistics: bool,
    /// Exit with status 0 even when there are findings (I/O problems still give 2).
    #[arg(long)]
    pub exit_zero: bool,
}

impl OutputArgs {
    /// Renders `run` and writes it where the options say.
    pub fn emit(&self, run: &CheckRun) -> Result<(), String> {
        let text = if self.statistics {
            render::statistics(run)
        } else {
            render::render(run, self.format, self.use_color())
        };
        match &self.output_file {
            Some(path) => {
                std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
            }
            None => {
                print!("{text}");
                Ok(())
            }
        }
    }

    fn use_color(&self) -> bool {
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                self.output_file.is_none()
                    && std::env::var_os("NO_COLOR").is_none()
                    && std::io::IsTerminal::is_terminal(&std::io::stdout())
            }
        }
    }
}
