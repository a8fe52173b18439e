//! `grammar/upstart.ebnf` stays in sync with the parser: every example in it is parsed, and
//! loads in Upstart exactly when it is not marked as rejected.

use std::path::Path;

use upstart_lint::check;

/// The `(* example: … *)` and `(* rejected example: … *)` blocks: (rejected, text).
fn examples(grammar: &str) -> Vec<(bool, String)> {
    let mut found = Vec::new();
    let mut rest = grammar;
    while let Some(start) = rest.find("(* ") {
        let after = &rest[start + 3..];
        let Some(end) = after.find("*)") else { break };
        let body = &after[..end];
        if let Some(text) = body.strip_prefix("example:\n") {
            found.push((false, text.to_string()));
        } else if let Some(text) = body.strip_prefix("rejected example:\n") {
            found.push((true, text.to_string()));
        }
        rest = &after[end + 2..];
    }
    found
}

#[test]
fn every_grammar_example_parses_as_marked() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("grammar/upstart.ebnf");
    let grammar = std::fs::read_to_string(path).expect("grammar/upstart.ebnf");
    let examples = examples(&grammar);
    assert!(examples.len() >= 10, "examples found: {}", examples.len());
    for (rejected, text) in examples {
        let analysis = check::analyze(text.as_bytes(), b"example");
        assert_eq!(
            analysis.tree.root.text().to_string(),
            text,
            "the tree is lossless"
        );
        let error = analysis.upstart_error().map(|d| d.message.clone());
        assert_eq!(
            error.is_some(),
            rejected,
            "{text}\nUpstart's verdict: {error:?}"
        );
    }
}
