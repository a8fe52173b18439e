//! The graph as JSON (nodes, edges, conditions with their and/or structure) and as a Mermaid
//! flowchart.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde_json::{Value, json};

use super::analysis::{Deadlock, Reachability};
use super::{Condition, EventGraph, Stanza, is_job_event};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn condition_json(condition: &Condition) -> Value {
    match condition {
        Condition::Event(o) => json!({
            "event": text(&o.event),
            "job": o.job.as_deref().map(text),
        }),
        Condition::All(l, r) => json!({ "and": [condition_json(l), condition_json(r)] }),
        Condition::Any(l, r) => json!({ "or": [condition_json(l), condition_json(r)] }),
    }
}

/// Every event a condition names or a job declares.
fn events(graph: &EventGraph) -> BTreeSet<Vec<u8>> {
    let mut events: BTreeSet<Vec<u8>> = graph
        .used_events()
        .into_iter()
        .map(<[u8]>::to_vec)
        .collect();
    for job in &graph.jobs {
        events.extend(job.job.emits.iter().cloned());
    }
    events.extend(graph.script_emits.iter().map(|(_, e)| e.clone()));
    events
}

/// `{"jobs": […], "events": […], "deadlocks": […]}`.
pub fn json(graph: &EventGraph, reach: &Reachability, deadlocks: &[Deadlock]) -> String {
    let jobs: Vec<Value> = graph
        .jobs
        .iter()
        .enumerate()
        .map(|(i, j)| {
            json!({
                "name": text(&j.job.name),
                "task": j.job.task,
                "respawn": j.job.respawn,
                "reachable": reach.started[i],
                "emits": j.job.emits.iter().map(|e| text(e)).collect::<Vec<_>>(),
                "start_on": j.start.as_ref().map(condition_json),
                "stop_on": j.stop.as_ref().map(condition_json),
            })
        })
        .collect();
    let events: Vec<Value> = events(graph)
        .iter()
        .map(|e| {
            let emitters: Vec<Value> = graph
                .emitters(e)
                .into_iter()
                .map(|em| match em {
                    super::Emitter::Declared { job, pattern } => json!({
                        "job": text(&graph.jobs[job].job.name), "pattern": text(&pattern)
                    }),
                    super::Emitter::Script { job } => json!({
                        "job": text(&graph.jobs[job].job.name), "script": true
                    }),
                    super::Emitter::Outside { pattern } => json!({
                        "profile": graph.profile.name, "pattern": text(&pattern)
                    }),
                })
                .collect();
            json!({ "name": text(e), "emitted_by": emitters })
        })
        .collect();
    let cycles: Vec<Value> = deadlocks
        .iter()
        .map(|d| {
            json!(
                d.steps
                    .iter()
                    .map(|s| text(&graph.jobs[s.from.0].job.name))
                    .collect::<Vec<_>>()
            )
        })
        .collect();
    let out = json!({
        "profile": graph.profile.name,
        "jobs": jobs,
        "events": events,
        "deadlocks": cycles,
    });
    serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
}

/// A Mermaid id: letters, digits and `_` only, unique per name.
fn mermaid_id(prefix: &str, name: &[u8]) -> String {
    let mut id = String::from(prefix);
    for &b in name {
        if b.is_ascii_alphanumeric() {
            id.push(char::from(b));
        } else {
            let _ = write!(id, "_{b:02x}");
        }
    }
    id
}

fn mermaid_label(name: &[u8]) -> String {
    text(name).replace('"', "#quot;")
}

/// A `flowchart LR`: jobs as boxes, events as hexagons; emits, start and stop edges.
pub fn mermaid(graph: &EventGraph, reach: &Reachability, deadlocks: &[Deadlock]) -> String {
    let mut out = String::from("flowchart LR\n");
    for e in events(graph) {
        let _ = writeln!(
            out,
            "  {}{{{{\"{}\"}}}}",
            mermaid_id("e_", &e),
            mermaid_label(&e)
        );
    }
    for j in &graph.jobs {
        let _ = writeln!(
            out,
            "  {}[\"{}\"]",
            mermaid_id("j_", &j.job.name),
            mermaid_label(&j.job.name)
        );
    }
    for j in &graph.jobs {
        let me = mermaid_id("j_", &j.job.name);
        for e in &j.job.emits {
            let _ = writeln!(out, "  {me} -.->|emits| {}", mermaid_id("e_", e));
        }
        for stanza in [Stanza::Start, Stanza::Stop] {
            let Some(condition) = j.condition(stanza) else {
                continue;
            };
            let word = if stanza == Stanza::Start {
                "start"
            } else {
                "stop"
            };
            for o in condition.operands() {
                let from = match (&o.job, is_job_event(&o.event)) {
                    (Some(job), true) => mermaid_id("j_", job),
                    _ => mermaid_id("e_", &o.event),
                };
                let label = if is_job_event(&o.event) {
                    format!("{word}: {}", text(&o.event))
                } else {
                    word.to_string()
                };
                let _ = writeln!(out, "  {from} -->|{label}| {me}");
            }
        }
    }
    out.push_str("  classDef unreachable stroke-dasharray: 5 5\n  classDef deadlock stroke:#f00,stroke-width:3px\n");
    for (i, j) in graph.jobs.iter().enumerate() {
        if !reach.started[i] {
            let _ = writeln!(out, "  class {} unreachable", mermaid_id("j_", &j.job.name));
        }
    }
    let in_cycles: BTreeSet<usize> = deadlocks
        .iter()
        .flat_map(|d| d.steps.iter().map(|s| s.from.0))
        .collect();
    for i in in_cycles {
        let _ = writeln!(
            out,
            "  class {} deadlock",
            mermaid_id("j_", &graph.jobs[i].job.name)
        );
    }
    out
}
