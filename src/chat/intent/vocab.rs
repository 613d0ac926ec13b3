//! Finds genre and mood words in the parts of a message no title or name claimed.
//!
//! Matching is phrase-first (longest phrase wins, so "romantic comedy" is two genres, not a
//! romantic mood), singular-tolerant ("comedies"), hyphen-tolerant ("rom-com" = "rom com"),
//! typo-tolerant for longer words ("horor", "documentry"), and negation-aware: "no horror",
//! "nothing too sad" and "anything but musicals" land in the exclusions instead.

mod genre_words;
mod mood_words;

use std::collections::HashMap;
use std::sync::LazyLock;

use moviebot_protocol::Genre;

use super::model::Mood;
use super::text::Text;

/// What a vocabulary phrase means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Term {
    pub genres: &'static [Genre],
    pub mood: Option<Mood>,
}

/// Genres and moods found in a message, in the order mentioned.
#[derive(Debug, Default)]
pub(crate) struct VocabHits {
    pub genres: Vec<Genre>,
    pub avoid_genres: Vec<Genre>,
    pub moods: Vec<Mood>,
    pub avoid_moods: Vec<Mood>,
}

static TERMS: LazyLock<HashMap<&'static str, Term>> = LazyLock::new(|| {
    let mut terms = HashMap::new();
    for &(phrase, genres) in genre_words::GENRE_WORDS {
        terms.insert(phrase, Term { genres, mood: None });
    }
    for &(phrase, mood) in mood_words::MOOD_WORDS {
        terms.insert(
            phrase,
            Term {
                genres: &[],
                mood: Some(mood),
            },
        );
    }
    terms
});

/// Single words worth typo-matching against: genre words of 5+ letters and mood words of 6+
/// (shorter mood words such as "tense" or "chill" sit one letter from everyday words).
static TYPO_TARGETS: LazyLock<Vec<(&'static str, Term)>> = LazyLock::new(|| {
    TERMS
        .iter()
        .filter(|(phrase, term)| {
            let min = if term.mood.is_some() { 6 } else { 5 };
            !phrase.contains(' ')
                && phrase.len() >= min
                && (term.mood.is_some() || !term.genres.is_empty())
        })
        .map(|(phrase, term)| (*phrase, *term))
        .collect()
});

/// Real words one or two edits from a genre or mood word; never "corrected".
const NOT_TYPOS: &[&str] = &[
    "eastern",
    "familiar",
    "families",
    "prime",
    "funky",
    "sunny",
    "bunny",
    "thrilled",
    "thrills",
    "auction",
    "mastery",
    "child",
    "sense",
    "dense",
    "carton",
    "actor",
    "actors",
    "motion",
    "ghosts",
    "hoist",
    "comes",
    "comet",
    "dramas",
    "dreams",
    "music's",
    "musician",
    "musicians",
    "crimes",
    "wizards",
    "heists",
    "horrors",
    "mystic",
    "magician",
    "romans",
    "mystic",
    "history's",
    "stories",
    "movies",
    "mostly",
    "spacey",
    "spaces",
    "spiced",
    "doctor",
    "docker",
    "animal",
    "animals",
    "comics",
    "comic",
    "fantastic",
    "western's",
    "warner",
    "wanted",
    "scarf",
    "something",
    "anything",
    "nothing",
    "everything",
    "sometimes",
    "somewhere",
    "someone",
    "soothe",
    "smoothing",
    "teething",
    "seething",
    "calling",
    "coming",
    "charting",
    "changing",
    "relating",
    "romantics",
    "scenery",
    "dramatics",
    "families'",
    "mystical",
    "historian",
];

/// Words that may stand between a negator and what it negates ("not *too* scary", "not *in the
/// mood for* horror").
const FILLERS: &[&str] = &[
    "too",
    "very",
    "really",
    "so",
    "that",
    "a",
    "an",
    "the",
    "any",
    "some",
    "more",
    "much",
    "in",
    "mood",
    "for",
    "of",
    "anything",
    "something",
    "stuff",
    "kind",
    "sort",
    "type",
    "to",
    "want",
    "like",
    "into",
    "feeling",
    "up",
    "watch",
    "see",
    "watching",
    "seeing",
    "movie",
    "movies",
    "film",
    "films",
    "flick",
    "flicks",
    "or",
    "nor",
    "overly",
    "super",
    "particularly",
    "especially",
    "at",
    "all",
    "i",
    "i'm",
    "me",
    "please",
    "with",
    "about",
    "genre",
    "genres",
    "thing",
    "things",
    "scene",
    "scenes",
    "content",
    "really",
    "big",
    "huge",
    "fan",
    "ones",
    "one",
    "are",
    "is",
    "be",
    "it",
    "that's",
    "do",
    "get",
    "have",
    "need",
];

