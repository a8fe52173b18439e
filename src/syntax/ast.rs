//! Typed views over the tree: zero-cost wrappers with accessors, no second copy of the data.

use rowan::{GreenNodeData, NodeOrToken, TextRange, TextSize};

use std::borrow::Cow;

use rowan::Language as _;

use super::kind::{JobLanguage, SyntaxKind, SyntaxKind::*, SyntaxNode};
use super::scan::{self, Delimiters};
use super::stanza::StanzaKind;
use crate::source;

macro_rules! ast_node {
    ($(#[$doc:meta])* $name:ident, $kind:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(SyntaxNode);

        impl $name {
            /// Views `node` as this type if it has the right kind.
            pub fn cast(node: SyntaxNode) -> Option<Self> {
                (node.kind() == $kind).then(|| $name(node))
            }

            /// The underlying tree node.
            pub fn syntax(&self) -> &SyntaxNode {
                &self.0
            }

            /// The node's byte range in the file.
            pub fn range(&self) -> TextRange {
                self.0.text_range()
            }
        }
    };
}

ast_node!(
    /// The whole job file.
    SourceFile,
    SOURCE_FILE
);
ast_node!(
    /// One stanza and its arguments.
    Stanza,
    STANZA
);
ast_node!(
    /// A raw keyword: the stanza name, or a sub-keyword such as `on` or `limit`.
    Keyword,
    KEYWORD
);
ast_node!(
    /// One dequoted argument.
    Arg,
    ARG
);
ast_node!(
    /// A raw `exec` command line.
    Command,
    COMMAND
);
ast_node!(
    /// A `script` … `end script` block.
    ScriptBlock,
    SCRIPT_BLOCK
);
ast_node!(
    /// An event expression.
    EventExpr,
    EVENT_EXPR
);

fn children<T>(node: &SyntaxNode, cast: fn(SyntaxNode) -> Option<T>) -> impl Iterator<Item = T> {
    node.children().filter_map(cast)
}

/// The text of a green node whose children are tokens, borrowed when it is a single token.
fn green_text(node: &GreenNodeData) -> Cow<'_, [u8]> {
    let mut tokens = node.children().filter_map(|child| child.into_token());
    let Some(first) = tokens.next() else {
        return Cow::Borrowed(&[]);
    };
    let Some(second) = tokens.next() else {
        return Cow::Borrowed(first.text().as_bytes());
    };
    let mut text = [first, second].map(|t| t.text().as_bytes()).concat();
    for token in tokens {
        text.extend_from_slice(token.text().as_bytes());
    }
    Cow::Owned(text)
}

impl SourceFile {
    /// Every stanza, in file order.
    pub fn stanzas(&self) -> impl Iterator<Item = Stanza> {
        children(&self.0, Stanza::cast)
    }

    /// Every stanza as a [`StanzaData`], read from the green tree without cursors.
    pub fn stanza_data(&self) -> impl Iterator<Item = StanzaData<'_>> {
        let mut offset = self.range().start();
        self.0.green().children().filter_map(move |child| {
            let start = offset;
            offset += child.text_len();
            let node = child.into_node()?;
            (node.kind() == STANZA.into()).then_some(StanzaData { node, start })
        })
    }
}

/// A stanza read straight from the green tree: the fast path the model is lowered from.
#[derive(Debug, Clone, Copy)]
pub struct StanzaData<'g> {
    node: &'g GreenNodeData,
    start: TextSize,
}

impl<'g> StanzaData<'g> {
    /// The stanza's byte range in the file.
    pub fn range(&self) -> TextRange {
        TextRange::at(self.start, self.node.text_len())
    }

    /// The stanza's kind, when its name is one Upstart knows.
    pub fn kind(&self) -> Option<StanzaKind> {
        stanza_kind(self.node)
    }

    /// The child node of `kind` and its offset.
    fn child(&self, kind: SyntaxKind) -> Option<(&'g GreenNodeData, TextSize)> {
        let mut offset = self.start;
        for child in self.node.children() {
            if let NodeOrToken::Node(node) = child
                && node.kind() == kind.into()
            {
                return Some((node, offset));
            }
            offset += child.text_len();
        }
        None
    }

