//! The external shell checks over a check run: `dash -n` (or `sh -n`) and ShellCheck.

use std::collections::HashMap;
use std::path::PathBuf;

use super::{CheckRun, Problem};
use crate::check::config::ShellSettings;
use crate::check::shell::{self, ShellTools};

/// Runs the tools on every file of `run`, once per distinct shell setting of the files (usually
/// one); their findings go through each file's rule selection and suppression comments like the
/// others. A ShellCheck program named explicitly that cannot run is an error.
pub fn add_shell_findings(run: &mut CheckRun) -> Result<(), String> {
    let mut groups: HashMap<ShellSettings, Vec<usize>> = HashMap::new();
    for (i, file) in run.files.iter().enumerate() {
        groups
            .entry(file.settings.shell.clone())
            .or_default()
            .push(i);
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by_key(|(_, files)| files[0]);
    let mut warned = false;
    let mut problem = Ok(());
    for (settings, files) in groups {
        let tools = ShellTools::detect(
            settings.shellcheck,
            settings.shellcheck_path,
            settings.dialect,
        )?;
        if tools.shell.is_none() && !std::mem::replace(&mut warned, true) {
            run.notes.push(Problem {
                path: PathBuf::from("sh"),
                message: "neither dash nor sh is on PATH: shell syntax not checked".into(),
            });
        }
        let analyses: Vec<_> = files.iter().map(|&i| &run.files[i].analysis).collect();
        let (found, failed) = shell::findings(&analyses, &tools);
        for (&i, added) in files.iter().zip(found) {
            run.files[i].add_later_findings(added);
        }
        if let Some(message) = failed {
            problem = Err(message);
        }
    }
    problem
}
