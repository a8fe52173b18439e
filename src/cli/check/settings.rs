//! Which rules run and what fails the run: config file choice and command-line overrides.

use std::path::PathBuf;

use clap::Args;

use crate::check::Severity;
use crate::check::config::{Overrides, Preset, Selection, Selector};
use crate::model::version::UpstartVersion;
use crate::workspace::{CheckOptions, ConfigSource};

/// Settings options; they override the config file.
#[derive(Debug, Args)]
#[command(next_help_heading = "Settings (over the config file)")]
pub struct SettingsArgs {
    /// Use this config file for every job instead of the nearest `upstart-lint.toml`.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// Ignore all config files.
    #[arg(long)]
    isolated: bool,
    /// Rules to enable instead of the config file's selection: codes, prefixes (`W01`, `W`),
    /// names, or `ALL`; comma-separated.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    select: Option<Vec<Selector>>,
    /// Rules to enable in addition.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    extend_select: Vec<Selector>,
    /// Rules to disable.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    ignore: Vec<Selector>,
    /// Enable a named set of opt-in rules (`chromeos`: ChromiumOS's house rules, the P family).
    #[arg(long, value_name = "NAME")]
    preset: Option<Preset>,
    /// Fail (exit 1) on findings at or above this severity: error, warning or info (default).
    #[arg(long, value_name = "SEVERITY")]
    fail_on: Option<Severity>,
    /// The oldest Upstart the jobs must load on: a version (`0.6.5`, `1.5`) or `rhel6`,
    /// `ubuntu-12.04`, `ubuntu-14.04`, `ubuntu-16.04`.
    #[arg(long, value_name = "VERSION")]
    target_version: Option<UpstartVersion>,
}

impl SettingsArgs {
    /// How to check, as these options say.
    pub fn options(&self, no_ignore: bool) -> CheckOptions {
        let config = match (&self.config, self.isolated) {
            (Some(file), _) => ConfigSource::File(file.clone()),
            (None, true) => ConfigSource::Isolated,
            (None, false) => ConfigSource::Nearest,
        };
        let preset = self.preset.iter().flat_map(|p| p.selectors.iter().cloned());
        CheckOptions {
            config,
            overrides: Overrides {
                selection: Selection {
                    select: self.select.clone(),
                    extend_select: self.extend_select.iter().cloned().chain(preset).collect(),
                    ignore: self.ignore.clone(),
                },
                fail_on: self.fail_on,
                target_version: self.target_version,
                ..Overrides::default()
            },
            no_ignore,
        }
    }
}
