//! `--statistics`: how many findings each rule has, most frequent first.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::check::registry::Rule;
use crate::workspace::CheckRun;

/// One line per rule with findings: count, code, name; most frequent first, then by code.
pub fn render(run: &CheckRun) -> String {
    let mut counts: BTreeMap<&str, (usize, &Rule)> = BTreeMap::new();
    for d in run.files.iter().flat_map(|f| &f.analysis.diagnostics) {
        counts.entry(d.rule.code).or_insert((0, d.rule)).0 += 1;
    }
    let mut rows: Vec<(usize, &Rule)> = counts.into_values().collect();
    rows.sort_by_key(|(count, rule)| (std::cmp::Reverse(*count), rule.code));
    let width = rows.first().map_or(1, |(count, _)| count.to_string().len());
    let mut out = String::new();
    for (count, rule) in rows {
        let _ = writeln!(out, "{count:>width$}  {}  {}", rule.code, rule.name);
    }
    out
}
