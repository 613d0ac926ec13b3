//! Asking for a whole series: "all the Alien films", "every Lord of the Rings movie", "the
//! Toy Story series", "the whole Star Wars saga", "the Mission: Impossible franchise".
//!
//! The film named is the series' film (`filters.title`, with `filters.series` set; the intent
//! is movie_info, as the conversation answers a series before any intent): the conversation
//! lists its collection. The name must be a film the lexicon knows (exactly, or closely after
//! "all the"/"every"/"the … series"), and not a person ("every Tom Hanks movie" is an actor
//! request) nor a genre ("all the horror films").

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::Lexicon;
use super::model::FilmRef;
use super::spans::FilmSpan;
use super::text::Text;
use super::vocab;

fn re(pattern: &str) -> Regex {
    Regex::new(&format!("(?ix){pattern}")).expect("series pattern is valid")
}

/// "all (of) the ___ films", "every ___ movie": the name is between.
static ALL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:all|every|each)\s+(?:single\s+)?(?:one\s+)?(?:of\s+)?(?:the\s+|them\s+)?(?P<t>[^,.;!?]+?)\s+(?:films|movies|flicks|sequels|instalments|installments|parts|entries|chapters|film|movie|one)\b",
    )
});

const SERIES_WORDS: &str = r"(?:series|franchise|saga|trilogy|quadrilogy|collection|films\s+in\s+order|movies\s+in\s+order|box\s+set|boxset)\b";

/// "the ___ series", "the whole ___ saga": the name comes between.
static THE_SERIES: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?:the|whole|entire|complete|full)\s+(?:(?:whole|entire|complete|full)\s+)?(?P<t>[^,.;!?]+?)\s+{SERIES_WORDS}"
    ))
});

/// "Toy Story series": the name comes before (an exact title only).
static SERIES: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"\b(?P<t>[^,.;!?]+?)\s+{SERIES_WORDS}")));

/// Words that may start the name's window in [`SERIES`] and are not part of it.
const LEADS: &[&str] = &["the", "whole", "entire", "complete", "full", "all", "of"];

/// The series a message asks for; its words are masked.
pub(crate) fn detect(text: &Text, mask: &mut [bool], lexicon: &dyn Lexicon) -> Option<FilmSpan> {
    let cued = text.words.iter().any(|w| {
        matches!(
            w.key.as_str(),
            "all"
                | "every"
                | "each"
                | "series"
                | "franchise"
                | "saga"
                | "trilogy"
                | "quadrilogy"
                | "collection"
                | "order"
                | "set"
                | "boxset"
        )
    });
    if !cued {
        return None;
    }
    let masked = text.masked(mask);
    let (caps, close) = match ALL
        .captures(&masked)
        .or_else(|| THE_SERIES.captures(&masked))
    {
        Some(caps) => (caps, true),
        None => (SERIES.captures(&masked)?, false),
    };
    let (from, to) = caps
        .name("t")
        .map(|t| (text.word_at(t.start()), text.words_before(t.end())))?;
    // The cue's own words go too: "saga" is not an epic mood here, nor "the" a film to be
    // like in "movies like the Godfather series".
    let cue_end = caps.get(0).map_or(to, |m| text.words_before(m.end()));
    let cue_start = caps.get(0).map_or(from, |m| text.word_at(m.start()));
    if to <= from || to > text.words.len() || (from..to).any(|j| mask[j]) {
        return None;
    }
    let from = from.max(to.saturating_sub(8));
    let span = named(text, from, to, lexicon, close)?;
    let first = if close { cue_start } else { span.words().start };
    for i in first.min(span.words().start)..cue_end.max(to) {
        if let Some(m) = mask.get_mut(i) {
            *m = true;
        }
    }
    Some(span)
}

/// The longest film name ending at `to`, exact first, then (if `close` matches may count) a
/// close one.
fn named(
    text: &Text,
    from: usize,
    to: usize,
    lexicon: &dyn Lexicon,
    close: bool,
) -> Option<FilmSpan> {
    let film = |i: usize, m: super::lexicon::TitleMatch| FilmSpan::Film {
        film: FilmRef {
            words: text.slice(i, to).to_owned(),
            canonical: Some(m.canonical),
            year: m.year,
            exact: m.exact,
        },
        words: i..to,
    };
    for i in from..to {
        let said = text.slice(i, to);
        if LEADS.contains(&text.words[i].key.as_str())
            || lexicon.resolve_exact_person(said).is_some()
        {
            continue;
        }
        if let Some(m) = lexicon.resolve_exact_title(said) {
            return Some(film(i, m));
        }
    }
    // A near spelling or a shortened title ("Lord of the Rings"), typed as a title or several
    // words long, and not a genre or a decade.
    if !close {
        return None;
    }
    let mut i = from;
    while i < to && LEADS.contains(&text.words[i].key.as_str()) {
        i += 1;
    }
    let said = text.slice(i, to);
    let words: Vec<&str> = (i..to).map(|j| text.words[j].key.as_str()).collect();
    let typed = words.len() > 1 || super::spans::capitalised(said);
    if !typed
        || words
            .iter()
            .all(|w| vocab::is_term_word(w) || w.chars().any(|c| c.is_ascii_digit()))
        || lexicon.resolve_exact_person(said).is_some()
    {
        return None;
    }
    let m = lexicon.resolve_title(said)?;
    Some(film(i, m))
}
