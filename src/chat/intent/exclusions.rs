//! People and films to leave out: "without Adam Sandler", "not starring Nicolas Cage",
//! "exclude Tom Cruise", "but not Titanic", "except The Notebook", "no Keanu", "without Adam
//! Sandler or Jim Carrey", "I don't like Tom Cruise", "not a fan of Adam Sandler".
//!
//! Runs before the positive film and person passes and masks what it finds, so an excluded
//! person never becomes `filters.person` ("action films without Keanu Reeves" is a genre
//! request) and an excluded film never becomes `filters.title`. Genres to leave out ("no
//! westerns", "except comedies", "anything but horror") are the vocabulary's, which reads
//! negation around every genre word (`vocab.rs`); a genre word after a cue is left to it here.
//!
//! Each cue says how sure it is: after "without", "not starring", "exclude" a name the lexicon
//! knows only loosely (a typo) still counts, and an unknown capitalised name is kept as the
//! user's words for a person; after a bare "no"/"not"/"skip" only an exact name or title does
//! ("no Keanu", not "no way").

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::Lexicon;
use super::spans::{
    FilmSpan, PersonSpan, Strength, capitalised, everyday, film, film_at, person, person_at,
    trim_span,
};
use super::text::Text;
use super::vocab;

/// A cue and what follows it; `people` for cues that name people ("not starring").
static CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)\b(?:
            (?P<people>
                without(?:\s+(?:the\s+actor|the\s+actress|any|starring))?
              | w/o
              | not\s+(?:with|starring|featuring|by|directed\s+by|including|from|made\s+by)
              | nothing\s+(?:with|starring|featuring|by|directed\s+by|from)
              | (?:no|none)\s+(?:movies?|films?)\s+(?:with|starring|featuring|by)
              | but\s+not\s+(?:with|starring|featuring|by)
              | minus
              | (?:i\s+|we\s+)?(?:really\s+)?(?:don'?t|do\s+not)\s+(?:like|want|care\s+for|enjoy)
              | (?:i\s+|we\s+)?(?:hate|dislike|detest|can'?t\s+stand|cannot\s+stand)
              | not\s+(?:really\s+)?(?:a\s+|much\s+of\s+a\s+)?(?:big\s+)?fan\s+of
              | (?:sick|tired)\s+of
            )
          | (?P<sure>
                exclude|excluding|except(?:\s+for)?|other\s+than|apart\s+from|but\s+not|and\s+not
              | anything\s+but|leave\s+out|leaving\s+out|not\s+including|aside\s+from
            )
          | (?P<weak>no|not|skip|nor|no\s+more)
        )\s+",
    )
    .expect("exclusion pattern is valid")
});

/// What the message leaves out.
#[derive(Debug, Default)]
pub(crate) struct Excluded {
    pub people: Vec<PersonSpan>,
    pub films: Vec<FilmSpan>,
}

impl Excluded {
    pub fn person_names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for p in &self.people {
            let name = p
                .person
                .canonical
                .clone()
                .unwrap_or_else(|| p.person.words.clone());
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    }