    /// The raw sub-keyword's text (if any) and the arguments' values, in one pass.
    pub fn sub_keyword_and_args(&self) -> (Option<Vec<u8>>, Vec<ArgValue>) {
        let mut offset = self.start;
        let (mut keywords, mut sub_keyword, mut args) = (0, None, Vec::new());
        for child in self.node.children() {
            let len = child.text_len();
            if let NodeOrToken::Node(node) = child {
                let kind = JobLanguage::kind_from_raw(node.kind());
                if kind == KEYWORD {
                    keywords += 1;
                    if keywords == 2 {
                        sub_keyword =
                            Some(scan::token_value(&green_text(node), Delimiters::Arg, false));
                    }
                } else if kind == ARG {
                    let text = green_text(node);
                    let value = scan::token_value_cow(&text, Delimiters::Arg, true).into_owned();
                    args.push(ArgValue {
                        range: TextRange::at(offset, len),
                        value: source::encode_bytes(value),
                    });
                }
            }
            offset += len;
        }
        (sub_keyword, args)
    }

    /// The command line of `exec` / `pre-start exec` … as Upstart stores it.
    pub fn command_value(&self) -> Option<Vec<u8>> {
        self.child(COMMAND).map(|(node, _)| command_value(node))
    }

    /// The script text the shell will see, for `script` / `pre-start script` ….
    pub fn script_text(&self) -> Option<Vec<u8>> {
        self.child(SCRIPT_BLOCK).map(|(node, _)| script_text(node))
    }

    /// The top term of `start on` / `stop on`, if the expression parsed completely.
    pub fn event_term(&self) -> Option<EventTerm> {
        self.child(EVENT_EXPR)
            .and_then(|(node, offset)| event_term(node, offset))
    }

    /// Whether the parser found an error inside this stanza.
    pub fn has_error(&self) -> bool {
        let mut pending: Vec<&GreenNodeData> = vec![self.node];
        while let Some(node) = pending.pop() {
            for child in node.children() {
                if let NodeOrToken::Node(child) = child {
                    if child.kind() == ERROR.into() {
                        return true;
                    }
                    pending.push(child);
                }
            }
        }
        false
    }
}

/// The kind of a `STANZA` green node: its keyword is the first child node, a plain word as a rule.
fn stanza_kind(stanza: &GreenNodeData) -> Option<StanzaKind> {
    let keyword = stanza.children().find_map(|child| child.into_node())?;
    if keyword.kind() != KEYWORD.into() {
        return None;
    }
    StanzaKind::from_name(&scan::token_value_cow(
        &green_text(keyword),
        Delimiters::Arg,
        false,
    ))
}

impl Stanza {
    /// The stanza keyword node.
    pub fn keyword(&self) -> Option<Keyword> {
        children(&self.0, Keyword::cast).next()
    }

    /// The stanza's kind, when its name is one Upstart knows.
    pub fn kind(&self) -> Option<StanzaKind> {
        stanza_kind(self.0.green())
    }

    /// The dequoted arguments, in order.
    pub fn args(&self) -> impl Iterator<Item = Arg> {
        children(&self.0, Arg::cast)
    }

    /// The raw command line of `exec` / `pre-start exec` ….
    pub fn command(&self) -> Option<Command> {
        children(&self.0, Command::cast).next()
    }

    /// The script block of `script` / `pre-start script` ….
    pub fn script_block(&self) -> Option<ScriptBlock> {
        children(&self.0, ScriptBlock::cast).next()
    }

    /// The event expression of `start on` / `stop on`.
    pub fn event_expr(&self) -> Option<EventExpr> {
        children(&self.0, EventExpr::cast).next()
    }
}

/// A stanza argument's range and value, without a tree cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgValue {
    /// Where the argument is.
    pub range: TextRange,
    /// Its dequoted value in the file's original bytes.
    pub value: Vec<u8>,
}

impl Keyword {
    /// The word as Upstart compares it: raw, quotes kept.
    pub fn value(&self) -> Vec<u8> {
        let green = self.0.green();
        scan::token_value(&green_text(green), Delimiters::Arg, false)
    }
}

