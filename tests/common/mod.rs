//! Helpers shared by the tests that read the shared oracle recordings.

use std::path::{Path, PathBuf};

/// The recorded workspaces (`../shared/oracle/workspaces/*/` with a `jobs/`), sorted; `None`
/// when the shared directory is absent.
pub fn oracle_workspaces() -> Option<Vec<PathBuf>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/oracle/workspaces");
    let mut found: Vec<PathBuf> = std::fs::read_dir(root)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("jobs").is_dir())
        .collect();
    found.sort();
    Some(found)
}
