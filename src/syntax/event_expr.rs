//! The `start on` / `stop on` expression grammar (spec §3.2, Appendix C.3).
//!
//! Upstart parses expressions with an operator stack (`parse_job.c`, `parse_on*`): `and` and
//! `or` have equal precedence and group left to right, newlines are allowed only inside
//! parentheses, and each error is raised at a precise point. This module runs that same stack
//! machine, so errors and their lines match, and builds the tree alongside it: `EVENT_MATCH` for
//! an event and its arguments, `EVENT_GROUP` for parentheses, `EVENT_BINARY` for `l op r`.
//!
//! A parser combinator (chumsky) was considered and rejected here: Upstart's errors depend on the
//! order in which its stack is collected (an event after a group is reported at the *next*
//! operator or at the end), and reproducing that is simpler as the state machine itself.

use rowan::Checkpoint;

use super::kind::SyntaxKind::*;
use super::parser::{Parser, SyntaxErrorKind};
use super::scan::{self, Delimiters};

/// What Upstart keeps on its operator stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StackItem {
    /// An open parenthesis.
    Group,
    /// An event match; `named` once it has a `KEY=VALUE` argument.
    Match { named: bool },
    /// `and` / `or` waiting for its right operand.
    Operator,
}

/// Tree-building state for one parenthesis level.
#[derive(Default)]
struct Level {
    /// Where the level's first term starts: binary nodes are wrapped from here.
    first_term: Option<Checkpoint>,
    binary_open: bool,
    match_open: bool,
}

struct EventParser<'p, 't> {
    p: &'p mut Parser<'t>,
    stack: Vec<StackItem>,
    /// Whether a collected sub-tree is waiting to become an operand.
    root: bool,
    paren_depth: usize,
    levels: Vec<Level>,
    /// Upstart's "error position": the start of the last token examined.
    last_token: usize,
    /// Offsets of the `(` still open, outermost first.
    open_parens: Vec<usize>,
}

/// Parses the expression after `on`; returns the position after its last line.
pub(super) fn parse_on(parser: &mut Parser<'_>, start: usize) -> Result<usize, ()> {
    parser.start_at(EVENT_EXPR, start);
    let mut events = EventParser {
        p: parser,
        stack: Vec::new(),
        root: false,
        paren_depth: 0,
        levels: vec![Level::default()],
        last_token: start,
        open_parens: Vec::new(),
    };
    let result = events.run(start);
    if result.is_err() && events.paren_depth > 0 {
        // The rest of an open group would otherwise be read as stanzas, each one a new error.
        events.p.resume_at = Some(end_of_open_groups(
            events.p.src,
            events.last_token,
            events.paren_depth,
        ));
    }
    events.close_all();
    events.p.finish();
    result
}

impl EventParser<'_, '_> {
    fn run(&mut self, start: usize) -> Result<usize, ()> {
        let src = self.p.src;
        let mut pos = start;
        loop {
            pos = scan::skip_whitespace(src, pos);
            loop {
                self.last_token = pos;
                pos = match src.get(pos) {
                    Some(b'(') => self.open_paren(pos)?,
                    Some(b')') => self.close_paren(pos)?,
                    _ => self.operator_or_operand(pos)?,
                };
                if !scan::has_token(src, pos) {
                    break;
                }
            }
            pos = scan::next_line(src, pos);
            if pos >= src.len() || self.paren_depth == 0 {
                break;
            }
        }
        if let Err(kind) = self.collect() {
            let at = self.last_token;
            self.p.error(kind, (at, token_end(src, at)), at);
            return Err(());
        }
        if !self.stack.is_empty() {
            let end = pos.min(src.len());
            self.p
                .error(SyntaxErrorKind::MismatchedParens, (end, end), end);
            if let Some(&open) = self.open_parens.first() {
                self.p.last_error_opened_at(open, open + 1);
            }
            return Err(());
        }
        Ok(pos)
    }

    fn open_paren(&mut self, pos: usize) -> Result<usize, ()> {
        self.paren_depth += 1;
        if self.root || matches!(self.stack.last(), Some(StackItem::Match { .. })) {
            self.p
                .error(SyntaxErrorKind::ExpectedOperator, (pos, pos + 1), pos);
            return Err(());
        }
        self.stack.push(StackItem::Group);
        self.begin_term(pos);
        self.p.start_at(EVENT_GROUP, pos);
        self.p.emit_to(pos + 1);
        self.levels.push(Level::default());
        self.open_parens.push(pos);
        Ok(scan::skip_whitespace(self.p.src, pos + 1))
    }

    fn close_paren(&mut self, pos: usize) -> Result<usize, ()> {
        self.paren_depth = self.paren_depth.saturating_sub(1);
        if let Err(kind) = self.collect() {
            self.p.error(kind, (pos, pos + 1), pos);
            return Err(());
        }
        if self.stack.pop().is_none() {
            self.p
                .error(SyntaxErrorKind::MismatchedParens, (pos, pos + 1), pos);
            return Err(());
        }
        self.open_parens.pop();
        self.close_level();
        self.p.emit_to(pos + 1);
        self.p.finish();
        self.levels.pop();
        Ok(scan::skip_whitespace(self.p.src, pos + 1))
    }

