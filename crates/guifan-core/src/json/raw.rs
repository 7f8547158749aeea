//! JSON text looked at as text: the order of keys and keys given twice, the value at a path, a
//! value shown in a message. Only documents and refused requests come here, so clarity beats
//! speed; numbers are never read as numbers, so each is shown exactly as written.

use alloc::borrow::Cow;
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::child;
use crate::Error;

/// Containers nested deeper than this are refused, as serde_json refuses them in its own types.
const MAX_DEPTH: usize = 128;

/// The entries of one object in the order written, repeated keys included.
struct Entries<'a>(Vec<(String, &'a RawValue)>);

impl<'de> de::Deserialize<'de> for Entries<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Each;
        impl<'de> Visitor<'de> for Each {
            type Value = Entries<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries<'de>, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        d.deserialize_map(Each)
    }
}

fn entries(raw: &str) -> Result<Vec<(String, &RawValue)>, String> {
    serde_json::from_str::<Entries<'_>>(raw).map(|e| e.0).map_err(|e| e.to_string())
}

fn items(raw: &str) -> Result<Vec<&RawValue>, String> {
    serde_json::from_str(raw).map_err(|e| e.to_string())
}

/// The shape of a document beyond what a [`serde_json::Value`] keeps: the keys of each object
/// in the order written, and every key given twice. serde_json's `Value` sorts keys (guifan does
/// not turn on its `preserve_order`, which would change every host program's serde_json), so a
/// pack's brands and regions keep their authors' order through this.
#[derive(Clone, Debug, Default)]
pub(crate) struct Layout {
    /// One `invalid_input` per key given twice, at its path from the root (`input.lines[1].id`)
    /// showing the later value, in the order the later keys end.
    pub(crate) duplicates: Vec<Error>,
    /// The keys of each object in the order written, by the object's path.
    keys: BTreeMap<String, Vec<String>>,
}

impl Layout {
    /// The layout of a document read by any deserializer (JSON text, TOML …): from serde_json,
    /// through the text of each value, so no number is ever read as a number.
    pub(crate) fn of<'de, D: de::Deserializer<'de>>(d: D) -> Result<Layout, D::Error> {
        let mut layout = Layout::default();
        Walk { path: String::new(), depth: 0, layout: &mut layout }.deserialize(d)?;
        Ok(layout)
    }

    /// Where `key` stands among the keys of the object at `path` (unknown keys last).
    #[cfg(test)]
    fn position(&self, path: &str, key: &str) -> usize {
        self.keys.get(path).and_then(|keys| keys.iter().position(|k| k == key)).unwrap_or(usize::MAX)
    }

    /// `items` in the order their keys are written in the object at `path`; as given when the
    /// layout does not know that object (a document that came as a value).
    pub(crate) fn in_order<T>(&self, path: &str, mut items: Vec<T>, key: impl Fn(&T) -> &str) -> Vec<T> {
        let Some(keys) = self.keys.get(path) else { return items };
        let mut out = Vec::with_capacity(items.len());
        for k in keys {
            if let Some(i) = items.iter().position(|item| key(item) == k) {
                out.push(items.remove(i));
            }
        }
        out.extend(items);
        out
    }
}

/// Every key given twice in JSON text ([`Layout::duplicates`]); or, for text that is not JSON
/// (or nests deeper than JSON readers follow), why not.
pub(crate) fn duplicates(text: &str) -> Result<Vec<Error>, String> {
    let root: &RawValue = serde_json::from_str(text).map_err(|e| e.to_string())?;
    Layout::of(&mut serde_json::Deserializer::from_str(root.get())).map(|l| l.duplicates).map_err(|e| e.to_string())
}