    pub fn titles(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for f in &self.films {
            if let FilmSpan::Film { film, .. } = f {
                let title = film.canonical.clone().unwrap_or_else(|| film.words.clone());
                if !out.contains(&title) {
                    out.push(title);
                }
            }
        }
        out
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Cue {
    People,
    Sure,
    Weak,
}

pub(crate) fn detect(text: &Text, mask: &mut [bool], lexicon: &dyn Lexicon) -> Excluded {
    let mut found = Excluded::default();
    let masked = text.masked(mask);
    let cues: Vec<(usize, Cue)> = CUE
        .captures_iter(&masked)
        .take(6)
        .filter_map(|c| {
            let kind = if c.name("people").is_some() {
                Cue::People
            } else if c.name("sure").is_some() {
                Cue::Sure
            } else {
                Cue::Weak
            };
            Some((text.word_at(c.get(0)?.end()), kind))
        })
        .collect();
    for (mut start, cue) in cues {
        // "without Adam Sandler or Jim Carrey": a list after one cue.
        for _ in 0..4 {
            let Some(end) = one(text, mask, start, cue, lexicon, &mut found) else {
                break;
            };
            let joiner = |j: usize| {
                text.words
                    .get(j)
                    .is_some_and(|w| matches!(w.key.as_str(), "or" | "and" | "nor" | "," | "&"))
            };
            if !joiner(end) {
                break;
            }
            start = end + 1;
            if joiner(start) {
                start += 1;
            }
        }
    }
    found
}

/// One excluded person or film at word `start`; masks it and returns where it ends.
fn one(
    text: &Text,
    mask: &mut [bool],
    start: usize,
    cue: Cue,
    lexicon: &dyn Lexicon,
    found: &mut Excluded,
) -> Option<usize> {
    let word = text.words.get(start)?;
    // A genre or mood word is the vocabulary's ("without romance"), unless typed as a title
    // the lexicon knows exactly ("but not Alien").
    let typed = capitalised(text.slice(start, start + 1));
    if vocab::is_term_word(&word.key) && !typed {
        return None;
    }
    let titled = matches!(word.key.as_str(), "the" | "a")
        && text
            .words
            .get(start + 1)
            .is_some_and(|w| matches!(w.key.as_str(), "movie" | "film"));
    let person_first = cue == Cue::People && !titled;
    // Exact names and titles first (cheap lookups), then near spellings, then (after a people
    // cue) the user's own capitalised words.
    let pick = match exact_at(text, mask, start, titled, person_first, cue, lexicon) {
        Some(pick) => pick,
        None if cue == Cue::Weak => return None,
        None => {
            let view: &[bool] = mask;
            let person = (!titled)
                .then(|| person_at(text, view, start, lexicon, Strength::Medium))
                .flatten()
                .filter(|p| person_first || p.person.canonical.is_some());
            match person {
                Some(p) => Pick::Person(p),
                None => match film_at(text, view, start, usize::MAX, lexicon, Strength::Medium) {
                    Some(f @ FilmSpan::Film { .. }) if matches!(&f, FilmSpan::Film { film, .. } if film.canonical.is_some()) => {
                        Pick::Film(f)
                    }
                    _ => return None,
                },
            }
        }
    };
    let words = match &pick {
        Pick::Person(p) => p.words.clone(),
        Pick::Film(f) => f.words(),
    };
    for i in words.clone() {
        if let Some(m) = mask.get_mut(i) {
            *m = true;
        }
    }
    match pick {
        Pick::Person(p) => found.people.push(p),
        Pick::Film(f) => found.films.push(f),
    }
    Some(words.end)
}

enum Pick {
    Person(PersonSpan),
    Film(FilmSpan),
}

/// The longest run of words from `start` that the lexicon knows exactly as a person or a
/// film (the person on a tie after a people cue).
fn exact_at(
    text: &Text,
    mask: &[bool],
    start: usize,
    titled: bool,
    person_first: bool,
    cue: Cue,
    lexicon: &dyn Lexicon,
) -> Option<Pick> {
    let from = if titled { start + 2 } else { start };
    let mut end = from;
    while end < text.words.len() && end - from < 8 && !mask[end] && !text.words[end].is_boundary() {
        end += 1;
    }
    if from >= end || everyday(text, from) && !capitalised(text.slice(from, from + 1)) {
        return None;
    }
    for k in (from + 1..=end).rev() {
        let said = trim_span(text.slice(from, k));
        // A short lower-case word is more likely English ("no way", "not now"); after a bare
        // "no"/"not" only a longer one may be a name ("no sandler").
        let typed = capitalised(said) || k - from > 1;
        if said.is_empty() || (!typed && said.len() < if cue == Cue::Weak { 5 } else { 4 }) {
            continue;
        }
        let as_person = (!titled)
            .then(|| lexicon.resolve_exact_person(said))
            .flatten();
        let as_film = lexicon.resolve_exact_title(said);
        let found = match (as_person, as_film) {
            (Some(p), Some(_)) if person_first => Pick::Person(person(said, Some(p), from..k)),
            (_, Some(f)) => Pick::Film(film(said, Some(f), from..k)),
            (Some(p), None) => Pick::Person(person(said, Some(p), from..k)),
            (None, None) => continue,
        };
        return Some(found);
    }
    None
}
