//! Code actions: every finding's fix, a suppression comment, and all safe fixes at once.

use rowan::{TextRange, TextSize};

use super::FileEntry;
use super::cursor::SUPPRESSION_PREFIX;
use crate::check::{Diagnostic, Edit};
use crate::syntax::SyntaxKind;

/// What an action is for, so that editors can offer it in the right place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    /// Resolves (or silences) one finding.
    QuickFix,
    /// Applies every safe fix in the file.
    FixAll,
}

/// An edit an editor can offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// The menu entry.
    pub title: String,
    /// Where it belongs.
    pub kind: ActionKind,
    /// The edits, non-overlapping.
    pub edits: Vec<Edit>,
    /// The finding it resolves, by index into the file's diagnostics.
    pub diagnostic: Option<usize>,
    /// Whether it is the fix an editor should apply on a single keystroke.
    pub preferred: bool,
}

/// The actions for findings of `diagnostics` that touch `range`, then "fix all".
pub fn actions(file: &FileEntry, diagnostics: &[Diagnostic], range: TextRange) -> Vec<Action> {
    let mut out = Vec::new();
    for (index, diagnostic) in diagnostics.iter().enumerate() {
        if diagnostic.range.intersect(range).is_none() {
            continue;
        }
        if let Some(fix) = &diagnostic.fix {
            out.push(Action {
                title: fix.title.clone(),
                kind: ActionKind::QuickFix,
                edits: fix.edits.clone(),
                diagnostic: Some(index),
                preferred: fix.safe,
            });
        }
        // What Upstart rejects cannot be silenced: the job would still not load. Nor is a
        // suppression comment's own finding: the comment is what needs fixing.
        if diagnostic.upstart.is_some()
            || matches!(
                diagnostic.rule.name,
                "unused-suppression" | "unknown-suppression"
            )
        {
            continue;
        }
        out.push(Action {
            title: format!("Suppress {} here", diagnostic.rule.code),
            kind: ActionKind::QuickFix,
            edits: vec![suppression(file, diagnostic)],
            diagnostic: Some(index),
            preferred: false,
        });
    }
    out.extend(fix_all(diagnostics));
    out
}

/// All safe fixes of the file in one action; a fix overlapping an earlier one is left out.
pub fn fix_all(diagnostics: &[Diagnostic]) -> Option<Action> {
    let mut edits: Vec<Edit> = Vec::new();
    for fix in diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.safe)
    {
        let overlaps = fix.edits.iter().any(|new| {
            edits.iter().any(|old| {
                new.range
                    .intersect(old.range)
                    .is_some_and(|r| !r.is_empty())
                    || new.range.start() == old.range.start()
            })
        });
        if !overlaps {
            edits.extend(fix.edits.iter().cloned());
        }
    }
    (!edits.is_empty()).then(|| Action {
        title: "Apply all safe fixes".into(),
        kind: ActionKind::FixAll,
        edits,
        diagnostic: None,
        preferred: false,
    })
}

/// A `# upstart-lint: disable=CODE` comment on the line before the finding's stanza, or the
/// code added to such a comment already there.
pub fn suppression(file: &FileEntry, diagnostic: &Diagnostic) -> Edit {
    let text = file.text();
    let code = diagnostic.rule.code;
    let stanza_start = file
        .analysis
        .tree
        .root
        .token_at_offset(diagnostic.range.start())
        .right_biased()
        .and_then(|t| {
            t.parent_ancestors()
                .find(|n| n.kind() == SyntaxKind::STANZA)
        })
        .map_or(usize::from(diagnostic.range.start()), |s| {
            usize::from(s.text_range().start())
        });
    let line_start = text[..stanza_start.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let indent: String = text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    if let Some(at) = existing_list_end(text, line_start) {
        return Edit {
            range: TextRange::empty(at),
            replacement: format!(",{code}"),
        };
    }
    Edit {
        range: TextRange::empty(TextSize::try_from(line_start).unwrap_or_default()),
        replacement: format!("{indent}# {SUPPRESSION_PREFIX}{code}\n"),
    }
}

/// Where the code list of a suppression comment on the line before `line_start` ends.
fn existing_list_end(text: &str, line_start: usize) -> Option<TextSize> {
    let previous_end = line_start.checked_sub(1)?;
    let previous_start = text[..previous_end].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[previous_start..previous_end];
    let list_start = previous_start + line.find(SUPPRESSION_PREFIX)? + SUPPRESSION_PREFIX.len();
    if !line.trim_start().starts_with('#') {
        return None;
    }
    let list_len = text[list_start..previous_end]
        .find(char::is_whitespace)
        .unwrap_or(previous_end - list_start);
    TextSize::try_from(list_start + list_len).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::World;
    use std::path::Path;

    fn suppressions(text: &str) -> Vec<String> {
        let mut world = World::new();
        let path = Path::new("/etc/init/job.conf");
        world.set_file(path, text.as_bytes());
        let file = world.file(path).expect("analysed");
        let diagnostics = world.diagnostics(path);
        let all = TextRange::up_to(TextSize::try_from(text.len()).unwrap_or_default());
        actions(file, &diagnostics, all)
            .into_iter()
            .filter(|a| a.title.starts_with("Suppress"))
            .map(|a| {
                let mut fixed = text.to_string();
                for edit in a.edits.iter().rev() {
                    fixed.replace_range(
                        usize::from(edit.range.start())..usize::from(edit.range.end()),
                        &edit.replacement,
                    );
                }
                fixed
            })
            .collect()
    }

    #[test]
    fn suppression_goes_above_the_stanza_or_joins_a_comment_there() {
        assert_eq!(
            suppressions(
                "task
  oom 10
"
            ),
            ["task
  # upstart-lint: disable=W0118
  oom 10
"]
        );
        assert_eq!(
            suppressions(
                "# upstart-lint: disable=W0113 why
oom 10
"
            ),
            ["# upstart-lint: disable=W0113,W0118 why
oom 10
"]
        );
        // Upstart's own errors are not offered a suppression.
        assert_eq!(
            suppressions(
                "nice 100
"
            ),
            Vec::<String>::new()
        );
    }
}
