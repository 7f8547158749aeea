//! `guifan`: the norms at a terminal. `eval` answers the JSON contract line by line, `demo` runs
//! the built-in sample, `tier`, `deadline`, `calendar` and `rules` answer one question each, and
//! `pack` checks rule packs. `--pack` and `--calendar` run any of them on other rules and years,
//! `--provisional` on years without a published schedule too.

/// `println!` that ends the program quietly when the reader has gone (`guifan rules | head`).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

mod demo;
mod eval;
mod show;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use guifan_core::calendar::Calendar;
use guifan_core::engine::Engine;
use guifan_core::pack::Pack;

#[derive(Parser)]
#[command(name = "guifan", version, about = "Chinese telecom service norms as exact, explainable computations")]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    engine: EngineArgs,
}

/// What every command runs on: rule packs and calendar files instead of (or on top of) the
/// built-in ones.
#[derive(Args)]
struct EngineArgs {
    /// A rule pack (JSON or TOML) instead of the built-in one; repeat for packs in force from
    /// different dates (their `effective_from`).
    #[arg(long = "pack", value_name = "FILE", global = true)]
    packs: Vec<PathBuf>,
    /// Calendar years (e.g. 2027) or a layer (a document with `overlay`) in the format of the
    /// built-in calendar, loaded on top of it; repeat to load several, in order.
    #[arg(long = "calendar", value_name = "FILE", global = true)]
    calendars: Vec<PathBuf>,
    /// Answer years without a published schedule (2025–2100) provisionally, from the statutory
    /// holidays of the law: no make-up working days, no 补假. Answers that rest on such a year
    /// say so.
    #[arg(long, global = true)]
    provisional: bool,
}

#[derive(Args)]
struct Output {
    /// Print the JSON answer instead of text.
    #[arg(long)]
    json: bool,
    /// Add the explanation: rule, clause, original words and steps.
    #[arg(long)]
    explain: bool,
}

