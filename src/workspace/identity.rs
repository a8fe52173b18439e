//! What a finding is, wherever it sits in its file: the job, the rule, and the stanza's text.
//! Baselines match findings by it, and the GitLab report fingerprints them with it, so that
//! edits elsewhere in a file (lines added above, say) do not turn old findings into new ones.

use rowan::TextSize;
use serde::{Deserialize, Serialize};

use super::CheckedFile;
use crate::syntax::SyntaxNode;

/// A finding's identity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingId {
    /// The job: its name, with `.override` added for an override file.
    pub job: String,
    /// The rule's code.
    pub code: String,
    /// The first line of the stanza holding the finding, blanks collapsed; followed by the
    /// finding's own line when that is a later line of the stanza (a script line, say).
    pub stanza: String,
}

/// The identity of each finding of `file`, in the same order.
pub fn finding_ids(file: &CheckedFile) -> Vec<FindingId> {
    let analysis = &file.analysis;
    let mut job = String::from_utf8_lossy(&analysis.job.name).into_owned();
    if file.path.extension().is_some_and(|e| e == "override") {
        job.push_str(".override");
    }
    analysis
        .diagnostics
        .iter()
        .map(|d| FindingId {
            job: job.clone(),
            code: d.rule.code.to_string(),
            stanza: stanza_text(&analysis.tree.root, &analysis.source.text, d.range.start()),
        })
        .collect()
}

fn stanza_text(root: &SyntaxNode, text: &str, offset: TextSize) -> String {
    let at = usize::from(offset).min(text.len());
    let stanza_start = root
        .token_at_offset(offset)
        .right_biased()
        .and_then(|token| token.parent_ancestors().take_while(|n| n != root).last())
        .map_or(at, |stanza| usize::from(stanza.text_range().start()));
    let (own_start, own) = line_at(text, at);
    let (first_start, first) = line_at(text, stanza_start);
    if first_start == own_start {
        own
    } else {
        format!("{first} … {own}")
    }
}

/// The start of the line holding `at`, and the line's words joined by single spaces.
fn line_at(text: &str, at: usize) -> (usize, String) {
    let bytes = text.as_bytes();
    let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &bytes[at..]).map_or(text.len(), |i| at + i);
    let line = text.get(start..end).unwrap_or_default();
    (start, line.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stanza_at(text: &str, needle: &str) -> String {
        let tree = crate::syntax::parse(text);
        let offset = text.find(needle).unwrap();
        stanza_text(&tree.root, text, TextSize::try_from(offset).unwrap())
    }

    #[test]
    fn stanza_text_is_the_first_line_and_the_finding_line() {
        let text = "description  \"x\"\n\nscript\n  mkdir   /run/x\r\n  exec food\nend script\n";
        assert_eq!(stanza_at(text, "\"x\""), "description \"x\"");
        assert_eq!(stanza_at(text, "mkdir"), "script … mkdir /run/x");
        assert_eq!(stanza_at(text, "script\n"), "script");
        assert_eq!(stanza_at("exec a\n", "\n"), "exec a");
        assert_eq!(stanza_at("", ""), "");
    }
}
