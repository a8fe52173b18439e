//! Property: for any bytes, the tree's text is the input, and analysis never panics.

use proptest::prelude::*;
use upstart_lint::{check, source, syntax};

/// Bytes biased towards what is special to Upstart's tokenizer.
fn job_like_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"start on ".to_vec()),
        Just(b"script\n".to_vec()),
        Just(b"end script".to_vec()),
        Just(b"exec ".to_vec()),
        Just(b" and ".to_vec()),
        Just(b" or ".to_vec()),
        prop::sample::select(b"\\\"'#()\n\r\t \0=$\xff\xc3".to_vec()).prop_map(|b| vec![b]),
        "[a-z]{1,6}".prop_map(String::into_bytes),
        Just("é\u{10fe9e}".as_bytes().to_vec()),
        Just(b"description \"x\" \\\n".to_vec()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn tree_text_is_the_input(bytes in job_like_bytes()) {
        let decoded = source::decode(&bytes);
        prop_assert_eq!(source::encode(&decoded.text), bytes.clone());
        let tree = syntax::parse(&decoded.text);
        prop_assert_eq!(tree.root.text().to_string(), decoded.text);
        let analysis = check::analyze(&bytes, b"prop");
        for d in &analysis.diagnostics {
            prop_assert!(usize::from(d.range.end()) <= analysis.source.text.len());
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let analysis = check::analyze(&bytes, b"prop");
        prop_assert_eq!(source::encode(&analysis.tree.root.text().to_string()), bytes);
    }
}

#[test]
fn deep_parentheses_do_not_crash() {
    // Upstart accepts this. rowan frees deep trees recursively, so the check runs on a thread with
    // a main-thread-sized stack, as the binary has.
    let check = || {
        let text = format!("start on {}a{}\n", "(".repeat(10_000), ")".repeat(10_000));
        let analysis = check::analyze(text.as_bytes(), b"deep");
        assert!(analysis.upstart_error().is_none());
        assert_eq!(analysis.tree.root.text().to_string(), text);
    };
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(check)
        .unwrap()
        .join()
        .unwrap();
}
