//! A memo of each user's personal picks for the REST API (`GET /api/recommendations/{id}`),
//! which front ends poll far more often than a user's ratings change. An entry is only served
//! while everything it was computed from is still current: the same ratings and preferences
//! rows (the store's user cache hands out one `Arc` per version, and every write replaces it),
//! the same excluded films, the same model and the same film library. It holds `Weak`s, so it
//! never keeps an old model alive, and a live `Weak` pins its allocation, so a new `Arc` can
//! never be mistaken for an old one at the same address.

use std::sync::{Arc, Weak};
use std::time::Duration;

use moka::sync::Cache;
use moviebot_protocol::MovieCard;

use super::library::Library;
use crate::recommend::model::Model;
use crate::store::{Preferences, StoredRating};

/// Users × limits kept; a miss only costs one computation.
const CAPACITY: u64 = 50_000;
/// An upper bound on an entry's life, whatever else happens.
const TTL: Duration = Duration::from_secs(300);

/// What a set of picks was computed from.
pub struct Inputs {
    pub ratings: Arc<Vec<StoredRating>>,
    pub preferences: Arc<Preferences>,
    pub excluded: Vec<i64>,
    pub model: Arc<Model>,
    pub library: Arc<Library>,
}

struct Entry {
    ratings: Weak<Vec<StoredRating>>,
    preferences: Weak<Preferences>,
    excluded: Vec<i64>,
    model: Weak<Model>,
    library: Weak<Library>,
    cards: Arc<Vec<MovieCard>>,
}

impl Entry {
    fn current(&self, now: &Inputs) -> bool {
        Weak::ptr_eq(&self.ratings, &Arc::downgrade(&now.ratings))
            && Weak::ptr_eq(&self.preferences, &Arc::downgrade(&now.preferences))
            && Weak::ptr_eq(&self.model, &Arc::downgrade(&now.model))
            && Weak::ptr_eq(&self.library, &Arc::downgrade(&now.library))
            && self.excluded == now.excluded
    }
}

pub struct PicksCache {
    entries: Cache<(i64, usize), Arc<Entry>>,
}

impl Default for PicksCache {
    fn default() -> Self {
        Self {
            entries: Cache::builder()
                .max_capacity(CAPACITY)
                .time_to_live(TTL)
                .build(),
        }
    }
}

impl PicksCache {
    /// The picks for `(user, limit)` computed from exactly `now`: remembered ones when they
    /// still are, else `compute`'s. Concurrent misses on one key wait for a single
    /// computation instead of each running their own (a front end polling a user with many
    /// connections at once would otherwise recompute on all of them whenever a row reloads).
    pub fn get_or_compute(
        &self,
        user: i64,
        limit: usize,
        now: &Inputs,
        compute: impl FnOnce() -> Arc<Vec<MovieCard>>,
    ) -> Arc<Vec<MovieCard>> {
        let mut compute = Some(compute);
        let entry = self
            .entries
            .entry((user, limit))
            .or_insert_with_if(
                || {
                    let cards = compute.take().map(|c| c()).unwrap_or_default();
                    Arc::new(Entry::from(now, cards))
                },
                |e| !e.current(now),
            )
            .into_value();
        match compute {
            // We waited for a computation from other inputs (older or newer rows): ours must
            // reflect exactly what this request read, so compute it.
            Some(c) if !entry.current(now) => c(),
            _ => entry.cards.clone(),
        }
    }
}

impl Entry {
    fn from(from: &Inputs, cards: Arc<Vec<MovieCard>>) -> Self {
        Entry {
            ratings: Arc::downgrade(&from.ratings),
            preferences: Arc::downgrade(&from.preferences),
            excluded: from.excluded.clone(),
            model: Arc::downgrade(&from.model),
            library: Arc::downgrade(&from.library),
            cards,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Barrier, mpsc};
    use std::thread;

    use super::*;

    fn inputs(model: &Arc<Model>, library: &Arc<Library>) -> Inputs {
        Inputs {
            ratings: Arc::new(Vec::new()),
            preferences: Arc::new(Preferences::default()),
            excluded: Vec::new(),
            model: model.clone(),
            library: library.clone(),
        }
    }

    fn cards(n: usize) -> Arc<Vec<MovieCard>> {
        Arc::new(vec![MovieCard::default(); n])
    }

    #[test]
    fn concurrent_misses_compute_once_and_hits_compute_never() {
        let (model, library) = (Arc::new(Model::default()), Arc::new(Library::default()));
        let now = Arc::new(inputs(&model, &library));
        let cache = Arc::new(PicksCache::default());
        let runs = Arc::new(AtomicUsize::new(0));
        let start = Arc::new(Barrier::new(8));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (cache, now, runs, start) =
                    (cache.clone(), now.clone(), runs.clone(), start.clone());
                thread::spawn(move || {
                    start.wait();
                    cache.get_or_compute(1, 10, &now, || {
                        runs.fetch_add(1, Ordering::SeqCst);
                        thread::sleep(Duration::from_millis(50));
                        cards(3)
                    })
                })
            })
            .collect();
        for t in threads {
            assert_eq!(t.join().unwrap().len(), 3);
        }
        assert_eq!(
            runs.load(Ordering::SeqCst),
            1,
            "one computation for eight misses"
        );
        let again = cache.get_or_compute(1, 10, &now, || panic!("a hit must not compute"));
        assert_eq!(again.len(), 3);
    }

    #[test]
    fn a_request_that_waited_on_older_rows_gets_picks_from_its_own() {
        let (model, library) = (Arc::new(Model::default()), Arc::new(Library::default()));
        let old = Arc::new(inputs(&model, &library));
        // The user rated something: new rows, a new Arc.
        let new = inputs(&model, &library);
        let cache = Arc::new(PicksCache::default());
        let (started, is_started) = mpsc::channel();
        let slow = {
            let (cache, old) = (cache.clone(), old.clone());
            thread::spawn(move || {
                cache.get_or_compute(1, 10, &old, || {
                    started.send(()).unwrap();
                    thread::sleep(Duration::from_millis(100));
                    cards(1)
                })
            })
        };
        is_started.recv().unwrap();
        let mine = cache.get_or_compute(1, 10, &new, || cards(2));
        assert_eq!(
            mine.len(),
            2,
            "computed from the newer rows, not the in-flight older ones"
        );
        assert_eq!(slow.join().unwrap().len(), 1);
    }
}
