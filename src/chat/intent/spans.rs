//! Turning the words after a cue ("movies like ___", "starring ___") into a film or a person.
//!
//! The cue says *where* a name starts; the lexicon says where it ends. The longest run of
//! words the lexicon knows exactly wins ("Gone with the Wind" keeps its "with"; "Alien but
//! newer" stops at "Alien"). Failing that, the span ends at the first word that cannot be part
//! of a request's title ("but", "with", "from", a year, "movies"…) and goes to the lexicon for
//! a fuzzy match, then — after a strong cue — is kept as the user's own words.

use std::ops::Range;

use super::lexicon::Lexicon;
use super::model::{FilmRef, PersonRef};
use super::ordinals::{self, POINTERS};
use super::text::Text;
use super::vocab;

/// How much a cue vouches for what follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strength {
    /// "movies like", "starring": whatever follows is a name, known or not.
    Strong,
    /// "with", "by": a name if the lexicon knows it or the user capitalised it.
    Medium,
    /// "what's", "show me": only an exact lexicon match counts.
    Weak,
}

/// A film found after a cue.
#[derive(Debug, Clone)]
pub(crate) enum FilmSpan {
    Film {
        film: FilmRef,
        words: Range<usize>,
    },
    /// "it", "that one", "the second one", "the last one": the last result, optionally a
    /// numbered card or its last one.
    Pointer {
        pick: Option<u8>,
        last: bool,
        words: Range<usize>,
    },
}

impl FilmSpan {
    pub fn words(&self) -> Range<usize> {
        match self {
            FilmSpan::Film { words, .. } | FilmSpan::Pointer { words, .. } => words.clone(),
        }
    }
}

/// A person found after a cue.
#[derive(Debug, Clone)]
pub(crate) struct PersonSpan {
    pub person: PersonRef,
    pub words: Range<usize>,
}

/// Words that end a title or name span when the lexicon does not know the longer one.
const SOFT_STOPS: &[&str] = &[
    "but",
    "with",
    "starring",
    "featuring",
    "from",
    "and",
    "or",
    "that",
    "which",
    "who",
    "where",
    "when",
    "please",
    "for",
    "except",
    "without",
    "released",
    "made",
    "set",
    "around",
    "during",
    "on",
    "in",
    "because",
    "since",
    "so",
    "though",
    "maybe",
    "also",
    "tonight",
    "today",
    "now",
    "again",
    "instead",
    "too",
    "either",
    "plus",
    "if",
    "is",
    "was",
    "are",
    "were",
    "vibes",
    "vibe",
    "type",
    "kind",
    "sort",
    "style",
    "than",
    "then",
    "thanks",
    "i",
    "i'm",
    "we",
    "you",
    "my",
    "me",
    "any",
    "anything",
    "something",
    "to",
    "at",
    "as",
    "streaming",
    "stream",
    "online",
    "anywhere",
    "available",
    "movie",
    "movies",
    "film",
    "films",
    "flick",
    "flicks",
    "ones",
    "by",
    "directed",
    "stars",
    "star",
    "out",
    "lol",
    "haha",
    "tbh",
    "pls",
    "right",
    "rn",
    "ok",
    "okay",
];

/// Words a film or person span cannot start with: they begin descriptions, not names.
const NOT_A_START: &[&str] = &[
    "something",
    "anything",
    "some",
    "any",
    "a",
    "an",
    "more",
    "other",
    "others",
    "another",
    "good",
    "great",
    "best",
    "better",
    "movie",
    "movies",
    "film",
    "films",
    "flick",
    "flicks",
    "stuff",
    "what",
    "which",
    "me",
    "you",
    "us",
    "my",
    "your",
    "his",
    "her",
    "their",
    "our",
    "there",
    "here",
    "i",
    "we",
    "they",
    "he",
    "she",
    "lots",
    "lot",
    "plenty",
    "no",
    "not",
    "really",
    "very",
    "so",
    "just",
    "kind",
    "sort",
    "type",
    "popular",
    "trending",
    "new",
    "recent",
    "old",
    "older",
    "newer",
    "classic",
    "top",
    "highly",
    "one",
    "ones",
    "all",
    "everything",
    "nothing",
    "please",
    "thanks",
    "friends",
    "family",
    "kids",
    "people",
    "someone",
    "somebody",
    "how",
    "why",
    "when",
    "where",
    "who",
    "is",
    "are",
    "was",
    "do",
    "does",
    "and",
    "or",
    "but",
    "with",
    "to",
    "for",
    "of",
    "in",
    "on",
    "at",
    "by",
    "from",
    "as",
    "if",
    "like",
    "watch",
    "see",
    "tonight",
    "today",
    "now",
    "actor",
    "actors",
    "actress",
    "director",
    "directors",
    "same",
    "similar",
    "different",
    "else",
    "famous",
    "big",
    "ok",
    "okay",
    "yes",
    "no",
    "hi",
    "hello",
    "hey",
    "everyone",
    "everybody",
    "people",
    "folks",
    "it's",
    "that's",
    "going",
    "up",
    "this",
    "that",
    "these",
    "those",
    "them",
    "it",
];

