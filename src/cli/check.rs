//! `check`: lint files and directories.

use std::path::PathBuf;

use clap::Args;

use super::ColorChoice;
use crate::check::shell::{self, ShellTools, shellcheck::Dialect};

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

/// Checks every path and prints the findings.
pub fn run(args: &CheckArgs) -> i32 {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let tools = match ShellTools::detect(
        !args.no_shellcheck,
        args.shellcheck.clone(),
        args.shell_dialect,
    ) {
        Ok(tools) => tools,
        Err(message) => {
            eprintln!("upstart-lint: {message}");
            return super::EXIT_TROUBLE;
        }
    };
    let mut run = crate::workspace::check_paths(&paths);
    if tools.shell.is_none() {
        eprintln!("upstart-lint: note: neither dash nor sh is on PATH: shell syntax not checked");
    }
    let mut analyses: Vec<_> = run.files.iter_mut().map(|f| &mut f.analysis).collect();
    let tool_error = shell::check_analyses(&mut analyses, &tools).err();
    if let Some(message) = &tool_error {
        eprintln!("upstart-lint: {message}");
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
    if !run.problems.is_empty() || tool_error.is_some() {
        super::EXIT_TROUBLE
    } else if run.files.iter().any(|f| !f.analysis.diagnostics.is_empty()) {
        super::EXIT_FINDINGS
    } else {
        super::EXIT_CLEAN
    }
}