    fn operator_or_operand(&mut self, pos: usize) -> Result<usize, ()> {
        let src = self.p.src;
        let raw = scan::scan_token(src, pos, Delimiters::Event, false);
        let word = scan::token_value(&src[pos..raw.end], Delimiters::Event, false);
        if raw.error.is_none() && (word == b"and" || word == b"or") {
            if let Err(kind) = self.collect() {
                self.p.error(kind, (pos, raw.end), pos);
                return Err(());
            }
            self.root = false;
            self.stack.push(StackItem::Operator);
            self.close_match();
            let level = self.levels.last_mut().expect("a level is always open");
            if level.binary_open {
                self.p.finish();
            }
            let first_term = level
                .first_term
                .unwrap_or_else(|| self.p.checkpoint_at(pos));
            self.p.start_at_checkpoint(first_term, EVENT_BINARY);
            self.levels
                .last_mut()
                .expect("a level is always open")
                .binary_open = true;
            self.p.node(OPERATOR, pos, raw.end);
            return Ok(scan::skip_whitespace(src, raw.end));
        }
        if raw.error.is_none() && raw.len == 0 {
            // The raw scan reads the same extent; its zero length is "Expected token" too.
            self.p
                .error(SyntaxErrorKind::ExpectedToken, (pos, raw.end), raw.end);
            return Err(());
        }
        self.operand(pos)
    }

    fn operand(&mut self, pos: usize) -> Result<usize, ()> {
        let extends_match = matches!(self.stack.last(), Some(StackItem::Match { .. }));
        if !extends_match {
            self.begin_term(pos);
            self.p.start_at(EVENT_MATCH, pos);
            self.levels
                .last_mut()
                .expect("a level is always open")
                .match_open = true;
        }
        let end = self.p.token(pos, ARG, Delimiters::Event, true)?;
        let after = scan::skip_whitespace(self.p.src, end);
        let value = scan::token_value(&self.p.src[pos..end], Delimiters::Event, true);
        let named = value.contains(&b'=');
        match self.stack.last_mut() {
            Some(StackItem::Match { named: had_named }) if extends_match => {
                if !named && *had_named {
                    self.p
                        .error(SyntaxErrorKind::ExpectedVariable, (pos, end), after);
                    return Err(());
                }
                *had_named |= named;
            }
            // The event name itself is never checked for `=`.
            _ => self.stack.push(StackItem::Match { named: false }),
        }
        Ok(after)
    }

    /// `parse_on_collect`: folds the stack down to the innermost open group.
    fn collect(&mut self) -> Result<(), SyntaxErrorKind> {
        while let Some(&item) = self.stack.last() {
            match item {
                StackItem::Group => break,
                StackItem::Operator if !self.root => return Err(SyntaxErrorKind::ExpectedEvent),
                StackItem::Match { .. } if self.root => {
                    return Err(SyntaxErrorKind::ExpectedOperator);
                }
                _ => {}
            }
            self.stack.pop();
            self.root = true;
        }
        if self.root {
            Ok(())
        } else {
            Err(SyntaxErrorKind::ExpectedEvent)
        }
    }

    // ---- tree building -------------------------------------------------------------------

    fn begin_term(&mut self, pos: usize) {
        if self
            .levels
            .last()
            .is_some_and(|level| level.first_term.is_none())
        {
            let checkpoint = self.p.checkpoint_at(pos);
            self.levels
                .last_mut()
                .expect("a level is always open")
                .first_term = Some(checkpoint);
        }
    }

    fn close_match(&mut self) {
        let level = self.levels.last_mut().expect("a level is always open");
        if level.match_open {
            level.match_open = false;
            self.p.finish();
        }
    }

    fn close_level(&mut self) {
        self.close_match();
        let level = self.levels.last_mut().expect("a level is always open");
        if level.binary_open {
            level.binary_open = false;
            self.p.finish();
        }
    }

    /// Closes every node still open, innermost first (after an error or at the end).
    fn close_all(&mut self) {
        while !self.levels.is_empty() {
            self.close_level();
            if self.levels.len() > 1 {
                self.p.finish();
            }
            self.levels.pop();
        }
    }
}

/// Where `depth` open groups close, seen from `pos`: just past the line holding the closing `)`,
/// or the end of the file. Quotes, escapes and comments are honoured as the tokenizer does.
fn end_of_open_groups(src: &[u8], mut pos: usize, mut depth: usize) -> usize {
    while pos < src.len() && depth > 0 {
        match src[pos] {
            b'(' => depth += 1,
            b')' => depth -= 1,
            b'#' => {
                pos = scan::next_line(src, pos);
                continue;
            }
            b'"' | b'\'' | b'\\' => {
                let token = scan::scan_token(src, pos, Delimiters::Event, false);
                pos = token.end.max(pos + 1);
                continue;
            }
            _ => {}
        }
        pos += 1;
    }
    scan::next_line(src, pos)
}

fn token_end(src: &[u8], pos: usize) -> usize {
    if matches!(src.get(pos), Some(b'(' | b')')) {
        return pos + 1;
    }
    scan::scan_token(src, pos, Delimiters::Event, false)
        .end
        .max(pos)
}
