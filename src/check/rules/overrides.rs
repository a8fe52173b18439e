//! What an `.override` cannot do, and what an invalid one still does (spec §4.4, §6.4 items 41
//! and 42).

use rowan::TextRange;

use super::context::JobFile;
use crate::check::registry;
use crate::check::{Analysis, Diagnostic};
use crate::model::Job;
use crate::syntax::StanzaKind;

/// Findings about `analysis`, an override applied (up to `stop_before`) on top of `conf_job`.
pub fn check(analysis: &Analysis, conf_job: &Job, stop_before: Option<usize>) -> Vec<Diagnostic> {
    let mut found = adds_values(analysis, conf_job, stop_before);
    found.extend(partially_applied(analysis, stop_before));
    found
}

/// Accumulating stanzas add to the `.conf`'s values: an override cannot replace them.
fn adds_values(analysis: &Analysis, conf_job: &Job, stop_before: Option<usize>) -> Vec<Diagnostic> {
    let file = analysis.tree.source_file();
    let applied = file
        .stanzas()
        .filter(|s| stop_before.is_none_or(|stop| usize::from(s.range().start()) < stop));
    let mut found = Vec::new();
    for stanza in applied {
        let (keyword, existing) = match stanza.kind() {
            Some(StanzaKind::Export) => ("export", conf_job.export.len()),
            Some(StanzaKind::Emits) => ("emits", conf_job.emits.len()),
            Some(StanzaKind::Normal) => ("normal exit", conf_job.normal_exit.len()),
            Some(StanzaKind::Cgroup) => ("cgroup", conf_job.cgroups.len()),
            _ => continue,
        };
        if existing == 0 {
            continue;
        }
        found.push(
            Diagnostic::new(
                &registry::OVERRIDE_ADDS_VALUES,
                JobFile::keyword_range(&stanza),
                format!("`{keyword}` in an override adds to the .conf's values, it does not replace them"),
            )
            .with_label(format!(
                "the .conf already has {existing} value{}, and keeps {}",
                if existing == 1 { "" } else { "s" },
                if existing == 1 { "it" } else { "them" }
            ))
            .with_help("an override cannot remove values; change the .conf itself if they must go"),
        );
    }
    found
}

/// An override with an error is not ignored: the stanzas before the error are applied.
fn partially_applied(analysis: &Analysis, stop_before: Option<usize>) -> Vec<Diagnostic> {
    let (Some(error), Some(stop)) = (analysis.upstart_error(), stop_before) else {
        return Vec::new();
    };
    let applied: Vec<TextRange> = analysis
        .tree
        .source_file()
        .stanzas()
        .filter(|s| usize::from(s.range().start()) < stop)
        .map(|s| JobFile::keyword_range(&s))
        .collect();
    let mut d = Diagnostic::new(
        &registry::OVERRIDE_PARTIALLY_APPLIED,
        error.range,
        if applied.is_empty() {
            "this override is not applied at all".to_string()
        } else {
            format!(
                "this override is applied only in part: {} above this line {}",
                if applied.len() == 1 {
                    "1 stanza".to_string()
                } else {
                    format!("{} stanzas", applied.len())
                },
                if applied.len() == 1 {
                    "takes effect"
                } else {
                    "take effect"
                }
            )
        },
    )
    .with_label("Upstart stops here; this stanza and those after it are lost")
    .with_help(
        "fix the error: Upstart does not ignore a broken override, it applies its first part",
    );
    for range in applied {
        d = d.with_secondary(range, "applied");
    }
    vec![d]
}
