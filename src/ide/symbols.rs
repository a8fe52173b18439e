//! Names a job file defines and uses: env keys, emitted events, event matches, job references.

use std::path::{Path, PathBuf};

use rowan::{TextRange, TextSize};

use super::{FileEntry, World};
use crate::model::events::is_job_event;
use crate::syntax::ast::{Arg, Stanza};
use crate::syntax::{StanzaKind, SyntaxKind};

/// A job at a glance, for hovers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JobSummary {
    /// `description`.
    pub description: Option<String>,
    /// The `start on` expression as written, on one line.
    pub start_on: Option<String>,
    /// The `stop on` expression as written, on one line.
    pub stop_on: Option<String>,
}

/// The description and conditions of the job in `file`, as the model resolved them.
pub fn job_summary(file: &FileEntry) -> JobSummary {
    let condition = |kind: StanzaKind| {
        let stanza = stanzas(file, kind).last()?;
        let text = stanza.event_expr()?.syntax().text().to_string();
        Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    let job = &file.analysis.job;
    JobSummary {
        description: job
            .description
            .as_ref()
            .map(|d| String::from_utf8_lossy(d).into_owned()),
        // `manual` after `start on` discards it: trust the model on whether there is one.
        start_on: job
            .start_on
            .as_ref()
            .and_then(|_| condition(StanzaKind::Start)),
        stop_on: job
            .stop_on
            .as_ref()
            .and_then(|_| condition(StanzaKind::Stop)),
    }
}

/// The stanzas of `kind` in `file`, in order.
pub fn stanzas(file: &FileEntry, kind: StanzaKind) -> impl Iterator<Item = Stanza> {
    file.analysis
        .tree
        .source_file()
        .stanzas()
        .filter(|s| s.kind() == Some(kind))
        .collect::<Vec<_>>()
        .into_iter()
}

/// The `env` stanzas of `file` that set `name`: the key's range and the whole `KEY=VALUE`.
pub fn env_definitions<'a>(
    file: &'a FileEntry,
    name: &'a str,
) -> impl Iterator<Item = (TextRange, String)> + 'a {
    stanzas(file, StanzaKind::Env).filter_map(move |stanza| {
        let arg = stanza.args().next()?;
        let value = String::from_utf8_lossy(&arg.value()).into_owned();
        let key = value.split('=').next().unwrap_or_default();
        (key == name).then(|| {
            let len = TextSize::try_from(key.len()).unwrap_or_default();
            (TextRange::at(arg.range().start(), len), value.clone())
        })
    })
}

/// The jobs whose `emits` names `event`: job name, file and the argument's range.
pub fn event_emitters<'a>(
    world: &'a World,
    event: &'a str,
) -> impl Iterator<Item = (&'a [u8], &'a Path, TextRange)> + 'a {
    world.jobs().flat_map(move |(name, path, file)| {
        stanzas(file, StanzaKind::Emits)
            .flat_map(|stanza| stanza.args().collect::<Vec<Arg>>())
            .filter(|arg| arg.value() == event.as_bytes())
            .map(|arg| (name, path, arg.range()))
            .collect::<Vec<_>>()
    })
}

/// One `EVENT ARG…` term of a `start on` / `stop on`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventMatch {
    /// The event name.
    pub event: String,
    /// Where the name is.
    pub event_range: TextRange,
    /// For a job event, the job named by its first argument and where.
    pub job: Option<(String, TextRange)>,
}

/// Every event term in `file`.
pub fn event_matches(file: &FileEntry) -> Vec<EventMatch> {
    file.analysis
        .tree
        .root
        .descendants()
        .filter(|node| node.kind() == SyntaxKind::EVENT_MATCH)
        .filter_map(|node| {
            let mut args = node.children().filter_map(Arg::cast);
            let first = args.next()?;
            let event = String::from_utf8_lossy(&first.value()).into_owned();
            let job = args
                .next()
                .filter(|_| is_job_event(&event))
                .map(|arg| {
                    (
                        String::from_utf8_lossy(&arg.value()).into_owned(),
                        arg.range(),
                    )
                })
                .filter(|(name, _)| !name.contains(['=', '$']));
            Some(EventMatch {
                event,
                event_range: first.range(),
                job,
            })
        })
        .collect()
}

/// Every place in the world that names the job `name` after a job event.
pub fn job_references(world: &World, name: &str) -> Vec<(PathBuf, TextRange)> {
    references(world, |m| {
        m.job
            .as_ref()
            .filter(|(job, _)| job == name)
            .map(|(_, range)| *range)
    })
}

/// Every place in the world that waits for the event `name`.
pub fn event_references(world: &World, name: &str) -> Vec<(PathBuf, TextRange)> {
    references(world, |m| (m.event == name).then_some(m.event_range))
}

fn references(
    world: &World,
    pick: impl Fn(&EventMatch) -> Option<TextRange>,
) -> Vec<(PathBuf, TextRange)> {
    let mut found: Vec<(PathBuf, TextRange)> = world
        .files()
        .flat_map(|(path, file)| {
            event_matches(file)
                .iter()
                .filter_map(&pick)
                .map(|range| (path.to_path_buf(), range))
                .collect::<Vec<_>>()
        })
        .collect();
    found.sort_by_key(|(path, range)| (path.clone(), range.start()));
    found
}
