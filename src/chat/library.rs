//! The films the chat core can show, in memory: every stored film by internal id and by the
//! public id users see, plus the title/person index. Rebuilt with the model and swapped
//! atomically, so a request always sees one consistent snapshot.

use std::collections::HashMap;
use std::sync::Arc;

use crate::catalog::index::TitleIndex;
use crate::domain::MovieId;
use crate::store::MovieRecord;

/// Public ids are TMDb ids; a film known only locally (MovieLens, Wikipedia) shows as this
/// base plus its internal id, which no TMDb id reaches, so one number names one film.
pub const LOCAL_ID_BASE: i64 = 1_000_000_000_000;

pub fn public_id(m: &MovieRecord) -> i64 {
    m.movie.tmdb_id.unwrap_or(LOCAL_ID_BASE + m.id.0)
}

#[derive(Default)]
pub struct Library {
    films: HashMap<MovieId, Arc<MovieRecord>>,
    by_tmdb: HashMap<i64, MovieId>,
    pub index: TitleIndex,
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
        }
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
