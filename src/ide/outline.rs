//! The shape of a file: one symbol per stanza, and the regions an editor can fold.

use rowan::{TextRange, TextSize};

use super::FileEntry;
use crate::syntax::{StanzaKind, SyntaxKind};

/// What kind of thing a symbol is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    /// A process: `exec`, `script`, `pre-start`, …
    Process,
    /// `start on` / `stop on` / `emits`.
    Event,
    /// `env` / `export` / `instance`.
    Variable,
    /// Any other stanza.
    Setting,
}

/// One stanza in the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// Its first line, trimmed (`start on runlevel [2345]`).
    pub name: String,
    /// What it is.
    pub kind: SymbolKind,
    /// The whole stanza, script block included.
    pub range: TextRange,
    /// The stanza keyword.
    pub selection: TextRange,
}

/// The stanzas of `file`, in order.
pub fn symbols(file: &FileEntry) -> Vec<Symbol> {
    let text = file.text();
    file.analysis
        .tree
        .source_file()
        .stanzas()
        .filter_map(|stanza| {
            let keyword = stanza.keyword()?;
            let range = stanza.range();
            let start = usize::from(range.start());
            let line = text.get(start..usize::from(range.end()))?.lines().next()?;
            let line = line.split(" #").next().unwrap_or(line).trim();
            let kind = match stanza.kind() {
                Some(
                    StanzaKind::Exec
                    | StanzaKind::Script
                    | StanzaKind::PreStart
                    | StanzaKind::PostStart
                    | StanzaKind::PreStop
                    | StanzaKind::PostStop,
                ) => SymbolKind::Process,
                Some(StanzaKind::Start | StanzaKind::Stop | StanzaKind::Emits) => SymbolKind::Event,
                Some(StanzaKind::Env | StanzaKind::Export | StanzaKind::Instance) => {
                    SymbolKind::Variable
                }
                _ => SymbolKind::Setting,
            };
            Some(Symbol {
                name: line.chars().take(80).collect(),
                kind,
                range: trim_newline(text, range),
                selection: keyword.range(),
            })
        })
        .collect()
}

/// Why a region folds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldKind {
    /// A script block, or a stanza over several lines.
    Region,
    /// Consecutive comment lines.
    Comment,
}

/// A foldable region, from the first line to the last line of `range`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fold {
    /// The region.
    pub range: TextRange,
    /// What it is.
    pub kind: FoldKind,
}

/// Multi-line stanzas (script blocks, continued lines) and runs of two or more comment lines.
pub fn folding_ranges(file: &FileEntry) -> Vec<Fold> {
    let text = file.text();
    let spans_lines = |range: TextRange| {
        text.get(usize::from(range.start())..usize::from(range.end()))
            .is_some_and(|s| s.contains('\n'))
    };
    let mut folds: Vec<Fold> = file
        .analysis
        .tree
        .source_file()
        .stanzas()
        .map(|stanza| trim_newline(text, stanza.range()))
        .filter(|&range| spans_lines(range))
        .map(|range| Fold {
            range,
            kind: FoldKind::Region,
        })
        .collect();
    let mut run: Option<(TextRange, usize)> = None;
    let comment_lines = file
        .analysis
        .tree
        .root
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
        .filter(|t| t.kind() == SyntaxKind::COMMENT)
        .filter(|t| line_is_only(text, t.text_range()));
    for comment in comment_lines {
        let line = file
            .line_index
            .line(usize::from(comment.text_range().start()));
        run = match run {
            Some((range, last)) if last + 1 == line => {
                Some((range.cover(comment.text_range()), line))
            }
            previous => {
                push_comment_fold(&mut folds, previous, text);
                Some((comment.text_range(), line))
            }
        };
    }
    push_comment_fold(&mut folds, run, text);
    folds.sort_by_key(|fold| fold.range.start());
    folds
}

fn push_comment_fold(folds: &mut Vec<Fold>, run: Option<(TextRange, usize)>, text: &str) {
    if let Some((range, _)) = run
        && text[usize::from(range.start())..usize::from(range.end())].contains('\n')
    {
        folds.push(Fold {
            range,
            kind: FoldKind::Comment,
        });
    }
}

/// Whether only whitespace precedes `range` on its line.
fn line_is_only(text: &str, range: TextRange) -> bool {
    let start = usize::from(range.start());
    text[..start]
        .rsplit('\n')
        .next()
        .is_some_and(|before| before.trim().is_empty())
}

/// `range` without its final line feed, so that it ends on the line it really ends on.
fn trim_newline(text: &str, range: TextRange) -> TextRange {
    let end = usize::from(range.end());
    if end > usize::from(range.start()) && text.as_bytes().get(end - 1) == Some(&b'\n') {
        TextRange::new(range.start(), range.end() - TextSize::from(1))
    } else {
        range
    }
}
