//! Original languages as TMDb's ISO 639-1 `original_language` codes: "danish films", "a
//! Turkish drama", "Korean thrillers", "in Portuguese", "French-language", "Bollywood",
//! "anime", "K-dramas", "Scandinavian crime".
//!
//! A nationality or language word counts only where it describes the film: before a film
//! noun or a genre/mood word ("danish films", "korean thrillers", "a french new wave film"),
//! after "something"/"anything" ("something French"), hyphenated with "language" or
//! "speaking", or after "in" ("in Portuguese", not after "dubbed" nor before "subtitles"). So "I'm English", "French toast" or "with English subtitles" say
//! nothing, and titles ("The French Connection", "The Italian Job") are masked before this
//! runs. Negated words ("no French films", "non-English") are skipped: there is no field for
//! languages to avoid, and "foreign"/"world cinema" have no clean code either.
//!
//! Mappings worth knowing: Chinese, Mandarin, Taiwanese → `zh`; Cantonese, Hong Kong → `cn`
//! (TMDb's code for Cantonese); Brazilian → `pt`; Mexican, Argentinian, Spanish → `es`;
//! Persian, Iranian, Farsi → `fa`; Hebrew, Israeli → `he`; Indian, Hindi, Bollywood → `hi`;
//! Tollywood → `te`; English, British, American → `en`; Scandinavian → `da`, `sv`, `no`;
//! Nordic → those and `fi`, `is`. "Anime" is Japanese (the Animation genre comes from the
//! vocabulary), "K-drama" Korean.

use super::text::Text;
use super::vocab;

/// Words (lower-case) → codes; `true` when the word is a language name that can follow "in".
const LANGUAGES: &[(&str, &[&str], bool)] = &[
    ("english", &["en"], true),
    ("british", &["en"], false),
    ("american", &["en"], false),
    ("french", &["fr"], true),
    ("german", &["de"], true),
    ("austrian", &["de"], false),
    ("italian", &["it"], true),
    ("spanish", &["es"], true),
    ("mexican", &["es"], false),
    ("argentinian", &["es"], false),
    ("argentine", &["es"], false),
    ("colombian", &["es"], false),
    ("chilean", &["es"], false),
    ("portuguese", &["pt"], true),
    ("brazilian", &["pt"], false),
    ("danish", &["da"], true),
    ("swedish", &["sv"], true),
    ("norwegian", &["no"], true),
    ("finnish", &["fi"], true),
    ("icelandic", &["is"], true),
    ("scandinavian", &["da", "sv", "no"], false),
    ("scandi", &["da", "sv", "no"], false),
    ("nordic", &["da", "sv", "no", "fi", "is"], false),
    ("dutch", &["nl"], true),
    ("flemish", &["nl"], true),
    ("russian", &["ru"], true),
    ("ukrainian", &["uk"], true),
    ("polish", &["pl"], true),
    ("czech", &["cs"], true),
    ("hungarian", &["hu"], true),
    ("romanian", &["ro"], true),
    ("greek", &["el"], true),
    ("serbian", &["sr"], true),
    ("croatian", &["hr"], true),
    ("turkish", &["tr"], true),
    ("persian", &["fa"], true),
    ("farsi", &["fa"], true),
    ("iranian", &["fa"], false),
    ("arabic", &["ar"], true),
    ("egyptian", &["ar"], false),
    ("hebrew", &["he"], true),
    ("israeli", &["he"], false),
    ("hindi", &["hi"], true),
    ("indian", &["hi"], false),
    ("bollywood", &["hi"], false),
    ("tamil", &["ta"], true),
    ("kollywood", &["ta"], false),
    ("telugu", &["te"], true),
    ("tollywood", &["te"], false),
    ("malayalam", &["ml"], true),
    ("bengali", &["bn"], true),
    ("korean", &["ko"], true),
    ("japanese", &["ja"], true),
    ("chinese", &["zh"], true),
    ("mandarin", &["zh"], true),
    ("taiwanese", &["zh"], false),
    ("cantonese", &["cn"], true),
    ("thai", &["th"], true),
    ("vietnamese", &["vi"], true),
    ("indonesian", &["id"], true),
    ("filipino", &["tl"], true),
    ("tagalog", &["tl"], true),
];

