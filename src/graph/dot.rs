//! DOT output with the nodes, edges, names and colours of Upstart's `initctl2dot` (which reads
//! `initctl show-config -e`), plus highlights it cannot draw: jobs in deadlock cycles and jobs
//! unreachable from boot. Highlights re-state existing nodes, so the node and edge sets stay
//! those of initctl2dot.

use std::fmt::Write as _;

use crate::initctl::{Entry, collapse, job_argument, rpn};
use crate::model::Job;
use crate::model::fnmatch::fnmatch;

/// initctl2dot's colour options, with its defaults.
#[derive(Debug, Clone)]
pub struct Colors {
    /// `--color-emits`.
    pub emits: String,
    /// `--color-start-on`.
    pub start_on: String,
    /// `--color-stop-on`.
    pub stop_on: String,
    /// `--color-event`.
    pub event: String,
    /// `--color-job`.
    pub job: String,
    /// `--color-event-text`.
    pub event_text: String,
    /// `--color-job-text`.
    pub job_text: String,
    /// `--color-text`.
    pub text: String,
    /// `--color-bg`.
    pub bg: String,
}

impl Default for Colors {
    fn default() -> Self {
        let s = |v: &str| v.to_string();
        Colors {
            emits: s("green"),
            start_on: s("blue"),
            stop_on: s("red"),
            event: s("thistle"),
            job: s("#DCDCDC"),
            event_text: s("black"),
            job_text: s("black"),
            text: s("black"),
            bg: s("white"),
        }
    }
}

/// What to draw.
#[derive(Debug, Clone, Default)]
pub struct DotOptions {
    /// Colours.
    pub colors: Colors,
    /// `-r`: only these jobs, and what they are connected to.
    pub restrict: Vec<String>,
    /// The start of the footer label, e.g. `Generated on DATE by initctl2dot.py`.
    pub generated_by: String,
    /// Jobs to outline as part of a deadlock cycle.
    pub cycle_jobs: Vec<String>,
    /// Jobs to draw dashed as unreachable from boot.
    pub unreachable_jobs: Vec<String>,
    /// Whether each job's tooltip shows its conditions with their and/or structure.
    pub conditions: bool,
}

/// An insertion-ordered set/map, as the Python dicts initctl2dot relies on.
#[derive(Debug, Default, Clone)]
struct Ordered<V>(Vec<(String, V)>);

impl<V> Ordered<V> {
    fn set(&mut self, key: &str, value: V) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = value,
            None => self.0.push((key.to_string(), value)),
        }
    }
    fn has(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }
    fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }
}

#[derive(Debug, Default, Clone)]
struct Record {
    start_jobs: Ordered<String>,
    start_events: Ordered<()>,
    stop_jobs: Ordered<()>,
    stop_events: Ordered<()>,
    emits: Ordered<()>,
}

/// initctl2dot's view of the jobs: what it reads from `show-config -e`.
#[derive(Debug, Default)]
struct Data {
    jobs: Ordered<Record>,
    events: Ordered<()>,
}

impl Data {
    fn record(&self, job: &str) -> Option<&Record> {
        self.jobs.0.iter().find(|(k, _)| k == job).map(|(_, r)| r)
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// An event named `$X` becomes `JOB:$X` (initctl2dot's `encode_dollar`).
fn encode_dollar(job: &str, name: &str) -> String {
    if name.starts_with('$') {
        format!("{job}:{name}")
    } else {
        name.to_string()
    }
}

fn read(jobs: &[&Job]) -> Data {
    let mut data = Data::default();
    for job in jobs {
        let name = text(&job.name);
        let mut record = Record::default();
        for event in &job.emits {
            let event = text(event);
            // initctl2dot keeps the first word of the line after `emits`.
            let Some(first) = event.split_whitespace().next() else {
                continue;
            };
            let event = encode_dollar(&name, first);
            data.events.set(&event, ());
            record.emits.set(&event, ());
        }
        for (start, expr) in [(true, &job.start_on), (false, &job.stop_on)] {
            let Some(expr) = expr else { continue };
            for entry in rpn(expr) {
                let Entry::Event(event, args) = entry else {
                    continue;
                };
                let event = encode_dollar(&name, &text(event));
                match job_argument(event.as_bytes(), args).filter(|(_, j)| !j.is_empty()) {
                    Some((_, other)) if start => record.start_jobs.set(&text(&other), event),
                    Some((_, other)) => record.stop_jobs.set(&text(&other), ()),
                    None => {
                        if start {
                            record.start_events.set(&event, ());
                        } else {
                            record.stop_events.set(&event, ());
                        }
                        data.events.set(&event, ());
                    }
                }
            }
        }
        data.jobs.set(&name, record);
    }
    data
}

/// initctl2dot's node names: `-` to `_`, `$` to `dollar_`, and so on.
fn sanitise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '-' => out.push('_'),
            '$' => out.push_str("dollar_"),
            '[' => out.push_str("lbracker"),
            ']' => out.push_str("rbracker"),
            '!' => out.push_str("bang"),
            ':' => out.push_str("colon"),
            '*' => out.push_str("star"),
            '?' => out.push_str("question"),
            '.' => out.push_str("dot"),
            '/' => out.push_str("slash"),
            c => out.push(c),
        }
    }
    out
}

