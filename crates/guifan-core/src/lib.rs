//! # guifan-core
//!
//! Chinese telecom customer-service norms (规范) as exact, explainable computations: membership
//! tiers, membership status, points, and deadlines under every clock the documents use, on the
//! official working-day calendar of mainland China.
//!
//! Every rule has an id from `RULES.md` (see [`rules::CATALOGUE`]); results carry it, and the
//! `explain` variants return the clause, the original words and the steps taken. Money is
//! [`rust_decimal::Decimal`], points are integers, instants are Beijing time (+08:00).
//!
//! Thresholds, periods and windows are data: a [rule pack](pack). The free functions run on the
//! built-in pack and calendar; an [`Engine`](engine::Engine) runs on packs and calendars loaded
//! at run time (another province's tables, next year's holidays), answering with the pack in
//! force on the date asked about.
//!
//! ```
//! use guifan_core::tier::{tier, Brand, Customer, Tier};
//! use rust_decimal::Decimal;
//! let rated = tier(&Customer::Personal { brand: Brand::E_HOME, annual_spend: Decimal::new(3360, 0) }.into())?;
//! assert_eq!((rated.tier, rated.rule.as_ref()), (Tier::Diamond, "TIER.PERSONAL.EHOME"));
//! # Ok::<(), guifan_core::Error>(())
//! ```
//!
//! The crate is `no_std` with `alloc`. The JSON [`evaluate`](evaluate::evaluate) contract that
//! every binding shares is typed: one Rust type per op's input and output ([`contract`]), read
//! straight from JSON text and written back as text. `toml` (default) reads packs written in
//! TOML; `std` (default) only adds `std::error::Error`; `schema` derives the contract's JSON
//! Schema (`contract::schema`), from which the bindings' types are generated.
#![no_std]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod appointment;
pub mod batch;
pub mod benefit;
pub mod calendar;
pub mod contract;
pub mod counter;
pub mod cutover;
pub mod deadline;
pub mod dunning;
pub mod engine;
mod error;
pub mod evaluate;
pub mod explain;
mod json;
mod keys;
pub mod money;
pub mod pack;
pub mod points;
pub mod rules;
pub mod status;
pub mod tier;
pub mod time;
pub mod window;

pub use error::{Error, ErrorKind, Problem};

/// The README's Rust example, compiled and run as a doc test.
#[cfg(all(doctest, feature = "std"))]
#[doc = include_str!("../../../README.md")]
struct ReadmeExample;
