//! G01xx: what a simulated Ubuntu boot of the whole checked set shows about single jobs,
//! reported on their `start on` / `stop on` stanzas.

use rowan::TextRange;

use super::CheckRun;
use crate::check::Diagnostic;
use crate::check::registry::{HELD_AT_BOOT, STUCK_AT_BOOT};
use crate::check::rules::context::JobFile;
use crate::runtime::boot::{BootOptions, DEFAULT_BUDGET, Profile, boot};
use crate::runtime::lint::{BootFinding, Tree, boot_findings};
use crate::runtime::outcome::Outcomes;
use crate::syntax::StanzaKind;

/// How long the simulated boot runs (microseconds): past the two-minute failsafe.
const BOOT_LENGTH: i64 = 300_000_000;

/// Boots the `.conf` files Upstart loads and adds the G01xx findings to their analyses.
pub fn add_boot_findings(run: &mut CheckRun) {
    let is_conf = |f: &&super::CheckedFile| f.path.extension().is_some_and(|e| e == "conf");
    let jobs: Vec<_> = run
        .files
        .iter()
        .filter(is_conf)
        .filter(|f| f.analysis.upstart_error().is_none())
        .map(|f| f.analysis.job.clone())
        .collect();
    if jobs.is_empty() {
        return;
    }
    let options = BootOptions {
        profile: Profile::Ubuntu,
        runlevel: "2".into(),
        until: BOOT_LENGTH,
        budget: DEFAULT_BUDGET,
    };
    let engine = boot(jobs, &Outcomes::default(), &options);
    // A boot cut short says nothing certain about what would have happened next.
    if !engine.completed {
        return;
    }
    for finding in boot_findings(&engine) {
        let (job, stanza, diagnostic) = match &finding {
            BootFinding::HoldsEvent {
                job,
                tree,
                event,
                blocks,
            } => {
                let (kind, name) = match tree {
                    Tree::StartOn => (StanzaKind::Start, "start on"),
                    Tree::StopOn => (StanzaKind::Stop, "stop on"),
                };
                let consequence = match blocks {
                    Some(other) => format!(": `{other}` stays blocked in it"),
                    None => ": its emitter never returns".into(),
                };
                let message = format!(
                    "in a simulated boot, `{name}` matches `{event}` but never the rest of its \
                     condition and holds the event{consequence}"
                );
                (job, kind, (&HELD_AT_BOOT, message))
            }
            BootFinding::Stuck {
                job,
                status,
                held_by,
                endless_task,
            } => {
                let why = if *endless_task {
                    ": a task without a main process never finishes".to_string()
                } else if held_by.is_empty() {
                    String::new()
                } else {
                    format!(": its event is held by {}", held_by.join(", "))
                };
                let message = format!("a simulated boot leaves this job at {status}{why}");
                (job, StanzaKind::Start, (&STUCK_AT_BOOT, message))
            }
        };
        let Some(file) = run
            .files
            .iter_mut()
            .filter(|f| f.path.extension().is_some_and(|e| e == "conf"))
            .find(|f| &f.analysis.job.name == job)
        else {
            continue;
        };
        let range = {
            let analysis = &file.analysis;
            let source = analysis.tree.source_file();
            let options = crate::check::Options::default();
            let view = JobFile::new(&analysis.source.text, &source, &analysis.job, &options);
            view.last(stanza)
                .map_or(TextRange::default(), JobFile::keyword_range)
        };
        let (rule, message) = diagnostic;
        file.add_later_findings(vec![Diagnostic::new(rule, range, message)]);
    }
}
