//! The cross-job `G` rules: each finding points into the job with the problem, with the other
//! jobs involved as related places.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rowan::{TextRange, TextSize};

use super::analysis::{self, Deadlock, Reachability, Wait};
use super::locate::{self, JobPlaces, Place};
use super::profile::INIT_EVENTS;
use super::{Emitter, EventGraph, Operand, Profile, ScriptEmit, Stanza, is_job_event};
use crate::check::registry::{
    EMITS_MATCHES_NOTHING, EVENT_NEVER_CONSUMED, Rule, START_STOP_DEADLOCK, STARTED_TASK,
    STOP_ON_NEVER_FIRES, STOPPING_RESPAWN, UNKNOWN_EVENT, UNKNOWN_JOB, UNREACHABLE_JOB,
};
use crate::check::rules::upstart_errors::edit_distance;
use crate::check::{Diagnostic, Fix, Related};
use crate::initctl::{self, CheckConfigOptions, NameKind};
use crate::model::fnmatch::fnmatch;
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

struct Context<'w> {
    workspace: &'w Workspace,
    graph: EventGraph<'w>,
    places: Vec<JobPlaces>,
    reach: Reachability,
    /// Per job and stanza: whether check-config finds unknown names in it.
    has_unknown: BTreeSet<(usize, Stanza)>,
    /// Suggestions for unknown events and jobs.
    event_names: Vec<String>,
    job_names: Vec<String>,
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

