//! Walking directories for job files, the way Upstart's conf sources do (spec §4.2).

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use super::{Problem, is_job_file_name};
use crate::model::job_name_from_file_name;

/// A job file found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobFile {
    /// Its path.
    pub path: PathBuf,
    /// The job name Upstart would give it: the path below the directory searched, without the
    /// extension (`net/apache`), or the file name for a file given directly.
    pub job_name: Vec<u8>,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Job files, in path order.
    pub files: Vec<JobFile>,
    /// Paths that could not be walked.
    pub problems: Vec<Problem>,
    /// Remarks on paths that were walked, but may not be what the user meant.
    pub notes: Vec<Problem>,
}

/// Finds job files: files given directly are taken whatever their name; directories are walked
/// recursively for `*.conf` and `*.override`, skipping the directories Upstart skips and, when
/// `respect_ignore_files` is set, what `.gitignore` files exclude.
pub fn discover(paths: &[PathBuf], respect_ignore_files: bool) -> Discovery {
    let mut found = Discovery::default();
    for root in paths {
        match std::fs::metadata(root) {
            Err(error) => found.problems.push(Problem {
                path: root.clone(),
                message: error.to_string(),
            }),
            Ok(meta) if meta.is_dir() => walk(root, respect_ignore_files, &mut found),
            Ok(_) => found.files.push(JobFile {
                path: root.clone(),
                job_name: name_below(root, None),
            }),
        }
    }
    found
}

fn walk(root: &Path, respect_ignore_files: bool, found: &mut Discovery) {
    let walker = WalkBuilder::new(root)
        .standard_filters(false)
        .git_ignore(respect_ignore_files)
        .git_exclude(respect_ignore_files)
        .parents(respect_ignore_files)
        .require_git(false)
        .follow_links(true)
        .sort_by_file_name(std::ffi::OsStr::cmp)
        .filter_entry(|entry| {
            entry.depth() == 0
                || !entry.file_type().is_some_and(|t| t.is_dir())
                || !is_ignored_dir(entry.file_name())
        })
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                found.problems.push(Problem {
                    path: error_path(&error).unwrap_or(root).to_path_buf(),
                    message: error_message(&error),
                });
                continue;
            }
        };
        let Some(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() && is_job_file_name(entry.path()) {
            found.notes.push(Problem {
                path: entry.into_path(),
                message: "a directory named like a job file: it is searched for jobs, as \
                          Upstart does, and is not a job itself"
                    .into(),
            });
        } else if file_type.is_file() && is_job_file_name(entry.path()) {
            found.files.push(JobFile {
                job_name: name_below(entry.path(), Some(root)),
                path: entry.into_path(),
            });
        }
    }
}

/// The path a walk error is about, looking through the layers `ignore` wraps errors in.
fn error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::Loop { child, .. } => Some(child),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

/// What went wrong, in words, without the path (it is printed beside the message).
fn error_message(error: &ignore::Error) -> String {
    match error {
        ignore::Error::Loop { .. } => "symlink loop; not followed".to_string(),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => error_message(err),
        ignore::Error::Io(io) => io.to_string(),
        other => other.to_string(),
    }
}

/// The job name of `path` below `root` (spec §4.3).
fn name_below(path: &Path, root: Option<&Path>) -> Vec<u8> {
    let relative = root
        .and_then(|root| path.strip_prefix(root).ok())
        .unwrap_or_else(|| Path::new(path.file_name().unwrap_or(path.as_os_str())));
    job_name_from_file_name(
        relative
            .to_string_lossy()
            .trim_start_matches('/')
            .as_bytes(),
    )
}

/// Directories libnih's `nih_file_ignore` skips: hidden, backup, swap, VCS and packaging leftovers.
fn is_ignored_dir(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || name.ends_with('~')
        || [
            ".bak", ".swp", ".swap", ".rpmsave", ".rpmorig", ".rpmnew", ".orig",
        ]
        .iter()
        .any(|s| name.ends_with(s))
        || name.contains(".dpkg-")
        || ["RCS", "CVS", "CVS.adm", "SCCS", "RCSLOG", "tags", "TAGS"].contains(&name.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_subdirectories() {
        assert_eq!(
            name_below(
                Path::new("/etc/init/net/apache.conf"),
                Some(Path::new("/etc/init"))
            ),
            b"net/apache"
        );
        assert_eq!(name_below(Path::new("x/a.b.conf"), None), b"a.b");
    }
}
