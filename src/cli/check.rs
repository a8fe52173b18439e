//! `check`: lint files and directories.

use std::path::PathBuf;

use clap::Args;

use super::ColorChoice;

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and directories to check (default: the current directory).
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "full")]
    format: crate::render::Format,
    /// When to use colour in human output.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// Run the cross-job (G) rules with this conf directory as the job set (they always run
    /// for directories given as paths).
    #[arg(long, value_name = "DIR")]
    workspace: Option<PathBuf>,
    /// Where events from outside the job set come from (G rules): upstart, ubuntu, chromeos.
    #[arg(long, default_value = "ubuntu")]
    profile: String,
}

/// Checks every path and prints the findings.
pub fn run(args: &CheckArgs) -> i32 {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut run = crate::workspace::check_paths(&paths);
    let workspace = args.workspace.as_deref();
    if let Err(message) =
        crate::graph::rules::add_for_paths(&mut run, &paths, workspace, &args.profile)
    {
        eprintln!("upstart-lint: {message}");
        return super::EXIT_TROUBLE;
    }
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none()
                && std::io::IsTerminal::is_terminal(&std::io::stdout())
        }
    };
    let output = crate::render::render(&run, args.format, color);
    print!("{output}");
    for note in &run.notes {
        eprintln!(
            "upstart-lint: {}: note: {}",
            note.path.display(),
            note.message
        );
    }
    for problem in &run.problems {
        eprintln!(
            "upstart-lint: {}: {}",
            problem.path.display(),
            problem.message
        );
    }
    if !run.problems.is_empty() {
        super::EXIT_TROUBLE
    } else if run.files.iter().any(|f| !f.analysis.diagnostics.is_empty()) {
        super::EXIT_FINDINGS
    } else {
        super::EXIT_CLEAN
    }
}
