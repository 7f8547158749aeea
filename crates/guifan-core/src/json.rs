//! Reading JSON text (requests, rule packs, calendars) and the fields out of it, with errors
//! that name the field path and the value.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use chrono::{NaiveDate, NaiveDateTime};
use core::fmt;
use core::str::FromStr;
use rust_decimal::Decimal;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

use crate::money::parse_money;
use crate::time::{parse_date, parse_instant};
use crate::{Error, Problem};

/// JSON text read into a value, with every key given twice in one object.
pub(crate) struct Parsed {
    /// The document; of a repeated key, the first value is kept.
    pub value: Value,
    /// One `invalid_input` per repeated key, at its path (`input.arrears_count`), in text order.
    pub duplicates: Vec<Error>,
}

/// Parses JSON text (as bytes). Keys given twice in one object are reported, never silently resolved:
/// JSON readers disagree on which one counts, so a document with them means two things.
/// Numbers stay exactly as written (serde_json's `arbitrary_precision`).
pub(crate) fn parse(bytes: &[u8]) -> Result<Parsed, serde_json::Error> {
    let mut duplicates = Vec::new();
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = Seed { at: &Step::Root, duplicates: &mut duplicates }.deserialize(&mut de)?;
    de.end()?;
    Ok(Parsed { value, duplicates })
}

/// The way from the root to the value being read, as a chain through the parser's stack frames:
/// nothing is allocated unless a repeated key needs its path.
enum Step<'a> {
    Root,
    Key(&'a str, &'a Step<'a>),
    Index(usize, &'a Step<'a>),
}

impl Step<'_> {
    fn path(&self) -> String {
        match self {
            Step::Root => String::new(),
            Step::Key(key, up) => child(&up.path(), key),
            Step::Index(i, up) => format!("{}[{i}]", up.path()),
        }
    }
}

/// Reads one value at `at` into a [`Value`], as serde_json's own `Value` does, noting repeated keys.
struct Seed<'a, 'd> {
    at: &'a Step<'a>,
    duplicates: &'d mut Vec<Error>,
}

/// The one-key map serde_json hands a number over as, written exactly (`arbitrary_precision`).
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

