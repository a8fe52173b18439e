//! Spec scenarios S01–S60 (`../shared/spec/runtime.md` §9) as fixtures: every directory under
//! `tests/fixtures/runtime/` holds `jobs/*.conf`, `steps`, optionally `outcomes`, and `expected`,
//! the simulator's trace reviewed against the spec. Run with `UPDATE_EXPECT=1` to rewrite the
//! expected files, then review the diff.

use std::path::{Path, PathBuf};

use upstart_lint::runtime::Engine;
use upstart_lint::runtime::outcome::Outcomes;
use upstart_lint::runtime::scenario::{Runner, parse_steps};

fn scenarios() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/runtime");
    let mut found: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("tests/fixtures/runtime")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("steps").is_file())
        .collect();
    found.sort();
    found
}

fn simulate(scenario: &Path) -> String {
    let loaded = upstart_lint::workspace::load_job_classes(&[scenario.join("jobs")]);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let mut outcomes = Outcomes::default();
    if let Ok(text) = std::fs::read_to_string(scenario.join("outcomes")) {
        outcomes.add_file(&text).expect("outcomes parse");
    }
    let steps = std::fs::read_to_string(scenario.join("steps")).expect("steps");
    let mut runner = Runner::new(Engine::new(loaded.jobs, outcomes));
    runner.run(&parse_steps(&steps).expect("steps parse"));
    runner.trace()
}

#[test]
fn spec_scenarios_match_their_expected_traces() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let all = scenarios();
    assert!(
        all.len() >= 60,
        "expected a fixture per spec scenario, found {}",
        all.len()
    );
    for scenario in &all {
        let actual = simulate(scenario);
        let expected_path = scenario.join("expected");
        if update {
            std::fs::write(&expected_path, &actual).expect("write expected");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            println!("--- {}\n{actual}", scenario.display());
            failures.push(scenario.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    assert!(failures.is_empty(), "scenarios that changed: {failures:?}");
}
