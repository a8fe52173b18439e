//! `fmt`: lay job files out canonically, without changing what Upstart loads.

use std::path::PathBuf;

use clap::Args;

use crate::format::format;
use crate::render::diff::unified_diff;
use crate::workspace::{discover, write::write_atomically};

/// Arguments of `fmt`.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Files and directories to format (default: the current directory).
    paths: Vec<PathBuf>,
    /// Change nothing; exit with 1 when a file would be reformatted.
    #[arg(long)]
    check: bool,
    /// Change nothing; print what would change as a unified diff.
    #[arg(long)]
    diff: bool,
    /// Also format files that .gitignore and .ignore files exclude.
    #[arg(long)]
    no_ignore: bool,
}

/// Formats every job file under the paths.
pub fn run(args: &FmtArgs) -> i32 {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let found = discover(&paths, !args.no_ignore);
    let mut trouble = !found.problems.is_empty();
    for problem in &found.problems {
        eprintln!(
            "upstart-lint: {}: {}",
            problem.path.display(),
            problem.message
        );
    }
    let mut would_change = 0;
    for file in &found.files {
        let bytes = match std::fs::read(&file.path) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("upstart-lint: {}: {error}", file.path.display());
                trouble = true;
                continue;
            }
        };
        let formatted = match format(&bytes, &file.job_name) {
            Ok(formatted) => formatted,
            Err(error) => {
                eprintln!("upstart-lint: {}: {error}", file.path.display());
                trouble = true;
                continue;
            }
        };
        if formatted == bytes {
            continue;
        }
        would_change += 1;
        if args.diff {
            print!("{}", unified_diff(&file.path, &bytes, &formatted));
        } else if args.check {
            println!("would reformat {}", file.path.display());
        } else if let Err(error) = write_atomically(&file.path, &formatted) {
            eprintln!("upstart-lint: {}: {error}", file.path.display());
            trouble = true;
        } else {
            println!("reformatted {}", file.path.display());
        }
    }
    if trouble {
        super::EXIT_TROUBLE
    } else if would_change > 0 && (args.check || args.diff) {
        super::EXIT_FINDINGS
    } else {
        super::EXIT_CLEAN
    }
}
