//! The cross-job `G` rules: each finding points into the job with the problem, with the other
//! jobs involved as related places. One file per family; this one holds what they share.

mod boot;
mod deadlock;
mod emits;
mod job_events;
mod names;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rowan::{TextRange, TextSize};

use super::analysis::{self, Reachability};
use super::locate::{self, JobPlaces, Place};
use super::{EventGraph, Profile, ScriptEmit, Stanza};
use crate::check::config::GraphConfig;
use crate::check::registry::Rule;
use crate::check::{Diagnostic, Related};
use crate::model::{Bytes, Job};
use crate::workspace::{CheckRun, Workspace};

/// What the cross-job rules assume about the platform.
#[derive(Debug, Clone)]
pub struct GraphOptions {
    /// Outside emitters.
    pub profile: Profile,
    /// `initctl emit` calls found in scripts.
    pub script_emits: Vec<ScriptEmit>,
    /// check-config's `-w`: an unknown name on either side of an `or` is reported too.
    pub strict_or: bool,
    /// check-config's `-i`: event names to accept (exact names).
    pub ignored_events: Vec<Bytes>,
}

impl Default for GraphOptions {
    fn default() -> Self {
        GraphOptions {
            profile: Profile::named("ubuntu").unwrap_or_default(),
            script_emits: Vec::new(),
            strict_or: false,
            ignored_events: Vec::new(),
        }
    }
}

/// A cross-job finding and the file it belongs to.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The file of the job with the problem.
    pub path: PathBuf,
    /// The finding; its range is in `path`.
    pub diagnostic: Diagnostic,
}

pub(super) struct Context<'w> {
    pub(super) workspace: &'w Workspace,
    pub(super) graph: EventGraph<'w>,
    pub(super) places: Vec<JobPlaces>,
    pub(super) reach: Reachability,
    /// Per job and stanza: whether check-config finds unknown names in it.
    pub(super) has_unknown: BTreeSet<(usize, Stanza)>,
    /// Suggestions for unknown events and jobs.
    pub(super) event_names: Vec<String>,
    pub(super) job_names: Vec<String>,
}

pub(super) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

impl Context<'_> {
    pub(super) fn name(&self, job: usize) -> String {
        text(&self.graph.jobs[job].job.name)
    }

    pub(super) fn at(&self, rule: &'static Rule, place: &Place, message: String) -> Finding {
        Finding {
            path: place.path.clone(),
            diagnostic: Diagnostic::new(rule, place.range, message),
        }
    }

    pub(super) fn operand_finding(
        &self,
        rule: &'static Rule,
        job: usize,
        stanza: Stanza,
        leaf: usize,
        message: String,
    ) -> Option<Finding> {
        let place = self.places[job].operand(stanza, leaf)?;
        Some(self.at(rule, place, message))
    }

    /// The range of `word` written plainly at `place` (after `skip` other plain words), if it
    /// is: fixes only rewrite text they have checked.
    pub(super) fn plain_word(&self, place: &Place, skip: usize, word: &str) -> Option<TextRange> {
        let text = self
            .workspace
            .file(&place.path)?
            .analysis
            .source
            .text
            .as_str();
        let rest = text.get(usize::from(place.range.start())..usize::from(place.range.end()))?;
        let mut offset = 0;
        for (index, found) in rest.split([' ', '\t']).enumerate() {
            if index >= skip && !found.is_empty() {
                let end = found.find(['(', ')']).unwrap_or(found.len());
                return (&found[..end] == word).then(|| {
                    TextRange::at(
                        place.range.start() + TextSize::from(u32::try_from(offset).unwrap_or(0)),
                        TextSize::from(u32::try_from(word.len()).unwrap_or(0)),
                    )
                });
            }
            offset += found.len() + 1;
        }
        None
    }

    pub(super) fn related(
        &self,
        job: usize,
        stanza: Stanza,
        leaf: usize,
        message: String,
    ) -> Option<Related> {
        let place = self.places[job].operand(stanza, leaf)?;
        Some(Related {
            path: place.path.clone(),
            range: place.range,
            message,
        })
    }
}

