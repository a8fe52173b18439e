//! Shared by the snapshot-style tests: compare what each input produces with the `.expected`
//! file beside it.

use std::path::{Path, PathBuf};

/// Compares `describe(input)` with `input.expected` for every input; with `UPDATE_EXPECT` set,
/// rewrites the expected files instead. Fails listing every difference.
pub fn assert_matches_expected(inputs: &[PathBuf], describe: impl Fn(&Path) -> String) {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for path in inputs {
        let actual = describe(path);
        let expected_path = path.with_extension("expected");
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
        "{} fixtures differ (UPDATE_EXPECT=1 rewrites them):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
