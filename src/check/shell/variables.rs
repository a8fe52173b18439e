//! The variables a job's shell fragments can rely on (spec §2.15, §3.7, §3.8).

use crate::model::events;
use crate::model::{EventExpr, Job};

/// Set by init for every process (`job_process.c:289-301`) or by init's own environment; the
/// job events' variables (§3.7, [`events::JOB_EVENT_VARIABLES`]) come on top.
const ALWAYS: [&str; 8] = [
    "PATH",
    "TERM",
    "UPSTART_JOB",
    "UPSTART_INSTANCE",
    "UPSTART_EVENTS",
    "UPSTART_SESSION",
    "UPSTART_FDS",
    "UPSTART_STOP_EVENTS",
];

/// udev bridge events (`<subsystem>-device-<action>`) carry their udev properties too; the
/// one jobs use most is a network device's `INTERFACE`.
const DEVICE_PROPERTIES: [&str; 1] = ["INTERFACE"];

/// Every variable name the job's processes may find set, each once, in first-seen order.
pub fn job_variables(job: &Job) -> Vec<String> {
    let mut names: Vec<String> = ALWAYS
        .iter()
        .chain(&events::JOB_EVENT_VARIABLES)
        .map(|n| n.to_string())
        .collect();
    let keys = job.env.iter().chain(&job.export).map(|entry| {
        let key = entry.split(|&b| b == b'=').next().unwrap_or_default();
        String::from_utf8_lossy(key).into_owned()
    });
    names.extend(keys);
    names.extend(instance_variables(&job.instance));
    for expr in job.start_on.iter().chain(&job.stop_on) {
        event_variables(expr, &mut names);
    }
    let mut seen = std::collections::HashSet::new();
    names.retain(|name| is_name(name) && seen.insert(name.clone()));
    names
}

/// `$NAME` and `${NAME…}` references in an `instance` template.
fn instance_variables(template: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(template);
    text.split('$')
        .skip(1)
        .map(|rest| {
            let rest = rest.strip_prefix('{').unwrap_or(rest);
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

fn event_variables(expr: &EventExpr, names: &mut Vec<String>) {
    match expr {
        EventExpr::And(lhs, rhs) | EventExpr::Or(lhs, rhs) => {
            event_variables(lhs, names);
            event_variables(rhs, names);
        }
        EventExpr::Match { name, args } => {
            let name = String::from_utf8_lossy(name);
            if let Some(known) = events::find(&name) {
                names.extend(known.variables.iter().map(|v| v.to_string()));
            }
            if events::is_device_event(&name) {
                names.extend(DEVICE_PROPERTIES.iter().map(|v| v.to_string()));
            }
            // `KEY=VALUE` matches name variables the event must carry.
            for arg in args {
                if let Some(eq) = arg.iter().position(|&b| b == b'=') {
                    let key = arg[..eq].strip_suffix(b"!").unwrap_or(&arg[..eq]);
                    names.push(String::from_utf8_lossy(key).into_owned());
                }
            }
        }
    }
}

/// A shell variable name: `[A-Za-z_][A-Za-z0-9_]*`.
pub fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
