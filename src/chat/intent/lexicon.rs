//! The parser's window onto the catalog: resolving the user's words to films and people.
//!
//! The parser never knows titles itself; it finds *where* a title or name probably is ("movies
//! like ___") and asks a [`Lexicon`]. The real implementation (fuzzy matching against the
//! catalog, TMDb when configured) lives elsewhere; [`NoLexicon`] makes the parser usable
//! without one, and then titles and names come back as the user's own words.

/// A film the lexicon found for some words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleMatch {
    /// The catalog's title, e.g. "Alien: Resurrection".
    pub canonical: String,
    /// Release year, used for "like Alien but newer".
    pub year: Option<i32>,
    /// The words are this film's title or an unambiguous alias, compared ignoring case,
    /// punctuation and a leading article — not a fuzzy guess. "alien" is exactly Alien, never
    /// Aliens.
    pub exact: bool,
}

/// A person the lexicon found for some words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonMatch {
    /// The catalog's name, e.g. "Keanu Reeves".
    pub canonical: String,
    /// The words are the name or an unambiguous alias ("keanu"), not a fuzzy guess.
    pub exact: bool,
}

/// Resolves spans of user text. Called with candidate spans, longest first, so an
/// implementation should answer `None` quickly for words that name nothing and should only
/// claim `exact` when the whole span is the name: the parser trusts exact matches even
/// without a cue word, and uses a fuzzy match only right after one ("movies like ...").
pub trait Lexicon {
    fn resolve_title(&self, words: &str) -> Option<TitleMatch>;
    fn resolve_person(&self, words: &str) -> Option<PersonMatch>;

    /// Only an exact title match. The parser asks this for every plausible span of a message
    /// without a cue, so an implementation with costly typo matching should skip it here.
    fn resolve_exact_title(&self, words: &str) -> Option<TitleMatch> {
        self.resolve_title(words).filter(|m| m.exact)
    }

    /// Only an exact person match (see [`Lexicon::resolve_exact_title`]).
    fn resolve_exact_person(&self, words: &str) -> Option<PersonMatch> {
        self.resolve_person(words).filter(|m| m.exact)
    }
}

/// Knows no films and no people: titles and names are taken from the user's words.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoLexicon;

impl Lexicon for NoLexicon {
    fn resolve_title(&self, _words: &str) -> Option<TitleMatch> {
        None
    }

    fn resolve_person(&self, _words: &str) -> Option<PersonMatch> {
        None
    }
}

impl<L: Lexicon + ?Sized> Lexicon for &L {
    fn resolve_title(&self, words: &str) -> Option<TitleMatch> {
        (**self).resolve_title(words)
    }

    fn resolve_person(&self, words: &str) -> Option<PersonMatch> {
        (**self).resolve_person(words)
    }

    fn resolve_exact_title(&self, words: &str) -> Option<TitleMatch> {
        (**self).resolve_exact_title(words)
    }

    fn resolve_exact_person(&self, words: &str) -> Option<PersonMatch> {
        (**self).resolve_exact_person(words)
    }
}
