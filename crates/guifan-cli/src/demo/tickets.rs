//! The demo's tickets (SLA.TICKET): each one measured by the core against its targets — a
//! complaint or fault against the pack's policy of its incident and the customer's class, any
//! other work order against its rule — with the customer's waits stopping the clocks
//! (INTERP.PAUSE), and every target's state counted at the end of the report's day.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, NaiveDate};
use csv::StringRecord;
use guifan_core::deadline::{Area, Clock, CustomerClass, Incident, Pause};
use guifan_core::engine::Engine;
use guifan_core::pack::Text;
use guifan_core::ticket::{TargetState, Targets, Ticket, TicketInput};
use guifan_core::time::{from_beijing, to_beijing};
use guifan_core::Error;

use super::{instant, Problem, Table};
use crate::show::{fit, wall};

/// The tickets' own tables: the tickets, each target's done, the customer's waits.
pub(super) struct Tables<'t> {
    pub tickets: &'t Table,
    pub done: &'t Table,
    pub pauses: &'t Table,
}

/// A row of done.csv or pauses.csv, read and kept with its line for the errors it may cause.
struct Row<T> {
    line: usize,
    value: T,
}

/// Target states of one rule within one group of tickets (a policy, or other work orders).
#[derive(Default)]
struct Counts {
    states: BTreeMap<&'static str, usize>,
    /// Breached and still not done at the report's instant.
    open_breached: usize,
}

/// A ticket as the core measured it, with what the report says about its class.
struct Evaluated {
    /// `complaint/vip` …, or `work orders`.
    group: String,
    ticket: Ticket,
    /// The same ticket with every clock running through its waits, when it has some.
    unpaused: Option<Ticket>,
    /// Its incident and class, for a complaint or fault.
    class: Option<(&'static str, &'static str)>,
    /// Why its recorded rule is not its class's, when it is not.
    misfiled: Option<String>,
}

/// Reads the rows of a side table (done.csv, pauses.csv) by ticket; a row naming no ticket of
/// tickets.csv, or one that cannot be read, is a problem.
fn by_ticket<T>(
    table: &Table,
    ids: &BTreeSet<String>,
    read: impl Fn(&StringRecord) -> Result<T, Error>,
    problems: &mut Vec<Problem>,
    unusable: &mut BTreeSet<String>,
) -> BTreeMap<String, Vec<Row<T>>> {
    let mut out: BTreeMap<String, Vec<Row<T>>> = BTreeMap::new();
    for (i, r) in table.rows.iter().enumerate() {
        let line = i + 2;
        let id = table.col(r, "ticket_id").unwrap_or_default();
        if !ids.contains(&id) {
            problems.push(Problem::new(table.name, line, Error::invalid("ticket_id", id, "not in tickets.csv")));
            continue;
        }
        match read(r) {
            Ok(value) => out.entry(id).or_default().push(Row { line, value }),
            Err(error) => {
                problems.push(Problem { table: table.name, row: line, error, ticket: Some(id.clone()) });
                unusable.insert(id);
            }
        }
    }
    out
}

