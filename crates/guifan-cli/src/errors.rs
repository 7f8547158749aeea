//! How the core's errors read at a terminal: in the words the person typed (`--spend`, not
//! `customer.annual_spend`), with the nearest names for a typo instead of a list of 68, and what
//! to do next when a year's schedule is missing. The kind, the value and the reason stay the
//! core's.

use guifan_core::Error;

/// The flags (or arguments) a command's JSON fields came from: `("customer.annual_spend",
/// "--spend")`.
pub type Flags<'a> = &'a [(&'a str, &'a str)];

/// Lists of rule ids longer than this are replaced by the nearest ids and where to find them.
const LIST_AT_MOST: usize = 12;

/// Prints `error KIND: message` on standard error, then any suggestion or next step.
pub fn print(e: &Error, flags: Flags<'_>) {
    eprintln!("{}", render(e, flags));
}

/// The text [`print`] writes.
pub fn render(e: &Error, flags: Flags<'_>) -> String {
    let mut message = e.to_string();
    let flag = e.field().and_then(|field| flags.iter().find(|(f, _)| *f == field).map(|&(f, flag)| (f, flag)));
    if let Some((field, flag)) = flag {
        message = message.replacen(field, flag, 1);
    }
    let mut notes = Vec::new();
    if let Error::UnknownRule { rule: typed, accepted, .. } | Error::UnknownBrand { brand: typed, accepted, .. } = e {
        let names: Vec<&str> = accepted.split(", ").collect();
        let near = nearest(typed, &names);
        if !near.is_empty() {
            notes.push(format!("did you mean {}?", near.join(" or ")));
        }
        // A rule id among dozens: the nearest ones and where they all are, not the whole list.
        if matches!(e, Error::UnknownRule { .. }) && names.len() > LIST_AT_MOST {
            message.truncate(message.find("; accepted: ").unwrap_or(message.len()));
            notes.push(format!("{} ids accepted here; `guifan rules` lists every rule", names.len()));
        }
    }
    if let Error::CalendarYearUnknown { year, .. } = e {
        notes.push(format!("load {year} with --calendar FILE (`guifan calendar` lists the years known);"));
        notes.push(format!(
            "`guifan calendar from-notice NOTICE.txt -o {year}.json` makes it from the State Council's notice;"
        ));
        notes.push("until then --provisional answers from the statutory holidays, flagged as provisional".into());
    }
    let mut out = format!("error {}: {message}", e.kind());
    for note in notes {
        out += &format!("\n  {note}");
    }
    out
}

/// The names closest to what was typed: case and separators ignored, at most a few edits away
/// (a quarter of the name), or those containing it; the closest first, at most three.
fn nearest<'n>(typed: &str, names: &[&'n str]) -> Vec<&'n str> {
    let fold = |s: &str| s.to_lowercase().replace(['_', '-', ' '], ".");
    let t = fold(typed);
    let mut scored: Vec<(usize, &str)> = names
        .iter()
        .filter_map(|&name| {
            let n = fold(name);
            let d = strsim::damerau_levenshtein(&t, &n);
            let close = d <= (n.chars().count() / 4).max(1);
            let inside = t.chars().count() >= 3 && n.contains(&t);
            (close || inside).then_some((d, name))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, name)| name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_names() {
        let ids = ["SLA.COMPLAINT.ORDINARY", "SLA.COMPLAINT.VIP", "SLA.FAULT.ORDINARY", "TIER.REVIEW"];
        assert_eq!(nearest("SLA.COMPLAINT.ORDINRY", &ids), ["SLA.COMPLAINT.ORDINARY"]);
        assert_eq!(nearest("sla_complaint_vip", &ids), ["SLA.COMPLAINT.VIP"]);
        assert_eq!(nearest("complaint", &ids), ["SLA.COMPLAINT.VIP", "SLA.COMPLAINT.ORDINARY"]);
        assert!(nearest("XYZ", &ids).is_empty());
    }
}
