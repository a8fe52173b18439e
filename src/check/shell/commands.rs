//! A light reading of a fragment as a list of simple commands: enough for the Upstart-aware
//! rules (which command runs, with which words, after which reserved word), not a shell parser.
//!
//! Quotes, backslashes, `$(…)`, `${…}` and backquotes stay inside their word; comments and
//! here-document bodies are skipped; `case` patterns are not commands.

use std::ops::Range;

/// A word of a command, raw (quotes kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The text as written.
    pub text: String,
    /// Where it is in the fragment.
    pub range: Range<usize>,
}

/// What ends a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    /// `;`, a line break, or the end of the text.
    Sequence,
    /// `&`: the command runs in the background.
    Background,
    /// `&&` or `||`.
    AndOr,
    /// `|`.
    Pipe,
    /// `;;`, `(`, `)`, `{`, `}`: the end of a case item or a grouping.
    Group,
}

/// One simple command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimpleCommand {
    /// Its words, assignments and redirections included.
    pub words: Vec<Word>,
    /// The reserved word right before it (`then`, `do`, `while`, …), if any.
    pub after: Option<&'static str>,
    /// What ends it.
    pub separator: Separator,
    /// How many `while`/`until`/`for`/`if`/`case` it is inside.
    pub depth: usize,
}

impl SimpleCommand {
    /// The words after leading `NAME=value` assignments and redirections: the command name
    /// first.
    pub fn command_words(&self) -> &[Word] {
        let skip = self
            .words
            .iter()
            .take_while(|w| is_assignment(&w.text) || is_redirection(&w.text))
            .count();
        &self.words[skip..]
    }

    /// The command name, if any.
    pub fn name(&self) -> Option<&str> {
        self.command_words().first().map(|w| w.text.as_str())
    }

    /// The fragment range from the first word to the last.
    pub fn range(&self) -> Range<usize> {
        match (self.words.first(), self.words.last()) {
            (Some(first), Some(last)) => first.range.start..last.range.end,
            _ => 0..0,
        }
    }
}

const RESERVED: [&str; 16] = [
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "case", "esac", "{",
    "}", "!", "in",
];

fn reserved(word: &str) -> Option<&'static str> {
    RESERVED.iter().copied().find(|r| *r == word)
}

fn is_assignment(word: &str) -> bool {
    word.split_once('=')
        .is_some_and(|(name, _)| super::variables::is_name(name))
}

fn is_redirection(word: &str) -> bool {
    let rest = word.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.starts_with('<') || rest.starts_with('>')
}

/// The fragment's simple commands, in order.
pub fn commands(text: &str) -> Vec<SimpleCommand> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        heredocs: Vec::new(),
    };
    let mut out = Vec::new();
    let mut words: Vec<Word> = Vec::new();
    let mut after = None;
    let mut depth = 0usize;
    // Inside `case … in`: the words up to `)` are a pattern, not a command.
    let mut cases: Vec<bool> = Vec::new();
    let mut finish =
        |words: &mut Vec<Word>, after: &mut Option<&'static str>, separator, depth: usize| {
            if !words.is_empty() {
                out.push(SimpleCommand {
                    words: std::mem::take(words),
                    after: after.take(),
                    separator,
                    depth,
                });
            }
        };
    while let Some(token) = reader.next_token() {
        let in_pattern = cases.last().copied().unwrap_or(false);
        match token {
            Token::Word(word) => {
                if in_pattern {
                    if word.text == "esac" {
                        cases.pop();
                        depth = depth.saturating_sub(1);
                    }
                    continue;
                }
                let at_start = words.is_empty();
                match reserved(&word.text).filter(|_| at_start) {
                    Some("case") => {
                        // `case WORD in`: skip to `in`, then patterns follow.
                        while let Some(Token::Word(w)) = reader.next_token() {
                            if w.text == "in" {
                                break;
                            }
                        }
                        cases.push(true);
                        depth += 1;
                    }
                    Some("for") => {
                        // `for NAME in WORDS…`: not a command; `do` follows.
                        while let Some(Token::Word(_)) = reader.next_token() {}
                        depth += 1;
                        after = Some("for");
                    }
                    Some(keyword @ ("if" | "while" | "until")) => {
                        depth += 1;
                        after = Some(keyword);
                    }
                    Some("fi" | "done") => depth = depth.saturating_sub(1),
                    Some("esac") => {
                        cases.pop();
                        depth = depth.saturating_sub(1);
                    }
                    // `while ! cmd`: the negation does not hide the loop; a closing brace says
                    // nothing about the command after it.
                    Some("!" | "}") => {}
                    Some(keyword) => after = Some(keyword),
                    None => words.push(word),
                }
            }
            Token::Separator(separator, text) => {
                if in_pattern {
                    if text == ")"
                        && let Some(last) = cases.last_mut()
                    {
                        *last = false;
                    }
                    continue;
                }
                if text == ";;"
                    && let Some(last) = cases.last_mut()
                {
                    *last = true;
                }
                // `name() { … }` defines a function: `name` is not run here.
                if text == "(" && words.len() == 1 && reader.closes_parenthesis() {
                    words.clear();
                    after = None;
                    continue;
                }
                finish(&mut words, &mut after, separator, depth);
            }
        }
    }
    finish(&mut words, &mut after, Separator::Sequence, depth);
    out
}

