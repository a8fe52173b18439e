//! A whole job set as init loads it: conf directories into named jobs, overrides merged, names
//! shadowed by earlier directories, rejected files skipped (spec §4). Each file's analysis is
//! kept, so an edit re-analyses one file and re-merges the (cheap) job list.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::{Problem, discover, is_job_file_name};
use crate::check::{self, Analysis};
use crate::model::{Bytes, Job};

/// Whether a file is a job definition or an override.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `NAME.conf`.
    Conf,
    /// `NAME.override`.
    Override,
}

/// One job or override file of the workspace, analysed.
#[derive(Debug, Clone)]
pub struct WorkspaceFile {
    /// Its path.
    pub path: PathBuf,
    /// The index of the conf directory it was found in.
    pub source: usize,
    /// The job name it defines or overrides.
    pub name: Bytes,
    /// Conf or override.
    pub kind: FileKind,
    /// Whether the path is a symbolic link (init ignores symlinked overrides).
    pub symlink: bool,
    /// The per-file analysis.
    pub analysis: Analysis,
}

/// A job as init holds it.
#[derive(Debug, Clone)]
pub struct LoadedJob {
    /// The `.conf` it comes from.
    pub conf: PathBuf,
    /// The `.override` applied to it, if any.
    pub override_file: Option<PathBuf>,
    /// The conf directory it was loaded from.
    pub source: usize,
    /// The merged job.
    pub job: Job,
}

impl LoadedJob {
    /// The job name.
    pub fn name(&self) -> &[u8] {
        &self.job.name
    }
}

/// A file init would not load, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file.
    pub path: PathBuf,
    /// Why, in words.
    pub reason: String,
}

/// A set of conf directories, loaded.
#[derive(Debug, Default)]
pub struct Workspace {
    sources: Vec<PathBuf>,
    /// Every job and override file, by source and then by path (init's load order).
    files: BTreeMap<(usize, PathBuf), WorkspaceFile>,
    /// The key in `files` of each path.
    by_path: HashMap<PathBuf, (usize, PathBuf)>,
    jobs: Vec<LoadedJob>,
    skipped: Vec<Skipped>,
    /// Links to nothing, found when loading.
    dangling: Vec<Skipped>,
    problems: Vec<Problem>,
}

impl Workspace {
    /// Loads `sources`, highest priority first, as init would.
    pub fn load(sources: &[PathBuf]) -> Self {
        let mut workspace = Workspace {
            sources: sources.to_vec(),
            ..Workspace::default()
        };
        for (index, dir) in sources.iter().enumerate() {
            // Upstart reads every job file, whatever a .gitignore says.
            let found = discover(std::slice::from_ref(dir), false);
            for problem in found.problems {
                if is_dangling_link(&problem.path) {
                    workspace.dangling.push(Skipped {
                        path: problem.path,
                        reason: "a dangling symbolic link: init skips it".into(),
                    });
                } else {
                    workspace.problems.push(problem);
                }
            }
            for file in found.files {
                match std::fs::read(&file.path) {
                    Ok(bytes) => workspace.insert(index, file.path, file.job_name, &bytes),
                    Err(error) => workspace.problems.push(Problem {
                        path: file.path,
                        message: error.to_string(),
                    }),
                }
            }
        }
        workspace.relink(None);
        workspace
    }

    /// The jobs init would hold, in load order.
    pub fn jobs(&self) -> &[LoadedJob] {
        &self.jobs
    }

    /// The jobs in the order init lists them (`initctl list`, `show-config`): its job hash
    /// table's buckets in turn, load order within a bucket.
    pub fn jobs_in_init_order(&self) -> Vec<&LoadedJob> {
        let mut jobs: Vec<&LoadedJob> = self.jobs.iter().collect();
        jobs.sort_by_key(|job| init_hash_bucket(job.name()));
        jobs
    }

    /// The job called `name`.
    pub fn job(&self, name: &[u8]) -> Option<&LoadedJob> {
        self.jobs.iter().find(|j| j.name() == name)
    }

    /// Every job and override file, analysed, in load order.
    pub fn files(&self) -> impl Iterator<Item = &WorkspaceFile> {
        self.files.values()
    }

    /// The file at `path`.
    pub fn file(&self, path: &Path) -> Option<&WorkspaceFile> {
        self.files.get(self.by_path.get(path)?)
    }

    /// Files init would not load, with the reason.
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// Paths that could not be read.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Replaces the content of one file (or adds it, if it lies in a conf directory and is named
    /// like a job file), re-analysing only that file.
    ///
    /// Returns `false` when the path belongs to no conf directory or is not a job file name.
    pub fn update_file(&mut self, path: &Path, bytes: &[u8]) -> bool {
        let Some((source, name)) = self.locate(path) else {
            return false;
        };
        self.insert(source, path.to_path_buf(), name.clone(), bytes);
        self.relink(Some(&name));
        true
    }

    /// Forgets one file, as when it is deleted. Returns whether it was known.
    pub fn remove_file(&mut self, path: &Path) -> bool {
        let removed = self
            .by_path
            .remove(path)
            .and_then(|key| self.files.remove(&key));
        match removed {
            Some(file) => {
                self.relink(Some(&file.name));
                true
            }
            None => false,
        }
    }

