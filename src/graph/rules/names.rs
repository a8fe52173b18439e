//! G0001 / G0002: names `check-config` does not know, with suggestions.

use std::collections::BTreeSet;

use super::{Context, Finding, GraphOptions, text};
use crate::check::registry::{UNKNOWN_EVENT, UNKNOWN_JOB};
use crate::check::rules::upstart_errors::edit_distance;
use crate::check::{Fix, Related};
use crate::graph::profile::INIT_EVENTS;
use crate::graph::{Emitter, EventGraph, Stanza};
use crate::initctl::{self, CheckConfigOptions, NameKind};
use crate::model::{Bytes, Job};

/// G0001 / G0002: check-config's unknown names, with the profile's events known.
pub(super) fn unknown_names(
    ctx: &mut Context,
    jobs: &[&Job],
    graph_options: &GraphOptions,
) -> Vec<Finding> {
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
pub(super) fn known_events(graph: &EventGraph) -> Vec<String> {
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
