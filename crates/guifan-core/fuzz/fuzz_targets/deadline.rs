//! The typed deadline API with arbitrary starts, clocks and amounts: due >= start or an error.
#![no_main]

use chrono::{DateTime, Duration};
use guifan_core::calendar::Calendar;
use guifan_core::deadline::{deadline, Area, Basis, Clock, DeadlineInput};
use guifan_core::pack::Pack;
use guifan_core::time::beijing;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, arbitrary::Arbitrary)]
struct Case {
    start_secs: i64,
    offset_secs: i32,
    which: u8,
    amount: u32,
    rural: bool,
    done_after: Option<i32>,
}

fuzz_target!(|c: Case| {
    let Some(offset) = chrono::FixedOffset::east_opt(c.offset_secs % 86_400) else { return };
    let Some(start) = DateTime::from_timestamp(c.start_secs % 400_000_000_000, 0).map(|t| t.with_timezone(&offset)) else {
        return;
    };
    let clocks = [Clock::ClockHours, Clock::CalendarDays, Clock::WorkingDays, Clock::WorkingMinutes];
    let rules = &Pack::builtin().sla;
    let basis = match c.which as usize {
        i if i < rules.len() => Basis::rule(rules[i].id.clone(), if c.rural { Area::Rural } else { Area::Urban }),
        i => match Basis::free(clocks[i % clocks.len()], c.amount) {
            Ok(b) => b,
            Err(_) => return,
        },
    };
    let done = c.done_after.map(|s| start + Duration::seconds(i64::from(s)));
    if let Ok(d) = deadline(&Calendar::builtin(), &DeadlineInput { start, basis, done, pauses: Vec::new(), region: Default::default() }) {
        let due = d.due.expect("no pauses: a due");
        assert!(due >= start);
        assert_eq!(due.offset(), &beijing());
        assert_eq!(d.met, done.map(|x| x <= due));
    }
});
