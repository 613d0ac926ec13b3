//! Where the chat core and the sidecar get live film facts, behind one trait: TMDb through
//! the cache when a key is configured ([`TmdbSource`], `source/tmdb.rs`), the local catalog
//! otherwise ([`OfflineSource`], `source/offline.rs`). Answers are stored films and protocol
//! types, and say whether they may be stale, so a reply can tell the user instead of failing.

mod offline;
mod tmdb;

use async_trait::async_trait;
use moviebot_protocol::{Providers, Region};

use crate::store::{MovieRecord, Service};
use crate::tmdb::{CachedTmdb, Discover, ImageConfig, TimeWindow, TmdbError};

pub use offline::OfflineSource;
pub use tmdb::{TmdbSource, providers_in};

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
    /// The film TMDb files under an IMDb id, stored as a catalog row; `None` when TMDb
    /// knows no film by it (needs TMDb).
    async fn find_imdb(&self, imdb_id: &str) -> Result<Option<MovieRecord>, TmdbError> {
        let _ = imdb_id;
        Err(TmdbError::NotConfigured)
    }
    /// Where poster images live and in which sizes (TMDb's `configuration`), when live.
    async fn image_config(&self) -> Option<ImageConfig>;
    /// The streaming services TMDb knows in `region`, in its display order there (needs
    /// TMDb).
    async fn services(&self, region: Region) -> Result<Sourced<Vec<Service>>, TmdbError> {
        let _ = region;
        Err(TmdbError::NotConfigured)
    }
    /// Where to watch in `region` as far as the cache already knows, never asking TMDb (for
    /// marks on cards, which must not spend the turn's requests).
    async fn known_providers(&self, tmdb_id: i64, region: Region) -> Option<Providers> {
        let _ = (tmdb_id, region);
        None
    }
}
