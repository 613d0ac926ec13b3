//! Message normalisation and word positions.
//!
//! Every later step works on one cleaned string: NFKC-normalised (full-width letters,
//! ligatures), emoji and stray symbols dropped, quotes and dashes unified, sentence punctuation
//! split into its own words (so a title span can stop at a comma), common chat slang expanded
//! ("gimme", "pls", "smth"), and spaces collapsed. Case is kept, because an unknown title or
//! name is returned in the user's own words; the regexes match case-insensitively instead.
//! Byte offsets into [`Text::clean`] are what regex matches and [`Word`]s share.

use unicode_normalization::UnicodeNormalization;

/// A cleaned message and its words.
#[derive(Debug, Clone)]
pub(crate) struct Text {
    pub clean: String,
    pub words: Vec<Word>,
}

/// One space-separated word of [`Text::clean`].
#[derive(Debug, Clone)]
pub(crate) struct Word {
    pub start: usize,
    pub end: usize,
    /// Lower-case, surrounding quotes and punctuation trimmed: the form vocabularies use.
    pub key: String,
}

impl Word {
    /// Sentence punctuation, a standalone dash, or a double quote: spans never cross these.
    pub fn is_boundary(&self) -> bool {
        matches!(self.key.as_str(), "," | "?" | "!" | ";" | "." | "-" | "\"")
    }
}

impl Text {
    pub fn new(input: &str) -> Text {
        let clean = clean(input);
        let mut words = Vec::new();
        let mut offset = 0;
        for raw in clean.split(' ') {
            if !raw.is_empty() {
                words.push(Word {
                    start: offset,
                    end: offset + raw.len(),
                    key: key_of(raw),
                });
            }
            offset += raw.len() + 1;
        }
        Text { clean, words }
    }

    /// The original-case text of words `i..j` (empty when the range is empty).
    pub fn slice(&self, i: usize, j: usize) -> &str {
        if i >= j || j > self.words.len() {
            return "";
        }
        &self.clean[self.words[i].start..self.words[j - 1].end]
    }

    /// Index of the first word starting at or after byte `at`.
    pub fn word_at(&self, at: usize) -> usize {
        self.words.partition_point(|w| w.start < at)
    }

    /// Number of words that end at or before byte `at`.
    pub fn words_before(&self, at: usize) -> usize {
        self.words.partition_point(|w| w.end <= at)
    }

    /// The clean text with masked words blanked out (same byte length, so offsets still map).
    pub fn masked(&self, mask: &[bool]) -> String {
        let mut out = self.clean.clone().into_bytes();
        for (word, _) in self.words.iter().zip(mask).filter(|(_, m)| **m) {
            out[word.start..word.end].fill(b' ');
        }
        // Only whole words (char-aligned) were replaced by ASCII spaces.
        String::from_utf8(out).unwrap_or_default()
    }
}

fn key_of(raw: &str) -> String {
    let lower = raw.to_lowercase();
    let trimmed = lower.trim_matches(|c: char| matches!(c, '\'' | '"' | ':' | '.' | ',' | '&'));
    if trimmed.is_empty() {
        lower
    } else {
        trimmed.to_owned()
    }
}

/// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "vs", "jr", "sr", "feat", "ft", "no", "vol", "pt", "u.s", "u.k",
];

fn clean(input: &str) -> String {
    let pre = stars_and_halves(input);
    let chars: Vec<char> = pre.nfkc().collect();
    let mut out = String::with_capacity(chars.len() + 16);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let next = chars.get(i + 1).copied();
        let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        match c {
            c if c.is_alphanumeric() => out.push(c),
            '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{b4}' | '\u{2bc}' => out.push('\''),
            '"' | '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{ab}' | '\u{bb}' => {
                out.push_str(" \" ")
            }
            '-' | '\u{2010}' | '\u{2011}' if alnum(prev) && alnum(next) => out.push('-'),
            '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2014}' | '\u{2015}' => {
                out.push_str(" - ")
            }
            '.' if digit(prev) && digit(next) => out.push('.'),
            '.' if alnum(next) => out.push('.'),
            '.' => {
                let last = out.rsplit(' ').next().unwrap_or("").to_lowercase();
                let initial = last.chars().count() == 1 && last.chars().all(char::is_alphabetic);
                if initial || ABBREVIATIONS.contains(&last.as_str()) {
                    out.push('.');
                } else {
                    out.push_str(" . ");
                }
            }
            // "4,5" is a European decimal; any other comma separates clauses.
            ',' if digit(prev) && digit(next) && !digit(chars.get(i + 2).copied()) => out.push('.'),
            ',' => out.push_str(" , "),
            '?' | '!' | ';' => {
                out.push(' ');
                out.push(c);
                out.push(' ');
            }
            '\u{2026}' => out.push_str(" . "),
            ':' if alnum(prev) => out.push(':'),
            '&' | '/' | '+' | '#' | '%' | '@' => out.push(c),
            _ => out.push(' '),
        }
    }
    let mut result = String::with_capacity(out.len());
    for word in out.split_whitespace() {
        if !result.is_empty() {
            result.push(' ');
        }
        result.push_str(expand_slang(word).unwrap_or(word));
    }
    result
}

