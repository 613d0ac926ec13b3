//! The highest US MPA certification allowed ([`CERTIFICATIONS`]): "nothing above PG",
//! "PG-13 or lower", "G-rated", "rated PG", "no R-rated films", "suitable for a 10-year-old",
//! "for kids", "family friendly", "for the whole family".
//!
//! Documented choices:
//! - An age maps to what it may watch: up to 7 → G, 8–12 → PG, 13–16 → PG-13, 17–20 → R; an
//!   older "year old" is an adult and sets nothing. The user's own age counts only said as a
//!   child would ("I'm 12", "my son is 9"), not "I'm 30 years old".
//! - "for kids", "with my kids", "kid/family friendly", "for the whole family", "kids' movies"
//!   → PG; "for toddlers", "little ones", "all ages" → G. The vocabulary still reads "kids",
//!   "family" and "year old" as the Family genre, as it did before certifications existed;
//!   the limit comes on top, so "family films" alone is the genre with no limit.
//! - "no R-rated" / "nothing rated R" → the step below (PG-13); "under PG-13" → PG.
//! - A bare "G" or "R" counts only next to "rated" ("G-rated", "rated R"): alone they are
//!   letters, and text.rs reads a lower-case "r" as "are" ("rated are" is still R).
//!
//! When several limits are said, the strictest wins.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::model::CERTIFICATIONS;

fn re(pattern: &str) -> Regex {
    Regex::new(&format!("(?ix){pattern}")).expect("certification pattern is valid")
}

/// Any certification next to "rated": `c`.
const RATED: &str = r"(?:rated\s+(?P<c>nc[\s-]?17|pg[\s-]?13|pg|g|r|are)\b|(?P<c2>nc[\s-]?17|pg[\s-]?13|pg|g|r)[\s-]+rated\b)";
/// A certification that is unambiguous on its own: `c3`.
const BARE: &str = r"(?P<c3>nc[\s-]?17|pg[\s-]?13|pg)\b";

/// "no R-rated films", "nothing rated R", "no PG-13": the step below.
static NOT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?:no|not|nothing|without|never|avoid)\s+(?:any(?:thing)?\s+|movies?\s+|films?\s+)?(?:{RATED}|\b{BARE})"
    ))
});

/// "nothing above PG", "at most PG-13", "PG-13 or lower", "up to PG".
static AT_MOST: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:(?:no(?:thing)?\s+(?:higher|more|stronger|harsher|worse)\s+than|(?:nothing|not|no)\s+(?:above|over|past|beyond|higher\s+than)|at\s+most|max(?:imum)?(?:\s+of)?|up\s+to|no\s+more\s+than)\s+(?:a\s+)?(?:rated\s+)?(?P<a>nc[\s-]?17|pg[\s-]?13|pg|g|r)\b
          | (?P<b>nc[\s-]?17|pg[\s-]?13|pg|g|r)(?:[\s-]+rated)?\s+(?:or\s+(?:lower|less|below|under|milder|tamer|younger|softer|cleaner)|and\s+(?:under|below|lower|younger)|max(?:imum)?|at\s+most|tops)\b)",
    )
});

/// "under PG-13", "below R", "milder than PG-13": the step below.
static BELOW: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:under|below|lower\s+than|milder\s+than|less\s+than)\s+(?:rated\s+)?(?P<a>nc[\s-]?17|pg[\s-]?13|pg|r)\b",
    )
});

/// "G-rated", "rated PG", "PG-13 movies", "PG".
static PLAIN: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"\b(?:{RATED}|{BARE})")));

const AGE_WORDS: &str = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen";

/// "a 10-year-old", "my 8 year old", "aged 12", "kids 6 and up", "a 7yo".
static AGE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?P<me>\b(?:i'?m|i\s+am)\s+)?
        (?:\b(?P<a>\d{{1,2}}|{AGE_WORDS})[\s-]*(?:years?|yrs?|yr)[\s-]*olds?\b
          | \b(?P<b>\d{{1,2}})\s*(?:yo|y/o|y\.o\.?)(?:\s|$|[,.!?])
          | \b(?:aged?|ages)\s+(?P<c>\d{{1,2}}|{AGE_WORDS})\b
          | \b(?:i'?m|i\s+am|(?:my\s+)?(?:son|daughter|kid|child|boy|girl)\s+is)\s+(?P<d>\d{{1,2}}|{AGE_WORDS})\s*(?:$|[,.!?]|and\b))"
    ))
});

/// PG: films for children, or for a family audience.
static KIDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:(?:for|with|suitable\s+for|appropriate\s+for|ok(?:ay)?\s+for|safe\s+for|good\s+for|fine\s+for)\s+(?:(?:the|my|our|a|young|younger|little|small|your)\s+)*(?:kids?|kiddos?|children|child|grandkids|grandchildren)\b
          | \b(?:kid|kids|child|children|family)[\s-]+(?:friendly|safe|appropriate|suitable)\b
          | \bfor\s+(?:the\s+|my\s+|our\s+)?(?:whole|entire)\s+family\b
          | \b(?:kids?'?s?|children'?s?)\s+(?:movies?|films?|flicks?|stuff)\b)",
    )
});

/// G: the youngest audience.
static LITTLE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:for|with|suitable\s+for)\s+(?:(?:the|my|our|a|young|little|small|very)\s+)*(?:toddlers?|preschoolers?|little\s+ones|tiny\s+tots|babies|little\s+kids|young\s+kids|small\s+kids)\b
          | \b(?:for\s+)?all\s+ages\b",
    )
});

