//! `check` options, driven through the binary: config files, rule selection, suppressions,
//! failure levels, output destinations, standard input, baselines and `.gitignore`.

mod common;

use std::path::Path;

use common::{bin, run, scratch, write_files};

/// A job with three warnings: W0111 (respawned, no `stop on`), W0114 (`$` in env), W0103 (`&`).
const WARNINGS: &str =
    "start on runlevel [2345]\nrespawn\nenv PATH=$PATH:/bin\nexec /usr/sbin/food &\n";

/// What `check --format concise` reports for `args` in `dir`: `pick` of each line it keeps.
fn concise(
    dir: &Path,
    args: &[&str],
    pick: impl Fn(&str) -> Option<String>,
) -> (i32, Vec<String>, String) {
    let (code, stdout, stderr) = run(bin()
        .current_dir(dir)
        .args(["check", "--format", "concise"])
        .args(args));
    (code, stdout.lines().filter_map(pick).collect(), stderr)
}

/// The codes `check --format concise` reports for `args` in `dir`, one `file:CODE` per finding.
fn codes(dir: &Path, args: &[&str]) -> (i32, Vec<String>, String) {
    concise(dir, args, |line| {
        let mut parts = line.split(": ");
        let file = parts.next()?.split(':').next()?;
        let rule = parts.next()?.split(' ').next()?;
        Some(format!("{file}:{rule}"))
    })
}

/// Writes `text` as the config file at `config` below `dir`, checks `path`, and returns what
/// `check` says on standard error, which must be an error (exit 2).
fn config_error(dir: &Path, config: &str, text: &str, path: &str) -> String {
    std::fs::write(dir.join(config), text).unwrap();
    let (code, stdout, stderr) = run(bin().current_dir(dir).args(["check", path]));
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    stderr
}

#[test]
fn the_nearest_config_file_wins_and_the_command_line_overrides_it() {
    let dir = scratch("nearest-config");
    write_files(
        &dir,
        &[
            ("upstart-lint.toml", "ignore = [\"W0114\"]\n"),
            ("top.conf", WARNINGS),
            ("sub/.upstart-lint.toml", "select = [\"W0103\"]\n"),
            ("sub/low.conf", WARNINGS),
            ("sub/deeper/lowest.conf", WARNINGS),
        ],
    );
    let (code, found, stderr) = codes(&dir, &["."]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        found,
        [
            "./sub/deeper/lowest.conf:W0103",
            "./sub/low.conf:W0103",
            "./top.conf:W0111",
            "./top.conf:W0103",
        ]
    );
    // The command line's --select replaces every file's selection; --ignore narrows it.
    let (_, found, _) = codes(&dir, &["--select", "W01", "--ignore", "W0111,W0103", "."]);
    assert_eq!(
        found,
        [
            "./sub/deeper/lowest.conf:W0114",
            "./sub/low.conf:W0114",
            "./top.conf:W0114"
        ]
    );
    // --extend-select adds to each file's own selection.
    let (_, found, _) = codes(
        &dir,
        &["--extend-select", "variable-in-env", "sub/low.conf"],
    );
    assert_eq!(found, ["sub/low.conf:W0114", "sub/low.conf:W0103"]);
    // --isolated reads no config file; --config reads the one given for every file.
    let (_, found, _) = codes(&dir, &["--isolated", "sub/low.conf"]);
    assert_eq!(found.len(), 3);
    let (_, found, _) = codes(&dir, &["--config", "sub/.upstart-lint.toml", "top.conf"]);
    assert_eq!(found, ["top.conf:W0103"]);
}

#[test]
fn severities_per_file_ignores_and_fail_levels() {
    let dir = scratch("severity");
    write_files(
        &dir,
        &[
            (
                "upstart-lint.toml",
                "fail-on = \"error\"\n[severity]\nW0103 = \"error\"\nW = \"info\"\n\
                 [per-file-ignores]\n\"legacy/*\" = [\"W0103\"]\n",
            ),
            ("a.conf", WARNINGS),
            ("legacy/b.conf", WARNINGS),
        ],
    );
    let (code, stdout, _) = run(bin()
        .current_dir(&dir)
        .args(["check", "--format", "json", "."]));
    assert_eq!(code, 1, "W0103 is raised to an error in a.conf");
    let findings: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let severities: Vec<(String, String)> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().into(),
                f["severity"].as_str().unwrap().into(),
            )
        })
        .collect();
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        severities,
        pairs(&[
            ("W0111", "info"),
            ("W0114", "info"),
            ("W0103", "error"),
            ("W0111", "info"),
            ("W0114", "info"),
        ])
    );
    // Only infos are left in the legacy file: below the config's fail level.
    let (code, _, _) = codes(&dir, &["legacy"]);
    assert_eq!(code, 0);
    // The command line's fail level wins over the file's.
    let (code, _, _) = codes(&dir, &["--fail-on", "info", "legacy"]);
    assert_eq!(code, 1);
    let (code, found, _) = codes(&dir, &["--exit-zero", "a.conf"]);
    assert_eq!((code, found.len()), (0, 3));
}