/// Runs every `G` rule over the workspace's loaded jobs.
pub fn check_workspace(workspace: &Workspace, options: &GraphOptions) -> Vec<Finding> {
    let jobs: Vec<&Job> = workspace.jobs().iter().map(|j| &j.job).collect();
    let graph = EventGraph::new(&jobs, options.profile.clone(), &options.script_emits);
    let reach = Reachability::compute(&graph);
    let places = workspace
        .jobs()
        .iter()
        .map(|j| locate::locate(workspace, j))
        .collect();
    let event_names = names::known_events(&graph);
    let job_names = graph.jobs.iter().map(|j| text(&j.job.name)).collect();
    let mut ctx = Context {
        workspace,
        graph,
        places,
        reach,
        has_unknown: BTreeSet::new(),
        event_names,
        job_names,
    };
    let mut findings = names::unknown_names(&mut ctx, &jobs, options);
    findings.extend(deadlock::deadlocks(&ctx, &analysis::deadlocks(&ctx.graph)));
    findings.extend(boot::unreachable(&ctx));
    findings.extend(boot::stop_never_fires(&ctx));
    findings.extend(job_events::job_event_pitfalls(&ctx));
    findings.extend(emits::emits_usage(&ctx));
    for finding in &mut findings {
        local_labels(finding);
    }
    findings
}

/// Places in the finding's own file become ordinary labels (renderers show those); the primary
/// span is not repeated.
fn local_labels(finding: &mut Finding) {
    let d = &mut finding.diagnostic;
    let (local, other): (Vec<Related>, Vec<Related>) = std::mem::take(&mut d.related)
        .into_iter()
        .partition(|r| r.path == finding.path);
    d.related = other;
    for r in local {
        if r.range == d.range {
            d.label.get_or_insert(r.message);
        } else {
            d.labels.push(crate::check::Label {
                range: r.range,
                message: r.message,
            });
        }
    }
}

impl GraphOptions {
    /// The options a config file's `[graph]` (resolved with the command line) asks for. Errs
    /// on an unknown profile.
    pub fn from_settings(settings: &GraphConfig) -> Result<Self, String> {
        let name = settings.profile.as_deref().unwrap_or("ubuntu");
        let mut profile = Profile::named(name).ok_or_else(|| {
            format!(
                "unknown profile `{name}` (known: {})",
                Profile::NAMES.join(", ")
            )
        })?;
        profile.extend(
            settings
                .outside_events
                .iter()
                .map(|e| e.as_bytes().to_vec()),
        );
        Ok(GraphOptions {
            profile,
            ignored_events: settings
                .ignore_events
                .iter()
                .map(|e| e.as_bytes().to_vec())
                .collect(),
            ..GraphOptions::default()
        })
    }
}

/// `check`'s G rules: each directory among `paths`, and `workspace`, is one job set, judged
/// with the options `options_for` gives for that directory.
pub fn add_for_paths(
    run: &mut CheckRun,
    paths: &[PathBuf],
    workspace: Option<&Path>,
    mut options_for: impl FnMut(&Path) -> Result<GraphOptions, String>,
) -> Result<(), String> {
    let sets = paths
        .iter()
        .map(PathBuf::as_path)
        .filter(|p| p.is_dir())
        .chain(workspace)
        .map(|dir| Ok((dir.to_path_buf(), options_for(dir)?)))
        .collect::<Result<Vec<_>, String>>()?;
    add_to_run(run, &sets);
    Ok(())
}

/// Runs the `G` rules over each directory in `sets` (as one conf directory each, with its
/// options) and adds the findings to the files of `run` they belong to; findings in files `run`
/// did not check are dropped.
pub fn add_to_run(run: &mut CheckRun, sets: &[(PathBuf, GraphOptions)]) {
    let key = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let files: HashMap<PathBuf, usize> = run
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (key(&f.path), i))
        .collect();
    let mut seen = BTreeSet::new();
    for (dir, options) in sets.iter().filter(|(d, _)| seen.insert(key(d))) {
        let workspace = Workspace::load(std::slice::from_ref(dir));
        for finding in check_workspace(&workspace, options) {
            if let Some(&i) = files.get(&key(&finding.path)) {
                run.files[i].add_later_findings(vec![finding.diagnostic]);
            }
        }
    }
    for file in &mut run.files {
        file.analysis
            .diagnostics
            .sort_by_cached_key(Diagnostic::order_key);
    }
}
