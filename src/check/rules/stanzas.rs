//! Stanzas that silently override each other (spec §2.0 "last one wins", §6.4 item 27).

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::context::JobFile;
use crate::check::Diagnostic;
use crate::check::registry;
use crate::syntax::ast::Stanza;
use crate::syntax::{StanzaKind, SyntaxKind};

/// The slot a single-valued stanza writes, named for messages; stanzas sharing a slot replace
/// each other.
fn slot(stanza: &Stanza) -> Option<String> {
    use StanzaKind::*;
    let kind = stanza.kind()?;
    let sub = || {
        stanza
            .syntax()
            .children()
            .filter(|n| n.kind() == SyntaxKind::KEYWORD)
            .nth(1)
            .map(|k| k.text().to_string())
    };
    Some(match kind {
        Exec | Script => "main process".into(),
        PreStart | PostStart | PreStop | PostStop => format!("{} process", kind.name()),
        Description | Author | Version | Usage | Instance | Expect | Console | Umask | Nice
        | Chroot | Chdir | Setuid | Setgid | Oom => kind.name().into(),
        Start | Stop => format!("{} on", kind.name()),
        Kill | Reload | Apparmor => format!("{} {}", kind.name(), sub()?),
        Respawn => format!("respawn {}", sub()?),
        Limit => format!(
            "limit {}",
            String::from_utf8_lossy(&stanza.args().next()?.value())
        ),
        _ => return None,
    })
}

/// A single-valued stanza given twice: only the last one counts.
pub fn duplicate_stanza(file: &JobFile) -> Vec<Diagnostic> {
    let mut first_seen: HashMap<String, &Stanza> = HashMap::new();
    let mut found = Vec::new();
    for stanza in file.all() {
        let Some(slot) = slot(stanza) else { continue };
        match first_seen.entry(slot) {
            Entry::Vacant(entry) => {
                entry.insert(stanza);
            }
            Entry::Occupied(mut entry) => {
                let earlier = entry.insert(stanza);
                found.push(
                    Diagnostic::new(
                        &registry::DUPLICATE_STANZA,
                        file.first_line_range(earlier),
                        format!(
                            "this {} is replaced by a later one and has no effect",
                            entry.key()
                        ),
                    )
                    .with_label("overridden")
                    .with_secondary(file.first_line_range(stanza), "this one wins")
                    .with_help("remove the stanza that does not apply"),
                );
            }
        }
    }
    found
}

/// `usage` on a job without `instance`: it is only shown when an instance name fails to expand
/// (spec §6.4 item 46).
pub fn usage_without_instance(file: &JobFile) -> Vec<Diagnostic> {
    let Some(usage) = file.last(StanzaKind::Usage) else {
        return Vec::new();
    };
    if !file.job.instance.is_empty() {
        return Vec::new();
    }
    vec![
        Diagnostic::new(
            &registry::USAGE_WITHOUT_INSTANCE,
            JobFile::keyword_range(usage),
            "`usage` is never shown for a job without `instance`",
        )
        .with_label("Upstart prints it only when an instance name fails to expand")
        .with_help("`initctl usage JOB` still prints it; a comment may serve readers better"),
    ]
}
