//! The shell fragments of a job file, as `/bin/sh` receives them (spec §1.6, §2.16).

use rowan::TextRange;

use super::position::PositionMap;
use crate::model::ProcessKind;
use crate::syntax::ast::{Command, ScriptBlock, SourceFile, Stanza};
use crate::syntax::scan::{self, Delimiters};
use crate::syntax::{StanzaKind, SyntaxKind};

/// The bytes that send an `exec` line through `/bin/sh -e -c` (`job_process.c:82`).
pub const SHELL_CHARACTERS: &[u8] = b"~`!$^&*()=|\\{}[];\"'<>?";

/// What Upstart puts in front of a command line it hands to the shell.
const EXEC_PREFIX: &str = "exec ";

/// Whether a fragment is a script block or a command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FragmentKind {
    /// A `script` … `end script` block.
    Script,
    /// An `exec` line with shell characters, run as `/bin/sh -e -c "exec COMMAND"`.
    Exec,
}

/// One piece of shell that Upstart runs, with the way back into the job file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    /// The process slot it belongs to.
    pub process: ProcessKind,
    /// Script block or command line.
    pub kind: FragmentKind,
    /// The text the shell sees (in the decoded text's encoding; see [`crate::source`]).
    pub text: String,
    /// Fragment offsets to file offsets.
    pub map: PositionMap,
    /// The whole stanza.
    pub stanza: TextRange,
    /// The stanza's keywords (`pre-start script`, `exec`), for findings about the whole fragment.
    pub opener: TextRange,
}

impl Fragment {
    /// The fragment offset of a 1-based line and 1-based column counted in characters (tabs
    /// count one), clamped to the line. Line 0 or a line past the end clamps to the text.
    pub fn offset_at(&self, line: usize, column: usize) -> usize {
        let mut start = 0;
        for _ in 1..line.max(1) {
            match self.text[start..].find('\n') {
                Some(i) => start += i + 1,
                None => return self.text.len(),
            }
        }
        let line_text = &self.text[start..];
        let line_text = &line_text[..line_text.find('\n').unwrap_or(line_text.len())];
        let within = line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i);
        start + within
    }

    /// The file range of fragment bytes `start..end`.
    pub fn file_range(&self, start: usize, end: usize) -> TextRange {
        self.map.file_range(start, end)
    }

    /// How the fragment is written in the job file, e.g. "`pre-start script` block".
    pub fn describe(&self) -> String {
        let prefix = match self.process {
            ProcessKind::Main => String::new(),
            other => format!("{} ", other.name()),
        };
        match self.kind {
            FragmentKind::Script => format!("`{prefix}script` block"),
            FragmentKind::Exec => format!("`{prefix}exec` line"),
        }
    }

    /// The process's name as init-checkconf and Upstart print it (`main` is `script`).
    pub fn section(&self) -> &'static str {
        match self.process {
            ProcessKind::Main => "script",
            other => other.name(),
        }
    }
}

/// Every shell fragment of the file, in file order: all script blocks, and the `exec` lines
/// that contain a shell character.
pub fn fragments(file: &SourceFile, text: &str) -> Vec<Fragment> {
    file.stanzas()
        .filter_map(|stanza| fragment(&stanza, text))
        .collect()
}

fn fragment(stanza: &Stanza, text: &str) -> Option<Fragment> {
    let process = match stanza.kind()? {
        StanzaKind::Exec | StanzaKind::Script => ProcessKind::Main,
        StanzaKind::PreStart => ProcessKind::PreStart,
        StanzaKind::PostStart => ProcessKind::PostStart,
        StanzaKind::PreStop => ProcessKind::PreStop,
        StanzaKind::PostStop => ProcessKind::PostStop,
        _ => return None,
    };
    let opener = opener(stanza);
    if let Some(block) = stanza.script_block() {
        let (text, map) = script_text(&block, text);
        return Some(Fragment {
            process,
            kind: FragmentKind::Script,
            text,
            map,
            stanza: stanza.range(),
            opener,
        });
    }
    let (text, map) = command_text(&stanza.command()?, text)?;
    Some(Fragment {
        process,
        kind: FragmentKind::Exec,
        text,
        map,
        stanza: stanza.range(),
        opener,
    })
}

/// From the first keyword to the end of the last one.
fn opener(stanza: &Stanza) -> TextRange {
    let keywords = stanza
        .syntax()
        .children()
        .filter(|node| node.kind() == SyntaxKind::KEYWORD)
        .map(|node| node.text_range());
    keywords
        .reduce(|first, last| first.cover(last))
        .unwrap_or(stanza.range())
}

/// The block's text after Upstart's indentation stripping (spec Appendix C.2), line by line.
fn script_text(block: &ScriptBlock, text: &str) -> (String, PositionMap) {
    let body = block
        .syntax()
        .children()
        .find(|node| node.kind() == SyntaxKind::SCRIPT_BODY)
        .map(|node| node.text_range());
    let Some(body) = body else {
        return (String::new(), PositionMap::default());
    };
    let body_start = usize::from(body.start());
    let body_text = &text[body];
    let indent = scan::block_indent(scan::block_lines(body_text.as_bytes()));
    let mut out = String::with_capacity(body_text.len());
    let mut map = PositionMap::default();
    let mut line_start = 0;
    for line in body_text.split_inclusive('\n') {
        // The indentation is blanks, so the cut is on a character boundary.
        let line_rest = line.get(indent.min(line.len())..).unwrap_or_default();
        // libnih copies each line with `strncat`: a NUL ends the line, LF included.
        let kept = &line_rest[..line_rest.find('\0').unwrap_or(line_rest.len())];
        map.push(out.len(), body_start + line_start + indent, kept.len());
        out.push_str(kept);
        line_start += line.len();
    }
    (out, map)
}

/// `exec COMMAND` when the stored command line holds a shell character, else `None`: Upstart
/// then splits the line itself and no shell is involved.
fn command_text(command: &Command, text: &str) -> Option<(String, PositionMap)> {
    let range = command.range();
    let (value, origins) =
        scan::token_value_with_origins(text[range].as_bytes(), Delimiters::Command, false);
    if !value.iter().any(|b| SHELL_CHARACTERS.contains(b)) {
        return None;
    }
    let start = usize::from(range.start());
    let source = text[range].as_bytes();
    // A folded line break becomes a space that is in no file byte: it maps like the added
    // `exec `, to the next copied byte.
    let copies = origins
        .iter()
        .enumerate()
        .filter(|&(i, &origin)| source.get(origin) == value.get(i))
        .map(|(i, &origin)| (EXEC_PREFIX.len() + i, start + origin));
    let map = PositionMap::from_copies(copies);
    let mut out = String::from(EXEC_PREFIX);
    out.push_str(&String::from_utf8_lossy(&value));
    Some((out, map))
}