fn is_year_like(key: &str) -> bool {
    let digits: String = key.chars().filter(char::is_ascii_digit).collect();
    let decade = key.ends_with('s') && digits.len() >= 2 && digits.ends_with('0');
    let year = digits.len() == 4
        && key.len() <= 5
        && (digits.starts_with("19") || digits.starts_with("20"));
    decade || year
}

/// Words `start..end` of the hard window: stops at boundaries, masked words and `limit`.
fn window(text: &Text, mask: &[bool], start: usize, limit: usize, max: usize) -> usize {
    let mut end = start;
    while end < limit.min(text.words.len())
        && end - start < max
        && !text.words[end].is_boundary()
        && !mask.get(end).copied().unwrap_or(false)
    {
        end += 1;
    }
    end
}

/// Skips "the movie", "a film called", "movie named" before a title.
fn skip_title_filler(text: &Text, mut i: usize, end: usize) -> usize {
    let key = |j: usize| (j < end).then(|| text.words[j].key.as_str());
    if matches!(key(i), Some("the" | "a" | "that")) && matches!(key(i + 1), Some("movie" | "film"))
    {
        i += 2;
    } else if matches!(key(i), Some("movie" | "film"))
        && matches!(key(i + 1), Some("called" | "named" | "titled"))
    {
        i += 1;
    }
    if matches!(key(i), Some("called" | "named" | "titled")) {
        i += 1;
    }
    i
}

/// "it", "that one", "the 2nd one", "the last one": a card of the last list (`ordinals.rs`).
fn pointer(text: &Text, i: usize, end: usize) -> Option<FilmSpan> {
    let r = ordinals::at(text, i, end)?;
    Some(FilmSpan::Pointer {
        pick: r.pick,
        last: r.last,
        words: i..i + r.len,
    })
}

/// Small words a Title Case name keeps inside it ("Lost in Translation").
/// ("with", "by" and "from" are left out: they usually start a name or a year instead.)
const MINOR: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "and", "for", "to", "or",
];

/// The first stop position of a soft span starting at `i`.
fn soft_end(text: &Text, i: usize, end: usize, max: usize, person: bool) -> usize {
    let upper = |j: usize| j < end && capitalised(text.slice(j, j + 1));
    let mut j = i;
    while j < end && j - i < max {
        let key = text.words[j].key.as_str();
        // In a Title Case span, a lowercase minor word between capitals belongs to it.
        let inside_title =
            j > i && MINOR.contains(&key) && upper(j - 1) && upper(j + 1) && !upper(j);
        let stop = SOFT_STOPS.contains(&key)
            || is_year_like(key)
            || (person && vocab::is_term_word(key))
            || limit_starts(text, j, end);
        if stop && !inside_title {
            break;
        }
        j += 1;
    }
    j
}

/// "under 2 hours", "over an hour", "at most 90 minutes": a runtime limit, not a name's end.
fn limit_starts(text: &Text, j: usize, end: usize) -> bool {
    let next = (j + 1 < end).then(|| text.words[j + 1].key.as_str());
    matches!(
        text.words[j].key.as_str(),
        "under" | "over" | "below" | "above" | "less" | "more" | "longer" | "shorter" | "at"
    ) && next.is_some_and(|n| {
        n.starts_with(|c: char| c.is_ascii_digit())
            || matches!(
                n,
                "a" | "an" | "one" | "two" | "three" | "half" | "most" | "least"
            )
    })
}

