//! Text → lossless tree, reading each stanza exactly as Upstart's `parse_job.c` does.
//!
//! The parser follows Upstart's control flow stanza by stanza (which token is read raw or
//! dequoted, where the end-of-line check happens, how far the cursor has moved when an error is
//! raised), so its first error is Upstart's error on Upstart's line. Unlike Upstart it does not
//! stop there: it records the error, wraps the rest of the stanza's line in an `ERROR` node, and
//! goes on with the next line. Values (`nice 100`, `expect foo`) are judged later, by the model.

use std::borrow::Cow;

use rowan::{Checkpoint, GreenNode, GreenNodeBuilder, TextRange, TextSize};

use super::event_expr;
use super::kind::SyntaxKind::{self, *};
use super::lexer::tokenize;
use super::scan::{self, Delimiters, TokenError};
use super::stanza::{Shape, StanzaKind};

/// The errors Upstart's parser itself raises (spec §5.1, the libnih and expression rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// A stanza name or raw sub-keyword that Upstart does not know.
    UnknownStanza,
    /// A required token is missing.
    ExpectedToken,
    /// Text after the last argument of a stanza.
    UnexpectedToken,
    /// The file ends with a backslash.
    TrailingSlash,
    /// A quote is never closed.
    UnterminatedQuote,
    /// A script block has no `end script`.
    UnterminatedBlock,
    /// An operator with a missing operand, or an empty group.
    ExpectedEvent,
    /// Two terms without an operator between them.
    ExpectedOperator,
    /// A positional event argument after a `KEY=VALUE` one.
    ExpectedVariable,
    /// A `)` without `(`, or a `(` never closed.
    MismatchedParens,
}

/// One error found while parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// What went wrong.
    pub kind: SyntaxErrorKind,
    /// The text to underline.
    pub range: TextRange,
    /// Where Upstart's cursor was when it raised the error: its line is the one Upstart reports.
    pub report_at: usize,
    /// Where the unclosed construct (quote, block, parenthesis) was opened.
    pub opened_at: Option<TextRange>,
    /// The stanza being read, when its name was recognised.
    pub stanza: Option<StanzaKind>,
    /// For an unexpected token: the argument just before it.
    pub previous_arg: Option<TextRange>,
}

/// The result of parsing: a green tree and the errors, in file order of `report_at`.
#[derive(Debug, Clone)]
pub struct Parse {
    /// The lossless tree.
    pub green: GreenNode,
    /// Syntax errors in the order they were found.
    pub errors: Vec<SyntaxError>,
}

/// Parses a whole job file.
pub fn parse(text: &str) -> Parse {
    let mut parser = Parser::new(text);
    parser.source_file();
    Parse {
        green: parser.builder.finish(),
        errors: parser.errors,
    }
}

/// The cursor protocol shared by stanza handlers: `Ok(next position)` or `Err(())` after the
/// error has been recorded.
type Step = Result<usize, ()>;

