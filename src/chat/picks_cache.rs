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
    /// The picks for `(user, limit)` if they were computed from exactly `now`.
    pub fn get(&self, user: i64, limit: usize, now: &Inputs) -> Option<Arc<Vec<MovieCard>>> {
        let entry = self.entries.get(&(user, limit))?;
        entry.current(now).then(|| entry.cards.clone())
    }

    pub fn put(&self, user: i64, limit: usize, from: &Inputs, cards: Arc<Vec<MovieCard>>) {
        let entry = Entry {
            ratings: Arc::downgrade(&from.ratings),
            preferences: Arc::downgrade(&from.preferences),
            excluded: from.excluded.clone(),
            model: Arc::downgrade(&from.model),
            library: Arc::downgrade(&from.library),
            cards,
        };
        self.entries.insert((user, limit), Arc::new(entry));
    }
}
