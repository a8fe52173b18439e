//! Boot simulations of small workspaces: `tests/fixtures/runtime/boot-*` run `simulate --boot`
//! (with `jobs/`, `profile`, optionally `outcomes`; the timeline in `expected`), and
//! `tests/fixtures/runtime/lint-*` run `check`, whose G01xx findings come from a simulated boot
//! (the findings in `expected`). Run with `UPDATE_EXPECT=1` to rewrite the expected files, then
//! review the diff.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Fixture directories whose name starts with `prefix`.
fn fixtures(prefix: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/runtime");
    let mut found: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("tests/fixtures/runtime")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .collect();
    found.sort();
    found
}

/// Compares `actual` with `dir/expected`, or rewrites it under `UPDATE_EXPECT`.
fn compare(dir: &Path, actual: &str, failures: &mut Vec<String>) {
    let expected_path = dir.join("expected");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expected_path, actual).expect("write expected");
    } else if std::fs::read_to_string(&expected_path).unwrap_or_default() != actual {
        println!("--- {}\n{actual}", dir.display());
        failures.push(dir.display().to_string());
    }
}

#[test]
fn boot_timelines_match_their_expected_text() {
    let all = fixtures("boot-");
    assert!(!all.is_empty(), "no boot fixtures found");
    let mut failures = Vec::new();
    for dir in &all {
        let profile = std::fs::read_to_string(dir.join("profile")).expect("profile");
        let mut command = Command::new(env!("CARGO_BIN_EXE_upstart-lint"));
        command
            .args(["simulate", "--boot", "--profile", profile.trim()])
            .arg(dir.join("jobs"));
        if dir.join("outcomes").is_file() {
            command.arg("--outcomes").arg(dir.join("outcomes"));
        }
        let output = command.output().expect("run upstart-lint");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        compare(
            dir,
            &String::from_utf8(output.stdout).expect("utf-8"),
            &mut failures,
        );
    }
    assert!(failures.is_empty(), "boots that changed: {failures:?}");
}

#[test]
fn boot_json_has_every_section() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/runtime/boot-ubuntu-mini");
    let output = Command::new(env!("CARGO_BIN_EXE_upstart-lint"))
        .args([
            "simulate",
            "--boot",
            "--format",
            "json",
            "--until",
            "10",
            "--outcomes",
        ])
        .arg(dir.join("outcomes"))
        .arg(dir.join("jobs"))
        .output()
        .expect("run upstart-lint");
    assert!(output.status.success());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(report["jobs"], 8);
    assert_eq!(report["until"], 10.0);
    assert_eq!(report["respawn_limited"], serde_json::json!(["flaky"]));
    assert_eq!(report["never_started"][0]["job"], "web");
    assert_eq!(
        report["never_started"][0]["never_emitted"],
        serde_json::json!(["started db"])
    );
    assert_eq!(report["waits"][0]["held_by"], serde_json::json!(["gate"]));
    assert!(
        report["held_events"][0]["event"]
            .as_str()
            .is_some_and(|e| e.starts_with("runlevel"))
    );
}

#[test]
fn simulate_usage_errors_exit_2() {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/runtime/S01-service-start-stop");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_upstart-lint"))
            .arg("simulate")
            .args(args)
            .arg(dir.join("jobs"))
            .output()
            .expect("run upstart-lint")
    };
    let nothing = run(&[]);
    assert_eq!(nothing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&nothing.stderr).contains("--steps FILE or --boot"));
    let bad = run(&["--boot", "--outcome", "svc explode"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown outcome step `explode`"));
}

#[test]
fn check_reports_what_a_simulated_boot_shows() {
    let all = fixtures("lint-");
    assert!(!all.is_empty(), "no lint fixtures found");
    let mut failures = Vec::new();
    for dir in &all {
        let output = Command::new(env!("CARGO_BIN_EXE_upstart-lint"))
            .args(["check", "--format", "concise", "jobs"])
            .current_dir(dir)
            .output()
            .expect("run upstart-lint");
        compare(
            dir,
            &String::from_utf8(output.stdout).expect("utf-8"),
            &mut failures,
        );
    }
    assert!(failures.is_empty(), "findings that changed: {failures:?}");
}
