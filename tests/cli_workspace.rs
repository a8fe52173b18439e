//! The whole-directory commands, driven as users drive them: `graph` in its three formats
//! (snapshots in `tests/workspaces/exports/`, `UPDATE_EXPECT=1` rewrites them), `show-config` /
//! `check-config` against a recording, and `check` running the G rules for directories.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn run(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_upstart-lint"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn graph_exports_match_snapshots() {
    let dir = "tests/workspaces/graph/deadlock-three-jobs";
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    for (format, file) in [
        ("dot", "deadlock.dot"),
        ("json", "deadlock.json"),
        ("mermaid", "deadlock.mmd"),
    ] {
        let (status, out, err) = run(&["graph", dir, "--format", format]);
        assert_eq!((status, err.as_str()), (0, ""), "{format}");
        let path = root().join("tests/workspaces/exports").join(file);
        if update {
            std::fs::write(&path, &out).expect("write snapshot");
        }
        assert_eq!(
            out,
            std::fs::read_to_string(&path).unwrap_or_default(),
            "{file}"
        );
    }
    // The three jobs of the cycle are outlined; the DOT stays initctl2dot's otherwise.
    let (_, dot, _) = run(&["graph", dir]);
    for job in ["web", "db", "cache"] {
        assert!(
            dot.contains(&format!("  job_{job} [color=\"red\", penwidth=3")),
            "{job}"
        );
    }
    // `consumer` waits for an event only it emits; declared as coming from outside, it starts.
    let emits = "tests/workspaces/graph/emits";
    let (_, json, _) = run(&["graph", emits, "--format", "json"]);
    assert!(json.contains("\"reachable\": false"), "{json}");
    let (_, json, _) = run(&[
        "graph",
        emits,
        "--format",
        "json",
        "--outside-event",
        "consumer-*",
    ]);
    assert!(!json.contains("\"reachable\": false"), "{json}");
    let (status, _, err) = run(&["graph", dir, "-r", "nosuchjob"]);
    assert_eq!(
        (status, err.trim()),
        (2, "upstart-lint: unknown job nosuchjob")
    );
}

#[test]
fn initctl_views_from_the_command_line() {
    let ws = root().join("../shared/oracle/workspaces/upstart-system");
    if !ws.is_dir() {
        println!("skipped: ../shared/oracle/workspaces not present");
        return;
    }
    let jobs = ws.join("jobs");
    let jobs = jobs.to_str().expect("UTF-8 path");
    let recorded = |file: &str| {
        let text = std::fs::read_to_string(ws.join(file)).expect("recording");
        let body = text
            .rsplit_once("# exit ")
            .map_or(text.as_str(), |(b, _)| b);
        body.to_string()
    };
    assert_eq!(
        run(&["show-config", "--confdir", jobs]),
        (0, recorded("show-config.out"), String::new())
    );
    assert_eq!(
        run(&["show-config", "-e", "--confdir", jobs]),
        (0, recorded("show-config-e.out"), String::new())
    );
    assert_eq!(
        run(&["check-config", "--user", "--confdir", jobs]),
        (1, recorded("check-config.out"), String::new())
    );
    assert_eq!(
        run(&["check-config", "--user", "-w", "--confdir", jobs]),
        (1, recorded("check-config-w.out"), String::new())
    );
    let (status, out, _) = run(&["check-config", "--user", "--confdir", jobs, "tty1"]);
    assert_eq!((status, out.as_str()), (0, ""));
    let (status, _, err) = run(&["check-config", "--confdir", jobs, "nosuchjob"]);
    assert_eq!(
        (status, err.trim()),
        (1, "upstart-lint: Invalid job class: nosuchjob")
    );
    let (status, out, _) = run(&["show-config", "--confdir", jobs, "rc"]);
    assert_eq!(
        (status, out.as_str()),
        (
            0,
            "rc\n  emits deconfiguring-networking\n  emits unmounted-remote-filesystems\n  start on runlevel [0123456]\n  stop on runlevel [!$RUNLEVEL]\n"
        )
    );
}

#[test]
fn check_runs_graph_rules_for_directories_only() {
    let dir = "tests/workspaces/graph/near-miss-event";
    let (status, out, _) = run(&["check", dir, "--format", "concise"]);
    assert_eq!(status, 1);
    assert!(
        out.contains("app.conf:1:10: G0001 [unknown-event]"),
        "{out}"
    );
    let file = "tests/workspaces/graph/near-miss-event/worker.conf";
    let (_, out, _) = run(&["check", file, "--format", "concise"]);
    assert!(!out.contains("G0001"), "{out}");
    let (_, out, _) = run(&["check", file, "--workspace", dir, "--format", "concise"]);
    assert!(
        out.contains("worker.conf:1:10: G0001 [unknown-event]"),
        "{out}"
    );
    assert!(
        !out.contains("app.conf"),
        "only the files checked get findings: {out}"
    );
    // The same directory given twice is one job set: each finding once.
    let (_, out, _) = run(&["check", dir, "--workspace", dir, "--format", "concise"]);
    assert_eq!(out.matches("app.conf:1:10: G0001").count(), 1, "{out}");
    let (status, _, err) = run(&["check", dir, "--profile", "nosuch"]);
    assert_eq!(
        (status, err.trim()),
        (
            2,
            "upstart-lint: unknown profile `nosuch` (known: upstart, ubuntu, chromeos)"
        )
    );
}
