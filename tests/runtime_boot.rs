//! Boot simulations (`simulate --boot`) of small workspaces under `tests/fixtures/runtime/boot-*`,
//! each with `jobs/`, `profile`, optionally `outcomes`, and the expected text timeline in
//! `expected`. Run with `UPDATE_EXPECT=1` to rewrite the expected files, then review the diff.

use std::path::{Path, PathBuf};
use std::process::Command;

fn boots() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/runtime");
    let mut found: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("tests/fixtures/runtime")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("profile").is_file())
        .collect();
    found.sort();
    found
}

#[test]
fn boot_timelines_match_their_expected_text() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let all = boots();
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
        let actual = String::from_utf8(output.stdout).expect("utf-8");
        let expected_path = dir.join("expected");
        if update {
            std::fs::write(&expected_path, &actual).expect("write expected");
        } else if std::fs::read_to_string(&expected_path).unwrap_or_default() != actual {
            println!("--- {}\n{actual}", dir.display());
            failures.push(dir.display().to_string());
        }
    }
    assert!(failures.is_empty(), "boots that changed: {failures:?}");
}