    fn locate(&self, path: &Path) -> Option<(usize, Bytes)> {
        if !is_job_file_name(path) {
            return None;
        }
        self.sources.iter().enumerate().find_map(|(index, dir)| {
            let relative = path.strip_prefix(dir).ok()?;
            let name = crate::model::job_name_from_file_name(
                relative
                    .to_string_lossy()
                    .trim_start_matches('/')
                    .as_bytes(),
            );
            Some((index, name))
        })
    }

    fn insert(&mut self, source: usize, path: PathBuf, name: Bytes, bytes: &[u8]) {
        let kind = if path.extension().is_some_and(|e| e == "override") {
            FileKind::Override
        } else {
            FileKind::Conf
        };
        let symlink = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        let analysis = check::analyze(bytes, &name);
        let relative = path
            .strip_prefix(&self.sources[source])
            .map_or_else(|_| path.clone(), Path::to_path_buf);
        self.by_path
            .insert(path.clone(), (source, relative.clone()));
        self.files.insert(
            (source, relative),
            WorkspaceFile {
                path,
                source,
                name,
                kind,
                symlink,
                analysis,
            },
        );
    }

    /// Rebuilds the job list from the analysed files: the first loadable `.conf` of a name wins,
    /// and its override is the first regular `NAME.override` in a source up to its own.
    ///
    /// With `changed`, only jobs of that name are merged again; the others are kept as they were.
    fn relink(&mut self, changed: Option<&[u8]>) {
        let mut previous: HashMap<PathBuf, LoadedJob> = std::mem::take(&mut self.jobs)
            .into_iter()
            .map(|j| (j.conf.clone(), j))
            .collect();
        self.skipped.clone_from(&self.dangling);
        let mut overrides: HashMap<&[u8], Vec<&WorkspaceFile>> = HashMap::new();
        for file in self.files.values() {
            if file.kind == FileKind::Override {
                overrides.entry(&file.name).or_default().push(file);
            }
        }
        let mut taken: HashMap<Bytes, PathBuf> = HashMap::new();
        let mut used_overrides = HashSet::new();
        for file in self.files.values().filter(|f| f.kind == FileKind::Conf) {
            if let Some(error) = file.analysis.upstart_error() {
                let message = error.upstart.as_ref().map_or("rejected", |u| u.message);
                self.skipped.push(Skipped {
                    path: file.path.clone(),
                    reason: format!(
                        "init rejects it (line {}: {message})",
                        file.analysis.upstart_line(error)
                    ),
                });
                continue;
            }
            if let Some(winner) = taken.get(&file.name) {
                self.skipped.push(Skipped {
                    path: file.path.clone(),
                    reason: format!(
                        "shadowed by {}, which defines the same job in an earlier directory",
                        winner.display()
                    ),
                });
                continue;
            }
            taken.insert(file.name.clone(), file.path.clone());
            let override_file = overrides.get(file.name.as_slice()).and_then(|candidates| {
                candidates
                    .iter()
                    .find(|o| o.source <= file.source && !o.symlink)
            });
            let override_path = override_file.map(|o| o.path.clone());
            if let Some(path) = &override_path {
                used_overrides.insert(path.clone());
            }
            let kept = previous.remove(&file.path).filter(|old| {
                changed.is_some_and(|c| c != file.name) && old.override_file == override_path
            });
            let job = match kept {
                Some(old) => old.job,
                None => {
                    let mut job = file.analysis.job.clone();
                    if let Some(o) = override_file {
                        check::merge_override(&mut job, &o.analysis);
                    }
                    job
                }
            };
            self.jobs.push(LoadedJob {
                conf: file.path.clone(),
                override_file: override_path,
                source: file.source,
                job,
            });
        }
        for file in self.files.values().filter(|f| f.kind == FileKind::Override) {
            if used_overrides.contains(&file.path) {
                continue;
            }
            let reason = if file.symlink {
                "a symbolic link: init applies only regular override files".to_string()
            } else if taken.contains_key(&file.name) {
                "its job is loaded from a directory of higher priority; init ignores overrides \
                 in lower-priority directories"
                    .to_string()
            } else {
                "no loadable .conf of the same name: init ignores it".to_string()
            };
            self.skipped.push(Skipped {
                path: file.path.clone(),
                reason,
            });
        }
    }
}

fn is_dangling_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
        && std::fs::metadata(path).is_err()
}

/// The bucket of init's 17-bucket job hash table: FNV-1 (multiply, then xor) of the name.
fn init_hash_bucket(name: &[u8]) -> u32 {
    let hash = name.iter().fold(0x811c_9dc5_u32, |h, &b| {
        h.wrapping_mul(0x0100_0193) ^ u32::from(b)
    });
    hash % 17
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1_buckets() {
        // FNV-1 (not FNV-1a) of "a" is 0x050c5d7e; of "" the offset basis.
        assert_eq!(init_hash_bucket(b"a"), 0x050c_5d7e % 17);
        assert_eq!(init_hash_bucket(b""), 0x811c_9dc5 % 17);
    }
}
