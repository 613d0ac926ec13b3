//! Opinions about a named film read as a rating: "Titanic was awful" (1★), "Cats was
//! disappointing" (2★), "Heat was ok" (3★), "I really enjoyed Amélie" (4★), "loved
//! Inception" (4.5★), "Dune was a masterpiece" (5★), "best film I've seen this year: Dune"
//! (5★), "just watched Heat, it was great", "the 2nd one was great".
//!
//! Only a film the lexicon knows exactly, or a card pointed at by place ("the second one",
//! "the last one"), is rated: "the weather was awful", "it was great" or a fuzzy guess are
//! not. A message that asks for something ("I loved Arrival, anything similar?", "I want a
//! film that isn't awful", any "?") is a request, not an opinion, and a taste ("I love
//! horror") is a preference: neither names a film. The conversation stores the stars at once
//! and offers an undo (`ParsedIntent::opinion`).
//!
//! The scale (a negation flips it: "wasn't great" 2★, "not bad" 3★):
//! - 5: masterpiece, perfect, flawless, the best (film I've seen…), my favourite; "absolutely
//!   loved"
//! - 4.5: amazing, brilliant, fantastic, incredible, awesome, superb, stunning…; "loved"
//! - 4: great, excellent, beautiful, "really good"; "enjoyed", "really liked"
//! - 3.5: good, fun, enjoyable, solid, nice, entertaining; "liked"
//! - 3: ok, fine, alright, decent, average, watchable
//! - 2.5: meh, mediocre, so-so, forgettable, underwhelming
//! - 2: disappointing, boring, bad, overrated, dull, a letdown; "disliked", "didn't like"
//! - 1.5: "really bad", "so bad"
//! - 1: awful, terrible, horrible, garbage, a waste of time; "hated", "couldn't stand"
//! - 0.5: the worst (film ever)

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::Lexicon;
use super::spans::{FilmSpan, Strength, capitalised, film_at};
use super::text::Text;

fn re(pattern: &str) -> Regex {
    Regex::new(&format!("(?ix){pattern}")).expect("opinion pattern is valid")
}

/// A message that asks for something is not an opinion.
static ASKS: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\?|\b(?:
        re?c+om+[ae]n+d\w*|suggest\w*|similar|anything|something|more\s+like|others?\s+like
      | ones?\s+like|movies?\s+like|films?\s+like|what\s+(?:should|else|to|can|could|would|do)
      | show\s+me|find\s+me|give\s+me|get\s+me|any\s+(?:ideas|recs?|suggestions|more|others?)
      | like\s+(?:it|that|this)|same\s+vibes?|else|want|looking\s+for|where|how|why|when
      | who|which|tell\s+me|add|watchlist|rate|rating|stars?
    )\b")
});

/// Chat openers before the film ("honestly, Heat was great", "just watched Heat…").
const OPENERS: &[&str] = &[
    "honestly",
    "tbh",
    "ok",
    "okay",
    "so",
    "well",
    "man",
    "wow",
    "omg",
    "ngl",
    "imo",
    "yeah",
    "btw",
    "update",
    "i",
    "we",
    "just",
    "finally",
    "watched",
    "saw",
    "seen",
    "finished",
    "caught",
    "rewatched",
    "have",
    "i've",
    "we've",
    "thought",
    "think",
    "found",
    "felt",
    ",",
    "-",
    ":",
    "!",
    ".",
];

/// Words between the film and "it was …"/"loved it" ("watched Heat last night and loved it").
const GLUE: &[&str] = &[
    ",",
    ".",
    "!",
    "-",
    ":",
    "and",
    "but",
    "last",
    "night",
    "yesterday",
    "today",
    "tonight",
    "earlier",
    "again",
    "finally",
    "this",
    "weekend",
    "morning",
    "evening",
    "afternoon",
    "week",
    "i",
    "honestly",
    "so",
    "really",
    "just",
    "with",
    "my",
    "the",
    "wife",
    "husband",
    "kids",
    "friends",
    "family",
    "partner",
    "on",
    "at",
    "cinema",
    "cinemas",
    "theater",
    "theatre",
    "netflix",
    "tv",
    "plane",
    "&",
    "lol",
];

