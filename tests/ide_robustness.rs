//! Every editor query, at every position of odd input and of the real corpus, answers without
//! panicking, and every range it returns lies inside the file on character boundaries.

use std::path::Path;

use proptest::prelude::*;
use rowan::TextRange;
use upstart_lint::ide::{World, actions, completion, highlight, hints, hover, navigation, outline};

/// Text biased towards what the queries look at: stanzas, events, variables, comments.
fn job_like_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("start on started ".to_string()),
        Just("stop on (".to_string()),
        Just(") and ".to_string()),
        Just(" or ".to_string()),
        Just("script\n".to_string()),
        Just("end script\n".to_string()),
        Just("exec $".to_string()),
        Just("env A=${".to_string()),
        Just("emits ".to_string()),
        Just("# upstart-lint: disable=W0113,".to_string()),
        Just("respawn\n".to_string()),
        Just("oom 10\n".to_string()),
        prop::sample::select(vec![
            "\\",
            "\"",
            "'",
            "#",
            "=",
            "!=",
            "\n",
            "\r",
            "\t",
            " ",
            "\u{0}",
            "é",
            "\u{1F600}",
            "\u{10FEFF}"
        ])
        .prop_map(str::to_string),
        "[a-zA-Z_]{1,6}",
    ];
    prop::collection::vec(piece, 0..30).prop_map(|pieces| pieces.concat())
}

fn assert_inside(text: &str, range: TextRange) {
    let (start, end) = (usize::from(range.start()), usize::from(range.end()));
    assert!(
        start <= end && end <= text.len(),
        "{range:?} outside {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{range:?} splits a character"
    );
}

/// Runs every query at every `step`th offset (and one past the end) of `path` in `world`.
fn query_everywhere(world: &World, path: &Path, step: usize) {
    let Some(file) = world.file(path) else { return };
    let text = file.text();
    for symbol in outline::symbols(file) {
        assert_inside(text, symbol.range);
        assert_inside(text, symbol.selection);
    }
    for fold in outline::folding_ranges(file) {
        assert_inside(text, fold.range);
    }
    for h in highlight::highlights(file) {
        assert_inside(text, h.range);
    }
    for hint in hints::inlay_hints(file) {
        assert_inside(text, TextRange::empty(hint.offset));
    }
    let all = TextRange::up_to(file.text().len().try_into().unwrap_or_default());
    for action in actions::actions(file, &world.diagnostics(path), all) {
        for edit in action.edits {
            assert_inside(text, edit.range);
        }
    }
    for offset in (0..=text.len() + 1).step_by(step) {
        if let Some(found) = hover::hover(world, path, offset) {
            assert_inside(text, found.range);
        }
        for item in completion::completions(world, path, offset) {
            assert_inside(text, item.replace);
        }
        for location in navigation::definition(world, path, offset)
            .into_iter()
            .chain(navigation::references(world, path, offset, true))
        {
            let target = world.file(&location.path).map_or("", |f| f.text());
            assert_inside(target, location.range);
        }
        if navigation::prepare_rename(world, path, offset).is_some() {
            let rename = navigation::rename(world, path, offset, "renamed");
            assert!(rename.is_ok(), "{rename:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn queries_never_panic_on_odd_input(text in job_like_text(), other in job_like_text()) {
        let mut world = World::new();
        let path = Path::new("/etc/init/odd.conf");
        world.set_file(path, text.as_bytes());
        world.set_file(Path::new("/etc/init/started.conf"), other.as_bytes());
        world.refresh_graph();
        query_everywhere(&world, path, 1);
    }
}

#[test]
fn queries_never_panic_on_the_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
    if !root.is_dir() {
        println!("skipped: ../shared/corpus/real not present");
        return;
    }
    let mut world = World::new();
    world.add_root(&root);
    // Cross-job findings join the per-file ones (and their code actions) too.
    assert!(
        !world.refresh_graph().is_empty(),
        "the corpus has cross-job findings"
    );
    let paths: Vec<_> = world.files().map(|(p, _)| p.to_path_buf()).collect();
    assert!(paths.len() > 100, "corpus files: {}", paths.len());
    // Every query at many offsets of a sample (references search the whole corpus each time);
    // the per-file queries on every file.
    for (i, path) in paths.iter().enumerate() {
        if i % 100 == 0 {
            query_everywhere(&world, path, 7);
        } else if let Some(file) = world.file(path) {
            let _ = (outline::symbols(file), outline::folding_ranges(file));
            let _ = highlight::highlights(file);
        }
    }
}
