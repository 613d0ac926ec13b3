//! Release-year ranges: decades, single years, before/after, between, and relative words.
//!
//! Documented choices (all bounds inclusive, `today` is the caller's current year):
//! - "recent", "new releases", "latest", "what's new": the last two years, `today-1..=today`.
//! - "this year" = `today`; "last year" = `today-1`; "last N years" = `today-N+1..=today`;
//!   "last decade" = `today-9..=today`.
//! - "90s", "'90s", "the nineties", "1990s" = 1990–1999; "the 2000s"/"noughties" = 2000–2009;
//!   "early"/"mid"/"late" narrow a decade to its years 0–3 / 3–6 / 6–9. Two-digit "00s", "10s"
//!   and "20s" mean this century (2000s, 2010s, 2020s); the word "twenties" means the 1920s.
//! - "before 2000"/"pre-2000" ends at 1999; "until 2000" ends at 2000; "after 2010" starts at
//!   2011; "since/from 2010", "2010 onwards" start at 2010; "before the 90s" ends at 1989.
//! - "old", "older", "classic", "vintage", "retro": at least 25 years old (`year_to =
//!   today-25`); "modern", "newer": the last 15 years (`year_from = today-14`).
//! - With a resolved reference film of year Y ("like Alien but newer"), "newer"/"more recent"
//!   mean `year_from = Y+1` and "older" means `year_to = Y-1`.

use std::sync::LazyLock;

use regex::{Captures, Regex};

/// Inclusive bounds found in a message.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct YearRange {
    pub from: Option<i32>,
    pub to: Option<i32>,
    /// Read from "newer"/"older" rather than said outright: a follow-up's shift instead.
    pub relative: bool,
}

impl YearRange {
    fn between(from: i32, to: i32) -> Self {
        Self {
            from: Some(from.min(to)),
            to: Some(from.max(to)),
            relative: false,
        }
    }

    fn is_empty(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// Fills whichever bounds `self` lacks from `other`.
    fn or(self, other: YearRange) -> YearRange {
        YearRange {
            from: self.from.or(other.from),
            to: self.to.or(other.to),
            relative: false,
        }
    }
}

const YEAR: &str = r"(?:1[89]\d\d|20\d\d)";

/// A decade in any spelling; groups: q (early/mid/late), c (century digits), d (decade digit
/// after the century), dd (decade digit of "'90s"), w (the word form).
const DECADE: &str = r"(?:(?P<q>early|mid|late)[\s-]*)?(?:(?P<c>1[89]|20)(?P<d>\d)0'?s|'?(?P<dd>\d)0'?s|(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|noughties|aughts))\b";

fn re(pattern: &str) -> Regex {
    Regex::new(&format!("(?i){pattern}")).expect("year pattern is valid")
}

static BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?:between\s+(?P<a>{YEAR})\s+and\s+(?P<b>{YEAR})|from\s+(?P<a2>{YEAR})\s+(?:to|till|until|through|-)\s+(?P<b2>{YEAR})|(?P<a3>{YEAR})\s*(?:-|to|through|till|until)\s*(?P<b3>{YEAR}))\b"
    ))
});

static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?P<op>before|pre|prior\s+to|earlier\s+than|older\s+than|until|up\s+to|up\s+until|till|no\s+later\s+than)[\s-]+(?:the\s+)?(?:(?P<y>{YEAR})\b|{DECADE})"
    ))
});

static AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?P<op>after|post|later\s+than|newer\s+than|since|from|starting(?:\s+(?:in|from))?|beginning\s+(?:in|from)|made\s+after|released\s+after)[\s-]+(?:the\s+)?(?:(?P<y>{YEAR})\b|{DECADE})"
    ))
});

static ONWARDS: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?P<y>{YEAR})\s*(?:\+|or\s+(?:later|newer|after)|and\s+(?:later|newer|up|after|beyond)|onwards?|on\b|and\s+on)|\b(?P<z>{YEAR})\s+or\s+(?:earlier|older|before)|\b(?P<z2>{YEAR})\s+and\s+(?:earlier|older|before)"
    ))
});

/// "my 20s", "in her thirties": ages, not decades.
static AGE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:my|his|her|their|our|your|in\s+(?:my|his|her|their))\s+(?:early\s+|mid\s+|late\s+)?(?:\d0'?s|twenties|thirties|forties|fifties|sixties|seventies|eighties)\b",
    )
});

