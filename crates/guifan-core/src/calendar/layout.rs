// Pure integer arithmetic shared by the crate and its build script (`include!`d by both), so the
// compiled-in calendar and a calendar loaded at run time are laid out by the same code.

/// Days from 0001-01-01 (day 0, a Monday) to the given proleptic Gregorian date.
pub fn day_number(year: i32, month: u32, day: u32) -> i64 {
    // Howard Hinnant's days_from_civil, shifted so that 0001-01-01 is 0.
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 306
}

/// Monday = 0 … Sunday = 6.
pub fn weekday_of(day_number: i64) -> u32 {
    day_number.rem_euclid(7) as u32
}

/// Working-day bitset and rank table for `days` consecutive days starting at day number `base`.
/// `known(i)` says whether day `i` lies in a year whose schedule is known; `rest` and `makeup`
/// hold the sorted day offsets of official rest days and make-up working days.
/// `rank[w]` counts the working days before word `w`; one spare word closes the table so that
/// ranks are defined up to and including `days`.
pub fn working_bits(
    base: i64,
    days: usize,
    known: impl Fn(usize) -> bool,
    rest: &[u32],
    makeup: &[u32],
) -> (Vec<u64>, Vec<u32>) {
    let words = days / 64 + 1;
    let mut bits = vec![0u64; words];
    let (mut r, mut m) = (0, 0);
    for i in 0..days {
        let is_rest = r < rest.len() && rest[r] as usize == i;
        let is_makeup = m < makeup.len() && makeup[m] as usize == i;
        r += usize::from(is_rest);
        m += usize::from(is_makeup);
        let weekday = weekday_of(base + i as i64) < 5;
        if known(i) && (is_makeup || (weekday && !is_rest)) {
            bits[i / 64] |= 1 << (i % 64);
        }
    }
    let mut rank = Vec::with_capacity(words);
    let mut total = 0u32;
    for w in &bits {
        rank.push(total);
        total += w.count_ones();
    }
    (bits, rank)
}
