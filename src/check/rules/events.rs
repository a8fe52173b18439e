//! `start on` / `stop on` conditions (spec §3, §6.3).

use super::context::JobFile;
use crate::check::registry;
use crate::check::{Diagnostic, Fix};
use crate::model::{EventExpr, Expect};
use crate::syntax::ast::{Arg, Stanza};
use crate::syntax::{StanzaKind, SyntaxKind, SyntaxNode};

fn expression_stanzas<'f>(file: &'f JobFile) -> impl Iterator<Item = &'f Stanza> {
    file.stanzas(StanzaKind::Start)
        .chain(file.stanzas(StanzaKind::Stop))
}

fn event_args(stanza: &Stanza) -> impl Iterator<Item = Arg> {
    stanza
        .syntax()
        .descendants()
        .filter(|node| node.kind() == SyntaxKind::ARG)
        .filter_map(Arg::cast)
}

/// `AND`, `OR`, `&&`, `||` and quoted `"and"`/`"or"` are event arguments, not operators.
pub fn operator_not_recognized(file: &JobFile) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for stanza in expression_stanzas(file) {
        // The first word of a match is the event name: a quoted `"and"` there is an event
        // really called `and` (spec §3.1).
        let arguments = event_args(stanza).filter(|arg| {
            arg.syntax()
                .prev_sibling()
                .is_some_and(|previous| previous.kind() == SyntaxKind::ARG)
        });
        for arg in arguments {
            let raw = &file.text[arg.range()];
            let operator = match raw {
                "AND" | "And" | "&&" | "\"and\"" | "'and'" => "and",
                "OR" | "Or" | "||" | "\"or\"" | "'or'" => "or",
                _ => continue,
            };
            found.push(
                Diagnostic::new(
                    &registry::OPERATOR_NOT_RECOGNIZED,
                    arg.range(),
                    format!("`{raw}` is not an operator: it is read as an event argument"),
                )
                .with_label("the condition now needs an event with this argument")
                .with_help(format!(
                    "only lower-case, unquoted `and` / `or` are operators: write `{operator}`"
                ))
                .with_fix(Fix::replace(
                    arg.range(),
                    operator,
                    format!("Replace with `{operator}`"),
                    false,
                )),
            );
        }
    }
    found
}

/// `a or b and c` groups as `(a or b) and c`: mixing operators without parentheses.
pub fn mixed_and_or(file: &JobFile) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for stanza in expression_stanzas(file) {
        for binary in stanza
            .syntax()
            .descendants()
            .filter(|n| n.kind() == SyntaxKind::EVENT_BINARY)
        {
            let Some(inner) = binary
                .children()
                .find(|n| n.kind() == SyntaxKind::EVENT_BINARY)
            else {
                continue;
            };
            if operator(&binary) != operator(&inner) {
                found.push(
                    Diagnostic::new(
                        &registry::MIXED_AND_OR,
                        binary.text_range(),
                        "`and` and `or` are mixed without parentheses",
                    )
                    .with_label(format!(
                        "Upstart reads this as `({}) {} …`: both operators bind equally, left to right",
                        inner.text().to_string().trim(),
                        operator(&binary)
                    ))
                    .with_secondary(inner.text_range(), "grouped first")
                    .with_help("add parentheses to say which grouping you mean"),
                );
            }
        }
    }
    found
}

fn operator(binary: &SyntaxNode) -> String {
    binary
        .children()
        .find(|n| n.kind() == SyntaxKind::OPERATOR)
        .map_or_else(String::new, |op| op.text().to_string())
}

