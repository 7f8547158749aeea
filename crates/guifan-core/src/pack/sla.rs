//! The deadline rules of a pack (RULES.md section 4): the clock and period of each rule, per
//! area, and the ticket kind and customer class it serves.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;
use chrono::NaiveTime;

use super::Params;
use crate::rules::{Source, Text};
use crate::time::format_time;

/// How a period is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Clock {
    /// 立即: due at the start (INTERP.ONTIME).
    Immediate,
    /// Continuous hours from the start instant (GZ 关键术语 13).
    ClockHours,
    /// Calendar days from the next day, ending at 24:00 (GZ 关键术语 14).
    CalendarDays,
    /// Working days of the official calendar from the next day, ending at 24:00.
    WorkingDays,
    /// Minutes counted only inside office hours on working days.
    WorkingMinutes,
    /// 24:00 the same day before a cut-off time, 24:00 the next day from it.
    SameDayCutoff,
    /// 24:00 of the start's day.
    DayEnd,
}

crate::key::keyed!(
    Clock,
    "clock",
    CLOCKS = [
        ("immediate", Clock::Immediate),
        ("clock_hours", Clock::ClockHours),
        ("calendar_days", Clock::CalendarDays),
        ("working_days", Clock::WorkingDays),
        ("working_minutes", Clock::WorkingMinutes),
        ("same_day_cutoff", Clock::SameDayCutoff),
        ("day_end", Clock::DayEnd),
    ]
);

/// Office hours `[open, close)` on working days, with an optional break inside them (a lunch
/// break: `08:00–12:00` and `14:00–18:00` is open 08:00, close 18:00, lunch 12:00–14:00).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OfficeHours {
    /// First counted instant of a working day.
    pub open: NaiveTime,
    /// The instant counting stops; a period reaching it exactly is due then.
    pub close: NaiveTime,
    /// `[from, to)` inside the hours when counting stops; a period reaching `from` exactly is
    /// due then.
    pub lunch: Option<(NaiveTime, NaiveTime)>,
}

impl OfficeHours {
    /// The working spans of a day, `[open, close)` each, in order.
    pub fn spans(&self) -> impl Iterator<Item = (NaiveTime, NaiveTime)> {
        let first = (self.open, self.lunch.map_or(self.close, |(from, _)| from));
        [Some(first), self.lunch.map(|(_, to)| (to, self.close))].into_iter().flatten()
    }

    /// As `08:00-20:00`, or `08:00-12:00, 14:00-18:00` with a lunch break.
    pub fn describe(&self) -> String {
        let spans: Vec<String> = self.spans().map(|(a, b)| format!("{}-{}", format_time(a), format_time(b))).collect();
        spans.join(", ")
    }
}

/// A period of one of the clocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// Due at the start.
    Immediate,
    /// So many continuous hours.
    ClockHours(u32),
    /// So many calendar days.
    CalendarDays(u32),
    /// So many working days.
    WorkingDays(u32),
    /// So many minutes inside office hours on working days.
    WorkingMinutes(u32, OfficeHours),
    /// Same day before the cut-off, next day from it.
    SameDayCutoff(NaiveTime),
    /// End of the start's day.
    DayEnd,
}

impl Period {
    /// The clock the period runs on.
    pub fn clock(&self) -> Clock {
        match self {
            Period::Immediate => Clock::Immediate,
            Period::ClockHours(_) => Clock::ClockHours,
            Period::CalendarDays(_) => Clock::CalendarDays,
            Period::WorkingDays(_) => Clock::WorkingDays,
            Period::WorkingMinutes(..) => Clock::WorkingMinutes,
            Period::SameDayCutoff(_) => Clock::SameDayCutoff,
            Period::DayEnd => Clock::DayEnd,
        }
    }

    /// The hours, days or minutes, for the clocks counting them.
    pub fn amount(&self) -> Option<u32> {
        match *self {
            Period::ClockHours(n) | Period::CalendarDays(n) | Period::WorkingDays(n) | Period::WorkingMinutes(n, _) => {
                Some(n)
            }
            _ => None,
        }
    }
}

/// Urban (城镇) or rural (农村) area, for rules whose periods differ.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Area {
    /// 城镇 (the default).
    #[default]
    Urban,
    /// 农村.
    Rural,
}

crate::key::keyed!(Area, "area", AREAS = [("urban", Area::Urban), ("rural", Area::Rural)]);

