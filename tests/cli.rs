//! The binary, driven as users drive it.

mod common;

use std::path::Path;
use std::process::Command;

use common::{bin, run, scratch};

#[test]
fn checkconf_prints_what_init_checkconf_prints() {
    let dir = scratch("checkconf");
    let good = dir.join("good.conf");
    std::fs::write(&good, "exec /bin/true\n").unwrap();
    let bad = dir.join("bad.conf");
    std::fs::write(&bad, "description \"x\"\nnice 100\n").unwrap();
    let signal = dir.join("sig.conf");
    std::fs::write(&signal, "kill signal BOGUS\n").unwrap();
    let wrong = dir.join("job.upstart");
    std::fs::write(&wrong, "exec /bin/true\n").unwrap();

    assert_eq!(
        run(bin().args(["checkconf", "-s"]).arg(&good)),
        (
            0,
            format!("File {}: syntax ok\n", good.display()),
            String::new()
        )
    );
    assert_eq!(
        run(bin().args(["checkconf", "--noscript"]).arg(&bad)),
        (
            1,
            String::new(),
            format!(
                "ERROR: File {}: syntax invalid:\ninit:bad.conf:2: Illegal nice value, expected -20 to 19\n",
                bad.display()
            )
        )
    );
    assert_eq!(
        run(bin().args(["checkconf", "-s"]).arg(&signal)).2,
        format!(
            "ERROR: File {}: syntax invalid:\ninit:sig.conf: Error while loading configuration file: Illegal signal status, expected integer\n",
            signal.display()
        )
    );
    assert_eq!(
        run(bin().args(["checkconf", "-s"]).arg(&wrong)),
        (1, String::new(), "ERROR: File must end in .conf\n".into())
    );
}

#[test]
fn checkconf_checks_script_syntax_unless_noscript() {
    let dir = scratch("script");
    let file = dir.join("job.conf");
    std::fs::write(
        &file,
        "description \"x\"\nscript\n  if true; then\n    echo hi\nend script\n",
    )
    .unwrap();
    let (code, _, stderr) = run(bin().arg("checkconf").arg(&file));
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        format!(
            "ERROR: File {}: shell syntax invalid in script section:\n/bin/sh: 5: Syntax error: end of file unexpected (expecting \"fi\")\n",
            file.display()
        )
    );
    assert_eq!(run(bin().args(["checkconf", "-s"]).arg(&file)).0, 0);
}

#[cfg(unix)]
#[test]
fn invoked_as_init_checkconf_it_behaves_as_checkconf() {
    let dir = scratch("symlink-name");
    let link = dir.join("init-checkconf");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_upstart-lint"), &link).unwrap();
    let file = dir.join("job.conf");
    std::fs::write(&file, "task\n").unwrap();
    let (code, stdout, _) = run(Command::new(&link).arg("-s").arg(&file));
    assert_eq!(
        (code, stdout),
        (0, format!("File {}: syntax ok\n", file.display()))
    );
}

#[test]
fn check_reports_json_with_positions_and_fixes() {
    let dir = scratch("json");
    std::fs::write(dir.join("a.conf"), "Exec /bin/true\n").unwrap();
    let (code, stdout, _) = run(bin().args(["check", "--format", "json"]).arg(&dir));
    assert_eq!(code, 1);
    let findings: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let first = &findings[0];
    assert_eq!(first["code"], "E0001");
    assert_eq!(first["name"], "unknown-stanza");
    assert_eq!(
        (
            first["line"].as_u64(),
            first["column"].as_u64(),
            first["end_column"].as_u64()
        ),
        (Some(1), Some(1), Some(5))
    );
    assert_eq!(first["fix"]["edits"][0]["replacement"], "exec");
}

#[test]
fn check_exit_status_is_zero_when_clean() {
    let dir = scratch("clean");
    std::fs::write(dir.join("a.conf"), "description \"fine\"\nexec /bin/true\n").unwrap();
    let (code, stdout, _) = run(bin().args(["check", "--format", "concise"]).arg(&dir));
    assert_eq!((code, stdout.as_str()), (0, ""));
}

#[cfg(unix)]
#[test]
fn bad_paths_are_reported_without_stopping_the_run() {
    let dir = scratch("bad-paths");
    std::fs::create_dir(dir.join("dir.conf")).unwrap();
    std::fs::write(dir.join("dir.conf/inner.conf"), "frobnicate\n").unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("loop")).unwrap();
    std::fs::write(dir.join("ok.conf"), "exec /bin/true\n").unwrap();
    let (code, stdout, stderr) = run(bin().args(["check", "--format", "concise"]).arg(&dir));
    assert_eq!(code, 2, "an I/O problem (the loop) makes the exit status 2");
    assert!(stderr.contains("symlink loop"), "{stderr}");
    assert!(
        stderr.contains("dir.conf: note: a directory named like a job file"),
        "{stderr}"
    );
    assert!(stdout.contains("inner.conf:1:1: E0001"), "{stdout}");
    let missing = dir.join("missing.conf");
    let (code, _, stderr) = run(bin().arg("check").arg(&missing).arg(dir.join("ok.conf")));
    assert_eq!(code, 2);
    assert!(stderr.contains("missing.conf"));
}

