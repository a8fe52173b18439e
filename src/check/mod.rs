//! Per-file analysis: parse, lower, and turn everything found into diagnostics.

pub mod diagnostic;
pub mod registry;
pub mod rules;
pub mod shell;

pub use diagnostic::{Diagnostic, Edit, Fix, Label, Severity, UpstartError};

use crate::model::{self, Job};
use crate::source::{self, SourceText};
use crate::syntax::{self, SyntaxTree};

/// Everything known about one job file.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The decoded text.
    pub source: SourceText,
    /// The lossless tree.
    pub tree: SyntaxTree,
    /// The job as Upstart would load it (meaningful only when there is no E finding).
    pub job: Job,
    /// Every finding, ordered by position (Upstart's own errors by Upstart's cursor).
    pub diagnostics: Vec<Diagnostic>,
    /// The `initctl emit|start|stop|…` calls of the file's shell fragments, in file order.
    pub initctl_calls: Vec<shell::initctl::InitctlCall>,
}

impl Analysis {
    /// The error Upstart itself would report for this file, if it rejects it.
    pub fn upstart_error(&self) -> Option<&Diagnostic> {
        self.diagnostics.iter().find(|d| d.upstart.is_some())
    }

    /// The 1-based line Upstart reports for `diagnostic`.
    pub fn upstart_line(&self, diagnostic: &Diagnostic) -> usize {
        self.upstart_line_of(diagnostic.order_key())
    }

    /// The 1-based line of `offset` as Upstart counts lines: one more than the LFs before it.
    pub fn upstart_line_of(&self, offset: usize) -> usize {
        let text = self.source.text.as_bytes();
        1 + text[..offset.min(text.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
    }
}

/// Analyses the bytes of one job file whose job is called `job_name`.
pub fn analyze(bytes: &[u8], job_name: &[u8]) -> Analysis {
    let source = source::decode(bytes);
    let tree = syntax::parse(&source.text);
    let (job, value_errors) = model::lower(&tree, job_name);
    let mut diagnostics: Vec<Diagnostic> = tree
        .errors
        .iter()
        .map(|error| rules::upstart_errors::syntax_diagnostic(error, &source.text))
        .chain(
            value_errors
                .iter()
                .map(|error| rules::upstart_errors::value_diagnostic(error, &source.text)),
        )
        .chain(rules::lexical::check(&source))
        .collect();
    let fragments = shell::fragments(&tree.source_file(), &source.text);
    // Mistakes in a job are judged on jobs Upstart loads: a rejected file's model is partial.
    if !diagnostics.iter().any(|d| d.upstart.is_some()) {
        let file = rules::context::JobFile::new(&source.text, &tree.source_file(), &job);
        diagnostics.extend(rules::check_job(&file));
        diagnostics.extend(shell::rules::check(&file, &fragments));
    }
    diagnostics.sort_by_cached_key(Diagnostic::order_key);
    Analysis {
        source,
        tree,
        job,
        diagnostics,
        initctl_calls: shell::rules::initctl_calls(&fragments),
    }
}

/// Applies an `.override` to an analysed `.conf`, as Upstart does (spec §4.4): the override's
/// stanzas are parsed into the same job, and those from its first error on are lost.
///
/// Returns the override's own analysis; `conf.job` is updated in place.
pub fn apply_override(conf: &mut Analysis, override_bytes: &[u8]) -> Analysis {
    let analysis = analyze(override_bytes, &conf.job.name);
    let stop_before = analysis
        .upstart_error()
        .map(|d| line_start(&analysis.source.text, d.order_key()));
    model::lower_into(&mut conf.job, &analysis.tree, stop_before);
    analysis
}

/// The start of the line holding `offset`: stanzas from the error's line on are not applied.
fn line_start(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1)
}
