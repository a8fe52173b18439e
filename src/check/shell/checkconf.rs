//! init-checkconf's script check: each script block through `sh -n`, section by section, with
//! the shell's line numbers rewritten to the job file's.

use std::path::Path;

use super::extract::{FragmentKind, fragments};
use super::syntax;
use crate::check::Analysis;
use crate::model::ProcessKind;

/// A script block the shell could not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellSyntaxError {
    /// The section as init-checkconf names it: `pre-start`, `script` (main), …
    pub section: &'static str,
    /// The shell's message, with its line numbers rewritten to the job file's.
    pub message: String,
}

/// The order in which init-checkconf checks the sections.
const SECTIONS: [ProcessKind; 5] = [
    ProcessKind::PreStart,
    ProcessKind::PostStart,
    ProcessKind::Main,
    ProcessKind::PreStop,
    ProcessKind::PostStop,
];

/// Runs every script block of the file through `shell -n`, section by section (init-checkconf
/// checks script blocks only, not `exec` lines).
///
/// Returns an error message instead when the shell cannot be started.
pub fn syntax_errors(analysis: &Analysis, shell: &Path) -> Result<Vec<ShellSyntaxError>, String> {
    let mut blocks = fragments(&analysis.tree.source_file(), &analysis.source.text);
    blocks.retain(|f| f.kind == FragmentKind::Script);
    blocks.sort_by_key(|f| SECTIONS.iter().position(|&s| s == f.process));
    let mut found = Vec::new();
    for block in &blocks {
        if let Some(error) = syntax::check(shell, block)? {
            let to_file =
                |line| analysis.upstart_line_of(block.map.file_offset(block.offset_at(line, 1)));
            found.push(ShellSyntaxError {
                section: block.section(),
                message: syntax::rewrite_lines(&error.output, to_file),
            });
        }
    }
    Ok(found)
}
