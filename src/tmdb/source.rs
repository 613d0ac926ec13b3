//! Where film facts come from, behind one trait: TMDb through the cache when a key is
//! configured ([`TmdbSource`]), the local catalog otherwise ([`OfflineSource`]). Answers say
//! whether they may be stale, so a reply can tell the user instead of failing.

use async_trait::async_trait;
use moviebot_protocol::{Providers, Region};

use super::cached::{CachedTmdb, Fetched};
use super::endpoints::TimeWindow;
use super::error::TmdbError;
use super::types::MovieItem;
use crate::store::{MovieRecord, MovieSource as Origin, Store};

/// How many films a list answer holds.
const LIST_LIMIT: usize = 20;

/// An answer and whether it may be out of date (TMDb failed; this came from an expired cache
/// entry or the local catalog).
#[derive(Debug, Clone, PartialEq)]
pub struct Sourced<T> {
    pub value: T,
    pub stale: bool,
}

impl<T> Sourced<T> {
    pub fn fresh(value: T) -> Self {
        Self {
            value,
            stale: false,
        }
    }

    pub fn stale(value: T) -> Self {
        Self { value, stale: true }
    }
}

/// Film lookups for the chat core and the sidecar.
#[async_trait]
pub trait MovieSource: Send + Sync {
    /// Whether answers come from TMDb (false: the local catalog only).
    fn is_live(&self) -> bool;
    /// Films whose title matches `query`, optionally from `year`.
    async fn search(&self, query: &str, year: Option<i32>) -> Sourced<Vec<MovieRecord>>;
    /// One film by TMDb id.
    async fn details(&self, tmdb_id: i64) -> Sourced<Option<MovieRecord>>;
    async fn trending(&self, window: TimeWindow) -> Sourced<Vec<MovieRecord>>;
    /// Where to watch in `region` (JustWatch data via TMDb; needs TMDb).
    async fn providers(
        &self,
        tmdb_id: i64,
        region: Region,
    ) -> Result<Sourced<Providers>, TmdbError>;
}

/// Answers from the `movies` table alone (the embedded catalog plus whatever was imported or
/// synced). Store failures are logged and answered with nothing.
#[derive(Debug, Clone)]
pub struct OfflineSource {
    store: Store,
}

impl OfflineSource {
    pub fn new(store: Store) -> Self {
        Self { store }
    }
}

#[async_trait]
impl MovieSource for OfflineSource {
    fn is_live(&self) -> bool {
        false
    }

    async fn search(&self, query: &str, year: Option<i32>) -> Sourced<Vec<MovieRecord>> {
        let found = self
            .store
            .search_movies(query.trim(), 200)
            .await
            .unwrap_or_else(|e| {
                tracing::warn!(error = %format!("{e:#}"), "catalog search failed");
                Vec::new()
            });
        let found = found
            .into_iter()
            .filter(|m| year.is_none() || m.movie.year == year)
            .take(LIST_LIMIT)
            .collect();
        Sourced::fresh(found)
    }

    async fn details(&self, tmdb_id: i64) -> Sourced<Option<MovieRecord>> {
        let found = self.store.movie_by_tmdb(tmdb_id).await.unwrap_or_else(|e| {
            tracing::warn!(error = %format!("{e:#}"), "catalog lookup failed");
            None
        });
        Sourced::fresh(found)
    }

    /// The catalog has no notion of "now": the most-voted films stand in.
    async fn trending(&self, _window: TimeWindow) -> Sourced<Vec<MovieRecord>> {
        let mut all = self.store.all_movies().await.unwrap_or_else(|e| {
            tracing::warn!(error = %format!("{e:#}"), "catalog read failed");
            Vec::new()
        });
        all.sort_by_key(|m| std::cmp::Reverse(m.movie.vote_count.unwrap_or(0)));
        all.truncate(LIST_LIMIT);
        Sourced::fresh(all)
    }

    async fn providers(
        &self,
        _tmdb_id: i64,
        _region: Region,
    ) -> Result<Sourced<Providers>, TmdbError> {
        Err(TmdbError::NotConfigured)
    }
}

/// TMDb through the cache; when TMDb and the cache both fail, the local catalog answers and
/// the answer is flagged stale.
#[derive(Debug, Clone)]
pub struct TmdbSource {
    tmdb: CachedTmdb,
    offline: OfflineSource,
}

impl TmdbSource {
    pub fn new(tmdb: CachedTmdb) -> Self {
        let offline = OfflineSource::new(tmdb.store().clone());
        Self { tmdb, offline }
    }

    pub fn tmdb(&self) -> &CachedTmdb {
        &self.tmdb
    }

    /// List items as catalog rows: a film already stored keeps its (richer) row; a new one is
    /// added from the list fields until its details are fetched.
    async fn records(&self, items: &[MovieItem]) -> Result<Vec<MovieRecord>, TmdbError> {
        let store = self.tmdb.store();
        let mut out = Vec::with_capacity(items.len().min(LIST_LIMIT));
        for item in items.iter().filter(|i| !i.adult).take(LIST_LIMIT) {
            if let Some(known) = store.movie_by_tmdb(item.id).await? {
                out.push(known);
                continue;
            }
            store
                .upsert_movie_by_tmdb(&item.to_new_movie(), Origin::Tmdb)
                .await?;
            if let Some(added) = store.movie_by_tmdb(item.id).await? {
                out.push(added);
            }
        }
        Ok(out)
    }

    async fn list(
        &self,
        fetched: Result<Fetched<super::types::Page<MovieItem>>, TmdbError>,
    ) -> Result<Sourced<Vec<MovieRecord>>, TmdbError> {
        let fetched = fetched?;
        Ok(Sourced {
            value: self.records(&fetched.value.results).await?,
            stale: fetched.stale,
        })
    }
}

fn fell_back(what: &str, e: &TmdbError) {
    tracing::warn!(error = %e, "TMDb {what} failed; answering from the local catalog");
}

#[async_trait]
impl MovieSource for TmdbSource {
    fn is_live(&self) -> bool {
        true
    }

    async fn search(&self, query: &str, year: Option<i32>) -> Sourced<Vec<MovieRecord>> {
        match self
            .list(self.tmdb.search_movie(query, year, 1).await)
            .await
        {
            Ok(found) => found,
            Err(e) => {
                fell_back("search", &e);
                Sourced::stale(self.offline.search(query, year).await.value)
            }
        }
    }

    async fn details(&self, tmdb_id: i64) -> Sourced<Option<MovieRecord>> {
        let stale = match self.tmdb.movie_details(tmdb_id).await {
            // Fresh details were just upserted: the stored row is the answer.
            Ok(fetched) => fetched.stale,
            Err(TmdbError::NotFound) => false,
            Err(e) => {
                fell_back("details", &e);
                true
            }
        };
        let mut found = self.offline.details(tmdb_id).await;
        found.stale = stale;
        found
    }

    async fn trending(&self, window: TimeWindow) -> Sourced<Vec<MovieRecord>> {
        match self.list(self.tmdb.trending(window, 1).await).await {
            Ok(found) => found,
            Err(e) => {
                fell_back("trending", &e);
                Sourced::stale(self.offline.trending(window).await.value)
            }
        }
    }

    async fn providers(
        &self,
        tmdb_id: i64,
        region: Region,
    ) -> Result<Sourced<Providers>, TmdbError> {
        let fetched = self.tmdb.watch_providers(tmdb_id, region).await?;
        Ok(Sourced {
            value: fetched.value,
            stale: fetched.stale,
        })
    }
}
