//! Loading a set of job files into the job classes Upstart would hold (for the simulator).

use std::path::PathBuf;

use super::{Problem, discover};
use crate::check;
use crate::model::Job;

/// The job classes Upstart would load from some paths, in load order.
#[derive(Debug, Default)]
pub struct JobClasses {
    /// Jobs that load, with their `.override` applied, in path order.
    pub jobs: Vec<Job>,
    /// Files that could not be read or that Upstart rejects (those jobs are absent).
    pub problems: Vec<Problem>,
}

/// Reads and lowers every `.conf` under `paths`, applying `.override` files of the same name.
pub fn load_job_classes(paths: &[PathBuf]) -> JobClasses {
    let found = discover(paths, false);
    let mut loaded = JobClasses {
        jobs: Vec::new(),
        problems: found.problems,
    };
    let mut overrides = Vec::new();
    for file in found.files {
        let bytes = match std::fs::read(&file.path) {
            Ok(bytes) => bytes,
            Err(error) => {
                loaded.problems.push(Problem {
                    path: file.path,
                    message: error.to_string(),
                });
                continue;
            }
        };
        if file.path.extension().is_some_and(|e| e == "override") {
            overrides.push((file.job_name, bytes));
            continue;
        }
        let analysis = check::analyze(&bytes, &file.job_name);
        if let Some(error) = analysis.upstart_error() {
            loaded.problems.push(Problem {
                path: file.path,
                message: format!("not loaded by Upstart: {}", error.message),
            });
            continue;
        }
        loaded.jobs.push(analysis.job);
    }
    for (name, bytes) in overrides {
        if let Some(job) = loaded.jobs.iter_mut().find(|j| j.name == name) {
            let mut analysis = check::analyze(b"", &name);
            analysis.job = std::mem::replace(job, Job::new(Vec::new()));
            check::apply_override(&mut analysis, &bytes);
            *job = analysis.job;
        }
    }
    loaded
}
