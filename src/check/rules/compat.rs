//! Stanzas newer than the Upstart the jobs must load on (`target-version`, spec Appendix B).

use super::context::JobFile;
use crate::check::Diagnostic;
use crate::check::registry;
use crate::model::version::introduced_in;
use crate::syntax::StanzaKind;
use crate::syntax::ast::Stanza;

/// Stanzas that the target release does not know: it rejects the whole file.
pub fn newer_than_target(file: &JobFile) -> Vec<Diagnostic> {
    let Some(target) = file.options.target_version else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for stanza in file.all() {
        let Some(kind) = stanza.kind() else { continue };
        let form = form(kind, stanza);
        let Some(since) = introduced_in(kind, form.as_deref()).filter(|since| *since > target)
        else {
            continue;
        };
        let name = match &form {
            Some(form) => format!("{} {form}", kind.name()),
            None => kind.name().to_string(),
        };
        found.push(
            Diagnostic::new(
                &registry::NEWER_THAN_TARGET,
                file.first_line_range(stanza),
                format!("`{name}` needs Upstart {since}; the target is {target}"),
            )
            .with_label(format!(
                "Upstart {target} rejects the whole job at this line"
            ))
            .with_help("remove it, or raise `target-version` if older releases no longer matter"),
        );
    }
    found
}

/// The word that decides a stanza's release: its sub-keyword, or the first value of `console`
/// and `oom` (`oom score` is read as a value).
fn form(kind: StanzaKind, stanza: &Stanza) -> Option<String> {
    let word = if matches!(kind, StanzaKind::Console | StanzaKind::Oom) {
        stanza.args().next()?.value()
    } else {
        stanza
            .syntax()
            .children()
            .filter(|n| n.kind() == crate::syntax::SyntaxKind::KEYWORD)
            .nth(1)?
            .text()
            .to_string()
            .into_bytes()
    };
    Some(String::from_utf8_lossy(&word).into_owned())
}