impl Context<'_> {
    fn name(&self, job: usize) -> String {
        text(&self.graph.jobs[job].job.name)
    }

    fn at(&self, rule: &'static Rule, place: &Place, message: String) -> Finding {
        Finding {
            path: place.path.clone(),
            diagnostic: Diagnostic::new(rule, place.range, message),
        }
    }

    fn operand_finding(
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
    fn plain_word(&self, place: &Place, skip: usize, word: &str) -> Option<TextRange> {
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

    fn related(&self, job: usize, stanza: Stanza, leaf: usize, message: String) -> Option<Related> {
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
    let event_names = known_events(&graph);
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
    let mut findings = unknown_names(&mut ctx, &jobs, options);
    findings.extend(deadlocks(&ctx, &analysis::deadlocks(&ctx.graph)));
    findings.extend(unreachable(&ctx));
    findings.extend(stop_never_fires(&ctx));
    findings.extend(job_event_pitfalls(&ctx));
    findings.extend(emits_usage(&ctx));
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

/// G0001 / G0002: check-config's unknown names, with the profile's events known.
fn unknown_names(ctx: &mut Context, jobs: &[&Job], graph_options: &GraphOptions) -> Vec<Finding> {
    let mut options = CheckConfigOptions {
        warn: graph_options.strict_or,
        ignored_events: graph_options.ignored_events.clone(),
        user_mode: true,
        outside_events: ctx.graph.profile.events.clone(),
        outside_jobs: ctx.graph.profile.jobs.clone(),
    };
    options
        .outside_events
        .extend(ctx.graph.script_emits.iter().map(|(_, e)| e.clone()));
    let mut findings = Vec::new();
    for (job, report) in initctl::unknown_names(jobs, &options) {
        for (stanza_name, unknowns) in report {
            let stanza = if stanza_name == "start on" {
                Stanza::Start
            } else {
                Stanza::Stop
            };
            ctx.has_unknown.insert((job, stanza));
            for unknown in unknowns {
                findings.extend(unknown_finding(ctx, job, stanza, &unknown));
            }
        }
    }
    findings
}

fn unknown_finding(
    ctx: &Context,
    job: usize,
    stanza: Stanza,
    unknown: &initctl::Unknown,
) -> Option<Finding> {
    let name = text(&unknown.name);
    let (rule, message, candidates) = match unknown.kind {
        NameKind::Event => (
            &UNKNOWN_EVENT,
            format!(
                "no job emits `{name}`, and neither does init or the `{}` profile",
                ctx.graph.profile.name
            ),
            &ctx.event_names,
        ),
        NameKind::Job => (
            &UNKNOWN_JOB,
            format!("no job is called `{name}`"),
            &ctx.job_names,
        ),
    };
    let mut finding = ctx.operand_finding(rule, job, stanza, unknown.leaf, message)?;
    let fix = |suggestion: &str| -> Option<Fix> {
        let place = ctx.places[job].operand(stanza, unknown.leaf)?;
        let skip = usize::from(unknown.kind == NameKind::Job);
        let range = ctx.plain_word(place, skip, &name)?;
        Some(Fix::replace(
            range,
            suggestion,
            format!("Use `{suggestion}`"),
            false,
        ))
    };
    let d = &mut finding.diagnostic;
    d.label = Some(match unknown.kind {
        NameKind::Event => "never emitted".into(),
        NameKind::Job => "not a loaded job".into(),
    });
    if let Some(suggestion) = did_you_mean(&name, candidates) {
        d.help = Some(format!("did you mean `{suggestion}`?"));
        d.fix = fix(&suggestion);
        if unknown.kind == NameKind::Event {
            for emitter in ctx.graph.emitters(suggestion.as_bytes()) {
                if let Emitter::Declared { job: other, .. } = emitter
                    && let Some(place) = ctx.places[other].job.as_ref()
                {
                    d.related.push(Related {
                        path: place.path.clone(),
                        range: place.range,
                        message: format!("`{}` emits `{suggestion}`", ctx.name(other)),
                    });
                }
            }
        }
    } else if unknown.kind == NameKind::Job {
        let own = ctx.name(job);
        if let Some((dir, _)) = own.rsplit_once('/') {
            let qualified = format!("{dir}/{name}");
            if candidates.contains(&qualified) {
                d.help = Some(format!(
                    "job names are not relative to the job's directory: use `{qualified}`"
                ));
            }
        }
    }
    Some(finding)
}

/// Every event name something is known to emit (globs left out), for suggestions.
fn known_events(graph: &EventGraph) -> Vec<String> {
    let mut names: BTreeSet<String> = BTreeSet::new();
    let plain = |p: &Bytes| !p.iter().any(|b| b"*?[".contains(b));
    for job in &graph.jobs {
        names.extend(job.job.emits.iter().filter(|p| plain(p)).map(|p| text(p)));
    }
    names.extend(
        graph
            .profile
            .events
            .iter()
            .filter(|p| plain(p))
            .map(|p| text(p)),
    );
    names.extend(graph.script_emits.iter().map(|(_, e)| text(e)));
    names.extend(INIT_EVENTS.iter().map(|e| e.to_string()));
    names.into_iter().collect()
}

/// The closest candidate within a small edit distance.
fn did_you_mean(name: &str, candidates: &[String]) -> Option<String> {
    let limit = (name.chars().count() / 4).clamp(1, 3);
    candidates
        .iter()
        .filter(|c| c.as_str() != name && c.len().abs_diff(name.len()) <= limit)
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c.clone())
}

/// G0003: one finding per cycle, on the job holding the first hook.
fn deadlocks(ctx: &Context, found: &[Deadlock]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for deadlock in found {
        let mut cycle = Vec::new();
        let mut related = Vec::new();
        for step in &deadlock.steps {
            let (from, to) = (ctx.name(step.from.0), ctx.name(step.to.0));
            let (line, place) = match step.wait {
                Wait::Hook { leaf } => {
                    let event = if step.from.1 == Stanza::Start {
                        "starting"
                    } else {
                        "stopping"
                    };
                    (
                        format!(
                            "`{event} {from}` is held by `{to}` until its `{}` fires",
                            step.to.1.name()
                        ),
                        (step.to.0, step.to.1, leaf),
                    )
                }
                Wait::Requires { leaf } => {
                    let event = if step.to.1 == Stanza::Start {
                        "started"
                    } else {
                        "stopped"
                    };
                    (
                        format!("`{from}` needs `{event} {to}`"),
                        (step.from.0, step.from.1, leaf),
                    )
                }
            };
            related.extend(ctx.related(place.0, place.1, place.2, line.clone()));
            cycle.push(line);
        }
        let Some(first) = deadlock.steps.first() else {
            continue;
        };
        let Wait::Hook { leaf } = first.wait else {
            continue;
        };
        let names: Vec<String> = deadlock
            .steps
            .iter()
            .map(|s| ctx.name(s.from.0))
            .chain(std::iter::once(ctx.name(first.from.0)))
            .collect();
        let message = format!("start/stop deadlock: {}", names.join(" → "));
        let Some(mut finding) =
            ctx.operand_finding(&START_STOP_DEADLOCK, first.to.0, first.to.1, leaf, message)
        else {
            continue;
        };
        finding.diagnostic.help = Some(format!("the cycle: {}", cycle.join("; ")));
        finding.diagnostic.related = related;
        findings.push(finding);
    }
    findings
}

/// The operands of a condition that cannot happen in a boot.
fn unavailable<'c>(ctx: &Context, operands: Vec<&'c Operand>) -> Vec<&'c Operand> {
    operands
        .into_iter()
        .filter(|o| !ctx.reach.available(&ctx.graph, o))
        .collect()
}