/// Index of a certification name in [`CERTIFICATIONS`].
fn index_of(raw: &str) -> Option<usize> {
    let norm: String = raw
        .to_uppercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let norm = match norm.as_str() {
        "ARE" => "R",
        "PG13" => "PG-13",
        "NC17" => "NC-17",
        other => other,
    };
    let norm = norm.to_owned();
    CERTIFICATIONS.iter().position(|c| *c == norm)
}

fn group(caps: &Captures<'_>, names: &[&str]) -> Option<usize> {
    names
        .iter()
        .find_map(|n| caps.name(n))
        .and_then(|m| index_of(m.as_str()))
}

/// The strictest certification limit in `masked` (the message with titles blanked out).
pub(crate) fn detect(masked: &str) -> Option<String> {
    // Most messages say nothing about audiences: skip the patterns for them.
    let lower = masked.to_lowercase();
    let cues = [
        "pg",
        "nc",
        "rated",
        "year",
        "yo",
        "y/o",
        "age",
        "i'm",
        "i am",
        " is ",
        "kid",
        "child",
        "famil",
        "toddler",
        "little",
        "preschool",
        "bab",
        "tots",
        "grand",
    ];
    if !cues.iter().any(|c| lower.contains(c)) {
        return None;
    }
    let mut rest = masked.to_owned();
    let mut limits: Vec<usize> = Vec::new();
    let mut take = |regex: &Regex, rest: &mut String, step_down: bool, names: &[&str]| {
        let found: Vec<(std::ops::Range<usize>, Option<usize>)> = regex
            .captures_iter(rest)
            .take(4)
            .filter_map(|c| Some((c.get(0)?.range(), group(&c, names))))
            .collect();
        for (range, at) in found {
            let len = range.len();
            rest.replace_range(range, &" ".repeat(len));
            match at {
                // Nothing is below G: "no G-rated films" asks for nothing we can filter.
                Some(i) if step_down => {
                    if let Some(below) = i.checked_sub(1) {
                        limits.push(below);
                    }
                }
                Some(i) => limits.push(i),
                None => {}
            }
        }
    };
    take(&NOT, &mut rest, true, &["c", "c2", "c3"]);
    take(&AT_MOST, &mut rest, false, &["a", "b"]);
    take(&BELOW, &mut rest, true, &["a"]);
    take(&PLAIN, &mut rest, false, &["c", "c2", "c3"]);
    for caps in AGE.captures_iter(&rest).take(4) {
        // "I'm 30 years old" is the user, not who the film is for ("I'm 12" is read below).
        if caps.name("me").is_some() {
            continue;
        }
        let age = caps
            .name("a")
            .or(caps.name("b"))
            .or(caps.name("c"))
            .or(caps.name("d"))
            .and_then(|m| age(m.as_str()));
        match age {
            Some(0..=7) => limits.push(0),
            Some(8..=12) => limits.push(1),
            Some(13..=16) => limits.push(2),
            Some(17..=20) => limits.push(3),
            _ => {}
        }
    }
    if LITTLE.is_match(&rest) {
        limits.push(0);
    } else if KIDS.is_match(&rest) {
        limits.push(1);
    }
    limits
        .into_iter()
        .min()
        .map(|i| CERTIFICATIONS[i].to_owned())
}

fn age(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    let words = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
    ];
    let lower = s.to_lowercase();
    words.iter().position(|w| *w == lower).map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cert(s: &str) -> Option<String> {
        detect(&super::super::text::Text::new(s).clean)
    }

    #[test]
    fn limits_said_outright() {
        assert_eq!(cert("nothing above PG").as_deref(), Some("PG"));
        assert_eq!(cert("PG-13 or lower").as_deref(), Some("PG-13"));
        assert_eq!(cert("G-rated films").as_deref(), Some("G"));
        assert_eq!(cert("rated pg please").as_deref(), Some("PG"));
        assert_eq!(cert("no R-rated films").as_deref(), Some("PG-13"));
        assert_eq!(cert("nothing rated R").as_deref(), Some("PG-13"));
        assert_eq!(cert("nothing rated r").as_deref(), Some("PG-13"));
        assert_eq!(cert("under PG-13").as_deref(), Some("PG"));
        assert_eq!(cert("R rated horror").as_deref(), Some("R"));
    }

    #[test]
    fn ages_and_audiences() {
        assert_eq!(cert("suitable for a 10-year-old").as_deref(), Some("PG"));
        assert_eq!(cert("for my 6 year old").as_deref(), Some("G"));
        assert_eq!(cert("my 14 yo son").as_deref(), Some("PG-13"));
        assert_eq!(cert("for a seventeen year old").as_deref(), Some("R"));
        assert_eq!(cert("for kids").as_deref(), Some("PG"));
        assert_eq!(cert("family friendly").as_deref(), Some("PG"));
        assert_eq!(cert("for the whole family").as_deref(), Some("PG"));
        assert_eq!(cert("something for toddlers").as_deref(), Some("G"));
        assert_eq!(cert("I'm 30 years old"), None);
        assert_eq!(cert("I'm 12, what can I watch?").as_deref(), Some("PG"));
        assert_eq!(cert("my son is 9, any ideas").as_deref(), Some("PG"));
        assert_eq!(cert("I'm 30"), None);
        assert_eq!(cert("for my 40 year old husband"), None);
        assert_eq!(cert("family films"), None);
        assert_eq!(cert("my kids love it"), None);
        assert_eq!(cert("are there any good ones"), None);
    }
}
