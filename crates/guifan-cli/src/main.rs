//! `guifan`: the norms at a terminal. `eval` answers the JSON contract line by line, `demo` runs
//! the built-in sample, and `tier`, `deadline`, `calendar` and `rules` answer one question each.

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

#[derive(Parser)]
#[command(name = "guifan", version, about = "Chinese telecom service norms as exact, explainable computations")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct CalendarArg {
    /// Extra calendar years (e.g. 2027) as JSON in the format of the built-in calendar.
    #[arg(long, value_name = "FILE", global = true)]
    calendar: Option<PathBuf>,
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
enum Command {
    /// Answer `evaluate` requests: JSON Lines or one JSON array, one response per line.
    Eval {
        /// Requests file; `-` or nothing reads standard input.
        file: Option<PathBuf>,
        /// Add an explanation to every answer.
        #[arg(long)]
        explain: bool,
        #[command(flatten)]
        calendar: CalendarArg,
    },
    /// Run the built-in sample (customers, lines, tickets) and print a report.
    Demo {
        /// Read customers.csv, lines.csv and tickets.csv from this folder instead.
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// The day the report is made (statuses, points); also the review year's end.
        #[arg(long, default_value = "2025-12-31")]
        as_of: String,
        #[command(flatten)]
        calendar: CalendarArg,
    },
    /// The membership tier of one customer.
    Tier {
        /// personal, enterprise or government.
        #[arg(long, default_value = "personal")]
        kind: String,
        /// Personal brand: e_home, tianyi or other.
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
        #[command(flatten)]
        calendar: CalendarArg,
    },
    /// The official calendar: a day (YYYY-MM-DD) or a month (YYYY-MM).
    Calendar {
        /// A date or a month; today's month when omitted.
        when: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        calendar: CalendarArg,
    },
    /// The rule catalogue, or one rule with its clause and original words.
    Rules {
        /// A rule id.
        id: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

fn calendar(arg: &CalendarArg) -> Result<Calendar, String> {
    let mut cal = Calendar::builtin();
    if let Some(path) = &arg.calendar {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        cal.load_json(&text).map_err(|e| format!("{}: {} ({})", path.display(), e, e.kind()))?;
    }
    Ok(cal)
}

fn run(cli: Cli) -> Result<bool, String> {
    match cli.command {
        Command::Eval { file, explain, calendar: c } => eval::run(&calendar(&c)?, file.as_deref(), explain),
        Command::Demo { data, as_of, calendar: c } => demo::run(&calendar(&c)?, data.as_deref(), &as_of),
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
            show::answer(&Calendar::builtin(), "tier", input, &out.json_explain(), show::tier)
        }
        Command::Deadline { rule, area, clock, amount, start, done, out, calendar: c } => {
            let mut input = serde_json::json!({ "start": start });
            for (key, value) in [("rule", rule), ("area", area), ("clock", clock), ("done", done)] {
                if let Some(v) = value {
                    input[key] = v.into();
                }
            }
            if let Some(a) = amount {
                input["amount"] = a.into();
            }
            show::answer(&calendar(&c)?, "deadline", input, &out.json_explain(), show::deadline)
        }
        Command::Calendar { when, json, calendar: c } => show::calendar(&calendar(&c)?, when.as_deref(), json),
        Command::Rules { id, json } => show::rules(id.as_deref(), json),
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