/// Walks one value at `path`, noting its objects' keys; yields the value as messages show it
/// (when the deserializer hands over its text).
struct Walk<'l> {
    path: String,
    depth: usize,
    layout: &'l mut Layout,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = String;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_newtype_struct(crate::de::RAW_TOKEN, self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_newtype_struct<D: de::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(Inner(self))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
        // serde_json hands a value's text over as one entry; anything else is a real map.
        match map.next_key::<crate::de::Text<'de>>()? {
            Some(crate::de::Text(key)) if key == crate::de::RAW_TOKEN => {
                let crate::de::Text(raw) = map.next_value()?;
                if matches!(raw.as_bytes().first(), Some(b'{' | b'[')) {
                    let mut inner = serde_json::Deserializer::from_str(&raw);
                    de::Deserializer::deserialize_any(&mut inner, Inner(self)).map_err(de::Error::custom)?;
                }
                Ok(shown(&raw))
            }
            first => Inner(self).entries(first.map(|k| k.0), map),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<String, A::Error> {
        Inner(self).visit_seq(seq)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(Inner(self))
    }
}

/// The containers of a [`Walk`]: each entry walked in turn.
struct Inner<'l>(Walk<'l>);

impl Inner<'_> {
    fn deeper<E: de::Error>(&self) -> Result<usize, E> {
        match self.0.depth + 1 {
            depth if depth >= MAX_DEPTH => Err(E::custom("recursion limit exceeded")),
            depth => Ok(depth),
        }
    }

    fn entries<'de, A: MapAccess<'de>>(self, first: Option<Cow<'de, str>>, mut map: A) -> Result<String, A::Error> {
        let depth = self.deeper()?;
        let Walk { path, layout, .. } = self.0;
        let (mut keys, mut seen) = (Vec::new(), BTreeSet::new());
        let mut next = first;
        while let Some(key) = next {
            let at = child(&path, &key);
            let value = map.next_value_seed(Walk { path: at.clone(), depth, layout: &mut *layout })?;
            if seen.insert(key.clone()) {
                keys.push(key.into_owned());
            } else {
                let why = "key given twice in one object; JSON readers disagree on which one counts";
                layout.duplicates.push(Error::invalid(at, value, why));
            }
            next = map.next_key::<crate::de::Text<'de>>()?.map(|k| k.0);
        }
        layout.keys.insert(path, keys);
        Ok(String::new())
    }
}

impl<'de> Visitor<'de> for Inner<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
        let first = map.next_key::<crate::de::Text<'de>>()?.map(|k| k.0);
        self.entries(first, map)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<String, A::Error> {
        let depth = self.deeper()?;
        let Walk { path, layout, .. } = self.0;
        let mut i = 0;
        while seq.next_element_seed(Walk { path: format!("{path}[{i}]"), depth, layout: &mut *layout })?.is_some() {
            i += 1;
        }
        Ok(String::new())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }
}

/// One step of a path into a JSON value.
pub(crate) enum Step<'a> {
    /// A key of an object.
    Key(&'a str),
    /// An index of an array.
    Index(usize),
}

/// The text of the value at `steps` inside `raw`, if there is one.
pub(crate) fn at<'a>(raw: &'a str, steps: &[Step<'_>]) -> Option<&'a str> {
    let Some((first, rest)) = steps.split_first() else { return Some(raw) };
    let inner = match first {
        Step::Key(key) => entries(raw).ok()?.into_iter().find(|(k, _)| k == key).map(|(_, v)| v)?,
        Step::Index(i) => items(raw).ok()?.into_iter().nth(*i)?,
    };
    at(inner.get(), rest)
}

/// What a value is, for messages: `a string`, `null` …
pub(crate) fn kind_of(raw: &str) -> &'static str {
    match raw.as_bytes().first() {
        Some(b'n') => "null",
        Some(b't' | b'f') => "a boolean",
        Some(b'"') => "a string",
        Some(b'[') => "an array",
        Some(b'{') => "an object",
        _ => "a number",
    }
}

/// A value as messages show it: a string's text, anything else as compact JSON with numbers as
/// written, cut after 77 characters.
pub(crate) fn shown(raw: &str) -> String {
    let text = match raw.as_bytes().first() {
        Some(b'"') => serde_json::from_str::<String>(raw).unwrap_or_else(|_| raw.into()),
        _ => compact(raw),
    };
    if text.chars().count() > 80 {
        let cut: String = text.chars().take(77).collect();
        format!("{cut}...")
    } else {
        text
    }
}