/// Words that can stand between a verb and what it judges without changing it.
const SOFTENERS: &[&str] = &[
    "really",
    "so",
    "very",
    "pretty",
    "just",
    "absolutely",
    "totally",
    "quite",
    "truly",
    "honestly",
    "genuinely",
    "incredibly",
    "super",
    "utterly",
    "seriously",
    "actually",
    "kinda",
    "rather",
    "fairly",
    "such",
    "a",
    "an",
    "kind",
    "sort",
    "of",
    "bit",
    "little",
    "lowkey",
    "highkey",
    "also",
    "definitely",
    "probably",
    "still",
    "extremely",
    "insanely",
    "way",
];

/// Judgements, longest first where one starts another.
const JUDGEMENTS: &[(&str, f32)] = &[
    ("one of the best", 4.5),
    ("the best", 5.0),
    ("the greatest", 5.0),
    ("the worst", 0.5),
    ("my favourite", 5.0),
    ("my favorite", 5.0),
    ("my new favourite", 5.0),
    ("my new favorite", 5.0),
    ("peak cinema", 5.0),
    ("masterpiece", 5.0),
    ("perfect", 5.0),
    ("flawless", 5.0),
    ("amazing", 4.5),
    ("brilliant", 4.5),
    ("fantastic", 4.5),
    ("incredible", 4.5),
    ("awesome", 4.5),
    ("superb", 4.5),
    ("outstanding", 4.5),
    ("phenomenal", 4.5),
    ("stunning", 4.5),
    ("epic", 4.5),
    ("mind-blowing", 4.5),
    ("mind blowing", 4.5),
    ("wonderful", 4.5),
    ("spectacular", 4.5),
    ("magnificent", 4.5),
    ("exceptional", 4.5),
    ("sublime", 4.5),
    ("breathtaking", 4.5),
    ("great", 4.0),
    ("excellent", 4.0),
    ("beautiful", 4.0),
    ("gripping", 4.0),
    ("lovely", 4.0),
    ("impressive", 4.0),
    ("terrific", 4.0),
    ("moving", 4.0),
    ("powerful", 4.0),
    ("good", 3.5),
    ("enjoyable", 3.5),
    ("fun", 3.5),
    ("solid", 3.5),
    ("nice", 3.5),
    ("entertaining", 3.5),
    ("worth it", 3.5),
    ("worth watching", 3.5),
    ("worth a watch", 3.5),
    ("charming", 3.5),
    ("ok", 3.0),
    ("okay", 3.0),
    ("fine", 3.0),
    ("alright", 3.0),
    ("all right", 3.0),
    ("decent", 3.0),
    ("average", 3.0),
    ("watchable", 3.0),
    ("passable", 3.0),
    ("meh", 2.5),
    ("mediocre", 2.5),
    ("so-so", 2.5),
    ("forgettable", 2.5),
    ("underwhelming", 2.5),
    ("disappointing", 2.0),
    ("disappointment", 2.0),
    ("letdown", 2.0),
    ("let down", 2.0),
    ("let-down", 2.0),
    ("boring", 2.0),
    ("bad", 2.0),
    ("overrated", 2.0),
    ("dull", 2.0),
    ("weak", 2.0),
    ("tedious", 2.0),
    ("awful", 1.0),
    ("terrible", 1.0),
    ("horrible", 1.0),
    ("dreadful", 1.0),
    ("garbage", 1.0),
    ("trash", 1.0),
    ("rubbish", 1.0),
    ("crap", 1.0),
    ("crappy", 1.0),
    ("waste of time", 1.0),
    ("unwatchable", 1.0),
    ("atrocious", 1.0),
    ("disaster", 1.0),
    ("painful", 1.0),
    ("abysmal", 1.0),
    ("horrendous", 1.0),
];

