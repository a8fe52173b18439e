//! `--baseline FILE`: hide the findings recorded in FILE; write it when it does not exist yet
//! or with `--update-baseline`.

use std::path::PathBuf;

use clap::Args;

use crate::workspace::CheckRun;
use crate::workspace::baseline::Baseline;

/// Baseline options.
#[derive(Debug, Args)]
#[command(next_help_heading = "Baseline")]
pub struct BaselineArgs {
    /// Known findings: reported no more. Written with the current findings when absent.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Write the baseline file again with the current findings.
    #[arg(long, requires = "baseline")]
    update_baseline: bool,
}

impl BaselineArgs {
    /// Writes or reads the baseline, and drops the findings it knows from `run`.
    pub fn apply(&self, run: &mut CheckRun) -> Result<(), String> {
        let Some(path) = &self.baseline else {
            return Ok(());
        };
        let fail = |e: String| format!("{}: {e}", path.display());
        if self.update_baseline || !path.exists() {
            let count = Baseline::write(path, run).map_err(fail)?;
            eprintln!(
                "upstart-lint: {}: baseline written with {count} findings",
                path.display()
            );
        }
        let baseline = Baseline::read(path).map_err(fail)?;
        baseline.filter(run);
        Ok(())
    }
}
