//! Posters: URLs at the size TMDb's configuration advertises, and poster paths fetched lazily
//! for films stored without one (the embedded catalog ships none; MovieLens rows have none).
//! A page's missing posters are fetched together within the turn's budget; the rest finish
//! in the background and show the next time. With TMDb, `moviebot run` also warms the most
//! popular films' posters in the background at start.

use moviebot_protocol::PublicMovieId;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures::StreamExt;

use super::Films;
use crate::store::MovieRecord;

/// Cards show posters at least this wide (TMDb's `w500` with its usual sizes).
const POSTER_WIDTH: u32 = 500;
/// Background detail requests in flight at once: leaves the rate limit to people waiting.
const PREFETCH_CONCURRENCY: usize = 2;
/// Fetched rows join the library in batches of this many (each join copies the live set).
const PREFETCH_BATCH: usize = 25;
/// Failures in a row after which the warm-up stops (TMDb down: try again next start).
const GIVE_UP_AFTER: usize = 10;

impl Films {
    /// The poster URL of a film, when it has a poster path.
    pub fn poster_url(&self, m: &MovieRecord) -> Option<String> {
        let path = m.movie.poster_path.as_deref().filter(|p| !p.is_empty())?;
        Some(self.images.load().poster_url(path, POSTER_WIDTH))
    }

    /// Asks TMDb where images live and in which sizes (kept when TMDb cannot say).
    pub async fn refresh_images(&self) {
        if let Some(c) = self.source.image_config().await
            && !c.secure_base_url.is_empty()
            && !c.poster_sizes.is_empty()
        {
            self.images.store(Arc::new(c));
        }
    }

    /// `films` as they should be shown: those stored without a poster get TMDb's details,
    /// all at once, within the turn's budget (the rest finish in the background).
    pub async fn with_posters(&self, films: Vec<Arc<MovieRecord>>) -> Vec<Arc<MovieRecord>> {
        let wanted: Vec<i64> = films
            .iter()
            .filter(|m| m.movie.poster_path.is_none() && self.needs_details(m))
            .filter_map(|m| m.movie.tmdb_id)
            .collect();
        if wanted.is_empty() {
            return films;
        }
        let fetched: Vec<Arc<MovieRecord>> =
            futures::future::join_all(wanted.iter().map(|id| self.poster_details(*id)))
                .await
                .into_iter()
                .flatten()
                .collect();
        films
            .into_iter()
            .map(|m| fetched.iter().find(|f| f.id == m.id).cloned().unwrap_or(m))
            .collect()
    }

    /// Fetches, in the background, the posters of these films (public ids) that lack one and
    /// that TMDb has not been asked about lately.
    pub fn fetch_posters_later(
        self: &Arc<Self>,
        public_ids: impl IntoIterator<Item = PublicMovieId>,
    ) {
        let lib = self.snapshot();
        let wanted: Vec<i64> = public_ids
            .into_iter()
            .filter_map(|id| lib.by_public(id))
            .filter(|m| m.movie.poster_path.is_none() && self.needs_details(m))
            .filter_map(|m| m.movie.tmdb_id)
            .collect();
        if wanted.is_empty() {
            return;
        }
        let films = self.clone();
        tokio::spawn(async move {
            for id in wanted {
                films.poster_details(id).await;
            }
        });
    }

    /// Details fetched for a poster: a failure here is not the answer's, so it adds no notice.
    async fn poster_details(&self, tmdb_id: i64) -> Option<Arc<MovieRecord>> {
        match self.details_of(tmdb_id).await {
            (Some(m), false) => self.ingest(vec![m]).pop(),
            _ => None,
        }
    }

    /// Fetches details (and so posters) for up to `limit` of the most popular films stored
    /// without a poster, gently, until done or `shutdown`. Returns how many were fetched.
    pub async fn prefetch_posters(
        &self,
        limit: usize,
        shutdown: impl Future<Output = ()>,
    ) -> usize {
        if !self.is_live() || limit == 0 {
            return 0;
        }
        let lib = self.snapshot();
        let mut todo: Vec<(f64, i64)> = lib
            .records()
            .filter(|m| m.movie.poster_path.is_none() && self.needs_details(m))
            .filter_map(|m| {
                Some((
                    crate::catalog::index::TitleIndex::weight(m),
                    m.movie.tmdb_id?,
                ))
            })
            .collect();
        drop(lib);
        todo.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        todo.truncate(limit);
        if todo.is_empty() {
            return 0;
        }
        tracing::info!(
            films = todo.len(),
            "fetching posters from TMDb in the background"
        );
        let fetched = AtomicUsize::new(0);
        let work = async {
            let mut failed_in_a_row = 0;
            let mut rows = futures::stream::iter(todo)
                .map(|(_, id)| self.details_of(id))
                .buffer_unordered(PREFETCH_CONCURRENCY)
                .ready_chunks(PREFETCH_BATCH);
            while let Some(chunk) = rows.next().await {
                let mut batch = Vec::new();
                for (found, stale) in chunk {
                    if stale {
                        failed_in_a_row += 1;
                        continue;
                    }
                    failed_in_a_row = 0;
                    batch.extend(found);
                }
                fetched.fetch_add(batch.len(), Ordering::Relaxed);
                self.ingest(batch);
                if failed_in_a_row >= GIVE_UP_AFTER {
                    tracing::warn!("TMDb keeps failing; background poster fetch gives up for now");
                    break;
                }
            }
        };
        tokio::select! {
            () = work => tracing::info!(fetched = fetched.load(Ordering::Relaxed), "background poster fetch finished"),
            () = shutdown => tracing::info!(fetched = fetched.load(Ordering::Relaxed), "background poster fetch stopped"),
        }
        fetched.load(Ordering::Relaxed)
    }
}