/// `$VAR` in `start on` never expands: the atom silently never matches (spec §3.5).
pub fn variable_in_start_on(file: &JobFile) -> Vec<Diagnostic> {
    let Some(start_on) = file.last(StanzaKind::Start) else {
        return Vec::new();
    };
    event_args(start_on)
        .filter(|arg| references_variable(&file.text[arg.range()]))
        .map(|arg| {
            Diagnostic::new(
                &registry::VARIABLE_IN_START_ON,
                arg.range(),
                "`start on` values are not expanded: this never matches",
            )
            .with_label("no environment exists yet when `start on` is matched")
            .with_help("variables work in `stop on` (against the instance's environment), not in `start on`")
        })
        .collect()
}

/// Whether `text` holds `$NAME` or `${NAME}`: forms that need a variable to be set.
fn references_variable(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        if b != b'$' {
            return false;
        }
        match bytes.get(i + 1) {
            Some(c) if c.is_ascii_alphabetic() || *c == b'_' => true,
            Some(b'{') => {
                let name_end = bytes[i + 2..]
                    .iter()
                    .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
                    .map_or(bytes.len(), |p| i + 2 + p);
                name_end > i + 2 && bytes.get(name_end) == Some(&b'}')
            }
            _ => false,
        }
    })
}

/// A service that starts on an event but never stops on one.
pub fn service_without_stop_on(file: &JobFile) -> Vec<Diagnostic> {
    let job = file.job;
    // A job without a main process has nothing to stop: it is a state or one-shot job. Only
    // jobs that are sure to run on (respawned, or daemons Upstart tracks) are judged: a short
    // command without `task` ends by itself.
    let has_main = job.processes.contains_key(&crate::model::ProcessKind::Main);
    let long_running = job.respawn || matches!(job.expect, Expect::Fork | Expect::Daemon);
    if job.task || !has_main || !long_running || job.start_on.is_none() || job.stop_on.is_some() {
        return Vec::new();
    }
    let Some(start_on) = file.last(StanzaKind::Start) else {
        return Vec::new();
    };
    vec![
        Diagnostic::new(
            &registry::SERVICE_WITHOUT_STOP_ON,
            file.first_line_range(start_on),
            "this service starts on an event but has no `stop on`",
        )
        .with_label("it is only killed in the final shutdown sweep")
        .with_help("pair it, e.g. `start on runlevel [2345]` with `stop on runlevel [!2345]`"),
    ]
}

/// `manual` only forgets the `start on` seen before it; a later one still starts the job.
pub fn manual_before_start_on(file: &JobFile) -> Vec<Diagnostic> {
    let Some(manual) = file.stanzas(StanzaKind::Manual).next() else {
        return Vec::new();
    };
    let Some(start_on) = file
        .stanzas(StanzaKind::Start)
        .find(|s| s.range().start() > manual.range().start())
    else {
        return Vec::new();
    };
    vec![
        Diagnostic::new(
            &registry::MANUAL_BEFORE_START_ON,
            JobFile::keyword_range(manual),
            "`manual` comes before `start on`, so the job still starts automatically",
        )
        .with_label("`manual` only clears the `start on` seen so far")
        .with_secondary(
            file.first_line_range(start_on),
            "this condition still applies",
        )
        .with_help("move `manual` after the `start on`, or put it in a `.override` file"),
    ]
}

/// `and` with a `starting`/`stopping` (or `mounting`) operand: the matched event is held, and
/// its emitter waits until the whole condition is true (spec §3.6, §6.3 item 23).
pub fn and_on_hook_event(file: &JobFile) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for stanza in file.stanzas(StanzaKind::Start) {
        let ands = stanza
            .syntax()
            .descendants()
            .filter(|n| n.kind() == SyntaxKind::EVENT_BINARY && operator(n) == "and");
        for binary in ands {
            let operands: Vec<SyntaxNode> = binary
                .children()
                .filter(|n| n.kind() != SyntaxKind::OPERATOR)
                .collect();
            for (index, operand) in operands.iter().enumerate() {
                let Some((event, name)) = hook_event(file, operand) else {
                    continue;
                };
                // `startup` is the first event ever emitted: it is always already held.
                let others_are_startup = operands
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != index)
                    .all(|(_, other)| event_name(file, other).as_deref() == Some("startup"));
                if others_are_startup {
                    continue;
                }
                found.push(
                    Diagnostic::new(
                        &registry::AND_ON_HOOK_EVENT,
                        event.text_range(),
                        format!("`{name}` combined with `and` can stall its emitter"),
                    )
                    .with_label(format!(
                        "once matched, this event is held: the job it names stays in `{name}` until the rest of the condition is met"
                    ))
                    .with_help("use `started`/`stopped`, or make sure the other events always come first"),
                );
            }
        }
    }
    found
}

