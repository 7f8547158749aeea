//! # guifan-core
//!
//! Chinese telecom customer-service norms (规范) as exact, explainable computations: membership
//! tiers, membership status, points, and deadlines under every clock the documents use, on the
//! official working-day calendar of mainland China.
//!
//! Every rule has an id from `RULES.md` (see [`Pack::catalogue`](pack::Pack::catalogue)); results
//! carry it, and the `explain` variants return the clause, the original words and the steps
//! taken. Money is [`rust_decimal::Decimal`], points are integers, instants are Beijing time
//! (+08:00).
//!
//! Thresholds, periods, windows and limits are data: a [rule pack](pack). The free functions run
//! on the built-in pack and calendar; an [`Engine`](engine::Engine) runs on packs and calendars
//! loaded at run time (another province's tables, next year's holidays), answering with the pack
//! in force on the date asked about.
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
//! straight from JSON text and written back as text; it and the loading of packs and calendars
//! are always there. `toml` (default) reads packs written in TOML; `std` (default) only adds
//! `std::error::Error`; `schema` derives the contract's JSON Schema (`contract::schema`), from
//! which the bindings' types are generated.
//!
//! # Layers
//!
//! A module uses modules of its own layer and the layers below, never above, and no chain of
//! uses comes back to where it started (a test reads `src/` and fails on either):
//!
//! 1. base: [`Error`], `de` (reading values through serde: exact numbers, errors carried with
//!    their field), `time`, [`money`], `key` (the text of keys), [`rules`] (the documents and
//!    the citations of the rules no pack sets), `json` (reading documents with every problem at
//!    its path, and typed values with the contract's errors);
//! 2. [`calendar`], then [`explain`] (explanations cite rules and list calendar days);
//! 3. [`pack`]: every parameter of the norms as data, each block with its rule id and source;
//!    it knows no rule family;
//! 4. the rule families, each taking its parameters from the pack: [`tier`], [`status`],
//!    [`points`], [`pause`] (stopped clocks), [`deadline`], [`ticket`] (several targets at
//!    once), [`window`], [`cutover`], [`counter`], [`appointment`], [`dunning`], [`benefit`] (a
//!    family may use another's public functions, never the engine);
//! 5. [`engine`]: packs in force by date and a calendar;
//! 6. [`contract`] (a type per op's input and output), [`evaluate`] (the JSON contract) and
//!    [`batch`] (columns), which the bindings call.
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
mod de;
pub mod deadline;
pub mod dunning;
pub mod engine;
mod error;
pub mod evaluate;
pub mod explain;
mod json;
mod key;
pub mod money;
pub mod pack;
pub mod pause;
pub mod points;
pub mod rules;
pub mod status;
pub mod ticket;
pub mod tier;
pub mod time;
pub mod window;

pub use error::{Error, ErrorKind, Problem};

/// The README's Rust example, compiled and run as a doc test.
#[cfg(all(doctest, feature = "std"))]
#[doc = include_str!("../../../README.md")]
struct ReadmeExample;
