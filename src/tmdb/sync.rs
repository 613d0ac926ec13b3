//! Pulling TMDb's popular, top-rated and trending lists, with details, into the catalog, so the
//! recommender has a rich universe before anyone asks (`moviebot sync`).

use std::collections::BTreeSet;

use futures::StreamExt;

use super::cached::CachedTmdb;
use super::endpoints::TimeWindow;
use super::error::TmdbError;

/// Details fetched at once; the shared limiter sets the real pace.
const CONCURRENCY: usize = 8;

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncSummary {
    /// Distinct films named by the lists.
    pub listed: usize,
    /// Films whose details were stored.
    pub stored: usize,
    /// List pages or details TMDb could not give.
    pub failed: usize,
    /// Answers that came from an expired cache entry.
    pub stale: usize,
}

impl std::fmt::Display for SyncSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} films listed, {} stored with details, {} failed, {} from stale cache",
            self.listed, self.stored, self.failed, self.stale
        )
    }
}

/// Pulls `pages` pages of each list, then every listed film's details (which upserts it).
/// `on_listed(n)` is called once the film count is known, `on_done()` after each film.
/// Stops early only for an invalid key, which no retry can fix.
pub async fn pull(
    tmdb: &CachedTmdb,
    pages: u32,
    on_listed: impl FnOnce(usize),
    on_done: impl Fn(),
) -> Result<SyncSummary, TmdbError> {
    let mut summary = SyncSummary::default();
    let mut ids = BTreeSet::new();
    for page in 1..=pages.max(1) {
        let lists = [
            tmdb.popular(page).await,
            tmdb.top_rated(page).await,
            tmdb.trending(TimeWindow::Week, page).await,
        ];
        for list in lists {
            match list {
                Ok(found) => {
                    summary.stale += usize::from(found.stale);
                    ids.extend(
                        found
                            .value
                            .results
                            .iter()
                            .filter(|m| !m.adult)
                            .map(|m| m.id),
                    );
                }
                Err(TmdbError::InvalidKey) => return Err(TmdbError::InvalidKey),
                Err(e) => {
                    tracing::warn!(page, error = %e, "a TMDb list page failed");
                    summary.failed += 1;
                }
            }
        }
    }
    summary.listed = ids.len();
    on_listed(ids.len());
    let mut details = futures::stream::iter(ids)
        .map(|id| async move { tmdb.movie_details(id).await })
        .buffer_unordered(CONCURRENCY);
    while let Some(result) = details.next().await {
        on_done();
        match result {
            Ok(d) if d.stale => summary.stale += 1,
            Ok(_) => summary.stored += 1,
            Err(TmdbError::InvalidKey) => return Err(TmdbError::InvalidKey),
            Err(e) => {
                tracing::warn!(error = %e, "TMDb details failed");
                summary.failed += 1;
            }
        }
    }
    Ok(summary)
}
