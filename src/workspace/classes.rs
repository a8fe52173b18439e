//! The job classes Upstart would hold for some conf directories (for the simulator).

use std::path::PathBuf;

use super::{Problem, Workspace};
use crate::model::Job;

/// The job classes Upstart would load from some paths.
#[derive(Debug, Default)]
pub struct JobClasses {
    /// Jobs that load, with their `.override` applied.
    pub jobs: Vec<Job>,
    /// Files that could not be read, and files Upstart would not load (those jobs are absent).
    pub problems: Vec<Problem>,
}

/// Loads `paths` as conf directories, highest priority first, the way init does.
pub fn load_job_classes(paths: &[PathBuf]) -> JobClasses {
    let workspace = Workspace::load(paths);
    let skipped = workspace.skipped().iter().map(|skipped| Problem {
        path: skipped.path.clone(),
        message: format!("not loaded by Upstart: {}", skipped.reason),
    });
    JobClasses {
        jobs: workspace
            .jobs()
            .iter()
            .map(|loaded| loaded.job.clone())
            .collect(),
        problems: workspace
            .problems()
            .iter()
            .cloned()
            .chain(skipped)
            .collect(),
    }
}
