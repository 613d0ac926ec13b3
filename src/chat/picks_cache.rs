//! A memo of each user's personal picks for the REST API (`GET /api/recommendations/{id}`),
//! which front ends poll far more often than a user's ratings change. An entry is only served
//! while everything it was computed from is still current: the same ratings and preferences
//! (the same rows as shared by the store's user cache, or — after that cache reloaded them —
//! rows with the same fingerprint), the same excluded films and down-weights, the same model
//! and the same film
//! library. It holds `Weak`s, so it never keeps an old model alive, and a live `Weak` pins its
//! allocation, so a new `Arc` can never be mistaken for an old one at the same address.

use std::cell::OnceCell;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Weak};
use std::time::Duration;

use moka::sync::Cache;
use moviebot_protocol::MovieCard;

use super::library::Library;
use super::picks::DownWeight;
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
    pub down: Vec<DownWeight>,
    pub model: Arc<Model>,
    pub library: Arc<Library>,
}

struct Entry {
    ratings: Weak<Vec<StoredRating>>,
    preferences: Weak<Preferences>,
    /// [`fingerprint`] of the rows the picks came from.
    rows: u64,
    excluded: Vec<i64>,
    down: Vec<DownWeight>,
    model: Weak<Model>,
    library: Weak<Library>,
    cards: Arc<Vec<MovieCard>>,
}

/// What of a user's rows the picks depend on (each film and its stars, and the preferences),
/// hashed: equal rows reloaded by the store's user cache give the same value.
fn fingerprint(ratings: &[StoredRating], preferences: &Preferences) -> u64 {
    let mut h = DefaultHasher::new();
    for r in ratings {
        (r.movie.0, r.rating).hash(&mut h);
    }
    preferences.favourite_genres.hash(&mut h);
    preferences.favourite_people.hash(&mut h);
    preferences.region.hash(&mut h);
    preferences.language.hash(&mut h);
    h.finish()
}

impl Entry {
    /// The very rows (the same `Arc`s) it was computed from.
    fn same_rows(&self, now: &Inputs) -> bool {
        Weak::ptr_eq(&self.ratings, &Arc::downgrade(&now.ratings))
            && Weak::ptr_eq(&self.preferences, &Arc::downgrade(&now.preferences))
    }

    /// Computed from what `now` holds; `rows` is `now`'s fingerprint, computed on demand.
    fn current(&self, now: &Inputs, rows: &OnceCell<u64>) -> bool {
        Weak::ptr_eq(&self.model, &Arc::downgrade(&now.model))
            && Weak::ptr_eq(&self.library, &Arc::downgrade(&now.library))
            && self.excluded == now.excluded
            && self.down == now.down
            && (self.same_rows(now)
                || self.rows == *rows.get_or_init(|| fingerprint(&now.ratings, &now.preferences)))
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
        let rows = OnceCell::new();
        let mut compute = Some(compute);
        let key = (user, limit);
        let entry = self
            .entries
            .entry(key)
            .or_insert_with_if(
                || {
                    let cards = compute.take().map(|c| c()).unwrap_or_default();
                    Arc::new(Entry::from(now, cards))
                },
                |e| !e.current(now, &rows),
            )
            .into_value();
        match compute {
            // We waited for a computation from other inputs (older or newer rows): ours must
            // reflect exactly what this request read, so compute it.
            Some(c) if !entry.current(now, &rows) => c(),
            // The same content in freshly loaded rows: point the entry at them, so the next
            // request matches by identity without hashing.
            Some(_) if !entry.same_rows(now) => {
                let cards = entry.cards.clone();
                self.entries
                    .insert(key, Arc::new(Entry::from(now, cards.clone())));
                cards
            }
            _ => entry.cards.clone(),
        }
    }
}

impl Entry {
    fn from(from: &Inputs, cards: Arc<Vec<MovieCard>>) -> Self {
        Entry {
            ratings: Arc::downgrade(&from.ratings),
            preferences: Arc::downgrade(&from.preferences),
            rows: fingerprint(&from.ratings, &from.preferences),
            excluded: from.excluded.clone(),
            down: from.down.clone(),
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
            down: Vec::new(),
            model: model.clone(),
            library: library.clone(),
        }
    }

    #[test]
    fn reloaded_rows_with_the_same_content_keep_the_picks_and_changed_ones_do_not() {
        let (model, library) = (Arc::new(Model::default()), Arc::new(Library::default()));
        let rows = |stars: f64, genre: &str| Inputs {
            ratings: Arc::new(vec![
                StoredRating::for_test(603, stars),
                StoredRating::for_test(278, 5.0),
            ]),
            preferences: Arc::new(Preferences {
                favourite_genres: vec![genre.to_string()],
                ..Preferences::default()
            }),
            ..inputs(&model, &library)
        };
        let cache = PicksCache::default();
        let first = rows(4.0, "Crime");
        assert_eq!(cache.get_or_compute(1, 10, &first, || cards(3)).len(), 3);
        // The store's cache expired and loaded the same rows again: new Arcs, same content.
        let reloaded = rows(4.0, "Crime");
        let kept = cache.get_or_compute(1, 10, &reloaded, || panic!("same rows, same picks"));
        assert_eq!(kept.len(), 3);
        // ...and the entry now points at the reloaded rows themselves.
        let entry = cache.entries.get(&(1, 10)).unwrap();
        assert!(entry.same_rows(&reloaded));
        // Different stars, or a different favourite genre: computed again.
        for changed in [rows(3.5, "Crime"), rows(4.0, "Drama")] {
            assert_eq!(cache.get_or_compute(1, 10, &changed, || cards(4)).len(), 4);
            // Back to the first rows (computed again too), so each change is tested alone.
            assert_eq!(cache.get_or_compute(1, 10, &first, || cards(3)).len(), 3);
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
        let new = Inputs {
            ratings: Arc::new(vec![StoredRating::for_test(603, 4.0)]),
            ..inputs(&model, &library)
        };
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
