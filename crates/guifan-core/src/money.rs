//! Money as exact decimals: read exactly as written, never through a binary float.

use alloc::string::String;
use alloc::string::ToString;
use rust_decimal::Decimal;

use crate::de::{carry, scalar, whole, Scalar};
use crate::Error;

/// An amount of money (CNY) in the contract: a decimal string (`"3359.99"`) or a JSON number,
/// read exactly as written ([`parse_money`]); written as a decimal string.
///
/// From serde_json the number's text itself is read (through its `RawValue`), so
/// `3359.999999999999999999` stays below 3360; from any other deserializer a float arrives as
/// its shortest round-trip text.
///
/// ```
/// use guifan_core::money::Money;
/// let m: Money = serde_json::from_str("3359.999999999999999999").unwrap();
/// assert_eq!(m.0.to_string(), "3359.999999999999999999");
/// assert_eq!(serde_json::to_string(&m).unwrap(), r#""3359.999999999999999999""#);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub Decimal);

impl<'de> serde::Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (Scalar::Number(text) | Scalar::Text(text)) = scalar(d, "a decimal string or number")?;
        parse_money("", &text).map(Money).map_err(carry)
    }
}

impl serde::Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Money {
    fn schema_name() -> alloc::borrow::Cow<'static, str> {
        "Money".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An amount of money (CNY): a decimal string such as \"3359.99\" or a JSON number, read exactly as written.",
            "anyOf": [
                { "type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$" },
                { "type": "number" }
            ]
        })
    }
}

/// serde `with` module of a [`Decimal`] amount read and written as [`Money`].
pub mod exact {
    use super::Money;
    use rust_decimal::Decimal;

    /// Reads an amount exactly.
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        <Money as serde::Deserialize>::deserialize(d).map(|m| m.0)
    }

    /// Writes an amount as a decimal string.
    pub fn serialize<S: serde::Serializer>(value: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&Money(*value), s)
    }
}

/// Parses a JSON-number-shaped decimal (`3359.99`, `-0`, `3.36e3`) exactly.
///
/// Underscores, spaces, a leading `+`, bare dots and values a 96-bit decimal cannot hold without
/// rounding are refused rather than read approximately.
///
/// ```
/// use guifan_core::money::parse_money;
/// assert_eq!(parse_money("annual_spend", "3.36e3").unwrap().to_string(), "3360");
/// assert_eq!(parse_money("annual_spend", "1e400").unwrap_err().kind(), "invalid_input");
/// ```
pub fn parse_money(field: &str, text: &str) -> Result<Decimal, Error> {
    let bad = |why: &str| Error::invalid(field, text, why);
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let (negative, digits) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || (digits.contains('.') && !all_digits(frac)) {
        return Err(bad("expected a decimal number such as 3359.99"));
    }
    let shift: i64 = match exponent {
        None => 0,
        Some(e) => {
            let unsigned = e.strip_prefix(['+', '-']).unwrap_or(e);
            if !all_digits(unsigned) {
                return Err(bad("expected a decimal number such as 3359.99"));
            }
            // Anything past 10^±64 is outside what a 96-bit decimal holds anyway.
            match unsigned.parse::<i64>() {
                Ok(n) if n <= 64 => {
                    if e.starts_with('-') {
                        -n
                    } else {
                        n
                    }
                }
                _ => return Err(bad("out of the range of exact decimals")),
            }
        }
    };
    // Move the decimal point by the exponent in text, then read the plain decimal exactly.
    let mut all: String = String::with_capacity(int.len() + frac.len() + 70);
    all.push_str(int);
    all.push_str(frac);
    let mut point = int.len() as i64 + shift;
    while point > all.len() as i64 {
        all.push('0');
    }
    while point < 1 {
        all.insert(0, '0');
        point += 1;
    }
    let (i, f) = all.split_at(point as usize);
    let i = i.trim_start_matches('0');
    let f = f.trim_end_matches('0');
    let plain = alloc::format!(
        "{}{}{}{}",
        if negative { "-" } else { "" },
        if i.is_empty() { "0" } else { i },
        if f.is_empty() { "" } else { "." },
        f
    );
    Decimal::from_str_exact(&plain).map_err(|_| bad("more digits or magnitude than an exact 96-bit decimal holds"))
}

/// Refuses a negative amount (`-0` is zero, not negative).
#[inline]
pub fn non_negative(field: &str, value: Decimal) -> Result<Decimal, Error> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(negative(field, value));
    }
    Ok(value)
}

/// Kept out of line: every rating checks its amount, few amounts are negative.
#[cold]
fn negative(field: &str, value: Decimal) -> Error {
    Error::NegativeAmount { field: field.into(), value: value.to_string() }
}

/// A whole count (points, a period's amount) from a whole number, as the contract reads one:
/// negative is `negative_amount`, more than `T` holds is `invalid_input`. The contract and the
/// bindings' column readers share it, so every surface refuses the same counts the same way.
///
/// ```
/// use guifan_core::money::count;
/// assert_eq!(count::<u32>("amount", 3).unwrap(), 3);
/// assert_eq!(count::<u32>("amount", -1).unwrap_err().kind(), "negative_amount");
/// assert_eq!(count::<u32>("amount", 1 << 40).unwrap_err().kind(), "invalid_input");
/// ```
pub fn count<T: TryFrom<i64>>(field: &str, value: i64) -> Result<T, Error> {
    if value < 0 {
        return Err(Error::NegativeAmount { field: field.into(), value: value.to_string() });
    }
    T::try_from(value).map_err(|_| Error::invalid(field, value.to_string(), "too large"))
}