const NEGATORS: &[&str] = &[
    "no",
    "not",
    "non",
    "nothing",
    "without",
    "except",
    "excluding",
    "minus",
    "exclude",
    "excluded",
    "hate",
    "hates",
    "dislike",
    "dislikes",
    "don't",
    "doesn't",
    "isn't",
    "aren't",
    "never",
    "avoid",
    "skip",
    "less",
    "neither",
    "nor",
    "can't",
    "cannot",
    "won't",
    "nope",
    "detest",
];

/// The meaning of a phrase key, trying its singular too.
pub(crate) fn lookup(phrase: &str) -> Option<Term> {
    if let Some(term) = TERMS.get(phrase) {
        return Some(*term);
    }
    let (head, last) = match phrase.rsplit_once(' ') {
        Some((head, last)) => (Some(head), last),
        None => (None, phrase),
    };
    singulars(last).into_iter().find_map(|singular| match head {
        Some(head) => TERMS.get(format!("{head} {singular}").as_str()).copied(),
        None => TERMS.get(singular.as_str()).copied(),
    })
}

/// Whether a single word key is a genre or mood word (exact or plural).
pub(crate) fn is_term_word(key: &str) -> bool {
    lookup(&key.replace(['-', '/'], " ")).is_some()
        || key.split(['-', '/']).any(|part| lookup(part).is_some())
}

fn singulars(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(stem) = word.strip_suffix('s') {
        out.push(stem.to_owned());
    }
    if let Some(stem) = word.strip_suffix("ies") {
        out.push(format!("{stem}y"));
    }
    if let Some(stem) = word.strip_suffix("es") {
        out.push(stem.to_owned());
    }
    if let Some(stem) = word.strip_suffix("'s") {
        out.push(stem.to_owned());
    }
    out
}

/// Four-letter words one letter short of a five-letter genre word ("dane" → "dance").
const NOT_SHORT_TYPOS: &[&str] = &[
    "dane", "dace", "magi", "root", "demo", "alan", "alen", "aime", "dram", "crim", "rime", "spae",
    "robe", "host", "heis", "hest", "gost", "some", "come", "came", "cone", "mime", "muse", "must",
    "mice", "sace", "pace", "race", "alie", "rant",
];

/// A typo's unambiguous correction: every closest target must mean the same thing. Words of
/// five letters or more may be one or two edits off (two for targets of eight letters or
/// more); a four-letter word only one letter short of a five-letter genre word ("drma",
/// "anim"), and never an everyday word.
fn typo(key: &str) -> Option<Term> {
    let len = key.chars().count();
    if len < 4
        || !key.chars().all(char::is_alphabetic)
        || NOT_TYPOS.contains(&key)
        || (len == 4 && NOT_SHORT_TYPOS.contains(&key))
    {
        return None;
    }
    // People rarely mistype the first letter; requiring it keeps "something" from becoming
    // "soothing" while "horor" still finds "horror".
    let first = key.chars().next();
    let mut best: Option<(usize, Term)> = None;
    let mut ambiguous = false;
    for &(target, term) in TYPO_TARGETS.iter() {
        let allowed = if target.len() >= 8 { 2 } else { 1 };
        if target.chars().next() != first
            || target.len().abs_diff(key.len()) > allowed
            || (len == 4 && target.len() != 5)
        {
            continue;
        }
        let distance = strsim::damerau_levenshtein(key, target);
        if distance == 0 || distance > allowed {
            continue;
        }
        match best {
            Some((d, _)) if distance > d => {}
            Some((d, t)) if distance == d => ambiguous |= t != term,
            _ => {
                best = Some((distance, term));
                ambiguous = false;
            }
        }
    }
    if ambiguous {
        None
    } else {
        best.map(|(_, t)| t)
    }
}

/// One piece of a word for phrase matching; `None` marks a boundary.
type Piece<'a> = Option<&'a str>;

