//! Agreement with the real Upstart 1.13.2 on whole directories: `initctl show-config [-e]`,
//! `check-config [-w|-i]`, the daemon's parse-error log, and `initctl2dot`, recorded for every
//! workspace in `../shared/oracle/workspaces` (see its README). Every recording's order is stable
//! there, so outputs are compared byte for byte. Prints a score per kind of output.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use upstart_lint::graph::dot::{self, DotOptions};
use upstart_lint::initctl::{self, CheckConfigOptions};
use upstart_lint::workspace::Workspace;

/// A recording without its trailing `# exit N` line, and N.
fn recording(path: &Path) -> (Vec<u8>, Option<i32>) {
    let bytes = std::fs::read(path).unwrap_or_default();
    let body_end = bytes[..bytes.len().saturating_sub(1)]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let last = String::from_utf8_lossy(&bytes[body_end..]);
    let status = last.trim_end();
    match status
        .strip_prefix("# exit ")
        .or_else(|| status.strip_prefix("// exit "))
    {
        Some(status) => (bytes[..body_end].to_vec(), status.parse().ok()),
        None => (bytes, None),
    }
}

/// The `-i` argument from a `check-config-i.out` first line, and the rest.
fn split_first_line(bytes: &[u8], prefix: &str) -> (String, Vec<u8>) {
    let end = bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len());
    let first = String::from_utf8_lossy(&bytes[..end]);
    let arg = first.strip_prefix(prefix).unwrap_or_default().to_string();
    (arg, bytes[(end + 1).min(bytes.len())..].to_vec())
}

/// What we print for one recording, with the exit status.
fn ours(ws: &Path, workspace: &Workspace, kind: &str, extra: &str) -> (Vec<u8>, i32) {
    let jobs: Vec<_> = workspace
        .jobs_in_init_order()
        .into_iter()
        .map(|j| &j.job)
        .collect();
    let check = |options: CheckConfigOptions| {
        let (out, found) = initctl::check_config(&jobs, None, &options);
        (out, i32::from(found))
    };
    let user = CheckConfigOptions {
        user_mode: true,
        ..CheckConfigOptions::default()
    };
    match kind {
        "show-config.out" => (initctl::show_config(jobs.iter().copied(), false), 0),
        "show-config-e.out" => (initctl::show_config(jobs.iter().copied(), true), 0),
        "check-config.out" => check(user),
        "check-config-w.out" => check(CheckConfigOptions { warn: true, ..user }),
        "check-config-i.out" => {
            let mut options = user;
            options.ignore(extra.as_bytes());
            check(options)
        }
        "load-errors.out" => (load_errors(ws, workspace), 0),
        "graph.dot" | "graph-r.dot" => {
            let options = DotOptions {
                restrict: extra
                    .split(',')
                    .filter(|j| !j.is_empty())
                    .map(str::to_string)
                    .collect(),
                generated_by: "Generated on DATE by initctl2dot.py".into(),
                ..DotOptions::default()
            };
            (dot::render(&jobs, &options).into_bytes(), 0)
        }
        _ => unreachable!("{kind}"),
    }
}

/// The daemon's log: `init:jobs/PATH:LINE: MESSAGE` per rejected file, in load order.
fn load_errors(ws: &Path, workspace: &Workspace) -> Vec<u8> {
    let mut out = String::new();
    for file in workspace.files() {
        if let Some(error) = file.analysis.upstart_error() {
            let relative = file.path.strip_prefix(ws).unwrap_or(&file.path);
            out.push_str(&format!(
                "init:{}:{}: {}\n",
                relative.display(),
                file.analysis.upstart_line(error),
                error.upstart.as_ref().map_or("", |u| u.message)
            ));
        }
    }
    out.into_bytes()
}

#[test]
fn initctl_views_match_recordings() {
    let Some(workspaces) = common::oracle_workspaces() else {
        println!("skipped: ../shared/oracle/workspaces not present");
        return;
    };
    let kinds = [
        "show-config.out",
        "show-config-e.out",
        "check-config.out",
        "check-config-w.out",
        "check-config-i.out",
        "load-errors.out",
        "graph.dot",
        "graph-r.dot",
    ];
    let mut score: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for ws in &workspaces {
        let workspace = Workspace::load(&[ws.join("jobs")]);
        for kind in kinds {
            let (mut expected, status) = recording(&ws.join(kind));
            let mut extra = String::new();
            if kind == "check-config-i.out" {
                (extra, expected) = split_first_line(&expected, "# -i ");
            }
            if kind == "graph-r.dot" {
                (extra, expected) = split_first_line(&expected, "// -r ");
            }
            let (actual, actual_status) = ours(ws, &workspace, kind, &extra);
            let entry = score.entry(kind).or_default();
            entry.1 += 1;
            if actual == expected && status.is_none_or(|s| s == actual_status) {
                entry.0 += 1;
            } else {
                failures.push(format!(
                    "{}/{kind} (exit {status:?} vs {actual_status}):\n--- expected\n{}--- actual\n{}",
                    ws.file_name().unwrap().to_string_lossy(),
                    String::from_utf8_lossy(&expected),
                    String::from_utf8_lossy(&actual)
                ));
            }
        }
    }
    for (kind, (ok, all)) in &score {
        println!("workspaces oracle: {kind}: {ok}/{all} byte for byte");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
