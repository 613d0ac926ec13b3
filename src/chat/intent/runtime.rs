//! Runtime limits in minutes: "under 90 mins", "less than 100 minutes", "at most two and a
//! half hours", "no longer than 1h45", "over 3 hours", "between 90 and 120 minutes", "2 hours
//! max", "I only have an hour and a half", and the words "short"/"quick" and "long"/"epic".
//!
//! Documented choices (bounds inclusive): "under N"/"less than N" → `max` N (no off-by-one);
//! "around N" → N±15; "short", "quick" → at most [`SHORT_MAX`]; "not too long" → at most
//! [`NOT_TOO_LONG`]; "long", "lengthy", "epic" → at least [`LONG_MIN`]. The words count only
//! where they describe the film ("a short comedy", "something quick", "long movies"), not in
//! "a short question", "long time no see" or "after a long day". Runs on the masked message,
//! so a title ("Short Cuts", "The Long Goodbye") never counts; "shorter"/"longer" are shifts
//! of a follow-up (`refine.rs`), not limits.

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::text::Text;
use super::vocab;

pub(crate) const SHORT_MAX: u32 = 100;
pub(crate) const NOT_TOO_LONG: u32 = 120;
pub(crate) const LONG_MIN: u32 = 140;

/// Inclusive bounds in minutes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Runtime {
    pub min: Option<u32>,
    pub max: Option<u32>,
}

impl Runtime {
    pub fn is_empty(&self) -> bool {
        self.min.is_none() && self.max.is_none()
    }
}

const NUM: &str = r"\d{1,3}(?:\.\d{1,2})?|an|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty(?:[\s-]five)?|fifty|sixty|seventy|eighty|ninety|(?:a\s+|one\s+)?hundred(?:\s+and\s+(?:twenty|thirty|forty|fifty))?";
const HOURS: &str = r"(?:hours?|hrs?|h)\b";
const MINUTES: &str = r"(?:minutes?|mins?|m)\b";

/// One duration; groups: `h` (+ `half`/`half2`, `hm`), `hx`/`hxm` ("1h45"), `hc`/`mc`
/// ("1:45"), `m`, `halfhour`; each name suffixed with `tag`.
fn duration(tag: &str) -> String {
    format!(
        r"(?:(?P<h{tag}>{NUM})(?P<half{tag}>\s+and\s+a\s+half)?\s*{HOURS}(?:\s*(?:and\s+)?(?P<hm{tag}>\d{{1,2}})\s*(?:{MINUTES})?)?(?P<half2{tag}>\s+and\s+a\s+half)?|(?P<hx{tag}>\d)\s*h(?P<hxm{tag}>\d{{1,2}})(?:m(?:ins?)?)?\b|(?P<hc{tag}>\d):(?P<mc{tag}>[0-5]\d)\b|(?P<m{tag}>{NUM})\s*{MINUTES}|(?P<halfhour{tag}>half\s+an\s+hour))"
    )
}

fn re(pattern: &str) -> Regex {
    Regex::new(&format!("(?i){pattern}")).expect("runtime pattern is valid")
}

static BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?:between\s+(?P<a>\d{{1,3}}(?:\.\d)?)\s*(?P<au>{HOURS}|{MINUTES})?\s+and\s+|(?P<a2>\d{{1,3}}(?:\.\d)?)\s*(?:-|to)\s*)(?P<b>\d{{1,3}}(?:\.\d)?)\s*(?P<bu>{HOURS}|{MINUTES})"
    ))
});

static AT_MOST: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:\b(?:less\s+than|under|below|shorter\s+than|at\s+most|at\s+the\s+most|no\s+(?:longer|more)\s+than|not\s+(?:longer|more)\s+than|not\s+over|max(?:imum)?(?:\s+of)?|within|up\s+to|tops|(?:i|we)\s+(?:only\s+)?(?:have|got)|i'?ve\s+(?:only\s+)?got|only\s+(?:have|got))\s+(?:about\s+|around\s+|like\s+)?|<=?\s*){}|\b{}\s+(?:max(?:imum)?|or\s+(?:less|under|shorter|fewer|so\s+max)|tops|at\s+(?:the\s+)?most)\b",
        duration("1"),
        duration("2")
    ))
});

