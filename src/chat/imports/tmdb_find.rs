//! IMDb ids the library lacks, looked up with TMDb's `find` (each found film is stored as a
//! catalog row). The lookups run in a task of their own: an import started from a chat turn
//! must not draw on that turn's three-request budget, and TMDb's shared rate limit paces
//! them anyway. Dropping the import stops them (the task notices its receiver gone).

use std::sync::Arc;

use futures::StreamExt;

use crate::chat::source::MovieSource;
use crate::store::MovieRecord;
use crate::tmdb::TmdbError;

/// Lookups in flight at once.
const CONCURRENT: usize = 4;
/// Failures in a row after which TMDb is taken to be down (or the key refused).
const GIVE_UP_AFTER: usize = 10;

/// The films TMDb files under `imdb_ids`; `progress(done)` after each lookup.
pub async fn find_all(
    source: Arc<dyn MovieSource>,
    imdb_ids: Vec<String>,
    progress: impl Fn(usize),
) -> Vec<MovieRecord> {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Result<Option<MovieRecord>, TmdbError>>(64);
    tokio::spawn(async move {
        let mut lookups = futures::stream::iter(imdb_ids)
            .map(|id| {
                let source = source.clone();
                async move { source.find_imdb(&id).await }
            })
            .buffer_unordered(CONCURRENT);
        let mut failures = 0;
        while let Some(found) = lookups.next().await {
            failures = if found.is_err() { failures + 1 } else { 0 };
            if tx.send(found).await.is_err() || failures >= GIVE_UP_AFTER {
                return;
            }
        }
    });
    let mut films = Vec::new();
    let mut done = 0;
    let mut failed = 0;
    while let Some(found) = rx.recv().await {
        done += 1;
        match found {
            Ok(Some(m)) => films.push(m),
            Ok(None) | Err(TmdbError::NotFound) => {}
            Err(e) => {
                failed += 1;
                tracing::debug!(error = %e, "TMDb find failed");
            }
        }
        if done % 20 == 0 {
            progress(done);
        }
    }
    if failed > 0 {
        tracing::warn!(
            failed,
            "some TMDb lookups by IMDb id failed; those rows matched by title"
        );
    }
    progress(done);
    films
}