pub(crate) fn trim_span(s: &str) -> &str {
    s.trim_matches(|c: char| matches!(c, ':' | '\'' | '"' | '-' | ',' | '.' | ' '))
}

/// A film starting at word `start`, within words `..limit`.
pub(crate) fn film_at(
    text: &Text,
    mask: &[bool],
    start: usize,
    limit: usize,
    lexicon: &dyn Lexicon,
    strength: Strength,
) -> Option<FilmSpan> {
    let hard_end = window(text, mask, start, limit, 9);
    // A quoted title is exactly what is inside the quotes.
    if text.words.get(start).is_some_and(|w| w.key == "\"") {
        let close = (start + 1..limit.min(text.words.len()))
            .find(|&j| text.words[j].key == "\"")
            .unwrap_or(limit.min(text.words.len()));
        let words = start + 1..close;
        let said = trim_span(text.slice(words.start, words.end));
        if said.is_empty() {
            return None;
        }
        let matched = lexicon.resolve_title(said);
        return Some(film(
            said,
            matched,
            start..(close + 1).min(text.words.len()),
        ));
    }
    let i = skip_title_filler(text, start, hard_end);
    if let Some(p) = pointer(text, i, hard_end) {
        // After a weak cue ("what's that …") only a pointer that ends the clause counts.
        if strength != Strength::Weak || p.words().end == hard_end {
            return Some(p);
        }
        return None;
    }
    // Longest exact match first; skip candidates ending in a word no title request ends on.
    for k in (i + 1..=hard_end).rev() {
        let last = text.words[k - 1].key.as_str();
        if k - i > 1
            && SOFT_STOPS.contains(&last)
            && !matches!(last, "out" | "now" | "star" | "stars")
        {
            continue;
        }
        let said = trim_span(text.slice(i, k));
        // After a weak cue a short lower-case word is more likely English than a title
        // ("what's up" is not a question about Up).
        if said.is_empty() || (strength == Strength::Weak && said.len() < 5 && !capitalised(said)) {
            continue;
        }
        if let Some(m) = lexicon.resolve_exact_title(said) {
            return Some(film(said, Some(m), i..k));
        }
    }
    let first = text.words.get(i)?.key.as_str();
    // "tell me about Everything Everywhere…": after a strong cue a capitalised word starts a
    // title even if it usually starts a description.
    let typed_as_title = strength == Strength::Strong && capitalised(text.slice(i, i + 1));
    if (NOT_A_START.contains(&first) || vocab::is_term_word(first)) && !typed_as_title {
        return None;
    }
    let end = soft_end(text, i, hard_end, 7, false).max(i + usize::from(typed_as_title));
    let said = trim_span(text.slice(i, end));
    if said.is_empty() {
        return None;
    }
    let matched = lexicon.resolve_title(said);
    match (matched, strength) {
        (Some(m), Strength::Strong | Strength::Medium) => Some(film(said, Some(m), i..end)),
        (Some(m), Strength::Weak) if m.exact => Some(film(said, Some(m), i..end)),
        (None, Strength::Strong) => Some(film(said, None, i..end)),
        (None, Strength::Medium) if capitalised(said) => Some(film(said, None, i..end)),
        _ => None,
    }
}

/// A film span from the user's words and what the lexicon made of them.
pub(crate) fn film(
    said: &str,
    matched: Option<super::lexicon::TitleMatch>,
    words: Range<usize>,
) -> FilmSpan {
    let film = match matched {
        Some(m) => FilmRef {
            words: said.to_owned(),
            canonical: Some(m.canonical),
            year: m.year,
            exact: m.exact,
        },
        None => FilmRef {
            words: said.to_owned(),
            canonical: None,
            year: None,
            exact: false,
        },
    };
    FilmSpan::Film { film, words }
}

/// Every word starts with an upper-case letter or a digit: how people type a name.
pub(crate) fn capitalised(said: &str) -> bool {
    said.split(' ').all(|w| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    })
}