static DECADES: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"\b{DECADE}")));

static SINGLE: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"\b(?P<y>{YEAR})\b")));

static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:(?P<this>this\s+year'?s?|this\s+season)|(?P<last>last\s+year'?s?)|(?:(?:in\s+)?the\s+)?(?:last|past)\s+(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|twenty|couple(?:\s+of)?|few)\s+years|(?P<decade>(?:the\s+)?(?:last|past)\s+decade))\b",
    )
});

static RECENT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:recent|newest|latest|brand[\s-]+new|new\s+(?:releases?|ones?|movies?|films?|flicks?|stuff|titles?|out)|just\s+(?:came\s+out|released|out)|(?:what'?s|what\s+is|anything|any)\s+new|fresh\s+(?:releases?|movies?|films?)|came\s+out\s+recently|current)\b",
    )
});

static MORE_RECENT: LazyLock<Regex> = LazyLock::new(|| re(r"\b(?:more|less)\s+recent\b"));

static NEW_BEFORE_GENRE: LazyLock<Regex> = LazyLock::new(|| re(r"\bnew\s+(?P<next>[\w-]+)"));

static OLD_BEFORE_GENRE: LazyLock<Regex> = LazyLock::new(|| re(r"\bold\s+(?P<next>[\w-]+)"));

static NEWER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:newer|more\s+recent|modern|contemporary|later\s+(?:ones?|movies?|films?)|less\s+old)\b",
    )
});

static OLDER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:older|oldies|old[\s-]school|old\s+(?:ones?|movies?|films?|flicks?|stuff|classics?|hollywood|\S+\s+(?:movies?|films?))|classics?|classic\s+\S+|vintage|retro|golden\s+age|black\s+and\s+white|earlier\s+(?:ones?|movies?|films?)|less\s+recent)\b",
    )
});

/// Years in `masked` (the message with titles and names blanked out). `reference_year` is the
/// year of the film the user compares against, when known.
pub(crate) fn detect(masked: &str, today: i32, reference_year: Option<i32>) -> YearRange {
    let mut rest = masked.to_owned();
    let mut found = YearRange::default();

    // Explicit ranges and bounds first; each consumes its text so the decade or year inside
    // is not read again as a range of its own.
    if let Some(caps) = BETWEEN.captures(&rest) {
        let a = year(&caps, &["a", "a2", "a3"]);
        let b = year(&caps, &["b", "b2", "b3"]);
        if let (Some(a), Some(b)) = (a, b) {
            found = YearRange::between(a, b);
        }
        let range = caps.get(0).map(|m| m.range());
        blank(&mut rest, range);
    }
    if let Some(caps) = BEFORE.captures(&rest) {
        let op = caps.name("op").map_or("", |m| m.as_str()).to_lowercase();
        let inclusive = op.starts_with("until")
            || op.starts_with("up")
            || op.starts_with("till")
            || op.starts_with("no");
        let bound = match year(&caps, &["y"]) {
            Some(y) if inclusive => Some(y),
            Some(y) => Some(y - 1),
            None => decade(&caps, today).map(|(from, to)| if inclusive { to } else { from - 1 }),
        };
        found.to = found.to.or(bound);
        let range = caps.get(0).map(|m| m.range());
        blank(&mut rest, range);
    }
    // "from the 90s" names the decade itself: left to the decade pass below.
    if let Some(caps) = AFTER.captures_iter(&rest).find(|c| {
        !(c.name("y").is_none()
            && c.name("op")
                .is_some_and(|m| m.as_str().eq_ignore_ascii_case("from")))
    }) {
        let op = caps.name("op").map_or("", |m| m.as_str()).to_lowercase();
        let exclusive = ["after", "post", "later", "newer", "made", "released"]
            .iter()
            .any(|p| op.starts_with(p));
        let bound = match year(&caps, &["y"]) {
            Some(y) if exclusive => Some(y + 1),
            Some(y) => Some(y),
            None => decade(&caps, today).map(|(from, to)| if exclusive { to + 1 } else { from }),
        };
        if op == "from" && !ONWARDS.is_match(&rest) {
            found = found.or(YearRange {
                from: bound,
                to: bound,
                relative: false,
            });
        } else {
            found.from = found.from.or(bound);
        }
        let range = caps.get(0).map(|m| m.range());
        blank(&mut rest, range);
    }
    if let Some(caps) = ONWARDS.captures(&rest) {
        if let Some(y) = year(&caps, &["y"]) {
            found.from = found.from.or(Some(y));
        }
        if let Some(y) = year(&caps, &["z", "z2"]) {
            found.to = found.to.or(Some(y));
        }
        let range = caps.get(0).map(|m| m.range());
        blank(&mut rest, range);
    }
    if !found.is_empty() {
        return found;
    }

    for m in AGE.find_iter(masked) {
        blank(&mut rest, Some(m.range()));
    }
    let decades: Vec<_> = DECADES
        .captures_iter(&rest)
        .filter_map(|c| Some((c.get(0)?.range(), decade(&c, today)?)))
        .collect();
    if let Some((first_at, (from, to))) = decades.first().cloned() {
        // "the 70s or 80s", "80s and 90s", "60s-70s": one range over both.
        if let Some((second_at, (_, to2))) = decades.get(1).cloned() {
            let gap = rest[first_at.end..second_at.start].trim().to_lowercase();
            let gap = gap.trim_end_matches("the").trim();
            if matches!(
                gap,
                "or" | "and" | "to" | "-" | "through" | "&" | "/" | "or early" | "and early"
            ) {
                return YearRange::between(from, to2.max(to));
            }
        }
        return YearRange::between(from, to);
    }
    if let Some(y) = SINGLE
        .captures_iter(&rest)
        .filter_map(|c| year(&c, &["y"]))
        .find(|y| (1888..=today + 5).contains(y))
    {
        return YearRange::between(y, y);
    }
    // "more recent" compares ("something more recent" is newer than what was shown).
    for m in MORE_RECENT.find_iter(masked) {
        blank(&mut rest, Some(m.range()));
    }
    if let Some(range) = relative(&rest, today) {
        return range;
    }
    comparative(masked, today, reference_year)
}

