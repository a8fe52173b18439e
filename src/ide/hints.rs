//! Inlay hints: values Upstart resolves that the file does not spell out.

use rowan::TextSize;

use super::FileEntry;
use super::symbols::stanzas;
use crate::syntax::StanzaKind;

/// A label shown after `offset`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// Where the label goes.
    pub offset: TextSize,
    /// The label.
    pub label: String,
}

/// After each bare `respawn`: the respawn limit in force for the job (spec §2.6), which is
/// Upstart's default of 10 in 5 s unless a `respawn limit` stanza anywhere says otherwise.
pub fn inlay_hints(file: &FileEntry) -> Vec<Hint> {
    let job = &file.analysis.job;
    if !job.respawn {
        return Vec::new();
    }
    let label = if job.respawn_limit == 0 || job.respawn_interval == 0 {
        "limit unlimited".to_string()
    } else {
        format!("limit {} in {} s", job.respawn_limit, job.respawn_interval)
    };
    stanzas(file, StanzaKind::Respawn)
        .filter(|stanza| stanza.args().next().is_none())
        .filter_map(|stanza| stanza.keyword())
        .filter(|keyword| keyword.syntax().next_sibling().is_none())
        .map(|keyword| Hint {
            offset: keyword.range().end(),
            label: label.clone(),
        })
        .collect()
}
