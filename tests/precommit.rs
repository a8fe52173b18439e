//! The pre-commit hooks, run by the real `pre-commit try-repo` (PyPI `pre-commit`) against a
//! temporary git repository: a good job passes, a bad one fails. Skipped, visibly, when
//! `pre-commit` or `git` is not installed (CI installs pre-commit in `.ci/run`).
//!
//! pre-commit builds the hook with `cargo install` (a release build); it is pointed at this
//! project's own target directory, so that the dependencies built for `target/release` serve it
//! too (`cargo test` itself holds the lock of `target/debug` only).

mod common;

use std::path::Path;
use std::process::Command;

use common::{run, scratch, write_files};

fn installed(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn git(dir: &Path, args: &[&str]) {
    let (code, _, stderr) = run(Command::new("git").current_dir(dir).args(args));
    assert_eq!(code, 0, "git {args:?}: {stderr}");
}

/// Runs the `upstart-lint` hook on a fresh repository holding `files`.
fn try_hook(name: &str, files: &[(&str, &str)]) -> (i32, String) {
    let repo = scratch(name);
    write_files(&repo, files);
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "."]);
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let target = tmp.parent().unwrap_or(tmp);
    let (code, stdout, stderr) = run(Command::new("pre-commit")
        .current_dir(&repo)
        .env("PRE_COMMIT_HOME", tmp.join("pre-commit-home"))
        .env("CARGO_TARGET_DIR", target)
        .args([
            "try-repo",
            env!("CARGO_MANIFEST_DIR"),
            "upstart-lint",
            "--all-files",
        ])
        .args(["--color", "never"]));
    (code, format!("{stdout}{stderr}"))
}

#[test]
fn pre_commit_try_repo_passes_good_jobs_and_fails_bad_ones() {
    for tool in ["pre-commit", "git"] {
        if !installed(tool) {
            eprintln!("skipped: {tool} not installed");
            return;
        }
    }
    let good =
        "description \"ok\"\nstart on runlevel [2345]\nstop on runlevel [!2345]\nexec /bin/true\n";
    let (code, output) = try_hook(
        "pre-commit-good",
        &[
            ("etc/init/good.conf", good),
            ("nginx.conf", "not a job {\n"),
        ],
    );
    assert_eq!(code, 0, "{output}");
    assert!(
        output.contains("upstart-lint") && output.contains("Passed"),
        "{output}"
    );

    let (code, output) = try_hook(
        "pre-commit-bad",
        &[
            ("etc/init/good.conf", good),
            ("etc/init/bad.conf", "Exec /bin/true\n"),
        ],
    );
    assert_eq!(code, 1, "{output}");
    assert!(output.contains("Failed"), "{output}");
    assert!(
        output.contains("etc/init/bad.conf:1:1: E0001 [unknown-stanza]"),
        "{output}"
    );
}
