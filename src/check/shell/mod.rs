//! Embedded shell: every fragment Upstart hands to `/bin/sh -e`, checked at its exact spot.
//!
//! Script blocks are verbatim lines with a known indentation prefix, and `exec` lines are folded
//! by known rules, so every byte the shell sees has a known place in the job file
//! ([`PositionMap`]): findings inside a fragment are reported at their real line and column.
//!
//! Syntax is the shell's own verdict (`dash -n`); ShellCheck runs when it is installed. Both are
//! external programs, so they run here, over all files of a check at once, and not in
//! [`crate::check::analyze`].

pub mod checkconf;
pub mod commands;
mod dump;
mod extract;
pub mod initctl;
mod position;
pub mod rules;
mod runner;
pub mod shellcheck;
pub mod syntax;
pub mod variables;

use std::path::{Path, PathBuf};

pub use dump::dump;
pub use extract::{Fragment, FragmentKind, SHELL_CHARACTERS, fragments};
pub use position::PositionMap;
use shellcheck::ShellCheck;

use crate::check::{Analysis, Diagnostic};

/// The external programs the shell checks run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShellTools {
    /// The shell whose `-n` decides syntax.
    pub shell: Option<PathBuf>,
    /// ShellCheck, when installed and wanted.
    pub shellcheck: Option<ShellCheck>,
}

impl ShellTools {
    /// `dash` (else `sh`) from `PATH`, and ShellCheck: `program` if given, else `shellcheck`
    /// from `PATH`, unless `use_shellcheck` is off. A `program` that cannot be run is an error.
    pub fn detect(
        use_shellcheck: bool,
        program: Option<PathBuf>,
        dialect: shellcheck::Dialect,
    ) -> Result<Self, String> {
        if let Some(program) = program.as_ref().filter(|p| !is_executable(p)) {
            return Err(format!(
                "cannot run {}: not an executable file",
                program.display()
            ));
        }
        let shell = find_program("dash").or_else(|| find_program("sh"));
        let shellcheck = use_shellcheck
            .then(|| program.or_else(|| find_program("shellcheck")))
            .flatten()
            .map(|program| ShellCheck { program, dialect });
        Ok(ShellTools { shell, shellcheck })
    }
}

/// The first executable file called `name` in a `PATH` directory.
pub fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        path.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// A fragment to check: the index of its file, the fragment, and the variables its job provides.
struct Found {
    file: usize,
    fragment: Fragment,
    variables: std::rc::Rc<Vec<String>>,
}

/// Checks the shell fragments of every analysed file Upstart accepts, with every tool in
/// `tools`, and adds the findings to each file's diagnostics.
///
/// A tool that cannot be run is reported as an error; findings of the other tools are kept.
pub fn check_analyses(analyses: &mut [&mut Analysis], tools: &ShellTools) -> Result<(), String> {
    let read: Vec<&Analysis> = analyses.iter().map(|a| &**a).collect();
    let (found, problem) = findings(&read, tools);
    for (analysis, new) in analyses.iter_mut().zip(found) {
        analysis.diagnostics.extend(new);
        analysis
            .diagnostics
            .sort_by_cached_key(Diagnostic::order_key);
    }
    problem.map_or(Ok(()), Err)
}

/// The shell findings of each analysed file Upstart accepts (one list per file, in order), as
/// found by every tool in `tools`, and what stopped a tool from running if one could not.
pub fn findings(
    analyses: &[&Analysis],
    tools: &ShellTools,
) -> (Vec<Vec<Diagnostic>>, Option<String>) {
    let mut found = Vec::new();
    for (file, analysis) in analyses.iter().enumerate() {
        if analysis.upstart_error().is_some() {
            continue;
        }
        let variables = std::rc::Rc::new(variables::job_variables(&analysis.job));
        found.extend(
            fragments(&analysis.tree.source_file(), &analysis.source.text)
                .into_iter()
                .map(|fragment| Found {
                    file,
                    fragment,
                    variables: variables.clone(),
                }),
        );
    }
    let mut new = Vec::new();
    let mut problem = None;
    let mut parses = vec![true; found.len()];
    if let Some(shell) = &tools.shell {
        let all: Vec<&Fragment> = found.iter().map(|f| &f.fragment).collect();
        for (i, result) in syntax::check_all(shell, &all).into_iter().enumerate() {
            match result {
                Ok(None) => {}
                Ok(Some(error)) => {
                    parses[i] = false;
                    new.push((
                        found[i].file,
                        syntax::diagnostic(&found[i].fragment, &error),
                    ));
                }
                Err(message) => problem = Some(message),
            }
        }
    }
    if let Some(shellcheck) = &tools.shellcheck {
        // A fragment the shell cannot parse gets one finding, not ShellCheck's parse errors too.
        let checked: Vec<&Found> = found
            .iter()
            .zip(&parses)
            .filter(|(_, ok)| **ok)
            .map(|(f, _)| f)
            .collect();
        let inputs: Vec<shellcheck::Input> = checked
            .iter()
            .map(|f| shellcheck::Input {
                fragment: &f.fragment,
                variables: &f.variables,
            })
            .collect();
        match shellcheck::check_all(shellcheck, &inputs) {
            Ok(results) => {
                for (f, diagnostics) in checked.iter().zip(results) {
                    new.extend(diagnostics.into_iter().map(|d| (f.file, d)));
                }
            }
            Err(message) => problem = Some(message),
        }
    }
    let mut per_file = vec![Vec::new(); analyses.len()];
    for (file, diagnostic) in new {
        per_file[file].push(diagnostic);
    }
    for diagnostics in &mut per_file {
        diagnostics.sort_by_cached_key(Diagnostic::order_key);
    }
    (per_file, problem)
}
