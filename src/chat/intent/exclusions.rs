//! People and films to leave out: "without Adam Sandler", "not starring Nicolas Cage",
//! "exclude Tom Cruise", "but not Titanic", "except The Notebook", "no Keanu", "without Adam
//! Sandler or Jim Carrey".
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
use super::spans::{FilmSpan, PersonSpan, Strength, capitalised, film_at, person_at};
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
    let view: &[bool] = mask;
    let person = |strength| {
        (!titled)
            .then(|| person_at(text, view, start, lexicon, strength))
            .flatten()
    };
    let film = |strength| match film_at(text, view, start, usize::MAX, lexicon, strength) {
        Some(f @ FilmSpan::Film { .. }) => Some(f),
        _ => None,
    };
    let known_person = |p: &PersonSpan| p.person.canonical.is_some();
    let known_film =
        |f: &FilmSpan| matches!(f, FilmSpan::Film { film, .. } if film.canonical.is_some());

    // Exact names and titles first, then near spellings, then (after a people cue) the user's
    // own capitalised words.
    let exact_person = person(Strength::Weak).filter(|p| p.person.exact);
    let exact_film =
        film(Strength::Weak).filter(|f| matches!(f, FilmSpan::Film { film, .. } if film.exact));
    let pick = match (exact_person, exact_film) {
        (Some(p), Some(f)) => {
            // Both: the longer reading, the person after a people cue on a tie.
            if f.words().len() > p.words.len()
                || (f.words().len() == p.words.len() && !person_first)
            {
                Pick::Film(f)
            } else {
                Pick::Person(p)
            }
        }
        (Some(p), None) => Pick::Person(p),
        (None, Some(f)) => Pick::Film(f),
        (None, None) if cue == Cue::Weak => return None,
        (None, None) => {
            let fuzzy_person = person(Strength::Medium).filter(known_person);
            let fuzzy_film = film(Strength::Medium).filter(known_film);
            match (fuzzy_person, fuzzy_film, person_first) {
                (Some(p), _, true) | (Some(p), None, false) => Pick::Person(p),
                (_, Some(f), _) => Pick::Film(f),
                (None, None, true) => Pick::Person(person(Strength::Medium)?),
                (None, None, false) => return None,
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