/// "was", "is", "wasn't" …: `neg` when negated.
static BE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:was|is|were|felt|seemed|(?P<neg>wasn'?t|isn'?t|wasnt|isnt|was\s+not|is\s+not|was\s+never|felt\s+not))\s+",
    )
});

/// "loved", "really enjoyed", "didn't like", "couldn't stand": `neg`, `strong`, `verb`.
const VERB: &str = r"(?:(?P<strong>absolutely|totally|completely)\s+|(?P<really>really|truly|genuinely|so|very\s+much)\s+|(?:just|honestly|actually|kinda|kind\s+of|sort\s+of|also|seriously)\s+)*(?P<neg>(?:didn'?t|did\s+not|don'?t|do\s+not|never)\s+(?:really\s+|much\s+)?)?(?P<verb>loved?|adored?|enjoyed?|liked?|hated?|disliked?|despised?|loathed?|(?:couldn'?t|can'?t|could\s+not|cannot)\s+stand)";

/// "I loved Inception": the film follows.
static VERB_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^\s*(?:(?:honestly|tbh|ok|okay|so|well|man|wow|omg|ngl|yeah|btw)\s+(?:,\s+)?)*(?P<subject>i\s+|we\s+)?{VERB}\s+"
    ))
});

/// "… and loved it", "… it was great": the film came before.
static ABOUT_IT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:\b(?:i\s+|we\s+)?{VERB}\s+(?:it|that|this)(?:\s+one)?\b|\b(?:it|that)\s+(?P<be>was|is|wasn'?t|isn'?t|wasnt|was\s+not|is\s+not)\s+)"
    ))
});

/// "best film I've seen this year: Dune".
static BEST_SEEN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\s*(?:(?:easily|honestly|probably|definitely|hands\s+down)\s+)?(?:the\s+|my\s+)?(?P<which>best|greatest|favou?rite|worst)\s+(?:film|movie|thing)\s+(?:i'?ve|i\s+have|i|we'?ve|of)\s*(?:ever\s+)?(?:seen|watched|the\s+year|all\s+time)?(?:\s+(?:this|all|in|of|so\s+far)(?:\s+(?:year|month|week|decade|ages|a\s+while|years|my\s+life|time|far)){0,2})?\s*(?:[:=,-]\s*|(?:is|was|has\s+to\s+be|goes\s+to)\s+)+",
    )
});

/// What an opinion rated.
#[derive(Debug, Clone)]
pub(crate) struct Opinion {
    pub stars: f32,
    pub film: FilmSpan,
}

pub(crate) fn detect(text: &Text, mask: &mut [bool], lexicon: &dyn Lexicon) -> Option<Opinion> {
    if text.words.is_empty() || text.words.len() > 40 || ASKS.is_match(&text.clean) {
        return None;
    }
    let (stars, film, judged) = best_seen(text, mask, lexicon)
        .or_else(|| verb_first(text, mask, lexicon))
        .or_else(|| subject_first(text, mask, lexicon))
        .or_else(|| about_it(text, mask, lexicon))?;
    for i in film.words().chain(judged) {
        if let Some(m) = mask.get_mut(i) {
            *m = true;
        }
    }
    Some(Opinion { stars, film })
}

type Found = (f32, FilmSpan, Range<usize>);

/// A film the lexicon knows exactly, or a card pointed at by place, spanning `start..end`.
fn rated_film(
    text: &Text,
    mask: &[bool],
    start: usize,
    end: usize,
    lexicon: &dyn Lexicon,
) -> Option<FilmSpan> {
    let span = film_at(text, mask, start, end, lexicon, Strength::Medium)?;
    let ok = match &span {
        // A short lower-case word is more likely English ("I liked up to…", "loved heat").
        FilmSpan::Film { film, words } => {
            film.exact
                && film.canonical.is_some()
                && (words.len() > 1 || film.words.len() >= 5 || capitalised(&film.words))
        }
        FilmSpan::Pointer { pick, last, .. } => pick.is_some() || *last,
    };
    ok.then_some(span)
}