/// Turns runs of star emoji into words ("⭐⭐⭐⭐" → "4 stars", "★★★½" → "3.5 stars") and a lone
/// "½" into ".5", before NFKC would turn "½" into "1⁄2".
fn stars_and_halves(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    let mut prev_digit = false;
    while let Some(c) = chars.next() {
        if matches!(c, '\u{2605}' | '\u{2b50}' | '\u{1f31f}') {
            let mut count = 1u32;
            while let Some(&n) = chars.peek() {
                match n {
                    '\u{2605}' | '\u{2b50}' | '\u{1f31f}' => count += 1,
                    // Variation selectors and empty stars carry no rating.
                    '\u{fe0f}' | '\u{fe0e}' | '\u{2606}' => {}
                    _ => break,
                }
                chars.next();
            }
            let half = chars.peek() == Some(&'\u{bd}');
            if half {
                chars.next();
            }
            out.push_str(&format!(" {count}{} stars ", if half { ".5" } else { "" }));
            prev_digit = false;
            continue;
        }
        if c == '\u{bd}' {
            out.push_str(if prev_digit { ".5" } else { " 0.5" });
        } else {
            out.push(c);
        }
        prev_digit = c.is_ascii_digit();
    }
    out
}

/// Chat spellings the regexes would otherwise all have to know. A capital "R" stays: it is
/// far more often the certification ("R-rated", "nothing above R") than "are".
fn expand_slang(word: &str) -> Option<&'static str> {
    if word == "R" {
        return None;
    }
    let expanded = match word.to_ascii_lowercase().as_str() {
        "gimme" => "give me",
        "wanna" => "want to",
        "gonna" => "going to",
        "lemme" => "let me",
        "gotta" => "got to",
        "u" => "you",
        "ur" => "your",
        "r" => "are",
        "pls" | "plz" | "plss" | "plez" | "pleas" | "pleaseee" | "pleasee" | "puhlease" => "please",
        "smth" | "sth" | "somethin" | "sumthin" | "smthng" | "somthing" | "somethng" => "something",
        "anythin" | "anyting" | "anythng" => "anything",
        "thx" | "ty" | "thnx" | "thanx" => "thanks",
        "rn" => "right now",
        "tonite" => "tonight",
        "fav" | "fave" | "favourit" | "favorit" => "favourite",
        "moive" | "movei" | "moivie" | "mvoie" | "movi" => "movie",
        "moives" | "moveis" | "movis" | "moviez" | "mvoies" | "movise" => "movies",
        "flims" | "filmz" => "films",
        "whats" | "wats" | "wuts" => "what's",
        "wat" | "wut" | "wht" => "what",
        "im" => "I'm",
        "ive" => "I've",
        "dont" => "don't",
        "doesnt" => "doesn't",
        "cant" => "can't",
        "isnt" => "isn't",
        "thats" => "that's",
        "theres" => "there's",
        "youre" => "you're",
        "kinda" => "kind of",
        "sorta" => "sort of",
        "w/" => "with",
        "abt" => "about",
        "bc" | "cuz" | "coz" => "because",
        "sci-fy" | "syfy" | "scify" => "sci-fi",
        _ => return None,
    };
    Some(expanded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(s: &str) -> Vec<String> {
        Text::new(s).words.into_iter().map(|w| w.key).collect()
    }

    #[test]
    fn punctuation_becomes_boundaries_but_titles_keep_theirs() {
        assert_eq!(
            Text::new("Hi!! Movies like Alien: Resurrection, pls?").clean,
            "Hi ! ! Movies like Alien: Resurrection , please ?"
        );
        // NFKC spells "…" as three periods.
        assert_eq!(
            keys("Sci-Fi… 'rom-com'"),
            ["sci-fi", ".", ".", ".", "rom-com"]
        );
        assert_eq!(Text::new("Dr. Strangelove").clean, "Dr. Strangelove");
        assert_eq!(
            Text::new("I'd give it 4,5 or 3.5").clean,
            "I'd give it 4.5 or 3.5"
        );
    }

    #[test]
    fn emoji_stars_and_halves_become_numbers() {
        assert_eq!(Text::new("Heat ⭐️⭐️⭐️⭐️").clean, "Heat 4 stars");
        assert_eq!(Text::new("Heat ★★★½").clean, "Heat 3.5 stars");
        assert_eq!(Text::new("4½ stars 🍿🎬").clean, "4.5 stars");
    }

    #[test]
    fn full_width_and_curly_quotes_are_normalised() {
        assert_eq!(
            Text::new("ｈｏｒｒｏｒ “Heat” what’s").clean,
            "horror \" Heat \" what's"
        );
    }

    #[test]
    fn masking_keeps_offsets() {
        let text = Text::new("movies like Heat now");
        let masked = text.masked(&[false, false, true, false]);
        assert_eq!(masked, "movies like      now");
        assert_eq!(text.word_at(12), 2);
        assert_eq!(text.words_before(16), 3);
        assert_eq!(text.slice(1, 3), "like Heat");
    }
}
