//! Reading values through serde the way the contract reads them: numbers from their text as
//! written (through serde_json's `RawValue`), so that no amount passes through a binary float;
//! errors of guifan carried through serde's text-only errors with their field
//! ([`Carried`]); structs from JSON objects only; `null` as absent.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::{String, ToString};
use core::fmt;
use serde::de::{self, Deserializer, MapAccess, Unexpected, Visitor};

use crate::Error;

/// The newtype name serde_json answers with a value's text (its `raw_value` feature).
pub(crate) const RAW_TOKEN: &str = "$serde_json::private::RawValue";

/// Marks an error of guifan carried through serde's text-only errors.
const CARRIED: &str = "\u{1}guifan\u{1}";

/// An error of guifan on its way through serde, whose errors are text: written as text that
/// [`read`] reads back, its field taken relative to the value being read (empty: that value
/// itself). The error type of `TryFrom` conversions that serde runs (`#[serde(try_from)]`).
pub(crate) struct Carried(pub(crate) Error);

impl fmt::Display for Carried {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kind, field, value, reason) = match &self.0 {
            Error::InvalidInput { field, value, reason } => ('i', field.as_str(), value.as_str(), reason.clone()),
            Error::NegativeAmount { field, value } => ('n', field.as_str(), value.as_str(), String::new()),
            other => ('i', "", "", other.to_string()),
        };
        write!(f, "{CARRIED}{kind}{}:{field}{}:{value}{reason}", field.len(), value.len())
    }
}

impl From<Error> for Carried {
    fn from(e: Error) -> Self {
        Carried(e)
    }
}

/// Carries `e` through serde ([`Carried`]).
pub(crate) fn carry<E: de::Error>(e: Error) -> E {
    E::custom(Carried(e))
}

/// The error [`carry`] wrote into `message`, with its relative field.
pub(crate) fn uncarried(message: &str) -> Option<Error> {
    let rest = message.strip_prefix(CARRIED)?;
    let (kind, rest) = (rest.chars().next()?, rest.get(1..)?);
    let take = |rest: &str| -> Option<(String, String)> {
        let (len, rest) = rest.split_once(':')?;
        let len: usize = len.parse().ok()?;
        Some((rest.get(..len)?.into(), rest.get(len..)?.into()))
    };
    let (field, rest) = take(rest)?;
    let (value, reason) = take(&rest)?;
    Some(match kind {
        'n' => Error::NegativeAmount { field, value },
        _ => Error::InvalidInput { field, value, reason },
    })
}

/// A JSON scalar as written: a number's text, or a string's content.
pub(crate) enum Scalar<'a> {
    /// A number, exactly as written (`3359.999999999999999999`, `-0`, `1e400`).
    Number(Cow<'a, str>),
    /// The content of a string.
    Text(Cow<'a, str>),
}

/// Reads a [`Scalar`]: from serde_json, the text as written; from any other deserializer, the
/// value it hands over (a float as its shortest round-trip text).
pub(crate) struct ScalarVisitor {
    /// What the value should be, for the message when it is not a scalar at all.
    pub(crate) expecting: &'static str,
}

/// Reads a number or string exactly, through serde_json's raw value when the deserializer is
/// serde_json's.
pub(crate) fn scalar<'de, D: Deserializer<'de>>(d: D, expecting: &'static str) -> Result<Scalar<'de>, D::Error> {
    d.deserialize_newtype_struct(RAW_TOKEN, ScalarVisitor { expecting })
}

impl ScalarVisitor {
    fn written<'a, E: de::Error>(&self, raw: Cow<'a, str>) -> Result<Scalar<'a>, E> {
        let unexpected = match raw.as_bytes().first() {
            Some(b'"') => {
                let text = match raw {
                    Cow::Borrowed(r) if !r.contains('\\') => Cow::Borrowed(&r[1..r.len() - 1]),
                    other => Cow::Owned(serde_json::from_str::<String>(&other).map_err(E::custom)?),
                };
                return Ok(Scalar::Text(text));
            }
            Some(b'-' | b'0'..=b'9') => return Ok(Scalar::Number(raw)),
            Some(b't') => Unexpected::Bool(true),
            Some(b'f') => Unexpected::Bool(false),
            Some(b'n') => Unexpected::Unit,
            Some(b'[') => Unexpected::Seq,
            _ => Unexpected::Map,
        };
        Err(E::invalid_type(unexpected, self))
    }
}

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Scalar<'de>, D::Error> {
        d.deserialize_any(self)
    }

    /// serde_json's raw value: one entry whose value is the text as written.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar<'de>, A::Error> {
        match map.next_key::<Text<'de>>()? {
            Some(Text(key)) if key == RAW_TOKEN => {
                let Text(raw) = map.next_value()?;
                self.written(raw)
            }
            _ => Err(de::Error::invalid_type(Unexpected::Map, &self)),
        }
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Text(Cow::Borrowed(s)))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Text(Cow::Owned(s.into())))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Number(Cow::Owned(n.to_string())))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Number(Cow::Owned(n.to_string())))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Scalar<'de>, E> {
        if n.is_finite() {
            Ok(Scalar::Number(Cow::Owned(format!("{n}"))))
        } else {
            Err(E::invalid_value(Unexpected::Float(n), &"a finite number"))
        }
    }
}

