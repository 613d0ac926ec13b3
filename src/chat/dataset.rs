//! Turns what the store holds into the recommender's plain input, and keeps the model fresh:
//! a background task refits after enough new ratings or on a timer, off the request path.

use std::sync::Arc;
use std::time::Duration;

use crate::recommend::{Dataset, ItemMeta, Rating};
use crate::store::{MovieRecord, RatingRow, Store};

pub fn item_meta(m: &MovieRecord) -> ItemMeta {
    ItemMeta {
        id: m.id.0,
        title: m.movie.title.clone(),
        year: m.movie.year,
        genres: m.movie.genres.clone(),
        keywords: m.movie.keywords.clone(),
        cast: m.movie.cast.clone(),
        director: m.movie.director.clone(),
        overview: m.movie.overview.clone(),
        popularity: m.movie.popularity.unwrap_or(0.0) as f32,
        vote_average: m.movie.vote_average.unwrap_or(0.0) as f32,
        vote_count: m.movie.vote_count.unwrap_or(0),
        adult: m.movie.adult,
    }
}

pub fn dataset(movies: &[MovieRecord], ratings: &[RatingRow]) -> Dataset {
    Dataset::new(
        movies.iter().map(item_meta).collect(),
        ratings
            .iter()
            .map(|r| Rating {
                user: r.user.0,
                item: r.movie.0,
                rating: r.rating as f32,
                timestamp: r.updated_at,
            })
            .collect(),
    )
}

/// Everything a rebuild reads, loaded from the store.
pub async fn load(store: &Store) -> anyhow::Result<(Vec<MovieRecord>, Dataset)> {
    let movies = store.all_movies().await?;
    let ratings = store.all_ratings().await?;
    let data = dataset(&movies, &ratings);
    Ok((movies, data))
}

/// How often the rebuild task looks at the pending-rating count.
pub const CHECK_EVERY: Duration = Duration::from_secs(5);

/// Keeps `core`'s model and library fresh until the returned handle is aborted.
pub fn spawn_rebuilds(core: Arc<super::ChatCore>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut last = tokio::time::Instant::now();
        loop {
            tokio::time::sleep(CHECK_EVERY).await;
            let pending = core.recommender().pending_ratings();
            let settings = core.settings();
            let due = pending >= u64::from(settings.rebuild_after_ratings)
                || (pending > 0
                    && last.elapsed() >= Duration::from_secs(settings.rebuild_interval_secs));
            if due {
                if let Err(e) = core.refresh().await {
                    tracing::error!(error = %format!("{e:#}"), "model rebuild failed");
                }
                last = tokio::time::Instant::now();
            }
        }
    })
}
