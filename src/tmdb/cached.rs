//! The caching, rate-limited, retrying wrapper around [`TmdbClient`]. One instance is shared
//! by every caller (clone it freely), so the limiter, the 429 pause and request coalescing
//! apply to the whole process.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::FutureExt;
use futures::future::{BoxFuture, Shared};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use serde::de::DeserializeOwned;
use tokio::time::Instant;

use super::budget::Budget;
use super::client::TmdbClient;
use super::error::{TmdbError, Unavailable};
use crate::config::{TMDB_MAX_CACHE_HOURS, TmdbConfig};
use crate::store::Store;

/// Retries: how many attempts, within what overall deadline, with what backoff.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    /// Overall budget for one lookup, waits and retries included.
    pub deadline: Duration,
    /// First backoff after a 5xx or timeout; doubled per attempt, plus up to 50% jitter.
    pub base_backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            deadline: Duration::from_secs(15),
            base_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(4),
        }
    }
}

/// A value and whether it came from an expired cache entry because TMDb could not answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched<T> {
    pub value: T,
    pub stale: bool,
}

type Load = Shared<BoxFuture<'static, Result<Fetched<Arc<str>>, TmdbError>>>;

tokio::task_local! {
    /// Set inside [`CachedTmdb::refetching`]: lookups skip fresh cache entries.
    static REFETCH: ();
}

struct Inner {
    client: TmdbClient,
    store: Store,
    limiter: DefaultDirectRateLimiter,
    /// Set by a 429: nobody sends before this instant.
    paused_until: Mutex<Option<Instant>>,
    /// Lookups in progress, by cache key, so identical concurrent requests share one.
    inflight: Mutex<HashMap<String, Load>>,
    ttl_secs: i64,
    /// How long expired entries are kept as a fallback before cleanup deletes them.
    grace_secs: i64,
    language: String,
    region: String,
    policy: RetryPolicy,
}

/// TMDb through the cache: see the module docs.
#[derive(Clone)]
pub struct CachedTmdb(Arc<Inner>);

impl std::fmt::Debug for CachedTmdb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CachedTmdb")
            .field("client", &self.0.client)
            .field("ttl_secs", &self.0.ttl_secs)
            .finish()
    }
}

impl CachedTmdb {
    /// From the configuration, with the default retry policy.
    pub fn from_config(config: &TmdbConfig, store: Store) -> Result<Self, TmdbError> {
        Ok(Self::new(
            TmdbClient::new(config)?,
            store,
            config,
            RetryPolicy::default(),
        ))
    }

    pub fn new(client: TmdbClient, store: Store, config: &TmdbConfig, policy: RetryPolicy) -> Self {
        let per_second = NonZeroU32::new(config.requests_per_second).unwrap_or(NonZeroU32::MIN);
        // Burst of one: requests are evenly spaced, so no one-second window ever holds more
        // than the configured rate.
        let quota = Quota::per_second(per_second).allow_burst(NonZeroU32::MIN);
        let hours = config.cache_hours.clamp(1, TMDB_MAX_CACHE_HOURS);
        // Expired entries stay as a fallback for up to 30 days, but never past TMDb's
        // six-month limit counted from the fetch.
        let grace_hours = (TMDB_MAX_CACHE_HOURS - hours).min(24 * 30);
        Self(Arc::new(Inner {
            client,
            store,
            limiter: RateLimiter::direct(quota),
            paused_until: Mutex::new(None),
            inflight: Mutex::new(HashMap::new()),
            ttl_secs: i64::from(hours) * 3600,
            grace_secs: i64::from(grace_hours) * 3600,
            language: config.language.clone(),
            region: config.region.clone(),
            policy,
        }))
    }

    /// The database the response cache lives in. This layer only caches there; the layers
    /// that turn answers into films (`catalog::from_tmdb`, `chat::source`) write them to the
    /// same database through this handle.
    pub fn store(&self) -> &Store {
        &self.0.store
    }

    /// The configured default region (ISO 3166-1, e.g. "US").
    pub fn region(&self) -> &str {
        &self.0.region
    }

