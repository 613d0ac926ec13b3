//! The films streamable (flat rate) on some services in a region, from TMDb's discover with
//! `with_watch_providers` (any of them), `watch_region` and `with_watch_monetization_types`,
//! cached like any TMDb answer; and a memo of which service a film is known to stream on.

use std::sync::Arc;

use moviebot_protocol::Region;

use super::Services;
use crate::domain::MovieId;
use crate::recommend::Filters;
use crate::store::MovieRecord;
use crate::tmdb::{Discover, TmdbError};

/// Pages of TMDb's discover read for a streamable set (20 films each; two of a turn's three
/// requests at most, none once cached).
const STREAMABLE_PAGES: u32 = 2;

impl Services {
    /// Notes that `films` stream on `provider` in `region` (TMDb's discover said so).
    pub fn remember_on(&self, provider: i64, region: Region, films: &[Arc<MovieRecord>]) {
        for m in films {
            let key = (m.id.0, region);
            let mut ids = self.on.get(&key).unwrap_or_default();
            if !ids.contains(&provider) {
                ids.push(provider);
                self.on.insert(key, ids);
            }
        }
    }

    /// The services a film is known to stream on in `region` (from [`Services::remember_on`]).
    pub fn known_on(&self, movie: MovieId, region: Region) -> Vec<i64> {
        self.on.get(&(movie.0, region)).unwrap_or_default()
    }

    /// Films streamable (flat rate) on any of `ids` in `region` that also match what TMDb's
    /// discover can express of `filters`, most popular first, stored and in the library.
    pub async fn streamable(
        &self,
        region: Region,
        ids: &[i64],
        filters: &Filters,
    ) -> Result<Vec<Arc<MovieRecord>>, TmdbError> {
        let mut films = Vec::new();
        for page in 1..=STREAMABLE_PAGES {
            let mut params =
                crate::chat::films::discover_params(filters, page).unwrap_or(Discover {
                    vote_count_gte: Some(5),
                    page: Some(page),
                    ..Discover::default()
                });
            params.with_watch_providers = ids.to_vec();
            params.watch_region = Some(region.as_str().to_owned());
            params.watch_monetization_types = Some("flatrate".to_owned());
            match self.films.source().discover(&params).await {
                Ok(found) => {
                    let more = found.value.len() >= 20;
                    films.extend(self.films.ingest(found.value));
                    if !more {
                        break;
                    }
                }
                // The first page decides; a later one missing only shortens the set.
                Err(e) if page == 1 => return Err(e),
                Err(e) => {
                    tracing::debug!(error = %e, "a later streamable page is unavailable");
                    break;
                }
            }
        }
        Ok(films)
    }
}
