//! Applying fixes: text edits on the lossless text, each one checked by parsing again.
//!
//! A fix is applied only if, once applied, the file parses with no more Upstart errors than
//! before and the finding it belongs to is gone. Fixes are applied one at a time, in file order,
//! and the file is analysed again after each: a later fix never works on stale ranges.

use super::{Analysis, Diagnostic, Edit, Options, analyze_with};
use crate::source;

/// Which fixes may be applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FixLevel {
    /// Only fixes marked safe: they keep the author's intent.
    #[default]
    Safe,
    /// Unsafe fixes too (`--unsafe-fixes`).
    Unsafe,
}

/// A fix that was applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The rule whose finding it resolved.
    pub code: &'static str,
    /// The fix's title.
    pub title: String,
}

/// The result of fixing one file.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The file's new bytes (the same as before when nothing applied).
    pub bytes: Vec<u8>,
    /// The fixes applied, in order.
    pub applied: Vec<Applied>,
    /// The analysis of the new bytes: what is left.
    pub analysis: Analysis,
}

/// Why a file is not fixed at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The file holds bytes that are not UTF-8: it is never rewritten.
    InvalidUtf8,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::InvalidUtf8 => {
                f.write_str("the file is not valid UTF-8: it is never rewritten by --fix")
            }
        }
    }
}

/// How many fixes one file may receive: a bound that no real file reaches, so that a pair of
/// fixes that undo each other cannot loop.
const MAX_FIXES_PER_FILE: usize = 100;

/// Applies every applicable fix to `bytes`, one at a time.
pub fn fix_file(
    bytes: &[u8],
    job_name: &[u8],
    options: &Options,
    level: FixLevel,
) -> Result<Fixed, Refusal> {
    fix_with(bytes, |bytes| analyze_with(bytes, job_name, options), level)
}

/// [`fix_file`] with the analysis `check` runs (rule selection and suppressions applied): only
/// the findings it reports are fixed.
pub fn fix_with(
    bytes: &[u8],
    analyze: impl Fn(&[u8]) -> Analysis,
    level: FixLevel,
) -> Result<Fixed, Refusal> {
    let mut analysis = analyze(bytes);
    if !analysis.source.invalid_utf8.is_empty() || source::encode(&analysis.source.text) != bytes {
        return Err(Refusal::InvalidUtf8);
    }
    let mut applied = Vec::new();
    let mut skipped: Vec<(&'static str, String)> = Vec::new();
    while applied.len() < MAX_FIXES_PER_FILE {
        let candidate = analysis.diagnostics.iter().find(|d| {
            d.fix
                .as_ref()
                .is_some_and(|fix| allowed(fix.safe, level) && !skipped.contains(&key(d)))
        });
        let Some(diagnostic) = candidate else { break };
        let fix = diagnostic.fix.as_ref().expect("candidates have a fix");
        let text = apply_edits(&analysis.source.text, &fix.edits);
        let after = analyze(&source::encode(&text));
        if resolves(&analysis, diagnostic, &after) {
            applied.push(Applied {
                code: diagnostic.rule.code,
                title: fix.title.clone(),
            });
            analysis = after;
        } else {
            skipped.push(key(diagnostic));
        }
    }
    Ok(Fixed {
        bytes: source::encode(&analysis.source.text),
        applied,
        analysis,
    })
}

fn allowed(safe: bool, level: FixLevel) -> bool {
    safe || level == FixLevel::Unsafe
}

/// What identifies a finding across re-analyses: its rule and message.
fn key(diagnostic: &Diagnostic) -> (&'static str, String) {
    (diagnostic.rule.code, diagnostic.message.clone())
}

/// Whether `after` has one finding like `diagnostic` fewer than `before`, and no more Upstart
/// errors.
fn resolves(before: &Analysis, diagnostic: &Diagnostic, after: &Analysis) -> bool {
    let errors = |a: &Analysis| a.diagnostics.iter().filter(|d| d.upstart.is_some()).count();
    let allowed_errors = errors(before) - usize::from(diagnostic.upstart.is_some());
    // Findings of one rule may share a message: one of them going away is what counts.
    let count = |a: &Analysis| {
        a.diagnostics
            .iter()
            .filter(|d| key(d) == key(diagnostic))
            .count()
    };
    count(after) < count(before) && errors(after) <= allowed_errors
}

/// `text` with `edits` applied; edits must not overlap.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|edit| edit.range.start());
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in sorted {
        let range = std::ops::Range::<usize>::from(edit.range);
        out.push_str(&text[at..range.start.max(at)]);
        out.push_str(&edit.replacement);
        at = at.max(range.end);
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixes_apply_one_at_a_time_and_keep_the_rest() {
        let text = b"kill signal 15\nreload signal 1\nexport $FOO\nexec /bin/true\n";
        let fixed = fix_file(text, b"job", &Options::default(), FixLevel::Safe).unwrap();
        assert_eq!(
            String::from_utf8(fixed.bytes).unwrap(),
            "kill signal TERM\nreload signal HUP\nexport FOO\nexec /bin/true\n"
        );
        let codes: Vec<&str> = fixed.applied.iter().map(|a| a.code).collect();
        assert_eq!(codes, ["W0116", "W0116", "W0115"]);
    }

    #[test]
    fn unsafe_fixes_wait_for_their_level() {
        let text = b"nicee 5\n";
        let safe = fix_file(text, b"job", &Options::default(), FixLevel::Safe).unwrap();
        assert!(safe.applied.is_empty());
        assert_eq!(safe.bytes, text);
        let all = fix_file(text, b"job", &Options::default(), FixLevel::Unsafe).unwrap();
        assert_eq!(all.bytes, b"nice 5\n");
    }

    #[test]
    fn files_that_are_not_utf8_are_refused() {
        let refused = fix_file(
            b"kill signal 15 \xff\n",
            b"job",
            &Options::default(),
            FixLevel::Safe,
        );
        assert_eq!(refused.err(), Some(Refusal::InvalidUtf8));
    }
}
