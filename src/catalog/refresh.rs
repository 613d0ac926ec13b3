//! Keeping the catalog fresh in the background while `moviebot run` serves: trending daily,
//! popular and top rated weekly, each list re-read from TMDb (past the fresh cache) and every
//! film it names stored with details.
//!
//! When each list last finished is kept in `app_meta` (`tmdb_refresh:<list>`), so a restart
//! does not redo a refresh done an hour ago, and replicas sharing a database mostly skip what
//! another already did. Only a finished list is recorded: an interrupted one is redone next
//! time, while the films it stored stay stored (each is its own upsert).

use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use super::sync::{self, List, SyncSummary};
use crate::config::{TMDB_MAX_PAGES, TmdbConfig};
use crate::store::Store;
use crate::tmdb::{CachedTmdb, TimeWindow, TmdbError};

/// Details fetched at once. The refresh shares the limiter with people waiting for answers,
/// so it keeps to a few requests in flight and leaves them the rest.
const CONCURRENCY: usize = 4;
/// A progress line every this many films.
const PROGRESS_EVERY: usize = 25;
/// The longest sleep between looks at the schedule, so a changed clock or another replica's
/// refresh is noticed within the hour.
const MAX_SLEEP: Duration = Duration::from_secs(3600);
/// After a failed refresh (TMDb down, say), how long before that list is tried again.
pub const RETRY_DELAY: Duration = Duration::from_secs(5 * 60);

/// What is refreshed, and how often.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshSchedule {
    /// Each list and its interval, in the order lists due together are refreshed.
    pub lists: Vec<(List, Duration)>,
    /// Pages read of each list (20 films a page, 1 to 500).
    pub pages: u32,
    /// How long after a failed refresh that list is tried again.
    pub retry_delay: Duration,
}

impl RefreshSchedule {
    /// From `[tmdb]`: None without credentials or with `refresh = false`.
    pub fn from_config(config: &TmdbConfig) -> Option<Self> {
        if !config.refresh || !config.has_credentials() {
            return None;
        }
        let hours = |h: u32| Duration::from_secs(u64::from(h.max(1)) * 3600);
        let lists = hours(config.refresh_lists_hours);
        Some(Self {
            lists: vec![
                (
                    List::Trending(TimeWindow::Day),
                    hours(config.refresh_trending_hours),
                ),
                (List::Popular, lists),
                (List::TopRated, lists),
            ],
            pages: config.refresh_pages.clamp(1, TMDB_MAX_PAGES),
            retry_delay: RETRY_DELAY,
        })
    }
}

/// One finished list refresh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshReport {
    pub list: List,
    /// Distinct films the list's pages named.
    pub listed: usize,
    /// TMDb ids whose details were stored in `movies`, ascending.
    pub stored: Vec<i64>,
    /// Films whose details TMDb could not give (or gave only from an expired cache entry).
    pub failed: usize,
}

/// The `app_meta` key holding when `list` last finished refreshing (Unix seconds).
pub fn meta_key(list: List) -> String {
    format!("tmdb_refresh:{list}")
}

/// When `list` last finished refreshing (Unix seconds); None if never (or unreadable).
pub async fn last_refreshed(store: &Store, list: List) -> anyhow::Result<Option<i64>> {
    let value = store.meta_get(&meta_key(list)).await?;
    Ok(value.and_then(|v| match v.parse() {
        Ok(t) => Some(t),
        Err(_) => {
            tracing::warn!(%list, value = v, "unreadable TMDb refresh time; refreshing anew");
            None
        }
    }))
}

/// Refreshes each list whenever it is due until `shutdown` resolves, which interrupts it at
/// once, even mid-list. `on_refreshed` hears of each finished list (to add its films to the
/// in-memory library straight away). A list that fails is retried after the schedule's retry
/// delay; an invalid key is logged once and ends the refresh.
pub async fn run(
    tmdb: CachedTmdb,
    schedule: RefreshSchedule,
    on_refreshed: impl Fn(RefreshReport) + Send + Sync + 'static,
    shutdown: impl Future<Output = ()> + Send,
) {
    let mut shutdown = std::pin::pin!(shutdown);
    let plan: Vec<String> = schedule
        .lists
        .iter()
        .map(|(list, every)| format!("{list} every {} h", every.as_secs_f64() / 3600.0))
        .collect();
    tracing::info!(
        "TMDb refresh on: {}, {} pages each",
        plan.join(", "),
        schedule.pages
    );
    // In memory, so neither a failure nor a database that cannot record a finish makes a
    // list due again straight away.
    let mut not_before = HashMap::new();
    loop {
        let step = async {
            let wait = refresh_due(&tmdb, &schedule, &mut not_before, &on_refreshed).await?;
            tracing::debug!(seconds = wait.as_secs(), "TMDb refresh sleeping");
            tokio::time::sleep(wait).await;
            Some(())
        };
        tokio::select! {
            biased;
            () = &mut shutdown => {
                tracing::info!("TMDb refresh stopped");
                return;
            }
            step = step => if step.is_none() {
                return;
            }
        }
    }
}

