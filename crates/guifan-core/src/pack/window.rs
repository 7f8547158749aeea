//! The windows of a pack: the Beijing wall-clock spans without calls and SMS (NOTIFY.WINDOW)
//! and without on-site visits (VISIT.WINDOW), per region, and the installation delay.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use chrono::NaiveTime;
use core::fmt;

use super::Params;
use crate::rules::{Source, Text};
use crate::time::format_time;
use crate::Error;

/// Where the customer is: a region key of the pack's windows. Xinjiang (新疆) and Tibet (西藏)
/// keep Beijing time, but the built-in pack blocks their notifications two hours later.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Region(pub Text);

impl Region {
    /// Everywhere without windows of its own.
    pub const DEFAULT: Region = Region(Cow::Borrowed("default"));
    /// 新疆.
    pub const XINJIANG: Region = Region(Cow::Borrowed("xinjiang"));
    /// 西藏.
    pub const TIBET: Region = Region(Cow::Borrowed("tibet"));
}

crate::key::text_key!(Region, "asking");

impl Default for Region {
    fn default() -> Self {
        Region::DEFAULT
    }
}

/// A span `[from, to)` of the Beijing wall clock, running past midnight when `to <= from`
/// (20:00–08:00). Half-open: blocked at 20:00:00, free again at 08:00:00.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// First instant inside.
    pub from: NaiveTime,
    /// First instant after.
    pub to: NaiveTime,
}

impl Span {
    /// Whether a wall-clock time falls inside.
    pub fn contains(&self, t: NaiveTime) -> bool {
        if self.from < self.to {
            self.from <= t && t < self.to
        } else {
            t >= self.from || t < self.to
        }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}–{}", format_time(self.from), format_time(self.to))
    }
}

/// The blocked spans of one region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionWindows {
    /// The region.
    pub region: Region,
    /// Spans in which nothing may happen; the loader refuses spans that overlap or fill the day.
    pub blocked: Vec<Span>,
}

/// Blocked spans per region, with the rule they come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Windows {
    /// Rule id (`NOTIFY.WINDOW`, `VISIT.WINDOW`).
    pub rule: Text,
    /// Where the windows come from.
    pub source: Source,
    /// Every region the pack knows; `default` among them.
    pub regions: Vec<RegionWindows>,
}

impl Windows {
    /// The blocked spans of a region, or `invalid_input` listing the regions the pack knows.
    pub fn blocked(&self, region: &Region) -> Result<&[Span], Error> {
        self.regions.iter().find(|r| r.region == *region).map(|r| r.blocked.as_ref()).ok_or_else(|| {
            let accepted: Vec<&str> = self.regions.iter().map(|r| r.region.as_str()).collect();
            Error::invalid("region", region.as_str(), format!("accepted: {}", accepted.join(", ")))
        })
    }

    /// Whether the pack names `region` in these windows.
    pub fn has(&self, region: &Region) -> bool {
        self.regions.iter().any(|r| r.region == *region)
    }

    /// The blocked spans of a region as text: `20:00–08:00, 12:00–14:00`.
    pub fn describe(&self, region: &Region) -> String {
        let spans: Vec<String> = self.blocked(region).unwrap_or_default().iter().map(|s| s.to_string()).collect();
        spans.join(", ")
    }
}

impl Params for Windows {
    fn rule(&self) -> &str {
        &self.rule
    }
    fn source(&self) -> &Source {
        &self.source
    }
    /// The blocked spans per region: `xinjiang` → `22:00–10:00, 14:00–16:00`.
    fn params(&self) -> Vec<(String, String)> {
        self.regions.iter().map(|r| (r.region.to_string(), self.describe(&r.region))).collect()
    }
}

/// On-site visits (VISIT.WINDOW): the hours visits may not happen, and how long after booking an
/// installation visit may come.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visit {
    /// The hours outside on-site service, per region (the built-in pack: 20:00–08:00).
    pub windows: Windows,
    /// An installation visit comes at least this many hours after the booking.
    pub install_after_hours: u32,
}

impl Params for Visit {
    fn rule(&self) -> &str {
        &self.windows.rule
    }
    fn source(&self) -> &Source {
        &self.windows.source
    }
    fn params(&self) -> Vec<(String, String)> {
        let mut out = self.windows.params();
        out.push(("install_after_hours".into(), self.install_after_hours.to_string()));
        out
    }
}
