//! The parser's [`Lexicon`] answered from the catalog's [`TitleIndex`]: the index finds
//! titles and people (typos included), this turns its hits into the parser's matches. It
//! lives with the chat core, which owns the trait, so the catalog never depends on chat.

use crate::catalog::index::TitleIndex;
use crate::chat::intent::{Lexicon, PersonMatch, TitleMatch};

impl Lexicon for TitleIndex {
    fn resolve_title(&self, words: &str) -> Option<TitleMatch> {
        self.find(words).map(|(f, exact)| TitleMatch {
            canonical: f.title.clone(),
            year: f.year,
            exact,
        })
    }

    fn resolve_person(&self, words: &str) -> Option<PersonMatch> {
        self.person(words)
            .map(|(canonical, exact)| PersonMatch { canonical, exact })
    }

    fn resolve_exact_title(&self, words: &str) -> Option<TitleMatch> {
        self.exact(words).map(|f| TitleMatch {
            canonical: f.title.clone(),
            year: f.year,
            exact: true,
        })
    }

    fn resolve_exact_person(&self, words: &str) -> Option<PersonMatch> {
        self.exact_person(words).map(|canonical| PersonMatch {
            canonical,
            exact: true,
        })
    }
}
