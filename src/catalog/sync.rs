//! Pulling TMDb's popular, top-rated and trending lists, with details, into the catalog, so the
//! recommender has a rich universe before anyone asks (`moviebot sync`). The list-then-details
//! pieces are shared with the background [`refresh`](super::refresh).

use std::collections::BTreeSet;

use futures::StreamExt;

use super::from_tmdb;
use crate::tmdb::types::{MovieItem, Page};
use crate::tmdb::{CachedTmdb, Fetched, TimeWindow, TmdbError};

/// Details fetched at once; the shared limiter sets the real pace.
const CONCURRENCY: usize = 8;

/// One of TMDb's film lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum List {
    Popular,
    TopRated,
    Trending(TimeWindow),
}

impl List {
    /// One page of the list (1-based).
    pub async fn page(
        self,
        tmdb: &CachedTmdb,
        page: u32,
    ) -> Result<Fetched<Page<MovieItem>>, TmdbError> {
        match self {
            List::Popular => tmdb.popular(page).await,
            List::TopRated => tmdb.top_rated(page).await,
            List::Trending(window) => tmdb.trending(window, page).await,
        }
    }
}

impl std::fmt::Display for List {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            List::Popular => "popular",
            List::TopRated => "top_rated",
            List::Trending(TimeWindow::Day) => "trending",
            List::Trending(TimeWindow::Week) => "trending_week",
        })
    }
}

/// The films a list page names, adult titles left out.
pub(crate) fn listed(page: &Page<MovieItem>) -> impl Iterator<Item = i64> + '_ {
    page.results.iter().filter(|m| !m.adult).map(|m| m.id)
}

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

/// Pulls `pages` pages of each list, then every listed film's details (stored in `movies`).
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
        for list in [
            List::Popular,
            List::TopRated,
            List::Trending(TimeWindow::Week),
        ] {
            match list.page(tmdb, page).await {
                Ok(found) => {
                    summary.stale += usize::from(found.stale);
                    ids.extend(listed(&found.value));
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
    store_details(tmdb, ids, CONCURRENCY, &mut summary, |_| on_done()).await?;
    Ok(summary)
}

/// Fetches each film's details and upserts it into `movies`, `concurrency` at a time,
/// counting into `summary`; `on_done(n)` after each film with the number done so far.
/// Returns the ids stored. Stops early only for an invalid key.
pub(crate) async fn store_details(
    tmdb: &CachedTmdb,
    ids: impl IntoIterator<Item = i64>,
    concurrency: usize,
    summary: &mut SyncSummary,
    mut on_done: impl FnMut(usize),
) -> Result<Vec<i64>, TmdbError> {
    let mut stored = Vec::new();
    let mut done = 0;
    let mut details = futures::stream::iter(ids)
        .map(|id| async move { (id, from_tmdb::details(tmdb, id).await) })
        .buffer_unordered(concurrency.max(1));
    while let Some((id, result)) = details.next().await {
        done += 1;
        on_done(done);
        match result {
            // An expired cache entry is not written to `movies`.
            Ok(d) if d.stale => summary.stale += 1,
            Ok(_) => {
                summary.stored += 1;
                stored.push(id);
            }
            Err(TmdbError::InvalidKey) => return Err(TmdbError::InvalidKey),
            Err(e) => {
                tracing::warn!(tmdb_id = id, error = %e, "TMDb details failed");
                summary.failed += 1;
            }
        }
    }
    Ok(stored)
}
