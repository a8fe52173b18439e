//! What a per-file rule may look at: the text, the typed tree, and the lowered job.

use rowan::TextRange;

use crate::check::Options;
use crate::model::Job;
use crate::syntax::StanzaKind;
use crate::syntax::ast::{SourceFile, Stanza};

/// One job file, as the W rules see it (only files Upstart accepts reach them).
pub struct JobFile<'a> {
    /// The decoded text.
    pub text: &'a str,
    /// The job as Upstart loads it.
    pub job: &'a Job,
    /// What the analysis was asked to judge.
    pub options: &'a Options,
    /// Every stanza Upstart knows, in file order, read once for all rules.
    stanzas: Vec<(StanzaKind, Stanza)>,
}

impl<'a> JobFile<'a> {
    /// Indexes `file`'s stanzas for the rules.
    pub fn new(text: &'a str, file: &SourceFile, job: &'a Job, options: &'a Options) -> Self {
        let stanzas = file
            .stanzas()
            .filter_map(|s| Some((s.kind()?, s)))
            .collect();
        JobFile {
            text,
            job,
            options,
            stanzas,
        }
    }

    /// Every stanza Upstart knows, in file order.
    pub fn all(&self) -> impl Iterator<Item = &Stanza> {
        self.stanzas.iter().map(|(_, stanza)| stanza)
    }

    /// Every stanza of `kind`, in file order.
    pub fn stanzas(&self, kind: StanzaKind) -> impl Iterator<Item = &Stanza> {
        self.stanzas
            .iter()
            .filter(move |(k, _)| *k == kind)
            .map(|(_, stanza)| stanza)
    }

    /// The last stanza of `kind`: the one that wins for single-valued stanzas.
    pub fn last(&self, kind: StanzaKind) -> Option<&Stanza> {
        self.stanzas(kind).last()
    }

    /// The range of a stanza's keyword, the usual primary span of a stanza-level finding.
    pub fn keyword_range(stanza: &Stanza) -> TextRange {
        stanza
            .keyword()
            .map_or(stanza.range(), |keyword| keyword.range())
    }

    /// The stanza's text up to the end of its first line, without the newline.
    pub fn first_line_range(&self, stanza: &Stanza) -> TextRange {
        self.first_line_of(stanza.range())
    }

    /// `range` cut at the end of its first line or at a comment, trailing blanks left out.
    pub fn first_line_of(&self, range: TextRange) -> TextRange {
        let start = usize::from(range.start());
        let end = self.text[start..usize::from(range.end())]
            .find(['\n', '#'])
            .map_or(usize::from(range.end()), |i| start + i);
        let end = start + self.text[start..end].trim_end().len();
        TextRange::new(
            range.start(),
            rowan::TextSize::try_from(end).unwrap_or_default(),
        )
    }
}

/// An argument value read as a plain decimal number, as the rules compare them.
pub fn number<T: std::str::FromStr>(value: &[u8]) -> Option<T> {
    std::str::from_utf8(value).ok()?.parse().ok()
}
