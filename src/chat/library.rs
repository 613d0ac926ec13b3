//! The films the chat core can show, in memory: every stored film by internal id and by the
//! public id users see, plus the title/person index and a memo of messages parsed against
//! that index. Rebuilt with the model and swapped atomically, so a request always sees one
//! consistent snapshot.

use std::collections::HashMap;
use std::sync::Arc;

use moka::sync::Cache;

use super::intent::{self, ParsedIntent};
use crate::catalog::index::TitleIndex;
use crate::domain::MovieId;
use crate::store::MovieRecord;

/// Distinct messages whose parse is remembered (moka's TinyLFU policy picks which stay).
const PARSE_MEMO_ENTRIES: u64 = 10_000;
/// Longer messages are parsed every time: they rarely repeat.
const PARSE_MEMO_MAX_BYTES: usize = 200;

/// Public ids are TMDb ids; a film known only locally (MovieLens, Wikipedia) shows as this
/// base plus its internal id, which no TMDb id reaches, so one number names one film.
pub const LOCAL_ID_BASE: i64 = 1_000_000_000_000;

pub fn public_id(m: &MovieRecord) -> i64 {
    m.movie.tmdb_id.unwrap_or(LOCAL_ID_BASE + m.id.0)
}

pub struct Library {
    films: HashMap<MovieId, Arc<MovieRecord>>,
    by_tmdb: HashMap<i64, MovieId>,
    pub index: TitleIndex,
    /// (message, year it was parsed for) → its parse against `index`. Parsing is a pure
    /// function of those, and chat repeats itself ("what's trending?", the sentence a slash
    /// command's options become), so a repeat costs a lookup instead of a parse.
    parsed: Cache<(String, i32), Arc<ParsedIntent>>,
}

impl Default for Library {
    fn default() -> Self {
        Self::build(Vec::new())
    }
}

impl Library {
    pub fn build(records: Vec<MovieRecord>) -> Self {
        let index = TitleIndex::build(&records);
        let mut by_tmdb = HashMap::new();
        let mut films = HashMap::with_capacity(records.len());
        for m in records {
            if let Some(t) = m.movie.tmdb_id {
                by_tmdb.insert(t, m.id);
            }
            films.insert(m.id, Arc::new(m));
        }
        Self {
            films,
            by_tmdb,
            index,
            parsed: Cache::new(PARSE_MEMO_ENTRIES),
        }
    }

    /// `intent::parse` of `message` against this library's index, remembered for short
    /// messages.
    pub fn parse(&self, message: &str, year_today: i32) -> ParsedIntent {
        if message.len() > PARSE_MEMO_MAX_BYTES {
            return intent::parse(message, &self.index, year_today);
        }
        let key = (message.to_string(), year_today);
        if let Some(p) = self.parsed.get(&key) {
            return (*p).clone();
        }
        let p = intent::parse(message, &self.index, year_today);
        self.parsed.insert(key, Arc::new(p.clone()));
        p
    }

    pub fn get(&self, id: MovieId) -> Option<&Arc<MovieRecord>> {
        self.films.get(&id)
    }

    /// The film behind a public id (TMDb id, or `LOCAL_ID_BASE` + internal id).
    pub fn by_public(&self, public: i64) -> Option<&Arc<MovieRecord>> {
        if public >= LOCAL_ID_BASE {
            return self.get(MovieId(public - LOCAL_ID_BASE));
        }
        self.by_tmdb.get(&public).and_then(|id| self.get(*id))
    }

    /// The film a user's words name (exact title first, then a close spelling).
    pub fn find(&self, words: &str) -> Option<(&Arc<MovieRecord>, bool)> {
        let (f, exact) = self.index.find(words)?;
        self.get(f.id).map(|m| (m, exact))
    }

    /// Up to `n` titles that start like (or contain) the words, for "did you mean".
    pub fn suggestions(&self, words: &str, n: usize) -> Vec<String> {
        let mut out: Vec<String> = self
            .index
            .complete(words, n)
            .into_iter()
            .map(|f| match f.year {
                Some(y) => format!("{} ({y})", f.title),
                None => f.title.clone(),
            })
            .collect();
        out.dedup();
        out
    }

    pub fn len(&self) -> usize {
        self.films.len()
    }

    pub fn is_empty(&self) -> bool {
        self.films.is_empty()
    }

    pub fn records(&self) -> impl Iterator<Item = &Arc<MovieRecord>> {
        self.films.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_parses_equal_fresh_ones_and_follow_the_year() {
        let lib = Library::default();
        for msg in [
            "90s action movies",
            "something recent and scary",
            "what's trending?",
        ] {
            let fresh = intent::parse(msg, &lib.index, 2026);
            assert_eq!(lib.parse(msg, 2026), fresh);
            assert_eq!(lib.parse(msg, 2026), fresh, "the remembered parse");
        }
        // The year is part of the key: "recent" means something else a year on.
        let now = lib.parse("something recent", 2026);
        let later = lib.parse("something recent", 2027);
        assert_ne!(now.filters.year_from, later.filters.year_from);
        assert_eq!(later, intent::parse("something recent", &lib.index, 2027));
    }
}
