//! `--fix`, `--unsafe-fixes` and `--diff`: apply the fixes of the findings `check` reports.

use clap::Args;

use crate::check::fix::{FixLevel, Fixed, fix_with};
use crate::render::diff::unified_diff;
use crate::workspace::write::write_atomically;
use crate::workspace::{CheckRun, CheckedFile, lint_bytes};

/// Fix options.
#[derive(Debug, Args)]
#[command(next_help_heading = "Fixes")]
pub struct FixArgs {
    /// Apply safe fixes, then report what is left.
    #[arg(long)]
    pub fix: bool,
    /// Apply unsafe fixes too (with `--fix` or `--diff`).
    #[arg(long)]
    unsafe_fixes: bool,
    /// Change nothing; print the fixes as a unified diff (exit 1 when there is one).
    #[arg(long)]
    pub diff: bool,
}

/// What a fix pass did.
#[derive(Debug, Default)]
pub struct FixReport {
    /// Files rewritten (or that `--diff` would rewrite).
    pub changed: usize,
    /// Fixes applied, over all files.
    pub fixes: usize,
    /// Files that could not be fixed or written, with the reason.
    pub problems: Vec<String>,
}

impl FixArgs {
    /// Whether any fix option is on.
    pub fn enabled(&self) -> bool {
        self.fix || self.diff
    }

    fn level(&self) -> FixLevel {
        if self.unsafe_fixes {
            FixLevel::Unsafe
        } else {
            FixLevel::Safe
        }
    }

    /// Fixes every file of `run` that has a fixable finding: writes it, or prints its diff.
    pub fn apply(&self, run: &CheckRun) -> FixReport {
        let mut report = FixReport::default();
        for file in run.files.iter().filter(|f| self.has_fix(f)) {
            let fixed = match self.fix_one(file) {
                Ok(fixed) if !fixed.applied.is_empty() => fixed,
                Ok(_) => continue,
                Err(message) => {
                    report
                        .problems
                        .push(format!("{}: {message}", file.path.display()));
                    continue;
                }
            };
            report.changed += 1;
            report.fixes += fixed.applied.len();
            if self.diff {
                let old = crate::source::encode(&file.analysis.source.text);
                print!("{}", unified_diff(&file.path, &old, &fixed.bytes));
            } else if let Err(error) = write_atomically(&file.path, &fixed.bytes) {
                report
                    .problems
                    .push(format!("{}: {error}", file.path.display()));
            }
        }
        report
    }

    fn has_fix(&self, file: &CheckedFile) -> bool {
        let level = self.level();
        file.analysis
            .diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .any(|fix| fix.safe || level == FixLevel::Unsafe)
    }

    fn fix_one(&self, file: &CheckedFile) -> Result<Fixed, String> {
        let bytes = std::fs::read(&file.path).map_err(|e| e.to_string())?;
        let job_name = file.analysis.job.name.clone();
        let lint = |bytes: &[u8]| lint_bytes(&file.path, &job_name, bytes, &file.settings);
        fix_with(&bytes, lint, self.level()).map_err(|refusal| refusal.to_string())
    }
}
