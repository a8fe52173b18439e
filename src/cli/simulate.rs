//! `simulate`: run jobs in the dry-run runtime, from a steps scenario or a boot.

use std::path::PathBuf;

use clap::Args;

use crate::runtime::Engine;
use crate::runtime::outcome::Outcomes;
use crate::runtime::scenario::{Runner, parse_steps};

/// Arguments of `simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Job files and directories (the daemon's configuration).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// A scenario in the steps format of the recordings; prints the normalised trace.
    #[arg(long, value_name = "FILE")]
    steps: Option<PathBuf>,
    /// A file of `JOB[/PROCESS] SPEC` lines scripting what processes do.
    #[arg(long, value_name = "FILE")]
    outcomes: Option<PathBuf>,
    /// One `JOB[/PROCESS] SPEC` outcome (repeatable), e.g. `db sleep:0.2+exit:1,run`.
    #[arg(long, value_name = "'JOB[/PROCESS] SPEC'")]
    outcome: Vec<String>,
}

/// Runs the simulation and prints its result.
pub fn run(args: &SimulateArgs) -> i32 {
    match simulate(args) {
        Ok(output) => {
            print!("{output}");
            super::EXIT_CLEAN
        }
        Err(message) => {
            eprintln!("upstart-lint: {message}");
            super::EXIT_TROUBLE
        }
    }
}

fn simulate(args: &SimulateArgs) -> Result<String, String> {
    let loaded = crate::workspace::load_jobs(&args.paths);
    for problem in &loaded.problems {
        eprintln!(
            "upstart-lint: {}: {}",
            problem.path.display(),
            problem.message
        );
    }
    let mut outcomes = Outcomes::default();
    if let Some(path) = &args.outcomes {
        let text = read(path)?;
        outcomes
            .add_file(&text)
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    for line in &args.outcome {
        outcomes
            .add_line(line)
            .map_err(|e| format!("--outcome: {e}"))?;
    }
    let engine = Engine::new(loaded.jobs, outcomes);
    let Some(steps_path) = &args.steps else {
        return Err("nothing to simulate: give --steps FILE".into());
    };
    let steps =
        parse_steps(&read(steps_path)?).map_err(|e| format!("{}: {e}", steps_path.display()))?;
    let mut runner = Runner::new(engine);
    runner.run(&steps);
    Ok(runner.trace())
}

fn read(path: &std::path::Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}
