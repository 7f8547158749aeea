//! Reading JSON text (requests, rule packs, calendars) and the fields out of it, with errors
//! that name the field path and the value: requests straight into typed values ([`read()`]),
//! documents through a [`Value`] whose fields are checked one by one ([`Fields`], [`Check`]).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use chrono::NaiveDate;
use core::str::FromStr;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use crate::money::parse_money;
use crate::time::parse_date;
use crate::{Error, Problem};

mod raw;
mod read;

pub(crate) use raw::{shown, Layout};
pub(crate) use read::{not_json, read, read_part, tracked, unreadable, At};

/// JSON text read into a value, with the order of its keys and every key given twice.
pub(crate) struct Parsed {
    /// The document; of a repeated key, the value serde_json keeps (the later one).
    pub value: Value,
    /// Its keys in the order written, and one `invalid_input` per repeated key at its path
    /// (`tiers.personal.e_home`).
    pub layout: Layout,
}

/// Parses a JSON document (as bytes). Keys given twice in one object are reported, never
/// silently resolved: JSON readers disagree on which one counts, so a document with them means
/// two things.
pub(crate) fn parse(bytes: &[u8]) -> Result<Parsed, String> {
    // Text, not bytes: one reader of JSON text in the crate (the WebAssembly module stays small).
    let text = core::str::from_utf8(bytes).map_err(|e| e.to_string())?;
    let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let layout = Layout::of(&mut serde_json::Deserializer::from_str(text)).map_err(|e| e.to_string())?;
    Ok(Parsed { value, layout })
}

/// One JSON object of the request, its path, and the keys read so far.
pub(crate) struct Fields<'a> {
    obj: &'a Map<String, Value>,
    path: String,
    read: Vec<&'static str>,
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A short rendering of a value for messages.
fn show(v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.chars().count() > 80 {
        let cut: String = text.chars().take(77).collect();
        format!("{cut}...")
    } else {
        text
    }
}

/// The path of `key` inside `path`: `tiers.e_home`, or, for a key that would not read back as
/// one step (empty, or holding `.`, brackets, quotes, spaces), `tiers["e.home"]` and `[""]`.
pub(crate) fn child(path: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && !key.chars().any(|c| matches!(c, '.' | '[' | ']' | '"' | '\\') || c.is_whitespace() || c.is_control());
    match (plain, path.is_empty()) {
        (true, true) => key.into(),
        (true, false) => format!("{path}.{key}"),
        (false, _) => format!("{path}[{}]", Value::from(key)),
    }
}

impl<'a> Fields<'a> {
    pub(crate) fn new(value: &'a Value, path: String) -> Result<Self, Error> {
        match value {
            Value::Object(obj) => Ok(Fields { obj, path, read: Vec::new() }),
            other => Err(Error::invalid(
                if path.is_empty() { String::from("input") } else { path },
                show(other),
                format!("expected an object, got {}", kind_of(other)),
            )),
        }
    }

    pub(crate) fn path(&self, name: &str) -> String {
        child(&self.path, name)
    }

