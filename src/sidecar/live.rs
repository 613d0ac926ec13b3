//! The slot a live movie source plugs into, and [`FromMovieSource`], which fills it with the
//! chat core's TMDb source (cached, rate limited, with stale fallback); and the layer that
//! gives every API request a TMDb budget ([`tmdb_budget`]). Without TMDb the slot
//! stays empty: providers answer 503 `tmdb_unavailable` and trending uses the local
//! popularity ranking.

use std::sync::Arc;

use async_trait::async_trait;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use moviebot_protocol::Region;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::chat::films::Films;
use crate::tmdb::Budget;
pub use crate::tmdb::TimeWindow;

/// Where a film streams in one region (TMDb's watch/providers, JustWatch data).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProviderList {
    /// JustWatch's page for the film in the region, when known.
    pub link: Option<String>,
    pub flatrate: Vec<String>,
    pub rent: Vec<String>,
    pub buy: Vec<String>,
    pub free: Vec<String>,
}

#[async_trait]
pub trait LiveSource: Send + Sync {
    /// Providers of a TMDb film in a two-letter region; `Ok(None)` when TMDb lists none.
    async fn providers(&self, tmdb_id: i64, region: &str) -> anyhow::Result<Option<ProviderList>>;

    /// TMDb ids of the trending films, most trending first.
    async fn trending(&self, window: TimeWindow) -> anyhow::Result<Vec<i64>>;
}

/// The sidecar's view of the chat core's films and their TMDb source (one cache, one rate
/// limit); trending films join the core's library as they are listed.
pub struct FromMovieSource(pub Arc<Films>);

#[async_trait]
impl LiveSource for FromMovieSource {
    async fn providers(&self, tmdb_id: i64, region: &str) -> anyhow::Result<Option<ProviderList>> {
        let region = Region::parse(region)
            .ok_or_else(|| anyhow::anyhow!("region {region:?} is not two letters"))?;
        let found = self.0.source().providers(tmdb_id, region).await?.value;
        Ok(
            (!found.is_empty() || found.link.is_some()).then(|| ProviderList {
                link: found.link,
                flatrate: found.stream,
                rent: found.rent,
                buy: found.buy,
                free: Vec::new(),
            }),
        )
    }

    async fn trending(&self, window: TimeWindow) -> anyhow::Result<Vec<i64>> {
        let found = self
            .0
            .trending(window)
            .await
            .ok_or_else(|| anyhow::anyhow!("TMDb is not configured"))?;
        Ok(found.iter().filter_map(|m| m.movie.tmdb_id).collect())
    }
}

/// Every API request may spend what a chat turn may on TMDb while its client waits; the rest
/// of its lookups finish in the background.
pub async fn tmdb_budget(request: Request, next: Next) -> Response {
    Budget::turn().scope(next.run(request)).await
}