impl<'de> DeserializeSeed<'de> for Seed<'_, '_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(Number::from_f64(n).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.into()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) =
            seq.next_element_seed(Seed { at: &Step::Index(items.len(), self.at), duplicates: &mut *self.duplicates })?
        {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let Some(first) = map.next_key::<String>()? else { return Ok(Value::Object(Map::new())) };
        if first == NUMBER_TOKEN {
            let text: String = map.next_value()?;
            return text.parse().map(Value::Number).map_err(de::Error::custom);
        }
        let mut object = Map::new();
        let mut next = Some(first);
        while let Some(key) = next {
            let value =
                map.next_value_seed(Seed { at: &Step::Key(&key, self.at), duplicates: &mut *self.duplicates })?;
            match object.entry(key) {
                Entry::Vacant(slot) => {
                    slot.insert(value);
                }
                Entry::Occupied(first) => self.duplicates.push(Error::invalid(
                    child(&self.at.path(), first.key()),
                    show(&value),
                    "key given twice in one object; JSON readers disagree on which one counts",
                )),
            }
            next = map.next_key()?;
        }
        Ok(Value::Object(object))
    }
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

    pub(crate) fn opt_bool(&mut self, name: &'static str) -> Result<Option<bool>, Error> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(v) => Err(self.wrong(name, v, "true or false")),
        }
    }

    pub(crate) fn flag(&mut self, name: &'static str) -> Result<bool, Error> {
        Ok(self.opt_bool(name)?.unwrap_or(false))
    }

    pub(crate) fn bool(&mut self, name: &'static str) -> Result<bool, Error> {
        self.require(name, "true or false", Self::opt_bool)
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

    pub(crate) fn opt_instant(&mut self, name: &'static str) -> Result<Option<NaiveDateTime>, Error> {
        let path = self.path(name);
        self.opt_str(name)?.map(|s| parse_instant(&path, s)).transpose()
    }

    pub(crate) fn instant(&mut self, name: &'static str) -> Result<NaiveDateTime, Error> {
        self.require(name, "an instant such as 2025-09-30T10:00:00+08:00", Self::opt_instant)
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

    /// A JSON integer; negative ones are `negative_amount` when `unsigned`.
    pub(crate) fn opt_int(&mut self, name: &'static str, unsigned: bool) -> Result<Option<i64>, Error> {
        let path = self.path(name);
        match self.get(name) {
            None => Ok(None),
            Some(Value::Number(n)) => {
                let text = n.to_string();
                let value = n.as_i64().ok_or_else(|| {
                    let why = if text.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
                        "out of range"
                    } else {
                        "expected a whole number"
                    };
                    Error::invalid(path.clone(), text.clone(), why)
                })?;
                if unsigned && value < 0 {
                    return Err(Error::NegativeAmount { field: path, value: text });
                }
                Ok(Some(value))
            }
            Some(v) => Err(self.wrong(name, v, "a whole number")),
        }
    }

    pub(crate) fn int(&mut self, name: &'static str, unsigned: bool) -> Result<i64, Error> {
        self.require(name, "a whole number", |f, n| f.opt_int(n, unsigned))
    }

    /// A non-negative JSON integer that fits `T`.
    pub(crate) fn count<T: TryFrom<i64>>(&mut self, name: &'static str) -> Result<T, Error> {
        let n = self.int(name, false)?;
        crate::money::count(&self.path(name), n)
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
    pub(crate) fn entries(&mut self, name: &'static str) -> Result<Vec<(String, &'a str, &'a Value)>, Error> {
        let path = self.path(name);
        match self.get(name) {
            None => Err(self.missing(name, "an object")),
            Some(Value::Object(map)) => Ok(map.iter().map(|(k, v)| (child(&path, k), k.as_str(), v)).collect()),
            Some(v) => Err(self.wrong(name, v, "an object")),
        }
    }

    /// Every key never read, as an error: a misspelt field is refused, never silently ignored.
    pub(crate) fn unread(&self) -> impl Iterator<Item = Error> + '_ {
        self.obj.iter().filter(|(k, _)| !self.read.contains(&k.as_str())).map(|(k, v)| {
            Error::invalid(self.path(k), show(v), format!("unknown field; accepted: {}", self.read.join(", ")))
        })
    }

    /// Refuses the first key that was never read.
    pub(crate) fn finish(self) -> Result<(), Error> {
        self.unread().next().map_or(Ok(()), Err)
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
}

impl Check {
    /// A check of a parsed `document`, starting with its repeated keys.
    pub(crate) fn new(document: &'static str, duplicates: Vec<Error>) -> Self {
        let mut check = Check { problems: Vec::new(), document, claimed: Vec::new() };
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
        f.unread().for_each(|e| self.push(e));
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
        let mut entries = self.ok(f.entries(name)).unwrap_or_default();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn duplicates(text: &str) -> Vec<(String, String)> {
        let parsed = parse(text.as_bytes()).unwrap();
        parsed.duplicates.iter().map(|e| (e.field().unwrap().into(), e.value().unwrap())).collect()
    }

    #[test]
    fn reads_what_serde_json_reads_with_numbers_exact() {
        let texts = [
            r#"{"a": [1, -0, -0.0, 3359.999999999999999999, 1e400, 18446744073709551616], "b": {"c": null}}"#,
            r#"[true, false, "\u00e9\ud83d\ude00", {}, [], {"$x": 1}]"#,
            r#"  "text"  "#,
            "12345678901234567890123456789.5",
        ];
        for text in texts {
            let ours = parse(text.as_bytes()).unwrap();
            assert_eq!(ours.value, serde_json::from_str::<Value>(text).unwrap(), "{text}");
            assert!(ours.duplicates.is_empty());
        }
        let exact = parse(b"[3359.999999999999999999, -0]").unwrap().value;
        assert_eq!(exact.to_string(), "[3359.999999999999999999,-0]");
        for bad in ["{", r#"{"a": 1} x"#, "[1,]", "NaN", r#"{"a" 1}"#, ""] {
            assert!(parse(bad.as_bytes()).is_err(), "{bad}");
        }
    }

    #[test]
    fn keys_given_twice_are_reported_at_their_paths_keeping_the_first() {
        let text = r#"{"a": 1, "a": 2, "b": [{"c": 0}, {"c": 1, "d": {"e": 1, "e": {"f": 2}}, "c": 3}],
            "x.y": {"": 1, "": 2}}"#;
        assert_eq!(
            duplicates(text),
            [
                ("a".into(), "2".into()),
                ("b[1].d.e".into(), r#"{"f":2}"#.into()),
                ("b[1].c".into(), "3".into()),
                (r#"["x.y"][""]"#.into(), "2".into()),
            ]
        );
        let parsed = parse(text.as_bytes()).unwrap().value;
        assert_eq!((&parsed["a"], &parsed["b"][1]["c"]), (&Value::from(1), &Value::from(1)));
        // Escapes name the same key.
        assert_eq!(duplicates(r#"[{"ab": 1, "a\u0062": 2}]"#), [("[0].ab".into(), "2".into())]);
        assert!(duplicates(r#"{"a": {"b": 1}, "b": {"a": 1}}"#).is_empty());
    }
}
