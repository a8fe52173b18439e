//! Sets of job files: finding them on disk and checking them all.

pub mod baseline;
pub mod boot_check;
mod classes;
mod discover;
pub mod identity;
mod jobs;
pub mod settings;
mod shell_check;
pub mod sources;
pub mod write;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

pub use classes::{JobClasses, load_job_classes};
pub use discover::{JobFile, discover};
pub use jobs::{FileKind, LoadedJob, Skipped, Workspace, WorkspaceFile};
pub use settings::ConfigSource;
pub use shell_check::add_shell_findings;

use crate::check::config::{ConfigError, Overrides, Settings};
use crate::check::{self, Analysis};

/// One checked file.
#[derive(Debug)]
pub struct CheckedFile {
    /// The path as found (relative to what the user gave).
    pub path: PathBuf,
    /// The analysis of its content, with its settings applied.
    pub analysis: Analysis,
    /// The settings it was checked with.
    pub settings: Arc<Settings>,
}

impl CheckedFile {
    /// Adds findings made after the file's own analysis (cross-job rules, external tools, a
    /// simulated boot), through the file's rule selection and suppression comments.
    pub fn add_later_findings(&mut self, found: Vec<check::Diagnostic>) {
        if found.is_empty() {
            return;
        }
        let rules = self.settings.rules_for(&self.path);
        let analysis = &mut self.analysis;
        let kept = rules.apply(check::suppression::hide(
            &analysis.tree.root,
            &analysis.source.text,
            found,
        ));
        analysis.diagnostics.extend(kept);
        analysis
            .diagnostics
            .sort_by_cached_key(check::Diagnostic::order_key);
    }

    /// Whether a finding reaches the file's failure level.
    pub fn fails(&self) -> bool {
        self.analysis
            .diagnostics
            .iter()
            .any(|d| d.severity() >= self.settings.fail_on)
    }
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

/// How a set of paths is checked.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Where the settings come from.
    pub config: ConfigSource,
    /// The command line's settings, applied over any config file.
    pub overrides: Overrides,
    /// Walk directories without honouring `.gitignore`.
    pub no_ignore: bool,
}

/// Finds the job files under `paths` and analyses them, in parallel; the files stay in path
/// order. A config file that cannot be used stops the run.
pub fn check_paths(paths: &[PathBuf], options: &CheckOptions) -> Result<CheckRun, ConfigError> {
    let found = discover(paths, !options.no_ignore);
    let mut resolver = settings::Resolver::new(&options.config, &options.overrides)?;
    let jobs = found
        .files
        .into_iter()
        .map(|job| Ok((resolver.for_file(&job.path)?, job)))
        .collect::<Result<Vec<_>, ConfigError>>()?;
    let checked: Vec<Result<Detached, Problem>> = jobs
        .into_par_iter()
        .map(|(settings, job)| match std::fs::read(&job.path) {
            Ok(bytes) => Ok(Detached::from(check_file(
                job.path,
                &job.job_name,
                &bytes,
                settings,
            ))),
            Err(error) => Err(Problem {
                path: job.path,
                message: error.to_string(),
            }),
        })
        .collect();
    let mut run = CheckRun {
        files: Vec::new(),
        problems: found.problems,
        notes: found.notes,
    };
    for result in checked {
        match result {
            Ok(file) => run.files.push(file.attach()),
            Err(problem) => run.problems.push(problem),
        }
    }
    Ok(run)
}

/// Checks text that is not read from `path` (standard input, an editor buffer), with the
/// settings a file at `path` would get.
pub fn check_text(
    path: &Path,
    bytes: &[u8],
    options: &CheckOptions,
) -> Result<CheckRun, ConfigError> {
    let settings = settings::Resolver::new(&options.config, &options.overrides)?.for_file(path)?;
    let job_name = crate::model::job_name_from_file_name(
        path.file_name()
            .map_or_else(|| path.to_string_lossy(), |n| n.to_string_lossy())
            .as_bytes(),
    );
    Ok(CheckRun {
        files: vec![check_file(path.to_path_buf(), &job_name, bytes, settings)],
        ..CheckRun::default()
    })
}

/// A [`CheckedFile`] that can cross threads: rowan trees cannot, so the tree travels as its
/// immutable green node and is rebuilt (cheaply) on the receiving thread.
struct Detached {
    path: PathBuf,
    settings: Arc<Settings>,
    green: rowan::GreenNode,
    errors: Vec<crate::syntax::SyntaxError>,
    source: crate::source::SourceText,
    job: crate::model::Job,
    diagnostics: Vec<check::Diagnostic>,
    initctl_calls: Vec<check::shell::initctl::InitctlCall>,
}

impl From<CheckedFile> for Detached {
    fn from(file: CheckedFile) -> Self {
        let Analysis {
            source,
            tree,
            job,
            diagnostics,
            initctl_calls,
        } = file.analysis;
        Detached {
            path: file.path,
            settings: file.settings,
            green: tree.root.green().to_owned(),
            errors: tree.errors,
            source,
            job,
            diagnostics,
            initctl_calls,
        }
    }
}

impl Detached {
    fn attach(self) -> CheckedFile {
        CheckedFile {
            path: self.path,
            settings: self.settings,
            analysis: Analysis {
                source: self.source,
                tree: crate::syntax::SyntaxTree {
                    root: crate::syntax::SyntaxNode::new_root(self.green),
                    errors: self.errors,
                },
                job: self.job,
                diagnostics: self.diagnostics,
                initctl_calls: self.initctl_calls,
            },
        }
    }
}

fn check_file(
    path: PathBuf,
    job_name: &[u8],
    bytes: &[u8],
    settings: Arc<Settings>,
) -> CheckedFile {
    let analysis = lint_bytes(&path, job_name, bytes, &settings);
    CheckedFile {
        path,
        analysis,
        settings,
    }
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

/// Analyses `bytes` as the file at `path` is checked with `settings`: as a job or an override
/// (by its name), with the rules that apply to that path.
pub fn lint_bytes(path: &Path, job_name: &[u8], bytes: &[u8], settings: &Settings) -> Analysis {
    let rules = settings.rules_for(path);
    let role = if path.extension().is_some_and(|e| e == "override") {
        check::Role::Override
    } else {
        check::Role::Conf
    };
    check::lint(bytes, job_name, role, &settings.options(&rules), &rules)
}
