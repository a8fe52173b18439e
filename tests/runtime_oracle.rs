//! The simulator against the real Upstart 1.13.2: every recorded scenario in
//! `../shared/oracle/runtime/` is run and its normalised trace (timeline, results, final) compared
//! with the recording. Deterministic recordings must all agree; the racy ones (marked DIFFERENT)
//! must agree with one of their recorded runs or are reported.

use std::path::{Path, PathBuf};

use upstart_lint::runtime::Engine;
use upstart_lint::runtime::outcome::Outcomes;
use upstart_lint::runtime::scenario::{Runner, parse_steps};

fn oracle() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/oracle/runtime");
    dir.is_dir().then_some(dir)
}

fn simulate(scenario: &Path) -> String {
    let loaded = upstart_lint::workspace::load_job_classes(&[scenario.join("jobs")]);
    let mut outcomes = Outcomes::default();
    let text = std::fs::read_to_string(scenario.join("outcomes")).unwrap_or_default();
    outcomes.add_file(&text).expect("outcomes parse");
    let steps = std::fs::read_to_string(scenario.join("steps")).expect("steps");
    let mut runner = Runner::new(Engine::new(loaded.jobs, outcomes));
    runner.run(&parse_steps(&steps).expect("steps parse"));
    runner.trace()
}

/// The compared sections: everything before `--- files`.
fn compared(trace: &str) -> &str {
    trace.split("--- files\n").next().unwrap_or(trace)
}

#[test]
fn recorded_scenarios_agree_with_real_upstart() {
    let Some(root) = oracle() else {
        println!("skipped: ../shared/oracle/runtime is absent");
        return;
    };
    let mut scenarios: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("oracle directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("steps").is_file())
        .collect();
    scenarios.sort();
    let (mut agreed, mut deterministic, mut racy_agreed, mut racy) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for scenario in &scenarios {
        let name = scenario.file_name().unwrap().to_string_lossy().into_owned();
        let ours = simulate(scenario);
        let determinism = std::fs::read_to_string(scenario.join("DETERMINISM")).unwrap_or_default();
        let recorded: Vec<String> = std::fs::read_dir(scenario)
            .expect("scenario")
            .map(|e| e.expect("entry").path())
            .filter(|p| {
                let f = p.file_name().unwrap().to_string_lossy();
                f.starts_with("trace") && f.ends_with(".txt")
            })
            .map(|p| std::fs::read_to_string(p).expect("trace"))
            .collect();
        let matches = recorded.iter().any(|t| compared(t) == compared(&ours));
        if determinism.starts_with("identical") {
            deterministic += 1;
            if matches {
                agreed += 1;
            } else {
                failures.push(name);
                let expected = std::fs::read_to_string(scenario.join("trace.txt")).unwrap();
                println!(
                    "--- {}: expected\n{}",
                    failures.last().unwrap(),
                    compared(&expected)
                );
                println!("--- got\n{}", compared(&ours));
            }
        } else {
            racy += 1;
            if matches {
                racy_agreed += 1;
            } else {
                println!(
                    "racy scenario {name}: differs from all {} recorded runs",
                    recorded.len()
                );
            }
        }
    }
    println!(
        "runtime oracle: {agreed}/{deterministic} deterministic scenarios agree; \
         {racy_agreed}/{racy} racy ones match one of their recorded runs"
    );
    assert!(failures.is_empty(), "scenarios that disagree: {failures:?}");
}