/// Compact JSON of a value: no white space, strings escaped as serde_json writes them, numbers
/// as written.
fn compact(raw: &str) -> String {
    let string = |s: &str| serde_json::to_string(s).unwrap_or_default();
    match raw.as_bytes().first() {
        Some(b'{') => {
            let inner: Vec<String> = entries(raw)
                .unwrap_or_default()
                .into_iter()
                .map(|(k, v)| format!("{}:{}", string(&k), compact(v.get())))
                .collect();
            format!("{{{}}}", inner.join(","))
        }
        Some(b'[') => {
            let inner: Vec<String> = items(raw).unwrap_or_default().into_iter().map(|v| compact(v.get())).collect();
            format!("[{}]", inner.join(","))
        }
        Some(b'"') => string(&serde_json::from_str::<String>(raw).unwrap_or_default()),
        _ => raw.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, String)> {
        duplicates(text).unwrap().iter().map(|e| (e.field().unwrap().into(), e.value().unwrap())).collect()
    }

    #[test]
    fn keys_given_twice_are_reported_at_their_paths() {
        let text = r#"{"a": 1, "a": 2, "b": [{"c": 0}, {"c": 1, "d": {"e": 1, "e": {"f": 2}}, "c": 3}],
            "x.y": {"": 1, "": 2}}"#;
        assert_eq!(
            found(text),
            [
                ("a".into(), "2".into()),
                ("b[1].d.e".into(), r#"{"f":2}"#.into()),
                ("b[1].c".into(), "3".into()),
                (r#"["x.y"][""]"#.into(), "2".into()),
            ]
        );
        // Escapes name the same key.
        assert_eq!(found(r#"[{"ab": 1, "a\u0062": 2}]"#), [("[0].ab".into(), "2".into())]);
        assert!(found(r#"{"a": {"b": 1}, "b": {"a": 1}}"#).is_empty());
        // Numbers no binary float holds are still JSON.
        assert!(found(r#"{"a": 1e400, "b": 3359.999999999999999999}"#).is_empty());
    }

    #[test]
    fn keys_keep_their_order_in_json_and_toml() {
        let json = r#"{"z": {"b": 1, "a": [{"y": 2, "x": 1e400}]}, "a": 0}"#;
        let layout = Layout::of(&mut serde_json::Deserializer::from_str(json)).unwrap();
        assert!(layout.position("", "z") < layout.position("", "a"));
        assert!(layout.position("z", "b") < layout.position("z", "a"));
        assert!(layout.position("z.a[0]", "y") < layout.position("z.a[0]", "x"));
        assert_eq!(layout.position("z", "none"), usize::MAX);
    }

    #[test]
    fn what_is_not_json_says_why() {
        for bad in ["{", r#"{"a": 1} x"#, "[1,]", "NaN", r#"{"a" 1}"#, ""] {
            assert!(duplicates(bad).is_err(), "{bad}");
        }
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(duplicates(&deep).unwrap_err().starts_with("recursion limit exceeded"));
        let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(duplicates(&fine).is_ok());
    }

    #[test]
    fn values_are_shown_as_written() {
        let text = r#"{"a": [1.50, -0, 1e400, "\u00e9\n"], "b": {"z": 1, "y": {"x": null}}, "c": " s "}"#;
        assert_eq!(shown(at(text, &[Step::Key("a")]).unwrap()), r#"[1.50,-0,1e400,"é\n"]"#);
        assert_eq!(shown(at(text, &[Step::Key("b")]).unwrap()), r#"{"z":1,"y":{"x":null}}"#);
        assert_eq!(shown(at(text, &[Step::Key("c")]).unwrap()), " s ");
        assert_eq!(at(text, &[Step::Key("a"), Step::Index(2)]), Some("1e400"));
        assert_eq!(at(text, &[Step::Key("a"), Step::Index(9)]), None);
        assert_eq!(kind_of(at(text, &[Step::Key("b")]).unwrap()), "an object");
        assert_eq!(shown(&format!("\"{}\"", "x".repeat(100))).chars().count(), 80);
    }
}
