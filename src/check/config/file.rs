//! The config file, `upstart-lint.toml` or `.upstart-lint.toml`: finding it and reading it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::rules::Selection;
use super::selector::{Preset, Selector};
use crate::check::Severity;
use crate::check::shell::shellcheck::Dialect;
use crate::model::version::UpstartVersion;

/// The names a config file may have, in the order they are looked for in each directory.
pub const FILE_NAMES: [&str; 2] = ["upstart-lint.toml", ".upstart-lint.toml"];

/// A config file that cannot be used: which file, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong, naming the key and its line.
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// The file as written. New sections (`[shell]`, `[graph]`) are added here as fields with
/// `#[serde(default)]`; unknown keys are refused so typos do not pass silently.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    preset: Option<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    per_file_ignores: BTreeMap<String, Spanned<Vec<Spanned<String>>>>,
    fail_on: Option<Spanned<String>>,
    target_version: Option<Spanned<String>>,
    #[serde(default)]
    shell: RawShell,
    #[serde(default)]
    graph: RawGraph,
}

/// `[shell]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawShell {
    shellcheck: Option<bool>,
    shellcheck_path: Option<PathBuf>,
    dialect: Option<Spanned<String>>,
}

/// `[graph]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawGraph {
    profile: Option<Spanned<String>>,
    #[serde(default)]
    outside_events: Vec<String>,
    #[serde(default)]
    ignore_events: Vec<String>,
}

/// Rules to drop for the files a glob matches.
#[derive(Debug, Clone)]
pub struct PerFileIgnore {
    glob: globset::GlobMatcher,
    /// The rules dropped.
    pub selectors: Vec<Selector>,
}

impl PerFileIgnore {
    /// Whether the glob matches `relative` (a path below the config file's directory) or its
    /// file name alone, so `"*.override"` works at any depth.
    pub fn matches(&self, relative: &Path) -> bool {
        self.glob.is_match(relative) || relative.file_name().is_some_and(|n| self.glob.is_match(n))
    }
}

/// A config file, read and checked.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where it is; per-file globs are relative to its directory.
    pub path: PathBuf,
    /// Its rule selection.
    pub selection: Selection,
    /// Its `[severity]` table.
    pub severities: Vec<(Selector, Severity)>,
    /// Its `[per-file-ignores]` table.
    pub per_file_ignores: Vec<PerFileIgnore>,
    /// Its `fail-on` level.
    pub fail_on: Option<Severity>,
    /// Its `target-version`: the Upstart version the jobs are written for.
    pub target_version: Option<UpstartVersion>,
    /// Its `[shell]` table.
    pub shell: ShellConfig,
    /// Its `[graph]` table.
    pub graph: GraphConfig,
}

/// `[shell]`: how the embedded shell is checked. Unset keys leave the defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShellConfig {
    /// `shellcheck`: run ShellCheck when it is installed.
    pub shellcheck: Option<bool>,
    /// `shellcheck-path`: the ShellCheck program, relative to the config file's directory.
    pub shellcheck_path: Option<PathBuf>,
    /// `dialect`: the shell ShellCheck checks fragments as.
    pub dialect: Option<Dialect>,
}

/// `[graph]`: what the cross-job rules assume about the platform.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GraphConfig {
    /// `profile`: the platform whose events come from outside the job set.
    pub profile: Option<String>,
    /// `outside-events`: more events (globs) from outside the job set.
    pub outside_events: Vec<String>,
    /// `ignore-events`: event names accepted as they are (check-config's `-i`).
    pub ignore_events: Vec<String>,
}

