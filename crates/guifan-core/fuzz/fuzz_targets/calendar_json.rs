//! Arbitrary calendar documents: loaded whole or refused whole, and the tables stay consistent,
//! also on a calendar answering unknown years provisionally (odd-length inputs).
#![no_main]

use chrono::{Duration, NaiveDate};
use guifan_core::calendar::Calendar;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut cal = Calendar::builtin();
    cal.set_provisional(data.len() % 2 == 1);
    let before: Vec<i32> = cal.known_years().collect();
    match cal.load_json(text) {
        Err(_) => assert_eq!(cal.known_years().collect::<Vec<_>>(), before),
        Ok(years) => {
            // A loaded year is published, never provisional.
            assert!(years.iter().all(|y| !cal.is_year_provisional(*y)));
            for year in years.iter().take(3) {
                let jan1 = NaiveDate::from_ymd_opt(*year, 1, 1).unwrap();
                for n in [1i64, 5, 40, 300] {
                    if let Ok(end) = cal.add_working_days(jan1, n) {
                        assert_eq!(i64::from(cal.count_working_days(jan1 + Duration::days(1), end).unwrap()), n);
                    }
                }
            }
        }
    }
});
