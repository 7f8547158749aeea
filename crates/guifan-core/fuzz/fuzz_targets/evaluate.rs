//! Arbitrary bytes (invalid UTF-8 included) down the path `guifan eval` takes with a line of
//! input: `Request::from_slice` on the bytes, then the built-in engine. An answer, or an error of
//! a known kind with a message and a field path; asking for the explanation changes nothing else.
#![no_main]

use guifan_core::evaluate::{error_value, evaluate, Request};
use guifan_core::ErrorKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let request = Request::from_slice(data);
    let out = match &request {
        Ok(request) => evaluate(request).to_value(),
        Err(e) => error_value(e),
    };
    assert!(out.is_object(), "{out}");
    if let Some(error) = out.get("error") {
        let kind = error["kind"].as_str().unwrap_or_default();
        assert!(ErrorKind::ALL.iter().any(|k| k.as_str() == kind), "unknown kind {kind}");
        assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()), "{out}");
        assert!(error["field"].as_str().is_some_and(|f| !f.is_empty()), "{out}");
    }
    if let Ok(mut request) = request {
        if !request.explain {
            request.explain = true;
            let mut with = evaluate(&request).to_value();
            if out.get("error").is_none() {
                assert!(with.as_object_mut().and_then(|m| m.remove("explanation")).is_some(), "{with}");
            }
            assert_eq!(with, out);
        }
    }
});