fn best_seen(text: &Text, mask: &[bool], lexicon: &dyn Lexicon) -> Option<Found> {
    let caps = BEST_SEEN.captures(&text.clean)?;
    let which = caps.name("which")?.as_str().to_lowercase();
    let stars = if which == "worst" { 0.5 } else { 5.0 };
    let cue_end = text.word_at(caps.get(0)?.end());
    let end = clause_end(text, cue_end);
    let film = rated_film(text, mask, cue_end, end, lexicon)?;
    (film.words().end == end).then_some((stars, film, 0..cue_end))
}

fn verb_first(text: &Text, mask: &[bool], lexicon: &dyn Lexicon) -> Option<Found> {
    let caps = VERB_FIRST.captures(&text.clean)?;
    // Without "I", only the past is an opinion ("loved Heat"); "like Heat" asks for similar.
    let past = caps
        .name("verb")
        .is_some_and(|v| v.as_str().ends_with('d') || v.as_str().ends_with("stand"));
    if caps.name("subject").is_none() && caps.name("neg").is_none() && !past {
        return None;
    }
    let stars = verb_stars(&caps)?;
    let cue_end = text.word_at(caps.get(0)?.end());
    let film = rated_film(text, mask, cue_end, clause_end(text, cue_end), lexicon)?;
    // "I love alien movies" is a taste, not Alien.
    let next = text.words.get(film.words().end).map(|w| w.key.as_str());
    if next.is_some_and(|k| NOT_AFTER.contains(&k)) {
        return None;
    }
    Some((stars, film, 0..cue_end))
}

/// Words after a film that make it a description, not the film ("alien movies").
const NOT_AFTER: &[&str] = &[
    "movie",
    "movies",
    "film",
    "films",
    "flick",
    "flicks",
    "series",
    "franchise",
    "saga",
    "trilogy",
    "style",
    "type",
    "kind",
    "sort",
    "vibe",
    "vibes",
    "stuff",
    "ones",
    "fans",
    "like",
    "-like",
    "and",
];

fn subject_first(text: &Text, mask: &[bool], lexicon: &dyn Lexicon) -> Option<Found> {
    let start = skip_openers(text, 0);
    let limit = clause_end(text, start);
    // The first "was"/"is" of the clause ends the subject.
    let be_at = (start + 1..limit).find(|&j| {
        matches!(
            text.words[j].key.as_str(),
            "was" | "is" | "were" | "wasn't" | "isn't" | "wasnt" | "isnt" | "felt" | "seemed"
        )
    })?;
    let rest = &text.clean[text.words[be_at].start..];
    let caps = BE.captures(rest)?;
    let negated = caps.name("neg").is_some();
    let after = text.word_at(text.words[be_at].start + caps.get(0)?.end());
    let (stars, _) = judgement(text, after, limit)?;
    let film = rated_film(text, mask, start, be_at, lexicon)?;
    if film.words().end != be_at {
        return None;
    }
    Some((flip(stars, negated), film, be_at..limit))
}

fn about_it(text: &Text, mask: &[bool], lexicon: &dyn Lexicon) -> Option<Found> {
    let caps = ABOUT_IT.captures(&text.clean)?;
    let whole = caps.get(0)?;
    let cue_start = text.word_at(whole.start());
    let cue_end = text.word_at(whole.end());
    let stars = if caps.name("be").is_some() {
        let negated = caps.name("be").is_some_and(|b| {
            b.as_str().contains("n't") || b.as_str().contains("not") || b.as_str() == "wasnt"
        });
        let (stars, _) = judgement(text, cue_end, clause_end(text, cue_end))?;
        flip(stars, negated)
    } else {
        verb_stars(&caps)?
    };
    let start = skip_openers(text, 0);
    if start >= cue_start {
        return None;
    }
    let film = rated_film(text, mask, start, cue_start, lexicon)?;
    let film_end = film.words().end;
    let glue_only = (film_end..cue_start).all(|j| GLUE.contains(&text.words[j].key.as_str()));
    glue_only.then_some((stars, film, film_end..clause_end(text, cue_end)))
}