fn relative(rest: &str, today: i32) -> Option<YearRange> {
    if let Some(caps) = RELATIVE.captures(rest) {
        if caps.name("this").is_some() {
            return Some(YearRange::between(today, today));
        }
        if caps.name("last").is_some() {
            return Some(YearRange::between(today - 1, today - 1));
        }
        if caps.name("decade").is_some() {
            return Some(YearRange::between(today - 9, today));
        }
        if let Some(n) = caps.name("n") {
            let n = count(n.as_str()).max(1);
            return Some(YearRange::between(today - n + 1, today));
        }
    }
    if RECENT.is_match(rest) || before_genre(&NEW_BEFORE_GENRE, rest) {
        return Some(YearRange::between(today - 1, today));
    }
    None
}

/// "new horror", "old westerns": the word directly before a genre word.
fn before_genre(regex: &Regex, rest: &str) -> bool {
    regex.captures_iter(rest).any(|c| {
        c.name("next")
            .is_some_and(|m| super::vocab::is_term_word(&m.as_str().to_lowercase()))
    })
}

fn comparative(rest: &str, today: i32, reference_year: Option<i32>) -> YearRange {
    let newer = NEWER.is_match(rest);
    let older = OLDER.is_match(rest) || before_genre(&OLD_BEFORE_GENRE, rest);
    let (from, to) = match (reference_year, newer, older) {
        (Some(y), true, false) => (Some(y + 1), None),
        (Some(y), false, true) => (None, Some(y - 1)),
        (None, true, false) => (Some(today - 14), None),
        (None, false, true) => (None, Some(today - 25)),
        _ => return YearRange::default(),
    };
    YearRange {
        from,
        to,
        relative: true,
    }
}

fn count(word: &str) -> i32 {
    match word.to_lowercase().as_str() {
        "two" => 2,
        "three" | "few" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "twenty" => 20,
        w if w.starts_with("couple") => 2,
        w => w.parse().unwrap_or(1),
    }
}

fn year(caps: &Captures<'_>, names: &[&str]) -> Option<i32> {
    names
        .iter()
        .find_map(|n| caps.name(n))
        .and_then(|m| m.as_str().parse().ok())
}

