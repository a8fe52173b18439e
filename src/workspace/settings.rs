//! Which settings each job file is checked with: the nearest config file above it, the one
//! given with `--config`, or none at all (`--isolated`), with the command line on top.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::check::config::{self, ConfigError, Overrides, Settings};

/// Where settings come from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ConfigSource {
    /// The nearest `upstart-lint.toml` or `.upstart-lint.toml` above each file.
    #[default]
    Nearest,
    /// This file, for every job.
    File(PathBuf),
    /// No config file: defaults and the command line only.
    Isolated,
}

/// Finds and caches settings per directory and per config file.
#[derive(Debug)]
pub struct Resolver<'a> {
    overrides: &'a Overrides,
    /// The settings every file gets, when they do not depend on where it is.
    fixed: Option<Arc<Settings>>,
    /// The nearest config file of each directory seen.
    config_of_dir: HashMap<PathBuf, Option<PathBuf>>,
    /// Settings per config file (`None`: no config file).
    settings_of_config: HashMap<Option<PathBuf>, Arc<Settings>>,
}

impl<'a> Resolver<'a> {
    /// A resolver for `source`; a `--config` file is read at once.
    pub fn new(source: &ConfigSource, overrides: &'a Overrides) -> Result<Self, ConfigError> {
        let fixed = match source {
            ConfigSource::Nearest => None,
            ConfigSource::File(path) => {
                Some(Settings::new(Some(&config::file::load(path)?), overrides))
            }
            ConfigSource::Isolated => Some(Settings::new(None, overrides)),
        };
        Ok(Resolver {
            overrides,
            fixed: fixed.map(Arc::new),
            config_of_dir: HashMap::new(),
            settings_of_config: HashMap::new(),
        })
    }

    /// The settings for the job file at `path`.
    pub fn for_file(&mut self, path: &Path) -> Result<Arc<Settings>, ConfigError> {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.for_dir(absolute.parent().unwrap_or(&absolute))
    }

    /// The settings that apply in the directory `dir` (a job set, for the cross-job rules).
    pub fn for_dir(&mut self, dir: &Path) -> Result<Arc<Settings>, ConfigError> {
        if let Some(fixed) = &self.fixed {
            return Ok(Arc::clone(fixed));
        }
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        let config_path = self
            .config_of_dir
            .entry(dir)
            .or_insert_with_key(|dir| config::file::find(dir))
            .clone();
        if let Some(settings) = self.settings_of_config.get(&config_path) {
            return Ok(Arc::clone(settings));
        }
        let config = config_path.as_deref().map(config::file::load).transpose()?;
        let settings = Arc::new(Settings::new(config.as_ref(), self.overrides));
        self.settings_of_config
            .insert(config_path, Arc::clone(&settings));
        Ok(settings)
    }
}