/// Words that are a language and a kind of film at once: no context needed.
const SELF_EVIDENT: &[(&str, &[&str])] = &[
    ("anime", &["ja"]),
    ("animes", &["ja"]),
    ("bollywood", &["hi"]),
    ("tollywood", &["te"]),
    ("kollywood", &["ta"]),
    ("kdrama", &["ko"]),
    ("kdramas", &["ko"]),
    ("k-drama", &["ko"]),
    ("k-dramas", &["ko"]),
    ("j-horror", &["ja"]),
    ("k-horror", &["ko"]),
];

/// Two-word names.
const PAIRS: &[(&str, &str, &[&str])] = &[("hong", "kong", &["cn"])];

const FILM_NOUNS: &[&str] = &[
    "movie", "movies", "film", "films", "flick", "flicks", "cinema", "one", "ones", "picture",
    "pictures", "classic", "classics", "stuff", "language", "speaking", "spoken", "titles",
    "features",
];

/// Words that may sit between the language and its noun ("french new wave films", "korean
/// revenge thrillers", "french or italian films").
const BETWEEN: &[&str] = &[
    "or",
    "and",
    "&",
    "new",
    "wave",
    "indie",
    "art",
    "house",
    "arthouse",
    "cult",
    "old",
    "classic",
    "revenge",
    "independent",
    "silent",
    "black",
    "white",
    "b",
    "low",
    "budget",
];

fn lookup(key: &str) -> Option<(&'static [&'static str], bool)> {
    LANGUAGES
        .iter()
        .find(|(w, _, _)| *w == key)
        .map(|(_, codes, name)| (*codes, *name))
}

/// The languages the unmasked words ask for, in the order named.
pub(crate) fn detect(text: &Text, mask: &[bool]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let open = |j: usize| j < text.words.len() && !mask[j] && !text.words[j].is_boundary();
    let key = |j: usize| text.words[j].key.as_str();
    for i in 0..text.words.len() {
        if !open(i) || negated(text, mask, i) {
            continue;
        }
        let word = key(i);
        let mut codes: Option<&[&str]> = SELF_EVIDENT
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, c)| *c);
        if codes.is_none()
            && let Some((_, second, c)) = PAIRS.iter().find(|(a, _, _)| *a == word)
            && open(i + 1)
            && key(i + 1) == *second
            && describes_film(text, mask, i + 1)
        {
            codes = Some(c);
        }
        if codes.is_none() {
            // "french-language", "spanish-speaking".
            let (base, suffix) = match word.split_once('-') {
                Some((base, suffix)) => (base, Some(suffix)),
                None => (word, None),
            };
            if let Some((c, name)) = lookup(base) {
                let ok = match suffix {
                    Some("language" | "speaking" | "lang" | "spoken") => true,
                    Some(_) => false,
                    None => {
                        after_in(text, mask, i, name)
                            || describes_film(text, mask, i)
                            || after_something(text, mask, i)
                    }
                };
                if ok {
                    codes = Some(c);
                }
            }
        }
        for code in codes.into_iter().flatten() {
            if !out.iter().any(|c| c == code) {
                out.push((*code).to_owned());
            }
        }
    }
    out
}

/// "something French", "anything Korean".
fn after_something(text: &Text, mask: &[bool], i: usize) -> bool {
    i > 0 && !mask[i - 1] && matches!(text.words[i - 1].key.as_str(), "something" | "anything")
}

