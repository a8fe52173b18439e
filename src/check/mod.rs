//! Per-file analysis: parse, lower, and turn everything found into diagnostics.

pub mod config;
pub mod diagnostic;
pub mod fix;
pub mod registry;
pub mod rules;
pub mod shell;
pub mod suppression;

pub use diagnostic::{Diagnostic, Edit, Fix, Label, Related, Severity, UpstartError};

use crate::model::version::UpstartVersion;
use crate::model::{self, Job};
use crate::source::{self, SourceText};
use crate::syntax::{self, SyntaxTree};
use rules::context::JobFile;

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

/// What an analysis judges beyond Upstart's own rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The oldest Upstart the jobs must load on (`target-version`); `None` means 1.13.
    pub target_version: Option<UpstartVersion>,
    /// Whether the opt-in P rules run (the `chromeos` preset).
    pub policy: bool,
}

/// Which part of a job a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A `.conf`: the whole job.
    Conf,
    /// A `.override`: stanzas applied on top of a `.conf` (spec §4.4).
    Override,
}

/// Analyses the bytes of one job file whose job is called `job_name`.
pub fn analyze(bytes: &[u8], job_name: &[u8]) -> Analysis {
    analyze_with(bytes, job_name, &Options::default())
}

/// [`analyze`] with options.
pub fn analyze_with(bytes: &[u8], job_name: &[u8], options: &Options) -> Analysis {
    analyze_as(bytes, job_name, options, Role::Conf)
}

/// Analyses an `.override` on its own: its stanzas are checked, but whole-job rules wait for
/// the `.conf` it applies to ([`apply_override`]).
pub fn analyze_override(bytes: &[u8], job_name: &[u8], options: &Options) -> Analysis {
    analyze_as(bytes, job_name, options, Role::Override)
}

fn analyze_as(bytes: &[u8], job_name: &[u8], options: &Options, role: Role) -> Analysis {
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
        let file = JobFile::new(&source.text, &tree.source_file(), &job, options);
        diagnostics.extend(rules::check_stanzas(&file));
        if options.policy {
            diagnostics.extend(rules::check_policy(&file, role == Role::Conf));
        }
        // An override alone is not a job: whole-job rules run on the merged job instead.
        if role == Role::Conf {
            diagnostics.extend(rules::check_whole_job(&file));
            diagnostics.extend(shell::rules::check(&file, &fragments));
        }
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

/// Analyses a file as `check` reports it: [`analyze_with`] (or [`analyze_override`]), then the
/// file's suppression comments, then `rules` (which rules are enabled, at which severity).
pub fn lint(
    bytes: &[u8],
    job_name: &[u8],
    role: Role,
    options: &Options,
    rules: &config::RuleTable,
) -> Analysis {
    let mut analysis = analyze_as(bytes, job_name, options, role);
    let found = std::mem::take(&mut analysis.diagnostics);
    analysis.diagnostics = rules.apply(suppression::apply(
        &analysis.tree.root,
        &analysis.source.text,
        found,
    ));
    analysis
}

/// Applies an `.override` to an analysed `.conf`, as Upstart does (spec §4.4): the override's
/// stanzas are parsed into the same job, and those from its first error on are lost.
///
/// Returns the override's own analysis; `conf.job` is updated in place, and the `.conf`'s
/// whole-job findings are judged again on the merged job.
pub fn apply_override(conf: &mut Analysis, override_bytes: &[u8]) -> Analysis {
    apply_override_with(conf, override_bytes, &Options::default())
}

/// [`apply_override`] with options.
pub fn apply_override_with(
    conf: &mut Analysis,
    override_bytes: &[u8],
    options: &Options,
) -> Analysis {
    let mut analysis = analyze_as(override_bytes, &conf.job.name, options, Role::Override);
    let stop_before = analysis
        .upstart_error()
        .map(|d| line_start(&analysis.source.text, d.order_key()));
    let conf_job = conf.job.clone();
    merge_override(&mut conf.job, &analysis);
    analysis
        .diagnostics
        .extend(rules::overrides::check(&analysis, &conf_job, stop_before));
    analysis
        .diagnostics
        .sort_by_cached_key(Diagnostic::order_key);
    if conf.upstart_error().is_none() {
        let conf_file =
            |job| JobFile::new(&conf.source.text, &conf.tree.source_file(), job, options);
        let before = rules::check_whole_job(&conf_file(&conf_job));
        let after = rules::check_whole_job(&conf_file(&conf.job));
        conf.diagnostics.retain(|d| !before.contains(d));
        conf.diagnostics.extend(after);
        conf.diagnostics.sort_by_cached_key(Diagnostic::order_key);
    }
    analysis
}

/// Applies an already analysed `.override` to `job` (see [`apply_override`]); a workspace keeps
/// each file's analysis, so re-merging after an edit does not parse the override again.
pub fn merge_override(job: &mut Job, override_analysis: &Analysis) {
    let stop_before = override_analysis
        .upstart_error()
        .map(|d| line_start(&override_analysis.source.text, d.order_key()));
    model::lower_into(job, &override_analysis.tree, stop_before);
}

/// The start of the line holding `offset`: stanzas from the error's line on are not applied.
fn line_start(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1)
}
