//! Completion: stanza names with snippets, their values, events, job names and variables.
//!
//! Completion works on the text of the line, not the tree: the line being typed is usually
//! incomplete, and its tree says little.

use std::collections::BTreeSet;
use std::path::Path;

use rowan::{TextRange, TextSize};

use super::symbols::{event_matches, stanzas};
use super::{FileEntry, World};
use crate::docs;
use crate::model::events::{self, is_job_event};
use crate::syntax::ast::Stanza;
use crate::syntax::{StanzaKind, SyntaxKind};

/// What a completion inserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    /// A stanza.
    Stanza,
    /// A sub-keyword or an operator.
    Keyword,
    /// A value from a closed set.
    Value,
    /// An event name.
    Event,
    /// A job name.
    Job,
    /// A variable name.
    Variable,
}

/// One completion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// What the menu shows.
    pub label: String,
    /// What it is.
    pub kind: CompletionKind,
    /// A short description.
    pub detail: Option<String>,
    /// The text to insert: a snippet when `snippet` is set.
    pub insert: String,
    /// Whether `insert` is an LSP snippet.
    pub snippet: bool,
    /// The text the insertion replaces: the word being typed.
    pub replace: TextRange,
}

/// The completions at byte `offset` of `path`.
pub fn completions(world: &World, path: &Path, offset: usize) -> Vec<Completion> {
    let Some(file) = world.file(path) else {
        return Vec::new();
    };
    let text = file.text();
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &text[logical_line_start(file, line_start, offset)..offset];
    let word_len = prefix.len()
        - prefix
            .trim_end_matches(|c: char| !c.is_whitespace() && c != '(' && c != ')')
            .len();
    let word = &prefix[prefix.len() - word_len..];
    if let Some((name, start)) = variable_prefix(word) {
        let replace = TextRange::new(to_size(offset - word_len + start), to_size(offset));
        let names = variables(file).into_iter().filter(|v| v.starts_with(name));
        return names
            .map(|label| Candidate::new(label, CompletionKind::Variable, None))
            .map(|candidate| candidate.replacing(replace))
            .collect();
    }
    if in_script(file, offset) {
        return Vec::new();
    }
    let replace = TextRange::new(to_size(offset - word_len), to_size(offset));
    let spaced = prefix[..prefix.len() - word_len]
        .replace('(', " ( ")
        .replace(')', " ) ");
    let before: Vec<&str> = spaced.split_whitespace().collect();
    candidates(world, file, &before)
        .into_iter()
        .map(|candidate| candidate.replacing(replace))
        .collect()
}

/// A completion before it knows what it replaces.
struct Candidate {
    label: String,
    kind: CompletionKind,
    detail: Option<String>,
    snippet: Option<&'static str>,
}

impl Candidate {
    fn new(label: impl Into<String>, kind: CompletionKind, detail: Option<String>) -> Self {
        Candidate {
            label: label.into(),
            kind,
            detail,
            snippet: None,
        }
    }

    fn replacing(self, replace: TextRange) -> Completion {
        Completion {
            insert: self
                .snippet
                .map_or_else(|| self.label.clone(), str::to_string),
            snippet: self.snippet.is_some(),
            label: self.label,
            kind: self.kind,
            detail: self.detail,
            replace,
        }
    }
}

/// What may come after the words `before` on a stanza's line.
fn candidates(world: &World, file: &FileEntry, before: &[&str]) -> Vec<Candidate> {
    let Some(first) = before.first() else {
        return StanzaKind::ALL
            .iter()
            .map(|&kind| {
                let doc = docs::stanza(kind);
                Candidate {
                    snippet: Some(doc.snippet),
                    ..Candidate::new(kind.name(), CompletionKind::Stanza, Some(doc.syntax.into()))
                }
            })
            .collect();
    };
    let Some(kind) = StanzaKind::from_name(first.as_bytes()) else {
        return Vec::new();
    };
    let words = |kind: CompletionKind, list: Vec<&str>| -> Vec<Candidate> {
        list.into_iter()
            .map(|word| Candidate::new(word, kind, None))
            .collect()
    };
    let sub = before.get(1).copied();
    match (kind, before.len()) {
        (StanzaKind::Start | StanzaKind::Stop, n) if n >= 2 && sub == Some("on") => {
            event_completions(world, &file.job_name, &before[2..])
        }
        (_, 1) if !kind.sub_keywords().is_empty() => {
            words(CompletionKind::Keyword, kind.sub_keywords().to_vec())
        }
        (StanzaKind::Oom, 1) => words(CompletionKind::Keyword, vec!["score", "never"]),
        (StanzaKind::Expect | StanzaKind::Console | StanzaKind::Limit, 1) => {
            words(CompletionKind::Value, docs::values(kind, None))
        }
        (StanzaKind::Kill | StanzaKind::Reload | StanzaKind::Normal, n) if n >= 2 => {
            words(CompletionKind::Value, docs::values(kind, sub))
        }
        (StanzaKind::Respawn | StanzaKind::Oom, 2) => {
            words(CompletionKind::Value, docs::values(kind, sub))
        }
        (StanzaKind::Emits, _) => known_events(world)
            .into_iter()
            .map(|(name, detail)| Candidate::new(name, CompletionKind::Event, detail))
            .collect(),
        (StanzaKind::Export, _) => env_keys(file)
            .into_iter()
            .map(|key| Candidate::new(key, CompletionKind::Variable, None))
            .collect(),
        _ => Vec::new(),
    }
}

