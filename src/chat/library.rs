//! The films the chat core can show, in memory: every stored film by internal id and by the
//! public id users see, plus the title/person index and a memo of messages parsed against
//! that index. Rebuilt with the model and swapped atomically, so a request always sees one
//! consistent snapshot; films fetched from TMDb in between join a new snapshot at once
//! (see [`Library::with_films`]). `lexicon` lets the parser resolve words with the index.

mod lexicon;

use moviebot_protocol::PublicMovieId;
use std::collections::HashMap;
use std::sync::Arc;

use moka::sync::Cache;

use super::intent::{self, ParsedIntent};
use crate::catalog::index::TitleIndex;
use crate::catalog::titles::normalize;
use crate::domain::MovieId;
use crate::store::MovieRecord;

/// Distinct messages whose parse is remembered (moka's TinyLFU policy picks which stay).
const PARSE_MEMO_ENTRIES: u64 = 10_000;
/// Longer messages are parsed every time: they rarely repeat.
const PARSE_MEMO_MAX_BYTES: usize = 200;

/// A film's public id: its TMDb id, or (known only locally: MovieLens, Wikipedia) one made
/// from its internal id that no TMDb id reaches, so one number names one film.
pub fn public_id(m: &MovieRecord) -> PublicMovieId {
    PublicMovieId::of(m.movie.tmdb_id, m.id.0)
}

/// The films of one snapshot: those loaded when it was built (`base`, with the title index
/// and parse memo) and those TMDb told us about since (`live`: new films, and stored films
/// whose row changed, e.g. a poster arrived). Adding a live film makes a new `Library` that
/// shares the base, so it costs a copy of the (small) live set, never a rebuilt index; the
/// next rebuild folds the live films into a new base.
pub struct Library {
    base: Arc<Base>,
    live: Arc<Live>,
}

struct Base {
    films: HashMap<MovieId, Arc<MovieRecord>>,
    by_tmdb: HashMap<i64, MovieId>,
    index: TitleIndex,
    /// (message, year it was parsed for) → its parse against `index`. Parsing is a pure
    /// function of those, and chat repeats itself ("what's trending?", the sentence a slash
    /// command's options become), so a repeat costs a lookup instead of a parse.
    parsed: Cache<(String, i32), Arc<ParsedIntent>>,
}

#[derive(Clone, Default)]
struct Live {
    films: HashMap<MovieId, Arc<MovieRecord>>,
    by_tmdb: HashMap<i64, MovieId>,
    /// Normalised title → films, for exact lookups (typo matching stays with the index).
    by_title: HashMap<String, Vec<MovieId>>,
}

impl Live {
    fn insert(&mut self, m: Arc<MovieRecord>) {
        if let Some(t) = m.movie.tmdb_id {
            self.by_tmdb.insert(t, m.id);
        }
        let ids = self.by_title.entry(normalize(&m.movie.title)).or_default();
        if !ids.contains(&m.id) {
            ids.push(m.id);
        }
        self.films.insert(m.id, m);
    }
}

