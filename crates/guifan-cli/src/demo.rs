//! `guifan demo`: the main job on built-in defaults. A sample club of customers, their lines and
//! a year of tickets, rated, reviewed, checked for status and measured against their targets.
//! Complaint and fault tickets carry their kind; the engine's ticket policy for the customer's
//! class gives their targets (a ticket filed under another class's rule is reported). Other work
//! orders name their rule.

mod tickets;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use csv::StringRecord;
use guifan_core::deadline::CustomerClass;
use guifan_core::engine::Engine;
use guifan_core::status::{Line, StatusInput};
use guifan_core::tier::{Customer, Override, Package, Tier, TierInput};
use guifan_core::time::{from_beijing, parse_date, parse_instant};
use guifan_core::Error;

const CUSTOMERS: &str = include_str!("../examples/customers.csv");
const LINES: &str = include_str!("../examples/lines.csv");
const TICKETS: &str = include_str!("../examples/tickets.csv");
const DONE: &str = include_str!("../examples/done.csv");
const PAUSES: &str = include_str!("../examples/pauses.csv");

/// A CSV table read by column name.
struct Table {
    name: &'static str,
    headers: StringRecord,
    rows: Vec<StringRecord>,
}

impl Table {
    fn read(name: &'static str, text: &str) -> Result<Table, String> {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().map_err(|e| format!("{name}: {e}"))?.clone();
        let rows = reader.records().collect::<Result<_, _>>().map_err(|e| format!("{name}: {e}"))?;
        Ok(Table { name, headers, rows })
    }

    fn col(&self, row: &StringRecord, name: &str) -> Option<String> {
        let i = self.headers.iter().position(|h| h == name)?;
        row.get(i).map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
    }
}

struct Problem {
    table: &'static str,
    row: usize,
    error: Error,
    /// The ticket a row of done.csv or pauses.csv belongs to (left out with it).
    ticket: Option<String>,
}

impl Problem {
    fn new(table: &'static str, row: usize, error: Error) -> Problem {
        Problem { table, row, error, ticket: None }
    }
}

fn date(v: Option<String>, field: &str) -> Result<Option<NaiveDate>, Error> {
    v.map(|s| parse_date(field, &s)).transpose()
}

fn instant(v: &str, field: &str) -> Result<DateTime<FixedOffset>, Error> {
    parse_instant(field, v).and_then(|w| from_beijing(field, w))
}

fn money(v: Option<String>, field: &str) -> Result<rust_decimal::Decimal, Error> {
    guifan_core::money::parse_money(field, &v.unwrap_or_default())
}

fn customer_input(t: &Table, r: &StringRecord, year: i32) -> Result<(TierInput, Tier, Option<Override>), Error> {
    let kind = t.col(r, "kind").unwrap_or_else(|| "personal".into());
    let customer = match kind.as_str() {
        "personal" => Customer::Personal {
            brand: t.col(r, "brand").unwrap_or_default().parse()?,
            annual_spend: money(t.col(r, "annual_spend"), "annual_spend")?,
        },
        "enterprise" => Customer::Enterprise { annual_revenue: money(t.col(r, "annual_revenue"), "annual_revenue")? },
        _ => Customer::Government { rank: t.col(r, "rank").unwrap_or_else(|| "none".into()).parse()? },
    };
    let package = match t.col(r, "monthly_fee") {
        Some(fee) => Some(Package {
            monthly_fee: money(Some(fee), "monthly_fee")?,
            subscribed_on: date(t.col(r, "package_subscribed_on"), "package_subscribed_on")?,
        }),
        None => None,
    };
    let previous: Tier = t.col(r, "previous_tier").unwrap_or_else(|| "none".into()).parse()?;
    let approved = match (t.col(r, "override_tier"), t.col(r, "approval_ref")) {
        (Some(tier), approval_ref) => {
            Some(Override { tier: tier.parse()?, approval_ref: approval_ref.unwrap_or_default() })
        }
        _ => None,
    };
    let rating_year = package.as_ref().and(Some(year));
    Ok((TierInput { customer, package, rating_year, as_of: None }, previous, approved))
}

fn bar(n: usize, total: usize) -> String {
    "█".repeat((n * 40).div_ceil(total.max(1)))
}

