//! [`Films`]: every film the chat core can show, wherever it comes from. The in-memory
//! [`Library`] holds what the store held at the last rebuild; with TMDb, any film TMDb knows is
//! found by public id, title or person, stored in `movies` and added to the library the moment
//! it is first seen, so it can be opened, rated and listed at once (its ratings count in the
//! next fit). Without TMDb, or while it is down, everything answers from the library alone.
//!
//! - `lookup`: by public id, by title (local first, TMDb when the local match is not
//!   confident), title search, autocomplete.
//! - `extra`: TMDb lists that complete a short local answer (discover, a person's films,
//!   a film's recommendations and similar titles).
//! - `posters`: poster URLs at the size TMDb's configuration advertises, fetched lazily.
//!
//! Every TMDb request made while someone waits draws on the turn's [`Budget`]; see
//! `tmdb::budget`.
//!
//! [`Budget`]: crate::tmdb::Budget

mod extra;
mod lookup;
mod posters;

use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use moviebot_protocol::{MovieCard, Stars};

use super::cards;
use super::library::Library;
use super::source::{MovieSource, Sourced};
use crate::store::{MovieRecord, Store};
use crate::tmdb::{ImageConfig, budget};

pub use extra::{RelatedFilms, Unknown, discover_params, satisfies, satisfies_with};
pub use lookup::TitleLookup;

/// How long a film whose details were fetched is not asked about again (its row then holds
/// all TMDb has, poster or not).
const DETAILED_MEMO: Duration = Duration::from_secs(24 * 3600);

pub struct Films {
    library: ArcSwap<Library>,
    source: Arc<dyn MovieSource>,
    store: Store,
    images: ArcSwap<ImageConfig>,
    /// TMDb ids whose details were fetched and stored: not asked again for a while.
    detailed: moka::sync::Cache<i64, ()>,
}

impl Films {
    pub fn new(library: Library, source: Arc<dyn MovieSource>, store: Store) -> Self {
        Self {
            library: ArcSwap::from_pointee(library),
            source,
            store,
            images: ArcSwap::from_pointee(ImageConfig::default()),
            detailed: moka::sync::Cache::builder()
                .max_capacity(100_000)
                .time_to_live(DETAILED_MEMO)
                .build(),
        }
    }

    /// The current snapshot (cheap; hold it for one request).
    pub fn snapshot(&self) -> Arc<Library> {
        self.library.load_full()
    }

    /// Replaces the snapshot with one built from a reload of the store, keeping live films
    /// that arrived while the store was read.
    pub fn reload(&self, records: Vec<MovieRecord>) {
        let next = self.library.load().rebuilt(records);
        self.library.store(Arc::new(next));
    }

    /// Whether TMDb answers (false: the local catalog only).
    pub fn is_live(&self) -> bool {
        self.source.is_live()
    }

    pub fn source(&self) -> &Arc<dyn MovieSource> {
        &self.source
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Adds stored rows to the library (new films, or rows that changed) and returns them as
    /// the library now holds them, in the same order.
    pub fn ingest(&self, records: Vec<MovieRecord>) -> Vec<Arc<MovieRecord>> {
        let current = self.snapshot();
        let changed: Vec<MovieRecord> = records
            .iter()
            .filter(|m| current.get(m.id).is_none_or(|known| **known != **m))
            .cloned()
            .collect();
        let lib = if changed.is_empty() {
            current
        } else {
            self.library
                .rcu(|lib| Arc::new(lib.with_films(changed.iter().cloned())));
            self.snapshot()
        };
        records
            .iter()
            .filter_map(|m| lib.get(m.id).cloned())
            .collect()
    }

    /// Adds films stored by someone else (the background refresh) to the library, by TMDb id.
    pub async fn absorb(&self, tmdb_ids: &[i64]) -> anyhow::Result<usize> {
        let rows = self.store.movies_by_tmdb(tmdb_ids).await?;
        Ok(self.ingest(rows).len())
    }

    /// Unwraps a TMDb answer, noting on the turn when it could not be fresh (failed, stale or
    /// deferred): the reply then says so once.
    fn settle<T>(
        &self,
        what: &str,
        found: Result<Sourced<T>, crate::tmdb::TmdbError>,
    ) -> Option<T> {
        match found {
            Ok(s) => {
                if s.stale {
                    budget::note_degraded();
                }
                Some(s.value)
            }
            Err(crate::tmdb::TmdbError::NotFound) => None,
            Err(e) => {
                tracing::info!(error = %e, "TMDb {what} unavailable; answering from the catalog");
                budget::note_degraded();
                None
            }
        }
    }

    /// A card for a film, its poster at the configured size.
    pub fn card(
        &self,
        m: &MovieRecord,
        why: Option<String>,
        user_rating: Option<Stars>,
    ) -> MovieCard {
        let mut c = cards::card(m, why, user_rating);
        c.poster_url = self.poster_url(m);
        c
    }
}