impl Arg {
    /// The dequoted value, as Upstart stores it, in the file's original bytes.
    pub fn value(&self) -> Vec<u8> {
        let delimiters = match self.0.parent().map(|p| p.kind()) {
            Some(EVENT_MATCH) => Delimiters::Event,
            _ => Delimiters::Arg,
        };
        let green = self.0.green();
        source::encode_bytes(scan::token_value(&green_text(green), delimiters, true))
    }
}

impl Command {
    /// The command line as Upstart stores it: quotes kept, continuations folded.
    pub fn value(&self) -> Vec<u8> {
        command_value(self.0.green())
    }
}

fn command_value(command: &GreenNodeData) -> Vec<u8> {
    source::encode_bytes(scan::token_value(
        &green_text(command),
        Delimiters::Command,
        false,
    ))
}

/// Calls `with` with a script block's body as written: every line with its LF, before
/// indentation stripping (borrowed from the tree: a body is one token).
fn with_body<T>(block: &GreenNodeData, with: impl FnOnce(&[u8]) -> T) -> T {
    let body = block
        .children()
        .filter_map(|child| child.into_node())
        .find(|child| child.kind() == SCRIPT_BODY.into())
        .map(green_text)
        .unwrap_or_default();
    with(&body)
}

fn script_text(block: &GreenNodeData) -> Vec<u8> {
    source::encode_bytes(with_body(block, scan::block_text))
}

impl ScriptBlock {
    /// The body as written: every line with its LF, before indentation stripping.
    pub fn body(&self) -> String {
        with_body(self.0.green(), |body| {
            String::from_utf8_lossy(body).into_owned()
        })
    }

    /// Bytes of common indentation Upstart strips from every line (spec §1.6).
    pub fn indent(&self) -> usize {
        with_body(self.0.green(), |body| {
            scan::block_indent(scan::block_lines(body))
        })
    }

    /// The script text the shell will see.
    pub fn text(&self) -> Vec<u8> {
        script_text(self.0.green())
    }
}

impl EventExpr {
    /// The expression's top term, if it parsed completely (see [`StanzaData::event_term`]).
    pub fn term(&self) -> Option<EventTerm> {
        event_term(self.0.green(), self.range().start())
    }
}

/// `and` or `or` in an event expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventOperator {
    /// Both operands must have matched.
    And,
    /// Either operand.
    Or,
}

/// One term of an event expression, read from the green tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventTerm {
    /// `NAME ARG…`
    Match {
        /// Where the event and its arguments are.
        range: TextRange,
        /// The event name and its arguments, dequoted.
        words: Vec<Vec<u8>>,
    },
    /// `( … )`
    Group(Box<EventTerm>),
    /// `lhs and rhs` / `lhs or rhs`
    Binary {
        /// The left operand.
        lhs: Box<EventTerm>,
        /// The operator.
        operator: EventOperator,
        /// The right operand.
        rhs: Box<EventTerm>,
    },
}

/// The top term of an `EVENT_EXPR` green node at `start`, if it parsed completely.
///
/// Terms nested deeper than [`MAX_EVENT_NESTING`] levels are not built (`None`): terms are
/// recursive, and no real job nests parentheses that deep.
fn event_term(expr: &GreenNodeData, start: TextSize) -> Option<EventTerm> {
    let mut offset = start;
    let mut terms = Operands::default();
    for child in expr.children() {
        if let NodeOrToken::Node(node) = child {
            terms.push(term(node, offset, 0));
        }
        offset += child.text_len();
    }
    terms.single()
}

/// The operand terms met under one node: an expression has one, a binary term two.
#[derive(Default)]
struct Operands {
    first: Option<EventTerm>,
    second: Option<EventTerm>,
    count: usize,
}

impl Operands {
    fn push(&mut self, term: Option<EventTerm>) {
        let Some(term) = term else { return };
        self.count += 1;
        match self.count {
            1 => self.first = Some(term),
            2 => self.second = Some(term),
            _ => {}
        }
    }

    fn single(self) -> Option<EventTerm> {
        if self.count == 1 { self.first } else { None }
    }
}

/// How deeply `( … )` and operators may nest for [`StanzaData::event_term`].
pub const MAX_EVENT_NESTING: usize = 256;

