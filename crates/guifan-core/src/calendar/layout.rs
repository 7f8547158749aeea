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
/// ranks are defined up to and including `days`, and a last entry holds the total.
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
    let mut rank = Vec::with_capacity(words + 1);
    let mut total = 0u32;
    for w in &bits {
        rank.push(total);
        total += w.count_ones();
    }
    rank.push(total);
    (bits, rank)
}

/// Working days between two select hints: select starts at the hint's word and scans on.
pub const HINT_STRIDE: u32 = 64;

/// Offsets of 1 January of each year from `first` to `last + 1`, counted from 1 January of `first`:
/// a date's table offset is its year's start plus its day of the year.
pub fn year_starts(first: i32, last: i32) -> Vec<u32> {
    let base = day_number(first, 1, 1);
    (first..=last + 1).map(|y| (day_number(y, 1, 1) - base) as u32).collect()
}

/// For every `HINT_STRIDE`-th working day (ranks 0, 64, 128 …), the word that holds it, so
/// finding the working day of a given rank starts next to it instead of searching.
pub fn select_hints(rank: &[u32]) -> Vec<u32> {
    let total = rank.last().copied().unwrap_or(0);
    let mut hints = Vec::with_capacity((total / HINT_STRIDE + 1) as usize);
    let mut w = 0usize;
    let mut k = 0u32;
    while k < total {
        while rank[w + 1] <= k {
            w += 1;
        }
        hints.push(w as u32);
        k += HINT_STRIDE;
    }
    hints
}

/// The position of the `k`-th set bit (0-based) of each byte: `SELECT_IN_BYTE[byte][k]`, 8 when
/// the byte has fewer set bits. Select within a word by table, without a popcount instruction
/// (which baseline x86-64 lacks).
pub static SELECT_IN_BYTE: [[u8; 8]; 256] = {
    let mut table = [[8u8; 8]; 256];
    let mut byte = 0;
    while byte < 256 {
        let (mut bit, mut k) = (0, 0);
        while bit < 8 {
            if byte >> bit & 1 == 1 {
                table[byte][k] = bit as u8;
                k += 1;
            }
            bit += 1;
        }
        byte += 1;
    }
    table
};