/// The DOT id of a job node.
pub fn job_node(name: &str) -> String {
    sanitise(&format!("job_{name}"))
}

/// The DOT id of an event node.
pub fn event_node(name: &str) -> String {
    sanitise(&format!("event_{name}"))
}

struct Writer<'o> {
    out: String,
    options: &'o DotOptions,
    /// Jobs drawn so far: only those get highlights, so no node is added.
    drawn: std::collections::HashSet<String>,
}

impl Writer<'_> {
    fn event(&mut self, name: &str) {
        let c = &self.options.colors;
        let style = if name.contains('*') {
            "dotted"
        } else {
            "filled"
        };
        let _ = writeln!(
            self.out,
            "  {} [label=\"{name}\", shape=diamond, fontcolor=\"{}\", fillcolor=\"{}\", style=\"{style}\"];",
            event_node(name),
            c.event_text,
            c.event
        );
    }

    fn job(&mut self, name: &str) {
        self.drawn.insert(name.to_string());
        let c = &self.options.colors;
        let _ = writeln!(
            self.out,
            "  {} [shape=\"record\", label=\"<job> {name} | {{ <start> start on | <stop> stop on }}\", fontcolor=\"{}\", style=\"filled\",  fillcolor=\"{}\"];",
            job_node(name),
            c.job_text,
            c.job
        );
    }

    fn edge(&mut self, from: &str, to: &str, color: &str) {
        let _ = writeln!(self.out, "  {from} -> {to} [color=\"{color}\"];");
    }

    fn emits(&mut self, job: &str, event: &str) {
        let color = self.options.colors.emits.clone();
        self.edge(
            &format!("{}:job", job_node(job)),
            &event_node(event),
            &color,
        );
    }
}

/// Renders `jobs` (in init's order) as initctl2dot would, with the highlights of `options`.
pub fn render(jobs: &[&Job], options: &DotOptions) -> String {
    let data = read(jobs);
    let restrict: Vec<&str> = options
        .restrict
        .iter()
        .map(String::as_str)
        .filter(|j| data.jobs.has(j))
        .collect();
    let mut w = Writer {
        out: String::new(),
        options,
        drawn: std::collections::HashSet::new(),
    };
    let c = &options.colors;
    let _ = write!(
        w.out,
        "digraph upstart {{\n  node [shape=\"diamond\", fontcolor=\"{}\", fillcolor=\"{}\", style=\"filled\"];\n  rankdir=LR;\n  overlap=false;\n  bgcolor=\"{}\";\n  fontcolor=\"{}\";\n",
        c.event_text, c.event, c.bg, c.text
    );
    events(&mut w, &data, &restrict);
    jobs_section(&mut w, &data, &restrict);
    edges(&mut w, &data, &restrict);
    highlights(&mut w, jobs, options);
    footer(&mut w, !options.restrict.is_empty());
    w.out
}

fn events(w: &mut Writer, data: &Data, restrict: &[&str]) {
    if restrict.is_empty() {
        for event in data.events.keys() {
            w.event(event);
        }
        return;
    }
    let mut shown: Vec<String> = Vec::new();
    for job in restrict {
        let Some(r) = data.record(job) else { continue };
        shown.extend(r.emits.keys().map(str::to_string));
        shown.extend(r.start_events.keys().map(str::to_string));
        shown.extend(r.stop_events.keys().map(str::to_string));
        for other in r.start_jobs.keys().chain(r.stop_jobs.keys()) {
            if let Some(o) = data.record(other) {
                shown.extend(o.emits.keys().map(str::to_string));
            }
        }
    }
    for event in &shown {
        w.event(event);
    }
}

fn jobs_section(w: &mut Writer, data: &Data, restrict: &[&str]) {
    let shown: Vec<&str> = if restrict.is_empty() {
        data.jobs.keys().collect()
    } else {
        restrict.to_vec()
    };
    for job in &shown {
        w.job(job);
        let Some(r) = data.record(job) else { continue };
        for other in r.start_jobs.keys().chain(r.stop_jobs.keys()) {
            if !shown.contains(&other) {
                w.job(other);
            }
        }
    }
    for job in restrict {
        let Some(r) = data.record(job) else { continue };
        for other in r.start_jobs.keys().chain(r.stop_jobs.keys()) {
            w.job(other);
        }
    }
    for job in restrict {
        let Some(r) = data.record(job) else { continue };
        for event in r.start_events.keys().chain(r.stop_events.keys()) {
            for (k, kr) in &data.jobs.0 {
                if kr.emits.has(event) {
                    w.job(k);
                }
            }
        }
    }
}

