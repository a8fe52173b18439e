//! Event matches against what their emitters really send (spec §3.3, §3.7, §3.8, §6.3).

use rowan::TextRange;

use super::context::JobFile;
use crate::check::Diagnostic;
use crate::check::registry;
use crate::model::events::{self, KnownEvent};
use crate::syntax::ast::{Arg, Stanza};
use crate::syntax::{StanzaKind, SyntaxKind};

/// One argument of an event match, as `event_operator_match` reads it (spec §3.3).
enum MatchArg {
    /// Compared with the value of the event's entry at `index`.
    Positional { index: usize, value: String },
    /// Looked up by key anywhere in the event; `negated` for `KEY!=VALUE`.
    Named { key: String, negated: bool },
}

/// An event match: its name, and each argument with its range.
struct EventMatch {
    name: String,
    name_range: TextRange,
    args: Vec<(TextRange, MatchArg)>,
}

fn matches_in(stanza: &Stanza) -> impl Iterator<Item = EventMatch> {
    stanza
        .syntax()
        .descendants()
        .filter(|node| node.kind() == SyntaxKind::EVENT_MATCH)
        .filter_map(|node| {
            let mut words = node.children().filter_map(Arg::cast);
            let name = words.next()?;
            let mut positional = 0;
            let args = words
                .map(|arg| {
                    let value = String::from_utf8_lossy(&arg.value()).into_owned();
                    let parsed = match value.split_once('=') {
                        Some((key, _)) => Named {
                            negated: key.ends_with('!'),
                            key: key.trim_end_matches('!').to_string(),
                        },
                        None => {
                            positional += 1;
                            Positional {
                                index: positional - 1,
                                value,
                            }
                        }
                    };
                    (arg.range(), parsed)
                })
                .collect();
            Some(EventMatch {
                name: String::from_utf8_lossy(&name.value()).into_owned(),
                name_range: name.range(),
                args,
            })
        })
}

use MatchArg::{Named, Positional};

/// Every match in `start on` and `stop on` whose event is well known.
fn known_matches(file: &JobFile) -> Vec<(EventMatch, &'static KnownEvent)> {
    file.stanzas(StanzaKind::Start)
        .chain(file.stanzas(StanzaKind::Stop))
        .flat_map(matches_in)
        .filter_map(|m| Some((events::find(&m.name)?, m)))
        .map(|(known, m)| (m, known))
        .collect()
}

/// The variables an event carries only sometimes, so that `KEY!=VALUE` fails without them.
fn optional_variables(event: &str) -> &'static [&'static str] {
    match event {
        "stopping" | "stopped" => &["PROCESS", "EXIT_STATUS", "EXIT_SIGNAL"],
        "runlevel" => &["INIT_HALT"],
        "socket" => &["PORT", "ADDR", "SOCKET_PATH"],
        "file" => &["MATCH"],
        _ => &[],
    }
}

/// A match on a variable (or position) that the event never carries: it can never be true.
pub fn event_variable_never_set(file: &JobFile) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (m, known) in known_matches(file) {
        if !known.variables_complete {
            continue;
        }
        let job_event = events::is_job_event(&m.name);
        for (range, arg) in &m.args {
            let problem = match arg {
                // Job events also carry the job's exported variables, which are unknown here:
                // only the documented names that this event lacks are certain misses.
                Named { key, .. } if job_event => (events::JOB_EVENT_VARIABLES
                    .contains(&key.as_str())
                    && !known.variables.contains(&key.as_str()))
                .then(|| format!("`{}` never carries `{key}`", m.name)),
                Named { key, .. } => (!known.variables.contains(&key.as_str()))
                    .then(|| format!("`{}` never carries `{key}`", m.name)),
                Positional { index, .. } if !job_event => {
                    (*index >= known.variables.len()).then(|| {
                        format!(
                            "`{}` carries {} variable{}: argument {} has nothing to match",
                            m.name,
                            known.variables.len(),
                            if known.variables.len() == 1 { "" } else { "s" },
                            index + 1
                        )
                    })
                }
                Positional { .. } => None,
            };
            let Some(message) = problem else { continue };
            found.push(
                Diagnostic::new(&registry::EVENT_VARIABLE_NEVER_SET, *range, message)
                    .with_label("a match on a missing variable is never true")
                    .with_secondary(m.name_range, variables_label(known))
                    .with_help(format!("`{}` is emitted by {}", m.name, known.emitter)),
            );
        }
    }
    found
}

