//! Keys: the text a value has in the `evaluate` contract and in rule packs. Fixed sets (tiers,
//! clocks, statuses …) parse from one table each, which also gives their serde and their JSON
//! Schema enumeration; keys that are data (brands, ranks, regions) parse from any text, and the
//! pack in force says whether it knows them.

use alloc::format;
use alloc::vec::Vec;

use crate::Error;

/// Parses a text key into one of a fixed set of values, naming the accepted ones on failure.
pub(crate) fn parse_key<T: Copy>(field: &str, text: &str, table: &[(&'static str, T)]) -> Result<T, Error> {
    table.iter().find(|(k, _)| *k == text).map(|(_, v)| *v).ok_or_else(|| {
        let accepted: Vec<&str> = table.iter().map(|(k, _)| *k).collect();
        Error::invalid(field, text, format!("accepted: {}", accepted.join(", ")))
    })
}

/// Reads a key from a JSON string through `FromStr`, its error carried out at the field read.
pub(crate) struct KeyVisitor<T>(core::marker::PhantomData<T>);

impl<T> KeyVisitor<T> {
    pub(crate) const fn new() -> Self {
        KeyVisitor(core::marker::PhantomData)
    }
}

impl<T: core::str::FromStr<Err = Error>> serde::de::Visitor<'_> for KeyVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
        text.parse().map_err(|e: Error| crate::de::carry(e.at("")))
    }
}

/// Implements `as_str`, `keys`, `Display`, `FromStr`, serde (as the key) and, with the `schema`
/// feature, `JsonSchema` (an enumeration of the keys) of a fixed set from one key table.
macro_rules! keyed {
    ($ty:ident, $field:literal, $table:ident = [$(($key:literal, $val:expr)),+ $(,)?]) => {
        const $table: &[(&str, $ty)] = &[$(($key, $val)),+];
        impl $ty {
            /// The stable key of the `evaluate` contract.
            pub fn as_str(self) -> &'static str {
                $table.iter().find(|(_, v)| *v == self).map(|(k, _)| *k).unwrap_or_default()
            }

            /// Every key, in the table's order.
            pub fn keys() -> impl Iterator<Item = &'static str> {
                $table.iter().map(|(k, _)| *k)
            }
        }
        impl core::fmt::Display for $ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl core::str::FromStr for $ty {
            type Err = $crate::Error;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                $crate::key::parse_key($field, text, $table)
            }
        }
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_str($crate::key::KeyVisitor::new())
            }
        }
        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $ty {
            fn schema_name() -> alloc::borrow::Cow<'static, str> {
                stringify!($ty).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "enum": [$($key),+] })
            }
        }
    };
}
pub(crate) use keyed;

/// `as_str`, `Display`, `FromStr` and serde of a key newtype over [`Text`](crate::rules::Text)
/// (brands, ranks, regions): keys are the pack's data, so any text parses and the pack says
/// whether it knows it when `$when`.
macro_rules! text_key {
    ($ty:ident, $when:literal) => {
        impl $ty {
            /// The key.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl core::fmt::Display for $ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl core::str::FromStr for $ty {
            type Err = $crate::Error;
            #[doc = concat!("Any key; whether the pack knows it is checked when ", $when, ".")]
            fn from_str(text: &str) -> Result<Self, $crate::Error> {
                Ok($ty(alloc::borrow::Cow::Owned(text.into())))
            }
        }
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let $crate::de::Text(key) = serde::Deserialize::deserialize(d)?;
                Ok($ty(alloc::borrow::Cow::Owned(key.into_owned())))
            }
        }
    };
}
pub(crate) use text_key;