pub(super) struct Parser<'t> {
    text: &'t str,
    pub(super) src: &'t [u8],
    builder: GreenNodeBuilder<'static>,
    emitted: usize,
    errors: Vec<SyntaxError>,
    /// The stanza being parsed, for error context.
    stanza: Option<StanzaKind>,
    /// Where recovery from the current error should resume, when it is not the line's end.
    pub(super) resume_at: Option<usize>,
    /// The last argument read in the current stanza.
    previous_arg: Option<TextRange>,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str) -> Self {
        Parser {
            text,
            src: text.as_bytes(),
            builder: GreenNodeBuilder::new(),
            emitted: 0,
            errors: Vec::new(),
            stanza: None,
            resume_at: None,
            previous_arg: None,
        }
    }

    // ---- tree building -------------------------------------------------------------------

    /// Adds the text up to `end` to the tree as lexed tokens, inside the current node.
    pub(super) fn emit_to(&mut self, end: usize) {
        if end <= self.emitted {
            return;
        }
        let piece = &self.text[self.emitted..end];
        for (kind, len) in tokenize(piece) {
            let start = self.emitted;
            self.builder
                .token(kind.into(), &self.text[start..start + len]);
            self.emitted += len;
        }
    }

    /// Adds the text up to `end` as one token of `kind`.
    fn emit_as(&mut self, kind: SyntaxKind, end: usize) {
        if end > self.emitted {
            self.builder
                .token(kind.into(), &self.text[self.emitted..end]);
            self.emitted = end;
        }
    }

    /// Opens a node at `at`, after emitting what lies before it into the enclosing node.
    pub(super) fn start_at(&mut self, kind: SyntaxKind, at: usize) {
        self.emit_to(at);
        self.builder.start_node(kind.into());
    }

    pub(super) fn finish(&mut self) {
        self.builder.finish_node();
    }

    pub(super) fn checkpoint_at(&mut self, at: usize) -> Checkpoint {
        self.emit_to(at);
        self.builder.checkpoint()
    }

    pub(super) fn start_at_checkpoint(&mut self, checkpoint: Checkpoint, kind: SyntaxKind) {
        self.builder.start_node_at(checkpoint, kind.into());
    }

    /// Wraps `start..end` in a node of `kind`.
    pub(super) fn node(&mut self, kind: SyntaxKind, start: usize, end: usize) {
        self.start_at(kind, start);
        self.emit_to(end);
        self.finish();
    }

    pub(super) fn error(&mut self, kind: SyntaxErrorKind, range: (usize, usize), report_at: usize) {
        self.errors.push(SyntaxError {
            kind,
            range: text_range(range.0, range.1),
            report_at,
            opened_at: None,
            stanza: self.stanza,
            previous_arg: None,
        });
    }

    pub(super) fn last_error_opened_at(&mut self, start: usize, end: usize) {
        if let Some(error) = self.errors.last_mut() {
            error.opened_at = Some(text_range(start, end));
        }
    }

    // ---- file and stanzas ----------------------------------------------------------------

    fn source_file(&mut self) {
        self.builder.start_node(SOURCE_FILE.into());
        let len = self.src.len();
        let mut pos = 0;
        while pos < len {
            let start = scan::skip_plain_whitespace(self.src, pos);
            pos = if scan::has_token(self.src, start) {
                self.stanza(start)
            } else {
                scan::next_line(self.src, start)
            };
        }
        self.emit_to(len);
        self.finish();
    }

    /// Parses one stanza starting at its name; returns where the top-level loop resumes.
    fn stanza(&mut self, start: usize) -> usize {
        self.start_at(STANZA, start);
        self.stanza = None;
        self.previous_arg = None;
        let next = match self.stanza_body(start) {
            Ok(next) => next,
            Err(()) => self.recover(),
        };
        self.emit_to(next);
        self.finish();
        next
    }

    fn stanza_body(&mut self, start: usize) -> Step {
        let (name, after) = self.raw_word(start, KEYWORD)?;
        let Some(kind) = StanzaKind::from_name(&name) else {
            let end = self.emitted;
            self.error(SyntaxErrorKind::UnknownStanza, (start, end), after);
            return Err(());
        };
        self.stanza = Some(kind);
        match kind.shape() {
            Shape::OneArg => {
                let after = self.arg(after)?;
                self.end_of_line(after)
            }
            Shape::NoArgs => self.end_of_line(after),
            Shape::Flag => Ok(after),
            Shape::ArgList => {
                if !scan::has_token(self.src, after) {
                    self.error(SyntaxErrorKind::ExpectedToken, (after, after), after);
                    return Err(());
                }
                self.args_to_end_of_line(after)
            }
            Shape::Command => self.command(after),
            Shape::Script => self.script(after),
            Shape::Process => match self.sub_keyword(kind, after)? {
                ("exec", after) => self.command(after),
                (_, after) => self.script(after),
            },
            Shape::On => {
                let (_, after) = self.sub_keyword(kind, after)?;
                event_expr::parse_on(self, after)
            }
            Shape::Respawn => {
                if !scan::has_token(self.src, after) {
                    return self.end_of_line(after);
                }
                let (_, after) = self.sub_keyword(kind, after)?;
                let count_start = after;
                let after = self.arg(after)?;
                if self.arg_value(count_start) == b"unlimited" {
                    return self.end_of_line(after);
                }
                let after = self.arg(after)?;
                self.end_of_line(after)
            }
            Shape::Normal => {
                let (_, after) = self.sub_keyword(kind, after)?;
                let after = self.arg(after)?;
                self.args_to_end_of_line(after)
            }
            Shape::Kill | Shape::Reload | Shape::Apparmor => {
                let (_, after) = self.sub_keyword(kind, after)?;
                let after = self.arg(after)?;
                self.end_of_line(after)
            }
            Shape::Oom => {
                let first = after;
                let after = self.arg(after)?;
                let after = if self.arg_value(first) == b"score" {
                    self.arg(after)?
                } else {
                    after
                };
                self.end_of_line(after)
            }
            Shape::Limit => {
                let mut after = after;
                for _ in 0..3 {
                    after = self.arg(after)?;
                }
                self.end_of_line(after)
            }
            Shape::Cgroup => {
                let mut after = self.arg(after)?;
                for _ in 0..3 {
                    if !scan::has_token(self.src, after) {
                        break;
                    }
                    after = self.arg(after)?;
                }
                self.end_of_line(after)
            }
        }
    }

    /// After an error: wraps the rest of the logical line in an `ERROR` node and skips it.
    fn recover(&mut self) -> usize {
        let from = self.emitted;
        let end = match self.resume_at.take() {
            Some(resume) if resume > from => resume,
            _ => logical_line_end(self.src, from),
        };
        let content_end = if end > from && self.src[end - 1] == b'\n' {
            end - 1
        } else {
            end
        };
        if content_end > from {
            self.node(ERROR, from, content_end);
        }
        end
    }

    // ---- tokens ----------------------------------------------------------------------------

    /// Reads a raw word (stanza name or sub-keyword) into a node of `kind`; returns its text and
    /// the position after the whitespace that follows it (`nih_config_next_token`, not dequoted).
    fn raw_word(&mut self, start: usize, kind: SyntaxKind) -> Result<(Cow<'t, [u8]>, usize), ()> {
        let end = self.token(start, kind, Delimiters::Arg, false)?;
        let src: &'t [u8] = self.src;
        let word = scan::token_value_cow(&src[start..end], Delimiters::Arg, false);
        Ok((word, scan::skip_whitespace(src, end)))
    }

    /// Reads the raw sub-keyword of `stanza` and checks it against the accepted ones.
    fn sub_keyword(
        &mut self,
        stanza: StanzaKind,
        start: usize,
    ) -> Result<(&'static str, usize), ()> {
        let (word, after) = self.raw_word(start, KEYWORD)?;
        match stanza
            .sub_keywords()
            .iter()
            .find(|k| k.as_bytes() == &*word)
        {
            Some(keyword) => Ok((keyword, after)),
            None => {
                let end = self.emitted;
                // `nih_return_error` leaves Upstart's cursor before the word.
                self.error(SyntaxErrorKind::UnknownStanza, (start, end), start);
                Err(())
            }
        }
    }

    /// Reads one dequoted argument (`nih_config_next_arg`); returns the position after the
    /// whitespace that follows it.
    fn arg(&mut self, start: usize) -> Step {
        let end = self.token(start, ARG, Delimiters::Arg, true)?;
        self.previous_arg = Some(text_range(start, end));
        Ok(scan::skip_whitespace(self.src, end))
    }

    /// The dequoted value of the argument that starts at `start`.
    fn arg_value(&self, start: usize) -> Vec<u8> {
        let end = scan::scan_token(self.src, start, Delimiters::Arg, true).end;
        scan::token_value(&self.src[start..end], Delimiters::Arg, true)
    }

    /// Scans one token into a node of `kind`, recording libnih's errors; returns its end.
    pub(super) fn token(
        &mut self,
        start: usize,
        kind: SyntaxKind,
        delimiters: Delimiters,
        dequote: bool,
    ) -> Step {
        let token = scan::scan_token(self.src, start, delimiters, dequote);
        if token.end > start {
            // A token Upstart cannot read is no argument: later layers must not judge its value.
            let broken = token.error.is_some() || token.len == 0;
            self.node(if broken { ERROR } else { kind }, start, token.end);
        }
        match token.error {
            Some(TokenError::TrailingSlash) => {
                self.error(
                    SyntaxErrorKind::TrailingSlash,
                    (token.end - 1, token.end),
                    token.end,
                );
                Err(())
            }
            Some(TokenError::UnterminatedQuote) => {
                let quote = open_quote(self.src, start, token.end);
                self.error(
                    SyntaxErrorKind::UnterminatedQuote,
                    (quote, token.end),
                    token.end,
                );
                self.last_error_opened_at(quote, quote + 1);
                Err(())
            }
            None if token.len == 0 => {
                self.error(
                    SyntaxErrorKind::ExpectedToken,
                    (start, token.end),
                    token.end,
                );
                Err(())
            }
            None => Ok(token.end),
        }
    }

    /// The end-of-line check (`nih_config_skip_comment`): only a comment may follow.
    fn end_of_line(&mut self, pos: usize) -> Step {
        if scan::has_token(self.src, pos) {
            let end = logical_line_end(self.src, pos);
            let content_end = trim_end(self.src, pos, end);
            self.error(SyntaxErrorKind::UnexpectedToken, (pos, content_end), pos);
            if let Some(error) = self.errors.last_mut() {
                error.previous_arg = self.previous_arg;
            }
            return Err(());
        }
        Ok(scan::next_line(self.src, pos))
    }

    /// Reads arguments up to the end of the line (`nih_config_parse_args`).
    fn args_to_end_of_line(&mut self, mut pos: usize) -> Step {
        while scan::has_token(self.src, pos) {
            pos = self.arg(pos)?;
        }
        Ok(scan::next_line(self.src, pos))
    }

    /// `exec COMMAND…`: the raw rest of the line (`nih_config_parse_command`).
    fn command(&mut self, pos: usize) -> Step {
        if !scan::has_token(self.src, pos) {
            self.error(SyntaxErrorKind::ExpectedToken, (pos, pos), pos);
            return Err(());
        }
        let end = self.token(pos, COMMAND, Delimiters::Command, false)?;
        Ok(scan::next_line(self.src, end))
    }

    /// `script` (after its keyword): only a comment may follow, then the block.
    fn script(&mut self, pos: usize) -> Step {
        let opener_end = pos;
        let body_start = match self.end_of_line(pos) {
            Ok(next) => next,
            // Upstart stops here; we still read the block, so its lines are not taken for
            // stanzas.
            Err(()) => self.recover(),
        };
        self.block(body_start, opener_end)
    }

    /// A block up to its `end script` line (`nih_config_parse_block`).
    ///
    /// The body is one `SCRIPT_TEXT` token: the shell's text, verbatim.
    fn block(&mut self, start: usize, opener_end: usize) -> Step {
        let len = self.src.len();
        self.start_at(SCRIPT_BLOCK, start);
        let mut pos = start;
        let end_line = loop {
            if let Some(end) = scan::block_end(self.src, pos) {
                break Some((pos, end));
            }
            pos = scan::next_line(self.src, pos);
            if pos >= len {
                break None;
            }
        };
        self.builder.start_node(SCRIPT_BODY.into());
        self.emit_as(SCRIPT_TEXT, end_line.map_or(len, |(line, _)| line));
        self.finish();
        let result = match end_line {
            Some((line, end)) => {
                self.node(SCRIPT_END, line, end);
                Ok(end)
            }
            None => {
                let opener_line = line_start(self.src, opener_end);
                self.error(
                    SyntaxErrorKind::UnterminatedBlock,
                    (opener_line, opener_end),
                    len,
                );
                Ok(len)
            }
        };
        self.finish();
        result
    }
}

