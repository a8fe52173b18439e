//! The set of job files an editor works on, each analysed on its own, and the cross-job (`G`)
//! findings of each conf directory.
//!
//! A change to one file re-analyses that file only: per-file analysis depends on nothing else.
//! The job-name index changes only when files appear or disappear. The cross-job rules depend
//! on every job, so they run on demand ([`World::refresh_graph`]), once for any number of edits;
//! so do the external shell checks ([`World::check_shell`]), which start programs.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use std::sync::Arc;

use crate::check::config::{Overrides, Settings};
use crate::check::shell::{self, ShellTools};
use crate::check::{Analysis, Diagnostic, suppression};
use crate::graph::rules::{GraphOptions, check_workspace};
use crate::model::job_name_from_file_name;
use crate::source::LineIndex;
use crate::workspace::settings::Resolver;
use crate::workspace::{self, ConfigSource, Problem, Workspace, is_job_file_name, lint_bytes};

/// One analysed file.
#[derive(Debug)]
pub struct FileEntry {
    /// The job name Upstart gives the file.
    pub job_name: Vec<u8>,
    /// Everything known about its content.
    pub analysis: Analysis,
    /// Line starts of `analysis.source.text`.
    pub line_index: LineIndex,
    /// Why the file's config file could not be used (the file was checked with defaults).
    pub config_error: Option<String>,
    /// The settings it was checked with (the cross-job findings follow them too).
    settings: Arc<Settings>,
}

impl FileEntry {
    /// Analyses `bytes` as `check` would the file at `path`: with the settings of the nearest
    /// `upstart-lint.toml`, its suppression comments, and as a job or an override by its name.
    fn new(path: &Path, job_name: Vec<u8>, bytes: &[u8]) -> Self {
        let settings = Resolver::new(&ConfigSource::Nearest, &Overrides::default())
            .and_then(|mut resolver| resolver.for_file(path));
        let (settings, config_error) = match settings {
            Ok(settings) => (settings, None),
            Err(error) => (Arc::new(Settings::default()), Some(error.to_string())),
        };
        let analysis = lint_bytes(path, &job_name, bytes, &settings);
        let line_index = LineIndex::new(&analysis.source.text);
        FileEntry {
            job_name,
            analysis,
            line_index,
            config_error,
            settings,
        }
    }

    /// The decoded text.
    pub fn text(&self) -> &str {
        &self.analysis.source.text
    }

    /// Of findings made after the file's own analysis (cross-job rules, the shell), those its
    /// rule selection and suppression comments keep, as in `check`.
    fn keep(&self, path: &Path, found: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let rules = self.settings.rules_for(path);
        rules.apply(suppression::hide(
            &self.analysis.tree.root,
            self.text(),
            found,
        ))
    }
}

/// Job files under the workspace roots, plus any file an editor opened elsewhere.
#[derive(Debug, Default)]
pub struct World {
    roots: Vec<PathBuf>,
    files: HashMap<PathBuf, FileEntry>,
    /// Job name → its `.conf`, the file that defines the job.
    jobs: BTreeMap<Vec<u8>, PathBuf>,
    /// Each conf directory as init loads it (overrides merged), for the cross-job rules.
    job_sets: Vec<Workspace>,
    /// Files changed since the cross-job findings were computed.
    graph_pending: BTreeSet<PathBuf>,
    /// Whether the cross-job findings must be computed again (a directory came or went).
    graph_stale: bool,
    /// The cross-job findings of each file, as of the last [`World::refresh_graph`].
    graph_findings: HashMap<PathBuf, Vec<Diagnostic>>,
    /// The embedded-shell findings of each file, as of its last [`World::check_shell`].
    shell_findings: HashMap<PathBuf, Vec<Diagnostic>>,
}

impl World {
    /// An empty world.
    pub fn new() -> Self {
        World::default()
    }

    /// Adds a conf directory: every job file below it is read and analysed. Returns what could
    /// not be read.
    pub fn add_root(&mut self, root: &Path) -> Vec<Problem> {
        self.roots.push(root.to_path_buf());
        self.job_sets
            .push(Workspace::load(std::slice::from_ref(&root.to_path_buf())));
        self.graph_stale = true;
        // Upstart reads every job file, whatever a .gitignore says; so does the job-set view.
        let found = workspace::discover(&[root.to_path_buf()], false);
        let mut problems = found.problems;
        for job_file in found.files {
            match std::fs::read(&job_file.path) {
                Ok(bytes) => {
                    let entry = FileEntry::new(&job_file.path, job_file.job_name, &bytes);
                    self.insert(job_file.path, entry);
                }
                Err(error) => problems.push(Problem {
                    path: job_file.path,
                    message: error.to_string(),
                }),
            }
        }
        problems
    }

