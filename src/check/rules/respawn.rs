//! Respawning and exit statuses (spec §2.6, §2.7, §6.2).

use super::context::{JobFile, number};
use crate::check::Diagnostic;
use crate::check::registry;
use crate::syntax::StanzaKind;

/// `respawn limit` that cannot do what it seems to: without `respawn`, or with a 0 meaning "no
/// limit".
pub fn respawn_limit(file: &JobFile) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let Some(limit) = file
        .stanzas(StanzaKind::Respawn)
        .filter(|s| s.args().next().is_some())
        .last()
    else {
        return found;
    };
    let range = file.first_line_range(limit);
    if !file.job.respawn {
        found.push(
            Diagnostic::new(
                &registry::RESPAWN_LIMIT_WITHOUT_RESPAWN,
                range,
                "`respawn limit` without `respawn`: the job is never respawned",
            )
            .with_label("this only sets the rate limit")
            .with_help("add a `respawn` line, or remove the limit"),
        );
    }
    let args: Vec<Vec<u8>> = limit.args().map(|a| a.value()).collect();
    if args.len() == 2 && (args[0] == b"0" || args[1] == b"0") {
        found.push(
            Diagnostic::new(
                &registry::RESPAWN_LIMIT_ZERO,
                range,
                "a 0 in `respawn limit` turns the limit off: the job respawns for ever",
            )
            .with_label("0 means unlimited, not \"never respawn\"")
            .with_help("to stop respawning, remove `respawn`; to say \"no limit\", write `respawn limit unlimited`"),
        );
    }
    found
}

/// `task` with `respawn`: a task that exits 0 is never respawned.
pub fn task_with_respawn(file: &JobFile) -> Vec<Diagnostic> {
    if !(file.job.task && file.job.respawn) {
        return Vec::new();
    }
    let Some(respawn) = file
        .stanzas(StanzaKind::Respawn)
        .find(|s| s.args().next().is_none())
    else {
        return Vec::new();
    };
    let mut d = Diagnostic::new(
        &registry::TASK_WITH_RESPAWN,
        file.first_line_range(respawn),
        "a task with `respawn` is retried until it succeeds, not run periodically",
    )
    .with_label("an exit status of 0 ends a task for good");
    if let Some(task) = file.last(StanzaKind::Task) {
        d = d.with_secondary(JobFile::keyword_range(task), "the job is a task");
    }
    vec![d]
}

/// `normal exit` values that never match what the author meant.
pub fn normal_exit(file: &JobFile) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for stanza in file.stanzas(StanzaKind::Normal) {
        for arg in stanza.args() {
            let value = arg.value();
            let Some(number) = number::<u64>(&value) else {
                continue;
            };
            let (message, help) = match number {
                256.. if number % 256 == 0 => (
                    format!(
                        "`{number}` is matched as signal {}, not as an exit status",
                        number / 256
                    ),
                    "write the signal by name, e.g. `TERM`".to_string(),
                ),
                256.. => (
                    format!("`{number}` can never match: exit statuses go up to 255"),
                    "use an exit status from 0 to 255, or a signal name".to_string(),
                ),
                9 | 15 => (
                    format!("`{number}` is exit status {number}, not signal {number}"),
                    format!(
                        "if you meant the signal, write `{}`",
                        if number == 9 { "KILL" } else { "TERM" }
                    ),
                ),
                _ => continue,
            };
            found.push(
                Diagnostic::new(&registry::NORMAL_EXIT_NUMBER, arg.range(), message)
                    .with_label("numbers are exit statuses; signals are written by name")
                    .with_help(help),
            );
        }
    }
    found
}

/// Shortest average time between crashes that the default limit (10 in 5 s) still stops.
const LOOSEST_SECONDS_PER_RESPAWN: f64 = 0.1;
/// Longest average time between crashes before a limit stops a job for good after a hiccup.
const TIGHTEST_SECONDS_PER_RESPAWN: f64 = 300.0;

/// `respawn limit COUNT INTERVAL` so loose that crash loops never stop, or so tight that one
/// hiccup stops the job for good (spec §6.2 items 7 and 8).
pub fn respawn_limit_rate(file: &JobFile) -> Vec<Diagnostic> {
    let job = file.job;
    if !job.respawn || job.respawn_limit <= 0 || job.respawn_interval <= 0 {
        return Vec::new();
    }
    let Some(limit) = file
        .stanzas(StanzaKind::Respawn)
        .filter(|s| s.args().next().is_some())
        .last()
    else {
        return Vec::new();
    };
    let (count, interval) = (job.respawn_limit, job.respawn_interval);
    let per_respawn = interval as f64 / f64::from(count);
    let range = file.first_line_range(limit);
    let diagnostic = if per_respawn < LOOSEST_SECONDS_PER_RESPAWN {
        Diagnostic::new(
            &registry::RESPAWN_LIMIT_TOO_LOOSE,
            range,
            format!("{count} respawns in {interval} s: a crash loop slower than {per_respawn:.2} s is never stopped"),
        )
        .with_label("most crash loops take longer than this per run, and go on for ever")
        .with_help("the default, `respawn limit 10 5`, stops loops faster than 0.5 s per run")
    } else if per_respawn >= TIGHTEST_SECONDS_PER_RESPAWN {
        Diagnostic::new(
            &registry::RESPAWN_LIMIT_TOO_TIGHT,
            range,
            format!(
                "{count} respawn{} in {interval} s: one more crash in that window stops the job for good",
                if count == 1 { "" } else { "s" }
            ),
        )
        .with_label("past the limit the job stays stopped until someone runs `start`")
        .with_help("allow a few respawns in a short window, e.g. `respawn limit 5 60`")
    } else {
        return Vec::new();
    };
    vec![diagnostic]
}
