//! G0008 / G0009: declared events nobody waits for.

use super::{Context, Finding, text};
use crate::check::registry::{EMITS_MATCHES_NOTHING, EVENT_NEVER_CONSUMED};
use crate::graph::is_job_event;
use crate::model::fnmatch::fnmatch;

/// G0008 / G0009: declared events nothing waits for, and globs that match nothing.
pub(super) fn emits_usage(ctx: &Context) -> Vec<Finding> {
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