/// What went wrong with a ticket, at the row and column it came from: a pause's `from`/`to` in
/// pauses.csv, a target's done in done.csv (or the ticket's `done`), else the ticket's row.
fn locate(
    error: Error,
    id: &str,
    t: &Table,
    row: usize,
    pauses: &[Row<Pause>],
    done: &[(Text, usize, &'static str)],
    tables: &Tables<'_>,
) -> Problem {
    let field = error.field().unwrap_or_default().to_string();
    if let Some(rest) = field.strip_prefix("pauses[") {
        let (i, column) = rest.split_once(']').unwrap_or((rest, ""));
        if let Some(p) = i.parse::<usize>().ok().and_then(|i| pauses.get(i)) {
            let column = column.trim_start_matches('.');
            let error = if column.is_empty() { error } else { error.at(column) };
            return Problem { table: tables.pauses.name, row: p.line, error, ticket: Some(id.into()) };
        }
    }
    if field.starts_with("done") {
        if let Some((_, line, table)) = done.iter().find(|(rule, _, _)| field.contains(rule.as_ref())) {
            if *table == t.name {
                return Problem::new(table, *line, error.at("done"));
            }
            return Problem { table, row: *line, error: error.at("rule"), ticket: Some(id.into()) };
        }
    }
    Problem::new(t.name, row, error)
}

/// Evaluates every ticket and returns the report's lines; rows that cannot be used join
/// `problems`, the rules the figures rest on join `cited`.
pub(super) fn report(
    engine: &Engine,
    as_of: NaiveDate,
    tables: &Tables<'_>,
    classes: &BTreeMap<String, Result<CustomerClass, Error>>,
    problems: &mut Vec<Problem>,
    cited: &mut BTreeSet<String>,
) -> Result<Vec<String>, String> {
    let t = tables.tickets;
    // The state of every target at the end of the report's day (24:00).
    let end_of_day = from_beijing("as_of", as_of.succ_opt().unwrap_or(as_of).and_time(chrono::NaiveTime::MIN))
        .map_err(|e| e.to_string())?;
    let ids: BTreeSet<String> = t.rows.iter().filter_map(|r| t.col(r, "ticket_id")).collect();
    let mut unusable: BTreeSet<String> = BTreeSet::new();
    let done_rows = by_ticket(
        tables.done,
        &ids,
        |r| {
            let rule =
                tables.done.col(r, "rule").ok_or_else(|| Error::invalid("rule", "", "give the target's rule id"))?;
            Ok((rule, instant(&tables.done.col(r, "done").unwrap_or_default(), "done")?))
        },
        problems,
        &mut unusable,
    );
    let pause_rows = by_ticket(
        tables.pauses,
        &ids,
        |r| {
            let from = instant(&tables.pauses.col(r, "from").unwrap_or_default(), "from")?;
            Ok(match tables.pauses.col(r, "to") {
                Some(to) => Pause::new(from, instant(&to, "to")?),
                None => Pause::open(from),
            })
        },
        problems,
        &mut unusable,
    );

    let mut counts: BTreeMap<String, BTreeMap<String, Counts>> = BTreeMap::new();
    let mut order: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut ticket_states: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut by_class: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    let mut misfiled: Vec<String> = Vec::new();
    let mut breaches: Vec<String> = Vec::new();
    let mut waiting: Vec<String> = Vec::new();
    let mut holiday: Vec<String> = Vec::new();
    let (mut pause_count, mut paused_tickets, mut open_pauses) = (0, 0, 0);
    // Targets breached on a running clock that the waits keep from it, by their state.
    let mut spared: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (i, r) in t.rows.iter().enumerate() {
        let row = i + 2;
        let id = t.col(r, "ticket_id").unwrap_or_default();
        // Left out with its refused row of done.csv or pauses.csv, which says so.
        if unusable.contains(&id) {
            continue;
        }
        let pauses: &[Row<Pause>] = pause_rows.get(&id).map_or(&[], Vec::as_slice);
        // Each target's done with where it was read: (rule, line, table).
        let mut done_at: Vec<(Text, usize, &'static str)> = Vec::new();
        // Where a target's done is given a second time.
        let mut twice: Option<(&'static str, usize)> = None;
        let computed = (|| -> Result<Evaluated, Error> {
            let area: Area = t.col(r, "area").unwrap_or_else(|| "urban".into()).parse()?;
            let start_text = t.col(r, "start").unwrap_or_default();
            let start = instant(&start_text, "start")?;
            let on = to_beijing("start", &start)?.date();
            let recorded = t.col(r, "rule");
            let (mut class_of, mut misfiled) = (None, None);
            let (group, targets, rule_ids) = match (t.col(r, "kind"), recorded.clone()) {
                (Some(kind), _) => {
                    let customer = t.col(r, "customer_id").unwrap_or_default();
                    let class = classes
                        .get(&customer)
                        .cloned()
                        .unwrap_or_else(|| Err(Error::invalid("customer_id", customer, "not in customers.csv")))?;
                    let incident: Incident = kind.parse().map_err(|e: Error| e.at("kind"))?;
                    // The class decides the rule; a ticket filed under another one is reported.
                    let due_rule = engine.rule_for(incident, class, on)?.id.to_string();
                    misfiled = recorded
                        .filter(|r| *r != due_rule)
                        .map(|r| format!("{id}: filed under {r}; {incident}, class {class}: {due_rule}"));
                    let policy = engine.pack_on("start", on)?.ticket_policy(incident, class)?;
                    class_of = Some((incident.as_str(), class.as_str()));
                    (format!("{incident}/{class}"), Targets::Policy { incident, class }, policy.targets.clone())
                }
                (None, Some(rule)) => {
                    let rule = Text::from(rule);
                    ("work orders".into(), Targets::Rules(vec![rule.clone()]), vec![rule])
                }
                (None, None) => {
                    return Err(Error::invalid("kind", "", "give a ticket kind (complaint, fault) or a rule"));
                }
            };
            // done.csv names targets by rule; the ticket's own `done` is its last target's (the
            // handling: the visit, the repair, the complaint handled; a work order's only one).
            let mut done: Vec<(Text, DateTime<FixedOffset>)> = Vec::new();
            let given = done_rows
                .get(&id)
                .into_iter()
                .flatten()
                .map(|d| (d.value.0.clone(), d.value.1, d.line, tables.done.name));
            let own = t.col(r, "done").map(|d| instant(&d, "done")).transpose()?;
            let last = rule_ids.last().map(|r| r.to_string()).unwrap_or_default();
            for (rule, at, line, table) in given.chain(own.map(|at| (last, at, row, t.name))) {
                if let Some((_, first, first_table)) = done_at.iter().find(|(r, _, _)| r.as_ref() == rule) {
                    twice = Some((table, line));
                    let reason = format!("this target's done is given twice ({first_table} line {first} too)");
                    return Err(Error::invalid("", rule.clone(), reason));
                }
                done_at.push((Text::from(rule.clone()), line, table));
                done.push((Text::from(rule), at));
            }
            let input = TicketInput {
                start,
                targets,
                area,
                done,
                pauses: pauses.iter().map(|p| p.value).collect(),
                as_of: Some(end_of_day),
                region: Default::default(),
            };
            let ticket = engine.ticket(&input)?;
            // The same ticket with every clock running: what the customer's waits changed.
            let unpaused = if input.pauses.is_empty() {
                None
            } else {
                Some(engine.ticket(&TicketInput { pauses: Vec::new(), ..input })?)
            };
            Ok(Evaluated { group, ticket, unpaused, class: class_of, misfiled })
        })();
        let Evaluated { group, ticket, unpaused, class, misfiled: filed } = match computed {
            Ok(c) => c,
            Err(error) => {
                problems.push(match twice {
                    Some((table, line)) if table == t.name => Problem::new(table, line, error.at("done")),
                    Some((table, line)) => Problem { table, row: line, error: error.at("rule"), ticket: Some(id) },
                    None => locate(error, &id, t, row, pauses, &done_at, tables),
                });
                continue;
            }
        };
        if let Some((incident, class)) = class {
            *by_class.entry(incident).or_default().entry(class).or_default() += 1;
        }
        misfiled.extend(filed);
        let start = wall(&t.col(r, "start").unwrap_or_default(), false);
        *ticket_states.entry(ticket.state.as_str()).or_default() += 1;
        if let Some(unpaused) = unpaused {
            for (with, without) in ticket.targets.iter().zip(&unpaused.targets) {
                if without.state == TargetState::Breached && with.state != TargetState::Breached {
                    *spared.entry(with.state.as_str()).or_default() += 1;
                }
            }
            paused_tickets += 1;
            pause_count += pauses.len();
            open_pauses += pauses.iter().filter(|p| p.value.to.is_none()).count();
            cited.insert("INTERP.PAUSE".into());
        }
        let rules: Vec<String> = ticket.targets.iter().map(|x| x.rule.to_string()).collect();
        // A policy's targets in its order; work orders by rule id.
        let in_group = order.entry(group.clone()).or_default();
        for rule in &rules {
            if !in_group.contains(rule) {
                in_group.push(rule.clone());
            }
        }
        if matches!(ticket.targets.as_slice(), [_]) {
            in_group.sort();
        }
        let group_counts = counts.entry(group.clone()).or_default();
        for target in &ticket.targets {
            cited.insert(target.rule.to_string());
            let c = group_counts.entry(target.rule.to_string()).or_default();
            *c.states.entry(target.state.as_str()).or_default() += 1;
            let due = target.due.map_or_else(|| "unknown".into(), |d| wall(&d.to_rfc3339(), true));
            if target.state == TargetState::Breached {
                c.open_breached += usize::from(target.done.is_none());
                if breaches.len() < 4 {
                    let done = target.done.map_or_else(
                        || format!("not done by {as_of} 24:00"),
                        |d| format!("done {}", wall(&d.to_rfc3339(), false)),
                    );
                    breaches.push(format!("{id} {} ({group}): started {start}, due {due}, {done}", target.rule));
                }
            }
            if target.clock == Clock::WorkingDays && holiday.len() < 3 && start.starts_with("2025-09-30") {
                holiday.push(format!(
                    "{id} {}: started {start} → due {due} (the rest days 1–8 Oct are not counted)",
                    target.rule
                ));
            }
        }
        if ticket.state == TargetState::Paused && waiting.len() < 3 {
            let since = pauses.iter().filter(|p| p.value.to.is_none()).map(|p| p.value.from).min();
            let since = since.map_or_else(String::new, |s| {
                format!(", waiting on the customer since {}", wall(&s.to_rfc3339(), false))
            });
            let targets: Vec<String> = ticket
                .targets
                .iter()
                .filter(|x| x.done.is_none())
                .map(|x| {
                    let due = x.due.map_or_else(|| "unknown".into(), |d| wall(&d.to_rfc3339(), true));
                    format!("{} due {due}", x.rule)
                })
                .collect();
            waiting.push(format!("{id} ({group}): started {start}{since}; {}", targets.join(", ")));
        }
    }
    cited.insert("SLA.TICKET".into());

    let mut out = Vec::new();
    let mut put = |line: String| out.push(line);
    put(format!("\nTICKETS as of {as_of} 24:00, each measured against its targets (SLA.TICKET)"));
    let per_class: Vec<String> = by_class
        .iter()
        .map(|(incident, classes)| {
            let counts: Vec<String> = classes.iter().map(|(class, n)| format!("{class} {n}")).collect();
            format!("{incident}s: {}", counts.join(", "))
        })
        .collect();
    put(format!("  by the customer's class (VIP = card holder): {}", per_class.join("; ")));
    put(format!("  filed under another class's rule: {}", misfiled.len()));
    for m in misfiled.iter().take(3) {
        put(format!("    {m}"));
    }
    put("  targets: a complaint or fault has those of the pack's policy for its kind and the customer's class".into());
    put("    (the ticket's done is its last target's, done.csv gives the others: the VIP referral is done".into());
    put("    when the department is notified); any other work order has its rule".into());
    put(format!(
        "  waiting on the customer (INTERP.PAUSE, pauses.csv): {pause_count} pause(s) on {paused_tickets} ticket(s), {open_pauses} still open"
    ));
    let spared: Vec<String> = spared.iter().map(|(state, n)| format!("{state} {n}")).collect();
    put(format!(
        "    targets breached if the clock had run through the waits, not breached with them: {}",
        if spared.is_empty() { "none".into() } else { spared.join(", ") }
    ));
    put("  met: done by the due; breached: done after it, or not done and the due passed; running: not done,".into());
    put("    the due ahead; paused: not done, not breached, the clock stopped now (or the due unknown until it runs)"
        .into());
    let group_width = order.keys().map(|g| g.len()).max().unwrap_or(0).max("tickets".len());
    let rule_width = order.values().flatten().map(|r| r.len()).max().unwrap_or(0).max("target".len());
    let header: Vec<String> = TargetState::keys().map(|n| format!(" {n:>8}")).collect();
    put(format!(
        "  {}  {}  {:>7}{}",
        fit("tickets", group_width),
        fit("target", rule_width),
        "targets",
        header.join("")
    ));
    for (group, rules) in &counts {
        for (k, rule) in order[group].iter().enumerate() {
            let c = &rules[rule];
            let total: usize = c.states.values().sum();
            let cells: Vec<String> =
                TargetState::keys().map(|n| format!(" {:>8}", c.states.get(n).copied().unwrap_or(0))).collect();
            let label = if k == 0 { group.as_str() } else { "" };
            put(format!("  {}  {}  {total:>7}{}", fit(label, group_width), fit(rule, rule_width), cells.join("")));
        }
    }
    let breached_open: usize = counts.values().flat_map(|r| r.values()).map(|c| c.open_breached).sum();
    put(format!("  of the breached targets, {breached_open} not done by {as_of} 24:00 (the others done late)"));
    let tickets: Vec<String> =
        TargetState::keys().map(|n| format!("{n} {}", ticket_states.get(n).copied().unwrap_or(0))).collect();
    put(format!(
        "  tickets by their targets (breached if any is, else running, else paused, else met): {}",
        tickets.join(", ")
    ));
    for h in &holiday {
        put(format!("  holiday: {h}"));
    }
    for b in &breaches {
        put(format!("  breached: {b}"));
    }
    for w in &waiting {
        put(format!("  paused: {w}"));
    }
    Ok(out)
}
