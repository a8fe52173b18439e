//! Every token and node kind of the job-file tree.

/// Kinds of tokens (leaves) and nodes of the lossless syntax tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u16)]
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
pub enum SyntaxKind {
    // Tokens.
    /// Spaces, TABs and CRs (Upstart's `WS` set, spec §1.3).
    WHITESPACE = 0,
    /// One or more NUL bytes: whitespace to Upstart, but a token end too.
    NUL,
    /// A line feed.
    NEWLINE,
    /// `#` up to (not including) the line feed.
    COMMENT,
    /// A backslash directly followed by a line feed.
    LINE_CONTINUATION,
    /// A backslash and the character it escapes.
    ESCAPE,
    /// A backslash at the very end of the file.
    BACKSLASH,
    /// A single- or double-quoted run, quotes included; may be unterminated.
    QUOTED,
    /// A run of ordinary characters.
    WORD,
    /// `(`
    L_PAREN,
    /// `)`
    R_PAREN,
    /// The verbatim lines of a script block, each with its LF.
    SCRIPT_TEXT,

    // Nodes.
    /// The whole file.
    SOURCE_FILE,
    /// One stanza, from its name to the end of its last line.
    STANZA,
    /// A word read raw: a stanza name or a sub-keyword such as `on`, `limit`, `exec`.
    KEYWORD,
    /// One dequoted argument.
    ARG,
    /// The raw command line of an `exec` stanza.
    COMMAND,
    /// A `script` … `end script` block body and terminator.
    SCRIPT_BLOCK,
    /// The lines of a script block.
    SCRIPT_BODY,
    /// The `end script` line.
    SCRIPT_END,
    /// The event expression of `start on` / `stop on`.
    EVENT_EXPR,
    /// An event name followed by its arguments.
    EVENT_MATCH,
    /// A parenthesised sub-expression.
    EVENT_GROUP,
    /// `lhs and rhs` / `lhs or rhs`, grouped left to right.
    EVENT_BINARY,
    /// The `and` / `or` operator word.
    OPERATOR,
    /// Text the parser could not make sense of.
    ERROR,
}

use SyntaxKind::*;

impl SyntaxKind {
    /// Tokens that carry no meaning of their own.
    pub fn is_trivia(self) -> bool {
        matches!(
            self,
            WHITESPACE | NUL | NEWLINE | COMMENT | LINE_CONTINUATION
        )
    }
}

impl From<SyntaxKind> for rowan::SyntaxKind {
    fn from(kind: SyntaxKind) -> Self {
        rowan::SyntaxKind(kind as u16)
    }
}

/// The rowan language tag for job files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum JobLanguage {}

impl rowan::Language for JobLanguage {
    type Kind = SyntaxKind;

    fn kind_from_raw(raw: rowan::SyntaxKind) -> SyntaxKind {
        assert!(raw.0 <= ERROR as u16, "unknown syntax kind {}", raw.0);
        // SAFETY: `SyntaxKind` is `repr(u16)` with contiguous discriminants up to `ERROR`,
        // and `raw.0` was just checked to be within that range.
        unsafe { std::mem::transmute::<u16, SyntaxKind>(raw.0) }
    }

    fn kind_to_raw(kind: SyntaxKind) -> rowan::SyntaxKind {
        kind.into()
    }
}

/// A node of the job-file tree.
pub type SyntaxNode = rowan::SyntaxNode<JobLanguage>;
/// A token of the job-file tree.
pub type SyntaxToken = rowan::SyntaxToken<JobLanguage>;
/// A node or a token.
pub type SyntaxElement = rowan::SyntaxElement<JobLanguage>;
