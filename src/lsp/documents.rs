//! Open documents: the editor's text, kept in sync with incremental edits.

use lsp_types::TextDocumentContentChangeEvent;

use super::convert::{Encoding, Lines};
use crate::source::LineIndex;

/// A document the editor has open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Its current text.
    pub text: String,
    /// The editor's version number.
    pub version: i32,
}

impl Document {
    /// Applies the editor's changes in order: a change without a range replaces the whole text;
    /// ranges outside the text are clamped to it.
    pub fn apply(&mut self, changes: Vec<TextDocumentContentChangeEvent>, encoding: Encoding) {
        for change in changes {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    let index = LineIndex::new(&self.text);
                    let lines = Lines {
                        text: &self.text,
                        index: &index,
                        encoding,
                    };
                    let range = lines.text_range(range);
                    self.text.replace_range(
                        usize::from(range.start())..usize::from(range.end()),
                        &change.text,
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    fn change(
        range: Option<((u32, u32), (u32, u32))>,
        text: &str,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|((l1, c1), (l2, c2))| {
                Range::new(Position::new(l1, c1), Position::new(l2, c2))
            }),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn edits_apply_in_order_and_clamp() {
        let mut doc = Document {
            text: "task\nexpect fork\n".into(),
            version: 1,
        };
        doc.apply(
            vec![
                change(Some(((1, 7), (1, 11))), "daemon"),
                change(Some(((0, 0), (0, 4))), "respawn"),
                change(Some(((9, 0), (9, 9))), "# end\n"),
            ],
            Encoding::Utf16,
        );
        assert_eq!(doc.text, "respawn\nexpect daemon\n# end\n");
        doc.apply(vec![change(None, "manual\n")], Encoding::Utf8);
        assert_eq!(doc.text, "manual\n");
    }
}
