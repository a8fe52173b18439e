//! Upstart-aware shell rules: what a fragment does that matters to how init runs the job.

mod bashism;
mod process;
mod scope;
mod style;

use super::commands::{self, SimpleCommand};
use super::extract::Fragment;
use super::initctl::{self, InitctlCall};
use crate::check::Diagnostic;
use crate::check::rules::context::JobFile;
use crate::model::ProcessKind;

/// The fragments of one job file, each read into commands once for all rules.
pub struct ShellFile<'a> {
    /// The job file.
    pub file: &'a JobFile<'a>,
    /// Every fragment that Upstart runs (a process replaced by a later stanza is left out),
    /// with its commands.
    pub fragments: Vec<(&'a Fragment, Vec<SimpleCommand>)>,
}

impl<'a> ShellFile<'a> {
    /// Reads the fragments of `file` that Upstart keeps.
    pub fn new(file: &'a JobFile<'a>, fragments: &'a [Fragment]) -> Self {
        let fragments = fragments
            .iter()
            .filter(|f| {
                file.job
                    .processes
                    .get(&f.process)
                    .is_some_and(|p| p.range == f.stanza)
            })
            .map(|f| (f, commands::commands(&f.text)))
            .collect();
        ShellFile { file, fragments }
    }

    fn of(&self, process: ProcessKind) -> Option<&(&'a Fragment, Vec<SimpleCommand>)> {
        self.fragments.iter().find(|(f, _)| f.process == process)
    }
}

/// A per-file shell rule.
type ShellRule = fn(&ShellFile) -> Vec<Diagnostic>;

/// Every Upstart-aware shell rule, in code order.
const RULES: [ShellRule; 8] = [
    process::background_in_main,
    process::daemon_without_exec,
    process::stop_without_exit,
    process::exit_zero_in_respawned_service,
    style::cd_instead_of_chdir,
    style::sleep_loop_waiting_for_job,
    bashism::bashism,
    scope::variable_from_other_process,
];

/// Runs every Upstart-aware shell rule on a job Upstart accepts.
pub fn check(file: &JobFile, fragments: &[Fragment]) -> Vec<Diagnostic> {
    let shell = ShellFile::new(file, fragments);
    RULES.iter().flat_map(|rule| rule(&shell)).collect()
}

/// Every `initctl` call in the file's fragments, in file order (all fragments: the event graph
/// wants every call that can run).
pub fn initctl_calls(fragments: &[Fragment]) -> Vec<InitctlCall> {
    fragments
        .iter()
        .flat_map(|f| {
            commands::commands(&f.text)
                .into_iter()
                .filter_map(move |c| initctl::call(f, &c))
        })
        .collect()
}

/// The file range of a whole command.
fn range(fragment: &Fragment, command: &SimpleCommand) -> rowan::TextRange {
    let range = command.range();
    fragment.file_range(range.start, range.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::analyze;
    use crate::check::shell::initctl::InitctlAction;

    #[test]
    fn initctl_calls_are_recorded_with_their_spans() {
        let text = "pre-start script\n  initctl emit --no-wait food-up PORT=80 >/dev/null\n  \
                    [ -f /x ] || { stop; exit 0; }\nend script\n\
                    post-stop exec /sbin/start \"cleanup\" MODE=full\n";
        let analysis = analyze(text.as_bytes(), b"food");
        let calls: Vec<_> = analysis
            .initctl_calls
            .iter()
            .map(|c| {
                let at = &text[c.range];
                (
                    c.action,
                    c.target.as_deref(),
                    c.args.clone(),
                    c.no_wait,
                    c.process,
                    at,
                )
            })
            .collect();
        assert_eq!(
            calls,
            [
                (
                    InitctlAction::Emit,
                    Some("food-up"),
                    vec!["PORT=80".to_string()],
                    true,
                    ProcessKind::PreStart,
                    "initctl emit --no-wait food-up PORT=80 >/dev/null"
                ),
                (
                    InitctlAction::Stop,
                    None,
                    vec![],
                    false,
                    ProcessKind::PreStart,
                    "stop"
                ),
                (
                    InitctlAction::Start,
                    Some("cleanup"),
                    vec!["MODE=full".to_string()],
                    false,
                    ProcessKind::PostStop,
                    "/sbin/start \"cleanup\" MODE=full"
                ),
            ]
        );
    }
}