fn term(node: &GreenNodeData, start: TextSize, depth: usize) -> Option<EventTerm> {
    if depth > MAX_EVENT_NESTING {
        return None;
    }
    let kind = JobLanguage::kind_from_raw(node.kind());
    let mut offset = start;
    let mut operands = Operands::default();
    let mut operator = None;
    let mut words = Vec::new();
    for child in node.children() {
        if let NodeOrToken::Node(child) = child {
            match JobLanguage::kind_from_raw(child.kind()) {
                ARG => {
                    let text = green_text(child);
                    words.push(source::encode_bytes(scan::token_value(
                        &text,
                        Delimiters::Event,
                        true,
                    )));
                }
                OPERATOR => {
                    operator = Some(if &*green_text(child) == b"and" {
                        EventOperator::And
                    } else {
                        EventOperator::Or
                    })
                }
                _ => operands.push(term(child, offset, depth + 1)),
            }
        }
        offset += child.text_len();
    }
    match kind {
        EVENT_MATCH => Some(EventTerm::Match {
            range: TextRange::new(start, offset),
            words,
        }),
        EVENT_GROUP => Some(EventTerm::Group(Box::new(operands.first?))),
        EVENT_BINARY => {
            let (lhs, rhs) = (operands.first?, operands.second?);
            Some(EventTerm::Binary {
                lhs: Box::new(lhs),
                operator: operator?,
                rhs: Box::new(rhs),
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn stanzas(text: &str) -> Vec<Stanza> {
        parse(text).source_file().stanzas().collect()
    }

    fn with_data<T>(text: &str, with: impl FnOnce(Vec<StanzaData<'_>>) -> T) -> T {
        let file = parse(text).source_file();
        with(file.stanza_data().collect())
    }

    #[test]
    fn keywords_arguments_and_values() {
        let stanza = &stanzas("kill signal 'T'\"ERM\"\n")[0];
        assert_eq!(stanza.kind(), Some(StanzaKind::Kill));
        assert_eq!(stanza.keyword().map(|k| k.value()), Some(b"kill".to_vec()));
        let values: Vec<Vec<u8>> = stanza.args().map(|arg| arg.value()).collect();
        assert_eq!(values, [b"TERM".to_vec()]);
        let (sub, fast) = with_data("kill signal 'T'\"ERM\"\n", |data| {
            assert_eq!(data[0].kind(), Some(StanzaKind::Kill));
            assert_eq!(data[0].range(), stanza.range());
            data[0].sub_keyword_and_args()
        });
        assert_eq!(sub.as_deref(), Some(&b"signal"[..]));
        assert_eq!(fast[0].value, values[0]);
        assert_eq!(fast[0].range, stanza.args().next().unwrap().range());
    }

    #[test]
    fn commands_and_scripts() {
        let text = "exec foo \\\n  --bar # c\nscript\n    a\n      b\nend script\n";
        let all = stanzas(text);
        assert_eq!(
            all[0].command().map(|c| c.value()),
            Some(b"foo --bar".to_vec())
        );
        let block = all[1].script_block().unwrap();
        assert_eq!(block.indent(), 4);
        assert_eq!(block.text(), b"a\n  b\n");
        with_data(text, |data| {
            assert_eq!(data[0].command_value(), Some(b"foo --bar".to_vec()));
            assert_eq!(data[0].script_text(), None);
            assert_eq!(data[1].script_text(), Some(b"a\n  b\n".to_vec()));
        });
    }

    #[test]
    fn event_terms_group_left_to_right() {
        let (term, has_error) = with_data("start on a x=1 or (b and c)\n", |data| {
            (data[0].event_term(), data[0].has_error())
        });
        let Some(EventTerm::Binary { lhs, operator, rhs }) = term else {
            panic!("expected a binary term");
        };
        assert_eq!(operator, EventOperator::Or);
        assert!(matches!(*rhs, EventTerm::Group(_)));
        let EventTerm::Match { range, words } = *lhs else {
            panic!("expected a match")
        };
        assert_eq!(words, [b"a".to_vec(), b"x=1".to_vec()]);
        assert_eq!(u32::from(range.start())..u32::from(range.end()), 9..14);
        assert!(!has_error);
    }

    #[test]
    fn errors_deep_in_an_expression_are_seen() {
        let has_error = with_data("start on (a and (b 'c))\n", |data| data[0].has_error());
        assert!(has_error);
    }
}
