//! `check`: lint files and directories. Each group of options lives in its own module.

mod baseline;
mod fix;
mod graph;
mod input;
mod output;
mod settings;
mod shell;

use clap::Args;

use super::{EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    input: input::InputArgs,
    #[command(flatten)]
    settings: settings::SettingsArgs,
    #[command(flatten)]
    output: output::OutputArgs,
    #[command(flatten)]
    baseline: baseline::BaselineArgs,
    #[command(flatten)]
    fix: fix::FixArgs,
    #[command(flatten)]
    graph: graph::GraphArgs,
    #[command(flatten)]
    shell: shell::ShellArgs,
}

/// Checks every path and prints the findings; returns the exit status.
pub fn run(args: &CheckArgs) -> i32 {
    let mut options = args.settings.options(args.input.no_ignore);
    options.overrides.shell = args.shell.overrides();
    options.overrides.graph = args.graph.overrides();
    let mut run = match check_all(args, &options) {
        Ok(run) => run,
        Err(message) => {
            eprintln!("upstart-lint: {message}");
            return EXIT_TROUBLE;
        }
    };
    if args.fix.enabled() {
        let report = args.fix.apply(&run);
        for problem in &report.problems {
            eprintln!("upstart-lint: {problem}");
        }
        if args.fix.diff {
            return if !report.problems.is_empty() {
                EXIT_TROUBLE
            } else if report.changed > 0 {
                EXIT_FINDINGS
            } else {
                EXIT_CLEAN
            };
        }
        if report.changed > 0 {
            eprintln!(
                "upstart-lint: fixed {} finding{} in {} file{}",
                report.fixes,
                if report.fixes == 1 { "" } else { "s" },
                report.changed,
                if report.changed == 1 { "" } else { "s" }
            );
            // Report what is left, from the rewritten files.
            run = match check_all(args, &options) {
                Ok(run) => run,
                Err(message) => {
                    eprintln!("upstart-lint: {message}");
                    return EXIT_TROUBLE;
                }
            };
        }
    }
    if let Err(message) = args.baseline.apply(&mut run) {
        eprintln!("upstart-lint: {message}");
        return EXIT_TROUBLE;
    }
    if let Err(message) = args.output.emit(&run) {
        eprintln!("upstart-lint: {message}");
        return EXIT_TROUBLE;
    }
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
        EXIT_TROUBLE
    } else if !args.output.exit_zero && run.files.iter().any(|f| f.fails()) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// The per-file analysis of the input, then the cross-job rules over its directories.
fn check_all(
    args: &CheckArgs,
    options: &crate::workspace::CheckOptions,
) -> Result<crate::workspace::CheckRun, String> {
    let mut run = args.input.check(options)?;
    crate::workspace::add_shell_findings(&mut run)?;
    args.graph.apply(&mut run, args.input.paths(), options)?;
    Ok(run)
}
