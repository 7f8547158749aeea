//! A host program (a billing system, say) depends on guifan-core and keeps its own serde types.
//! Cargo unifies features across one build, so if guifan turned on serde_json's
//! `arbitrary_precision` or `preserve_order`, this program's serde_json would change under it:
//! these tests fail when either feature comes back.

use guifan_core::evaluate::evaluate_str;
use serde::Deserialize;
use serde_json::Value;

/// A host type with a flattened f64: `arbitrary_precision` hands the number to the flattened
/// field as a map, which `f64` refuses ("invalid type: map, expected f64").
#[derive(Debug, Deserialize, PartialEq)]
struct Invoice {
    id: String,
    #[serde(flatten)]
    totals: Totals,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Totals {
    amount: f64,
    tax: f64,
}

#[test]
fn a_flattened_float_still_reads() {
    let invoice: Invoice = serde_json::from_str(r#"{"id": "INV-1", "amount": 3359.99, "tax": 0.5}"#).unwrap();
    assert_eq!(invoice, Invoice { id: "INV-1".into(), totals: Totals { amount: 3359.99, tax: 0.5 } });
}

#[test]
fn numbers_are_plain_numbers() {
    // Without `arbitrary_precision` a float is a float: written back in its shortest form, and
    // a number beyond f64 is no JSON number serde_json reads.
    let v: Value = serde_json::from_str("[1e2, 3359.999999999999999999, 1.50]").unwrap();
    assert_eq!(v.to_string(), "[100.0,3360.0,1.5]");
    assert!(serde_json::from_str::<Value>("1e400").is_err());
}

#[test]
fn objects_sort_their_keys() {
    // Without `preserve_order` a map is a BTreeMap: keys come back sorted.
    let v: Value = serde_json::from_str(r#"{"b": 1, "a": 2}"#).unwrap();
    assert_eq!(v.to_string(), r#"{"a":2,"b":1}"#);
}

#[test]
fn guifan_still_reads_money_exactly_beside_it() {
    let request =
        r#"{"op": "tier", "input": {"customer": {"brand": "e_home", "annual_spend": 3359.999999999999999999}}}"#;
    let answer: Value = serde_json::from_str(&evaluate_str(request)).unwrap();
    assert_eq!(answer["tier"], "gold");
}
