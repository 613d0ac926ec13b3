//! Ratings: "I'd give Heat 4.5 stars", "rate it a 4", "Inception: 9/10", "5 stars for Dune",
//! "⭐⭐⭐⭐" (turned into "4 stars" by `text.rs`).
//!
//! Values are read loosely and stored strictly: words ("four and a half"), decimals ("4,5"),
//! out-of-ten and out-of-a-hundred scales, and a bare number above 5 (but at most 10) read as
//! out of ten; then rounded to the nearest half star within 0.5–5.0 ("0 stars" is ½ star).

use std::sync::LazyLock;

use moviebot_protocol::Stars;
use regex::{Captures, Regex};

use super::lexicon::Lexicon;
use super::ordinals;
use super::spans::{FilmSpan, Strength, film_at};
use super::text::Text;

const NUM: &str = r"(?P<n>(?:\d{1,3}(?:\.\d{1,2})?|\.5|zero|one|two|three|four|five|six|seven|eight|nine|ten|half)(?:\s+and\s+a\s+half|\s+point\s+five)?)";
const SCALE: &str = r"(?:\s*(?:/|out\s+of|outta)\s*(?P<scale>5|10|100|five|ten))";
const STARS: &str = r"(?P<stars>\s*stars?)";

fn re(pattern: &str) -> Regex {
    Regex::new(&format!("(?i){pattern}")).expect("rating pattern is valid")
}

/// "give ___ 4", "rate ___ 4.5 stars", "I'd rate ___ a solid 9/10".
static GIVE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:give|gave|giving|rate|rated|rating|score|scored|grade|graded)\s+"));

/// A value ending the clause after a GIVE cue.
static END_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:^|\s)(?:a\s+|an\s+)?{NUM}{SCALE}?{STARS}?(?:\s+(?:please|thanks|tbh|honestly|imo|maybe|from\s+me|lol|overall))*\s*$"
    ))
});

/// "___: 4 stars", "___ was a 9/10" at the start of a message (scale or "stars" required).
static TITLE_THEN_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^\s*(?:i\s+think\s+|honestly\s+|imo\s+|ok\s+|so\s+|well\s+)?(?P<t>[^,?!;]+?)\s+(?:(?:was|is|deserves|gets|get|-|was\s+like|is\s+like)\s+)?(?:a\s+|an\s+|a\s+solid\s+|solid\s+|like\s+a\s+)?{NUM}(?:{SCALE}|{STARS})"
    ))
});

/// "5 stars for ___".
static VALUE_FOR: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"{NUM}(?:{SCALE}|{STARS})\s+(?:for|to|on)\s+")));

/// Any value with a scale or "stars".
static ANY_VALUE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?:^|\s){NUM}(?:{SCALE}|{STARS})\b")));

/// "rate Heat" without a value: the conversation asks how many stars.
static RATE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\s*(?:please\s+)?(?:rate|i\s+want\s+to\s+rate|let\s+me\s+rate|can\s+i\s+rate|i'?d\s+like\s+to\s+rate)\s+",
    )
});

/// Words between a title and its value that are not part of the title.
const TRAILING_FILLER: &[&str] = &[
    "a",
    "an",
    "solid",
    "strong",
    "like",
    "about",
    "maybe",
    "easily",
    "full",
    "perfect",
    "only",
    "just",
    "around",
    "probably",
    "definitely",
    "least",
    "at",
    "out",
    "of",
    "generous",
];

/// A rating found in a message.
#[derive(Debug, Default)]
pub(crate) struct RatingFound {
    pub stars: Option<f32>,
    pub film: Option<FilmSpan>,
    /// "rate …" with no value: still a rating request.
    pub requested: bool,
}

pub(crate) fn detect(text: &Text, mask: &mut [bool], lexicon: &dyn Lexicon) -> RatingFound {
    let found = after_give(text, mask, lexicon)
        .or_else(|| title_then_value(text, mask, lexicon))
        .or_else(|| value_for(text, mask, lexicon))
        .or_else(|| any_value(text, mask, lexicon))
        .or_else(|| rate_only(text, mask, lexicon))
        .unwrap_or_default();
    if let Some(film) = &found.film {
        for i in film.words() {
            if let Some(m) = mask.get_mut(i) {
                *m = true;
            }
        }
    }
    found
}

