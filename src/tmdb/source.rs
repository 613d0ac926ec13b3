//! Where film facts come from, behind one trait: TMDb through the cache when a key is
//! configured ([`TmdbSource`]), the local catalog otherwise ([`OfflineSource`]). Answers say
//! whether they may be stale, so a reply can tell the user instead of failing.

use async_trait::async_trait;
use moviebot_protocol::{Providers, Region};

use super::cached::{CachedTmdb, Fetched};
use super::endpoints::{Discover, TimeWindow};
use super::error::TmdbError;
use super::types::{ImageConfig, MovieItem};
use crate::catalog::titles::normalize;
use crate::store::{MovieRecord, Store};

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

/// The films TMDb links to one film.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Related {
    /// TMDb's "recommendations" (what its users liked together), best first.
    pub recommended: Vec<MovieRecord>,
    /// TMDb's "similar" (shared genres and keywords), best first.
    pub similar: Vec<MovieRecord>,
}

/// A person TMDb knows and the films they acted in or directed, most voted first.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonFilms {
    pub id: i64,
    pub name: String,
    pub films: Vec<MovieRecord>,
}

/// Film lookups for the chat core and the sidecar.
#[async_trait]
pub trait MovieSource: Send + Sync {
    /// Whether answers come from TMDb (false: the local catalog only).
    fn is_live(&self) -> bool;
    /// The TMDb client behind this source, for background work that must share its cache and
    /// rate limit (refresh, cleanup).
    fn tmdb(&self) -> Option<&CachedTmdb> {
        None
    }
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
    /// TMDb's recommendations and similar films for one film (needs TMDb).
    async fn related(&self, tmdb_id: i64) -> Result<Sourced<Related>, TmdbError>;
    /// The person best matching `name` and their films; `None` when TMDb knows nobody by it
    /// (needs TMDb).
    async fn person_films(&self, name: &str) -> Result<Sourced<Option<PersonFilms>>, TmdbError>;
    /// Films matching `filters` from TMDb's discover (needs TMDb).
    async fn discover(&self, filters: &Discover) -> Result<Sourced<Vec<MovieRecord>>, TmdbError>;
    /// Where poster images live and in which sizes (TMDb's `configuration`), when live.
    async fn image_config(&self) -> Option<ImageConfig>;
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

    /// List items as catalog rows (adult titles dropped): a film already stored keeps its
    /// (richer) row; a new one is added from the list fields until its details are fetched.
    async fn records(&self, items: &[MovieItem]) -> Result<Vec<MovieRecord>, TmdbError> {
        let listed: Vec<_> = items
            .iter()
            .filter(|i| !i.adult)
            .take(LIST_LIMIT)
            .map(MovieItem::to_new_movie)
            .collect();
        Ok(self.tmdb.store().upsert_listed(&listed).await?)
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
    // A deferral is the turn's budget at work, not a failure: the request finishes anyway.
    if matches!(e, TmdbError::Deferred) {
        tracing::debug!("TMDb {what} deferred to the background");
    } else {
        tracing::warn!(error = %e, "TMDb {what} failed; answering from the local catalog");
    }
}

#[async_trait]
impl MovieSource for TmdbSource {
    fn is_live(&self) -> bool {
        true
    }

    fn tmdb(&self) -> Option<&CachedTmdb> {
        Some(&self.tmdb)
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

    async fn related(&self, tmdb_id: i64) -> Result<Sourced<Related>, TmdbError> {
        let fetched = self.tmdb.movie_details(tmdb_id).await?;
        let d = &fetched.value;
        Ok(Sourced {
            value: Related {
                recommended: self.records(&d.recommendations.results).await?,
                similar: self.records(&d.similar.results).await?,
            },
            stale: fetched.stale,
        })
    }

    async fn person_films(&self, name: &str) -> Result<Sourced<Option<PersonFilms>>, TmdbError> {
        let found = self.tmdb.search_person(name, 1).await?;
        let wanted = normalize(name);
        // TMDb orders by relevance (popularity among matches); an exact name wins, and among
        // several exact ones TMDb's order decides.
        let people = &found.value.results;
        let Some(person) = people
            .iter()
            .find(|p| normalize(&p.name) == wanted)
            .or_else(|| people.first())
        else {
            return Ok(Sourced {
                value: None,
                stale: found.stale,
            });
        };
        let credits = self.tmdb.person_movie_credits(person.id).await?;
        let mut items: Vec<MovieItem> = credits
            .value
            .cast
            .iter()
            .chain(
                credits
                    .value
                    .crew
                    .iter()
                    .filter(|c| c.job.as_deref() == Some("Director")),
            )
            .map(|c| c.movie.clone())
            .collect();
        items.sort_by_key(|m| std::cmp::Reverse(m.vote_count.unwrap_or(0)));
        let mut seen = std::collections::HashSet::new();
        items.retain(|m| seen.insert(m.id));
        let listed: Vec<_> = items
            .iter()
            .filter(|i| !i.adult)
            .map(MovieItem::to_new_movie)
            .collect();
        Ok(Sourced {
            value: Some(PersonFilms {
                id: person.id,
                name: person.name.clone(),
                films: self.tmdb.store().upsert_listed(&listed).await?,
            }),
            stale: found.stale || credits.stale,
        })
    }

    async fn discover(&self, filters: &Discover) -> Result<Sourced<Vec<MovieRecord>>, TmdbError> {
        self.list(self.tmdb.discover_movie(filters).await).await
    }

    async fn image_config(&self) -> Option<ImageConfig> {
        match self.tmdb.image_config().await {
            Ok(c) => Some(c.value),
            Err(e) => {
                tracing::warn!(error = %e, "TMDb configuration unavailable; default image URLs");
                None
            }
        }
    }
}