/// Refreshes every due list in turn; returns how long until the next is due, or None when
/// refreshing must stop (invalid key).
async fn refresh_due(
    tmdb: &CachedTmdb,
    schedule: &RefreshSchedule,
    not_before: &mut HashMap<List, Instant>,
    on_refreshed: &impl Fn(RefreshReport),
) -> Option<Duration> {
    let store = tmdb.store();
    let retry = schedule.retry_delay;
    for &(list, every) in &schedule.lists {
        if !until_due(store, list, every, not_before).await.is_zero() {
            continue;
        }
        match refresh_list(tmdb, list, schedule.pages).await {
            Ok(report) if report.listed > 0 && report.stored.is_empty() => {
                tracing::warn!(
                    "refresh of {list} stored none of its {} films; retrying in {retry:?}",
                    report.listed
                );
                hold(not_before, list, retry);
            }
            Ok(report) => {
                tracing::info!(
                    "refreshed {list}: {} films, {} stored, {} failed",
                    report.listed,
                    report.stored.len(),
                    report.failed
                );
                let at = crate::store::now().to_string();
                if let Err(e) = store.meta_set(&meta_key(list), &at).await {
                    let error = format!("{e:#}");
                    tracing::warn!(%list, error, "could not record the TMDb refresh");
                }
                hold(not_before, list, every);
                on_refreshed(report);
            }
            Err(e @ TmdbError::InvalidKey) => {
                tracing::error!("TMDb refresh stopped: {e}");
                return None;
            }
            Err(e) => {
                tracing::warn!(error = %e, "refresh of {list} failed; retrying in {retry:?}");
                hold(not_before, list, retry);
            }
        }
    }
    let mut wait = MAX_SLEEP;
    for &(list, every) in &schedule.lists {
        wait = wait.min(until_due(store, list, every, not_before).await);
    }
    Some(wait)
}

/// Keeps `list` from being refreshed again for `time`, whatever the database says.
fn hold(not_before: &mut HashMap<List, Instant>, list: List, time: Duration) {
    if let Some(until) = Instant::now().checked_add(time) {
        not_before.insert(list, until);
    }
}

/// How long until `list` is due: zero when never refreshed or its interval has passed, and
/// never before its in-memory hold.
async fn until_due(
    store: &Store,
    list: List,
    every: Duration,
    not_before: &HashMap<List, Instant>,
) -> Duration {
    let held = not_before.get(&list).map_or(Duration::ZERO, |t| {
        t.saturating_duration_since(Instant::now())
    });
    let last = match last_refreshed(store, list).await {
        Ok(last) => last,
        Err(e) => {
            let error = format!("{e:#}");
            tracing::warn!(%list, error, "could not read the TMDb refresh time");
            None
        }
    };
    let Some(last) = last else {
        return held;
    };
    // A time in the future (the clock went back) counts as just now.
    let since = Duration::from_secs(crate::store::now().saturating_sub(last).max(0) as u64);
    every.saturating_sub(since).max(held)
}

/// Reads `pages` pages of `list` anew from TMDb, then stores every film's details (recent
/// ones may come from the cache). A page that fails fails the list.
#[tracing::instrument(skip(tmdb))]
async fn refresh_list(
    tmdb: &CachedTmdb,
    list: List,
    pages: u32,
) -> Result<RefreshReport, TmdbError> {
    let pages = pages.clamp(1, TMDB_MAX_PAGES);
    tracing::info!("refreshing {list}: {pages} pages");
    let mut ids = BTreeSet::new();
    for page in 1..=pages {
        let found = CachedTmdb::refetching(list.page(tmdb, page)).await?;
        ids.extend(sync::listed(&found.value));
        if page >= found.value.total_pages {
            break;
        }
    }
    let listed = ids.len();
    let mut summary = SyncSummary::default();
    let mut stored = sync::store_details(tmdb, ids, CONCURRENCY, &mut summary, |done| {
        if done % PROGRESS_EVERY == 0 && done < listed {
            tracing::info!("refreshing {list}: {done}/{listed} films");
        }
    })
    .await?;
    stored.sort_unstable();
    Ok(RefreshReport {
        list,
        listed,
        failed: listed - stored.len(),
        stored,
    })
}