/// Scans the unmasked words of `text` for genre and mood phrases.
pub(crate) fn scan(text: &Text, mask: &[bool]) -> VocabHits {
    let mut pieces: Vec<Piece<'_>> = Vec::with_capacity(text.words.len() + 4);
    for (i, word) in text.words.iter().enumerate() {
        if word.is_boundary() || mask.get(i).copied().unwrap_or(false) {
            pieces.push(None);
        } else {
            pieces.extend(
                word.key
                    .split(['-', '/'])
                    .filter(|p| !p.is_empty())
                    .map(Some),
            );
        }
    }
    let mut hits = VocabHits::default();
    let mut p = 0;
    while p < pieces.len() {
        let Some(found) = longest_phrase(&pieces, p) else {
            p += 1;
            continue;
        };
        let (len, term) = found;
        // "I'm sad, cheer me up": a mood the user is in is not one they asked for.
        let before = p.checked_sub(1).and_then(|b| pieces[b]);
        if term.mood.is_some() && matches!(before, Some("i'm" | "feeling" | "feel" | "am")) {
            p += len;
            continue;
        }
        let negated = is_negated(&pieces, p);
        let (genres, moods) = if negated {
            (&mut hits.avoid_genres, &mut hits.avoid_moods)
        } else {
            (&mut hits.genres, &mut hits.moods)
        };
        for genre in term.genres {
            if !genres.contains(genre) {
                genres.push(*genre);
            }
        }
        if let Some(mood) = term.mood.filter(|m| !moods.contains(m)) {
            moods.push(mood);
        }
        p += len;
    }
    // "horror, but not gory horror": a genre asked for outright is not excluded.
    hits.avoid_genres.retain(|g| !hits.genres.contains(g));
    hits.avoid_moods.retain(|m| !hits.moods.contains(m));
    hits
}

fn longest_phrase(pieces: &[Piece<'_>], p: usize) -> Option<(usize, Term)> {
    for len in (1..=4).rev() {
        let Some(window) = pieces.get(p..p + len) else {
            continue;
        };
        let Some(words) = window.iter().copied().collect::<Option<Vec<&str>>>() else {
            continue;
        };
        if let Some(term) = lookup(&words.join(" ")) {
            return Some((len, term));
        }
        if len == 1
            && let Some(term) = typo(words[0])
        {
            return Some((1, term));
        }
    }
    None
}

fn is_negated(pieces: &[Piece<'_>], p: usize) -> bool {
    let mut q = p;
    let mut steps = 0;
    while q > 0 && steps < 6 {
        q -= 1;
        steps += 1;
        let Some(word) = pieces[q] else {
            return false;
        };
        let before = q.checked_sub(1).and_then(|b| pieces[b]);
        match (before, word) {
            (Some("anything" | "everything" | "all"), "but") => return true,
            (Some("other" | "rather"), "than") | (Some("instead"), "of") => return true,
            (_, "but") => return false,
            _ => {}
        }
        if NEGATORS.contains(&word) {
            return true;
        }
        if !FILLERS.contains(&word) && lookup(word).is_none() {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use Genre::*;

    fn hits(s: &str) -> VocabHits {
        let text = Text::new(s);
        scan(&text, &vec![false; text.words.len()])
    }

    #[test]
    fn phrases_beat_their_words() {
        assert_eq!(hits("a romantic comedy").genres, [Romance, Comedy]);
        assert!(hits("a romantic comedy").moods.is_empty());
        assert_eq!(
            hits("rom-coms and sci fi").genres,
            [Romance, Comedy, ScienceFiction]
        );
        assert_eq!(hits("Star Wars").genres, []);
    }

    #[test]
    fn plurals_and_typos() {
        assert_eq!(
            hits("comedies, westerns, mysteries").genres,
            [Comedy, Western, Mystery]
        );
        assert_eq!(
            hits("horor comdy thriler documentry").genres,
            [Horror, Comedy, Thriller, Documentary]
        );
        assert_eq!(hits("eastern familiar prime").genres, []);
        assert_eq!(hits("drma anim").genres, [Drama, Animation]);
        assert_eq!(hits("sci fi scifi sci-fi").genres, [ScienceFiction]);
        for everyday in [
            "come", "dream", "dane", "demo", "ware", "were", "warm", "some", "root",
        ] {
            assert_eq!(hits(everyday).genres, [], "{everyday}");
        }
    }

    #[test]
    fn negation_excludes() {
        let h = hits("comedy but no romance, nothing too sad");
        assert_eq!(h.genres, [Comedy]);
        assert_eq!(h.avoid_genres, [Romance]);
        assert_eq!(h.avoid_moods, [Mood::Sad]);
        assert_eq!(hits("anything but horror").avoid_genres, [Horror]);
        assert_eq!(
            hits("I'm not in the mood for horror").avoid_genres,
            [Horror]
        );
        assert_eq!(hits("scary but not gory").moods, [Mood::Scary]);
    }
}
