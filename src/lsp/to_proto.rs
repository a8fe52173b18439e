//! Core values as protocol values.

use std::path::Path;
use std::str::FromStr;

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location,
    NumberOrString, TextEdit, Uri,
};

use super::convert::Lines;
use super::server::Server;
use crate::check::{Diagnostic, Edit, Severity};
use crate::ide;

/// A finding as a protocol diagnostic: code, documentation link, related places, tags.
pub fn diagnostic(
    server: &Server,
    uri: &Uri,
    lines: &Lines,
    diagnostic: &Diagnostic,
) -> lsp_types::Diagnostic {
    let rule = diagnostic.rule;
    let marks = ide::marks(rule);
    let tags: Vec<DiagnosticTag> = [
        (marks.unnecessary, DiagnosticTag::UNNECESSARY),
        (marks.deprecated, DiagnosticTag::DEPRECATED),
    ]
    .into_iter()
    .filter_map(|(on, tag)| on.then_some(tag))
    .collect();
    // Labels are places in the same file; related places are in other jobs' files.
    let here = diagnostic
        .labels
        .iter()
        .map(|label| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), lines.range(label.range)),
            message: label.message.clone(),
        });
    let elsewhere = diagnostic.related.iter().filter_map(|r| {
        Some(DiagnosticRelatedInformation {
            location: location(server, &r.path, r.range)?,
            message: r.message.clone(),
        })
    });
    let related: Vec<DiagnosticRelatedInformation> = here.chain(elsewhere).collect();
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    lsp_types::Diagnostic {
        range: lines.range(diagnostic.range),
        severity: Some(match diagnostic.severity() {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(rule.code.into())),
        code_description: server
            .settings
            .rule_docs_url
            .as_ref()
            .and_then(|url| Uri::from_str(&url.replace("{code}", rule.code)).ok())
            .map(|href| CodeDescription { href }),
        source: Some("upstart-lint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: (!tags.is_empty()).then_some(tags),
        data: None,
    }
}

/// Core edits as protocol text edits.
pub fn text_edits(lines: &Lines, edits: &[Edit]) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|edit| TextEdit::new(lines.range(edit.range), edit.replacement.clone()))
        .collect()
}

/// A location in a file of the world.
pub fn location(server: &Server, path: &Path, range: rowan::TextRange) -> Option<Location> {
    let file = server.world.file(path)?;
    Some(Location::new(
        server.uri(path)?,
        server.lines(file).range(range),
    ))
}
