//! G0006 / G0007: job events that do not mean what they seem.

use super::{Context, Finding};
use crate::check::registry::{STARTED_TASK, STOPPING_RESPAWN};
use crate::check::{Fix, Related};
use crate::graph::Stanza;

/// G0006 / G0007: `start on started TASK`, `stop on stopping RESPAWNING`.
pub(super) fn job_event_pitfalls(ctx: &Context) -> Vec<Finding> {
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
