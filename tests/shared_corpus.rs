//! Every file of the shared corpus and oracle cases, when `../shared` is present (CI has it; a
//! fresh clone alone does not, and then this test checks nothing and says so).

use std::path::{Path, PathBuf};

use upstart_lint::{check, source, syntax};

fn files_under(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, found);
        } else {
            found.push(path);
        }
    }
}

#[test]
fn every_shared_file_round_trips_and_analyses() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let mut files = Vec::new();
    for dir in ["corpus", "oracle/cases"] {
        files_under(&shared.join(dir), &mut files);
    }
    if files.is_empty() {
        eprintln!("../shared is absent: nothing to check");
        return;
    }
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let decoded = source::decode(&bytes);
        let tree = syntax::parse(&decoded.text);
        assert_eq!(
            source::encode(&tree.root.text().to_string()),
            bytes,
            "{}",
            path.display()
        );
        let analysis = check::analyze(&bytes, b"corpus");
        for diagnostic in &analysis.diagnostics {
            assert!(
                usize::from(diagnostic.range.end()) <= analysis.source.text.len(),
                "{}",
                path.display()
            );
        }
    }
    assert!(
        files.len() > 2000,
        "expected the whole corpus, found {} files",
        files.len()
    );
}
