//! Reading fields out of JSON (requests, rule packs) with errors that name the field path and
//! the value.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use chrono::{NaiveDate, NaiveDateTime};
use core::str::FromStr;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use crate::money::parse_money;
use crate::time::{parse_date, parse_instant};
use crate::Error;

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
    pub(crate) fn array(&mut self, name: &'static str) -> Result<Vec<(String, &'a Value)>, Error> {
        let path = self.path(name);
        match self.get(name) {
            None => Err(self.missing(name, "an array")),
            Some(Value::Array(items)) => {
                Ok(items.iter().enumerate().map(|(i, v)| (format!("{path}[{i}]"), v)).collect())
            }
            Some(v) => Err(self.wrong(name, v, "an array")),
        }
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

    /// Refuses keys that were never read, so a misspelt field is an error, not silently ignored.
    pub(crate) fn finish(self) -> Result<(), Error> {
        match self.obj.keys().find(|k| !self.read.contains(&k.as_str())) {
            None => Ok(()),
            Some(k) => Err(Error::invalid(
                self.path(k),
                show(&self.obj[k]),
                format!("unknown field; accepted: {}", self.read.join(", ")),
            )),
        }
    }
}
