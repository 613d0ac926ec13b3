//! [`TmdbSource`]: film facts from TMDb through the shared cache, stored as catalog rows as
//! they arrive, with the local catalog answering (flagged stale) when TMDb fails; and
//! [`providers_in`], TMDb's watch providers as the protocol's [`Providers`].

use async_trait::async_trait;
use moviebot_protocol::{Providers, Region};

use super::{LIST_LIMIT, MovieSource, OfflineSource, PersonFilms, Related, Sourced};
use crate::catalog::from_tmdb;
use crate::catalog::titles::normalize;
use crate::store::{MovieRecord, NewMovie, Service};
use crate::tmdb::types::{ListedProvider, MovieItem, Page, Provider, WatchProviders};
use crate::tmdb::{CachedTmdb, Discover, Fetched, ImageConfig, TimeWindow, TmdbError};

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
            .map(from_tmdb::listed)
            .collect();
        Ok(self.tmdb.store().upsert_listed(&listed).await?)
    }

    async fn list(
        &self,
        fetched: Result<Fetched<Page<MovieItem>>, TmdbError>,
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
        let stale = match from_tmdb::details(&self.tmdb, tmdb_id).await {
            // Fresh details were just stored: the stored row is the answer.
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
        let fetched = self.tmdb.watch_providers(tmdb_id).await?;
        Ok(Sourced {
            value: providers_in(&fetched.value, region),
            stale: fetched.stale,
        })
    }

    async fn related(&self, tmdb_id: i64) -> Result<Sourced<Related>, TmdbError> {
        let fetched = from_tmdb::details(&self.tmdb, tmdb_id).await?;
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
            .map(from_tmdb::listed)
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

    async fn find_imdb(&self, imdb_id: &str) -> Result<Option<MovieRecord>, TmdbError> {
        let found = self.tmdb.find_by_imdb(imdb_id).await?;
        let films: Vec<_> = found
            .value
            .movie_results
            .iter()
            .filter(|i| !i.adult)
            .take(1)
            .map(|i| NewMovie {
                imdb_id: Some(imdb_id.to_owned()),
                ..from_tmdb::listed(i)
            })
            .collect();
        Ok(self
            .tmdb
            .store()
            .upsert_listed(&films)
            .await?
            .into_iter()
            .next())
    }

    async fn services(&self, region: Region) -> Result<Sourced<Vec<Service>>, TmdbError> {
        let fetched = self.tmdb.watch_provider_list(region.as_str()).await?;
        let mut listed = fetched.value.results;
        let rank = |p: &ListedProvider| {
            p.display_priorities
                .get(region.as_str())
                .copied()
                .or(p.display_priority)
                .unwrap_or(i64::MAX)
        };
        listed.sort_by(|a, b| {
            rank(a)
                .cmp(&rank(b))
                .then(a.provider_id.cmp(&b.provider_id))
        });
        let mut seen = std::collections::HashSet::new();
        Ok(Sourced {
            value: listed
                .into_iter()
                .filter(|p| p.provider_id > 0 && !p.provider_name.trim().is_empty())
                .filter(|p| seen.insert(p.provider_id))
                .map(|p| Service {
                    id: p.provider_id,
                    name: p.provider_name.trim().to_owned(),
                })
                .collect(),
            stale: fetched.stale,
        })
    }

    async fn known_providers(&self, tmdb_id: i64, region: Region) -> Option<Providers> {
        let found = self.tmdb.cached_watch_providers(tmdb_id).await?;
        Some(providers_in(&found, region))
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

/// TMDb's providers in `region`, each kind in TMDb's display order; an empty (but attributed)
/// answer when the region has none.
pub fn providers_in(w: &WatchProviders, region: Region) -> Providers {
    let names = |list: &[Provider]| {
        let mut list = list.to_vec();
        list.sort_by_key(|p| p.display_priority.unwrap_or(i64::MAX));
        list.into_iter().map(|p| p.provider_name).collect()
    };
    let found = w.results.get(region.as_str());
    Providers {
        region,
        stream: found.map(|r| names(&r.flatrate)).unwrap_or_default(),
        rent: found.map(|r| names(&r.rent)).unwrap_or_default(),
        buy: found.map(|r| names(&r.buy)).unwrap_or_default(),
        link: found.and_then(|r| r.link.clone()),
    }
}