/// Text borrowed from the document when it holds no escapes, owned otherwise.
pub(crate) struct Text<'a>(pub(crate) Cow<'a, str>);

impl<'de> de::Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Str;
        impl<'de> Visitor<'de> for Str {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s.into())))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s)))
            }
        }
        d.deserialize_str(Str)
    }
}

/// A whole number as the contract reads one: written without fraction or exponent and within
/// `i64`; anything else is `invalid_input` with the number as written.
pub(crate) fn whole<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    match scalar(d, "a whole number")? {
        Scalar::Number(text) => text.parse().map_err(|_| {
            let why = if text.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
                "out of range"
            } else {
                "expected a whole number"
            };
            carry(Error::invalid("", text.as_ref(), why))
        }),
        Scalar::Text(text) => Err(de::Error::invalid_type(Unexpected::Str(&text), &"a whole number")),
    }
}

/// Stands for the value as written in an error raised once an object is read (a field its other
/// fields rule out): [`read`] puts the value's text there.
pub(crate) const AS_WRITTEN: &str = "\u{0}as written";

/// A field of an object that the object's other fields rule out, as if the object did not know it.
pub(crate) fn unknown_field(name: &str, accepted: &[&str]) -> Error {
    Error::invalid(name, AS_WRITTEN, format!("unknown field; accepted: {}", accepted.join(", ")))
}

/// An optional flag: absent and `null` are false.
pub(crate) fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(<Option<bool> as de::Deserialize>::deserialize(d)?.unwrap_or(false))
}

/// An optional flag that defaults to true: absent and `null` are true.
pub(crate) fn flag_on<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(<Option<bool> as de::Deserialize>::deserialize(d)?.unwrap_or(true))
}

/// True, the default of [`flag_on`] fields.
pub(crate) const fn yes() -> bool {
    true
}

/// An optional value with a default: absent and `null` give `T::default()`.
pub(crate) fn or_default<'de, D: Deserializer<'de>, T: de::Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
    Ok(<Option<T> as de::Deserialize>::deserialize(d)?.unwrap_or_default())
}

/// Hands a struct's derived visitor only JSON objects: serde's derive also reads a struct from
/// an array of its fields in order, which the contract refuses (`[2]` is no `dunning` input).
pub(crate) struct ObjectOnly<D>(pub(crate) D);

struct ObjectVisitor<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for ObjectVisitor<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(map)
    }
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(v)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_struct(name, fields, ObjectVisitor(v))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

/// `Deserialize` for structs derived with `#[serde(remote = "Self")]`: the derived reader, on
/// JSON objects only ([`ObjectOnly`]).
macro_rules! objects_only {
    ($($ty:ty),+ $(,)?) => {$(
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <$ty>::deserialize($crate::de::ObjectOnly(d))
            }
        }
    )+};
}
pub(crate) use objects_only;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carried_errors_come_back_whole() {
        for e in [
            Error::invalid("a:1", "x\u{1}:9", "why: 3"),
            Error::NegativeAmount { field: String::new(), value: String::from("-1") },
        ] {
            let carried: serde_json::Error = carry(e.clone());
            assert_eq!(uncarried(&carried.to_string()), Some(e));
        }
        assert_eq!(uncarried("missing field `a`"), None);
    }

    #[test]
    fn numbers_as_written() {
        let read = |text: &str| match scalar(&mut serde_json::Deserializer::from_str(text), "x").ok()? {
            Scalar::Number(n) => Some(format!("n {n}")),
            Scalar::Text(t) => Some(format!("t {t}")),
        };
        assert_eq!(read("3359.999999999999999999").as_deref(), Some("n 3359.999999999999999999"));
        assert_eq!(read("1e400").as_deref(), Some("n 1e400"));
        assert_eq!(read(r#""a\"b""#).as_deref(), Some("t a\"b"));
        assert_eq!(read("true"), None);
        // Another deserializer hands over values, not text.
        let from_value = |v: serde_json::Value| match scalar(v, "x").ok()? {
            Scalar::Number(n) => Some(n.into_owned()),
            Scalar::Text(t) => Some(t.into_owned()),
        };
        assert_eq!(from_value(serde_json::json!(3359.99)).as_deref(), Some("3359.99"));
        assert_eq!(from_value(serde_json::json!(-7)).as_deref(), Some("-7"));
        assert_eq!(from_value(serde_json::json!("3360")).as_deref(), Some("3360"));
    }
}
