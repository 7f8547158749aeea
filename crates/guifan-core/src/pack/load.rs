//! Reading a rule pack from JSON or TOML. Every problem is reported with its path, and a pack
//! with any problem is refused whole: half a pack would answer with rules nobody wrote.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use chrono::{NaiveDate, NaiveTime, Timelike};
use core::str::FromStr;
use rust_decimal::Decimal;
use serde_json::Value;

use super::{
    Arrears, Band, Benefits, Bound, Brand, BrandTable, Clock, CounterLimits, CustomerClass, CutoverNotice,
    DiamondBenefits, Dunning, Incident, Office, OfficeHours, Pack, PackInfo, PackageBasis, Period, Provisional,
    Punctuality, Rank, RankTable, Region, RegionWindows, SlaRule, Source, Span, Text, TicketPolicies, TicketPolicy,
    Tier, TierTable, Tiers, Visit, Windows,
};
use crate::json::{Check, Fields, Layout, Parsed};
use crate::{Error, Problem};

/// The pack's own checks, on the shared document check.
impl Check {
    fn text(&mut self, f: &mut Fields<'_>, name: &'static str) -> Option<Text> {
        self.name(f, name).map(|s| Cow::Owned(s.into()))
    }

    /// A rule id: unique in the whole pack, across tier tables, deadline rules and windows, so
    /// the catalogue and every result name one rule by it.
    fn id(&mut self, f: &mut Fields<'_>, name: &'static str) -> Option<Text> {
        let path = f.path(name);
        let id = self.text(f, name)?;
        self.claim("rule id", &id, &path).then_some(id)
    }

    fn opt_text(&mut self, f: &mut Fields<'_>, name: &'static str) -> Text {
        self.ok(f.opt_str(name)).flatten().map_or(Cow::Borrowed(""), |s| Cow::Owned(s.into()))
    }

    fn source(&mut self, f: &mut Fields<'_>) -> Option<Source> {
        let mut s = self.ok(f.object("source"))?;
        let source = Source {
            document: self.text(&mut s, "document")?,
            clause: self.text(&mut s, "clause")?,
            words: self.text(&mut s, "words")?,
            summary: self.opt_text(&mut s, "summary"),
        };
        self.done(s);
        Some(source)
    }

    /// A wall-clock time `HH:MM`.
    fn time(&mut self, f: &mut Fields<'_>, name: &'static str) -> Option<NaiveTime> {
        let path = f.path(name);
        let text = self.ok(f.str(name))?;
        let time = crate::time::parse_time(text);
        if time.is_none() {
            self.fail(path, text, "expected a time of day HH:MM, 00:00–23:59");
        }
        time
    }

    /// A whole, non-negative amount (hours, days, minutes).
    fn whole(&mut self, v: &Value, path: &str) -> Option<u32> {
        match v.as_i64() {
            Some(n) => self.ok(crate::money::count(path, n)),
            None => {
                self.fail(path, v.to_string(), "expected a whole number");
                None
            }
        }
    }

    /// A key of a fixed set, reported at `path`.
    fn key<T: FromStr<Err = Error>>(&mut self, text: &str, path: &str) -> Option<T> {
        self.ok(T::from_str(text).map_err(|e| e.at(path)))
    }

    /// `>= 1080`, `> 1080` (lower ends) or `< 2160`, `<= 2160` (upper ends).
    fn bound(&mut self, f: &mut Fields<'_>, name: &'static str, lower: bool) -> Option<Option<Bound>> {
        let path = f.path(name);
        let Some(text) = self.ok(f.opt_str(name))? else { return Some(None) };
        let ops: [(&str, bool); 2] = if lower { [(">=", true), (">", false)] } else { [("<=", true), ("<", false)] };
        let expected = if lower {
            "expected a lower end such as \">= 1080\" (included) or \"> 1080\" (excluded)"
        } else {
            "expected an upper end such as \"< 2160\" (excluded) or \"<= 2160\" (included)"
        };
        let found = ops.iter().find_map(|(op, inclusive)| text.strip_prefix(op).map(|rest| (rest.trim(), *inclusive)));
        let Some((amount, inclusive)) = found else {
            self.fail(path, text, expected);
            return None;
        };
        let value = self.ok(crate::money::parse_money(&path, amount))?;
        if value.is_sign_negative() && !value.is_zero() {
            self.push(Error::NegativeAmount { field: path, value: text.into() });
            return None;
        }
        Some(Some(Bound::new(value, inclusive)))
    }

    fn table(&mut self, v: &Value, path: &str) -> Option<TierTable> {
        let mut f = self.fields(v, path)?;
        let rule = self.id(&mut f, "rule");
        let source = self.source(&mut f);
        let mut bands = Vec::new();
        for (at, b) in self.ok(f.array("bands")).unwrap_or_default() {
            let Some(mut bf) = self.fields(b, &at) else { continue };
            let tier_path = bf.path("tier");
            let tier = self.ok(bf.key::<Tier>("tier"));
            if tier == Some(Tier::None) {
                self.fail(tier_path, "none", "a band gives silver, gold or diamond");
            }
            let min = self.bound(&mut bf, "min", true).and_then(|m| {
                m.or_else(|| {
                    self.fail(bf.path("min"), "missing", "every band needs a lower end");
                    None
                })
            });
            let max = self.bound(&mut bf, "max", false);
            self.done(bf);
            if let (Some(tier), Some(min), Some(max)) = (tier, min, max) {
                bands.push((at, Band { tier, min, max }));
            }
        }
        self.done(f);
        self.bands(path, &bands);
        let bands = bands.into_iter().map(|(_, b)| b).collect::<Vec<_>>();
        Some(TierTable::new(rule?, source?, bands))
    }

    /// Bands must rise in tier, meet without gap or overlap, and end open-ended.
    fn bands(&mut self, path: &str, bands: &[(String, Band)]) {
        if bands.is_empty() {
            self.fail(format!("{path}.bands"), "[]", "a table needs at least one band");
            return;
        }
        for (at, b) in bands {
            if let Some(max) = b.max {
                let (top, bottom) = (max.value(), b.min.value());
                if top < bottom || (top == bottom && !(max.inclusive() && b.min.inclusive())) {
                    self.fail(format!("{at}.max"), max.upper(), "an empty band: max must lie above min");
                }
            }
        }
        for pair in bands.windows(2) {
            let ((_, low), (at, high)) = (&pair[0], &pair[1]);
            if high.tier <= low.tier {
                self.fail(
                    format!("{at}.tier"),
                    high.tier.as_str(),
                    "tiers out of order: each band must give a higher tier",
                );
            }
            let Some(max) = low.max else {
                self.fail(format!("{}.max", pair[0].0), "missing", "only the top band may lack an upper end");
                continue;
            };
            let (a, b) = (max.value(), high.min.value());
            if a < b || (a == b && !max.inclusive() && !high.min.inclusive()) {
                self.fail(
                    format!("{at}.min"),
                    high.min.lower(),
                    &format!("a gap after {}: amounts between belong to no band", max.upper()),
                );
            } else if a > b || (max.inclusive() && high.min.inclusive()) {
                self.fail(
                    format!("{at}.min"),
                    high.min.lower(),
                    &format!("overlaps the band below, which ends {}", max.upper()),
                );
            }
        }
        if let Some((at, top)) = bands.last() {
            if let Some(max) = top.max {
                self.fail(format!("{at}.max"), max.upper(), "the top band has no upper end");
            }
        }
    }

