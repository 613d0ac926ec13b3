//! References to the list the user was just shown: "it", "that one", "the second one", "the
//! 3rd film", "number 2", "no. two", "#3", "the fourth", "the top one", "the last one".
//!
//! A reference is read only where a film is expected (after a cue such as "rate", "tell me
//! about", "more like", or as the subject of an opinion), so "the last 5 years" or "First Man"
//! are never cards. The conversation resolves [`Reference::pick`] (1-based) or
//! [`Reference::last`] against the last list it showed; a bare "it"/"that" (neither set) means
//! the film just talked about, else the first card.

use super::text::Text;

/// Words that point at the film just shown or named.
pub(crate) const POINTERS: &[&str] = &["it", "that", "this", "those", "these", "them"];

/// Where a reference was found, and which card it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reference {
    pub pick: Option<u8>,
    /// "the last one", "the bottom one": the last card of the list.
    pub last: bool,
    /// How many words the reference spans.
    pub len: usize,
}

/// "first" → 1, "3rd" → 3, "#2" → 2, "4" → 4 (cards 1–10 only).
pub(crate) fn ordinal(key: &str) -> Option<u8> {
    let n = match key.trim_start_matches('#') {
        "first" | "1st" => 1,
        "second" | "2nd" => 2,
        "third" | "3rd" => 3,
        "fourth" | "4th" => 4,
        "fifth" | "5th" => 5,
        "sixth" | "6th" => 6,
        "seventh" | "7th" => 7,
        "eighth" | "8th" => 8,
        "ninth" | "9th" => 9,
        "tenth" | "10th" => 10,
        other => return other.parse().ok().filter(|n| (1..=10).contains(n)),
    };
    Some(n)
}

/// A number word after "number" ("number two").
fn number_word(key: &str) -> Option<u8> {
    let n = match key {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        _ => return None,
    };
    Some(n)
}

/// A reference starting at word `i`, within words `..end`.
pub(crate) fn at(text: &Text, i: usize, end: usize) -> Option<Reference> {
    let key = |j: usize| (j < end).then(|| text.words[j].key.as_str());
    let one = |j: usize| {
        matches!(
            key(j),
            Some("one" | "movie" | "film" | "pick" | "option" | "suggestion" | "title" | "flick")
        )
    };
    let first = key(i)?;
    if POINTERS.contains(&first) {
        let len = if one(i + 1) { 2 } else { 1 };
        return Some(Reference {
            pick: None,
            last: false,
            len,
        });
    }
    let the = usize::from(first == "the");
    let word = key(i + the);
    // "the last one", "the final film", "last one" (not "last night": a card word or "the").
    if matches!(word, Some("last" | "final" | "bottom")) && (the == 1 || one(i + 1)) {
        return Some(Reference {
            pick: None,
            last: true,
            len: the + 1 + usize::from(one(i + the + 1)),
        });
    }
    if the == 1 && matches!(word, Some("top")) && one(i + 2) {
        return Some(Reference {
            pick: Some(1),
            last: false,
            len: 3,
        });
    }
    if the == 1
        && matches!(
            word,
            Some("previous" | "latter" | "former" | "other" | "same")
        )
    {
        return Some(Reference {
            pick: None,
            last: false,
            len: 2 + usize::from(one(i + 2)),
        });
    }
    let numbered = matches!(first, "number" | "no" | "no." | "nr" | "option" | "card");
    // "the first Alien film": an ordinal before a title is about the film, not a card.
    if the == 1 && !one(i + 2) && key(i + 2).is_some() {
        let next = text.slice(i + 2, i + 3);
        if next.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
    }
    let (lead, at) = if the == 1 || numbered {
        (1, i + 1)
    } else {
        (0, i)
    };
    let word = key(at)?;
    let pick = ordinal(word).or_else(|| number_word(word).filter(|_| numbered))?;
    let hashed = word.starts_with('#');
    let bare_number = lead == 0 && word.chars().all(|c| c.is_ascii_digit());
    let len = lead + 1 + usize::from(one(at + 1));
    // A bare "2" is a card number only when nothing title-like follows it ("like 3", "rate 2
    // 4.5"), and "the first" only with "the" or "one" around it ("First Man" is a film).
    let followed = key(i + len).is_some_and(|k| !k.chars().all(|c| c.is_ascii_digit() || c == '.'));
    if (bare_number && followed) || (lead == 0 && !bare_number && !hashed && !one(at + 1)) {
        return None;
    }
    // "number one fan", "no one": "one" after "number"/"no" needs nothing after it.
    if numbered && word == "one" && key(at + 1).is_some() {
        return None;
    }
    Some(Reference {
        pick: Some(pick),
        last: false,
        len,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(s: &str) -> Option<(Option<u8>, bool, usize)> {
        let text = Text::new(s);
        at(&text, 0, text.words.len()).map(|r| (r.pick, r.last, r.len))
    }

    #[test]
    fn cards_by_place() {
        assert_eq!(reference("the second one"), Some((Some(2), false, 3)));
        assert_eq!(reference("number 3"), Some((Some(3), false, 2)));
        assert_eq!(reference("number two"), Some((Some(2), false, 2)));
        assert_eq!(reference("#4"), Some((Some(4), false, 1)));
        assert_eq!(reference("the fourth"), Some((Some(4), false, 2)));
        assert_eq!(reference("the 2nd film"), Some((Some(2), false, 3)));
        assert_eq!(reference("the top one"), Some((Some(1), false, 3)));
        assert_eq!(reference("the last one"), Some((None, true, 3)));
        assert_eq!(reference("last one"), Some((None, true, 2)));
        assert_eq!(reference("the final film"), Some((None, true, 3)));
        assert_eq!(reference("it"), Some((None, false, 1)));
    }

    #[test]
    fn not_cards() {
        assert_eq!(reference("last night"), None);
        assert_eq!(reference("First Man"), None);
        assert_eq!(reference("2 Fast 2 Furious"), None);
        assert_eq!(reference("no one else"), None);
        assert_eq!(reference("Heat"), None);
        assert_eq!(reference("the first Alien film"), None);
    }
}