/// The event match of `term` (through parentheses), if it is a hook event.
fn hook_event(file: &JobFile, term: &SyntaxNode) -> Option<(SyntaxNode, String)> {
    let event = single_match(term)?;
    let name = event_name(file, &event)?;
    matches!(name.as_str(), "starting" | "stopping" | "mounting").then_some((event, name))
}

/// The event name of `term` when it is a single event match (through parentheses).
fn event_name(file: &JobFile, term: &SyntaxNode) -> Option<String> {
    let event = single_match(term)?;
    let name = event.children().find_map(Arg::cast)?;
    Some(file.text[name.range()].to_string())
}

fn single_match(term: &SyntaxNode) -> Option<SyntaxNode> {
    match term.kind() {
        SyntaxKind::EVENT_MATCH => Some(term.clone()),
        SyntaxKind::EVENT_GROUP => single_match(&term.children().next()?),
        _ => None,
    }
}

/// `start on runlevel …` with a `stop on` that ignores runlevels: a switch to single-user mode
/// or shutdown does not stop the job (spec §6.3 items 13 and 22).
pub fn runlevel_start_without_stop(file: &JobFile) -> Vec<Diagnostic> {
    let (Some(start_on), Some(stop_on)) = (&file.job.start_on, &file.job.stop_on) else {
        return Vec::new();
    };
    // `stop on stopping X` ties the job to X, which handles runlevels itself.
    if !mentions_runlevel(start_on) || mentions_runlevel(stop_on) || follows_a_job(stop_on) {
        return Vec::new();
    }
    let (Some(start), Some(stop)) = (file.last(StanzaKind::Start), file.last(StanzaKind::Stop))
    else {
        return Vec::new();
    };
    vec![
        Diagnostic::new(
            &registry::RUNLEVEL_START_WITHOUT_STOP,
            file.first_line_range(stop),
            "the job starts on a runlevel but does not stop on one",
        )
        .with_label("a switch to runlevel 0, 1 or 6 does not stop it cleanly")
        .with_secondary(file.first_line_range(start), "started by the runlevel here")
        .with_help("add the runlevel to the stop condition, e.g. `stop on runlevel [!2345]`"),
    ]
}

/// Whether `expr` has a match on a job event (`stopping X`, …).
fn follows_a_job(expr: &EventExpr) -> bool {
    match expr {
        EventExpr::Match { name, .. } => {
            crate::model::events::is_job_event(&String::from_utf8_lossy(name))
        }
        EventExpr::And(lhs, rhs) | EventExpr::Or(lhs, rhs) => {
            follows_a_job(lhs) || follows_a_job(rhs)
        }
    }
}

/// Whether `expr` depends on the runlevel: a `runlevel` match, or a `RUNLEVEL=` argument (as in
/// Ubuntu's `stop on starting rc RUNLEVEL=[016]`).
fn mentions_runlevel(expr: &EventExpr) -> bool {
    match expr {
        EventExpr::Match { name, args } => {
            name == b"runlevel" || args.iter().any(|arg| arg.starts_with(b"RUNLEVEL="))
        }
        EventExpr::And(lhs, rhs) | EventExpr::Or(lhs, rhs) => {
            mentions_runlevel(lhs) || mentions_runlevel(rhs)
        }
    }
}