/// The nearest config file in `dir` or a directory above it.
pub fn find(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .flat_map(|d| FILE_NAMES.iter().map(move |name| d.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Reads and checks the config file at `path`.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let error = |message: String| ConfigError {
        path: path.to_path_buf(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| error(e.to_string()))?;
    parse(&text, path).map_err(error)
}

/// Reads config `text`; errors name the key and its line.
fn parse(text: &str, path: &Path) -> Result<Config, String> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| e.to_string().trim_end().to_owned())?;
    let at = |key: &str, span: std::ops::Range<usize>, message: String| {
        let line = 1 + text.as_bytes()[..span.start.min(text.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        format!("line {line}, key `{key}`: {message}")
    };
    let selectors = |key: &str, list: &[Spanned<String>]| -> Result<Vec<Selector>, String> {
        list.iter()
            .map(|s| s.get_ref().parse().map_err(|e| at(key, s.span(), e)))
            .collect()
    };
    let mut extend_select = selectors("extend-select", &raw.extend_select)?;
    if let Some(preset) = &raw.preset {
        let preset: Preset = preset
            .get_ref()
            .parse()
            .map_err(|e| at("preset", preset.span(), e))?;
        extend_select.extend(preset.selectors);
    }
    let selection = Selection {
        select: raw
            .select
            .as_deref()
            .map(|list| selectors("select", list))
            .transpose()?,
        extend_select,
        ignore: selectors("ignore", &raw.ignore)?,
    };
    let severity = |key: &str, value: &Spanned<String>| -> Result<Severity, String> {
        value
            .get_ref()
            .parse()
            .map_err(|e| at(key, value.span(), e))
    };
    let mut severities = Vec::new();
    for (rule, level) in &raw.severity {
        let key = format!("severity.{rule}");
        let selector = rule.parse().map_err(|e| at(&key, level.span(), e))?;
        severities.push((selector, severity(&key, level)?));
    }
    let mut per_file_ignores = Vec::new();
    for (pattern, rules) in &raw.per_file_ignores {
        let key = format!("per-file-ignores.\"{pattern}\"");
        let glob = globset::Glob::new(pattern)
            .map_err(|e| at(&key, rules.span(), e.kind().to_string()))?
            .compile_matcher();
        per_file_ignores.push(PerFileIgnore {
            glob,
            selectors: selectors(&key, rules.get_ref())?,
        });
    }
    Ok(Config {
        path: path.to_path_buf(),
        selection,
        severities,
        per_file_ignores,
        fail_on: raw
            .fail_on
            .as_ref()
            .map(|level| severity("fail-on", level))
            .transpose()?,
        target_version: raw
            .target_version
            .as_ref()
            .map(|v| {
                v.get_ref()
                    .parse()
                    .map_err(|e| at("target-version", v.span(), e))
            })
            .transpose()?,
        shell: ShellConfig {
            shellcheck: raw.shell.shellcheck,
            shellcheck_path: raw.shell.shellcheck_path.map(|program| {
                path.parent()
                    .map_or_else(|| program.clone(), |dir| dir.join(&program))
            }),
            dialect: raw
                .shell
                .dialect
                .as_ref()
                .map(|d| {
                    clap::ValueEnum::from_str(d.get_ref(), false).map_err(|_| {
                        at(
                            "shell.dialect",
                            d.span(),
                            format!("unknown dialect `{}` (known: sh, dash)", d.get_ref()),
                        )
                    })
                })
                .transpose()?,
        },
        graph: GraphConfig {
            profile: raw
                .graph
                .profile
                .map(|p| {
                    if crate::graph::Profile::NAMES.contains(&p.get_ref().as_str()) {
                        Ok(p.into_inner())
                    } else {
                        Err(at(
                            "graph.profile",
                            p.span(),
                            format!(
                                "unknown profile `{}` (known: {})",
                                p.get_ref(),
                                crate::graph::Profile::NAMES.join(", ")
                            ),
                        ))
                    }
                })
                .transpose()?,
            outside_events: raw.graph.outside_events,
            ignore_events: raw.graph.ignore_events,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        parse(text, Path::new("upstart-lint.toml")).unwrap_err()
    }

    #[test]
    fn every_key_is_read() {
        let config = parse(
            "select = [\"W\"]\nextend-select = [\"E0001\"]\nignore = [\"W01\"]\n\
             preset = \"chromeos\"\nfail-on = \"warning\"\ntarget-version = \"1.5\"\n\
             [severity]\nW0105 = \"error\"\n[per-file-ignores]\n\"*.override\" = [\"W0113\"]\n",
            Path::new("x/upstart-lint.toml"),
        )
        .unwrap();
        assert_eq!(config.selection.select.as_ref().map(Vec::len), Some(1));
        assert_eq!(
            config.selection.extend_select.len(),
            2,
            "E0001 and the preset's P"
        );
        assert_eq!(config.severities[0].1, Severity::Error);
        assert_eq!(config.fail_on, Some(Severity::Warning));
        assert_eq!(
            config.target_version.map(|v| v.to_string()).as_deref(),
            Some("1.5")
        );
        assert!(config.per_file_ignores[0].matches(Path::new("sub/a.override")));
        assert!(!config.per_file_ignores[0].matches(Path::new("sub/a.conf")));
    }

    #[test]
    fn shell_and_graph_sections_are_read() {
        let config = parse(
            "[shell]\nshellcheck = false\nshellcheck-path = \"bin/sc\"\ndialect = \"dash\"\n\
             [graph]\nprofile = \"chromeos\"\noutside-events = [\"a\", \"b-*\"]\n\
             ignore-events = [\"c\"]\n",
            Path::new("x/upstart-lint.toml"),
        )
        .unwrap();
        assert_eq!(
            config.shell,
            ShellConfig {
                shellcheck: Some(false),
                shellcheck_path: Some(PathBuf::from("x/bin/sc")),
                dialect: Some(Dialect::Dash),
            }
        );
        assert_eq!(config.graph.profile.as_deref(), Some("chromeos"));
        assert_eq!(config.graph.outside_events, ["a", "b-*"]);
        assert_eq!(config.graph.ignore_events, ["c"]);
    }

    #[test]
    fn errors_name_the_key_and_line() {
        assert!(error("selct = [\"W\"]\n").contains("unknown field `selct`"));
        assert!(error("\n\nignore = [\"W0101\", \"W9\"]\n").starts_with("line 3, key `ignore`"));
        assert!(error("preset = \"debian\"\n").starts_with("line 1, key `preset`"));
        assert!(
            error("[severity]\nW0101 = \"loud\"\n").starts_with("line 2, key `severity.W0101`")
        );
        assert!(error("fail-on = 3\n").contains("fail-on"));
        assert!(
            error("[per-file-ignores]\n\"a[\" = [\"W\"]\n")
                .starts_with("line 2, key `per-file-ignores.\"a[\"`")
        );
        assert!(error("[shell]\ndialect = \"bash\"\n").starts_with("line 2, key `shell.dialect`"));
        assert!(
            error("[graph]\n\nprofile = \"debian\"\n").starts_with("line 3, key `graph.profile`")
        );
        assert!(error("[shell]\nshelcheck = true\n").contains("unknown field `shelcheck`"));
        let wrong_type = error("[shell]\nshellcheck = \"yes\"\n");
        assert!(
            wrong_type.contains("line 2") && wrong_type.contains("shellcheck"),
            "{wrong_type}"
        );
    }
}