enum Token<'a> {
    Word(Word),
    Separator(Separator, &'a str),
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Delimiters of here-documents whose bodies start after the current line, and whether
    /// their lines may be indented with tabs (`<<-`).
    heredocs: Vec<(String, bool)>,
}

impl<'a> Reader<'a> {
    fn peek(&self, at: usize) -> Option<u8> {
        self.bytes.get(self.pos + at).copied()
    }

    fn next_token(&mut self) -> Option<Token<'a>> {
        loop {
            let c = self.peek(0)?;
            match c {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\\' if self.peek(1) == Some(b'\n') => self.pos += 2,
                b'#' => {
                    while self.peek(0).is_some_and(|b| b != b'\n') {
                        self.pos += 1;
                    }
                }
                b'\n' => {
                    self.pos += 1;
                    self.skip_heredoc_bodies();
                    return Some(Token::Separator(Separator::Sequence, "\n"));
                }
                _ => break,
            }
        }
        let start = self.pos;
        let two = self.text.get(start..start + 2);
        let (separator, len) = match (two, self.bytes[start]) {
            (Some(";;"), _) => (Some(Separator::Group), 2),
            (Some("&&" | "||"), _) => (Some(Separator::AndOr), 2),
            (_, b';') => (Some(Separator::Sequence), 1),
            (_, b'&') => (Some(Separator::Background), 1),
            (_, b'|') => (Some(Separator::Pipe), 1),
            (_, b'(' | b')') => (Some(Separator::Group), 1),
            _ => (None, 0),
        };
        if let Some(separator) = separator {
            self.pos += len;
            return Some(Token::Separator(separator, &self.text[start..start + len]));
        }
        if matches!(self.bytes[start], b'{' | b'}') && self.ends_word(start + 1) {
            self.pos += 1;
            return Some(Token::Word(self.word(start)));
        }
        self.read_word();
        Some(Token::Word(self.word(start)))
    }

    /// Whether `)` comes next (blanks aside); if so, it is consumed.
    fn closes_parenthesis(&mut self) -> bool {
        let rest = &self.text[self.pos..];
        let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let closes = rest[blanks..].starts_with(')');
        if closes {
            self.pos += blanks + 1;
        }
        closes
    }

    fn ends_word(&self, at: usize) -> bool {
        self.bytes
            .get(at)
            .is_none_or(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|'))
    }

    fn word(&self, start: usize) -> Word {
        Word {
            text: self.text[start..self.pos].to_string(),
            range: start..self.pos,
        }
    }

    /// Reads one word: up to an unquoted blank or operator.
    fn read_word(&mut self) {
        let start = self.pos;
        // A redirection operator is a word of its own, with its target.
        while self.peek(0).is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        if matches!(self.peek(0), Some(b'<' | b'>')) {
            self.read_redirection();
            return;
        }
        self.pos = start;
        self.read_word_plain();
        if self.pos == start {
            // Never stall on a byte no branch consumes.
            self.pos += 1;
        }
    }

    fn read_redirection(&mut self) {
        let op_start = self.pos;
        while matches!(self.peek(0), Some(b'<' | b'>' | b'&' | b'|' | b'-')) {
            self.pos += 1;
            if self.pos - op_start >= 3 {
                break;
            }
        }
        let op = &self.text[op_start..self.pos];
        while matches!(self.peek(0), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
        let target_start = self.pos;
        self.read_word_plain();
        if op.starts_with("<<") {
            let delimiter: String = self.text[target_start..self.pos]
                .chars()
                .filter(|c| !matches!(c, '\'' | '"' | '\\'))
                .collect();
            self.heredocs.push((delimiter, op.ends_with('-')));
        }
    }

    /// A word with no redirection handling (the target of one).
    fn read_word_plain(&mut self) {
        while let Some(c) = self.peek(0) {
            match c {
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>' => {
                    break;
                }
                b'\\' => self.pos = (self.pos + 2).min(self.bytes.len()),
                b'\'' => self.skip_past(b'\''),
                b'"' => self.skip_double_quoted(),
                b'`' => self.skip_past(b'`'),
                b'$' if matches!(self.peek(1), Some(b'(' | b'{')) => {
                    self.pos += 1;
                    self.skip_balanced();
                }
                _ => self.pos += 1,
            }
        }
    }

    /// From an opening quote to just past the closing one (or the end).
    fn skip_past(&mut self, quote: u8) {
        self.pos += 1;
        while let Some(c) = self.peek(0) {
            self.pos += 1;
            if c == b'\\' && quote == b'`' {
                self.pos = (self.pos + 1).min(self.bytes.len());
            } else if c == quote {
                return;
            }
        }
    }

    fn skip_double_quoted(&mut self) {
        self.pos += 1;
        while let Some(c) = self.peek(0) {
            match c {
                b'\\' => self.pos = (self.pos + 2).min(self.bytes.len()),
                b'"' => {
                    self.pos += 1;
                    return;
                }
                b'`' => self.skip_past(b'`'),
                b'$' if matches!(self.peek(1), Some(b'(' | b'{')) => {
                    self.pos += 1;
                    self.skip_balanced();
                }
                _ => self.pos += 1,
            }
        }
    }

    /// From `(` or `{` to just past its match, quotes respected.
    fn skip_balanced(&mut self) {
        let mut depth = 0usize;
        while let Some(c) = self.peek(0) {
            match c {
                b'(' | b'{' => {
                    depth += 1;
                    self.pos += 1;
                }
                b')' | b'}' => {
                    self.pos += 1;
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return;
                    }
                }
                b'\\' => self.pos = (self.pos + 2).min(self.bytes.len()),
                b'\'' => self.skip_past(b'\''),
                b'"' => self.skip_double_quoted(),
                b'`' => self.skip_past(b'`'),
                _ => self.pos += 1,
            }
        }
    }

    /// After a line break: the bodies of pending here-documents, up to their delimiters.
    fn skip_heredoc_bodies(&mut self) {
        for (delimiter, tabs) in std::mem::take(&mut self.heredocs) {
            while self.pos < self.bytes.len() {
                let rest = &self.text[self.pos..];
                let line_len = rest.find('\n').map_or(rest.len(), |i| i + 1);
                let line = rest[..line_len].trim_end_matches(['\n', '\r']);
                let line = if tabs {
                    line.trim_start_matches('\t')
                } else {
                    line
                };
                self.pos += line_len;
                if line == delimiter {
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        commands(text)
            .iter()
            .map(|c| {
                let words: Vec<&str> = c.words.iter().map(|w| w.text.as_str()).collect();
                format!("{}{:?}", c.after.unwrap_or(""), words)
            })
            .collect()
    }

    #[test]
    fn commands_keywords_and_patterns() {
        assert_eq!(
            names("if [ -x /a ]; then\n  exec /a \"$X\" 2>&1 &\nfi\n"),
            [
                "if[\"[\", \"-x\", \"/a\", \"]\"]",
                "then[\"exec\", \"/a\", \"\\\"$X\\\"\", \"2>&1\"]"
            ]
        );
        assert_eq!(
            names("case \"$1\" in\n  start|stop) echo $(x; y) ;;\n  *) stop ;;\nesac\nstart"),
            ["[\"echo\", \"$(x; y)\"]", "[\"stop\"]", "[\"start\"]"]
        );
        assert_eq!(
            names("start() {\n  exec food\n}\nstart\n"),
            ["{[\"exec\", \"food\"]", "[\"start\"]"]
        );
        assert_eq!(
            names("cat <<EOF\nstop now\nEOF\nfor i in 1 2; do sleep 1; done # x\n"),
            ["[\"cat\", \"<<EOF\"]", "do[\"sleep\", \"1\"]"]
        );
    }

    #[test]
    fn separators_and_assignments() {
        let all = commands("A=1 B=2 initctl emit foo X=1 & stop || true");
        assert_eq!(all[0].name(), Some("initctl"));
        assert_eq!(all[0].separator, Separator::Background);
        assert_eq!(all[1].separator, Separator::AndOr);
        assert_eq!(all[1].range(), 31..35);
    }
}