/// G0004: jobs no chain from boot starts (when their names are all known: G0001/G0002 say
/// the rest).
fn unreachable(ctx: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, job) in ctx.graph.jobs.iter().enumerate() {
        let Some(condition) = &job.start else {
            continue;
        };
        if ctx.reach.started[i] || ctx.has_unknown.contains(&(i, Stanza::Start)) {
            continue;
        }
        let missing = unavailable(ctx, condition.operands());
        let Some(first) = missing.first() else {
            continue;
        };
        let Some(mut finding) = ctx.operand_finding(
            &UNREACHABLE_JOB,
            i,
            Stanza::Start,
            first.leaf,
            format!(
                "`{}` is never started: no chain of events from boot makes its `start on` fire (profile `{}`)",
                ctx.name(i),
                ctx.graph.profile.name
            ),
        ) else {
            continue;
        };
        finding.diagnostic.label = Some("never happens in a boot".into());
        for o in &missing[1..] {
            if let Some(place) = ctx.places[i].operand(Stanza::Start, o.leaf)
                && place.path == finding.path
            {
                finding.diagnostic = finding
                    .diagnostic
                    .with_secondary(place.range, "never happens in a boot");
            }
        }
        for o in &missing {
            // The jobs that would have produced it: the one named, or the event's emitters.
            let (jobs, what): (Vec<usize>, _) = match ctx.graph.operand_job(o) {
                Some(other) => (vec![other], "is never started either".to_string()),
                None => (
                    ctx.graph
                        .emitters(&o.event)
                        .into_iter()
                        .filter_map(|e| match e {
                            Emitter::Declared { job, .. } | Emitter::Script { job } => Some(job),
                            Emitter::Outside { .. } => None,
                        })
                        .collect(),
                    format!("emits `{}`, but is never started", text(&o.event)),
                ),
            };
            for other in jobs {
                if let Some(place) = ctx.places[other].start.as_ref().map(|s| &s.0) {
                    finding.diagnostic.related.push(Related {
                        path: place.path.clone(),
                        range: place.range,
                        message: format!("`{}` {what}", ctx.name(other)),
                    });
                }
            }
        }
        findings.push(finding);
    }
    findings
}

/// G0005: reachable jobs whose `stop on` cannot fire.
fn stop_never_fires(ctx: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, job) in ctx.graph.jobs.iter().enumerate() {
        let (Some(start), Some(stop)) = (&job.start, &job.stop) else {
            continue;
        };
        if !ctx.reach.started[i]
            || ctx.has_unknown.contains(&(i, Stanza::Stop))
            || start.operands().is_empty()
            || stop.eval(&|o| ctx.reach.available(&ctx.graph, o))
        {
            continue;
        }
        let missing = unavailable(ctx, stop.operands());
        let Some(first) = missing.first() else {
            continue;
        };
        let names: Vec<String> = missing.iter().map(|o| operand_text(o)).collect();
        findings.extend(
            ctx.operand_finding(
                &STOP_ON_NEVER_FIRES,
                i,
                Stanza::Stop,
                first.leaf,
                format!(
                    "`{}` starts, but its `stop on` never fires: {} never happens once it runs",
                    ctx.name(i),
                    names.join(", ")
                ),
            )
            .map(|mut f| {
                f.diagnostic.label = Some("never happens in a boot".into());
                f
            }),
        );
    }
    findings
}

fn operand_text(o: &Operand) -> String {
    match &o.job {
        Some(job) => format!("`{} {}`", text(&o.event), text(job)),
        None => format!("`{}`", text(&o.event)),
    }
}

/// G0006 / G0007: `start on started TASK`, `stop on stopping RESPAWNING`.
fn job_event_pitfalls(ctx: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, stanza, operand) in ctx.graph.operands() {
        let Some(other) = ctx.graph.operand_job(operand) else {
            continue;
        };
        let target = ctx.graph.jobs[other].job;
        let name = ctx.name(other);
        let (rule, message, help) = match (stanza, operand.event.as_slice()) {
            (Stanza::Start, b"started") if target.task => (
                &STARTED_TASK,
                format!(
                    "`{name}` is a task: `started {name}` fires when it begins, not when it is done"
                ),
                format!("to run after it has finished, use `stopped {name}`"),
            ),
            (Stanza::Stop, b"stopping") if target.respawn && !restarted_with(ctx, i, other) => (
                &STOPPING_RESPAWN,
                format!(
                    "`{name}` respawns: each respawn emits `stopping {name}`, which stops this job, and its `start on` does not start it again"
                ),
                format!("also start on `started {name}`, so that it comes back with it"),
            ),
            _ => continue,
        };
        let Some(mut finding) = ctx.operand_finding(rule, i, stanza, operand.leaf, message) else {
            continue;
        };
        finding.diagnostic.help = Some(help);
        if rule == &STARTED_TASK
            && let Some(place) = ctx.places[i].operand(stanza, operand.leaf)
            && let Some(range) = ctx.plain_word(place, 0, "started")
        {
            finding.diagnostic.fix = Some(Fix::replace(
                range,
                "stopped",
                format!("Wait for `stopped {name}`"),
                false,
            ));
        }
        if let Some(place) = ctx.places[other].job.as_ref() {
            finding.diagnostic.related.push(Related {
                path: place.path.clone(),
                range: place.range,
                message: format!("`{name}` is defined here"),
            });
        }
        findings.push(finding);
    }
    findings
}

