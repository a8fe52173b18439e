//! GitLab code quality report: a JSON array of issues, each with a stable fingerprint.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::check::Severity;
use crate::workspace::CheckRun;
use crate::workspace::identity::finding_ids;

pub fn render(run: &CheckRun) -> String {
    let located = super::located(run);
    // Fingerprints come from what a finding is, not where: path, job, rule and stanza text, and
    // which occurrence of that it is.
    let ids = run.files.iter().flat_map(finding_ids);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let issues: Vec<Value> = located
        .iter()
        .zip(ids)
        .map(|(found, id)| {
            let d = found.diagnostic;
            let key = format!("{}\0{}\0{}\0{}", found.path, id.job, id.code, id.stanza);
            let occurrence = seen.entry(key.clone()).or_insert(0);
            *occurrence += 1;
            json!({
                "description": format!("{}: {}", d.rule.code, d.message),
                "check_name": d.rule.name,
                "fingerprint": format!("{:016x}", fnv1a(format!("{key}\0{occurrence}").as_bytes())),
                "severity": match d.severity() {
                    Severity::Error => "critical",
                    Severity::Warning => "major",
                    Severity::Info => "minor",
                },
                "location": {
                    "path": found.path,
                    "lines": { "begin": found.start.0, "end": found.end.0 },
                },
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&Value::Array(issues)).unwrap_or_default();
    out.push('\n');
    out
}

/// 64-bit FNV-1a: stable across builds and platforms, which std's hashers do not promise.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