#[derive(Subcommand)]
enum CalendarAction {
    /// Read the text of State Council notices (国务院办公厅关于2027年部分节假日安排的通知, a
    /// supplementary notice after its year's) and write the calendar document `--calendar`
    /// loads; on any problem write nothing and list every problem with its line.
    FromNotice {
        /// Notice texts, in publication order.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Write the document here instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum Command {
    /// Answer `evaluate` requests: JSON Lines or one JSON array, one response per line.
    Eval {
        /// Requests file; `-` or nothing reads standard input.
        file: Option<PathBuf>,
        /// Add an explanation to every answer.
        #[arg(long)]
        explain: bool,
    },
    /// Run the built-in sample (customers, lines, tickets) and print a report.
    Demo {
        /// Read customers.csv, lines.csv and tickets.csv from this folder instead.
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// The day the report is made (statuses, points); also the review year's end.
        #[arg(long, default_value = "2025-12-31")]
        as_of: String,
    },
    /// The membership tier of one customer.
    Tier {
        /// personal, enterprise or government.
        #[arg(long, default_value = "personal")]
        kind: String,
        /// Personal brand: e_home, tianyi or other (or a brand of the `--pack`).
        #[arg(long)]
        brand: Option<String>,
        /// Annual spend (personal), CNY.
        #[arg(long)]
        spend: Option<String>,
        /// Annual revenue (enterprise), CNY.
        #[arg(long)]
        revenue: Option<String>,
        /// Rank (government): bureau, division, section or none.
        #[arg(long)]
        rank: Option<String>,
        /// Monthly package fee, CNY (package basis and provisional membership).
        #[arg(long)]
        monthly_fee: Option<String>,
        #[command(flatten)]
        out: Output,
    },
    /// When something is due under a rule, or a free clock.
    Deadline {
        /// Rule id, e.g. SLA.COMPLAINT.ORDINARY (see `guifan rules`).
        #[arg(long, conflicts_with = "clock")]
        rule: Option<String>,
        /// urban or rural, for rules that differ.
        #[arg(long)]
        area: Option<String>,
        /// Free clock: clock_hours, calendar_days, working_days, working_minutes.
        #[arg(long, requires = "amount")]
        clock: Option<String>,
        /// Amount for the free clock.
        #[arg(long)]
        amount: Option<u32>,
        /// Start instant, e.g. 2025-09-30T10:00 (Beijing time unless an offset is given).
        #[arg(long)]
        start: String,
        /// Completion instant, to check the deadline.
        #[arg(long)]
        done: Option<String>,
        #[command(flatten)]
        out: Output,
    },
    /// The official calendar: a day (YYYY-MM-DD), a month (YYYY-MM), or without either the
    /// known years with their sources (and a warning when next year's schedule is missing);
    /// `calendar from-notice` reads the State Council's notice into a calendar file.
    #[command(args_conflicts_with_subcommands = true)]
    Calendar {
        #[command(subcommand)]
        action: Option<CalendarAction>,
        /// A date or a month.
        when: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// The day the listing warns from (YYYY-MM-DD); today in Beijing when omitted.
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
    /// The rule catalogue, or one rule with its clause and original words.
    Rules {
        /// A rule id.
        id: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check rule pack files (JSON or TOML) and list every problem; without files, print the
    /// built-in pack as a starting point.
    Pack {
        /// Pack files to check.
        files: Vec<PathBuf>,
        /// Print each valid pack as JSON (a TOML pack for the npm packages, which read JSON).
        #[arg(long)]
        json: bool,
    },
}

fn read(path: &PathBuf) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

impl EngineArgs {
    fn engine(&self) -> Result<Engine, String> {
        let mut calendar = Calendar::builtin();
        for path in &self.calendars {
            calendar.load_json(&read(path)?).map_err(|e| format!("{}: {} ({})", path.display(), e, e.kind()))?;
        }
        calendar.set_provisional(self.provisional);
        let packs = if self.packs.is_empty() {
            vec![Pack::builtin().clone()]
        } else {
            let read_pack = |path: &PathBuf| {
                Pack::from_text(&read(path)?).map_err(|e| {
                    let lines: Vec<String> = e.problems().iter().map(|p| format!("\n  {p}")).collect();
                    format!(
                        "{}: {}{}",
                        path.display(),
                        if lines.is_empty() { e.to_string() } else { "invalid rule pack:".into() },
                        lines.concat()
                    )
                })
            };
            self.packs.iter().map(read_pack).collect::<Result<_, _>>()?
        };
        Engine::new(packs, calendar).map_err(|e| e.to_string())
    }
}

fn run(cli: Cli) -> Result<bool, String> {
    if let Command::Pack { files, json } = &cli.command {
        return show::packs(files, *json);
    }
    if let Command::Calendar { action: Some(CalendarAction::FromNotice { files, output }), .. } = &cli.command {
        return show::from_notice(files, output.as_deref());
    }
    let engine = cli.engine.engine()?;
    match cli.command {
        Command::Eval { file, explain } => eval::run(&engine, file.as_deref(), explain),
        Command::Demo { data, as_of } => demo::run(&engine, data.as_deref(), &as_of),
        Command::Tier { kind, brand, spend, revenue, rank, monthly_fee, out } => {
            let mut customer = serde_json::json!({ "kind": kind });
            for (key, value) in [("brand", brand), ("annual_spend", spend), ("annual_revenue", revenue), ("rank", rank)]
            {
                if let Some(v) = value {
                    customer[key] = v.into();
                }
            }
            let mut input = serde_json::json!({ "customer": customer });
            if let Some(fee) = monthly_fee {
                input["package"] = serde_json::json!({ "monthly_fee": fee });
            }
            show::answer(&engine, "tier", input, &out.json_explain(), show::tier)
        }
        Command::Deadline { rule, area, clock, amount, start, done, out } => {
            let mut input = serde_json::json!({ "start": start });
            for (key, value) in [("rule", rule), ("area", area), ("clock", clock), ("done", done)] {
                if let Some(v) = value {
                    input[key] = v.into();
                }
            }
            if let Some(a) = amount {
                input["amount"] = a.into();
            }
            show::answer(&engine, "deadline", input, &out.json_explain(), show::deadline)
        }
        Command::Calendar { when: Some(when), json, .. } => show::calendar(&engine, &when, json),
        Command::Calendar { when: None, json, today, .. } => {
            show::known_years(engine.calendar(), today.as_deref(), json)
        }
        Command::Rules { id, json } => show::rules(&engine, id.as_deref(), json),
        Command::Pack { .. } => unreachable!("answered above"),
    }
}

impl Output {
    fn json_explain(&self) -> show::Mode {
        show::Mode { json: self.json, explain: self.explain }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("guifan: {message}");
            ExitCode::from(2)
        }
    }
}