/// The decade a [`DECADE`] match names, narrowed by early/mid/late.
fn decade(caps: &Captures<'_>, today: i32) -> Option<(i32, i32)> {
    let start = if let (Some(c), Some(d)) = (caps.name("c"), caps.name("d")) {
        let century: i32 = c.as_str().parse().ok()?;
        let digit: i32 = d.as_str().parse().ok()?;
        century * 100 + digit * 10
    } else if let Some(dd) = caps.name("dd") {
        let digit: i32 = dd.as_str().parse().ok()?;
        // "00s"–"20s" are this century as long as that decade has begun.
        if digit * 10 + 2000 <= today {
            2000 + digit * 10
        } else {
            1900 + digit * 10
        }
    } else {
        match caps.name("w")?.as_str().to_lowercase().as_str() {
            "twenties" => 1920,
            "thirties" => 1930,
            "forties" => 1940,
            "fifties" => 1950,
            "sixties" => 1960,
            "seventies" => 1970,
            "eighties" => 1980,
            "nineties" => 1990,
            _ => 2000,
        }
    };
    let (lo, hi) = match caps.name("q").map(|q| q.as_str().to_lowercase()) {
        Some(q) if q == "early" => (0, 3),
        Some(q) if q == "mid" => (3, 6),
        Some(q) if q == "late" => (6, 9),
        _ => (0, 9),
    };
    Some((start + lo, start + hi))
}

fn blank(rest: &mut String, range: Option<std::ops::Range<usize>>) {
    if let Some(range) = range {
        let len = range.len();
        rest.replace_range(range, &" ".repeat(len));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn years(s: &str) -> (Option<i32>, Option<i32>) {
        let r = detect(s, 2026, None);
        (r.from, r.to)
    }

    #[test]
    fn decades_in_every_spelling() {
        for s in [
            "90s movies",
            "the '90s",
            "90's",
            "the nineties",
            "1990s",
            "1990's films",
        ] {
            assert_eq!(years(s), (Some(1990), Some(1999)), "{s}");
        }
        assert_eq!(years("the 2000s"), (Some(2000), Some(2009)));
        assert_eq!(years("the seventies"), (Some(1970), Some(1979)));
        assert_eq!(years("late 80s"), (Some(1986), Some(1989)));
        assert_eq!(years("early-2010s"), (Some(2010), Some(2013)));
        assert_eq!(years("20s"), (Some(2020), Some(2029)));
        assert_eq!(years("the twenties"), (Some(1920), Some(1929)));
        assert_eq!(years("I'm in my 30s"), (None, None));
    }

    #[test]
    fn bounds_and_ranges() {
        assert_eq!(years("before 2000"), (None, Some(1999)));
        assert_eq!(years("pre-2000"), (None, Some(1999)));
        assert_eq!(years("after 2010"), (Some(2011), None));
        assert_eq!(years("since 2010"), (Some(2010), None));
        assert_eq!(years("2015 onwards"), (Some(2015), None));
        assert_eq!(years("2015 or later"), (Some(2015), None));
        assert_eq!(years("before the 90s"), (None, Some(1989)));
        assert_eq!(years("between 1990 and 1995"), (Some(1990), Some(1995)));
        assert_eq!(years("from 1995 to 1990"), (Some(1990), Some(1995)));
        assert_eq!(years("1990-1995"), (Some(1990), Some(1995)));
        assert_eq!(years("movies from 2020"), (Some(2020), Some(2020)));
        assert_eq!(years("from the 80s"), (Some(1980), Some(1989)));
        assert_eq!(years("2019 films"), (Some(2019), Some(2019)));
    }

    #[test]
    fn relative_words() {
        assert_eq!(years("recent films"), (Some(2025), Some(2026)));
        assert_eq!(years("any new horror?"), (Some(2025), Some(2026)));
        assert_eq!(years("what's new"), (Some(2025), Some(2026)));
        assert_eq!(years("this year"), (Some(2026), Some(2026)));
        assert_eq!(years("last year"), (Some(2025), Some(2025)));
        assert_eq!(years("the last 5 years"), (Some(2022), Some(2026)));
        assert_eq!(years("classic westerns"), (None, Some(2001)));
        assert_eq!(years("something new to me"), (None, None));
        assert_eq!(years("films set in New York"), (None, None));
        assert_eq!(detect("like but newer", 2026, Some(1979)).from, Some(1980));
        assert_eq!(detect("like but older", 2026, Some(1979)).to, Some(1978));
        assert_eq!(years("no year here 12345"), (None, None));
    }
}