    /// Removes a conf directory and the files below it.
    pub fn remove_root(&mut self, root: &Path) {
        if let Some(index) = self.roots.iter().position(|r| r == root) {
            self.roots.remove(index);
            self.job_sets.remove(index);
            self.graph_stale = true;
        }
        let below: Vec<PathBuf> = self
            .files
            .keys()
            .filter(|path| path.starts_with(root))
            .cloned()
            .collect();
        for path in below {
            self.remove_file(&path);
        }
    }

    /// Whether `path` lies below one of the conf directories.
    pub fn in_roots(&self, path: &Path) -> bool {
        self.roots.iter().any(|root| path.starts_with(root))
    }

    /// Sets the content of `path` and re-analyses that file alone (its config file is read
    /// again, so that edits to it take effect).
    pub fn set_file(&mut self, path: &Path, bytes: &[u8]) {
        let job_name = self.job_name_of(path);
        let entry = FileEntry::new(path, job_name, bytes);
        self.insert(path.to_path_buf(), entry);
        self.graph_pending.insert(path.to_path_buf());
    }

    /// Forgets `path` (deleted, or closed and gone from disk).
    pub fn remove_file(&mut self, path: &Path) {
        self.graph_pending.insert(path.to_path_buf());
        self.shell_findings.remove(path);
        if let Some(entry) = self.files.remove(path)
            && self.jobs.get(&entry.job_name).map(PathBuf::as_path) == Some(path)
        {
            self.jobs.remove(&entry.job_name);
            // Another root may hold a file of the same name that now defines the job.
            if let Some((other, _)) = self
                .files
                .iter()
                .find(|(p, e)| e.job_name == entry.job_name && defines_job(p))
            {
                self.jobs.insert(entry.job_name, other.clone());
            }
        }
    }

    fn insert(&mut self, path: PathBuf, entry: FileEntry) {
        if defines_job(&path) {
            // The first root to define a name wins, as in Upstart's search order.
            self.jobs
                .entry(entry.job_name.clone())
                .or_insert_with(|| path.clone());
        }
        self.files.insert(path, entry);
    }

    /// The job name Upstart would give `path`: relative to the root holding it, else its file
    /// name (spec §4.3).
    pub fn job_name_of(&self, path: &Path) -> Vec<u8> {
        let relative = self
            .roots
            .iter()
            .filter_map(|root| path.strip_prefix(root).ok())
            .min_by_key(|relative| relative.components().count())
            .unwrap_or_else(|| Path::new(path.file_name().unwrap_or(path.as_os_str())));
        job_name_from_file_name(relative.to_string_lossy().as_bytes())
    }

    /// The analysed file at `path`.
    pub fn file(&self, path: &Path) -> Option<&FileEntry> {
        self.files.get(path)
    }

    /// The `.conf` file defining the job `name`.
    pub fn job(&self, name: &[u8]) -> Option<(&Path, &FileEntry)> {
        let path = self.jobs.get(name)?;
        Some((path.as_path(), self.files.get(path)?))
    }

    /// Every job defined in the world, by name.
    pub fn jobs(&self) -> impl Iterator<Item = (&[u8], &Path, &FileEntry)> {
        self.jobs.iter().filter_map(|(name, path)| {
            Some((name.as_slice(), path.as_path(), self.files.get(path)?))
        })
    }

    /// Every analysed file, in no particular order.
    pub fn files(&self) -> impl Iterator<Item = (&Path, &FileEntry)> {
        self.files
            .iter()
            .map(|(path, entry)| (path.as_path(), entry))
    }

    /// The findings to show for `path`: its own, the cross-job ones of the last
    /// [`World::refresh_graph`] and the shell ones of its last [`World::check_shell`], in order.
    pub fn diagnostics(&self, path: &Path) -> Vec<Diagnostic> {
        let Some(entry) = self.files.get(path) else {
            return Vec::new();
        };
        let mut all = entry.analysis.diagnostics.clone();
        let later = [&self.graph_findings, &self.shell_findings].map(|found| found.get(path));
        for found in later.into_iter().flatten() {
            all.extend(found.iter().cloned());
            all.sort_by_cached_key(Diagnostic::order_key);
        }
        all
    }