/// Where the logical line at `pos` ends: just past its LF, following backslash-newlines.
fn logical_line_end(src: &[u8], mut pos: usize) -> usize {
    while pos < src.len() {
        match src[pos] {
            b'\n' => return pos + 1,
            b'\\' if src.get(pos + 1) == Some(&b'\n') => pos += 2,
            _ => pos += 1,
        }
    }
    pos
}

fn trim_end(src: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && matches!(src[end - 1], b'\n' | b' ' | b'\t' | b'\r') {
        end -= 1;
    }
    end
}

fn line_start(src: &[u8], pos: usize) -> usize {
    src[..pos]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1)
}

/// The offset of the quote that is still open at the end of the token `start..end`.
fn open_quote(src: &[u8], start: usize, end: usize) -> usize {
    let (mut quote, mut opened, mut escaped) = (None, start, false);
    for (i, &c) in src[start..end].iter().enumerate() {
        if escaped {
            escaped = false;
        } else if c == b'\\' {
            escaped = true;
        } else if quote == Some(c) {
            quote = None;
        } else if quote.is_none() && (c == b'"' || c == b'\'') {
            quote = Some(c);
            opened = start + i;
        }
    }
    opened
}

pub(super) fn text_range(start: usize, end: usize) -> TextRange {
    let size = |n: usize| TextSize::try_from(n).unwrap_or(TextSize::from(u32::MAX));
    TextRange::new(size(start), size(end.max(start)))
}
