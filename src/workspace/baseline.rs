//! Baselines for legacy trees: the findings known when the baseline was written are not
//! reported again; new ones are. Findings are matched by [`FindingId`] (job, rule, stanza
//! text), not by line, and as many times as they were recorded.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::CheckRun;
use super::identity::{FindingId, finding_ids};

/// The version of the file layout written.
const VERSION: u32 = 1;

/// The file as stored: JSON, findings sorted, so that it diffs well under version control.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<FindingId>,
}

/// Known findings, each with how many times it was recorded.
#[derive(Debug, Default)]
pub struct Baseline {
    known: HashMap<FindingId, usize>,
}

impl Baseline {
    /// Reads a baseline file.
    pub fn read(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        let file: BaselineFile =
            serde_json::from_str(&text).map_err(|e| format!("not a baseline file: {e}"))?;
        if file.version != VERSION {
            return Err(format!(
                "baseline version {} is not {VERSION}; write it again with --update-baseline",
                file.version
            ));
        }
        let mut known = HashMap::new();
        for id in file.findings {
            *known.entry(id).or_insert(0) += 1;
        }
        Ok(Baseline { known })
    }

    /// Writes every finding of `run` to `path`; returns how many.
    pub fn write(path: &Path, run: &CheckRun) -> Result<usize, String> {
        let mut findings: Vec<FindingId> = run.files.iter().flat_map(finding_ids).collect();
        findings.sort();
        let count = findings.len();
        let file = BaselineFile {
            version: VERSION,
            findings,
        };
        let mut text = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())?;
        text.push('\n');
        std::fs::write(path, text).map_err(|e| e.to_string())?;
        Ok(count)
    }

    /// Drops the findings of `run` the baseline knows; returns how many were dropped.
    pub fn filter(&self, run: &mut CheckRun) -> usize {
        let mut left = self.known.clone();
        let mut dropped = 0;
        for file in &mut run.files {
            let ids = finding_ids(file);
            let mut ids = ids.into_iter();
            file.analysis.diagnostics.retain(|_| {
                let known = ids
                    .next()
                    .and_then(|id| left.get_mut(&id))
                    .filter(|count| **count > 0);
                match known {
                    Some(count) => {
                        *count -= 1;
                        dropped += 1;
                        false
                    }
                    None => true,
                }
            });
        }
        dropped
    }
}
