//! [`Services`]: the streaming services each user pays for ("My services"). Owns the stored
//! choices (`store/services.rs`), which services a region offers (TMDb's list in its display
//! order, or the well-known ones without TMDb), and the set of films streamable on some
//! services (TMDb's discover limited to them, cached like any TMDb answer).
//!
//! - `known`: well-known services (id, name, the ways people say them).
//! - `streamable`: the films streamable on some services, and which service a film is known
//!   to stream on.
//! - `answer`: `/services` and its toggles; `limit`: the services limit on lists and the
//!   marks on cards.

mod answer;
pub mod known;
mod limit;
mod streamable;

use std::sync::Arc;

use moviebot_protocol::Region;

use super::films::Films;
use super::ratings::Ratings;
use crate::domain::UserId;
use crate::store::{Service, Store, StoreError};

/// The services a region offers, as far as this bot can tell.
#[derive(Debug, Clone, PartialEq)]
pub struct Offered {
    /// In TMDb's display order for the region (most prominent first).
    pub services: Vec<Service>,
    /// From TMDb (false: the well-known list, TMDb not configured or not answering).
    pub live: bool,
    /// TMDb answered from an expired cache entry.
    pub stale: bool,
}

/// Why a choice of services was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ServicesRefusal {
    #[error("unknown provider id {0} (not one of the services offered in {1})")]
    UnknownProvider(i64, String),
    #[error("provider ids must be positive, got {0}")]
    BadId(i64),
    #[error("at most {0} services")]
    TooMany(usize),
}

/// The most services one user may keep.
pub const MAX_SERVICES: usize = 50;

pub struct Services {
    store: Store,
    films: Arc<Films>,
    ratings: Arc<Ratings>,
    default_region: String,
    /// Films a one-service discover listed, by (film, region): the services they are known
    /// to stream on, for marks on their cards.
    on: moka::sync::Cache<(i64, Region), Vec<i64>>,
}

impl Services {
    pub fn new(
        store: Store,
        films: Arc<Films>,
        ratings: Arc<Ratings>,
        default_region: String,
    ) -> Self {
        Self {
            store,
            films,
            ratings,
            default_region,
            on: moka::sync::Cache::builder()
                .max_capacity(50_000)
                .time_to_live(std::time::Duration::from_secs(6 * 3600))
                .build(),
        }
    }

    /// The user's region: their stored preference, else the configured default.
    pub async fn region(&self, user: UserId) -> Result<Region, StoreError> {
        let stored = self.ratings.region(user).await?;
        Ok(stored
            .as_deref()
            .and_then(Region::parse)
            .or_else(|| Region::parse(&self.default_region))
            .unwrap_or_else(|| Region::parse("US").expect("US is a region")))
    }

    /// The user's services, by name.
    pub async fn mine(&self, user: UserId) -> Result<Vec<Service>, StoreError> {
        self.store.services(user).await
    }

    /// The services `region` offers: TMDb's list, else the well-known ones.
    pub async fn offered(&self, region: Region) -> Offered {
        if self.films.is_live() {
            match self.films.source().services(region).await {
                Ok(found) if !found.value.is_empty() => {
                    return Offered {
                        services: found.value,
                        live: true,
                        stale: found.stale,
                    };
                }
                Ok(_) => {}
                Err(e) => tracing::info!(error = %e, "TMDb provider list unavailable"),
            }
        }
        Offered {
            services: known::KNOWN
                .iter()
                .map(|(id, name, _)| Service {
                    id: *id,
                    name: (*name).to_owned(),
                })
                .collect(),
            live: false,
            stale: false,
        }
    }

    /// The service with id `id`, named as the region's list, the user's own list or the
    /// well-known list names it; `None` when none knows it.
    async fn named(
        &self,
        user: UserId,
        region: Region,
        id: i64,
    ) -> anyhow::Result<Option<Service>> {
        if let Some(s) = self.mine(user).await?.into_iter().find(|s| s.id == id) {
            return Ok(Some(s));
        }
        if let Some(s) = self
            .offered(region)
            .await
            .services
            .into_iter()
            .find(|s| s.id == id)
        {
            return Ok(Some(s));
        }
        Ok(known::name_of(id).map(|name| Service {
            id,
            name: name.to_owned(),
        }))
    }

    /// Turns one service on or off (idempotent: the wanted state, not a flip); `None` when
    /// the service is unknown.
    pub async fn set(&self, user: UserId, id: i64, on: bool) -> anyhow::Result<Option<Service>> {
        let region = self.region(user).await?;
        let Some(service) = self.named(user, region, id).await? else {
            return Ok(None);
        };
        self.store.set_service(user, &service, on).await?;
        Ok(Some(service))
    }

    /// Replaces the user's services (and region, when given) after checking every id against
    /// what the region offers.
    pub async fn replace(
        &self,
        user: UserId,
        ids: &[i64],
        region: Option<Region>,
    ) -> anyhow::Result<Result<Vec<Service>, ServicesRefusal>> {
        if ids.len() > MAX_SERVICES {
            return Ok(Err(ServicesRefusal::TooMany(MAX_SERVICES)));
        }
        if let Some(bad) = ids.iter().find(|id| **id <= 0) {
            return Ok(Err(ServicesRefusal::BadId(*bad)));
        }
        let region = match region {
            Some(r) => r,
            None => self.region(user).await?,
        };
        let mut chosen: Vec<Service> = Vec::with_capacity(ids.len());
        for id in ids {
            if chosen.iter().any(|s| s.id == *id) {
                continue;
            }
            match self.named(user, region, *id).await? {
                Some(s) => chosen.push(s),
                None => {
                    return Ok(Err(ServicesRefusal::UnknownProvider(
                        *id,
                        region.as_str().to_owned(),
                    )));
                }
            }
        }
        if region.as_str() != self.region(user).await?.as_str() {
            let mut prefs = self.ratings.preferences(user).await?;
            prefs.region = Some(region.as_str().to_owned());
            self.ratings.set_preferences(user, &prefs).await?;
        }
        self.store.replace_services(user, &chosen).await?;
        Ok(Ok(self.mine(user).await?))
    }
}
