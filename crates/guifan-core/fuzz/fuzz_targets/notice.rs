//! Arbitrary text as a State Council notice: read or refused, never a panic; what is read turns
//! into a calendar document the loader takes as it is — a supplementary notice's document (its
//! `amends`) once the year it amends is known — and every year it states becomes known.
#![no_main]

use guifan_core::calendar::{notice, Calendar};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let read = notice::read(text);
    let Ok(doc) = notice::calendar_document(&[text]) else { return };
    assert!(read.is_ok(), "a document from a text the reader refuses");
    let mut cal = Calendar::builtin();
    let amends_unknown = doc
        .get("amends")
        .and_then(|a| a.as_object())
        .is_some_and(|a| a.keys().any(|y| !y.parse().is_ok_and(|y: i32| cal.is_year_known(y))));
    match cal.load_json(&doc.to_string()) {
        Ok(years) => {
            assert!(!amends_unknown, "amends of an unknown year loaded");
            assert!(years.iter().all(|y| cal.is_year_known(*y)));
        }
        Err(e) => assert!(amends_unknown, "the reader's document is refused: {e}"),
    }
});
