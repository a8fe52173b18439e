//! JSON: an array with one object per finding (`json`), or one object per line (`json-lines`).
//! Positions are byte ranges and 1-based lines/columns.

use serde_json::{Value, json};

use super::Located;
use crate::workspace::CheckRun;

pub fn render(run: &CheckRun) -> String {
    let all: Vec<Value> = super::located(run).iter().map(finding).collect();
    let mut out = serde_json::to_string_pretty(&Value::Array(all)).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

pub fn render_lines(run: &CheckRun) -> String {
    super::located(run)
        .iter()
        .map(|found| format!("{}\n", finding(found)))
        .collect()
}

fn finding(found: &Located) -> Value {
    let d = found.diagnostic;
    let (start, end) = (usize::from(d.range.start()), usize::from(d.range.end()));
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
        "file": found.path,
        "code": d.rule.code,
        "name": d.rule.name,
        "severity": d.severity(),
        "message": d.message,
        "start": start,
        "end": end,
        "line": found.start.0,
        "column": found.start.1,
        "end_line": found.end.0,
        "end_column": found.end.1,
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
