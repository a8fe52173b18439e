//! Settings: the config file, command-line overrides, and what they resolve to for a file.

pub mod file;
pub mod rules;
pub mod selector;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

pub use file::{Config, ConfigError, GraphConfig, ShellConfig};
pub use rules::{RuleTable, Selection};
pub use selector::{Preset, Selector};

use crate::check::Severity;
use crate::check::registry::Family;
use crate::check::shell::shellcheck::Dialect;
use crate::model::version::UpstartVersion;

/// What the command line says, applied over any config file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--select`, `--extend-select`, `--ignore` and `--preset`.
    pub selection: Selection,
    /// `--fail-on`.
    pub fail_on: Option<Severity>,
    /// `--target-version`.
    pub target_version: Option<UpstartVersion>,
    /// `--shellcheck`, `--no-shellcheck` and `--shell-dialect`.
    pub shell: ShellConfig,
    /// `--profile` (its outside and ignored events add to the file's).
    pub graph: GraphConfig,
}

/// How the embedded shell of a file is checked: the config file's `[shell]` under the command
/// line. Files whose settings are equal are checked by the same tools.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ShellSettings {
    /// Run ShellCheck when it is installed.
    pub shellcheck: bool,
    /// The ShellCheck program (default: `shellcheck` on `PATH`).
    pub shellcheck_path: Option<PathBuf>,
    /// The shell ShellCheck checks fragments as.
    pub dialect: Dialect,
}

impl ShellSettings {
    fn new(config: &ShellConfig, overrides: &ShellConfig) -> Self {
        ShellSettings {
            shellcheck: overrides.shellcheck.or(config.shellcheck).unwrap_or(true),
            shellcheck_path: overrides
                .shellcheck_path
                .clone()
                .or_else(|| config.shellcheck_path.clone()),
            dialect: overrides.dialect.or(config.dialect).unwrap_or_default(),
        }
    }
}

/// Everything a check of one file depends on, resolved from one config file and the overrides.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The config file the settings come from, if any.
    pub config_file: Option<PathBuf>,
    /// Enabled rules and their severities.
    pub rules: RuleTable,
    /// Findings at or above this severity make the run fail.
    pub fail_on: Severity,
    /// The Upstart version the jobs are written for, if the config or command line names one.
    pub target_version: Option<UpstartVersion>,
    /// How the embedded shell is checked.
    pub shell: ShellSettings,
    /// What the cross-job rules assume: the profile (the command line's, else the file's) and
    /// the outside and ignored events of the config file and command line together.
    pub graph: GraphConfig,
    per_file_ignores: Vec<file::PerFileIgnore>,
}

impl Default for Settings {
    /// No config file, no overrides.
    fn default() -> Self {
        Settings::new(None, &Overrides::default())
    }
}

impl Settings {
    /// Resolves `config` (if any) with the command line's `overrides` on top.
    pub fn new(config: Option<&Config>, overrides: &Overrides) -> Self {
        let mut layers: Vec<Selection> = config.map(|c| c.selection.clone()).into_iter().collect();
        layers.push(overrides.selection.clone());
        let severities = config.map_or(&[][..], |c| &c.severities);
        Settings {
            config_file: config.map(|c| c.path.clone()),
            rules: RuleTable::from_layers(&layers, severities),
            fail_on: overrides
                .fail_on
                .or(config.and_then(|c| c.fail_on))
                .unwrap_or(Severity::Info),
            target_version: overrides
                .target_version
                .or(config.and_then(|c| c.target_version)),
            shell: ShellSettings::new(
                config.map_or(&ShellConfig::default(), |c| &c.shell),
                &overrides.shell,
            ),
            graph: graph_settings(config.map(|c| &c.graph), &overrides.graph),
            per_file_ignores: config
                .map(|c| c.per_file_ignores.clone())
                .unwrap_or_default(),
        }
    }

    /// What the analysis of a file checked with `rules` must judge.
    pub fn options(&self, rules: &RuleTable) -> crate::check::Options {
        crate::check::Options {
            target_version: self.target_version,
            policy: crate::check::registry::ALL
                .iter()
                .any(|rule| rule.family() == Family::Policy && rules.severity(rule).is_some()),
        }
    }

    /// The rules for the file at `path`, after the per-file ignores that match it.
    pub fn rules_for(&self, path: &Path) -> Cow<'_, RuleTable> {
        let base = self
            .config_file
            .as_deref()
            .and_then(Path::parent)
            .map(absolute);
        let path = absolute(path);
        let relative = base
            .as_deref()
            .and_then(|base| path.strip_prefix(base).ok())
            .unwrap_or(&path);
        let ignored: Vec<Selector> = self
            .per_file_ignores
            .iter()
            .filter(|ignore| ignore.matches(relative))
            .flat_map(|ignore| ignore.selectors.iter().cloned())
            .collect();
        if ignored.is_empty() {
            Cow::Borrowed(&self.rules)
        } else {
            Cow::Owned(self.rules.without(&ignored))
        }
    }
}

/// The file's `[graph]` under the command line: its profile wins, event lists add up.
fn graph_settings(config: Option<&GraphConfig>, overrides: &GraphConfig) -> GraphConfig {
    let layers = config.into_iter().chain([overrides]);
    let mut graph = GraphConfig::default();
    for layer in layers {
        if layer.profile.is_some() {
            graph.profile.clone_from(&layer.profile);
        }
        graph
            .outside_events
            .extend_from_slice(&layer.outside_events);
        graph.ignore_events.extend_from_slice(&layer.ignore_events);
    }
    graph
}

/// `path` made absolute against the working directory (without touching the file system).
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