    /// GETs `path` with `params` (the configured language is added unless given) and parses
    /// the body as `T`: from a fresh cache entry, else from TMDb, else from a stale entry.
    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        mut params: Vec<(String, String)>,
    ) -> Result<Fetched<T>, TmdbError> {
        if !params.iter().any(|(k, _)| k == "language") {
            params.push(("language".into(), self.0.language.clone()));
        }
        params.sort();
        let key = cache_key(path, &params);
        let raw = if REFETCH.try_with(|_| ()).is_ok() {
            // TMDb only, cached on success (see [`CachedTmdb::refetching`]).
            let body = self
                .0
                .fetch_and_cache(&key, path, &params, check_shape::<T>)
                .await?;
            fresh(body)
        } else {
            self.get_raw(key, path.to_owned(), params, check_shape::<T>)
                .await?
        };
        let value = serde_json::from_str(&raw.value).map_err(|e| {
            tracing::warn!(path, error = %e, "TMDb body did not match the expected shape");
            TmdbError::Malformed(format!("unexpected shape: {e}"))
        })?;
        Ok(Fetched {
            value,
            stale: raw.stale,
        })
    }

    /// A fresh cache entry for this request, parsed, without ever asking TMDb (free whatever
    /// the turn's budget); `None` on a miss or an entry of another shape.
    pub async fn peek<T: DeserializeOwned>(
        &self,
        path: &str,
        mut params: Vec<(String, String)>,
    ) -> Option<T> {
        if !params.iter().any(|(k, _)| k == "language") {
            params.push(("language".into(), self.0.language.clone()));
        }
        params.sort();
        let key = cache_key(path, &params);
        let body = self.0.cached(&key, check_shape::<T>).await?;
        serde_json::from_str(&body).ok()
    }

    async fn get_raw(
        &self,
        key: String,
        path: String,
        params: Vec<(String, String)>,
        check: Check,
    ) -> Result<Fetched<Arc<str>>, TmdbError> {
        let Some(budget) = Budget::current() else {
            return self.load_shared(key, path, params, check).await;
        };
        // Someone is waiting: a fresh cache entry is free, a request costs one of the turn's
        // few, and whatever cannot be done inline finishes in the background.
        if let Some(body) = self.0.cached(&key, check).await {
            return Ok(fresh(body));
        }
        let load = self.load_shared(key, path, params, check);
        if !budget.take() {
            tokio::spawn(load);
            return Err(TmdbError::Deferred);
        }
        match tokio::time::timeout_at(budget.deadline(), load.clone()).await {
            Ok(result) => result,
            Err(_) => {
                tokio::spawn(load);
                Err(TmdbError::Unavailable(Unavailable::Timeout))
            }
        }
    }

    /// The lookup for `key`: the one already in flight, or a new one others may join.
    fn load_shared(
        &self,
        key: String,
        path: String,
        params: Vec<(String, String)>,
        check: Check,
    ) -> Load {
        let mut inflight = self.0.inflight.lock().unwrap_or_else(|p| p.into_inner());
        match inflight.get(&key) {
            Some(load) => load.clone(),
            None => {
                let inner = self.0.clone();
                let k = key.clone();
                let load = async move {
                    let result = inner.load(&k, &path, &params, check).await;
                    inner
                        .inflight
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .remove(&k);
                    result
                }
                .boxed()
                .shared();
                inflight.insert(key, load.clone());
                load
            }
        }
    }

    /// Runs `f` with every lookup it makes asked of TMDb anew, even when a fresh cache entry
    /// exists; the answer replaces the entry. There is no fallback either: when TMDb fails, so
    /// does the lookup, so a background refresh of a list that changes daily retries later
    /// rather than mistaking yesterday's page for today's. Meant for background work: it
    /// ignores any turn budget and does not join identical lookups in flight.
    pub async fn refetching<F: std::future::Future>(f: F) -> F::Output {
        REFETCH.scope((), f).await
    }

    /// Deletes cache entries past their fallback grace period; returns how many.
    pub async fn cleanup(&self) -> Result<u64, TmdbError> {
        Ok(self.0.store.cache_cleanup(self.0.grace_secs).await?)
    }

    /// Runs [`CachedTmdb::cleanup`] every `every` until the task is aborted.
    pub fn spawn_cleanup(&self, every: Duration) -> tokio::task::JoinHandle<()> {
        let this = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                match this.cleanup().await {
                    Ok(n) if n > 0 => tracing::info!(deleted = n, "TMDb cache cleaned"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "TMDb cache cleanup failed"),
                }
            }
        })
    }
}