#[test]
fn bad_config_files_and_selectors_are_clear_errors() {
    let dir = scratch("bad-config");
    write_files(
        &dir,
        &[
            (
                "upstart-lint.toml",
                "select = [\"W\"]\n\nignore = [\"W0101\", \"W42\"]\n",
            ),
            ("a.conf", WARNINGS),
        ],
    );
    let (code, stdout, stderr) = run(bin().current_dir(&dir).args(["check", "a.conf"]));
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr.contains("upstart-lint.toml: line 3, key `ignore`: no rule is called `W42`"),
        "{stderr}"
    );
    let stderr = config_error(
        &dir,
        "upstart-lint.toml",
        "[severity]\nW0101 = \"error\"\nslect = 1\n",
        "a.conf",
    );
    assert!(
        stderr.contains("line 3") && stderr.contains("slect"),
        "{stderr}"
    );
    let (code, _, stderr) =
        run(bin()
            .current_dir(&dir)
            .args(["check", "--isolated", "--select", "X1", "a.conf"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("no rule is called `X1`"), "{stderr}");
    let (code, _, stderr) =
        run(bin()
            .current_dir(&dir)
            .args(["check", "--isolated", "--preset", "nope", "a.conf"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("known presets are chromeos"), "{stderr}");
}

#[test]
fn suppression_comments_apply_through_check() {
    let dir = scratch("suppress");
    write_files(
        &dir,
        &[(
            "a.conf",
            "start on runlevel [2345] # upstart-lint: disable=W0111 stopped by its parent\n\
             env PATH=$PATH:/bin # upstart-lint: disable=W0103\n\
             exec /usr/sbin/food &\nrespawn\n",
        )],
    );
    let (_, found, _) = codes(&dir, &["--isolated", "a.conf"]);
    assert_eq!(found, ["a.conf:W0114", "a.conf:W0901", "a.conf:W0103"]);
    let (_, found, _) = codes(&dir, &["--isolated", "--ignore", "W09", "a.conf"]);
    assert_eq!(found, ["a.conf:W0114", "a.conf:W0103"]);
}

#[test]
fn output_file_statistics_and_standard_input() {
    let dir = scratch("output");
    write_files(&dir, &[("a.conf", WARNINGS)]);
    let (code, stdout, _) = run(bin().current_dir(&dir).args([
        "check",
        "--isolated",
        "--format",
        "concise",
        "-o",
        "out.txt",
        "a.conf",
    ]));
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert_eq!(
        std::fs::read_to_string(dir.join("out.txt"))
            .unwrap()
            .lines()
            .count(),
        3
    );

    let mut child = bin()
        .current_dir(&dir)
        .args([
            "check",
            "--isolated",
            "--format",
            "concise",
            "--stdin-filename",
            "jobs/web.conf",
            "-",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(WARNINGS.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout.starts_with("jobs/web.conf:1:1: W0111"), "{stdout}");
    assert_eq!(stdout.lines().count(), 3);
}

#[test]
fn baselines_hide_known_findings_wherever_they_move() {
    let dir = scratch("baseline");
    write_files(
        &dir,
        &[
            ("jobs/a.conf", WARNINGS),
            ("jobs/b.conf", "exec /bin/true\n"),
        ],
    );
    let check = |extra: &[&str]| {
        let mut args = vec!["--isolated", "--baseline", "known.json"];
        args.extend_from_slice(extra);
        args.push("jobs");
        codes(&dir, &args)
    };
    // No baseline yet: it is written, and nothing is reported.
    let (code, found, stderr) = check(&[]);
    assert_eq!((code, found.len()), (0, 0), "{stderr}");
    assert!(
        stderr.contains("baseline written with 3 findings"),
        "{stderr}"
    );
    let written = std::fs::read_to_string(dir.join("known.json")).unwrap();
    assert!(
        written.contains("\"stanza\": \"env PATH=$PATH:/bin\""),
        "{written}"
    );
    // Lines added above move every finding: still known.
    std::fs::write(
        dir.join("jobs/a.conf"),
        format!("description \"moved\"\n\n{WARNINGS}"),
    )
    .unwrap();
    assert_eq!(check(&[]).1.len(), 0);
    // A new finding in another file, and a changed stanza, are reported.
    std::fs::write(dir.join("jobs/b.conf"), "exec /bin/true &\n").unwrap();
    std::fs::write(
        dir.join("jobs/a.conf"),
        WARNINGS.replace("env PATH=$PATH:/bin", "env PATH=$PATH:/usr/bin"),
    )
    .unwrap();
    let (code, found, _) = check(&[]);
    assert_eq!(
        (code, found),
        (
            1,
            vec![
                "jobs/a.conf:W0114".to_string(),
                "jobs/b.conf:W0103".to_string()
            ]
        )
    );
    // --update-baseline records them.
    assert_eq!(check(&["--update-baseline"]).1.len(), 0);
    assert_eq!(check(&[]).1.len(), 0);
    // A broken baseline file is an error, not an empty baseline.
    std::fs::write(dir.join("known.json"), "{}").unwrap();
    let (code, _, stderr) = check(&[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not a baseline file"), "{stderr}");
}

#[test]
fn gitignore_is_honoured_unless_no_ignore() {
    let dir = scratch("gitignore");
    write_files(
        &dir,
        &[
            (".gitignore", "build/\n*.dpkg-old.conf\n"),
            ("a.conf", WARNINGS),
            ("build/b.conf", WARNINGS),
            ("c.dpkg-old.conf", WARNINGS),
            (".hidden/d.conf", WARNINGS),
        ],
    );
    let files = |args: &[&str]| {
        let (_, found, _) = codes(&dir, args);
        let mut files: Vec<String> = found
            .iter()
            .map(|f| f.split(':').next().unwrap().to_string())
            .collect();
        files.dedup();
        files
    };
    assert_eq!(files(&["--isolated", "."]), ["./a.conf"]);
    assert_eq!(
        files(&["--isolated", "--no-ignore", "."]),
        ["./a.conf", "./build/b.conf", "./c.dpkg-old.conf"],
        "hidden directories stay skipped, as Upstart skips them"
    );
    // A file named on the command line is checked even when ignored.
    assert_eq!(files(&["--isolated", "build/b.conf"]), ["build/b.conf"]);
}

#[test]
fn parallel_checking_keeps_the_output_order() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    }
    let output = |threads: &str| {
        run(bin()
            .env("RAYON_NUM_THREADS", threads)
            .args(["check", "--isolated", "--format", "concise"])
            .arg(&corpus))
    };
    let (code, one, _) = output("1");
    assert_eq!(code, 1);
    assert!(one.lines().count() > 100, "{one}");
    for threads in ["2", "4"] {
        assert_eq!(output(threads).1, one, "{threads} threads");
    }
}

/// A stand-in for ShellCheck: one finding per fragment, whose message is the `--shell=` it got.
const FAKE_SHELLCHECK: &str = r#"#!/bin/sh
shell=$2
shift 2
printf '{"comments":['
sep=
for f in "$@"; do
  printf '%s{"file":"%s","line":1,"endLine":1,"column":1,"endColumn":2,"level":"warning","code":9999,"message":"%s","fix":null}' "$sep" "$f" "$shell"
  sep=,
done
printf ']}'
"#;

/// The `SC9999` messages of the fake ShellCheck in `check --format concise` output, per file.
fn fake_shellcheck_runs(dir: &Path, args: &[&str]) -> (i32, Vec<String>, String) {
    concise(dir, args, |line| {
        let file = line.split(':').next()?;
        let (_, shell) = line.split_once("SC9999: ")?;
        Some(format!("{file}:{shell}"))
    })
}

#[cfg(unix)]
#[test]
fn the_shell_section_picks_shellcheck_and_its_dialect_and_flags_override_it() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = scratch("shell-section");
    let job = "task\nscript\n  echo hi\nend script\n";
    write_files(
        &dir,
        &[
            ("tools/sc", FAKE_SHELLCHECK),
            (
                "dash/upstart-lint.toml",
                "[shell]\nshellcheck-path = \"../tools/sc\"\ndialect = \"dash\"\n",
            ),
            ("dash/a.conf", job),
            (
                "plain/upstart-lint.toml",
                "[shell]\nshellcheck-path = \"../tools/sc\"\n",
            ),
            ("plain/b.conf", job),
            (
                "off/upstart-lint.toml",
                "[shell]\nshellcheck = false\nshellcheck-path = \"../tools/sc\"\n",
            ),
            ("off/c.conf", job),
        ],
    );
    let sc = dir.join("tools/sc");
    std::fs::set_permissions(&sc, std::fs::Permissions::from_mode(0o755)).unwrap();
    // Each file is checked with its own config's tools: the path (relative to the config
    // file), the dialect, and `shellcheck = false`.
    let (_, found, stderr) = fake_shellcheck_runs(&dir, &["dash", "plain", "off"]);
    assert_eq!(
        found,
        ["dash/a.conf:--shell=dash", "plain/b.conf:--shell=sh"],
        "{stderr}"
    );
    // Flags override the file: --shell-dialect, --no-shellcheck, and --shellcheck over
    // `shellcheck = false`.
    let (_, found, _) = fake_shellcheck_runs(&dir, &["--shell-dialect", "sh", "dash"]);
    assert_eq!(found, ["dash/a.conf:--shell=sh"]);
    let (_, found, _) = fake_shellcheck_runs(&dir, &["--no-shellcheck", "dash"]);
    assert!(found.is_empty(), "{found:?}");
    let sc = sc.to_string_lossy().into_owned();
    let (_, found, _) = fake_shellcheck_runs(&dir, &["--shellcheck", &sc, "off"]);
    assert_eq!(found, ["off/c.conf:--shell=sh"]);
    // A bad value names the key and its line; a program that cannot run is an error.
    let stderr = config_error(
        &dir,
        "off/upstart-lint.toml",
        "[shell]\n\ndialect = \"bash\"\n",
        "off",
    );
    assert!(
        stderr.contains("line 3, key `shell.dialect`: unknown dialect `bash`"),
        "{stderr}"
    );
    let stderr = config_error(
        &dir,
        "off/upstart-lint.toml",
        "[shell]\nshellcheck-path = \"missing\"\n",
        "off",
    );
    assert!(
        stderr.contains("missing: not an executable file"),
        "{stderr}"
    );
}

#[test]
fn the_graph_section_sets_outside_events_per_directory_and_flags_override_it() {
    let dir = scratch("graph-section");
    let job = "start on login-prompt-visible and foo-ready\ntask\nexec /bin/true\n";
    write_files(
        &dir,
        &[
            (
                "chromeos/upstart-lint.toml",
                "[graph]\nprofile = \"chromeos\"\noutside-events = [\"foo-*\"]\n",
            ),
            ("chromeos/a.conf", job),
            (
                "ubuntu/upstart-lint.toml",
                "[graph]\nignore-events = [\"foo-ready\"]\n",
            ),
            ("ubuntu/b.conf", job),
            ("none/c.conf", job),
        ],
    );
    let unknown = |args: &[&str]| -> Vec<String> {
        let args = [&["--select", "G0001"], args].concat();
        let (code, found, stderr) = concise(&dir, &args, |line| {
            let file = line.split(':').next()?;
            let event = line.split('`').nth(1)?;
            Some(format!("{file}:{event}"))
        });
        assert!(code < 2, "{stderr}");
        found
    };
    // Each directory is judged with its own config: the chromeos profile knows
    // login-prompt-visible, outside-events adds foo-*, ignore-events accepts foo-ready.
    assert_eq!(
        unknown(&["chromeos", "ubuntu", "none"]),
        [
            "ubuntu/b.conf:login-prompt-visible",
            "none/c.conf:login-prompt-visible",
            "none/c.conf:foo-ready",
        ]
    );
    // --profile overrides the file's profile; its outside events still count.
    assert_eq!(
        unknown(&["--profile", "ubuntu", "chromeos"]),
        ["chromeos/a.conf:login-prompt-visible"]
    );
    // --isolated reads no config file.
    assert_eq!(
        unknown(&["--isolated", "chromeos"]),
        [
            "chromeos/a.conf:login-prompt-visible",
            "chromeos/a.conf:foo-ready"
        ]
    );
    // A bad value names the key and its line.
    let stderr = config_error(
        &dir,
        "ubuntu/upstart-lint.toml",
        "[graph]\nprofile = \"debian\"\n",
        "ubuntu",
    );
    assert!(
        stderr.contains("line 2, key `graph.profile`: unknown profile `debian`"),
        "{stderr}"
    );
}