#[test]
fn debug_job_applies_the_override() {
    let root =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/overrides/manual/webapp.conf");
    let (code, stdout, _) = run(bin().args(["debug", "job"]).arg(&root));
    assert_eq!(code, 0);
    assert!(stdout.contains("  manual 1\n  "), "{stdout}");
    assert!(stdout.contains("  start_on null\n"), "{stdout}");
    assert!(stdout.contains("\"PORT=8080\" \"PORT=9090\""), "{stdout}");
}

#[test]
fn fmt_checks_diffs_and_rewrites_without_touching_scripts() {
    let dir = scratch("fmt");
    let job = dir.join("job.conf");
    let original = "  description   \"x\"\n\n\n\nscript\n    echo  hi  \n  end script";
    std::fs::write(&job, original).unwrap();
    let broken = dir.join("broken.conf");
    std::fs::write(&broken, "descriptionn x\n").unwrap();

    let (status, stdout, stderr) = run(bin().args(["fmt", "--check"]).arg(&job));
    assert_eq!(
        (status, stdout),
        (1, format!("would reformat {}\n", job.display()))
    );
    assert_eq!(stderr, "");
    let (status, diff, _) = run(bin().args(["fmt", "--diff"]).arg(&job));
    assert_eq!(status, 1);
    assert!(diff.contains("\n-  description   \"x\"\n"), "{diff}");
    assert!(diff.contains("\n+description \"x\"\n"), "{diff}");
    assert_eq!(
        std::fs::read_to_string(&job).unwrap(),
        original,
        "--check and --diff change nothing"
    );

    let (status, stdout, _) = run(bin().arg("fmt").arg(&job));
    assert_eq!(
        (status, stdout),
        (0, format!("reformatted {}\n", job.display()))
    );
    assert_eq!(
        std::fs::read_to_string(&job).unwrap(),
        "description \"x\"\n\nscript\n    echo  hi  \nend script\n"
    );
    assert_eq!(run(bin().args(["fmt", "--check"]).arg(&job)).0, 0);

    let (status, _, stderr) = run(bin().arg("fmt").arg(&broken));
    assert_eq!(status, 2);
    assert!(
        stderr.contains("Upstart rejects this file (line 1: Unknown stanza)"),
        "{stderr}"
    );
}

#[test]
fn check_fix_rewrites_safe_fixes_and_reports_the_rest() {
    let dir = scratch("fix");
    let job = dir.join("job.conf");
    let original = "kill signal 15\nexport $FOO\nexec /bin/true\n";
    std::fs::write(&job, original).unwrap();
    let typo = dir.join("typo.conf");
    std::fs::write(&typo, "nicee 5\nexec /bin/true\n").unwrap();
    let isolated = ["check", "--isolated", "--format", "concise"];

    let (status, diff, _) = run(bin().args(isolated).arg("--diff").arg(&job));
    assert_eq!(status, 1);
    assert!(
        diff.contains("\n-kill signal 15\n-export $FOO\n+kill signal TERM\n+export FOO\n"),
        "{diff}"
    );
    assert_eq!(
        std::fs::read_to_string(&job).unwrap(),
        original,
        "--diff writes nothing"
    );

    let (status, stdout, stderr) = run(bin().args(isolated).arg("--fix").arg(&dir));
    assert_eq!(status, 1, "the unknown stanza is left: its fix is unsafe");
    assert!(stderr.contains("fixed 2 findings in 1 file"), "{stderr}");
    assert!(
        stdout.contains("E0001") && !stdout.contains("W0116"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(&job).unwrap(),
        "kill signal TERM\nexport FOO\nexec /bin/true\n"
    );

    let (status, _, _) = run(bin()
        .args(isolated)
        .args(["--fix", "--unsafe-fixes"])
        .arg(&typo));
    assert_eq!(status, 0);
    assert_eq!(
        std::fs::read_to_string(&typo).unwrap(),
        "nice 5\nexec /bin/true\n"
    );
}

#[test]
fn check_fix_never_rewrites_invalid_utf8() {
    let dir = scratch("fix-utf8");
    let job = dir.join("job.conf");
    let original = b"kill signal 15\ndescription \"caf\xe9\"\nexec /bin/true\n";
    std::fs::write(&job, original).unwrap();
    let (status, _, stderr) = run(bin().args(["check", "--isolated", "--fix"]).arg(&job));
    assert_eq!(status, 1);
    assert!(stderr.contains("not valid UTF-8"), "{stderr}");
    assert_eq!(std::fs::read(&job).unwrap(), original);
}

#[test]
fn check_reports_shell_syntax_at_its_place_and_a_missing_shellcheck() {
    let has_shell = ["dash", "sh"].iter().any(|name| {
        std::env::var_os("PATH")
            .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()))
    });
    let dir = scratch("shell");
    let file = dir.join("job.conf");
    std::fs::write(&file, "exec /usr/bin/food \\\n     --pid )\n").unwrap();
    if has_shell {
        let (code, stdout, _) = run(bin()
            .args(["check", "--no-shellcheck", "--format", "concise"])
            .arg(&file));
        assert_eq!(code, 1);
        assert_eq!(
            stdout,
            format!(
                "{}:2:12: S0001 [shell-syntax-error] shell syntax error in the `exec` line: Syntax error: \")\" unexpected\n",
                file.display()
            )
        );
    } else {
        eprintln!("skipped: neither dash nor sh installed");
    }
    let (code, _, stderr) = run(bin()
        .args(["check", "--shellcheck", "/nonexistent/shellcheck"])
        .arg(&file));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot run /nonexistent/shellcheck"),
        "{stderr}"
    );
}