static AT_LEAST: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:\b(?:more\s+than|over|above|longer\s+than|at\s+least|min(?:imum)?(?:\s+of)?|no\s+shorter\s+than|upwards\s+of)\s+|>=?\s*){}|\b{}\s+(?:or\s+(?:more|longer|over)|plus|min(?:imum)?|at\s+least)\b|\b{}\s*\+",
        duration("1"),
        duration("2"),
        duration("3")
    ))
});

static AROUND: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?:around|roughly|approximately|about|approx)\s+{}",
        duration("1")
    ))
});

/// "not too long", "nothing too long", "not that long".
static NOT_LONG: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(?:not|nothing|isn'?t|no)\s+(?:too|very|that|overly|super|crazy)?\s*(?:long|lengthy)\b")
});

/// Limits found, and the word ranges they used (masked before years are read).
#[derive(Debug, Default)]
pub(crate) struct RuntimeFound {
    pub runtime: Runtime,
    pub words: Vec<Range<usize>>,
}

pub(crate) fn detect(text: &Text, mask: &[bool], masked: &str) -> RuntimeFound {
    let mut found = RuntimeFound::default();
    // Most messages name no duration: skip the big patterns for them.
    let timed = masked.bytes().any(|b| b.is_ascii_digit())
        || text.words.iter().any(|w| {
            matches!(
                w.key.as_str(),
                "hour"
                    | "hours"
                    | "hr"
                    | "hrs"
                    | "minute"
                    | "minutes"
                    | "min"
                    | "mins"
                    | "long"
                    | "lengthy"
            )
        });
    if !timed {
        found.runtime = words(text, mask, masked);
        return found;
    }
    let mut rest = masked.to_owned();
    let used = |m: Option<Range<usize>>, rest: &mut String, words: &mut Vec<Range<usize>>| {
        if let Some(m) = m {
            words.push(text.word_at(m.start)..text.words_before(m.end));
            rest.replace_range(m.clone(), &" ".repeat(m.len()));
        }
    };
    if let Some(caps) = BETWEEN.captures(&rest) {
        let unit_b = caps.name("bu").map(|u| is_hours(u.as_str()));
        let unit_a = caps.name("au").map(|u| is_hours(u.as_str())).or(unit_b);
        let a = caps
            .name("a")
            .or(caps.name("a2"))
            .and_then(|a| number(a.as_str()));
        let b = caps.name("b").and_then(|b| number(b.as_str()));
        if let (Some(a), Some(b), Some(ua), Some(ub)) = (a, b, unit_a, unit_b) {
            let a = minutes_of(a, ua);
            let b = minutes_of(b, ub);
            if let (Some(a), Some(b)) = (a, b) {
                found.runtime = Runtime {
                    min: Some(a.min(b)),
                    max: Some(a.max(b)),
                };
            }
        }
        let range = caps.get(0).map(|m| m.range());
        used(range, &mut rest, &mut found.words);
    }
    if found.runtime.max.is_none()
        && let Some(caps) = AT_MOST.captures(&rest)
    {
        found.runtime.max = read(&caps, &["1", "2"]);
        let range = caps.get(0).map(|m| m.range());
        used(range, &mut rest, &mut found.words);
    }
    if found.runtime.min.is_none()
        && let Some(caps) = AT_LEAST.captures(&rest)
    {
        found.runtime.min = read(&caps, &["1", "2", "3"]);
        let range = caps.get(0).map(|m| m.range());
        used(range, &mut rest, &mut found.words);
    }
    if found.runtime.is_empty()
        && let Some(caps) = AROUND.captures(&rest)
    {
        if let Some(m) = read(&caps, &["1"]) {
            found.runtime = Runtime {
                min: Some(m.saturating_sub(15)),
                max: Some(m + 15),
            };
        }
        let range = caps.get(0).map(|m| m.range());
        used(range, &mut rest, &mut found.words);
    }
    if let Some(range) = NOT_LONG.find(&rest).map(|m| m.range()) {
        found.runtime.max = found.runtime.max.or(Some(NOT_TOO_LONG));
        used(Some(range), &mut rest, &mut found.words);
    }
    if found.runtime.is_empty() {
        found.runtime = words(text, mask, &rest);
    }
    // "between 3 hours and 90 minutes" read backwards, or "over 2 hours under 1 hour".
    if let (Some(min), Some(max)) = (found.runtime.min, found.runtime.max)
        && min > max
    {
        found.runtime = Runtime::default();
    }
    found
}

