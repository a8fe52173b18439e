//! SARIF 2.1.0: one result per finding; the driver lists the rules that have results.

use serde_json::{Value, json};

use super::Located;
use crate::check::Severity;
use crate::check::registry::Rule;
use crate::workspace::CheckRun;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn render(run: &CheckRun) -> String {
    let located = super::located(run);
    // The rules that have results, in code order; results point into this list.
    let mut used: Vec<&Rule> = located.iter().map(|found| found.diagnostic.rule).collect();
    used.sort_by_key(|rule| rule.code);
    used.dedup_by_key(|rule| rule.code);
    let rules: Vec<Value> = used
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code,
                "name": rule.name,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": rule.explanation },
                "defaultConfiguration": { "level": level(rule.severity) },
            })
        })
        .collect();
    let results: Vec<Value> = located.iter().map(|found| result(found, &used)).collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": env!("CARGO_PKG_NAME"),
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result(found: &Located, rules: &[&Rule]) -> Value {
    let d = found.diagnostic;
    let uri = uri(&found.path);
    let region = |start: (usize, usize), end: (usize, usize)| {
        json!({
            "startLine": start.0,
            "startColumn": start.1,
            "endLine": end.0,
            "endColumn": end.1,
        })
    };
    let mut result = json!({
        "ruleId": d.rule.code,
        "ruleIndex": rules.iter().position(|r| r.code == d.rule.code),
        "level": level(d.severity()),
        "message": { "text": d.message },
        "locations": [{ "physicalLocation": {
            "artifactLocation": { "uri": uri },
            "region": region(found.start, found.end),
        }}],
    });
    if let Some(fix) = &d.fix {
        let text = &found.file.analysis.source.text;
        let index = crate::source::LineIndex::new(text);
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|edit| {
                let at = |offset| index.line_col(text, usize::from(offset));
                json!({
                    "deletedRegion": region(at(edit.range.start()), at(edit.range.end())),
                    "insertedContent": { "text": edit.replacement },
                })
            })
            .collect();
        result["fixes"] = json!([{
            "description": { "text": fix.title },
            "artifactChanges": [{
                "artifactLocation": { "uri": uri },
                "replacements": replacements,
            }],
        }]);
    }
    result
}

/// A relative URI reference for a path: `/`-separated, with everything but unreserved
/// characters percent-encoded (RFC 3986).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(byte))
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}
