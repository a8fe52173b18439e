//! Semantic highlighting: what each word of a job file is. Script bodies and `exec` command
//! lines are left to the editor's shell grammar.

use rowan::{NodeOrToken, TextRange, TextSize};

use super::FileEntry;
use super::cursor::{Target, target_at};
use crate::docs;
use crate::syntax::SyntaxKind;

/// The kinds of highlighted text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    /// Stanza names, sub-keywords, `end script`.
    Keyword,
    /// `and`, `or`, parentheses.
    Operator,
    /// Event names.
    Event,
    /// Job names after job events.
    Job,
    /// Variable names (`KEY=` in events and `env`).
    Variable,
    /// One of a closed set of values (`console log`, `expect fork`, signal names, resources).
    EnumMember,
    /// Numbers.
    Number,
    /// Free text.
    String,
    /// Comments.
    Comment,
}

/// One highlighted range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Highlight {
    /// The text.
    pub range: TextRange,
    /// What it is.
    pub tag: Tag,
}

/// Every highlighted range of `file`, in order, non-overlapping.
pub fn highlights(file: &FileEntry) -> Vec<Highlight> {
    let root = &file.analysis.tree.root;
    let mut out = Vec::new();
    for element in root.descendants_with_tokens() {
        let (range, kind) = (element.text_range(), element.kind());
        let tag = match (&element, kind) {
            (NodeOrToken::Token(_), SyntaxKind::COMMENT) => Some(Tag::Comment),
            (NodeOrToken::Token(token), SyntaxKind::L_PAREN | SyntaxKind::R_PAREN) => token
                .parent()
                .filter(|p| p.kind() == SyntaxKind::EVENT_GROUP)
                .map(|_| Tag::Operator),
            (NodeOrToken::Node(_), SyntaxKind::KEYWORD) => Some(Tag::Keyword),
            (NodeOrToken::Node(_), SyntaxKind::OPERATOR) => Some(Tag::Operator),
            (NodeOrToken::Node(_), SyntaxKind::SCRIPT_END) => Some(Tag::Keyword),
            (NodeOrToken::Node(_), SyntaxKind::ARG) => {
                arg_highlights(file, range, &mut out);
                None
            }
            _ => None,
        };
        if let Some(tag) = tag {
            let range = if kind == SyntaxKind::SCRIPT_END {
                trimmed(file.text(), range)
            } else {
                range
            };
            out.push(Highlight { range, tag });
        }
    }
    out.sort_by_key(|h| h.range.start());
    out
}

fn arg_highlights(file: &FileEntry, range: TextRange, out: &mut Vec<Highlight>) {
    let root = &file.analysis.tree.root;
    let mut push = |range, tag| out.push(Highlight { range, tag });
    match target_at(root, usize::from(range.start())) {
        Some(Target::Event { .. }) => push(range, Tag::Event),
        Some(Target::Job { .. }) => push(range, Tag::Job),
        Some(Target::EventVariable { range: key, .. } | Target::Variable { range: key, .. })
            if key.start() == range.start() =>
        {
            push(key, Tag::Variable)
        }
        Some(Target::Value {
            kind, sub, value, ..
        }) => {
            let tag = if docs::values(kind, sub.as_deref()).contains(&value.as_str()) {
                Tag::EnumMember
            } else if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
                Tag::Number
            } else {
                Tag::String
            };
            push(range, tag);
        }
        _ => {}
    }
}

/// The `end script` words of `range`, without a trailing comment, blanks or line feed.
fn trimmed(text: &str, range: TextRange) -> TextRange {
    let slice = &text[usize::from(range.start())..usize::from(range.end())];
    let slice = slice.split('#').next().unwrap_or_default();
    let words = slice.trim();
    let start = slice.len() - slice.trim_start().len();
    let start = range.start() + TextSize::try_from(start).unwrap_or_default();
    TextRange::at(start, TextSize::try_from(words.len()).unwrap_or_default())
}