/// A person starting at word `start`.
pub(crate) fn person_at(
    text: &Text,
    mask: &[bool],
    start: usize,
    lexicon: &dyn Lexicon,
    strength: Strength,
) -> Option<PersonSpan> {
    let hard_end = window(text, mask, start, usize::MAX, 5);
    let mut i = start;
    // "starring the actor Tom Hanks", "directed by director …".
    while i < hard_end
        && matches!(
            text.words[i].key.as_str(),
            "the" | "actor" | "actress" | "director" | "filmmaker"
        )
    {
        i += 1;
    }
    for k in (i + 1..=hard_end).rev() {
        let said = trim_span(text.slice(i, k));
        if let Some(m) = lexicon.resolve_exact_person(said) {
            return Some(person(said, Some(m), i..k));
        }
    }
    let first = text.words.get(i)?.key.as_str();
    if NOT_A_START.contains(&first) || POINTERS.contains(&first) || vocab::is_term_word(first) {
        return None;
    }
    let end = soft_end(text, i, hard_end, 4, true);
    let said = trim_span(text.slice(i, end));
    if said.is_empty() || said.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    match (lexicon.resolve_person(said), strength) {
        (Some(m), Strength::Strong | Strength::Medium) => Some(person(said, Some(m), i..end)),
        (Some(m), Strength::Weak) if m.exact => Some(person(said, Some(m), i..end)),
        (None, Strength::Strong) => Some(person(said, None, i..end)),
        (None, Strength::Medium) if capitalised(said) => Some(person(said, None, i..end)),
        _ => None,
    }
}

/// A person span from the user's words and what the lexicon made of them.
pub(crate) fn person(
    said: &str,
    matched: Option<super::lexicon::PersonMatch>,
    words: Range<usize>,
) -> PersonSpan {
    let exact = matched.as_ref().is_some_and(|m| m.exact);
    PersonSpan {
        person: PersonRef {
            words: said.to_owned(),
            canonical: matched.map(|m| m.canonical),
            exact,
        },
        words,
    }
}

/// A word no name is made of alone: a function word, a request word, or a genre or mood.
pub(crate) fn everyday(text: &Text, j: usize) -> bool {
    let key = text.words[j].key.as_str();
    NOT_A_START.contains(&key) || SOFT_STOPS.contains(&key) || vocab::is_term_word(key)
}

/// A title named with no cue at all ("I watched The Matrix yesterday"): only spans that look
/// typed as a title count — Title Case (not a lone first word, which any sentence
/// capitalises), or two or more lower-case words that are not all everyday or genre words.
/// `relaxed` also takes a lone lower-case word of five letters or more, for messages that
/// clearly talk about a film already ("watched inception, anything similar?", "heat, 5 stars").
pub(crate) fn uncued_title(
    text: &Text,
    mask: &[bool],
    lexicon: &dyn Lexicon,
    relaxed: bool,
) -> Option<FilmSpan> {
    title_anywhere(text, mask, lexicon, |words| {
        if relaxed
            && words.len() == 1
            && text.words[words.start].key.len() >= 5
            && !everyday(text, words.start)
        {
            return true;
        }
        let said = text.slice(words.start, words.end);
        let title_case = said
            .split(' ')
            .enumerate()
            .all(|(n, w)| n == 0 && capitalised(w) || capitalised(w) || MINOR.contains(&w));
        if title_case {
            return words.start > 0 || words.len() > 1;
        }
        let everyday = |j: usize| everyday(text, j);
        let article = |j: &usize| matches!(text.words[*j].key.as_str(), "the" | "a" | "an");
        let content = words.clone().filter(|j| !article(j)).count();
        content >= 2 && !words.clone().all(everyday) && !everyday(words.start)
    })
}

fn title_anywhere(
    text: &Text,
    mask: &[bool],
    lexicon: &dyn Lexicon,
    plausible: impl Fn(Range<usize>) -> bool,
) -> Option<FilmSpan> {
    let n = text.words.len().min(24);
    for len in (1..=6).rev() {
        for i in 0..n {
            let end = i + len;
            if end > n || (i..end).any(|j| mask[j] || text.words[j].is_boundary()) {
                continue;
            }
            let said = text.slice(i, end);
            if said.chars().all(|c| c.is_ascii_digit() || c == '.') || !plausible(i..end) {
                continue;
            }
            if let Some(m) = lexicon.resolve_exact_title(said) {
                return Some(FilmSpan::Film {
                    film: super::model::FilmRef {
                        words: said.to_owned(),
                        canonical: Some(m.canonical),
                        year: m.year,
                        exact: true,
                    },
                    words: i..end,
                });
            }
        }
    }
    None
}