fn variables_label(known: &KnownEvent) -> String {
    if known.variables.is_empty() {
        "this event carries no variables".to_string()
    } else {
        format!("carries, in order: {}", known.variables.join(" "))
    }
}

/// `KEY!=VALUE` on a variable the event carries only sometimes: without it, no match.
pub fn not_equal_on_optional_variable(file: &JobFile) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (m, _) in known_matches(file) {
        let optional = optional_variables(&m.name);
        for (range, arg) in &m.args {
            let Named { key, negated: true } = arg else {
                continue;
            };
            if !optional.contains(&key.as_str()) {
                continue;
            }
            found.push(
                Diagnostic::new(
                    &registry::NOT_EQUAL_ON_OPTIONAL_VARIABLE,
                    *range,
                    format!("`{key}!=` does not match `{}` events without `{key}`", m.name),
                )
                .with_label(format!(
                    "`{}` carries `{key}` only sometimes; a missing variable is no match, not \"different\"",
                    m.name
                ))
                .with_help("match what the event does carry, or split the condition with `or`"),
            );
        }
    }
    found
}

/// Positional arguments that compare with another variable than the author meant, and
/// positional arguments that make a bridge ignore the job (spec §3.7, §3.8, §6.3 item 21).
pub fn positional_event_argument(file: &JobFile) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (m, known) in known_matches(file) {
        for (range, arg) in &m.args {
            let Positional { index, value } = arg else {
                continue;
            };
            let message = match m.name.as_str() {
                "starting" | "started" if *index >= 2 => format!(
                    "argument {} of `{}` is compared with the job's first exported variable",
                    index + 1,
                    m.name
                ),
                "starting" | "started" | "stopping" | "stopped"
                    if *index < 2 && matches!(value.as_str(), "ok" | "failed") =>
                {
                    format!(
                        "`{value}` is compared with `{}`, not with `RESULT`",
                        known.variables[*index]
                    )
                }
                "socket" | "file" => format!(
                    "{} reads only `KEY=VALUE` arguments: it ignores this job",
                    known.emitter
                ),
                _ => continue,
            };
            let help = if matches!(value.as_str(), "ok" | "failed") {
                format!("write `RESULT={value}`")
            } else {
                "name the variable: `KEY=VALUE`".to_string()
            };
            found.push(
                Diagnostic::new(&registry::POSITIONAL_EVENT_ARGUMENT, *range, message)
                    .with_label("positional arguments match the event's variables in order")
                    .with_secondary(m.name_range, variables_label(known))
                    .with_help(help),
            );
        }
    }
    found
}

/// `socket PROTO=unix`: the 1.13.2 bridge cannot activate unix sockets (spec §3.8).
pub fn unix_socket_activation(file: &JobFile) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for stanza in file.stanzas(StanzaKind::Start) {
        for m in matches_in(stanza).filter(|m| m.name == "socket") {
            let proto_unix = m.args.iter().find(|(range, arg)| {
                matches!(arg, Named { key, negated: false } if key == "PROTO")
                    && file.text[*range].ends_with("=unix")
            });
            let Some((range, _)) = proto_unix else {
                continue;
            };
            found.push(
                Diagnostic::new(
                    &registry::UNIX_SOCKET_ACTIVATION,
                    *range,
                    "unix-socket activation does not work in Upstart 1.13.2",
                )
                .with_label(
                    "the bridge listens on `PATH=` but emits `SOCKET_PATH=`: the job never starts",
                )
                .with_help("use an inet socket, or start the job on another event"),
            );
        }
    }
    found
}