/// "in Portuguese", "in the original French" — but not "dubbed in English" nor "in English
/// subtitles".
fn after_in(text: &Text, mask: &[bool], i: usize, name: bool) -> bool {
    if !name {
        return false;
    }
    let key = |j: usize| text.words[j].key.as_str();
    let mut j = i;
    while j > 0 && matches!(key(j - 1), "the" | "original") {
        j -= 1;
    }
    if j == 0 || mask[j - 1] || !matches!(key(j - 1), "in" | "spoken") {
        return false;
    }
    let dubbed = j >= 2 && matches!(key(j - 2), "dubbed" | "dub" | "subtitled" | "subbed");
    let subtitles = text
        .words
        .get(i + 1)
        .is_some_and(|w| matches!(w.key.as_str(), "subtitles" | "subs" | "subtitle" | "dub"));
    !dubbed && !subtitles
}

/// The next words lead to a film noun or a genre/mood word ("danish films", "a turkish
/// drama", "french or italian films").
fn describes_film(text: &Text, mask: &[bool], i: usize) -> bool {
    for j in i + 1..(i + 4).min(text.words.len()) {
        if mask[j] || text.words[j].is_boundary() {
            return false;
        }
        let key = text.words[j].key.as_str();
        if FILM_NOUNS.contains(&key) || vocab::is_term_word(key) || term_phrase_at(text, mask, j) {
            return true;
        }
        if !BETWEEN.contains(&key) && lookup(key).is_none() {
            return false;
        }
    }
    false
}

/// A two- or three-word genre or mood phrase starts at word `j` ("martial arts").
fn term_phrase_at(text: &Text, mask: &[bool], j: usize) -> bool {
    (2..=3).any(|len| {
        let end = j + len;
        end <= text.words.len()
            && (j..end).all(|k| !mask[k] && !text.words[k].is_boundary())
            && vocab::lookup(
                &(j..end)
                    .map(|k| text.words[k].key.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            )
            .is_some()
    })
}

/// "no french films", "nothing in English", "not korean": no field holds languages to avoid.
fn negated(text: &Text, mask: &[bool], i: usize) -> bool {
    let key = |j: usize| text.words[j].key.as_str();
    if key(i).starts_with("non-") {
        return true;
    }
    (1..=2).any(|n| {
        i.checked_sub(n).is_some_and(|j| {
            !mask[j]
                && matches!(
                    key(j),
                    "no" | "not" | "non" | "nothing" | "without" | "except"
                )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn languages(s: &str) -> Vec<String> {
        let text = Text::new(s);
        detect(&text, &vec![false; text.words.len()])
    }

    #[test]
    fn nationalities_and_languages_describing_films() {
        assert_eq!(languages("danish films"), ["da"]);
        assert_eq!(languages("a Turkish drama"), ["tr"]);
        assert_eq!(languages("something in Portuguese"), ["pt"]);
        assert_eq!(languages("French-language thrillers"), ["fr"]);
        assert_eq!(languages("Korean thrillers"), ["ko"]);
        assert_eq!(languages("bollywood"), ["hi"]);
        assert_eq!(languages("some anime"), ["ja"]);
        assert_eq!(languages("k-dramas"), ["ko"]);
        assert_eq!(languages("hong kong action movies"), ["cn"]);
        assert_eq!(languages("french or italian films"), ["fr", "it"]);
        assert_eq!(languages("Scandinavian crime"), ["da", "sv", "no"]);
        assert_eq!(languages("mexican horror"), ["es"]);
        assert_eq!(languages("anything Korean, but no horror"), ["ko"]);
    }

    #[test]
    fn not_describing_a_film() {
        assert!(languages("I'm English").is_empty());
        assert!(languages("with English subtitles").is_empty());
        assert!(languages("dubbed in English").is_empty());
        assert!(languages("no french films").is_empty());
        assert!(languages("non-English films").is_empty());
        assert!(languages("french toast").is_empty());
        assert!(languages("in Mexican").is_empty());
    }
}