fn edges(w: &mut Writer, data: &Data, restrict: &[&str]) {
    let colors = w.options.colors.clone();
    let listed: Vec<&str> = if restrict.is_empty() {
        data.jobs.keys().collect()
    } else {
        restrict.to_vec()
    };
    let mut glob_jobs: Ordered<Vec<String>> = Ordered::default();
    for job in &listed {
        let Some(r) = data.record(job) else { continue };
        let me = job_node(job);
        for (other, relation) in &r.start_jobs.0 {
            if relation == "starting" {
                w.edge(
                    &format!("{me}:start"),
                    &format!("{}:job", job_node(other)),
                    &colors.start_on,
                );
            } else {
                w.edge(
                    &format!("{}:job", job_node(other)),
                    &format!("{me}:start"),
                    &colors.start_on,
                );
            }
        }
        for event in r.start_events.keys() {
            w.edge(&event_node(event), &format!("{me}:start"), &colors.start_on);
        }
        for other in r.stop_jobs.keys() {
            w.edge(
                &format!("{}:job", job_node(other)),
                &format!("{me}:stop"),
                &colors.stop_on,
            );
        }
        for event in r.stop_events.keys() {
            w.edge(&event_node(event), &format!("{me}:stop"), &colors.stop_on);
        }
        for pattern in r.emits.keys() {
            if pattern.contains('*') {
                let matched = data
                    .events
                    .keys()
                    .filter(|e| *e != pattern && fnmatch(pattern.as_bytes(), e.as_bytes()))
                    .map(str::to_string)
                    .collect();
                glob_jobs.set(job, matched);
            }
            w.emits(job, pattern);
        }
        if restrict.is_empty() {
            continue;
        }
        // initctl2dot dies here on a `stop on` job that is not loaded; such jobs are skipped.
        for other in r.start_jobs.keys().chain(r.stop_jobs.keys()) {
            let Some(o) = data.record(other) else {
                continue;
            };
            for event in o.emits.keys() {
                w.emits(other, event);
            }
        }
    }
    for (job, matched) in &glob_jobs.0 {
        for event in matched {
            w.emits(job, event);
        }
    }
    for job in restrict {
        let Some(r) = data.record(job) else { continue };
        for event in r.start_events.keys().chain(r.stop_events.keys()) {
            for (k, kr) in &data.jobs.0 {
                if kr.emits.has(event) && !restrict.contains(&event) {
                    w.emits(k, event);
                }
            }
        }
    }
}

/// Re-states drawn jobs with what initctl2dot cannot show: deadlock cycles (red outline),
/// unreachable jobs (dashed), and with `conditions`, the `start on` / `stop on` with their
/// and/or structure as the tooltip.
fn highlights(w: &mut Writer, jobs: &[&Job], options: &DotOptions) {
    for job in jobs {
        let name = text(&job.name);
        if !w.drawn.contains(&name) {
            continue;
        }
        let mut attributes = Vec::new();
        let mut notes = Vec::new();
        if options.cycle_jobs.contains(&name) {
            attributes.push("color=\"red\", penwidth=3".to_string());
            notes.push("in a start/stop deadlock cycle".to_string());
        }
        if options.unreachable_jobs.contains(&name) {
            attributes.push("style=\"filled,dashed\"".to_string());
            notes.push("never started from boot".to_string());
        }
        if options.conditions {
            for (stanza, expr) in [("start on", &job.start_on), ("stop on", &job.stop_on)] {
                if let Some(expr) = expr {
                    notes.push(format!("{stanza} {}", text(&collapse(expr))));
                }
            }
        }
        if !notes.is_empty() {
            let escaped: Vec<String> = notes
                .iter()
                .map(|n| n.replace('\\', "\\\\").replace('"', "\\\""))
                .collect();
            let tooltip = escaped.join("\\n");
            attributes.push(format!("tooltip=\"{tooltip}\""));
        }
        if !attributes.is_empty() {
            let _ = writeln!(w.out, "  {} [{}];", job_node(&name), attributes.join(", "));
        }
    }
}

fn footer(w: &mut Writer, subset: bool) {
    let c = &w.options.colors;
    let _ = write!(
        w.out,
        "  overlap=false;\n  label=\"{} \\nfor the system\\n({}from file data).\\nBoxes of color {} denote jobs.\\nSolid diamonds of color {} denote events.\\nDotted diamons denote 'glob' events.\\nEmits denoted by {} lines.\\nStart on denoted by {} lines.\\nStop on denoted by {} lines.\\n\";\n}}\n",
        w.options.generated_by,
        if subset { "subset, " } else { "" },
        c.job,
        c.event,
        c.emits,
        c.start_on,
        c.stop_on
    );
}
