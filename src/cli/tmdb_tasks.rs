//! TMDb's background work in `moviebot run`, all on the chat core's one TMDb client (one
//! cache, one rate limit): the catalog refresh (trending daily, popular and top rated
//! weekly), the poster warm-up for the most popular films stored without one, the image
//! configuration (daily), and the cleanup of cache entries past TMDb's six-month limit.

use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;

use crate::catalog::refresh::{self, RefreshSchedule};
use crate::chat::ChatCore;
use crate::config::Config;

/// How often expired cache entries are deleted and the image configuration is re-read.
const DAILY: Duration = Duration::from_secs(24 * 3600);

/// Starts every background TMDb task (none without a key); each ends when `shutdown` does.
pub fn spawn<S>(
    core: &Arc<ChatCore>,
    config: &Config,
    shutdown: impl Fn() -> S,
) -> Vec<JoinHandle<()>>
where
    S: Future<Output = ()> + Send + 'static,
{
    let films = core.films();
    let Some(tmdb) = films.source().tmdb().cloned() else {
        return Vec::new();
    };
    let mut tasks = Vec::new();
    if let Some(schedule) = RefreshSchedule::from_config(&config.tmdb) {
        let core = core.clone();
        // Refreshed films can be opened at once; the next timed rebuild makes them
        // candidates for everyone's picks.
        let on_refreshed = move |report: refresh::RefreshReport| {
            let core = core.clone();
            tokio::spawn(async move {
                match core.films().absorb(&report.stored).await {
                    Ok(_) => core.recommender().note_catalog_change(),
                    Err(e) => {
                        tracing::warn!(error = %format!("{e:#}"), "refreshed films not added")
                    }
                }
            });
        };
        tasks.push(tokio::spawn(refresh::run(
            tmdb.clone(),
            schedule,
            on_refreshed,
            shutdown(),
        )));
    }
    let prefetch = config.tmdb.prefetch_posters;
    let f = films.clone();
    let stop = shutdown();
    tasks.push(tokio::spawn(async move {
        f.prefetch_posters(prefetch, stop).await;
    }));
    let f = films.clone();
    let stop = shutdown();
    tasks.push(tokio::spawn(async move {
        let daily = async {
            let mut tick = tokio::time::interval(DAILY);
            loop {
                tick.tick().await;
                f.refresh_images().await;
                match tmdb.cleanup().await {
                    Ok(n) if n > 0 => tracing::info!(deleted = n, "TMDb cache cleaned"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "TMDb cache cleanup failed"),
                }
            }
        };
        tokio::select! {
            () = daily => {}
            () = stop => {}
        }
    }));
    tasks
}