/// What a hotline ticket is about: the complaint and fault scripts of GZ 服务规范标准用语.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Incident {
    /// 投诉 (投诉受理应答语 5).
    Complaint,
    /// 障碍 (障碍受理应答语 3).
    Fault,
}

crate::key::keyed!(Incident, "incident", INCIDENTS = [("complaint", Incident::Complaint), ("fault", Incident::Fault)]);

/// The customer classes of the hotline scripts: 普通客户, 品牌客户 (含我的e家、商务领航), VIP客户.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CustomerClass {
    /// 普通客户.
    Ordinary,
    /// 品牌客户: the brand periods apply to the whole brand class (RULES.md section 4).
    Brand,
    /// VIP客户: a card-holding member of any tier.
    Vip,
}

crate::key::keyed!(
    CustomerClass,
    "class",
    CLASSES = [("ordinary", CustomerClass::Ordinary), ("brand", CustomerClass::Brand), ("vip", CustomerClass::Vip)]
);

/// A deadline rule of a rule pack (RULES.md section 4 in the built-in one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlaRule {
    /// Rule id.
    pub id: Text,
    /// Where the rule comes from.
    pub source: Source,
    /// The ticket kind and customer class it serves, for rules picked by class
    /// ([`Pack::rule_for`](super::Pack::rule_for)).
    pub serves: Option<(Incident, CustomerClass)>,
    /// Period in urban areas (and everywhere for rules without an area split).
    pub urban: Period,
    /// Period in rural areas.
    pub rural: Period,
}

impl SlaRule {
    /// The period in an area.
    pub fn period(&self, area: Area) -> Period {
        match area {
            Area::Urban => self.urban,
            Area::Rural => self.rural,
        }
    }

    /// Whether urban and rural periods differ.
    pub fn has_area(&self) -> bool {
        self.urban != self.rural
    }
}

impl Params for SlaRule {
    fn rule(&self) -> &str {
        &self.id
    }
    fn source(&self) -> &Source {
        &self.source
    }
    /// The clock, the amount (per area when they differ), and the office hours or cut-off.
    fn params(&self) -> Vec<(String, String)> {
        let s = |k: &str, v: &dyn ToString| (k.to_string(), v.to_string());
        let mut out = vec![s("clock", &self.urban.clock())];
        match (self.urban.amount(), self.rural.amount()) {
            (Some(u), Some(r)) if u != r => out.extend([s("urban", &u), s("rural", &r)]),
            (Some(n), _) => out.push(s("amount", &n)),
            _ => {}
        }
        match self.urban {
            Period::WorkingMinutes(_, office) => out.push(s("office_hours", &office.describe())),
            Period::SameDayCutoff(t) => out.push(s("cutoff", &format_time(t))),
            _ => {}
        }
        out
    }
}

/// The targets a ticket of one incident and customer class is measured against (SLA.TICKET).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketPolicy {
    /// Fault or complaint.
    pub incident: Incident,
    /// The customer class.
    pub class: CustomerClass,
    /// Deadline rules of the pack, in the order the work meets them.
    pub targets: Vec<Text>,
}

/// The ticket policies of a pack: incident and class → targets (SLA.TICKET).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketPolicies {
    /// Where the policies come from.
    pub source: Source,
    /// One per incident and class, in the pack's order.
    pub policies: Vec<TicketPolicy>,
}

impl TicketPolicies {
    /// The rule these are the parameters of.
    pub const RULE: &'static str = "SLA.TICKET";

    /// The policy of an incident and class, if the pack has one.
    pub fn policy(&self, incident: Incident, class: CustomerClass) -> Option<&TicketPolicy> {
        self.policies.iter().find(|p| p.incident == incident && p.class == class)
    }
}

impl Params for TicketPolicies {
    fn rule(&self) -> &str {
        Self::RULE
    }
    fn source(&self) -> &Source {
        &self.source
    }
    /// `fault/ordinary` → `SLA.FAULT.CONTACT, SLA.FAULT.ORDINARY`.
    fn params(&self) -> Vec<(String, String)> {
        self.policies
            .iter()
            .map(|p| {
                let targets: Vec<&str> = p.targets.iter().map(|t| t.as_ref()).collect();
                (format!("{}/{}", p.incident, p.class), targets.join(", "))
            })
            .collect()
    }
}
