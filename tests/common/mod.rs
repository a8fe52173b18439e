//! Helpers shared by the tests that drive the binary.

#![allow(dead_code)] // Each test binary uses its own subset.

use std::path::PathBuf;
use std::process::{Command, Output};

/// The binary under test.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_upstart-lint"))
}

/// Runs `command`; returns its exit status, standard output and standard error.
pub fn run(command: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().expect("the binary runs");
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

/// A fresh, empty directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("upstart-lint-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `files` (path below `dir`, content), creating directories.
pub fn write_files(dir: &std::path::Path, files: &[(&str, &str)]) {
    for (path, content) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
}

/// Compares each actual text with the expected file beside it; with `UPDATE_EXPECT` set,
/// rewrites the files that differ instead (review the diff).
pub fn assert_snapshots(cases: impl IntoIterator<Item = (PathBuf, String)>) {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for (expected_path, actual) in cases {
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            if update {
                std::fs::write(&expected_path, &actual).unwrap();
            } else {
                failures.push(format!("--- {}\n{actual}", expected_path.display()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} snapshots differ (UPDATE_EXPECT=1 rewrites them):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The recorded workspaces (`../shared/oracle/workspaces/*/` with a `jobs/`), sorted; `None`
/// when the shared directory is absent.
pub fn oracle_workspaces() -> Option<Vec<PathBuf>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/oracle/workspaces");
    let mut found: Vec<PathBuf> = std::fs::read_dir(root)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("jobs").is_dir())
        .collect();
    found.sort();
    Some(found)
}

/// Compares `describe(input)` with `input.expected` for every input (see [`assert_snapshots`]).
pub fn assert_matches_expected(inputs: &[PathBuf], describe: impl Fn(&std::path::Path) -> String) {
    assert_snapshots(
        inputs
            .iter()
            .map(|path| (path.with_extension("expected"), describe(path))),
    );
}