/// "short", "quick" (≤ 100), "long", "lengthy", "epic" (≥ 140) where they describe the film.
fn words(text: &Text, mask: &[bool], rest: &str) -> Runtime {
    let mut runtime = Runtime::default();
    for (i, w) in text.words.iter().enumerate() {
        if mask.get(i).copied().unwrap_or(true)
            || rest.get(w.start..w.end).is_none_or(|s| s.trim().is_empty())
        {
            continue;
        }
        let short = matches!(w.key.as_str(), "short" | "quick" | "shortish" | "brief");
        let long = matches!(w.key.as_str(), "long" | "longish" | "lengthy");
        let epic = matches!(w.key.as_str(), "epic" | "epics");
        if !(short || long || epic) || negated(text, i) {
            continue;
        }
        if epic || describes_film(text, mask, i) {
            if short {
                runtime.max = Some(SHORT_MAX);
            } else {
                runtime.min = Some(LONG_MIN);
            }
        }
    }
    runtime
}

/// Words that may stand between "short"/"long" and the film noun ("a short and funny film").
const BETWEEN_WORDS: &[&str] = &["and", "&", "but", "little", "one", "indie", "ish"];

const FILM_NOUNS: &[&str] = &[
    "movie", "movies", "film", "films", "flick", "flicks", "one", "ones", "watch", "epic", "epics",
    "feature", "features", "picture", "pictures",
];

/// "something quick", "a short comedy", "long movies", "quick one".
fn describes_film(text: &Text, mask: &[bool], i: usize) -> bool {
    let before = i.checked_sub(1).map(|b| text.words[b].key.as_str());
    if matches!(before, Some("something" | "anything" | "sth" | "somethin")) {
        return true;
    }
    for j in i + 1..(i + 4).min(text.words.len()) {
        if mask.get(j).copied().unwrap_or(true) || text.words[j].is_boundary() {
            return false;
        }
        let key = text.words[j].key.as_str();
        if FILM_NOUNS.contains(&key) || vocab::is_term_word(key) {
            return true;
        }
        if !BETWEEN_WORDS.contains(&key) {
            return false;
        }
    }
    false
}

fn negated(text: &Text, i: usize) -> bool {
    let before = |n: usize| i.checked_sub(n).map(|b| text.words[b].key.as_str());
    matches!(before(1), Some("not" | "no" | "nothing" | "isn't"))
        || matches!(before(2), Some("not" | "no" | "nothing" | "isn't"))
            && matches!(before(1), Some("too" | "very" | "that" | "so"))
}

fn is_hours(unit: &str) -> bool {
    unit.to_lowercase().starts_with('h')
}

fn minutes_of(n: f32, hours: bool) -> Option<u32> {
    let m = if hours { n * 60.0 } else { n };
    (1.0..=1000.0).contains(&m).then(|| m.round() as u32)
}

/// Minutes of the duration in the groups tagged `tags`.
fn read(caps: &Captures<'_>, tags: &[&str]) -> Option<u32> {
    for tag in tags {
        let g = |name: &str| caps.name(&format!("{name}{tag}"));
        if g("halfhour").is_some() {
            return Some(30);
        }
        if let (Some(h), Some(m)) = (g("hc").or(g("hx")), g("mc").or(g("hxm"))) {
            let h: u32 = h.as_str().parse().ok()?;
            let m: u32 = m.as_str().parse().ok()?;
            return Some(h * 60 + m);
        }
        if let Some(h) = g("h") {
            let mut hours = number(h.as_str())?;
            if g("half").is_some() || g("half2").is_some() {
                hours += 0.5;
            }
            let extra: f32 = g("hm").and_then(|m| m.as_str().parse().ok()).unwrap_or(0.0);
            return minutes_of(hours * 60.0 + extra, false);
        }
        if let Some(m) = g("m") {
            return minutes_of(number(m.as_str())?, false);
        }
    }
    None
}