/// Whether job `i`'s `start on` starts it again when `other` starts (the documented pair
/// `start on started X` / `stop on stopping X`, which follows X through respawns).
fn restarted_with(ctx: &Context, i: usize, other: usize) -> bool {
    ctx.graph.jobs[i].start.as_ref().is_some_and(|c| {
        c.operands().iter().any(|o| {
            matches!(o.event.as_slice(), b"starting" | b"started")
                && ctx.graph.operand_job(o) == Some(other)
        })
    })
}

/// G0008 / G0009: declared events nothing waits for, and globs that match nothing.
fn emits_usage(ctx: &Context) -> Vec<Finding> {
    let used = ctx.graph.used_events();
    let mut findings = Vec::new();
    for (i, job) in ctx.graph.jobs.iter().enumerate() {
        for (n, pattern) in job.job.emits.iter().enumerate() {
            let Some(place) = ctx.places[i].emits.get(n) else {
                continue;
            };
            let glob = pattern.iter().any(|b| b"*?[".contains(b));
            let name = text(pattern);
            if glob && !used.iter().any(|e| fnmatch(pattern, e)) {
                findings.push(ctx.at(
                    &EMITS_MATCHES_NOTHING,
                    place,
                    format!("no job waits for an event matching `{name}`"),
                ));
            } else if !glob
                && !used.contains(pattern.as_slice())
                && !is_job_event(pattern)
                && pattern.first() != Some(&b'$')
            {
                findings.push(ctx.at(
                    &EVENT_NEVER_CONSUMED,
                    place,
                    format!("no job of this directory waits for `{name}`"),
                ));
            }
        }
    }
    findings
}

/// `check`'s G rules: each directory among `paths`, and `workspace`, is one job set; outside
/// events come from the profile called `profile`. Errs on an unknown profile.
pub fn add_for_paths(
    run: &mut CheckRun,
    paths: &[PathBuf],
    workspace: Option<&Path>,
    profile: &str,
) -> Result<(), String> {
    let profile = Profile::named(profile).ok_or_else(|| format!("unknown profile `{profile}`"))?;
    let dirs: Vec<PathBuf> = paths
        .iter()
        .map(PathBuf::as_path)
        .filter(|p| p.is_dir())
        .chain(workspace)
        .map(Path::to_path_buf)
        .collect();
    let options = GraphOptions {
        profile,
        ..GraphOptions::default()
    };
    add_to_run(run, &dirs, &options);
    Ok(())
}

/// Runs the `G` rules over each directory in `dirs` (as one conf directory each) and adds the
/// findings to the files of `run` they belong to; findings in files `run` did not check are
/// dropped.
pub fn add_to_run(run: &mut CheckRun, dirs: &[PathBuf], options: &GraphOptions) {
    let key = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let files: HashMap<PathBuf, usize> = run
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (key(&f.path), i))
        .collect();
    let mut seen = BTreeSet::new();
    for dir in dirs.iter().filter(|d| seen.insert(key(d))) {
        let workspace = Workspace::load(std::slice::from_ref(dir));
        for finding in check_workspace(&workspace, options) {
            if let Some(&i) = files.get(&key(&finding.path)) {
                run.files[i].analysis.diagnostics.push(finding.diagnostic);
            }
        }
    }
    for file in &mut run.files {
        file.analysis
            .diagnostics
            .sort_by_cached_key(Diagnostic::order_key);
    }
}

#[cfg(test)]
mod tests {
    use super::{did_you_mean, edit_distance};

    #[test]
    fn suggestions() {
        assert_eq!(edit_distance("local-filesystem", "local-filesystems"), 1);
        let candidates = vec!["local-filesystems".to_string(), "filesystem".to_string()];
        assert_eq!(
            did_you_mean("local-filesystem", &candidates).as_deref(),
            Some("local-filesystems")
        );
        assert_eq!(did_you_mean("xyz", &candidates), None);
    }
}