    fn tiers(&mut self, v: &Value, path: &str, base: Option<&Pack>) -> Option<Tiers> {
        let mut f = self.fields(v, path)?;
        if base.is_some() {
            self.left_out(v, path, &[("package", PackageBasis::RULE)]);
        }
        let mut personal = Vec::new();
        for (at, brand, t) in self.named(&mut f, "personal") {
            if let Some(table) = self.table(t, &at) {
                personal.push(BrandTable { brand: Brand(Cow::Owned(brand.into())), table });
            }
        }
        let enterprise = match f.get("enterprise") {
            Some(t) => self.table(t, &f.path("enterprise")),
            None => {
                self.ok(Err(Error::invalid(f.path("enterprise"), "missing", "required: the enterprise revenue table")))
            }
        };
        let government = self.ok(f.object("government")).and_then(|mut g| {
            let rule = self.id(&mut g, "rule");
            let source = self.source(&mut g);
            let mut ranks = Vec::new();
            for (at, rank, t) in self.named(&mut g, "ranks") {
                if rank == "none" {
                    self.fail(at.clone(), rank, "`none` is the rank without a card; it takes no tier");
                }
                match t.as_str() {
                    Some(text) => ranks.extend(self.key::<Tier>(text, &at).map(|t| (Rank(Cow::Owned(rank.into())), t))),
                    None => self.fail(at, t.to_string(), "expected a tier name"),
                }
            }
            self.done(g);
            Some(RankTable { rule: rule?, source: source?, ranks })
        });
        let provisional = self.ok(f.object("provisional")).and_then(|mut p| {
            let rule = self.id(&mut p, "rule");
            let source = self.source(&mut p);
            let at = p.path("min_monthly_fee");
            let fee = self.ok(p.money("min_monthly_fee").and_then(|fee| crate::money::non_negative(&at, fee)));
            self.done(p);
            Some(Provisional { rule: rule?, source: source?, min_monthly_fee: fee? })
        });
        let package = self.optional(&mut f, "package", base.map(|b| &b.tiers.package), |c, p| {
            let source = c.fixed(p, PackageBasis::RULE);
            let months = c.number(p, "months", 1);
            let by = c.month_day(p, "subscribed_by");
            Some(PackageBasis { source: source?, months: months?, subscribed_by: by? })
        });
        self.done(f);
        if personal.is_empty() {
            self.fail(format!("{path}.personal"), "{}", "at least one personal brand table");
        }
        Some(Tiers {
            personal,
            enterprise: enterprise?,
            government: government?,
            provisional: provisional?,
            package: package?,
        })
    }

    fn rule(&mut self, v: &Value, at: &str, office: Option<OfficeHours>) -> Option<SlaRule> {
        let mut f = self.fields(v, at)?;
        let id = self.id(&mut f, "id");
        let source = self.source(&mut f);
        let clock = self.ok(f.key::<Clock>("clock"));
        let serves = match (self.ok(f.opt_key::<Incident>("incident")), self.ok(f.opt_key::<CustomerClass>("class"))) {
            (Some(Some(i)), Some(Some(c))) => Some(Some((i, c))),
            (Some(None), Some(None)) => Some(None),
            (Some(i), Some(_)) => {
                let (field, given) = if i.is_some() { ("class", "incident") } else { ("incident", "class") };
                self.fail(f.path(field), "missing", &format!("{given} and class go together"));
                None
            }
            _ => None,
        };
        let cutoff_given = f.get("cutoff").is_some();
        let amounts = self.amounts(&mut f, clock);
        let cutoff = if clock == Some(Clock::SameDayCutoff) { self.time(&mut f, "cutoff") } else { None };
        if cutoff_given && clock != Some(Clock::SameDayCutoff) {
            self.fail(f.path("cutoff"), "given", "only a same_day_cutoff clock has a cutoff");
        }
        self.done(f);
        let period = |n: Option<u32>| -> Option<Period> {
            Some(match clock? {
                Clock::Immediate => Period::Immediate,
                Clock::ClockHours => Period::ClockHours(n?),
                Clock::CalendarDays => Period::CalendarDays(n?),
                Clock::WorkingDays => Period::WorkingDays(n?),
                Clock::WorkingMinutes => Period::WorkingMinutes(n?, office?),
                Clock::SameDayCutoff => Period::SameDayCutoff(cutoff?),
                Clock::DayEnd => Period::DayEnd,
            })
        };
        let (urban, rural) = amounts?;
        Some(SlaRule { id: id?, source: source?, serves: serves?, urban: period(urban)?, rural: period(rural)? })
    }