/// A number in digits or words ("two", "a", "ninety", "a hundred and twenty").
fn number(s: &str) -> Option<f32> {
    let s = s.to_lowercase();
    if let Ok(n) = s.parse::<f32>() {
        return Some(n);
    }
    let mut total = 0.0;
    for w in s.split(|c: char| c.is_whitespace() || c == '-') {
        total += match w {
            "" | "and" => 0.0,
            "a" | "an" | "one" => 1.0,
            "two" => 2.0,
            "three" => 3.0,
            "four" => 4.0,
            "five" => 5.0,
            "six" => 6.0,
            "seven" => 7.0,
            "eight" => 8.0,
            "nine" => 9.0,
            "ten" => 10.0,
            "eleven" => 11.0,
            "twelve" => 12.0,
            "fifteen" => 15.0,
            "twenty" => 20.0,
            "thirty" => 30.0,
            "forty" => 40.0,
            "fifty" => 50.0,
            "sixty" => 60.0,
            "seventy" => 70.0,
            "eighty" => 80.0,
            "ninety" => 90.0,
            // "a hundred", "one hundred": the "a" or "one" before it was not a 1 of its own.
            "hundred" => {
                total = 0.0;
                100.0
            }
            _ => return None,
        };
    }
    (total > 0.0).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runtime(s: &str) -> (Option<u32>, Option<u32>) {
        let text = Text::new(s);
        let mask = vec![false; text.words.len()];
        let r = detect(&text, &mask, &text.masked(&mask)).runtime;
        (r.min, r.max)
    }

    #[test]
    fn limits_in_minutes_and_hours() {
        assert_eq!(runtime("less than 100 minutes"), (None, Some(100)));
        assert_eq!(runtime("under 90 mins"), (None, Some(90)));
        assert_eq!(runtime("at most two and a half hours"), (None, Some(150)));
        assert_eq!(runtime("under 2 hours"), (None, Some(120)));
        assert_eq!(runtime("no longer than 1h45"), (None, Some(105)));
        assert_eq!(runtime("no longer than 1:45"), (None, Some(105)));
        assert_eq!(runtime("over 3 hours"), (Some(180), None));
        assert_eq!(runtime("2 hours max"), (None, Some(120)));
        assert_eq!(runtime("an hour and a half at most"), (None, Some(90)));
        assert_eq!(runtime("I only have an hour and a half"), (None, Some(90)));
        assert_eq!(runtime("between 90 and 120 minutes"), (Some(90), Some(120)));
        assert_eq!(runtime("1.5-2 hours"), (Some(90), Some(120)));
        assert_eq!(runtime("under a hundred minutes"), (None, Some(100)));
        assert_eq!(runtime("at least 2 hrs"), (Some(120), None));
        assert_eq!(runtime("2h+"), (Some(120), None));
        assert_eq!(runtime("around 2 hours"), (Some(105), Some(135)));
    }

    #[test]
    fn words_only_where_they_describe_the_film() {
        assert_eq!(runtime("something short"), (None, Some(100)));
        assert_eq!(runtime("a quick comedy"), (None, Some(100)));
        assert_eq!(runtime("a short and funny film"), (None, Some(100)));
        assert_eq!(runtime("long movies"), (Some(140), None));
        assert_eq!(runtime("an epic"), (Some(140), None));
        assert_eq!(runtime("nothing too long"), (None, Some(120)));
        assert_eq!(runtime("a short question"), (None, None));
        assert_eq!(runtime("long time no see"), (None, None));
        assert_eq!(runtime("after a long day at work"), (None, None));
        assert_eq!(runtime("how long is it"), (None, None));
        assert_eq!(runtime("as long as it's funny"), (None, None));
        assert_eq!(runtime("long story short, any comedies?"), (None, None));
        assert_eq!(runtime("90s movies from 2000"), (None, None));
    }
}
