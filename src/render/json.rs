//! A JSON array with one object per finding, positions as byte ranges and 1-based lines/columns.

use serde_json::{Value, json};

use crate::check::Diagnostic;
use crate::source::LineIndex;
use crate::workspace::CheckRun;

pub fn render(run: &CheckRun) -> String {
    let mut all = Vec::new();
    for file in &run.files {
        let text = &file.analysis.source.text;
        let index = LineIndex::new(text);
        for d in &file.analysis.diagnostics {
            all.push(diagnostic(
                &file.path.display().to_string(),
                d,
                text,
                &index,
            ));
        }
    }
    let mut out = serde_json::to_string_pretty(&Value::Array(all)).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

fn diagnostic(file: &str, d: &Diagnostic, text: &str, index: &LineIndex) -> Value {
    let (start, end) = (usize::from(d.range.start()), usize::from(d.range.end()));
    let (line, column) = index.line_col(text, start);
    let (end_line, end_column) = index.line_col(text, end);
    let fix = d.fix.as_ref().map(|fix| {
        json!({
            "title": fix.title,
            "safe": fix.safe,
            "edits": fix.edits.iter().map(|e| json!({
                "start": usize::from(e.range.start()),
                "end": usize::from(e.range.end()),
                "replacement": e.replacement,
            })).collect::<Vec<_>>(),
        })
    });
    json!({
        "file": file,
        "code": d.rule.code,
        "name": d.rule.name,
        "severity": d.severity(),
        "message": d.message,
        "start": start,
        "end": end,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "help": d.help,
        "labels": d.labels.iter().map(|l| json!({
            "start": usize::from(l.range.start()),
            "end": usize::from(l.range.end()),
            "message": l.message,
        })).collect::<Vec<_>>(),
        "fix": fix,
        "upstart": d.upstart.as_ref().map(|u| u.message),
        "external_code": d.external_code,
    })
}
