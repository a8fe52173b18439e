//! Hover text: the documentation of whatever is under the cursor, as Markdown.

use std::fmt::Write as _;
use std::path::Path;

use rowan::TextRange;

use super::World;
use super::cursor::{Target, target_at};
use super::symbols::{env_definitions, event_emitters, event_matches, job_summary};
use crate::check::registry;
use crate::docs;
use crate::model::{events, signal};
use crate::syntax::StanzaKind;

/// Markdown for a range of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    /// What the text describes.
    pub range: TextRange,
    /// The text, Markdown.
    pub markdown: String,
}

/// The hover at byte `offset` of `path`.
pub fn hover(world: &World, path: &Path, offset: usize) -> Option<Hover> {
    let file = world.file(path)?;
    let target = target_at(&file.analysis.tree.root, offset)?;
    let markdown = match &target {
        Target::Stanza { kind, .. } => docs::stanza_markdown((*kind)?),
        Target::SubKeyword { kind, .. } => docs::stanza_markdown(*kind),
        Target::Value {
            kind, sub, value, ..
        } => value_markdown(*kind, sub.as_deref(), value),
        Target::Event { name, .. } => event_markdown(world, name),
        Target::Job { name, .. } => job_markdown(world, name),
        Target::EventVariable { event, key, .. } => event_variable_markdown(event, key),
        Target::Variable { name, .. } => variable_markdown(file, name),
        Target::RuleCode { code, .. } => {
            let rule = registry::find(code)?;
            format!(
                "**{}** `{}`\n\n{}\n\n{}",
                rule.code, rule.name, rule.summary, rule.explanation
            )
        }
    };
    Some(Hover {
        range: target.range(),
        markdown,
    })
}

fn value_markdown(kind: StanzaKind, sub: Option<&str>, value: &str) -> String {
    let mut out = docs::stanza_markdown(kind);
    if sub == Some("signal") || sub == Some("exit") {
        if let Some(number) = signal::from_name(value.as_bytes()) {
            let _ = write!(out, "\n\n`{value}` is signal {number}.");
        }
    } else {
        let values = docs::values(kind, sub);
        if !values.is_empty() && sub.is_some() {
            let _ = write!(out, "\n\nValues: `{}`", values.join("` `"));
        }
    }
    out
}

fn event_markdown(world: &World, name: &str) -> String {
    let mut out = docs::event_markdown(name);
    let emitters: Vec<String> = event_emitters(world, name)
        .map(|(job, _, _)| String::from_utf8_lossy(job).into_owned())
        .collect();
    if !emitters.is_empty() {
        let _ = write!(
            out,
            "\n\nDeclared by `emits` in: `{}`",
            emitters.join("` `")
        );
    } else if events::find(name).is_none() {
        out.push_str("\n\nNo job in the workspace declares it with `emits`.");
    }
    out
}

fn job_markdown(world: &World, name: &str) -> String {
    match world.job(name.as_bytes()) {
        Some((path, file)) => {
            let summary = job_summary(file);
            let mut out = format!("**job** `{name}`");
            if let Some(description) = summary.description {
                let _ = write!(out, " — {description}");
            }
            for (label, value) in [("start on", summary.start_on), ("stop on", summary.stop_on)] {
                if let Some(value) = value {
                    let _ = write!(out, "\n\n{label} `{value}`");
                }
            }
            let _ = write!(out, "\n\n{}", path.display());
            out
        }
        None => format!("**job** `{name}`\n\nNo job of this name in the workspace."),
    }
}

fn event_variable_markdown(event: &str, key: &str) -> String {
    let known = events::find(event);
    let carried = known.is_some_and(|k| k.variables.contains(&key));
    match (known, carried) {
        (Some(known), true) => format!(
            "`{key}`: a variable of `{event}`\n\n{}\n\nVariables in order: `{}`",
            known.summary,
            known.variables.join("` `")
        ),
        (Some(known), false) if known.variables_complete => format!(
            "`{key}` is not a variable `{event}` carries.\n\nVariables: `{}`",
            known.variables.join("` `")
        ),
        (Some(known), false) => format!(
            "`{key}`: not one of the usual variables of `{event}` (`{}`), which may carry more.",
            known.variables.join("` `")
        ),
        (None, _) => format!("`{key}`: a variable of event `{event}`"),
    }
}

fn variable_markdown(file: &super::FileEntry, name: &str) -> String {
    let defined: Vec<String> = env_definitions(file, name)
        .map(|(_, value)| value)
        .collect();
    if !defined.is_empty() {
        return format!("**env** `{}`", defined.join("`, `"));
    }
    match name {
        "UPSTART_JOB" => "`UPSTART_JOB`: the job's name, set by init.".into(),
        "UPSTART_INSTANCE" => "`UPSTART_INSTANCE`: the instance name, set by init.".into(),
        "UPSTART_EVENTS" => "`UPSTART_EVENTS`: the events that started the job.".into(),
        "UPSTART_STOP_EVENTS" => "`UPSTART_STOP_EVENTS`: the events that stopped the job.".into(),
        "RESULT" | "PROCESS" | "EXIT_STATUS" | "EXIT_SIGNAL" => format!(
            "`{name}`: from the `stopping`/`stopped` event that started or stopped the job."
        ),
        _ => {
            let events: Vec<String> = event_matches(file)
                .into_iter()
                .filter(|m| events::find(&m.event).is_some_and(|k| k.variables.contains(&name)))
                .map(|m| m.event)
                .collect();
            if events.is_empty() {
                format!("`{name}`: not set by `env` in this file; it may come from the event.")
            } else {
                format!("`{name}`: set by the event `{}`", events.join("` or `"))
            }
        }
    }
}
