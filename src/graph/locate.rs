//! Where a loaded job's conditions and `emits` are written: in its `.conf`, or in the
//! `.override` that replaced them.

use std::path::PathBuf;

use rowan::TextRange;

use crate::syntax::StanzaKind;
use crate::syntax::ast::{EventTerm, Stanza as AstStanza};
use crate::workspace::{LoadedJob, Workspace};

use super::Stanza;

/// A place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The file.
    pub path: PathBuf,
    /// The text.
    pub range: TextRange,
}

/// The places of one job's parts.
#[derive(Debug, Default)]
pub struct JobPlaces {
    /// The whole `start on` / `stop on` stanza, and each event of it, left to right.
    pub start: Option<(Place, Vec<Place>)>,
    /// Same for `stop on`.
    pub stop: Option<(Place, Vec<Place>)>,
    /// Each `emits` value, in the job's order (conf first, then override).
    pub emits: Vec<Place>,
    /// Where to point at the job as a whole: its conf's first stanza.
    pub job: Option<Place>,
}

impl JobPlaces {
    /// The stanza and its events.
    pub fn condition(&self, stanza: Stanza) -> Option<&(Place, Vec<Place>)> {
        match stanza {
            Stanza::Start => self.start.as_ref(),
            Stanza::Stop => self.stop.as_ref(),
        }
    }

    /// The place of event `leaf` of `stanza`, or of the stanza.
    pub fn operand(&self, stanza: Stanza, leaf: usize) -> Option<&Place> {
        let (whole, leaves) = self.condition(stanza)?;
        Some(leaves.get(leaf).unwrap_or(whole))
    }
}

/// Finds the places of `job`'s parts.
pub fn locate(workspace: &Workspace, job: &LoadedJob) -> JobPlaces {
    let mut places = JobPlaces::default();
    let files: Vec<&crate::workspace::WorkspaceFile> = std::iter::once(&job.conf)
        .chain(job.override_file.as_ref())
        .filter_map(|p| workspace.file(p))
        .collect();
    for file in &files {
        for stanza in file.analysis.tree.source_file().stanzas() {
            let place = |range| Place {
                path: file.path.clone(),
                range,
            };
            if places.job.is_none() {
                places.job = Some(place(stanza.range()));
            }
            match stanza.kind() {
                Some(StanzaKind::Emits) => places
                    .emits
                    .extend(stanza.args().map(|a| place(a.syntax().text_range()))),
                Some(kind @ (StanzaKind::Start | StanzaKind::Stop)) => {
                    let leaves = leaves(&stanza).into_iter().map(place).collect();
                    let found = Some((place(stanza.range()), leaves));
                    if kind == StanzaKind::Start {
                        places.start = found;
                    } else {
                        places.stop = found;
                    }
                }
                _ => {}
            }
        }
    }
    places
}

/// The ranges of the events of a `start on` / `stop on`, left to right.
fn leaves(stanza: &AstStanza) -> Vec<TextRange> {
    let Some(term) = stanza.event_expr().and_then(|e| e.term()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut pending = vec![&term];
    while let Some(term) = pending.pop() {
        match term {
            EventTerm::Match { range, .. } => out.push(*range),
            EventTerm::Group(inner) => pending.push(inner),
            EventTerm::Binary { lhs, rhs, .. } => {
                pending.push(rhs);
                pending.push(lhs);
            }
        }
    }
    out
}