/// A count as the contract reads one (points, a period): whole, not negative
/// (`negative_amount`), and within `T` ([`count`]); for `deserialize_with`.
pub(crate) fn counted<'de, D: serde::Deserializer<'de>, T: TryFrom<i64>>(d: D) -> Result<T, D::Error> {
    count("", whole(d)?).map_err(carry)
}

/// An optional count: `null` is none.
pub(crate) fn opt_counted<'de, D: serde::Deserializer<'de>, T: TryFrom<i64>>(d: D) -> Result<Option<T>, D::Error> {
    struct Some_<T>(core::marker::PhantomData<T>);
    impl<'de, T: TryFrom<i64>> serde::de::Visitor<'de> for Some_<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            f.write_str("a whole number")
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
            counted(d).map(Some)
        }
    }
    d.deserialize_option(Some_(core::marker::PhantomData))
}

/// A whole count that is not negative, in the JSON Schema (points, periods).
#[cfg(feature = "schema")]
#[cfg_attr(docsrs, doc(cfg(feature = "schema")))]
pub struct Count;

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Count {
    fn schema_name() -> alloc::borrow::Cow<'static, str> {
        "Count".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "description": "A whole number, not negative.", "type": "integer", "minimum": 0 })
    }
}

/// An amount ready to be compared with many others (a tier table's bounds): its mantissa and
/// scale taken out once.
#[derive(Clone, Copy, Debug)]
pub struct Comparable {
    value: Decimal,
    mantissa: i128,
    scale: u32,
    /// `|mantissa| < 2^64`: scaled by up to 10^18 (< 2^60) it stays far inside `i128`.
    small: bool,
}

impl From<Decimal> for Comparable {
    #[inline]
    fn from(value: Decimal) -> Self {
        let mantissa = value.mantissa();
        Comparable { value, mantissa, scale: value.scale(), small: mantissa.unsigned_abs() >> 64 == 0 }
    }
}

impl Comparable {
    /// The amount.
    pub fn value(&self) -> Decimal {
        self.value
    }

    /// Orders this amount against `other` exactly, as `Decimal`'s own `cmp` does, but on the
    /// common path (both mantissas brought to one scale within `i128`) without its 96-bit
    /// rescaling: a tier is a couple of these comparisons, and batch callers rate millions.
    #[inline]
    pub fn compare(&self, other: &Comparable) -> core::cmp::Ordering {
        let (a, b) = (self, other);
        if a.scale == b.scale {
            a.mantissa.cmp(&b.mantissa)
        } else if a.scale > b.scale && a.scale - b.scale <= 18 && b.small {
            a.mantissa.cmp(&(b.mantissa * POW10[(a.scale - b.scale) as usize]))
        } else if b.scale > a.scale && b.scale - a.scale <= 18 && a.small {
            (a.mantissa * POW10[(b.scale - a.scale) as usize]).cmp(&b.mantissa)
        } else {
            a.value.cmp(&b.value)
        }
    }
}

/// 10^0 … 10^18.
const POW10: [i128; 19] = {
    let mut table = [1i128; 19];
    let mut i = 1;
    while i < 19 {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn comparable_agrees_with_decimal_ordering() {
        let values = [
            "0",
            "-0",
            "0.00",
            "1080",
            "1079.99",
            "1080.00",
            "1080.0000000001",
            "-3.5",
            "3360",
            "3359.999999999999999999",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "0.0000000000000000000000000001",
        ];
        for a in values {
            for b in values {
                let (x, y) = (parse_money("a", a).unwrap(), parse_money("b", b).unwrap());
                assert_eq!(Comparable::from(x).compare(&Comparable::from(y)), x.cmp(&y), "{a} vs {b}");
            }
        }
    }

    #[test]
    fn reads_exactly() {
        for (text, want) in [
            ("3359.99", "3359.99"),
            ("-0", "0"),
            ("3.36e3", "3360"),
            ("336E1", "3360"),
            ("1.5e-3", "0.0015"),
            ("0.1", "0.1"),
            ("79228162514264337593543950335", "79228162514264337593543950335"),
            ("1e28", "10000000000000000000000000000"),
            ("000123.4500", "123.45"),
        ] {
            assert_eq!(parse_money("m", text).unwrap().to_string(), want, "{text}");
        }
    }

    #[test]
    fn refuses_what_it_cannot_hold_exactly() {
        for text in [
            "",
            "-",
            "1_000",
            "+1",
            ".5",
            "5.",
            " 1",
            "1e400",
            "1e",
            "1e+",
            "NaN",
            "Infinity",
            "0x10",
            "79228162514264337593543950336",
            "0.00000000000000000000000000001",
            "1.5e-30",
            "1e9999999999999999999",
        ] {
            let err = parse_money("annual_spend", text).unwrap_err();
            assert_eq!((err.kind(), err.field()), ("invalid_input", Some("annual_spend")), "{text}");
        }
    }

    #[test]
    fn negative_is_its_own_kind() {
        let m = parse_money("annual_spend", "-0.01").unwrap();
        assert_eq!(non_negative("annual_spend", m).unwrap_err().kind(), "negative_amount");
        assert!(non_negative("annual_spend", parse_money("x", "-0").unwrap()).is_ok());
    }
}
