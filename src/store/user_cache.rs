//! In-process read cache of the per-user rows every recommendation reads (the user, their
//! ratings, their preferences and their exclusions), so a request does not pay three database round trips.
//!
//! Every write through [`Store`](super::Store) forgets the user's entries before it returns,
//! and a load that raced a write is never kept, so this process always reads its own writes.
//! Entries also expire after a short time to live (`[database] user_cache_seconds`), which
//! bounds how long a write made by *another* moviebot process sharing a PostgreSQL database
//! stays unseen. A TTL of zero turns the cache off.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use moka::Expiry;
use moka::sync::Cache;

use super::{Exclusion, Preferences, StoredRating, User};

/// Users whose rows are kept at most (each entry is one user's rows; ~10 KB for a heavy rater).
const CAPACITY: u64 = 50_000;

#[derive(Debug)]
pub(super) struct UserCache {
    /// Bumped by every write; a load that saw it change may hold stale rows and is not kept.
    epoch: AtomicU64,
    tables: Option<Tables>,
}

#[derive(Debug)]
struct Tables {
    users: Cache<i64, User>,
    ratings: Cache<i64, Arc<Vec<StoredRating>>>,
    preferences: Cache<i64, Arc<Preferences>>,
    exclusions: Cache<i64, Arc<Vec<Exclusion>>>,
}

impl UserCache {
    pub(super) fn new(ttl: Duration) -> Self {
        Self {
            epoch: AtomicU64::new(0),
            tables: (!ttl.is_zero()).then(|| Tables {
                users: table(ttl),
                ratings: table(ttl),
                preferences: table(ttl),
                exclusions: table(ttl),
            }),
        }
    }

    pub(super) async fn user<E>(
        &self,
        id: i64,
        load: impl Future<Output = Result<Option<User>, E>>,
    ) -> Result<Option<User>, E> {
        let Some(t) = &self.tables else {
            return load.await;
        };
        if let Some(user) = t.users.get(&id) {
            return Ok(Some(user));
        }
        // Only users that exist are kept: a new user must be found the moment it is created.
        let found = self.load(&t.users, id, load, |u| u.clone()).await?;
        Ok(found)
    }

    pub(super) async fn ratings<E>(
        &self,
        id: i64,
        load: impl Future<Output = Result<Vec<StoredRating>, E>>,
    ) -> Result<Arc<Vec<StoredRating>>, E> {
        let Some(t) = &self.tables else {
            return load.await.map(Arc::new);
        };
        if let Some(rows) = t.ratings.get(&id) {
            return Ok(rows);
        }
        self.load(&t.ratings, id, async { load.await.map(Arc::new) }, |v| {
            Some(v.clone())
        })
        .await
    }

    pub(super) async fn preferences<E>(
        &self,
        id: i64,
        load: impl Future<Output = Result<Preferences, E>>,
    ) -> Result<Arc<Preferences>, E> {
        let Some(t) = &self.tables else {
            return load.await.map(Arc::new);
        };
        if let Some(p) = t.preferences.get(&id) {
            return Ok(p);
        }
        self.load(
            &t.preferences,
            id,
            async { load.await.map(Arc::new) },
            |v| Some(v.clone()),
        )
        .await
    }

    pub(super) async fn exclusions<E>(
        &self,
        id: i64,
        load: impl Future<Output = Result<Vec<Exclusion>, E>>,
    ) -> Result<Arc<Vec<Exclusion>>, E> {
        let Some(t) = &self.tables else {
            return load.await.map(Arc::new);
        };
        if let Some(rows) = t.exclusions.get(&id) {
            return Ok(rows);
        }
        self.load(&t.exclusions, id, async { load.await.map(Arc::new) }, |v| {
            Some(v.clone())
        })
        .await
    }
}

fn table<V: Clone + Send + Sync + 'static>(ttl: Duration) -> Cache<i64, V> {
    Cache::builder()
        .max_capacity(CAPACITY)
        .expire_after(Spread(ttl))
        .build()
}

/// Each entry lives a random 80–100% of the TTL. Users loaded together (after a restart, or
/// by a front end polling everyone) would otherwise all expire together and reload in one
/// burst that every request behind it waits for; spread out, the same reloads are smooth.
/// No entry outlives the TTL, so the staleness bound is unchanged.
struct Spread(Duration);

impl Spread {
    fn pick(&self) -> Option<Duration> {
        Some(self.0.mul_f64(0.8 + 0.2 * rand::random::<f64>()))
    }
}

impl<V> Expiry<i64, V> for Spread {
    fn expire_after_create(&self, _: &i64, _: &V, _: Instant) -> Option<Duration> {
        self.pick()
    }

    fn expire_after_update(
        &self,
        _: &i64,
        _: &V,
        _: Instant,
        _: Option<Duration>,
    ) -> Option<Duration> {
        self.pick()
    }
}

