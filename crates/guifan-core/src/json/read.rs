//! Typed values straight from JSON text, with the errors of the contract.
//!
//! Text is read by serde into the contract's types; nothing is built in between. The reader
//! notes the path of the value being read (`serde_path_to_error`), so a refusal reports exactly
//! what the contract promises: a key given twice anywhere first (looked for only then), then the
//! first fault with its kind, its field path (`lines[2].arrears_since`) and the value as written.
//!
//! Values that need more than serde's types give (money, instants, counts, keys) carry their own
//! [`Error`] through serde (`crate::de`), put back here at their path.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use serde::de;
use serde_json::error::Category;
use serde_path_to_error::Segment;

use super::child;
use super::raw::{self, Step};
use crate::de::{uncarried, AS_WRITTEN};
use crate::Error;

/// Where a typed read sits in the document: field paths are reported inside `prefix`, and the
/// value itself, when at fault as a whole, as `root`; text that is no JSON quotes `document`
/// (the whole document the value is part of, when not the value itself).
#[derive(Clone, Copy)]
pub(crate) struct At<'a> {
    pub(crate) prefix: &'a str,
    pub(crate) root: &'a str,
    pub(crate) document: Option<&'a str>,
}

impl<'a> At<'a> {
    /// A value at `prefix`, reported as `root` when at fault as a whole.
    pub(crate) const fn new(prefix: &'a str, root: &'a str) -> Self {
        At { prefix, root, document: None }
    }

    /// The same place inside a larger `document`.
    pub(crate) const fn within(self, document: &'a str) -> Self {
        At { document: Some(document), ..self }
    }

    fn field(&self, path: &str) -> String {
        match (self.prefix.is_empty(), path.is_empty()) {
            (_, true) => self.root.into(),
            (true, false) => path.into(),
            (false, false) if path.starts_with('[') => format!("{}{path}", self.prefix),
            (false, false) => format!("{}.{path}", self.prefix),
        }
    }
}

/// Text that is not JSON: `invalid_input` at `request`, quoting its start.
pub(crate) fn not_json(text: &[u8], why: impl fmt::Display) -> Error {
    let start: String = String::from_utf8_lossy(text).chars().take(60).collect();
    Error::invalid("request", start, format!("not valid JSON: {why}"))
}

/// The first thing wrong with `text` as JSON, before its shape is looked at: not JSON at all,
/// or a key given twice (at its path inside `prefix`).
pub(crate) fn unreadable(text: &str, prefix: &str) -> Option<Error> {
    match raw::duplicates(text) {
        Err(why) => Some(not_json(text.as_bytes(), why)),
        Ok(found) => found.into_iter().next().map(|e| match prefix {
            "" => e,
            _ => {
                let field = At::new(prefix, prefix).field(e.field().unwrap_or_default());
                e.at(field)
            }
        }),
    }
}

/// A serde_json error at the path of the value being read.
pub(crate) type PathError = serde_path_to_error::Error<serde_json::Error>;

/// The one reader of request text: serde_json, noting the path of the value being read
/// (`serde_path_to_error`) so that a refusal can name its field. Every type is read through it
/// alone, so each type's reader is compiled once (the WebAssembly module stays small).
pub(crate) type Reader<'r, 'de> =
    serde_path_to_error::Deserializer<'r, 'r, &'r mut serde_json::Deserializer<serde_json::de::StrRead<'de>>>;

/// Runs `read` on a [`Reader`] of `text` (a whole JSON value, nothing after it).
pub(crate) fn tracked<'de, R>(
    text: &'de str,
    read: impl for<'r> FnOnce(Reader<'r, 'de>) -> Result<R, serde_json::Error>,
) -> Result<R, PathError> {
    let mut read = Some(read);
    let mut value = None;
    track(text, &mut |d| {
        value = read.take().map(|read| read(d)).transpose()?;
        Ok(())
    })?;
    value.ok_or_else(|| PathError::new(serde_path_to_error::Track::new().path(), de::Error::custom("not read")))
}