/// Where the stanza being typed starts: the line's start, or an earlier line's when an
/// expression in parentheses continues onto this one.
fn logical_line_start(file: &FileEntry, line_start: usize, offset: usize) -> usize {
    file.analysis
        .tree
        .root
        .token_at_offset(to_size(offset))
        .left_biased()
        .and_then(|token| token.parent_ancestors().find_map(Stanza::cast))
        .filter(|stanza| matches!(stanza.kind(), Some(StanzaKind::Start | StanzaKind::Stop)))
        .map(|stanza| usize::from(stanza.range().start()))
        .filter(|&start| start < line_start)
        .unwrap_or(line_start)
}

fn to_size(offset: usize) -> TextSize {
    TextSize::try_from(offset).unwrap_or_default()
}

/// The partial name after `$` or `${` in `word`, and where the name starts in `word`.
fn variable_prefix(word: &str) -> Option<(&str, usize)> {
    let dollar = word.rfind('$')?;
    let start = dollar + 1 + usize::from(word[dollar + 1..].starts_with('{'));
    let name = &word[start..];
    name.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        .then_some((name, start))
}

fn in_script(file: &FileEntry, offset: usize) -> bool {
    file.analysis
        .tree
        .root
        .token_at_offset(to_size(offset))
        .left_biased()
        .is_some_and(|t| t.kind() == SyntaxKind::SCRIPT_TEXT)
}

/// The keys the job's `env` stanzas set.
fn env_keys(file: &FileEntry) -> BTreeSet<String> {
    stanzas(file, StanzaKind::Env)
        .filter_map(|s| s.args().next())
        .map(|arg| {
            let value = String::from_utf8_lossy(&arg.value()).into_owned();
            value.split('=').next().unwrap_or_default().to_string()
        })
        .collect()
}

/// The variables a job's processes see: its `env` keys, init's own, and those of its events.
fn variables(file: &FileEntry) -> Vec<String> {
    let mut names = env_keys(file);
    names.extend(
        [
            "UPSTART_JOB",
            "UPSTART_INSTANCE",
            "UPSTART_EVENTS",
            "UPSTART_STOP_EVENTS",
        ]
        .map(String::from),
    );
    for event in event_matches(file) {
        if let Some(doc) = events::find(&event.event) {
            names.extend(doc.variables.iter().map(|v| v.to_string()));
        }
    }
    names.into_iter().collect()
}

/// Completions inside an event expression, given the words before the one being typed.
fn event_completions(world: &World, own_job: &[u8], before: &[&str]) -> Vec<Candidate> {
    let term_start = before
        .iter()
        .rposition(|w| matches!(*w, "and" | "or" | "(" | ")"))
        .map_or(0, |i| i + 1);
    let term = &before[term_start..];
    let operators = || ["and", "or"].map(|op| Candidate::new(op, CompletionKind::Keyword, None));
    let Some(event) = term.first() else {
        // Right after `)` only an operator can follow; elsewhere, an event.
        if before.last() == Some(&")") {
            return operators().into();
        }
        return known_events(world)
            .into_iter()
            .map(|(name, detail)| Candidate::new(name, CompletionKind::Event, detail))
            .collect();
    };
    let mut out = Vec::new();
    if term.len() == 1 && is_job_event(event) {
        let others = world.jobs().filter(|(name, _, _)| *name != own_job);
        out.extend(others.map(|(name, _, file)| {
            let description = file
                .analysis
                .job
                .description
                .as_ref()
                .map(|d| String::from_utf8_lossy(d).into_owned());
            Candidate::new(
                String::from_utf8_lossy(name),
                CompletionKind::Job,
                description,
            )
        }));
    }
    if let Some(doc) = events::find(event) {
        out.extend(doc.variables.iter().map(|v| {
            Candidate::new(
                format!("{v}="),
                CompletionKind::Variable,
                Some(format!("variable of {event}")),
            )
        }));
    }
    out.extend(operators());
    out
}

/// Every event name known: the well-known ones, those jobs declare with `emits`, and those
/// already waited for somewhere in the workspace.
fn known_events(world: &World) -> Vec<(String, Option<String>)> {
    let is_known = |name: &str| events::KNOWN_EVENTS.iter().any(|known| known.name == name);
    let mut names: BTreeSet<String> = BTreeSet::new();
    for (_, file) in world.files() {
        for stanza in stanzas(file, StanzaKind::Emits) {
            names.extend(
                stanza
                    .args()
                    .map(|a| String::from_utf8_lossy(&a.value()).into_owned()),
            );
        }
        names.extend(event_matches(file).into_iter().map(|m| m.event));
    }
    // `*-device-*` stands for a family of names, which cannot be inserted as it is.
    let mut out: Vec<(String, Option<String>)> = events::KNOWN_EVENTS
        .iter()
        .filter(|known| !known.name.contains('*'))
        .map(|known| (known.name.to_string(), Some(known.emitter.to_string())))
        .collect();
    out.extend(
        names
            .into_iter()
            .filter(|name| !is_known(name) && !name.contains(['$', '*']))
            .map(|name| (name, Some("in this workspace".to_string()))),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<String> {
        let mut world = World::new();
        let path = Path::new("/etc/init/typing.conf");
        world.set_file(Path::new("/etc/init/db.conf"), b"task\n");
        world.set_file(path, text.as_bytes());
        completions(&world, path, text.len())
            .into_iter()
            .map(|c| c.label)
            .collect()
    }

    #[test]
    fn expressions_continued_in_parentheses_complete_like_one_line() {
        assert_eq!(
            labels("start on (runlevel [2345]\n    or stopped "),
            [
                "db",
                "JOB=",
                "INSTANCE=",
                "RESULT=",
                "PROCESS=",
                "EXIT_STATUS=",
                "EXIT_SIGNAL=",
                "and",
                "or"
            ]
        );
        // A finished stanza does not leak into the next line.
        assert!(labels("start on stopped db\nconsole ").contains(&"log".to_string()));
    }
}
