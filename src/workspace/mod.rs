//! Sets of job files: finding them on disk and checking them all.

mod boot_check;
mod classes;
mod discover;

use std::path::{Path, PathBuf};

pub use classes::{JobClasses, load_job_classes};
pub use discover::{JobFile, discover};

use crate::check::{self, Analysis};

/// One checked file.
#[derive(Debug)]
pub struct CheckedFile {
    /// The path as found (relative to what the user gave).
    pub path: PathBuf,
    /// The analysis of its content.
    pub analysis: Analysis,
}

/// A path that could not be checked, or that deserves a remark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where.
    pub path: PathBuf,
    /// What went wrong, in words.
    pub message: String,
}

/// The result of checking a set of paths.
#[derive(Debug, Default)]
pub struct CheckRun {
    /// Every file checked, in path order.
    pub files: Vec<CheckedFile>,
    /// Paths that could not be read (I/O errors, symlink loops, …).
    pub problems: Vec<Problem>,
    /// Remarks that do not make the run fail.
    pub notes: Vec<Problem>,
}

/// Finds the job files under `paths` and analyses each one.
pub fn check_paths(paths: &[PathBuf]) -> CheckRun {
    let found = discover(paths);
    let mut run = CheckRun {
        files: Vec::new(),
        problems: found.problems,
        notes: found.notes,
    };
    for job_file in found.files {
        match std::fs::read(&job_file.path) {
            Ok(bytes) => run.files.push(CheckedFile {
                analysis: check::analyze(&bytes, &job_file.job_name),
                path: job_file.path,
            }),
            Err(error) => run.problems.push(Problem {
                path: job_file.path,
                message: error.to_string(),
            }),
        }
    }
    boot_check::add_boot_findings(&mut run);
    run
}

/// Whether Upstart would consider `path` a job or override file (spec §4.2).
pub fn is_job_file_name(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    match name.rfind('.') {
        Some(0) | None => false,
        Some(dot) => matches!(&name[dot..], ".conf" | ".override"),
    }
}
