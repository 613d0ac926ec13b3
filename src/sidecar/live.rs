//! The slot a live movie source plugs into. The TMDb client arrives in its own module; until
//! it is wired in, providers answer 503 `tmdb_unavailable` and trending uses the local
//! popularity ranking. An adapter implementing [`LiveSource`] is all the wiring needs.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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