/// [`tracked`] with the reader behind a pointer: one copy of this code for every type read.
fn track<'de>(
    text: &'de str,
    read: &mut dyn for<'r> FnMut(Reader<'r, 'de>) -> Result<(), serde_json::Error>,
) -> Result<(), PathError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let mut track = serde_path_to_error::Track::new();
    match read(serde_path_to_error::Deserializer::new(&mut de, &mut track)) {
        Ok(()) => de.end().map_err(|e| PathError::new(serde_path_to_error::Track::new().path(), e)),
        Err(e) => Err(PathError::new(track.path(), e)),
    }
}

/// Reads `T` from `text` (a whole document); a refusal names its first fault, after any key
/// given twice.
pub(crate) fn read<'a, T: de::Deserialize<'a>>(text: &'a str, at: At<'_>) -> Result<T, Error> {
    tracked(text, |d| T::deserialize(d)).map_err(|e| refused(e, text, at, true))
}

/// Like [`read`] for a part of a document already checked by [`unreadable`].
pub(crate) fn read_part<'a, T: de::Deserialize<'a>>(text: &'a str, at: At<'_>) -> Result<T, Error> {
    tracked(text, |d| T::deserialize(d)).map_err(|e| refused(e, text, at, false))
}

/// The error of a refused read (a key given twice first, when `whole`).
fn refused(e: PathError, text: &str, at: At<'_>, whole: bool) -> Error {
    let twice = if whole { unreadable(text, at.prefix) } else { None };
    twice.unwrap_or_else(|| explained(e, text, at))
}

/// A serde error at its path, as the contract's error.
fn explained(e: PathError, text: &str, at: At<'_>) -> Error {
    let mut path = String::new();
    let mut steps = Vec::new();
    for segment in e.path().iter() {
        match segment {
            Segment::Map { key } => {
                path = child(&path, key);
                steps.push(Step::Key(key));
            }
            Segment::Seq { index } => {
                path = format!("{path}[{index}]");
                steps.push(Step::Index(*index));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    let inner = e.inner();
    if inner.classify() != Category::Data {
        return not_json(at.document.unwrap_or(text).as_bytes(), inner);
    }
    let full = inner.to_string();
    let suffix = format!(" at line {} column {}", inner.line(), inner.column());
    let message = full.strip_suffix(suffix.as_str()).unwrap_or(&full);
    if let Some(carried) = uncarried(message) {
        let within = carried.field().unwrap_or_default();
        let own = match (path.is_empty(), within.is_empty()) {
            (_, true) => path.clone(),
            (true, false) => within.into(),
            (false, false) if within.starts_with('[') => format!("{path}{within}"),
            (false, false) => format!("{path}.{within}"),
        };
        if carried.value().as_deref() == Some(AS_WRITTEN) {
            steps.push(Step::Key(within));
            let written = raw::at(text, &steps).map(raw::shown).unwrap_or_default();
            let reason = match &carried {
                Error::InvalidInput { reason, .. } => reason.clone(),
                other => other.to_string(),
            };
            return Error::invalid(at.field(&own), written, reason);
        }
        return carried.at(at.field(&own));
    }
    let value = raw::at(text, &steps);
    let shown = value.map(raw::shown).unwrap_or_default();
    if let Some(name) = message.strip_prefix("missing field `").and_then(|m| m.strip_suffix('`')) {
        return Error::invalid(at.field(&child(&path, name)), "missing", "required");
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let accepted = rest.split_once("expected ").map_or("", |(_, list)| list);
        let accepted: Vec<&str> = accepted.split(['`', ',', ' ']).filter(|s| !s.is_empty() && *s != "or").collect();
        let why = format!("unknown field; accepted: {}", accepted.join(", "));
        return Error::invalid(at.field(&path), shown, why);
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let value = value.unwrap_or("null");
        if value == "null" && !path.is_empty() {
            return Error::invalid(at.field(&path), "missing", "required");
        }
        let expected = match rest.rsplit_once(", expected ").map_or("a value", |(_, e)| e) {
            "a boolean" => "true or false",
            "a sequence" => "an array",
            e if e.starts_with("struct ") || e == "a map" => "an object",
            e => e,
        };
        return Error::invalid(at.field(&path), shown, format!("expected {expected}, got {}", raw::kind_of(value)));
    }
    Error::invalid(at.field(&path), shown, message)
}
