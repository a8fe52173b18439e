//! G0003: start/stop deadlock cycles.

use super::{Context, Finding};
use crate::check::registry::START_STOP_DEADLOCK;
use crate::graph::Stanza;
use crate::graph::analysis::{Deadlock, Wait};

/// G0003: one finding per cycle, on the job holding the first hook.
pub(super) fn deadlocks(ctx: &Context, found: &[Deadlock]) -> Vec<Finding> {
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
