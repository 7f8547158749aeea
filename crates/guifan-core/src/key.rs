//! Keys: the text a value has in the `evaluate` contract and in rule packs. Fixed sets (tiers,
//! clocks, statuses …) parse from one table each; keys that are data (brands, ranks, regions)
//! parse from any text, and the pack in force says whether it knows them.

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

/// Implements `as_str`, `Display` and `FromStr` of a fixed set from one key table.
macro_rules! keyed {
    ($ty:ty, $field:literal, $table:ident = [$(($key:literal, $val:expr)),+ $(,)?]) => {
        const $table: &[(&str, $ty)] = &[$(($key, $val)),+];
        impl $ty {
            /// The stable key of the `evaluate` contract.
            pub fn as_str(self) -> &'static str {
                $table.iter().find(|(_, v)| *v == self).map(|(k, _)| *k).unwrap_or_default()
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
    };
}
pub(crate) use keyed;

/// `as_str`, `Display` and `FromStr` of a key newtype over [`Text`](crate::rules::Text)
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
    };
}
pub(crate) use text_key;
