//! `debug job`, `debug tree` and `debug shell`: the model, the tree and the shell fragments, for
//! developers and for conformance.

use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::{EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};
use crate::check::{self, Analysis};
use crate::model::{self, dump};
use crate::syntax;

/// Developer views.
#[derive(Debug, Subcommand)]
pub enum DebugCommand {
    /// Print the job model in the oracle's JobClass dump format (applies NAME.override beside it).
    Job {
        /// The `.conf` file.
        file: PathBuf,
    },
    /// Print the lossless syntax tree.
    Tree {
        /// The job file.
        file: PathBuf,
    },
    /// Print the shell fragments, where each line comes from, and the `initctl` calls.
    Shell {
        /// The job file.
        file: PathBuf,
    },
}

/// Runs a debug view.
pub fn run(command: &DebugCommand) -> i32 {
    match command {
        DebugCommand::Job { file } => job(file),
        DebugCommand::Shell { file } => match std::fs::read(file) {
            Ok(bytes) => {
                let analysis = check::analyze(&bytes, b"debug");
                let text = &analysis.source.text;
                let fragments = check::shell::fragments(&analysis.tree.source_file(), text);
                print!(
                    "{}",
                    check::shell::dump(text, &fragments, &analysis.initctl_calls)
                );
                EXIT_CLEAN
            }
            Err(error) => {
                eprintln!("upstart-lint: {}: {error}", file.display());
                EXIT_TROUBLE
            }
        },
        DebugCommand::Tree { file } => match std::fs::read(file) {
            Ok(bytes) => {
                let source = crate::source::decode(&bytes);
                print!("{}", syntax::dump_tree(&syntax::parse(&source.text).root));
                EXIT_CLEAN
            }
            Err(error) => {
                eprintln!("upstart-lint: {}: {error}", file.display());
                EXIT_TROUBLE
            }
        },
    }
}

fn job(path: &Path) -> i32 {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("upstart-lint: {}: {error}", path.display());
            return EXIT_TROUBLE;
        }
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut analysis = check::analyze(
        &bytes,
        &model::job_name_from_file_name(file_name.as_bytes()),
    );
    if let Some(line) = error_line(&analysis, path) {
        println!("{line}");
        return EXIT_FINDINGS;
    }
    let override_path = path.with_extension("override");
    // Upstart only pairs an override that is a regular file, not a symlink (spec §4.2).
    if std::fs::symlink_metadata(&override_path).is_ok_and(|m| m.file_type().is_file()) {
        let Ok(override_bytes) = std::fs::read(&override_path) else {
            eprintln!("upstart-lint: {}: cannot read", override_path.display());
            return EXIT_TROUBLE;
        };
        let applied = check::apply_override(&mut analysis, &override_bytes);
        if let Some(line) = error_line(&applied, &override_path) {
            println!("{line}");
            return EXIT_FINDINGS;
        }
    }
    print!(
        "{}",
        dump::dump_job(&analysis.job, &path.display().to_string())
    );
    EXIT_CLEAN
}

/// The oracle's `ERROR <path>:<line>: <message>` line, when Upstart rejects the file.
fn error_line(analysis: &Analysis, path: &Path) -> Option<String> {
    let error = analysis.upstart_error()?;
    let message = error.upstart.as_ref()?.message;
    Some(format!(
        "ERROR {}:{}: {message}",
        path.display(),
        analysis.upstart_line(error)
    ))
}
