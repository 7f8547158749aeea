//! `guifan`: the norms at a terminal. `eval` answers the JSON contract line by line, `demo` runs
//! the built-in sample, `tier`, `deadline`, `calendar` and `rules` answer one question each, and
//! `pack` checks rule packs. `--pack` and `--calendar` run any of them on other rules and years,
//! `--provisional` on years without a published schedule too; `completions` and `man` print the
//! shell completions and the manual page clap makes.

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
mod errors;
mod eval;
mod show;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgGroup, Args, CommandFactory, Parser, Subcommand};
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
    ///
    /// With --data DIR, the report is made from CSV files of your own in DIR, each with a header
    /// row; columns may come in any order, an empty cell is an absent value, and columns other
    /// than these are ignored (the built-in sample is crates/guifan-cli/examples/*.csv):
    ///
    ///   customers.csv  customer_id; kind (personal, enterprise or government; personal when
    ///                  empty); brand (e_home, tianyi, other, or a brand of --pack); annual_spend
    ///                  (personal) or annual_revenue (enterprise), CNY such as 3359.99; rank
    ///                  (government: bureau, division, section or none); previous_tier (diamond,
    ///                  gold, silver or none: the card the year began with); monthly_fee and
    ///                  package_subscribed_on (the package basis); override_tier and approval_ref
    ///                  (an approved override of a downgrade); card_expires_on (YYYY-MM-DD);
    ///                  cancel_requested and misconduct (true or false)
    ///   lines.csv      customer_id; line_id; active (false for a line no longer in use);
    ///                  arrears_since (YYYY-MM-DD, empty when paid up); reminded (true once the
    ///                  customer was reminded to pay)
    ///   tickets.csv    ticket_id; customer_id; kind (complaint or fault: the targets are the
    ///                  pack's ticket policy for the customer's class) or rule (a deadline rule
    ///                  id, for other work orders; beside kind, the rule it was filed under);
    ///                  area (urban or rural; urban when empty); start and done (instants such as
    ///                  2025-09-30T10:00, Beijing time unless an offset is given): done is when
    ///                  the work was finished, its last target's done (the visit, the repair, the
    ///                  complaint handled), empty while open
    ///   done.csv       (optional) ticket_id; rule (a target of the ticket); done (when that
    ///                  target was done: the call back, the initial investigation, the VIP
    ///                  referral to the department), one row per target done
    ///   pauses.csv     (optional) ticket_id; from; to (empty while the ticket still waits): a
    ///                  span in which the ticket waits on the customer and its clocks stop
    ///
    /// Every target's state is taken at the end of --as-of. A row the rules refuse is left out
    /// of the figures and listed, with its file, line and error, under INPUT PROBLEMS at the
    /// end of the report (a ticket whose done.csv or pauses.csv row is refused is left out with
    /// it). Exit status: 0 for a report of every row, 1 for a report with rows left out, 2 when
    /// no report could be made (a file missing, a CSV that cannot be read).
    #[command(verbatim_doc_comment)]
    Demo {
        /// Read customers.csv, lines.csv, tickets.csv (and done.csv, pauses.csv when there) from
        /// this folder instead (columns above).
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// The day the report is made (statuses, points, target states at its end); also the
        /// review year's end.
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
        #[arg(long, allow_negative_numbers = true)]
        spend: Option<String>,
        /// Annual revenue (enterprise), CNY.
        #[arg(long, allow_negative_numbers = true)]
        revenue: Option<String>,
        /// Rank (government): bureau, division, section or none.
        #[arg(long)]
        rank: Option<String>,
        /// Monthly package fee, CNY (package basis and provisional membership).
        #[arg(long, allow_negative_numbers = true)]
        monthly_fee: Option<String>,
        #[command(flatten)]
        out: Output,
    },
    /// When something is due under a rule, or a free clock.
    #[command(group(ArgGroup::new("basis").required(true).args(["rule", "clock"])))]
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
        /// Amount for the free clock: hours, days or minutes.
        #[arg(long, allow_negative_numbers = true)]
        amount: Option<String>,
        /// Start instant, e.g. 2025-09-30T10:00 (Beijing time unless an offset is given).
        #[arg(long)]
        start: String,
        /// Completion instant, to check the deadline.
        #[arg(long)]
        done: Option<String>,
        /// A span in which the clock stops, FROM..TO, or FROM alone while it goes on (repeat
        /// for several), e.g. 2025-10-09T00:00..2025-10-10T00:00.
        #[arg(long = "pause", value_name = "FROM[..TO]")]
        pauses: Vec<String>,
        /// Region whose office hours working minutes count in (default: the pack's).
        #[arg(long)]
        region: Option<String>,
        #[command(flatten)]
        out: Output,
    },
    /// A ticket measured against several targets at once: each target's due and state
    /// (met, breached, running, paused) and the time left, with stopped clocks.
    #[command(group(ArgGroup::new("targets").required(true).args(["policy", "incident", "rules"])))]
    Ticket {
        /// The pack's policy as INCIDENT/CLASS, e.g. fault/ordinary or complaint/vip.
        #[arg(long, conflicts_with_all = ["incident", "class", "rules"])]
        policy: Option<String>,
        /// fault or complaint (with --class).
        #[arg(long, requires = "class", conflicts_with = "rules")]
        incident: Option<String>,
        /// Customer class: ordinary, brand or vip (with --incident).
        #[arg(long, requires = "incident")]
        class: Option<String>,
        /// A target rule id instead of a policy (repeat, in order).
        #[arg(long = "rule", value_name = "RULE")]
        rules: Vec<String>,
        /// urban or rural, for rules that differ.
        #[arg(long)]
        area: Option<String>,
        /// Start instant of every target, e.g. 2025-03-03T09:00 (Beijing time unless an offset
        /// is given).
        #[arg(long)]
        start: String,
        /// A target done, RULE=INSTANT (repeat), e.g. SLA.FAULT.CONTACT=2025-03-03T10:00.
        #[arg(long = "done", value_name = "RULE=INSTANT")]
        done: Vec<String>,
        /// A span in which every clock stops, FROM..TO, or FROM alone while it goes on (repeat).
        #[arg(long = "pause", value_name = "FROM[..TO]")]
        pauses: Vec<String>,
        /// The instant the states are for (required unless every target is done).
        #[arg(long)]
        as_of: Option<String>,
        /// Region whose office hours working minutes count in (default: the pack's).
        #[arg(long)]
        region: Option<String>,
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
    /// Print the shell completion script: `guifan completions bash >
    /// ~/.local/share/bash-completion/completions/guifan` (README: Shell completions).
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `guifan man > ~/.local/share/man/man1/guifan.1`; with
    /// `--dir`, write it and one page per command (guifan-deadline.1 …) there.
    Man {
        /// Write guifan.1 and a page per command into this folder.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
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
    match &cli.command {
        Command::Pack { files, json } => return show::packs(files, *json),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "guifan", &mut script);
            say!("{}", String::from_utf8_lossy(&script).trim_end());
            return Ok(true);
        }
        Command::Man { dir: Some(dir) } => {
            clap_mangen::generate_to(Cli::command(), dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            return Ok(true);
        }
        Command::Man { dir: None } => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut page).map_err(|e| e.to_string())?;
            say!("{}", String::from_utf8_lossy(&page).trim_end());
            return Ok(true);
        }
        _ => {}
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
            let flags = [
                ("customer.kind", "--kind"),
                ("customer.brand", "--brand"),
                ("customer.annual_spend", "--spend"),
                ("customer.annual_revenue", "--revenue"),
                ("customer.rank", "--rank"),
                ("package.monthly_fee", "--monthly-fee"),
            ];
            show::answer(&engine, "tier", input, &out.json_explain(), show::tier, &flags)
        }
        Command::Deadline { rule, area, clock, amount, start, done, pauses, region, out } => {
            let mut input = serde_json::json!({ "start": start });
            let (pause_list, mut pause_flags) = show::pauses(&pauses);
            if !pauses.is_empty() {
                input["pauses"] = pause_list;
            }
            for (key, value) in [("rule", rule), ("area", area), ("clock", clock), ("done", done), ("region", region)] {
                if let Some(v) = value {
                    input[key] = v.into();
                }
            }
            if let Some(a) = amount {
                // A number as typed (negative too, for the core to refuse), else the text.
                input["amount"] = a.parse::<serde_json::Number>().map_or_else(|_| a.into(), Into::into);
            }
            let flags = [
                ("rule", "--rule"),
                ("area", "--area"),
                ("clock", "--clock"),
                ("amount", "--amount"),
                ("start", "--start"),
                ("done", "--done"),
                ("region", "--region"),
            ];
            pause_flags.extend(flags.iter().map(|(f, g)| (f.to_string(), g.to_string())));
            let flags: Vec<(&str, &str)> = pause_flags.iter().map(|(f, g)| (f.as_str(), g.as_str())).collect();
            show::answer(&engine, "deadline", input, &out.json_explain(), show::deadline, &flags)
        }
        Command::Ticket { policy, incident, class, rules, area, start, done, pauses, as_of, region, out } => {
            let (incident, class) = match policy {
                Some(p) => match p.split_once('/') {
                    Some((i, c)) => (Some(i.to_string()), Some(c.to_string())),
                    None => return Err(format!("--policy {p:?}: expected INCIDENT/CLASS, e.g. fault/ordinary")),
                },
                None => (incident, class),
            };
            let mut input = serde_json::json!({ "start": start });
            for (key, value) in [
                ("incident", incident),
                ("customer_class", class),
                ("area", area),
                ("as_of", as_of),
                ("region", region),
            ] {
                if let Some(v) = value {
                    input[key] = v.into();
                }
            }
            if !rules.is_empty() {
                input["rules"] = rules.clone().into();
            }
            let mut done_map = serde_json::Map::new();
            for d in &done {
                let Some((rule, at)) = d.split_once('=') else {
                    return Err(format!(
                        "--done {d:?}: expected RULE=INSTANT, e.g. SLA.FAULT.CONTACT=2025-03-03T10:00"
                    ));
                };
                if done_map.insert(rule.to_string(), at.into()).is_some() {
                    return Err(format!("--done {rule}: given twice"));
                }
            }
            if !done_map.is_empty() {
                input["done"] = done_map.into();
            }
            let (pause_list, mut flags) = show::pauses(&pauses);
            if !pauses.is_empty() {
                input["pauses"] = pause_list;
            }
            for (i, _) in rules.iter().enumerate() {
                flags.push((format!("rules[{i}]"), format!("--rule #{}", i + 1)));
            }
            for d in &done {
                if let Some((rule, _)) = d.split_once('=') {
                    let field = format!("done[{}]", serde_json::Value::from(rule));
                    flags.push((field, format!("--done {rule}")));
                }
            }
            for (f, g) in [
                ("start", "--start"),
                ("as_of", "--as-of"),
                ("area", "--area"),
                ("incident", "--incident"),
                ("customer_class", "--class"),
                ("rules", "--rule"),
                ("region", "--region"),
            ] {
                flags.push((f.into(), g.into()));
            }
            let flags: Vec<(&str, &str)> = flags.iter().map(|(f, g)| (f.as_str(), g.as_str())).collect();
            show::answer(&engine, "ticket", input, &out.json_explain(), show::ticket, &flags)
        }
        Command::Calendar { when: Some(when), json, .. } => show::calendar(&engine, &when, json),
        Command::Calendar { when: None, json, today, .. } => {
            show::known_years(engine.calendar(), today.as_deref(), json)
        }
        Command::Rules { id, json } => show::rules(&engine, id.as_deref(), json),
        Command::Pack { .. } | Command::Completions { .. } | Command::Man { .. } => unreachable!("answered above"),
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
