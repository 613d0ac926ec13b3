//! [`OfflineSource`]: film facts from the `movies` table alone, for a bot without TMDb and as
//! [`TmdbSource`](super::TmdbSource)'s fallback when TMDb and its cache both fail.

use async_trait::async_trait;
use moviebot_protocol::{Providers, Region};

use super::{LIST_LIMIT, MovieSource, PersonFilms, Related, Sourced};
use crate::store::{MovieRecord, Store};
use crate::tmdb::{Discover, ImageConfig, TimeWindow, TmdbError};

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

    async fn related(&self, _tmdb_id: i64) -> Result<Sourced<Related>, TmdbError> {
        Err(TmdbError::NotConfigured)
    }

    async fn person_films(&self, _name: &str) -> Result<Sourced<Option<PersonFilms>>, TmdbError> {
        Err(TmdbError::NotConfigured)
    }

    async fn discover(&self, _filters: &Discover) -> Result<Sourced<Vec<MovieRecord>>, TmdbError> {
        Err(TmdbError::NotConfigured)
    }

    async fn image_config(&self) -> Option<ImageConfig> {
        None
    }
}
