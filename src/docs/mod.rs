//! Reference documentation of the job-file format's stanzas (spec §2). Events are documented
//! with the model, in [`crate::model::events`].
//!
//! Tables live in the core, not in a front end, so that the CLI, the language server and
//! generated docs all say the same thing.

mod stanzas;

use std::fmt::Write as _;

pub use stanzas::{StanzaDoc, stanza, values};

use crate::model::events;
use crate::syntax::StanzaKind;

/// A stanza's documentation as Markdown: syntax, meaning, default, and what may follow it.
pub fn stanza_markdown(kind: StanzaKind) -> String {
    let doc = stanza(kind);
    let mut out = format!(
        "```upstart\n{}\n```\n{}\n\nDefault: {}",
        doc.syntax, doc.summary, doc.default
    );
    let (label, values) = match kind.sub_keywords() {
        [] => ("Values", values(kind, None)),
        subs => ("Followed by", subs.to_vec()),
    };
    if !values.is_empty() {
        let _ = write!(out, "\n\n{label}: `{}`", values.join("` `"));
    }
    out
}

/// An event's documentation as Markdown: when it happens, who emits it, what it carries.
pub fn event_markdown(name: &str) -> String {
    let mut out = format!("**event** `{name}`");
    if let Some(known) = events::find(name) {
        let _ = write!(
            out,
            "\n\n{}\n\nEmitted by: {}",
            known.summary, known.emitter
        );
        if known.blocking {
            out.push_str(" (blocking: it waits for the jobs it starts or stops)");
        }
        if !known.variables.is_empty() {
            let _ = write!(out, "\n\nVariables: `{}`", known.variables.join("` `"));
        }
    }
    out
}