fn after_give(text: &Text, mask: &[bool], lexicon: &dyn Lexicon) -> Option<RatingFound> {
    let masked = text.masked(mask);
    for cue in GIVE.find_iter(&masked).take(4) {
        let start = text.word_at(cue.end());
        let end = clause_end(text, start);
        let rest = text.slice(start, end);
        let Some(caps) = END_VALUE.captures(rest) else {
            continue;
        };
        let Some(stars) = value(&caps) else {
            continue;
        };
        let whole = caps.get(0)?;
        let before = start + rest[..whole.start()].split_whitespace().count();
        // "rate the last one": "one" names the card, it is not one star.
        let value_word = caps.name("n").map(|n| n.as_str().to_lowercase());
        let names_a_card = |from: usize, len: usize| {
            ordinals::at(text, from, before + 1).is_some_and(|r| {
                r.len == len && (r.pick.is_some() || r.last || text.words[from].key != "it")
            })
        };
        if value_word.as_deref() == Some("one")
            && (before > start && names_a_card(before - 1, 2)
                || before > start + 1 && names_a_card(before - 2, 3))
        {
            continue;
        }
        let mut title_end = before;
        while title_end > start && TRAILING_FILLER.contains(&text.words[title_end - 1].key.as_str())
        {
            title_end -= 1;
        }
        let film = (title_end > start)
            .then(|| film_at(text, mask, start, title_end, lexicon, Strength::Strong))
            .flatten();
        return Some(RatingFound {
            stars: Some(stars),
            film,
            requested: true,
        });
    }
    None
}

fn title_then_value(text: &Text, mask: &[bool], lexicon: &dyn Lexicon) -> Option<RatingFound> {
    let caps = TITLE_THEN_VALUE.captures(&text.clean)?;
    let stars = value(&caps)?;
    let t = caps.name("t")?;
    let film = film_at(
        text,
        mask,
        text.word_at(t.start()),
        text.words_before(t.end()),
        lexicon,
        Strength::Medium,
    );
    Some(RatingFound {
        stars: Some(stars),
        film,
        requested: false,
    })
    .filter(|f| f.film.is_some())
}

fn value_for(text: &Text, mask: &[bool], lexicon: &dyn Lexicon) -> Option<RatingFound> {
    let masked = text.masked(mask);
    let caps = VALUE_FOR.captures(&masked)?;
    let stars = value(&caps)?;
    let start = text.word_at(caps.get(0)?.end());
    let film = film_at(text, mask, start, usize::MAX, lexicon, Strength::Strong);
    Some(RatingFound {
        stars: Some(stars),
        film,
        requested: true,
    })
}

fn any_value(text: &Text, mask: &[bool], lexicon: &dyn Lexicon) -> Option<RatingFound> {
    let masked = text.masked(mask);
    for caps in ANY_VALUE.captures_iter(&masked).take(4) {
        let whole = caps.get(0)?;
        // "5 star movies" praises, it does not rate.
        let next = text.words.get(text.word_at(whole.end()));
        if next.is_some_and(|w| {
            matches!(
                w.key.as_str(),
                "movie" | "movies" | "film" | "films" | "flicks" | "rated" | "reviews"
            )
        }) {
            continue;
        }
        let Some(stars) = value(&caps) else {
            continue;
        };
        return Some(RatingFound {
            stars: Some(stars),
            film: super::spans::uncued_title(text, mask, lexicon, true),
            requested: false,
        });
    }
    None
}

fn rate_only(text: &Text, mask: &[bool], lexicon: &dyn Lexicon) -> Option<RatingFound> {
    let cue = RATE_ONLY.find(&text.clean)?;
    let film = film_at(
        text,
        mask,
        text.word_at(cue.end()),
        usize::MAX,
        lexicon,
        Strength::Strong,
    )?;
    Some(RatingFound {
        stars: None,
        film: Some(film),
        requested: true,
    })
}

fn clause_end(text: &Text, start: usize) -> usize {
    (start..text.words.len())
        .find(|&i| text.words[i].is_boundary() && text.words[i].key != ".")
        .unwrap_or(text.words.len())
}

/// Stars from a match of [`NUM`] with an optional scale.
fn value(caps: &Captures<'_>) -> Option<f32> {
    let n = caps.name("n")?.as_str().to_lowercase();
    let (base, half) = match n.split_once(' ') {
        Some((base, _)) => (base.to_owned(), true),
        None => (n, false),
    };
    let mut v: f32 = match base.as_str() {
        "zero" => 0.0,
        "half" => 0.5,
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        digits => digits.parse().ok()?,
    };
    if half {
        v += 0.5;
    }
    let scale = caps.name("scale").map(|s| s.as_str().to_lowercase());
    v = match scale.as_deref() {
        Some("10" | "ten") => v / 2.0,
        Some("100") => v / 20.0,
        Some(_) => v,
        None if v > 5.0 && v <= 10.0 => v / 2.0,
        None => v,
    };
    if !(0.0..=5.0).contains(&v) {
        return None;
    }
    Stars::rounded(v).map(Stars::get)
}
