//! G0004 / G0005: what a boot never starts, and `stop on` that never fires.

use super::{Context, Finding, text};
use crate::check::Related;
use crate::check::registry::{STOP_ON_NEVER_FIRES, UNREACHABLE_JOB};
use crate::graph::{Emitter, Operand, Stanza};

/// The operands of a condition that cannot happen in a boot.
fn unavailable<'c>(ctx: &Context, operands: Vec<&'c Operand>) -> Vec<&'c Operand> {
    operands
        .into_iter()
        .filter(|o| !ctx.reach.available(&ctx.graph, o))
        .collect()
}

/// G0004: jobs no chain from boot starts (when their names are all known: G0001/G0002 say
/// the rest).
pub(super) fn unreachable(ctx: &Context) -> Vec<Finding> {
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
pub(super) fn stop_never_fires(ctx: &Context) -> Vec<Finding> {
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
