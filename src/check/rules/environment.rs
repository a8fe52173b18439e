//! `env` and `export` (spec §2.15, §6.4).

use super::context::JobFile;
use crate::check::registry;
use crate::check::{Diagnostic, Fix};
use crate::syntax::StanzaKind;

/// `env A=$B` stores the literal text `$B`: values are never expanded.
pub fn variable_in_env(file: &JobFile) -> Vec<Diagnostic> {
    file.stanzas(StanzaKind::Env)
        .filter_map(|stanza| stanza.args().next())
        .filter(|arg| {
            let value = arg.value();
            value.iter().position(|&b| b == b'=').is_some_and(|eq| value[eq..].contains(&b'$'))
        })
        .map(|arg| {
            let value = String::from_utf8_lossy(&arg.value()).into_owned();
            let (name, text) = value.split_once('=').unwrap_or((&value, ""));
            Diagnostic::new(
                &registry::VARIABLE_IN_ENV,
                arg.range(),
                "`env` values are not expanded: this sets the literal text with `$`",
            )
            .with_label(format!("`{name}` is set to the text `{text}`"))
            .with_help("expand it in the script instead: `export PATH=\"$PATH:/opt/bin\"` in `pre-start`/`script`")
        })
        .collect()
}

/// `export $VAR` exports a variable literally named `$VAR`.
pub fn export_variable_reference(file: &JobFile) -> Vec<Diagnostic> {
    file.stanzas(StanzaKind::Export)
        .flat_map(|stanza| stanza.args().collect::<Vec<_>>())
        .filter(|arg| arg.value().starts_with(b"$"))
        .map(|arg| {
            let name = String::from_utf8_lossy(&arg.value())
                .trim_start_matches(['$', '{'])
                .trim_end_matches('}')
                .to_string();
            Diagnostic::new(
                &registry::EXPORT_VARIABLE_REFERENCE,
                arg.range(),
                "`export` takes variable names: this exports nothing",
            )
            .with_label("a variable literally named with `$`")
            .with_help(format!("write the name: `export {name}`"))
            .with_fix(Fix::replace(
                arg.range(),
                &name,
                format!("Write `{name}`"),
                true,
            ))
        })
        .collect()
}
