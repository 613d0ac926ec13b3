//! Finding the actor or director a message is about.
//!
//! Three ways in, most reliable first: a cue ("starring ___", "with ___", "directed by ___",
//! "my favourite actor is ___"), a possessive ("Nolan's films"), and — with no cue at all —
//! a run of words the lexicon knows exactly ("90s Keanu Reeves action", "tom hanks movies").

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::Lexicon;
use super::spans::{self, PersonSpan, Strength, capitalised, person_at};
use super::text::Text;
use super::vocab;

fn re(pattern: &str) -> Regex {
    Regex::new(&format!("(?ix){pattern}")).expect("person pattern is valid")
}

static STRONG: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b(?:
        starring|staring|starrin|featuring|feat\.?|ft\.?
      | with\s+(?:the\s+)?(?:actor|actress)
      | acted\s+by|played\s+by|directed\s+by|made\s+by|helmed\s+by
      | (?:by|from)\s+(?:the\s+)?director
      | (?:that|which|who|it)\s+(?:stars?|starred|features?)
      | (?:filmography|films|movies|work)\s+of\s+director
      | favou?rite\s+(?:actor|actress|director|star|filmmaker|person)\s*(?:is|=|:|of\s+all\s+time\s+is)?
      | (?:actor|actress|director)\s+(?:named|called)
    )\s+")
});

static MEDIUM: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:with|by|w/|i\s+(?:really\s+)?(?:love|like|adore)|fan\s+of)\s+"));

/// "Nolan's films", "Tom Hanks's movies".
static POSSESSIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"'s?\s+(?:movies?|films?|flicks?|work|filmography|new\s+(?:movie|film)|latest|best|stuff|classics?)\b",
    )
});

const NOUNS: &[&str] = &[
    "movie", "movies", "film", "films", "flick", "flicks", "stuff",
];

/// The person the message names, if any; their words are masked.
pub(crate) fn detect(text: &Text, mask: &mut [bool], lexicon: &dyn Lexicon) -> Option<PersonSpan> {
    let found = by_cue(text, mask, lexicon)
        .or_else(|| by_possessive(text, mask, lexicon))
        .or_else(|| by_scan(text, mask, lexicon))?;
    for i in found.words.clone() {
        if let Some(m) = mask.get_mut(i) {
            *m = true;
        }
    }
    Some(found)
}

fn by_cue(text: &Text, mask: &[bool], lexicon: &dyn Lexicon) -> Option<PersonSpan> {
    let masked = text.masked(mask);
    for (regex, strength) in [(&*STRONG, Strength::Strong), (&*MEDIUM, Strength::Medium)] {
        for m in regex.find_iter(&masked).take(4) {
            if let Some(found) = person_at(text, mask, text.word_at(m.end()), lexicon, strength) {
                return Some(found);
            }
        }
    }
    None
}

fn by_possessive(text: &Text, mask: &[bool], lexicon: &dyn Lexicon) -> Option<PersonSpan> {
    let masked = text.masked(mask);
    let m = POSSESSIVE.find(&masked)?;
    // The word carrying the "'s" ends the name; try 3, 2, 1 words ending there.
    let last = text.words_before(m.start() + 2).checked_sub(1)?;
    if mask.get(last).copied().unwrap_or(true) {
        return None;
    }
    for len in (1..=3).rev() {
        let Some(first) = (last + 1).checked_sub(len) else {
            continue;
        };
        if (first..=last).any(|i| mask[i] || text.words[i].is_boundary()) {
            continue;
        }
        let said = text.slice(first, last + 1);
        let said = said
            .strip_suffix("'s")
            .or_else(|| said.strip_suffix('\''))
            .unwrap_or(said);
        if let Some(found) = person_at(&Text::new(said), &[], 0, lexicon, Strength::Weak) {
            return Some(PersonSpan {
                person: found.person,
                words: first..last + 1,
            });
        }
        if len <= 2 && capitalised(said) && !vocab::is_term_word(&said.to_lowercase()) {
            // Unknown to the lexicon but typed like a name: keep the user's words.
            let candidate = person_at(&Text::new(said), &[], 0, lexicon, Strength::Strong);
            if let Some(found) = candidate.filter(|f| f.words.len() == len) {
                return Some(PersonSpan {
                    person: found.person,
                    words: first..last + 1,
                });
            }
        }
    }
    None
}

fn by_scan(text: &Text, mask: &[bool], lexicon: &dyn Lexicon) -> Option<PersonSpan> {
    let n = text.words.len().min(40);
    for i in 0..n {
        for len in (1..=3).rev() {
            let end = i + len;
            if end > n || (i..end).any(|j| mask[j] || text.words[j].is_boundary()) {
                continue;
            }
            if len == 1 && !single_word_candidate(text, i) {
                continue;
            }
            // Names neither start nor end with an everyday word: skip the lexicon for those.
            if len > 1 && (spans::everyday(text, i) || spans::everyday(text, end - 1)) {
                continue;
            }
            let said = text.slice(i, end);
            if let Some(m) = lexicon.resolve_exact_person(said) {
                return Some(PersonSpan {
                    person: super::model::PersonRef {
                        words: said.to_owned(),
                        canonical: Some(m.canonical),
                        exact: true,
                    },
                    words: i..end,
                });
            }
        }
    }
    None
}

/// A lone word is worth asking the lexicon about only if it could be a surname ("nolan
/// movies", "keanu"), not a common or vocabulary word.
fn single_word_candidate(text: &Text, i: usize) -> bool {
    let key = text.words[i].key.as_str();
    let next_is_noun = text
        .words
        .get(i + 1)
        .is_some_and(|w| NOUNS.contains(&w.key.as_str()));
    let alone = text.words.iter().filter(|w| !w.is_boundary()).count() == 1;
    key.chars().count() >= 4
        && key.chars().all(char::is_alphabetic)
        && !spans::everyday(text, i)
        && (next_is_noun || alone || text.words[i].key != text.slice(i, i + 1))
}
