//! What a finding is: rule, severity, spans, message, help, and an optional fix.

use rowan::TextRange;
use serde::{Deserialize, Serialize};

use super::registry::Rule;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A suggestion.
    Info,
    /// Loads, but is almost certainly a mistake.
    Warning,
    /// Upstart rejects the file, or the job cannot work.
    Error,
}

impl std::str::FromStr for Severity {
    type Err = String;

    /// Reads `error`, `warning` or `info`, as the config file and `--fail-on` spell them.
    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "error" => Ok(Severity::Error),
            "warning" => Ok(Severity::Warning),
            "info" => Ok(Severity::Info),
            _ => Err(format!(
                "`{text}` is not a severity: expected error, warning or info"
            )),
        }
    }
}

/// A secondary span with its own short message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The text it points at.
    pub range: TextRange,
    /// What it says about that text.
    pub message: String,
}

/// A place in another file involved in a finding (cross-job rules: the other jobs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// The other file.
    pub path: std::path::PathBuf,
    /// The text it points at.
    pub range: TextRange,
    /// What it says about that text.
    pub message: String,
}

/// One text replacement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The text to replace.
    pub range: TextRange,
    /// What to put there.
    pub replacement: String,
}

/// A suggested change that resolves a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, as an imperative ("Quote the value").
    pub title: String,
    /// The edits, non-overlapping.
    pub edits: Vec<Edit>,
    /// Safe fixes keep the author's intent; unsafe ones need a look.
    pub safe: bool,
}

impl Fix {
    /// `text` with the fix's edits applied (edits outside `text` are left out).
    pub fn apply(&self, text: &str) -> String {
        let mut out = text.to_string();
        let mut edits: Vec<&Edit> = self.edits.iter().collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.range.start()));
        for edit in edits {
            let range = std::ops::Range::<usize>::from(edit.range);
            if out.get(range.clone()).is_some() {
                out.replace_range(range, &edit.replacement);
            }
        }
        out
    }

    /// A fix that replaces one range.
    pub fn replace(
        range: TextRange,
        replacement: &str,
        title: impl Into<String>,
        safe: bool,
    ) -> Self {
        Fix {
            title: title.into(),
            edits: vec![Edit {
                range,
                replacement: replacement.to_string(),
            }],
            safe,
        }
    }
}

/// How Upstart itself reports an `E` finding: its message, and where its cursor was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstartError {
    /// Upstart's own message text, e.g. `Unknown stanza`.
    pub message: &'static str,
    /// The offset whose line Upstart reports.
    pub report_at: usize,
    /// `false` for the one error Upstart logs without a line number (spec §1.7).
    pub has_line: bool,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule that found it.
    pub rule: &'static Rule,
    /// How serious it is: the rule's default unless the configuration says otherwise.
    pub severity: Severity,
    /// What is wrong, in a sentence.
    pub message: String,
    /// The primary span.
    pub range: TextRange,
    /// The primary span's label.
    pub label: Option<String>,
    /// Other places involved.
    pub labels: Vec<Label>,
    /// Places in other files involved (empty for per-file rules).
    pub related: Vec<Related>,
    /// How to fix it, in words.
    pub help: Option<String>,
    /// A machine-applicable fix.
    pub fix: Option<Fix>,
    /// For errors Upstart itself raises: what Upstart says.
    pub upstart: Option<UpstartError>,
    /// The code an external tool gave the finding (`SC2086` for ShellCheck's), so that it can
    /// be selected or ignored by that code.
    pub external_code: Option<String>,
}

impl Diagnostic {
    /// A finding of `rule` at `range`.
    pub fn new(rule: &'static Rule, range: TextRange, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.severity,
            message: message.into(),
            range,
            label: None,
            labels: Vec::new(),
            related: Vec::new(),
            help: None,
            fix: None,
            upstart: None,
            external_code: None,
        }
    }

    /// Sets the primary label.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a secondary label.
    pub fn with_secondary(mut self, range: TextRange, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            range,
            message: message.into(),
        });
        self
    }

    /// Sets the help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the fix.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// The finding's severity.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// The offset findings are ordered by: Upstart's cursor for its own errors, else the span.
    pub fn order_key(&self) -> usize {
        self.upstart
            .as_ref()
            .map_or(usize::from(self.range.start()), |u| u.report_at)
    }
}
