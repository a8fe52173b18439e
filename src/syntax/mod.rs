//! The lossless layer: bytes and tokens, nothing about what a job means.
//!
//! [`parse`] turns a job file's text into a rowan tree whose text is exactly the input, plus the
//! syntax errors Upstart's own parser would raise (every one of them, not just the first).

pub mod ast;
mod event_expr;
pub mod kind;
pub mod lexer;
mod parser;
pub mod scan;
pub mod stanza;

use std::fmt::Write as _;

pub use kind::{SyntaxKind, SyntaxNode, SyntaxToken};
pub use parser::{Parse, SyntaxError, SyntaxErrorKind};
pub use stanza::{Shape, StanzaKind};

/// A parsed job file: its tree and its syntax errors.
#[derive(Debug, Clone)]
pub struct SyntaxTree {
    /// The root `SOURCE_FILE` node.
    pub root: SyntaxNode,
    /// Syntax errors, in the order the parser found them.
    pub errors: Vec<SyntaxError>,
}

impl SyntaxTree {
    /// The typed view of the root.
    pub fn source_file(&self) -> ast::SourceFile {
        ast::SourceFile::cast(self.root.clone()).expect("the root is always SOURCE_FILE")
    }
}

/// Parses job-file text into a lossless tree.
pub fn parse(text: &str) -> SyntaxTree {
    let parse = parser::parse(text);
    SyntaxTree {
        root: SyntaxNode::new_root(parse.green),
        errors: parse.errors,
    }
}

/// Renders the tree one element per line, indented, with ranges — for `debug tree` and tests.
pub fn dump_tree(root: &SyntaxNode) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for event in root.preorder_with_tokens() {
        match event {
            rowan::WalkEvent::Enter(element) => {
                let range = element.text_range();
                out.push_str(&"  ".repeat(depth));
                let _ = write!(
                    out,
                    "{:?}@{}..{}",
                    element.kind(),
                    u32::from(range.start()),
                    u32::from(range.end()),
                );
                if let rowan::NodeOrToken::Token(token) = &element {
                    let _ = write!(out, " {:?}", token.text());
                }
                out.push('\n');
                depth += 1;
            }
            rowan::WalkEvent::Leave(_) => depth -= 1,
        }
    }
    out
}
