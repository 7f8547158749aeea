//! `guifan demo`: the main job on built-in defaults. A sample club of customers, their lines and
//! a year of tickets, rated, reviewed, checked for status and timed against their deadlines.
//! Complaint and fault tickets carry their kind; the engine picks their rule by the customer's
//! class (a ticket filed under another class's rule is reported). Other work orders name their rule.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use csv::StringRecord;
use guifan_core::deadline::{self, Basis, CustomerClass, DeadlineInput, Incident};
use guifan_core::engine::Engine;
use guifan_core::status::{Line, StatusInput};
use guifan_core::tier::{Customer, Override, Package, Tier, TierInput};
use guifan_core::time::{from_beijing, parse_date, parse_instant, to_beijing};
use guifan_core::Error;

use crate::show::wall;

const CUSTOMERS: &str = include_str!("../examples/customers.csv");
const LINES: &str = include_str!("../examples/lines.csv");
const TICKETS: &str = include_str!("../examples/tickets.csv");

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
    let load = |name: &'static str, builtin: &'static str| -> Result<Table, String> {
        match data {
            None => Table::read(name, builtin),
            Some(dir) => {
                let path = dir.join(name);
                Table::read(name, &std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?)
            }
        }
    };
    let (customers, lines, tickets) =
        (load("customers.csv", CUSTOMERS)?, load("lines.csv", LINES)?, load("tickets.csv", TICKETS)?);
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
            Err(error) => problems.push(Problem { table: customers.name, row: i + 2, error }),
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
            Err(error) => problems.push(Problem { table: lines.name, row: i + 2, error }),
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
            Err(error) => problems.push(Problem { table: customers.name, row: i + 2, error }),
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

    // Deadlines.
    #[derive(Default)]
    struct Tally {
        total: usize,
        met: usize,
        breached: usize,
        open: usize,
        overdue: usize,
    }
    let mut tally: BTreeMap<String, Tally> = BTreeMap::new();
    let mut breaches: Vec<String> = Vec::new();
    let mut holiday: Vec<String> = Vec::new();
    let end_of_day = from_beijing("as_of", as_of.succ_opt().unwrap_or(as_of).and_time(chrono::NaiveTime::MIN))
        .map_err(|e| e.to_string())?;
    // The hotline class of a customer during the year: by the card the year began with.
    let mut classes: BTreeMap<String, Result<CustomerClass, Error>> = BTreeMap::new();
    for r in &customers.rows {
        let class = customer_input(&customers, r, as_of.year())
            .map(|(input, card, _)| CustomerClass::of(card, &input.customer));
        classes.insert(customers.col(r, "customer_id").unwrap_or_default(), class);
    }
    let mut by_class: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    let mut misfiled: Vec<String> = Vec::new();
    for (i, r) in tickets.rows.iter().enumerate() {
        let computed = (|| -> Result<(String, deadline::Deadline, String), Error> {
            let area = tickets.col(r, "area").unwrap_or_else(|| "urban".into()).parse()?;
            let start = tickets.col(r, "start").unwrap_or_default();
            let started = instant(&start, "start")?;
            let recorded = tickets.col(r, "rule");
            let rule = match (tickets.col(r, "kind"), recorded.clone()) {
                (Some(kind), _) => {
                    let customer = tickets.col(r, "customer_id").unwrap_or_default();
                    let class = classes
                        .get(&customer)
                        .cloned()
                        .unwrap_or_else(|| Err(Error::invalid("customer_id", customer, "not in customers.csv")))?;
                    let incident: Incident = kind.parse().map_err(|e: Error| e.at("kind"))?;
                    *by_class.entry(incident.as_str()).or_default().entry(class.as_str()).or_default() += 1;
                    let due_rule =
                        engine.rule_for(incident, class, to_beijing("start", &started)?.date())?.id.to_string();
                    // The class decides the rule; a ticket filed under another one is reported.
                    if let Some(recorded) = recorded.filter(|r| *r != due_rule) {
                        let id = tickets.col(r, "ticket_id").unwrap_or_default();
                        misfiled.push(format!("{id}: filed under {recorded}; {incident}, class {class}: {due_rule}"));
                    }
                    due_rule
                }
                (None, Some(rule)) => rule,
                (None, None) => {
                    return Err(Error::invalid("kind", "", "give a ticket kind (complaint, fault) or a rule"));
                }
            };
            let done = tickets.col(r, "done").map(|d| instant(&d, "done")).transpose()?;
            let input = DeadlineInput {
                start: started,
                basis: Basis::rule(rule.clone(), area),
                done,
                pauses: Vec::new(),
                region: Default::default(),
            };
            Ok((rule, engine.deadline(&input)?, start))
        })();
        let (rule, d, start) = match computed {
            Ok(c) => c,
            Err(error) => {
                problems.push(Problem { table: tickets.name, row: i + 2, error });
                continue;
            }
        };
        cited.insert(rule.clone());
        let t = tally.entry(rule.clone()).or_default();
        t.total += 1;
        let id = tickets.col(r, "ticket_id").unwrap_or_default();
        let due_at = d.due.expect("the demo gives no pauses: every due is known");
        let due = wall(&due_at.to_rfc3339(), true);
        match d.met {
            Some(true) => t.met += 1,
            Some(false) => {
                t.breached += 1;
                if breaches.len() < 4 {
                    let done = wall(&tickets.col(r, "done").unwrap_or_default(), false);
                    breaches.push(format!("{id} {rule}: started {}, due {due}, done {done}", wall(&start, false)));
                }
            }
            None => {
                t.open += 1;
                t.overdue += usize::from(due_at < end_of_day);
            }
        }
        if d.clock == deadline::Clock::WorkingDays && holiday.len() < 3 && start.starts_with("2025-09-30") {
            holiday.push(format!(
                "{id} {rule}: started {} → due {due} (the rest days 1–8 Oct are not counted)",
                wall(&start, false)
            ));
        }
    }
    put!("\nDEADLINES (done <= due is on time)");
    let per_class: Vec<String> = by_class
        .iter()
        .map(|(incident, classes)| {
            let counts: Vec<String> = classes.iter().map(|(class, n)| format!("{class} {n}")).collect();
            format!("{incident}s: {}", counts.join(", "))
        })
        .collect();
    put!("  by the customer's class (VIP = card holder): {}", per_class.join("; "));
    put!("  filed under another class's rule: {}", misfiled.len());
    for m in misfiled.iter().take(3) {
        put!("    {m}");
    }
    put!("  met: done by the due instant; breached: done after it; open: not done yet; overdue: open and due before {as_of} ended");
    put!("  {:<26} {:>7} {:>5} {:>8} {:>5} {:>7}", "rule", "tickets", "met", "breached", "open", "overdue");
    for (rule, t) in &tally {
        put!("  {rule:<26} {:>7} {:>5} {:>8} {:>5} {:>7}", t.total, t.met, t.breached, t.open, t.overdue);
    }
    for h in &holiday {
        put!("  holiday: {h}");
    }
    for b in &breaches {
        put!("  breached: {b}");
    }

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
        "guifan demo — {} customers, {} lines, {} tickets; as of {as_of}",
        customers.rows.len(),
        lines.rows.len(),
        tickets.rows.len()
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
    if !problems.is_empty() {
        say!("\nINPUT PROBLEMS — {} row(s) left out of the figures above", problems.len());
        for p in &problems {
            say!("  {} line {}: {} ({})", p.table, p.row, p.error, p.error.kind());
        }
        eprintln!(
            "guifan: {} input row(s) left out of the report; they are listed at its end (exit status 1)",
            problems.len()
        );
    }
    Ok(problems.is_empty())
}
