//! Arbitrary text as a State Council notice: read or refused, never a panic; what is read turns
//! into a calendar document the loader takes as it is, and every year it states becomes known.
#![no_main]

use guifan_core::calendar::{notice, Calendar};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let read = notice::read(text);
    let Ok(doc) = notice::calendar_document(&[text]) else { return };
    assert!(read.is_ok(), "a document from a text the reader refuses");
    let mut cal = Calendar::builtin();
    let years = cal.load_json(&doc.to_string()).expect("the reader's document loads");
    assert!(years.iter().all(|y| cal.is_year_known(*y)));
});
