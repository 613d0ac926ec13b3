//! Finding films: by the public id a button or autocomplete handed out, by the user's words
//! for a title, by title search and autocomplete. The library answers first; TMDb answers
//! what it cannot answer confidently (an unknown id, a title with no exact local match, a
//! year the local film does not have), and every film it names is stored and added.

use moviebot_protocol::PublicMovieId;
use std::sync::Arc;

use super::Films;
use crate::catalog::index::strip_article;
use crate::catalog::titles::normalize;
use crate::store::MovieRecord;
use crate::tmdb::budget;

/// Fewer local prefix matches than this and autocomplete also asks TMDb.
const LOCAL_COMPLETIONS_ENOUGH: usize = 5;
/// Autocomplete asks TMDb from this many characters on (shorter prefixes match too much).
const REMOTE_COMPLETION_MIN_CHARS: usize = 3;

/// What the user's words for a title name.
#[derive(Debug, Clone)]
pub enum TitleLookup {
    Found(Arc<MovieRecord>),
    /// Nothing matched; titles that start like the words, for "did you mean".
    Unknown {
        suggestions: Vec<String>,
    },
}

/// A title as compared: normalised, without a leading article.
fn title_key(title: &str) -> String {
    strip_article(&normalize(title)).to_string()
}

fn names(m: &MovieRecord, key: &str) -> bool {
    title_key(&m.movie.title) == key
        || m.movie
            .original_title
            .as_deref()
            .is_some_and(|t| title_key(t) == key)
}

impl Films {
    /// The film behind a public id: the library's, else (with TMDb) fetched with its details,
    /// stored and added to the library. `None` when nobody knows it.
    pub async fn by_public(&self, public: PublicMovieId) -> Option<Arc<MovieRecord>> {
        if let Some(m) = self.snapshot().by_public(public) {
            return Some(m.clone());
        }
        match public.tmdb() {
            Some(tmdb) if self.is_live() => self.fetch_details(tmdb).await,
            _ => None,
        }
    }

    /// TMDb's details for a film (one request, or none when cached), stored, and remembered
    /// as fetched when fresh; `None` when nobody knows the film. The flag says TMDb failed and
    /// the row is the stored one (or none).
    pub(super) async fn details_of(&self, tmdb_id: i64) -> (Option<MovieRecord>, bool) {
        let found = self.source.details(tmdb_id).await;
        if !found.stale {
            self.detailed.insert(tmdb_id, ());
        }
        (found.value, found.stale)
    }

    /// [`Films::details_of`], added to the library; a failure notes the turn as degraded.
    pub(super) async fn fetch_details(&self, tmdb_id: i64) -> Option<Arc<MovieRecord>> {
        let (found, stale) = self.details_of(tmdb_id).await;
        if stale {
            budget::note_degraded();
        }
        self.ingest(vec![found?]).pop()
    }

    /// Whether TMDb could add to what is stored: a poster, the cast, the runtime.
    pub(super) fn needs_details(&self, m: &MovieRecord) -> bool {
        let Some(tmdb_id) = m.movie.tmdb_id.filter(|_| self.is_live()) else {
            return false;
        };
        let thin =
            m.movie.poster_path.is_none() || m.movie.cast.is_empty() || m.movie.runtime.is_none();
        thin && !self.detailed.contains_key(&tmdb_id)
    }

    /// The film with everything TMDb has on it (for a full card), or as stored when TMDb has
    /// nothing more or cannot answer now.
    pub async fn detailed(&self, m: Arc<MovieRecord>) -> Arc<MovieRecord> {
        match m.movie.tmdb_id.filter(|_| self.needs_details(&m)) {
            Some(tmdb_id) => self.fetch_details(tmdb_id).await.unwrap_or(m),
            None => m,
        }
    }

    /// The film the user's words name. An exact local title (of `year`, when given) is
    /// confident; otherwise TMDb's search decides (an exact title there, else the local
    /// close spelling, else TMDb's best match); without TMDb, the local close spelling.
    pub async fn find_title(&self, words: &str, year: Option<i32>) -> TitleLookup {
        let lib = self.snapshot();
        let exact = lib.exact(words);
        let confident = exact
            .iter()
            .find(|m| year.is_none_or(|y| m.movie.year == Some(y)));
        if let Some(m) = confident {
            return TitleLookup::Found((*m).clone());
        }
        let close = lib.find(words).map(|(m, _)| m.clone());
        if self.is_live() && !title_key(words).is_empty() {
            let found = self.source.search(words, year).await;
            if found.stale {
                budget::note_degraded();
            }
            let hits = self.ingest(found.value);
            let key = title_key(words);
            let best = hits
                .iter()
                .find(|m| names(m, &key))
                .cloned()
                .or(close)
                .or_else(|| hits.first().cloned());
            if let Some(m) = best {
                return TitleLookup::Found(m);
            }
        } else if let Some(m) = close {
            return TitleLookup::Found(m);
        }
        TitleLookup::Unknown {
            suggestions: lib.suggestions(words, 3),
        }
    }

    /// Films whose title starts like or contains `query` (of `year`, when given): exact local
    /// titles first, then TMDb's matches in its order (asked when no local title is exact),
    /// then the other local ones; each film once.
    pub async fn search(
        &self,
        query: &str,
        year: Option<i32>,
        limit: usize,
    ) -> Vec<Arc<MovieRecord>> {
        let lib = self.snapshot();
        let key = title_key(query);
        let local: Vec<Arc<MovieRecord>> = lib
            .index()
            .complete(query, limit.max(50))
            .into_iter()
            .filter_map(|f| lib.get(f.id).cloned())
            .filter(|m| year.is_none_or(|y| m.movie.year == Some(y)))
            .collect();
        let (exact, rest): (Vec<_>, Vec<_>) = local.into_iter().partition(|m| names(m, &key));
        let remote = if exact.is_empty() && self.is_live() && !key.is_empty() {
            let found = self.source.search(query, year).await;
            if found.stale {
                budget::note_degraded();
            }
            self.ingest(found.value)
        } else {
            Vec::new()
        };
        let mut out: Vec<Arc<MovieRecord>> = Vec::new();
        for m in exact.into_iter().chain(remote).chain(rest) {
            if out.len() < limit && !out.iter().any(|o| o.id == m.id) {
                out.push(m);
            }
        }
        out
    }

    /// Titles for autocomplete: local prefix matches by popularity, then (with TMDb, when the
    /// library has few) TMDb's matches.
    pub async fn complete(&self, prefix: &str, limit: usize) -> Vec<Arc<MovieRecord>> {
        let lib = self.snapshot();
        let mut out: Vec<Arc<MovieRecord>> = lib
            .index()
            .complete(prefix, limit)
            .into_iter()
            .filter_map(|f| lib.get(f.id).cloned())
            .collect();
        let typed = normalize(prefix).chars().count();
        if out.len() < LOCAL_COMPLETIONS_ENOUGH
            && typed >= REMOTE_COMPLETION_MIN_CHARS
            && self.is_live()
        {
            let found = self.source.search(prefix, None).await;
            for m in self.ingest(found.value) {
                if out.len() < limit && !out.iter().any(|o| o.id == m.id) {
                    out.push(m);
                }
            }
        }
        out
    }

    /// The person TMDb knows by `name` and their films (most voted first), stored and added.
    pub async fn person(&self, name: &str) -> Option<(String, Vec<Arc<MovieRecord>>)> {
        if !self.is_live() {
            return None;
        }
        let found = self.settle("person search", self.source.person_films(name).await)??;
        Some((found.name, self.ingest(found.films)))
    }
}
