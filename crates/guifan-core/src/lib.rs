//! # guifan-core
//!
//! Chinese telecom customer-service norms (规范) as exact, explainable computations: membership
//! tiers, membership status, points, and deadlines under every clock the documents use, on the
//! official working-day calendar of mainland China.
//!
//! A deadline: a complaint received on Tuesday 30 September 2025 is due in 3 working days; 1–8
//! October are holidays and Saturday 11 October is a make-up working day, so it is due at 24:00
//! on 11 October, and the explanation lists every day counted or skipped:
//!
//! ```
//! use chrono::DateTime;
//! use guifan_core::calendar::Calendar;
//! use guifan_core::deadline::{self, Area, Basis, DeadlineInput};
//!
//! let input = DeadlineInput {
//!     start: DateTime::parse_from_rfc3339("2025-09-30T10:00:00+08:00").unwrap(),
//!     basis: Basis::rule("SLA.COMPLAINT.ORDINARY", Area::Urban),
//!     done: None,
//!     pauses: Vec::new(),
//!     region: Default::default(),
//! };
//! let explained = deadline::explain(&Calendar::builtin(), &input)?;
//! assert_eq!(explained.result.due.map(|d| d.to_rfc3339()).as_deref(), Some("2025-10-12T00:00:00+08:00"));
//! assert_eq!(explained.result.rule.as_deref(), Some("SLA.COMPLAINT.ORDINARY"));
//! # Ok::<(), guifan_core::Error>(())
//! ```
//!
//! A membership tier from annual spend, exact to the cent:
//!
//! ```
//! use guifan_core::tier::{tier, Brand, Customer, Tier};
//! use rust_decimal::Decimal;
//! let rated = tier(&Customer::Personal { brand: Brand::E_HOME, annual_spend: Decimal::new(3360, 0) }.into())?;
//! assert_eq!((rated.tier, rated.rule.as_ref()), (Tier::Diamond, "TIER.PERSONAL.EHOME"));
//! let short = tier(&Customer::Personal { brand: Brand::E_HOME, annual_spend: Decimal::new(335999, 2) }.into())?;
//! assert_eq!(short.tier, Tier::Gold);
//! # Ok::<(), guifan_core::Error>(())
//! ```
//!
//! Every rule has an id from `RULES.md` (see [`Pack::catalogue`](pack::Pack::catalogue)); results
//! carry it, and the `explain` variants return the clause, the original words and the steps
//! taken. Money is [`rust_decimal::Decimal`], points are integers, instants are Beijing time
//! (+08:00).
//!
//! Thresholds, periods, windows and limits are data: a [rule pack](pack). The free functions run
//! on the built-in pack and calendar; an [`Engine`](engine::Engine) runs on packs and calendars
//! loaded at run time (another province's tables, next year's holidays), answering with the pack
//! in force on the date asked about, in Rust or through the JSON contract every binding shares:
//!
//! ```
//! use chrono::NaiveDate;
//! use guifan_core::calendar::Calendar;
//! use guifan_core::engine::Engine;
//!
//! let mut calendar = Calendar::builtin();
//! calendar.load_json(r#"{"years": {"2027": {"holidays": [
//!     {"date": "2027-01-01", "name": "new_years_day", "name_zh": "元旦"}], "makeup_workdays": []}}}"#)?;
//! let engine = Engine::builtin().with_calendar(calendar);
//! let new_year = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
//! assert_eq!(engine.calendar().add_working_days(new_year, 1)?, NaiveDate::from_ymd_opt(2027, 1, 4).unwrap());
//! let answer = engine.evaluate_str(r#"{"op": "calendar.day", "input": {"date": "2027-01-01"}}"#);
//! assert!(answer.contains(r#""working_day":false"#));
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
//!    its path, and typed values with the contract's errors), `order` (stable sorting);
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
#![cfg_attr(docsrs, feature(doc_cfg))]
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
mod order;
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

/// The crate README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