    /// The amount of a rule: one number, or `{"urban": n, "rural": m}`; none for the clocks
    /// without one.
    fn amounts(&mut self, f: &mut Fields<'_>, clock: Option<Clock>) -> Option<(Option<u32>, Option<u32>)> {
        let path = f.path("amount");
        let needs =
            matches!(clock, Some(Clock::ClockHours | Clock::CalendarDays | Clock::WorkingDays | Clock::WorkingMinutes));
        match (f.get("amount"), needs) {
            (None, true) => {
                self.fail(path, "missing", "required for this clock: hours, days or minutes");
                None
            }
            (None, false) => Some((None, None)),
            (Some(_), false) => {
                if clock.is_some() {
                    self.fail(path, "given", "this clock takes no amount");
                }
                None
            }
            (Some(v @ Value::Object(_)), true) => {
                let mut per = self.fields(v, &path)?;
                let mut area = |name: &'static str| {
                    let at = per.path(name);
                    match per.get(name) {
                        Some(v) => self.whole(v, &at),
                        None => {
                            self.fail(at, "missing", "both urban and rural are required");
                            None
                        }
                    }
                };
                let (urban, rural) = (area("urban"), area("rural"));
                self.done(per);
                Some((Some(urban?), Some(rural?)))
            }
            (Some(v), true) => self.whole(v, &path).map(|n| (Some(n), Some(n))),
        }
    }

    fn spans(&mut self, v: &Value, at: &str) -> Vec<Span> {
        let Some(items) = v.as_array() else {
            self.fail(at, v.to_string(), "expected an array of spans {\"from\": \"20:00\", \"to\": \"08:00\"}");
            return Vec::new();
        };
        let mut spans = Vec::new();
        for (i, s) in items.iter().enumerate() {
            let path = format!("{at}[{i}]");
            let Some(mut sf) = self.fields(s, &path) else { continue };
            let (from, to) = (self.time(&mut sf, "from"), self.time(&mut sf, "to"));
            self.done(sf);
            let (Some(from), Some(to)) = (from, to) else { continue };
            if from == to {
                self.fail(
                    format!("{path}.to"),
                    crate::time::format_time(to),
                    "a span crosses itself: from and to are the same time",
                );
                continue;
            }
            let span = Span { from, to };
            if let Some(other) = spans.iter().find(|o| overlap(o, &span)) {
                self.fail(path, span.to_string(), &format!("overlaps the span {other} of the same region"));
                continue;
            }
            spans.push(span);
        }
        let covered: u32 = spans.iter().map(|s| minutes(s).iter().map(|(a, b)| b - a).sum::<u32>()).sum();
        if covered >= 24 * 60 {
            self.fail(at, "24 h", "the spans leave no free time in the day");
        }
        spans
    }

    fn windows(&mut self, f: &mut Fields<'_>) -> Option<Windows> {
        let rule = self.id(f, "rule");
        let source = self.source(f);
        let blocked_path = f.path("blocked");
        let mut regions = Vec::new();
        for (at, region, spans) in self.named(f, "blocked") {
            let blocked = self.spans(spans, &at);
            regions.push(RegionWindows { region: Region(Cow::Owned(region.into())), blocked });
        }
        if !regions.iter().any(|r| r.region == Region::DEFAULT) {
            self.fail(blocked_path, "no default", "needs the region `default`, used when none is given");
        }
        Some(Windows { rule: rule?, source: source?, regions })
    }

    /// A block that parameterises one fixed rule: its `rule` must be that rule (claimed for the
    /// pack), and its source is read.
    fn fixed(&mut self, f: &mut Fields<'_>, rule: &'static str) -> Option<Source> {
        let path = f.path("rule");
        if let Some(id) = self.text(f, "rule") {
            if id != rule {
                self.fail(path, id.as_ref(), &format!("this block holds the parameters of {rule}"));
            } else {
                self.claim("rule id", rule, &path);
            }
        }
        self.source(f)
    }

    /// A block a pack may leave out: read when given; left out, the base pack's (the built-in
    /// one's), or a problem when there is no base (reading the built-in pack itself).
    fn optional<T: Clone>(
        &mut self,
        f: &mut Fields<'_>,
        name: &'static str,
        base: Option<&T>,
        read: impl FnOnce(&mut Self, &mut Fields<'_>) -> Option<T>,
    ) -> Option<T> {
        let path = f.path(name);
        match (self.ok(f.opt_object(name))?, base) {
            (Some(mut fields), _) => {
                let block = read(self, &mut fields);
                self.done(fields);
                block
            }
            (None, Some(base)) => Some(base.clone()),
            (None, None) => {
                self.fail(path, "missing", "required in the built-in pack");
                None
            }
        }
    }

    /// The rule ids of the blocks `object` leaves out to the built-in pack, claimed before any
    /// other: they are the pack's rules too, so another block reusing one is the one refused.
    fn left_out(&mut self, object: &Value, path: &str, blocks: &[(&str, &'static str)]) {
        for (name, rule) in blocks {
            if object.get(name).is_none_or(Value::is_null) {
                let at = crate::json::child(path, name);
                self.claim("rule id", rule, &format!("{at} (left out: the built-in pack's)"));
            }
        }
    }

    /// A required whole number, at least `min`.
    fn number(&mut self, f: &mut Fields<'_>, name: &'static str, min: u32) -> Option<u32> {
        let at = f.path(name);
        let Some(v) = f.get(name) else {
            self.fail(at, "missing", "required: a whole number");
            return None;
        };
        let n = self.whole(v, &at)?;
        if n < min {
            self.fail(at, n.to_string(), &format!("at least {min}"));
            return None;
        }
        Some(n)
    }

    /// A required amount of CNY, not negative.
    fn amount(&mut self, f: &mut Fields<'_>, name: &'static str) -> Option<Decimal> {
        let at = f.path(name);
        self.ok(f.money(name).and_then(|v| crate::money::non_negative(&at, v)))
    }

    /// A day of every year as `MM-DD` (`06-30`): month and day.
    fn month_day(&mut self, f: &mut Fields<'_>, name: &'static str) -> Option<(u32, u32)> {
        let path = f.path(name);
        let text = self.ok(f.str(name))?;
        let two = |s: &str| (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok())?;
        // 2001 is no leap year: 02-29 is not a day of every year.
        let day = text
            .split_once('-')
            .and_then(|(m, d)| Some((two(m)?, two(d)?)))
            .filter(|&(m, d)| NaiveDate::from_ymd_opt(2001, m, d).is_some());
        if day.is_none() {
            self.fail(path, text, "expected a day every year has, as MM-DD (06-30)");
        }
        day
    }

    /// A block of whole numbers for one fixed rule: its source and each number by name, at
    /// least its minimum.
    fn counts<const N: usize>(
        &mut self,
        f: &mut Fields<'_>,
        rule: &'static str,
        names: [(&'static str, u32); N],
    ) -> Option<(Source, [u32; N])> {
        let source = self.fixed(f, rule);
        let mut counts = [0; N];
        let mut all = true;
        for (slot, (name, min)) in counts.iter_mut().zip(names) {
            match self.number(f, name, min) {
                Some(n) => *slot = n,
                None => all = false,
            }
        }
        Some((source?, all.then_some(counts)?))
    }

    fn arrears(&mut self, f: &mut Fields<'_>) -> Option<Arrears> {
        let (source, [months]) = self.counts(f, Arrears::RULE, [("months", 1)])?;
        Some(Arrears { source, months })
    }

    fn cutover(&mut self, f: &mut Fields<'_>) -> Option<CutoverNotice> {
        let names = [("max_notice_only_hours", 0), ("notice_hours", 0)];
        let (source, [max_notice_only_hours, notice_hours]) = self.counts(f, CutoverNotice::RULE, names)?;
        Some(CutoverNotice { source, max_notice_only_hours, notice_hours })
    }

    fn counter(&mut self, f: &mut Fields<'_>) -> Option<CounterLimits> {
        let names = [
            ("nat_single_item", 0),
            ("nat_wait", 0),
            ("cu_wait", 0),
            ("cu_single_item", 0),
            ("cu_vip_wait", 0),
            ("cu_appointment_wait", 0),
        ];
        let (source, [nat_single_item, nat_wait, cu_wait, cu_single_item, cu_vip_wait, cu_appointment_wait]) =
            self.counts(f, CounterLimits::RULE, names)?;
        Some(CounterLimits {
            source,
            nat_single_item,
            nat_wait,
            cu_wait,
            cu_single_item,
            cu_vip_wait,
            cu_appointment_wait,
        })
    }

    fn punctuality(&mut self, f: &mut Fields<'_>) -> Option<Punctuality> {
        let names = [("tolerance_minutes", 0), ("misses_for_breach", 1)];
        let (source, [tolerance_minutes, misses_for_breach]) = self.counts(f, Punctuality::RULE, names)?;
        Some(Punctuality { source, tolerance_minutes, misses_for_breach })
    }

    fn dunning(&mut self, f: &mut Fields<'_>) -> Option<Dunning> {
        let (source, [voice_from_arrears]) = self.counts(f, Dunning::RULE, [("voice_from_arrears", 1)])?;
        Some(Dunning { source, voice_from_arrears })
    }

    fn benefits(&mut self, f: &mut Fields<'_>) -> Option<Benefits> {
        let mut d = self.ok(f.object("diamond"))?;
        let source = self.fixed(&mut d, DiamondBenefits::RULE);
        let cap = self.amount(&mut d, "credit_uplift_cap");
        let onsite = self.amount(&mut d, "onsite_payment_from");
        let small = self.amount(&mut d, "small_balance_max");
        let reopenings = self.number(&mut d, "reopenings_per_month", 0);
        self.done(d);
        Some(Benefits {
            diamond: DiamondBenefits {
                source: source?,
                credit_uplift_cap: cap?,
                onsite_payment_from: onsite?,
                small_balance_max: small?,
                reopenings_per_month: reopenings?,
            },
        })
    }

    /// The whole pack; the blocks it leaves out are `base`'s (none when reading the built-in
    /// pack, which has them all).
    fn pack(&mut self, doc: &Value, base: Option<&Pack>) -> Option<Pack> {
        if !doc.is_object() {
            self.fail("pack", doc.to_string(), "expected an object: the pack document");
            return None;
        }
        let mut f = self.fields(doc, "")?;
        if base.is_some() {
            self.left_out(doc, "", &LEFT_OUT);
        }
        let info = PackInfo {
            name: self.text(&mut f, "name").unwrap_or_default(),
            version: self.text(&mut f, "version").unwrap_or_default(),
            effective_from: self.ok(f.opt_date("effective_from")).flatten(),
            description: self.opt_text(&mut f, "description"),
        };
        let tiers = match f.get("tiers") {
            Some(t) => self.tiers(t, "tiers", base),
            None => self.ok(Err(Error::invalid("tiers", "missing", "required: the tier tables"))),
        };
        let office = self.ok(f.object("office_hours")).and_then(|mut o| {
            let hours = self.office_hours(&mut o);
            let mut regions = Vec::new();
            if o.get("regions").is_some() {
                for (at, name, v) in self.named(&mut o, "regions") {
                    let Some(mut h) = self.fields(v, &at) else { continue };
                    if let Some(hours) = self.office_hours(&mut h) {
                        regions.push((Region(Cow::Owned(name.into())), hours));
                    }
                    self.done(h);
                }
            }
            let source = self.source(&mut o);
            self.done(o);
            Some(Office { hours: hours?, regions, source: source? })
        });
        let mut sla: Vec<SlaRule> = Vec::new();
        for (at, r) in self.ok(f.array("sla")).unwrap_or_default() {
            let Some(rule) = self.rule(r, &at, office.as_ref().map(|o| o.hours)) else { continue };
            if let Some(other) = rule.serves.and_then(|s| sla.iter().find(|o| o.serves == Some(s))) {
                self.fail(
                    format!("{at}.class"),
                    rule.id.to_string(),
                    &format!("{} already serves this incident and class", other.id),
                );
            } else {
                sla.push(rule);
            }
        }
        let notify = self.ok(f.object("notify")).and_then(|mut n| {
            let w = self.windows(&mut n);
            self.done(n);
            w
        });
        let visit = self.ok(f.object("visit")).and_then(|mut v| {
            let windows = self.windows(&mut v);
            let at = v.path("install_after_hours");
            let after = match v.get("install_after_hours") {
                Some(n) => self.whole(n, &at),
                None => {
                    self.ok(Err(Error::invalid(at, "missing", "required: hours from booking to the earliest visit")))
                }
            };
            self.done(v);
            Some(Visit { windows: windows?, install_after_hours: after? })
        });
        let arrears = self.optional(&mut f, "arrears", base.map(|b| &b.arrears), Self::arrears);
        let cutover = self.optional(&mut f, "cutover", base.map(|b| &b.cutover), Self::cutover);
        let counter = self.optional(&mut f, "counter", base.map(|b| &b.counter), Self::counter);
        let punctuality = self.optional(&mut f, "punctuality", base.map(|b| &b.punctuality), Self::punctuality);
        let dunning = self.optional(&mut f, "dunning", base.map(|b| &b.dunning), Self::dunning);
        let benefits = self.optional(&mut f, "benefits", base.map(|b| &b.benefits), Self::benefits);
        // Targets name the rules as the document declares them: a rule refused for another
        // problem is reported once, where it is.
        let declared: Vec<&str> = doc
            .get("sla")
            .and_then(Value::as_array)
            .map(|rules| rules.iter().filter_map(|r| r.get("id")?.as_str()).collect())
            .unwrap_or_default();
        let tickets = self.optional(&mut f, "tickets", base.map(|b| &b.tickets), |c, t| c.tickets(t, &declared));
        self.done(f);
        Some(Pack {
            info,
            tiers: tiers?,
            sla,
            office_hours: office?,
            notify: notify?,
            visit: visit?,
            arrears: arrears?,
            cutover: cutover?,
            counter: counter?,
            punctuality: punctuality?,
            dunning: dunning?,
            benefits: benefits?,
            tickets: tickets?,
        })
    }

    /// Office hours `open`, `close` and an optional `lunch` inside them.
    fn office_hours(&mut self, o: &mut Fields<'_>) -> Option<OfficeHours> {
        let (open, close) = (self.time(o, "open"), self.time(o, "close"));
        if let (Some(open), Some(close)) = (open, close) {
            if open >= close {
                self.fail(
                    o.path("close"),
                    crate::time::format_time(close),
                    "office hours must close after they open, the same day",
                );
            }
        }
        let lunch = match self.ok(o.opt_object("lunch")) {
            Some(Some(mut l)) => {
                let (from, to) = (self.time(&mut l, "from"), self.time(&mut l, "to"));
                if let (Some(open), Some(close), Some(from), Some(to)) = (open, close, from, to) {
                    if !(open < from && from < to && to < close) {
                        self.fail(
                            l.path("to"),
                            crate::time::format_time(to),
                            "a lunch break lies inside the office hours: open < from < to < close",
                        );
                    }
                }
                self.done(l);
                Some(from.zip(to))
            }
            Some(None) => Some(None),
            None => None,
        };
        Some(OfficeHours { open: open?, close: close?, lunch: lunch? })
    }

    /// The ticket policies (SLA.TICKET): each incident and class once, with targets that are
    /// deadline rules of this pack, none twice.
    fn tickets(&mut self, f: &mut Fields<'_>, sla: &[&str]) -> Option<TicketPolicies> {
        let source = self.fixed(f, TicketPolicies::RULE);
        let mut policies: Vec<TicketPolicy> = Vec::new();
        let mut seen: Vec<(Incident, CustomerClass)> = Vec::new();
        for (at, p) in self.ok(f.array("policies")).unwrap_or_default() {
            let Some(mut pf) = self.fields(p, &at) else { continue };
            let incident = self.ok(pf.key::<Incident>("incident"));
            let class = self.ok(pf.key::<CustomerClass>("class"));
            let mut targets: Vec<Text> = Vec::new();
            let list = self.ok(pf.array("targets"));
            if list.as_ref().is_some_and(Vec::is_empty) {
                self.fail(pf.path("targets"), "[]", "at least one deadline rule of the pack");
            }
            let list = list.unwrap_or_default();
            let mut ok = !list.is_empty();
            for (t_at, t) in list {
                match t.as_str() {
                    Some(id) if targets.iter().any(|x| x == id) => {
                        self.fail(t_at, id, "given twice");
                        ok = false;
                    }
                    Some(id) if sla.contains(&id) => targets.push(Cow::Owned(id.into())),
                    Some(id) => {
                        self.fail(t_at, id, &format!("not a deadline rule of this pack ({})", sla.join(", ")));
                        ok = false;
                    }
                    None => {
                        self.fail(t_at, t.to_string(), "expected a deadline rule id");
                        ok = false;
                    }
                }
            }
            self.done(pf);
            let (Some(incident), Some(class)) = (incident, class) else { continue };
            if seen.contains(&(incident, class)) {
                self.fail(format!("{at}.class"), class.as_str(), &format!("{incident}/{class} has a policy already"));
                continue;
            }
            seen.push((incident, class));
            if ok {
                policies.push(TicketPolicy { incident, class, targets });
            }
        }
        Some(TicketPolicies { source: source?, policies })
    }
}

/// The top-level blocks a pack may leave out, with the rule each defines.
const LEFT_OUT: [(&str, &str); 7] = [
    ("arrears", Arrears::RULE),
    ("cutover", CutoverNotice::RULE),
    ("counter", CounterLimits::RULE),
    ("punctuality", Punctuality::RULE),
    ("dunning", Dunning::RULE),
    ("benefits", DiamondBenefits::RULE),
    ("tickets", TicketPolicies::RULE),
];

/// A span as minute intervals of one day, split at midnight.
fn minutes(s: &Span) -> Vec<(u32, u32)> {
    let m = |t: NaiveTime| t.hour() * 60 + t.minute();
    let (a, b) = (m(s.from), m(s.to));
    if a < b {
        alloc::vec![(a, b)]
    } else {
        alloc::vec![(a, 24 * 60), (0, b)]
    }
}

fn overlap(x: &Span, y: &Span) -> bool {
    minutes(x).iter().any(|(a, b)| minutes(y).iter().any(|(c, d)| a < d && c < b))
}

/// A pack file's document, unchecked but for keys given twice: JSON text (starting with `{`) or
/// TOML text read into the same JSON value, so a TOML pack can be handed on as JSON
/// (`guifan pack --json`).
pub fn document(text: &str) -> Result<Value, Error> {
    let parsed = parse(text)?;
    Check::new("pack", parsed.layout)
        .into_result(Some(parsed.value))
        .map_err(|problems| Error::InvalidPack { problems })
}

fn parse(text: &str) -> Result<Parsed, Error> {
    if text.trim_start().starts_with('{') {
        return json_document(text);
    }
    #[cfg(feature = "toml")]
    return toml_document(text);
    #[cfg(not(feature = "toml"))]
    Err(unreadable(
        "TOML",
        "this build reads packs written as JSON; convert a TOML pack with `guifan pack --json FILE`",
    ))
}

fn unreadable(form: &str, message: impl Into<String>) -> Error {
    Error::InvalidPack {
        problems: alloc::vec![Problem { field: "pack".into(), value: form.into(), message: message.into() }],
    }
}

fn json_document(text: &str) -> Result<Parsed, Error> {
    crate::json::parse(text.as_bytes()).map_err(|e| unreadable("JSON", format!("the pack is not valid JSON: {e}")))
}

/// TOML refuses a key given twice itself, so there are no duplicates to report.
#[cfg(feature = "toml")]
fn toml_document(text: &str) -> Result<Parsed, Error> {
    let mut value: Value =
        toml::from_str(text).map_err(|e| unreadable("TOML", format!("the pack is not valid TOML: {e}")))?;
    toml_dates(&mut value);
    Ok(Parsed { value, layout: Layout::default() })
}

/// Validates a document whose repeated keys (from JSON text) are already known: every problem,
/// those included, is reported. The blocks it leaves out are the built-in pack's.
fn checked(doc: &Value, layout: Layout) -> Result<Pack, Error> {
    read(doc, layout, Some(Pack::builtin()))
}

fn read(doc: &Value, layout: Layout, base: Option<&Pack>) -> Result<Pack, Error> {
    let mut check = Check::new("pack", layout);
    let pack = check.pack(doc, base);
    check.into_result(pack).map_err(|problems| Error::InvalidPack { problems })
}

/// The built-in pack from its document, which carries every block (the tests read it without
/// problems, so it cannot fail).
pub(super) fn builtin(text: &str) -> Pack {
    let doc = json_document(text).and_then(|parsed| read(&parsed.value, parsed.layout, None));
    let mut pack = doc.unwrap_or_else(|e| panic!("the built-in pack: {e}"));
    pin_names(&mut pack);
    pack
}

/// Results are owned and name their rule and pack; on the built-in pack (read once, kept for
/// the life of the process) those names are made `'static`, so a result borrows them instead of
/// copying them, and rating a tier allocates nothing.
fn pin_names(pack: &mut Pack) {
    fn pin(text: &mut Text) {
        if let Cow::Owned(s) = text {
            *text = Cow::Borrowed(alloc::boxed::Box::leak(core::mem::take(s).into_boxed_str()));
        }
    }
    pin(&mut pack.info.name);
    pin(&mut pack.info.version);
    let tiers = &mut pack.tiers;
    tiers.personal.iter_mut().for_each(|t| pin(&mut t.table.rule));
    pin(&mut tiers.enterprise.rule);
    pin(&mut tiers.government.rule);
    pin(&mut tiers.provisional.rule);
    pack.sla.iter_mut().for_each(|r| pin(&mut r.id));
    pin(&mut pack.notify.rule);
}

/// TOML dates arrive as a private one-key table; the pack format writes dates as strings.
#[cfg(feature = "toml")]
fn toml_dates(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if map.len() == 1 {
                if let Some(Value::String(s)) = map.get("$__toml_private_datetime") {
                    *v = Value::String(s.clone());
                    return;
                }
            }
            map.values_mut().for_each(toml_dates);
        }
        Value::Array(items) => items.iter_mut().for_each(toml_dates),
        _ => {}
    }
}

impl Pack {
    /// Reads and validates a pack document.
    ///
    /// ```
    /// use guifan_core::pack::{Pack, BUILTIN_JSON};
    /// let mut doc: serde_json::Value = serde_json::from_str(BUILTIN_JSON).unwrap();
    /// doc["tiers"]["personal"]["e_home"]["bands"][1]["min"] = ">= 2000".into();
    /// let err = Pack::from_value(&doc).unwrap_err();
    /// assert_eq!(err.field(), Some("tiers.personal.e_home.bands[1].min"));
    /// ```
    pub fn from_value(doc: &Value) -> Result<Pack, Error> {
        checked(doc, Layout::default())
    }

    /// Reads and validates a pack from JSON text.
    pub fn from_json(text: &str) -> Result<Pack, Error> {
        let parsed = json_document(text)?;
        checked(&parsed.value, parsed.layout)
    }

    /// Reads and validates a pack from JSON text (starting with `{`) or TOML text (anything
    /// else): what a pack file holds, whichever form it was written in.
    pub fn from_text(text: &str) -> Result<Pack, Error> {
        let parsed = parse(text)?;
        checked(&parsed.value, parsed.layout)
    }

    /// Reads and validates a pack from TOML text (the same document as the JSON form).
    #[cfg(feature = "toml")]
    #[cfg_attr(docsrs, doc(cfg(feature = "toml")))]
    pub fn from_toml(text: &str) -> Result<Pack, Error> {
        let parsed = toml_document(text)?;
        checked(&parsed.value, parsed.layout)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::BUILTIN_JSON;

    fn builtin_doc() -> Value {
        serde_json::from_str(BUILTIN_JSON).unwrap()
    }

    fn problems(doc: &Value) -> Vec<(String, String)> {
        let err = Pack::from_value(doc).unwrap_err();
        assert_eq!(err.kind(), "invalid_input");
        err.problems().iter().map(|p| (p.field.clone(), p.value.clone())).collect()
    }

    #[test]
    fn the_built_in_pack_is_read_by_the_public_loader_without_problems() {
        // From the text, whose order the pack keeps (a `Value` sorts its keys).
        let parsed = crate::json::parse(BUILTIN_JSON.as_bytes()).unwrap();
        let read = read(&parsed.value, parsed.layout, None);
        assert_eq!(read.as_ref(), Ok(Pack::builtin()));
        assert_eq!(&Pack::from_json(BUILTIN_JSON).unwrap(), Pack::builtin());
        assert_eq!(&Pack::from_text(BUILTIN_JSON).unwrap(), Pack::builtin());
    }

    const OPTIONAL: [&str; 6] = ["arrears", "cutover", "counter", "punctuality", "dunning", "benefits"];

    #[test]
    fn left_out_blocks_are_the_built_in_packs() {
        let mut doc = builtin_doc();
        doc["tiers"].as_object_mut().unwrap().remove("package");
        for block in OPTIONAL {
            doc.as_object_mut().unwrap().remove(block);
        }
        doc["tiers"]["provisional"]["min_monthly_fee"] = "60".into();
        let pack = Pack::from_value(&doc).unwrap();
        assert_eq!(pack.tiers.package, Pack::builtin().tiers.package);
        assert_eq!(
            (&pack.arrears, &pack.cutover, &pack.dunning),
            (&Pack::builtin().arrears, &Pack::builtin().cutover, &Pack::builtin().dunning)
        );
        assert_eq!(pack.benefits, Pack::builtin().benefits);
        assert_eq!(pack.tiers.provisional.min_monthly_fee, Decimal::from(60));
        // The built-in pack itself has nothing to fall back on.
        let err = read(&doc, Layout::default(), None).unwrap_err();
        let fields: Vec<&str> = err.problems().iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["tiers.package", "arrears", "cutover", "counter", "punctuality", "dunning", "benefits"]);
        // A rule id stays one rule's even when its block is the built-in pack's.
        doc["sla"][8]["id"] = "SLA.CUTOVER".into();
        let err = Pack::from_value(&doc).unwrap_err();
        assert_eq!((err.field(), err.value().as_deref()), (Some("sla[8].id"), Some("SLA.CUTOVER")));
        assert!(err.to_string().contains("also at cutover (left out: the built-in pack's)"), "{err}");
        doc["tiers"]["enterprise"]["rule"] = "TIER.PACKAGE".into();
        assert_eq!(Pack::from_value(&doc).unwrap_err().field(), Some("tiers.enterprise.rule"));
    }

    #[test]
    fn limits_are_checked_like_the_rest() {
        let mut doc = builtin_doc();
        doc["tiers"]["package"]["subscribed_by"] = "02-29".into();
        doc["tiers"]["package"]["months"] = 0.into();
        doc["arrears"]["rule"] = "STATUS.CANCEL.DEBT".into();
        doc["arrears"]["months"] = "3".into();
        doc["cutover"]["notice_hours"] = (-72).into();
        doc["counter"].as_object_mut().unwrap().remove("cu_vip_wait");
        doc["punctuality"]["misses_for_breach"] = 0.into();
        doc["dunning"]["voice_from"] = 2.into();
        doc["benefits"]["diamond"]["small_balance_max"] = "-20".into();
        doc["benefits"]["gold"] = serde_json::json!({});
        let got = problems(&doc);
        let fields: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            [
                "tiers.package.months",
                "tiers.package.subscribed_by",
                "arrears.rule",
                "arrears.months",
                "cutover.notice_hours",
                "counter.cu_vip_wait",
                "punctuality.misses_for_breach",
                "dunning.voice_from",
                "benefits.diamond.small_balance_max",
                "benefits.gold",
            ]
        );
        let values: Vec<&str> = got.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(values[..5], ["0", "02-29", "STATUS.CANCEL.DEBT", "\"3\"", "-72"]);
        let mut doc = builtin_doc();
        doc["benefits"] = serde_json::json!({});
        doc["dunning"] = "2".into();
        assert_eq!(problems(&doc), [("dunning".into(), "2".into()), ("benefits.diamond".into(), "missing".into())]);
        // 12-31 and 01-01 are days of every year; 13-01, 6-30 and 06-31 are not.
        for (by, ok) in
            [("12-31", true), ("01-01", true), ("13-01", false), ("6-30", false), ("06-31", false), ("+6-30", false)]
        {
            let mut doc = builtin_doc();
            doc["tiers"]["package"]["subscribed_by"] = by.into();
            assert_eq!(Pack::from_value(&doc).is_ok(), ok, "{by}");
        }
    }

    #[test]
    fn tier_tables_with_gaps_overlaps_and_disorder() {
        let mut doc = builtin_doc();
        let bands = &mut doc["tiers"]["personal"]["e_home"]["bands"];
        bands[1]["min"] = ">= 2200".into(); // gap after < 2160
        bands[2]["min"] = ">= 3000".into(); // overlaps gold, which ends < 3360
        let tianyi = &mut doc["tiers"]["personal"]["tianyi"]["bands"];
        tianyi[0]["tier"] = "gold".into(); // gold, gold, diamond
        tianyi[1]["min"] = "> 2160".into(); // and 2160 belongs to neither band
        doc["tiers"]["enterprise"]["bands"][2]["max"] = "< 900000".into();
        let got = problems(&doc);
        let fields: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            [
                "tiers.personal.e_home.bands[1].min",
                "tiers.personal.e_home.bands[2].min",
                "tiers.personal.tianyi.bands[1].tier",
                "tiers.personal.tianyi.bands[1].min",
                "tiers.enterprise.bands[2].max",
            ]
        );
        assert_eq!(got[0].1, ">= 2200");
    }

    #[test]
    fn sla_rules_windows_and_office_hours() {
        let mut doc = builtin_doc();
        doc["sla"][0]["clock"] = "fortnights".into();
        doc["sla"][1]["amount"] = (-2).into();
        doc["sla"][2]["amount"] = 3.into(); // immediate takes no amount
        doc["sla"][3]["class"] = "gold_member".into();
        doc["sla"][4]["id"] = "SLA.FAULT.ORDINARY".into();
        doc["sla"][6]["cutoff"] = "16:60".into();
        doc["office_hours"]["close"] = "07:00".into();
        doc["notify"]["blocked"]["tibet"] = serde_json::json!([{"from": "22:00", "to": "22:00"}]);
        doc["notify"]["blocked"]["xinjiang"] =
            serde_json::json!([{"from": "20:00", "to": "09:00"}, {"from": "08:00", "to": "10:00"}]);
        doc["visit"]["blocked"] = serde_json::json!({"north": [{"from": "20:00", "to": "08:00"}]});
        doc["visit"]["install_after_hours"] = (-24).into();
        doc["surprise"] = true.into();
        let got = problems(&doc);
        let fields: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            [
                "office_hours.close",
                "sla[0].clock",
                "sla[1].amount",
                "sla[2].amount",
                "sla[3].class",
                "sla[4].id",
                "sla[6].cutoff",
                // A `Value` keeps no key order (JSON text does): its regions come sorted.
                "notify.blocked.tibet[0].to",
                "notify.blocked.xinjiang[1]",
                "visit.blocked",
                "visit.install_after_hours",
                // sla[4] no longer declares SLA.FAULT.BRAND, which two policies name.
                "tickets.policies[1].targets[1]",
                "tickets.policies[2].targets[1]",
                "surprise",
            ]
        );
        let kinds: Vec<&str> = got.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(kinds[..3], ["07:00", "fortnights", "-2"]);
    }

    #[test]
    fn a_lunch_break_lies_inside_the_office_hours() {
        let mut doc = builtin_doc();
        doc["office_hours"]["lunch"] = serde_json::json!({"from": "12:00", "to": "14:00"});
        let pack = Pack::from_value(&doc).unwrap();
        assert_eq!(pack.office_hours.hours.describe(), "08:00-12:00, 14:00-20:00");
        assert_eq!(pack.params("SLA.APPOINTMENT.CONFIRM")[2].1, "08:00-12:00, 14:00-20:00");
        for (lunch, field) in [
            (serde_json::json!({"from": "07:00", "to": "09:00"}), "office_hours.lunch.to"),
            (serde_json::json!({"from": "13:00", "to": "12:00"}), "office_hours.lunch.to"),
            (serde_json::json!({"from": "12:00", "to": "20:00"}), "office_hours.lunch.to"),
            (serde_json::json!({"from": "12:00"}), "office_hours.lunch.to"),
            (serde_json::json!({"from": "12:00", "to": "13:00", "at": "x"}), "office_hours.lunch.at"),
        ] {
            doc["office_hours"]["lunch"] = lunch;
            let got = problems(&doc);
            assert_eq!(got.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), [field], "{got:?}");
        }
    }

    #[test]
    fn office_hours_per_region() {
        let mut doc = builtin_doc();
        doc["office_hours"]["regions"] = serde_json::json!({
            "xinjiang": {"open": "10:00", "close": "22:00", "lunch": {"from": "14:00", "to": "16:00"}},
            "tibet": {"open": "10:00", "close": "09:00"},
            "west": {"open": "10:00", "close": "20:00", "lunch": {"from": "09:00", "to": "11:00"}}
        });
        let got = problems(&doc);
        let fields: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["office_hours.regions.tibet.close", "office_hours.regions.west.lunch.to"]);
        doc["office_hours"]["regions"] = serde_json::json!({"xinjiang": {"open": "10:00", "close": "22:00"}});
        let pack = Pack::from_value(&doc).unwrap();
        assert_eq!(pack.office_hours_in(&Region::XINJIANG).unwrap().describe(), "10:00-22:00");
        assert_eq!(pack.office_hours_in(&Region::TIBET).unwrap().describe(), "08:00-20:00");
        let e = pack.office_hours_in(&Region(Cow::Borrowed("mars"))).unwrap_err();
        assert_eq!((e.field(), e.value().as_deref()), (Some("region"), Some("mars")));
    }

    #[test]
    fn ticket_policies_are_checked_like_the_rest() {
        let mut doc = builtin_doc();
        doc["tickets"]["policies"][0]["targets"] = serde_json::json!(["SLA.FAULT.CONTACT", "SLA.FAULT.CONTACT"]);
        doc["tickets"]["policies"][1]["targets"] = serde_json::json!([]);
        doc["tickets"]["policies"][2]["class"] = "ordinary".into();
        doc["tickets"]["policies"][3]["targets"] = serde_json::json!(["SLA.NOPE"]);
        doc["tickets"]["policies"][4]["incident"] = "outage".into();
        let got = problems(&doc);
        let fields: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            [
                "tickets.policies[0].targets[1]",
                "tickets.policies[1].targets",
                "tickets.policies[2].class",
                "tickets.policies[3].targets[0]",
                "tickets.policies[4].incident",
            ]
        );
    }

    #[test]
    fn rule_ids_are_unique_across_the_whole_pack() {
        let mut doc = builtin_doc();
        doc["tiers"]["personal"]["tianyi"]["rule"] = "TIER.PERSONAL.EHOME".into();
        doc["sla"][0]["id"] = "TIER.ENTERPRISE.REVENUE".into();
        doc["sla"][1]["amount"] = (-2).into();
        doc["visit"]["rule"] = "NOTIFY.WINDOW".into();
        let err = Pack::from_value(&doc).unwrap_err();
        let got: Vec<(&str, &str)> = err.problems().iter().map(|p| (p.field.as_str(), p.value.as_str())).collect();
        assert_eq!(
            got,
            [
                ("tiers.personal.tianyi.rule", "TIER.PERSONAL.EHOME"),
                ("sla[0].id", "TIER.ENTERPRISE.REVENUE"),
                ("sla[1].amount", "-2"),
                ("visit.rule", "NOTIFY.WINDOW"),
                // The renamed sla[0] was SLA.COMPLAINT.ORDINARY, which a policy names.
                ("tickets.policies[3].targets[1]", "SLA.COMPLAINT.ORDINARY"),
            ]
        );
        assert!(err.problems()[0].message.contains("also at tiers.personal.e_home.rule"), "{err}");
    }

    #[test]
    fn keys_given_twice_are_refused_with_every_other_problem() {
        let mut doc = builtin_doc();
        doc["office_hours"]["close"] = "07:00".into();
        // The `tianyi` table renamed in the text: two `e_home` tables, and no reader agrees
        // which one counts.
        let text = serde_json::to_string(&doc).unwrap().replace("\"tianyi\":", "\"e_home\":");
        let err = Pack::from_json(&text).unwrap_err();
        let fields: Vec<&str> = err.problems().iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["tiers.personal.e_home", "office_hours.close"]);
        assert_eq!(Pack::from_text(&text).unwrap_err(), err);
        assert_eq!(document(&text).unwrap_err().field(), Some("tiers.personal.e_home"));
        #[cfg(feature = "toml")]
        assert_eq!(Pack::from_toml("name = \"a\"\nname = \"b\"\n").unwrap_err().field(), Some("pack"));
    }

    /// Found by the `pack_json` fuzz target (`''=''`): a key that is empty or holds a dot must
    /// still give a path a reader can follow back to it, and a blank name is no name.
    #[test]
    fn keys_that_are_not_plain_names_get_quoted_paths() {
        let mut doc = builtin_doc();
        let personal = doc["tiers"]["personal"].as_object_mut().unwrap();
        let table = personal.remove("tianyi").unwrap();
        personal.insert(" ".into(), table);
        doc["notify"]["blocked"][""] = serde_json::json!([]);
        doc["tiers"]["personal"]["e_home"]["bands"][0]["min."] = ">= 0".into();
        doc[""] = 1.into();
        doc["a b"] = 1.into();
        let got = problems(&doc);
        let fields: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert!(fields.contains(&r#"notify.blocked[""]"#), "{fields:?}");
        assert!(got.iter().any(|(f, v)| f == r#"notify.blocked[""]"# && v.is_empty()));
        assert!(fields.contains(&r#"tiers.personal[" "]"#), "{fields:?}");
        assert!(fields.contains(&r#"tiers.personal.e_home.bands[0]["min."]"#), "{fields:?}");
        assert!(fields.contains(&r#"[""]"#) || fields.contains(&r#"["a b"]"#), "{fields:?}");
        assert!(got.iter().all(|(f, _)| !f.is_empty()));
        assert_eq!(problems(&serde_json::json!({"": ""})).last().unwrap().0, r#"[""]"#);
    }

    #[cfg(all(feature = "toml", feature = "std"))]
    #[test]
    fn json_and_toml_forms_read_the_same() {
        let json = r#"{"name": "p", "version": "1", "effective_from": "2027-01-01"}"#;
        let toml = "name = \"p\"\nversion = \"1\"\neffective_from = 2027-01-01\n";
        let a = Pack::from_json(json).unwrap_err();
        let b = Pack::from_toml(toml).unwrap_err();
        assert_eq!(a.problems(), b.problems());
        assert_eq!(a.field(), Some("tiers"));
        assert_eq!(Pack::from_json("{").unwrap_err().field(), Some("pack"));
        assert_eq!(Pack::from_toml("a = ").unwrap_err().field(), Some("pack"));
        assert_eq!(Pack::from_json("[]").unwrap_err().field(), Some("pack"));
        // The `pack_json` fuzz target's crash input: an empty TOML key once gave an empty path.
        assert_eq!(Pack::from_text("''=''").unwrap_err().problems().last().unwrap().field, r#"[""]"#);
        let sample = |ext| {
            std::fs::read_to_string(format!("{}/spec-tests/packs/sample-province.{ext}", env!("CARGO_MANIFEST_DIR")))
                .unwrap()
        };
        assert_eq!(document(&sample("json")).unwrap(), document(&sample("toml")).unwrap());
        let pack = Pack::from_text(&sample("toml")).unwrap();
        assert_eq!(Pack::from_text(&sample("json")).unwrap(), pack);
        // The sample pack sets every block itself.
        assert_eq!((pack.cutover.notice_hours, pack.tiers.package.subscribed_by), (48, (9, 30)));
    }
}