    /// The value of `name`; `null` counts as absent.
    pub(crate) fn get(&mut self, name: &'static str) -> Option<&'a Value> {
        self.read.push(name);
        self.obj.get(name).filter(|v| !v.is_null())
    }

    fn missing(&self, name: &str, what: &str) -> Error {
        Error::invalid(self.path(name), "missing", format!("required: {what}"))
    }

    fn wrong(&self, name: &str, v: &Value, what: &str) -> Error {
        Error::invalid(self.path(name), show(v), format!("expected {what}, got {}", kind_of(v)))
    }

    pub(crate) fn require<T>(
        &mut self,
        name: &'static str,
        what: &str,
        read: impl FnOnce(&mut Self, &'static str) -> Result<Option<T>, Error>,
    ) -> Result<T, Error> {
        read(self, name)?.ok_or_else(|| self.missing(name, what))
    }

    pub(crate) fn opt_str(&mut self, name: &'static str) -> Result<Option<&'a str>, Error> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(v) => Err(self.wrong(name, v, "a string")),
        }
    }

    pub(crate) fn str(&mut self, name: &'static str) -> Result<&'a str, Error> {
        self.require(name, "a string", Self::opt_str)
    }

    /// A key of a fixed set (`FromStr` of the domain type), reported at this field.
    pub(crate) fn opt_key<T: FromStr<Err = Error>>(&mut self, name: &'static str) -> Result<Option<T>, Error> {
        let path = self.path(name);
        self.opt_str(name)?.map(|s| T::from_str(s).map_err(|e| e.at(path))).transpose()
    }

    pub(crate) fn key<T: FromStr<Err = Error>>(&mut self, name: &'static str) -> Result<T, Error> {
        self.require(name, "a name", Self::opt_key)
    }

    pub(crate) fn opt_date(&mut self, name: &'static str) -> Result<Option<NaiveDate>, Error> {
        let path = self.path(name);
        self.opt_str(name)?.map(|s| parse_date(&path, s)).transpose()
    }

    pub(crate) fn date(&mut self, name: &'static str) -> Result<NaiveDate, Error> {
        self.require(name, "a date as YYYY-MM-DD", Self::opt_date)
    }

    /// Money as a decimal string or a JSON number, read exactly as written.
    pub(crate) fn opt_money(&mut self, name: &'static str) -> Result<Option<Decimal>, Error> {
        let path = self.path(name);
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => parse_money(&path, s).map(Some),
            Some(Value::Number(n)) => parse_money(&path, &n.to_string()).map(Some),
            Some(v) => Err(self.wrong(name, v, "a decimal string or number")),
        }
    }

    pub(crate) fn money(&mut self, name: &'static str) -> Result<Decimal, Error> {
        self.require(name, "an amount such as \"3359.99\"", Self::opt_money)
    }

    pub(crate) fn opt_object(&mut self, name: &'static str) -> Result<Option<Fields<'a>>, Error> {
        let path = self.path(name);
        self.get(name).map(|v| Fields::new(v, path)).transpose()
    }

    pub(crate) fn object(&mut self, name: &'static str) -> Result<Fields<'a>, Error> {
        self.require(name, "an object", Self::opt_object)
    }

    /// Each element of an array, with its path (`lines[2]`).
    pub(crate) fn opt_array(&mut self, name: &'static str) -> Result<Option<Vec<(String, &'a Value)>>, Error> {
        let path = self.path(name);
        match self.get(name) {
            None => Ok(None),
            Some(Value::Array(items)) => {
                Ok(Some(items.iter().enumerate().map(|(i, v)| (format!("{path}[{i}]"), v)).collect()))
            }
            Some(v) => Err(self.wrong(name, v, "an array")),
        }
    }

    pub(crate) fn array(&mut self, name: &'static str) -> Result<Vec<(String, &'a Value)>, Error> {
        self.require(name, "an array", Self::opt_array)
    }

    /// The entries of an object-valued field whose keys are data (brands, regions), each with
    /// its path (`tiers.personal.e_home`).
    fn entries(&mut self, name: &'static str) -> Result<Vec<(String, &'a str, &'a Value)>, Error> {
        let path = self.path(name);
        match self.get(name) {
            None => Err(self.missing(name, "an object")),
            Some(Value::Object(map)) => Ok(map.iter().map(|(k, v)| (child(&path, k), k.as_str(), v)).collect()),
            Some(v) => Err(self.wrong(name, v, "an object")),
        }
    }

    /// Every key never read, as an error: a misspelt field is refused, never silently ignored.
    fn unread(&self) -> impl Iterator<Item = (&'a str, Error)> + '_ {
        self.obj.iter().filter(|(k, _)| !self.read.contains(&k.as_str())).map(|(k, v)| {
            let why = format!("unknown field; accepted: {}", self.read.join(", "));
            (k.as_str(), Error::invalid(self.path(k), show(v), why))
        })
    }
}

/// Reads a whole document (a rule pack, a calendar) collecting every problem with its path
/// instead of stopping at the first; a document with any problem is refused whole, since half a
/// document would answer with rules or days nobody wrote.
pub(crate) struct Check {
    /// Every problem found, in the order found.
    pub problems: Vec<Problem>,
    /// The field of a problem that has none of its own (`pack`, `calendar`).
    document: &'static str,
    /// Values that must be unique in the document (rule ids, dates), with where they were seen.
    claimed: Vec<(String, String)>,
    /// The order of the document's keys: problems and entries come in the order written.
    layout: Layout,
}

impl Check {
    /// A check of a parsed `document`, starting with its repeated keys.
    pub(crate) fn new(document: &'static str, mut layout: Layout) -> Self {
        let duplicates = core::mem::take(&mut layout.duplicates);
        let mut check = Check { problems: Vec::new(), document, claimed: Vec::new(), layout };
        duplicates.into_iter().for_each(|e| check.push(e));
        check
    }

    pub(crate) fn fail(&mut self, field: impl Into<String>, value: impl Into<String>, reason: &str) {
        self.push(Error::invalid(field, value, reason));
    }

    pub(crate) fn push(&mut self, e: Error) {
        let problem = Problem {
            field: e.field().unwrap_or(self.document).into(),
            value: e.value().unwrap_or_default(),
            message: e.to_string(),
        };
        self.problems.push(problem);
    }

    /// The value, or `None` with the error recorded.
    pub(crate) fn ok<T>(&mut self, r: Result<T, Error>) -> Option<T> {
        r.map_err(|e| self.push(e)).ok()
    }

    /// An object's fields; its unread keys are reported by [`Check::done`].
    pub(crate) fn fields<'a>(&mut self, v: &'a Value, path: &str) -> Option<Fields<'a>> {
        self.ok(Fields::new(v, path.into()))
    }

    /// Records every key of `f` that was never read.
    pub(crate) fn done(&mut self, f: Fields<'_>) {
        let unread = self.layout.in_order(&f.path, f.unread().collect(), |(key, _)| key);
        unread.into_iter().for_each(|(_, e)| self.push(e));
    }

    /// A required string that is not blank.
    pub(crate) fn name<'a>(&mut self, f: &mut Fields<'a>, name: &'static str) -> Option<&'a str> {
        let path = f.path(name);
        let s = self.ok(f.str(name))?;
        if s.trim().is_empty() {
            self.fail(path, s, "must not be empty");
            return None;
        }
        Some(s)
    }

    /// The entries of an object whose keys are data (brands, regions, years); a blank key names
    /// nothing anyone could ask for, so it is refused.
    pub(crate) fn named<'a>(&mut self, f: &mut Fields<'a>, name: &'static str) -> Vec<(String, &'a str, &'a Value)> {
        let entries = self.ok(f.entries(name)).unwrap_or_default();
        let mut entries = self.layout.in_order(&f.path(name), entries, |(_, key, _)| key);
        entries.retain(|(at, key, _)| {
            let named = !key.trim().is_empty();
            if !named {
                self.fail(at.clone(), *key, "a name must not be empty");
            }
            named
        });
        entries
    }

    /// What was read, when the document has no problem; every problem otherwise.
    pub(crate) fn into_result<T>(self, read: Option<T>) -> Result<T, Vec<Problem>> {
        match read {
            Some(value) if self.problems.is_empty() => Ok(value),
            _ => Err(self.problems),
        }
    }

    /// Claims `value` for `path`; false, with the problem recorded, when it was claimed before.
    pub(crate) fn claim(&mut self, what: &str, value: &str, path: &str) -> bool {
        if let Some((_, first)) = self.claimed.iter().find(|(v, _)| v == value) {
            let reason = format!("duplicate {what}: also at {first}");
            self.fail(path, value, &reason);
            return false;
        }
        self.claimed.push((value.into(), path.into()));
        true
    }
}
