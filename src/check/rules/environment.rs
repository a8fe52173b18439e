//! `env` and `export` (spec §2.15, §6.4).

use super::context::JobFile;
use crate::check::registry;
use crate::check::{Diagnostic, Fix};
use crate::model::EventExpr;
use crate::model::events;
use crate::syntax::StanzaKind;

/// `env A=$B` stores the literal text `$B`: values are never expanded. A `$` in single quotes
/// (`env PS1='$ '`) is meant literally, as in the shell, and is left alone.
pub fn variable_in_env(file: &JobFile) -> Vec<Diagnostic> {
    file.stanzas(StanzaKind::Env)
        .filter_map(|stanza| stanza.args().next())
        .filter(|arg| has_expandable_dollar(&arg.syntax().text().to_string()))
        .map(|arg| {
            let value = String::from_utf8_lossy(&arg.value()).into_owned();
            let (name, text) = value.split_once('=').unwrap_or((&value, ""));
            Diagnostic::new(
                &registry::VARIABLE_IN_ENV,
                arg.range(),
                "`env` values are not expanded: this sets the literal text with `$`",
            )
            .with_label(format!("`{name}` is set to the text `{text}`"))
            .with_help("expand it in the script instead: `export PATH=\"$PATH:/opt/bin\"` in `pre-start`/`script`")
        })
        .collect()
}

/// Whether the value of a raw `KEY=VALUE` argument has a `$` a shell would expand: after the
/// `=`, outside single quotes. (A backslash is no escape: Upstart keeps it in the value.)
fn has_expandable_dollar(raw: &str) -> bool {
    let mut quote = None;
    let mut after_equals = false;
    for c in raw.chars() {
        match (quote, c) {
            (Some('\''), '\'') => quote = None,
            (Some('\''), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (Some('"'), '"') => quote = None,
            (_, '=') => after_equals = true,
            (_, '$') if after_equals => return true,
            _ => {}
        }
    }
    false
}

/// `export $VAR` exports a variable literally named `$VAR`.
pub fn export_variable_reference(file: &JobFile) -> Vec<Diagnostic> {
    file.stanzas(StanzaKind::Export)
        .flat_map(|stanza| stanza.args().collect::<Vec<_>>())
        .filter(|arg| arg.value().starts_with(b"$"))
        .map(|arg| {
            let name = String::from_utf8_lossy(&arg.value())
                .trim_start_matches(['$', '{'])
                .trim_end_matches('}')
                .to_string();
            Diagnostic::new(
                &registry::EXPORT_VARIABLE_REFERENCE,
                arg.range(),
                "`export` takes variable names: this exports nothing",
            )
            .with_label("a variable literally named with `$`")
            .with_help(format!("write the name: `export {name}`"))
            .with_fix(Fix::replace(
                arg.range(),
                &name,
                format!("Write `{name}`"),
                true,
            ))
        })
        .collect()
}

/// `instance $VAR` where nothing supplies `VAR`: starting the job fails with `Unknown parameter`
/// (spec §6.4 item 35).
pub fn instance_without_default(file: &JobFile) -> Vec<Diagnostic> {
    let job = file.job;
    let (Some(stanza), Some(start_on)) = (file.last(StanzaKind::Instance), &job.start_on) else {
        return Vec::new();
    };
    let Some(arg) = stanza.args().next() else {
        return Vec::new();
    };
    let value = String::from_utf8_lossy(&job.instance).into_owned();
    let missing: Vec<&str> = required_variables(&value)
        .into_iter()
        .filter(|name| {
            !ALWAYS_SET.contains(name)
                && !sets_variable(&job.env, name)
                && !supplies(start_on, name)
        })
        .collect();
    let Some(first) = missing.first() else {
        return Vec::new();
    };
    vec![
        Diagnostic::new(
            &registry::INSTANCE_WITHOUT_DEFAULT,
            arg.range(),
            format!("nothing supplies `{first}`: starting the job fails with `Unknown parameter`"),
        )
        .with_label("the events in `start on` do not carry it, and no `env` sets it")
        .with_help(format!(
            "give it a default with `env {first}=…`, or write `${{{first}:-default}}`"
        )),
    ]
}

/// Variables every starting instance has (spec §2.15: init's built-ins, and what the start
/// events add).
const ALWAYS_SET: [&str; 4] = ["PATH", "TERM", "UPSTART_EVENTS", "UPSTART_FDS"];

/// Variables `text` expands without a default: `$NAME` and `${NAME}` (spec §3.5).
fn required_variables(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(dollar) = rest.find('$') {
        rest = &rest[dollar + 1..];
        let braced = rest.starts_with('{');
        let body = if braced { &rest[1..] } else { rest };
        let len = body
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(body.len());
        let name = &body[..len];
        let plain = !braced || body[len..].starts_with('}');
        if !name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit()) && plain {
            names.push(name);
        }
    }
    names
}

/// Whether an `env` entry sets `name` (`NAME=value`, or `NAME` copied from init's environment).
fn sets_variable(env: &[Vec<u8>], name: &str) -> bool {
    env.iter()
        .any(|entry| entry.split(|&b| b == b'=').next() == Some(name.as_bytes()))
}

/// Whether every way `expr` can fire brings `name` into the environment. Events that are not
/// well known, or whose variables are open-ended, are assumed to bring it.
fn supplies(expr: &EventExpr, name: &str) -> bool {
    match expr {
        EventExpr::Match { name: event, args } => {
            let event = String::from_utf8_lossy(event);
            let named = args
                .iter()
                .any(|arg| arg.starts_with(name.as_bytes()) && arg.get(name.len()) == Some(&b'='));
            named
                || events::find(&event).is_none_or(|known| {
                    !known.variables_complete
                        || known.variables.contains(&name)
                        || (events::is_job_event(&event)
                            && !events::JOB_EVENT_VARIABLES.contains(&name))
                })
        }
        EventExpr::And(lhs, rhs) => supplies(lhs, name) || supplies(rhs, name),
        EventExpr::Or(lhs, rhs) => supplies(lhs, name) && supplies(rhs, name),
    }
}