impl UserCache {
    /// Loads from the database and keeps the result unless a write happened meanwhile.
    async fn load<V, T, E>(
        &self,
        table: &Cache<i64, V>,
        id: i64,
        load: impl Future<Output = Result<T, E>>,
        keep: impl Fn(&T) -> Option<V>,
    ) -> Result<T, E>
    where
        V: Clone + Send + Sync + 'static,
    {
        let before = self.epoch.load(Ordering::Acquire);
        let value = load.await?;
        if let Some(kept) = keep(&value)
            && self.epoch.load(Ordering::Acquire) == before
        {
            table.insert(id, kept);
            // A write that landed between the check and the insert has already forgotten the
            // user; forget the insert too.
            if self.epoch.load(Ordering::Acquire) != before {
                table.invalidate(&id);
            }
        }
        Ok(value)
    }

    /// Forgets one user's rows (after any write that touches them).
    pub(super) fn forget(&self, id: i64) {
        self.epoch.fetch_add(1, Ordering::AcqRel);
        if let Some(t) = &self.tables {
            t.users.invalidate(&id);
            t.ratings.invalidate(&id);
            t.preferences.invalidate(&id);
            t.exclusions.invalidate(&id);
        }
    }

    /// Forgets everyone (after bulk writes such as an import).
    pub(super) fn forget_all(&self) {
        self.epoch.fetch_add(1, Ordering::AcqRel);
        if let Some(t) = &self.tables {
            t.users.invalidate_all();
            t.ratings.invalidate_all();
            t.preferences.invalidate_all();
            t.exclusions.invalidate_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn entries_expire_within_the_ttl() {
        let ttl = Duration::from_secs(1);
        let cache = UserCache::new(ttl);
        for user in 0..50 {
            cache
                .ratings(user, async {
                    Ok::<_, ()>(vec![StoredRating::for_test(5, 4.0)])
                })
                .await
                .unwrap();
        }
        // Still there within 80% of the TTL...
        for user in 0..50 {
            let got = cache.ratings(user, async { Ok::<_, ()>(vec![]) }).await;
            assert_eq!(got.unwrap().len(), 1, "user {user} expired early");
        }
        // ...and gone once the TTL has passed, whatever share each drew.
        tokio::time::sleep(ttl + Duration::from_millis(100)).await;
        for user in 0..50 {
            let got = cache.ratings(user, async { Ok::<_, ()>(vec![]) }).await;
            assert!(got.unwrap().is_empty(), "user {user} outlived the TTL");
        }
    }

    #[tokio::test]
    async fn keeps_loads_and_forgets_on_write() {
        let cache = UserCache::new(Duration::from_secs(60));
        let first = cache
            .ratings(1, async {
                Ok::<_, ()>(vec![StoredRating::for_test(5, 4.0)])
            })
            .await
            .unwrap();
        // Served from the cache: the loader is not consulted.
        let again = cache
            .ratings(1, async { Ok::<_, ()>(vec![]) })
            .await
            .unwrap();
        assert_eq!(first, again);
        cache.forget(1);
        let fresh = cache
            .ratings(1, async { Ok::<_, ()>(vec![]) })
            .await
            .unwrap();
        assert!(fresh.is_empty());
    }

    #[tokio::test]
    async fn a_load_that_raced_a_write_is_not_kept() {
        let cache = UserCache::new(Duration::from_secs(60));
        let stale = cache
            .ratings(1, async {
                // The write lands while the (old) rows are in flight.
                cache.forget(1);
                Ok::<_, ()>(vec![StoredRating::for_test(5, 1.0)])
            })
            .await
            .unwrap();
        assert_eq!(stale.len(), 1);
        let next = cache
            .ratings(1, async {
                Ok::<_, ()>(vec![StoredRating::for_test(5, 5.0)])
            })
            .await
            .unwrap();
        assert_eq!(next[0].rating.get(), 5.0);
    }

    #[tokio::test]
    async fn missing_users_and_a_zero_ttl_are_never_cached() {
        let cache = UserCache::new(Duration::from_secs(60));
        assert!(
            cache
                .user(7, async { Ok::<_, ()>(None) })
                .await
                .unwrap()
                .is_none()
        );
        let user = User {
            id: crate::domain::UserId(7),
            username: "ada".into(),
            created_at: 0,
        };
        let u = user.clone();
        assert_eq!(
            cache.user(7, async { Ok::<_, ()>(Some(u)) }).await.unwrap(),
            Some(user)
        );

        let off = UserCache::new(Duration::ZERO);
        off.ratings(1, async {
            Ok::<_, ()>(vec![StoredRating::for_test(1, 3.0)])
        })
        .await
        .unwrap();
        assert!(
            off.ratings(1, async { Ok::<_, ()>(vec![]) })
                .await
                .unwrap()
                .is_empty()
        );
    }
}