impl Inner {
    /// A fresh cache entry for `key` that parses as the caller's type; an entry of another
    /// shape (written by an older version) counts as a miss.
    async fn cached(&self, key: &str, check: Check) -> Option<String> {
        match self.store.cache_get(key).await {
            Ok(Some(body)) if check(&body).is_ok() => Some(body),
            Ok(_) => None,
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "TMDb cache read failed");
                None
            }
        }
    }

    /// TMDb's answer, cached when it has the caller's shape (else it is an error, never an
    /// entry).
    async fn fetch_and_cache(
        &self,
        key: &str,
        path: &str,
        params: &[(String, String)],
        check: Check,
    ) -> Result<String, TmdbError> {
        let body = self
            .fetch(path, params)
            .await
            .and_then(|b| check(&b).map(|()| b))?;
        if let Err(e) = self.store.cache_put(key, &body, self.ttl_secs).await {
            tracing::warn!(error = %format!("{e:#}"), "TMDb cache write failed");
        }
        Ok(body)
    }

    /// Fresh cache, else TMDb (cached on success), else a stale entry, else the error.
    async fn load(
        &self,
        key: &str,
        path: &str,
        params: &[(String, String)],
        check: Check,
    ) -> Result<Fetched<Arc<str>>, TmdbError> {
        if let Some(body) = self.cached(key, check).await {
            return Ok(fresh(body));
        }
        let error = match self.fetch_and_cache(key, path, params, check).await {
            Ok(body) => return Ok(fresh(body)),
            Err(e) => e,
        };
        if matches!(error, TmdbError::NotFound | TmdbError::Rejected { .. }) {
            return Err(error);
        }
        match self.store.cache_get_stale(key).await {
            Ok(Some(body)) => {
                tracing::warn!(path, error = %error, "TMDb failed; answering from a stale cache entry");
                Ok(Fetched {
                    value: body.into(),
                    stale: true,
                })
            }
            _ => {
                tracing::warn!(path, error = %error, "TMDb failed and nothing is cached");
                Err(error)
            }
        }
    }

    /// Up to `max_attempts` requests within the deadline, honouring the limiter and pauses.
    async fn fetch(&self, path: &str, params: &[(String, String)]) -> Result<String, TmdbError> {
        let deadline = Instant::now() + self.policy.deadline;
        let mut attempt = 0;
        let mut last = TmdbError::Unavailable(Unavailable::Timeout);
        while attempt < self.policy.max_attempts {
            attempt += 1;
            if !self.wait_turn(deadline).await {
                return Err(last);
            }
            let remaining = deadline.saturating_duration_since(Instant::now());
            let result = tokio::time::timeout(remaining, self.client.get(path, params))
                .await
                .unwrap_or(Err(TmdbError::Unavailable(Unavailable::Timeout)));
            let error = match result {
                Ok(body) => return Ok(body),
                Err(e) if e.is_transient() => e,
                Err(e) => return Err(e),
            };
            tracing::debug!(path, attempt, error = %error, "TMDb attempt failed");
            let delay = match &error {
                TmdbError::RateLimited { retry_after } => {
                    self.pause(*retry_after);
                    Duration::ZERO
                }
                _ => self.backoff(attempt),
            };
            last = error;
            if Instant::now() + delay >= deadline {
                break;
            }
            tokio::time::sleep(delay).await;
        }
        Err(last)
    }

    /// Waits out any 429 pause, then for the limiter. False when that would pass `deadline`.
    async fn wait_turn(&self, deadline: Instant) -> bool {
        if !self.wait_pause(deadline).await {
            return false;
        }
        let limited = tokio::time::timeout_at(deadline, self.limiter.until_ready()).await;
        // A 429 may have arrived while we queued.
        limited.is_ok() && self.wait_pause(deadline).await
    }

    async fn wait_pause(&self, deadline: Instant) -> bool {
        let until = *self.paused_until.lock().unwrap_or_else(|p| p.into_inner());
        match until {
            Some(until) if until > Instant::now() => {
                if until >= deadline {
                    return false;
                }
                tokio::time::sleep_until(until).await;
                true
            }
            _ => true,
        }
    }

    /// Pauses every caller for `retry_after` (never shortening an existing pause).
    fn pause(&self, retry_after: Duration) {
        let until = Instant::now() + retry_after;
        let mut paused = self.paused_until.lock().unwrap_or_else(|p| p.into_inner());
        if paused.is_none_or(|p| p < until) {
            tracing::warn!(
                seconds = retry_after.as_secs_f64(),
                "TMDb said 429; pausing all requests"
            );
            *paused = Some(until);
        }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .policy
            .base_backoff
            .saturating_mul(1 << (attempt - 1).min(16))
            .min(self.policy.max_backoff);
        let jitter_ms = rand::random_range(0..=exp.as_millis() as u64 / 2);
        exp + Duration::from_millis(jitter_ms)
    }
}

fn fresh(body: impl Into<Arc<str>>) -> Fetched<Arc<str>> {
    Fetched {
        value: body.into(),
        stale: false,
    }
}

/// Checks a body parses as the caller's type. Only bodies that pass are cached, so a
/// truncated or misshapen answer is an error, never a cache entry.
type Check = fn(&str) -> Result<(), TmdbError>;

fn check_shape<T: DeserializeOwned>(body: &str) -> Result<(), TmdbError> {
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(body) {
        return Err(TmdbError::Malformed(format!("invalid JSON: {e}")));
    }
    match serde_json::from_str::<T>(body) {
        Ok(_) => Ok(()),
        Err(e) => Err(TmdbError::Malformed(format!("unexpected shape: {e}"))),
    }
}

/// The cache key: path plus sorted parameters. Credentials are never parameters here (the
/// client adds them), so keys hold no secrets.
pub fn cache_key(path: &str, sorted_params: &[(String, String)]) -> String {
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(sorted_params)
        .finish();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}