fn skip_openers(text: &Text, mut i: usize) -> usize {
    while i < text.words.len() && OPENERS.contains(&text.words[i].key.as_str()) {
        i += 1;
    }
    i
}

/// The first boundary (but not a "." inside an abbreviation, already joined) from `start`.
fn clause_end(text: &Text, start: usize) -> usize {
    (start..text.words.len())
        .find(|&i| text.words[i].is_boundary())
        .unwrap_or(text.words.len())
}

/// Stars for the judgement starting at word `i` (softeners skipped), and where it ends.
fn judgement(text: &Text, mut i: usize, limit: usize) -> Option<(f32, usize)> {
    let mut intensified = false;
    let mut negated = false;
    while i < limit {
        let key = text.words[i].key.as_str();
        if key == "not" || key == "never" {
            negated = !negated;
        } else if SOFTENERS.contains(&key) {
            intensified |= matches!(key, "really" | "very" | "so" | "super" | "extremely");
        } else {
            break;
        }
        i += 1;
    }
    for (phrase, stars) in JUDGEMENTS {
        let len = phrase.split(' ').count();
        if i + len > limit {
            continue;
        }
        let said: Vec<&str> = (i..i + len).map(|j| text.words[j].key.as_str()).collect();
        if said.join(" ") != *phrase {
            continue;
        }
        let stars = match (*phrase, intensified) {
            ("good", true) => 4.0,
            ("bad", true) => 1.5,
            _ => *stars,
        };
        return Some((flip(stars, negated), i + len));
    }
    None
}

/// A negated judgement: praise becomes 2★, a complaint 3★.
fn flip(stars: f32, negated: bool) -> f32 {
    match (negated, stars) {
        (false, s) => s,
        (true, s) if s >= 3.0 => 2.0,
        (true, _) => 3.0,
    }
}

fn verb_stars(caps: &regex::Captures<'_>) -> Option<f32> {
    let verb = caps.name("verb")?.as_str().to_lowercase();
    let negated = caps.name("neg").is_some();
    let strong = caps.name("strong").is_some();
    let really = caps.name("really").is_some();
    let stars = if verb.starts_with("love") || verb.starts_with("adore") {
        if strong { 5.0 } else { 4.5 }
    } else if verb.starts_with("enjoy") {
        4.0
    } else if verb.starts_with("like") {
        if really || strong { 4.0 } else { 3.5 }
    } else if verb.starts_with("dislike") {
        2.0
    } else {
        1.0
    };
    Some(match (negated, stars) {
        (false, s) => s,
        (true, s) if s >= 3.5 && !verb.starts_with("love") => 2.0,
        (true, s) if s >= 3.5 => 3.0,
        (true, _) => 3.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stars_of(s: &str) -> Option<f32> {
        let text = Text::new(s);
        let end = text.words.len();
        (0..end)
            .find_map(|i| judgement(&text, i, end))
            .map(|(s, _)| s)
    }

    #[test]
    fn the_scale() {
        assert_eq!(stars_of("awful"), Some(1.0));
        assert_eq!(stars_of("disappointing"), Some(2.0));
        assert_eq!(stars_of("ok"), Some(3.0));
        assert_eq!(stars_of("really good"), Some(4.0));
        assert_eq!(stars_of("a masterpiece"), Some(5.0));
        assert_eq!(stars_of("meh"), Some(2.5));
        assert_eq!(stars_of("not great"), Some(2.0));
        assert_eq!(stars_of("not bad"), Some(3.0));
        assert_eq!(stars_of("the worst"), Some(0.5));
    }
}
