#![no_main]

//! Arbitrary bytes through the whole pipeline: decode, round-trip, parse losslessly, analyse.

use libfuzzer_sys::fuzz_target;
use upstart_lint::{check, source, syntax};

fuzz_target!(|data: &[u8]| {
    let decoded = source::decode(data);
    assert_eq!(
        source::encode(&decoded.text),
        data,
        "decode/encode must round-trip every byte"
    );

    let tree = syntax::parse(&decoded.text);
    assert_eq!(
        tree.root.text().to_string(),
        decoded.text,
        "the syntax tree must be lossless"
    );

    let _ = check::analyze(data, b"fuzz");
});
