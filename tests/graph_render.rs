//! `graph --format dot` on every recorded workspace: the node and edge sets equal those of the
//! recorded `initctl2dot` (highlights only re-state nodes), and Graphviz's `dot` renders the file
//! to SVG without an error.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};

fn ours(ws: &Path, restrict: Option<&str>) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_upstart-lint"));
    command
        .arg("graph")
        .arg(ws.join("jobs"))
        .args(["--format", "dot"]);
    if let Some(r) = restrict {
        command.args(["-r", r]);
    }
    let output = command.output().expect("the binary runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 DOT")
}

/// Node ids and `from -> to [color]` edges, as sets.
fn nodes_and_edges(dot: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut nodes, mut edges) = (BTreeSet::new(), BTreeSet::new());
    for line in dot.lines().map(str::trim) {
        if line.starts_with("//") || !line.ends_with("];") || line.starts_with("node ") {
            continue;
        }
        if line.contains(" -> ") {
            edges.insert(line.to_string());
        } else if let Some((id, _)) = line.split_once(' ') {
            nodes.insert(id.to_string());
        }
    }
    (nodes, edges)
}

#[test]
fn node_and_edge_sets_equal_initctl2dot() {
    let Some(workspaces) = common::oracle_workspaces() else {
        println!("skipped: ../shared/oracle/workspaces not present");
        return;
    };
    let mut equal = 0;
    let mut failures = Vec::new();
    for ws in &workspaces {
        for (file, restrict_line) in [("graph.dot", false), ("graph-r.dot", true)] {
            let recorded = std::fs::read_to_string(ws.join(file)).unwrap_or_default();
            let restrict = restrict_line
                .then(|| {
                    recorded
                        .lines()
                        .next()
                        .and_then(|l| l.strip_prefix("// -r "))
                })
                .flatten();
            let actual = ours(ws, restrict);
            if nodes_and_edges(&actual) == nodes_and_edges(&recorded) {
                equal += 1;
            } else {
                failures.push(format!("{}/{file}", ws.display()));
            }
        }
    }
    println!(
        "graph: node and edge sets equal initctl2dot's in {equal}/{}",
        workspaces.len() * 2
    );
    assert!(failures.is_empty(), "differ: {failures:?}");
}

#[test]
fn graphviz_renders_every_workspace() {
    let Some(workspaces) = common::oracle_workspaces() else {
        println!("skipped: ../shared/oracle/workspaces not present");
        return;
    };
    if Command::new("dot").arg("-V").output().is_err() {
        println!("skipped: graphviz (dot) not installed");
        return;
    }
    for ws in &workspaces {
        let mut child = Command::new("dot")
            .args(["-Tsvg", "-o", "/dev/null"])
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dot starts");
        let input = ours(ws, None);
        std::io::Write::write_all(child.stdin.as_mut().expect("stdin"), input.as_bytes())
            .expect("dot reads");
        let output = child.wait_with_output().expect("dot ends");
        assert!(
            output.status.success() && output.stderr.is_empty(),
            "{}: {}",
            ws.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    println!(
        "graph: Graphviz rendered all {} workspaces to SVG",
        workspaces.len()
    );
}