    /// Checks the embedded shell of the files at `paths` with `tools`, as `check` does (the
    /// findings kept until the next check of the file, edits or not). Returns the files whose
    /// shell findings changed, and what stopped a tool from running if one could not.
    pub fn check_shell(
        &mut self,
        paths: &[PathBuf],
        tools: &ShellTools,
    ) -> (Vec<PathBuf>, Option<String>) {
        let checked: Vec<(&PathBuf, &FileEntry)> = paths
            .iter()
            .filter_map(|path| Some((path, self.files.get(path)?)))
            .collect();
        let analyses: Vec<&Analysis> = checked.iter().map(|(_, e)| &e.analysis).collect();
        let (found, problem) = shell::findings(&analyses, tools);
        let kept: Vec<(PathBuf, Vec<Diagnostic>)> = checked
            .iter()
            .zip(found)
            .map(|((path, entry), found)| ((*path).clone(), entry.keep(path, found)))
            .collect();
        let mut changed = Vec::new();
        for (path, found) in kept {
            let before = self
                .shell_findings
                .get(&path)
                .map_or(&[][..], Vec::as_slice);
            if before != found.as_slice() {
                changed.push(path.clone());
            }
            self.shell_findings.insert(path, found);
        }
        (changed, problem)
    }

    /// Forgets the shell findings of `path` (an editor closed it).
    pub fn forget_shell(&mut self, path: &Path) {
        self.shell_findings.remove(path);
    }

    /// Whether the cross-job findings are out of date.
    pub fn graph_is_pending(&self) -> bool {
        self.graph_stale || !self.graph_pending.is_empty()
    }

    /// Brings the cross-job findings up to date with every change since the last call (one
    /// pass for any number of edits) and returns the files whose findings changed.
    pub fn refresh_graph(&mut self) -> Vec<PathBuf> {
        if !self.graph_is_pending() {
            return Vec::new();
        }
        for path in std::mem::take(&mut self.graph_pending) {
            // Each conf directory sees the editor's text of its files.
            let text = self
                .files
                .get(&path)
                .map(|e| crate::source::encode(e.text()));
            for job_set in &mut self.job_sets {
                match &text {
                    Some(bytes) => job_set.update_file(&path, bytes),
                    None => job_set.remove_file(&path),
                };
            }
        }
        self.graph_stale = false;
        let mut findings: HashMap<PathBuf, Vec<Diagnostic>> = HashMap::new();
        for job_set in &self.job_sets {
            for finding in check_workspace(job_set, &GraphOptions::default()) {
                let Some(entry) = self.files.get(&finding.path) else {
                    continue;
                };
                let kept = entry.keep(&finding.path, vec![finding.diagnostic]);
                findings.entry(finding.path).or_default().extend(kept);
            }
        }
        let paths: BTreeSet<&PathBuf> = findings.keys().chain(self.graph_findings.keys()).collect();
        let changed = paths
            .into_iter()
            .filter(|p| findings.get(*p) != self.graph_findings.get(*p))
            .cloned()
            .collect();
        self.graph_findings = findings;
        changed
    }
}

/// Whether `path` can define a job: a `.conf` file (an `.override` only amends one).
fn defines_job(path: &Path) -> bool {
    is_job_file_name(path) && path.extension().is_some_and(|e| e == "conf")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_names_come_from_the_nearest_root() {
        let mut world = World::new();
        world.roots.push(PathBuf::from("/etc/init"));
        assert_eq!(
            world.job_name_of(Path::new("/etc/init/net/a.conf")),
            b"net/a"
        );
        assert_eq!(world.job_name_of(Path::new("/tmp/b.override")), b"b");
        world.set_file(Path::new("/etc/init/a.conf"), b"task\n");
        world.set_file(Path::new("/etc/init/a.override"), b"manual\n");
        assert_eq!(
            world.job(b"a").map(|(p, _)| p),
            Some(Path::new("/etc/init/a.conf"))
        );
        world.remove_file(Path::new("/etc/init/a.conf"));
        assert!(world.job(b"a").is_none());
        assert!(world.in_roots(Path::new("/etc/init/a.override")));
        assert!(!world.in_roots(Path::new("/tmp/b.override")));
        assert!(world.file(Path::new("/etc/init/a.override")).is_some());
    }
}