/// How strongly a title match means this film: the title index's own weight.
fn weight(m: &MovieRecord) -> f64 {
    TitleIndex::weight(m)
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
            base: Arc::new(Base {
                films,
                by_tmdb,
                index,
                parsed: Cache::new(PARSE_MEMO_ENTRIES),
            }),
            live: Arc::default(),
        }
    }

    /// A new snapshot built from `records` (a reload of the store), keeping the live films of
    /// this one that the reload missed or holds an older row of (they arrived meanwhile).
    pub fn rebuilt(&self, records: Vec<MovieRecord>) -> Self {
        let mut next = Self::build(records);
        let mut live = Live::default();
        for m in self.live.films.values() {
            let newer = next
                .base
                .films
                .get(&m.id)
                .is_none_or(|b| b.cached_at < m.cached_at);
            if newer {
                live.insert(m.clone());
            }
        }
        next.live = Arc::new(live);
        next
    }

    /// This snapshot plus `records` (new films, or newer rows of known ones).
    pub fn with_films(&self, records: impl IntoIterator<Item = MovieRecord>) -> Self {
        let mut live = (*self.live).clone();
        for m in records {
            live.insert(Arc::new(m));
        }
        Self {
            base: self.base.clone(),
            live: Arc::new(live),
        }
    }

    /// The title and person index of the base films (what the parser resolves words with).
    pub fn index(&self) -> &TitleIndex {
        &self.base.index
    }

    /// `intent::parse` of `message` against this library's index, remembered for short
    /// messages.
    pub fn parse(&self, message: &str, year_today: i32) -> ParsedIntent {
        let base = &self.base;
        if message.len() > PARSE_MEMO_MAX_BYTES {
            return intent::parse(message, &base.index, year_today);
        }
        let key = (message.to_string(), year_today);
        if let Some(p) = base.parsed.get(&key) {
            return (*p).clone();
        }
        let p = intent::parse(message, &base.index, year_today);
        base.parsed.insert(key, Arc::new(p.clone()));
        p
    }

    /// The current row of a film (a live update wins over the base's).
    pub fn get(&self, id: MovieId) -> Option<&Arc<MovieRecord>> {
        self.live
            .films
            .get(&id)
            .or_else(|| self.base.films.get(&id))
    }

    /// The film behind a public id.
    pub fn by_public(&self, public: PublicMovieId) -> Option<&Arc<MovieRecord>> {
        if let Some(local) = public.local() {
            return self.get(MovieId(local));
        }
        let tmdb = public.tmdb()?;
        let id = self
            .live
            .by_tmdb
            .get(&tmdb)
            .or_else(|| self.base.by_tmdb.get(&tmdb))?;
        self.get(*id)
    }

    /// Films whose title is exactly `words` (ignoring case, punctuation and a leading
    /// article), most voted first.
    pub fn exact(&self, words: &str) -> Vec<&Arc<MovieRecord>> {
        let mut found: Vec<&Arc<MovieRecord>> = self
            .base
            .index
            .exact_all(words)
            .into_iter()
            .filter_map(|f| self.get(f.id))
            .collect();
        if let Some(ids) = self.live.by_title.get(&normalize(words)) {
            for m in ids.iter().filter_map(|id| self.get(*id)) {
                if !found.iter().any(|f| f.id == m.id) {
                    found.push(m);
                }
            }
        }
        // As the index ranks its own exact hits: most voted, then the older row.
        found.sort_by(|a, b| weight(b).total_cmp(&weight(a)).then(a.id.cmp(&b.id)));
        found
    }

    /// The film a user's words name (exact title first, then a close spelling); the flag
    /// says whether the title matched exactly.
    pub fn find(&self, words: &str) -> Option<(&Arc<MovieRecord>, bool)> {
        if let Some(m) = self.exact(words).first() {
            return Some((m, true));
        }
        let (f, exact) = self.base.index.find(words)?;
        self.get(f.id).map(|m| (m, exact))
    }

    /// Up to `n` titles that start like (or contain) the words, for "did you mean".
    pub fn suggestions(&self, words: &str, n: usize) -> Vec<String> {
        let mut out: Vec<String> = self
            .base
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

    /// How many films: the base's plus the live ones it did not have.
    pub fn len(&self) -> usize {
        self.base.films.len()
            + self
                .live
                .films
                .keys()
                .filter(|id| !self.base.films.contains_key(id))
                .count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Films added or updated since the base was built.
    pub fn live_len(&self) -> usize {
        self.live.films.len()
    }

    /// Whether a film was added or updated since the base was built (only such films can be
    /// unknown to the model fitted with the base).
    pub fn is_live(&self, id: MovieId) -> bool {
        self.live.films.contains_key(&id)
    }

    /// Every film once, in its current row.
    pub fn records(&self) -> impl Iterator<Item = &Arc<MovieRecord>> {
        self.base
            .films
            .values()
            .filter(|m| !self.live.films.contains_key(&m.id))
            .chain(self.live.films.values())
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
            let fresh = intent::parse(msg, lib.index(), 2026);
            assert_eq!(lib.parse(msg, 2026), fresh);
            assert_eq!(lib.parse(msg, 2026), fresh, "the remembered parse");
        }
        // The year is part of the key: "recent" means something else a year on.
        let now = lib.parse("something recent", 2026);
        let later = lib.parse("something recent", 2027);
        assert_ne!(now.filters.year_from, later.filters.year_from);
        assert_eq!(later, intent::parse("something recent", lib.index(), 2027));
    }
}