/// Runs the report: `Ok(true)` when every row was used, `Ok(false)` when rows were left out
/// (listed at the end of the report and counted on standard error).
pub fn run(engine: &Engine, data: Option<&Path>, as_of: &str) -> Result<bool, String> {
    let as_of = parse_date("as_of", as_of).map_err(|e| crate::errors::render(&e, &[("as_of", "--as-of")]))?;
    // With `optional`, a file missing from DIR is read as an empty table.
    let load = |name: &'static str, builtin: &'static str, optional: bool| -> Result<Table, String> {
        match data {
            None => Table::read(name, builtin),
            Some(dir) => {
                let path = dir.join(name);
                if optional && !path.exists() {
                    return Table::read(name, "");
                }
                Table::read(name, &std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?)
            }
        }
    };
    let (customers, lines, tickets) = (
        load("customers.csv", CUSTOMERS, false)?,
        load("lines.csv", LINES, false)?,
        load("tickets.csv", TICKETS, false)?,
    );
    let (done, pauses) = (load("done.csv", DONE, true)?, load("pauses.csv", PAUSES, true)?);
    let mut problems: Vec<Problem> = Vec::new();
    let mut cited: BTreeSet<String> = BTreeSet::new();
    // The report's sections, printed once the rows left out are known (they are said first).
    let mut report: Vec<String> = Vec::new();
    macro_rules! put {
        ($($arg:tt)*) => { report.push(format!($($arg)*)) };
    }

    // Tiers and the yearly review.
    let mut tiers: BTreeMap<Tier, usize> = BTreeMap::new();
    let mut changes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_basis: BTreeMap<String, usize> = BTreeMap::new();
    let mut provisional = 0;
    let mut overrides = Vec::new();
    for (i, r) in customers.rows.iter().enumerate() {
        let reviewed = customer_input(&customers, r, as_of.year()).and_then(|(mut input, previous, approved)| {
            input.as_of = Some(as_of);
            engine.review(previous, &input, approved.as_ref()).map(|rv| (rv, previous))
        });
        match reviewed {
            Ok((rv, previous)) => {
                *tiers.entry(rv.tier).or_default() += 1;
                *changes.entry(rv.change.as_str()).or_default() += 1;
                let basis = rv.evaluated.basis.map_or("none", |b| b.as_str()).to_string();
                *by_basis.entry(basis).or_default() += 1;
                provisional += usize::from(rv.evaluated.provisional_member);
                cited.insert(rv.evaluated.rule.to_string());
                if rv.evaluated.provisional_member {
                    cited.insert("TIER.PROVISIONAL".into());
                }
                if rv.overridden {
                    cited.insert("TIER.OVERRIDE".into());
                    overrides.push(format!(
                        "{}: {} → evaluated {} ({}), kept {} by approval {}",
                        customers.col(r, "customer_id").unwrap_or_default(),
                        previous,
                        rv.evaluated.tier,
                        rv.change,
                        rv.tier,
                        customers.col(r, "approval_ref").unwrap_or_default()
                    ));
                }
            }
            Err(error) => problems.push(Problem::new(customers.name, i + 2, error)),
        }
    }
    cited.insert("TIER.REVIEW".into());
    let rated: usize = tiers.values().sum();
    put!("TIERS ({} review against the previous tier)", as_of.year());
    for (t, n) in tiers.iter().rev() {
        put!("  {:<8} {n:>4}  {}", t.as_str(), bar(*n, rated));
    }
    let basis: Vec<String> = by_basis.iter().map(|(b, n)| format!("{b} {n}")).collect();
    put!("  decided by: {}; provisional members (package >= 80/month, no card): {provisional}", basis.join(", "));
    let ch: Vec<String> = changes.iter().map(|(c, n)| format!("{c} {n}")).collect();
    put!("  review: {}", ch.join(", "));
    for o in &overrides {
        put!("  override: {o}");
    }

    // Membership status.
    let mut member_lines: BTreeMap<String, Vec<Line>> = BTreeMap::new();
    for (i, r) in lines.rows.iter().enumerate() {
        let line = (|| -> Result<Line, Error> {
            Ok(Line {
                id: lines.col(r, "line_id").unwrap_or_default(),
                active: lines.col(r, "active").as_deref() != Some("false"),
                arrears_since: date(lines.col(r, "arrears_since"), "arrears_since")?,
                reminded: lines.col(r, "reminded").as_deref() == Some("true"),
            })
        })();
        match line {
            Ok(l) => member_lines.entry(lines.col(r, "customer_id").unwrap_or_default()).or_default().push(l),
            Err(error) => problems.push(Problem::new(lines.name, i + 2, error)),
        }
    }
    let mut statuses: BTreeMap<&str, usize> = BTreeMap::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut examples: Vec<String> = Vec::new();
    for (i, r) in customers.rows.iter().enumerate() {
        let id = customers.col(r, "customer_id").unwrap_or_default();
        let input = (|| -> Result<StatusInput, Error> {
            Ok(StatusInput {
                as_of,
                lines: member_lines.get(&id).cloned().unwrap_or_default(),
                cancel_requested: customers.col(r, "cancel_requested").as_deref() == Some("true"),
                card_expires_on: date(customers.col(r, "card_expires_on"), "card_expires_on")?,
                misconduct: customers.col(r, "misconduct").as_deref() == Some("true"),
            })
        })();
        match input.and_then(|s| engine.status(&s)) {
            Ok(s) => {
                *statuses.entry(s.status.as_str()).or_default() += 1;
                for reason in &s.reasons {
                    *reasons.entry(reason.to_string()).or_default() += 1;
                    cited.insert(reason.to_string());
                }
                if s.reasons.len() > 1 && examples.len() < 3 {
                    examples.push(format!("{id}: {} — {}", s.status, s.reasons.join(" + ")));
                }
            }
            Err(error) => problems.push(Problem::new(customers.name, i + 2, error)),
        }
    }
    cited.insert("STATUS.PRECEDENCE".into());
    put!("\nSTATUS on {as_of}");
    let st: Vec<String> = statuses.iter().map(|(s, n)| format!("{s} {n}")).collect();
    put!("  members by status, one each (cancelled beats frozen beats active): {}", st.join(", "));
    put!("  members meeting each rule (one may meet several; the strongest decides the status):");
    for (reason, n) in &reasons {
        put!("    {reason:<26} {n:>4}");
    }
    for e in &examples {
        put!("  e.g. {e}");
    }

    // Tickets, each against its targets.
    // The hotline class of a customer during the year: by the card the year began with.
    let mut classes: BTreeMap<String, Result<CustomerClass, Error>> = BTreeMap::new();
    for r in &customers.rows {
        let class = customer_input(&customers, r, as_of.year())
            .map(|(input, card, _)| CustomerClass::of(card, &input.customer));
        classes.insert(customers.col(r, "customer_id").unwrap_or_default(), class);
    }
    let tables = tickets::Tables { tickets: &tickets, done: &done, pauses: &pauses };
    report.extend(tickets::report(engine, as_of, &tables, &classes, &mut problems, &mut cited)?);

    let pack = engine.pack_on("as_of", as_of).map_err(|e| e.to_string())?;
    put!("\nRULES CITED (pack {} {})", pack.info.name, pack.info.version);
    for id in &cited {
        if let Some(r) = pack.rule(id) {
            put!("  {:<26} {} {} — {}", r.id, r.document.short, r.clause, r.words);
        }
    }

    // Rows left out are said before the figures and listed after them, where a reader ends.
    let source = data.map_or("built-in sample (crates/guifan-cli/examples)".into(), |d| d.display().to_string());
    say!(
        "guifan demo — {} customers, {} lines, {} tickets ({} targets' done, {} pauses); as of {as_of}",
        customers.rows.len(),
        lines.rows.len(),
        tickets.rows.len(),
        done.rows.len(),
        pauses.rows.len()
    );
    say!("source: {source}");
    if !problems.is_empty() {
        say!(
            "{} input row(s) could not be used and are left out of every figure: INPUT PROBLEMS at the end",
            problems.len()
        );
    }
    say!("{}", crate::show::calendar_line(engine.calendar()));
    if let Some(u) = engine.calendar().unknown_year_ahead(as_of) {
        say!("{}", crate::show::unknown_year_warning(&u));
    }
    say!("");
    for line in &report {
        say!("{line}");
    }
    // Listed file by file, line by line.
    let files = [customers.name, lines.name, tickets.name, done.name, pauses.name];
    problems.sort_by_key(|p| (files.iter().position(|f| *f == p.table), p.row));
    if !problems.is_empty() {
        say!("\nINPUT PROBLEMS — {} row(s) left out of the figures above", problems.len());
        for p in &problems {
            let ticket = p.ticket.as_ref().map_or_else(String::new, |t| format!(" (ticket {t}, left out)"));
            say!("  {} line {}{ticket}: {} ({})", p.table, p.row, p.error, p.error.kind());
        }
        eprintln!(
            "guifan: {} input row(s) left out of the report; they are listed at its end (exit status 1)",
            problems.len()
        );
    }
    Ok(problems.is_empty())
}
