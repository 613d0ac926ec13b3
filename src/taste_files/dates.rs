//! Calendar dates as the files write them ("2024-01-31", IMDb's older "Wed Jan 31 00:00:00
//! 2024") and back, as Unix seconds at UTC midnight. Days ↔ civil dates by Howard Hinnant's
//! algorithms, to avoid a date crate for two functions.

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn valid(y: i64, m: u32, d: u32) -> bool {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    (1800..=2200).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days[m as usize - 1]
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Unix seconds at UTC midnight of the date `text` starts with; `None` for anything else.
pub fn parse(text: &str) -> Option<i64> {
    let t = text.trim();
    if let Some(iso) = t.get(..10)
        && let [y, m, d] = iso.split('-').collect::<Vec<_>>()[..]
        && y.len() == 4
        && m.len() == 2
        && d.len() == 2
    {
        let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        return valid(y, m, d).then(|| days_from_civil(y, m, d) * 86_400);
    }
    // "Wed Jan 31 00:00:00 2024" (older IMDb list exports).
    let words: Vec<&str> = t.split_whitespace().collect();
    if let [_, month, day, _, year] = words[..] {
        let m = MONTHS.iter().position(|n| month.eq_ignore_ascii_case(n))? as u32 + 1;
        let (y, d) = (year.parse().ok()?, day.parse().ok()?);
        return valid(y, m, d).then(|| days_from_civil(y, m, d) * 86_400);
    }
    None
}

/// "YYYY-MM-DD" of Unix seconds (UTC).
pub fn format(unix: i64) -> String {
    let (y, m, d) = civil_from_days(unix.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        assert_eq!(parse("1970-01-01"), Some(0));
        assert_eq!(parse("2024-02-29"), Some(1_709_164_800));
        assert_eq!(format(1_709_164_800), "2024-02-29");
        assert_eq!(parse("2024-02-29T10:00:00Z"), Some(1_709_164_800));
        assert_eq!(parse("Thu Feb 29 00:00:00 2024"), Some(1_709_164_800));
        for bad in [
            "",
            "2023-02-29",
            "2024-13-01",
            "24-01-01",
            "yesterday",
            "9999-01-01",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        for days in [-1000_i64, 0, 19_000, 30_000] {
            assert_eq!(parse(&format(days * 86_400)), Some(days * 86_400));
        }
    }
}
