//! Data access over sqlx's `Any` driver, so one set of query texts serves SQLite (the default:
//! a file, WAL, busy timeout, foreign keys) and PostgreSQL (chosen by a `postgres://` URL).
//!
//! Queries use `$N` placeholders, which both backends accept, and store times as Unix seconds
//! and lists as JSON text so no backend-specific type is needed. Each submodule owns one
//! table family and adds methods to [`Store`].

mod conversations;
mod error;
mod events;
mod exclusions;
mod exports;
mod health;
mod imports;
mod links;
mod meta;
mod migrations;
mod movies;
mod nights;
mod pending;
mod preferences;
mod ratings;
mod services;
pub mod sqlite_files;
pub mod state_file;
mod tmdb_cache;
mod user_cache;
mod users;
mod watchlist;

pub use error::{Outage, StoreError, outage_in, outage_in_anyhow};
pub use exclusions::{Exclusion, ExclusionKind, NewExclusion};
pub use exports::{FilmRef, MembershipRow};
pub use health::{DatabaseHealth, HEALTH_INTERVAL, WRITE_CHECK_KEY};
pub use imports::{DatedRating, StagedRow};
pub use links::{Identity, LinkRefusal, Merged, RedeemOutcome, Split};
pub use migrations::migrator;
pub use movies::{MovieRecord, MovieSource, NewMovie};
pub use nights::{DuePrompt, Night, NightFilm, NightStage, NightState};
pub use preferences::Preferences;
pub use ratings::{RatingRow, StoredRating};
pub use services::Service;
pub use users::User;

use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use error::QueryContext;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, ConnectOptions, Executor};

use crate::config::DEFAULT_USER_CACHE_TTL;

/// Which database is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// How long a request waits for a database connection before it fails as an outage (503).
/// sqlx's default is 30 s; while PostgreSQL is down every request would hang that long
/// retrying the connection. A healthy pool hands out connections in microseconds, and
/// SQLite's own busy timeout (10 s) covers waiting for the write lock once connected.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// A cheap-to-clone handle on the database.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    cache: std::sync::Arc<user_cache::UserCache>,
    health: std::sync::Arc<health::HealthCache>,
    /// Keeps `<database>.state` current (SQLite opened by the app); see `state_file`.
    tracker: Option<std::sync::Arc<state_file::Tracker>>,
}

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl Store {
    /// Opens (creating a SQLite file if missing) and migrates.
    #[tracing::instrument(skip_all)]
    pub async fn open(url: &str, max_connections: u32) -> Result<Self, StoreError> {
        let store = Self::connect(url, max_connections).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Opens without migrating.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, StoreError> {
        install_default_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(StoreError::Invalid(
                "unsupported database URL (expected sqlite: or postgres://)",
            ));
        };
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") && !url.contains(":memory:") => {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            }
            _ => url.to_string(),
        };
        // Bulk reads (the recommender's fit) are slow by design: keep sqlx's slow-query
        // warning for statements that are slow by accident.
        let options = AnyConnectOptions::from_str(&url)
            .context("invalid database URL")?
            .log_slow_statements(log::LevelFilter::Debug, Duration::from_secs(1));
        // The SQLite file in use, checked whenever a connection is handed out or opened.
        let file = sqlite_files::SqliteFiles::from_url(&url)
            .map(|f| std::sync::Arc::new(sqlite_files::FileIdentity::new(f.db())));
        let on_connect = file.clone();
        let on_acquire = file.clone();
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            // Each connection is pinged before it is handed out (sqlx's default, stated
            // because recovery depends on it): one the server dropped (a restart,
            // pg_terminate_backend) is replaced by a new one instead of failing a request.
            .test_before_acquire(true)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .after_connect(move |conn, _| {
                let file = on_connect.clone();
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        if let Some(file) = &file {
                            file.check()?;
                        }
                        // WAL lets readers run beside the writer; the busy timeout makes writers
                        // queue instead of failing with SQLITE_BUSY under concurrency.
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; \
                             PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .before_acquire(move |_, _| {
                let result = on_acquire
                    .as_ref()
                    .map_or(Ok(true), |f| f.check().map(|()| true));
                Box::pin(async move { result })
            })
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open the {backend:?} database"))?;
        if let Some(file) = &file {
            file.record();
            // From now on a missing file is an error, not a new empty database.
            if url.contains("mode=rwc") {
                let no_create = AnyConnectOptions::from_str(&url.replace("mode=rwc", "mode=rw"))
                    .context("invalid database URL")?
                    .log_slow_statements(log::LevelFilter::Debug, Duration::from_secs(1));
                pool.set_connect_options(no_create);
            }
        }
        Ok(Self {
            pool,
            backend,
            // Until the builder says otherwise (`with_user_cache_ttl`), config's default.
            cache: std::sync::Arc::new(user_cache::UserCache::new(DEFAULT_USER_CACHE_TTL)),
            health: Default::default(),
            tracker: None,
        })
    }

    /// A handle on a pool opened elsewhere (`moviebot doctor` opens its own, never creating
    /// the file), for checks such as [`Store::check_writable`].
    pub fn from_pool(pool: AnyPool, backend: Backend) -> Self {
        Self {
            pool,
            backend,
            cache: std::sync::Arc::new(user_cache::UserCache::new(DEFAULT_USER_CACHE_TTL)),
            health: Default::default(),
            tracker: None,
        }
    }

    /// Runs the migrations for this backend (idempotent).
    #[tracing::instrument(skip_all)]
    pub async fn migrate(&self) -> Result<(), StoreError> {
        migrator(self.backend)
            .run(&self.pool)
            .await
            .map_err(StoreError::Migrate)
    }

    /// Sets how long per-user rows stay cached in this process (zero: no cache). Writes made
    /// through this store are always seen at once; the TTL bounds how long writes made by
    /// another process sharing the database go unseen.
    pub fn with_user_cache_ttl(mut self, ttl: Duration) -> Self {
        self.cache = std::sync::Arc::new(user_cache::UserCache::new(ttl));
        self
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Whether the database answers a query (see [`Store::health`] for a real check).
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    /// Records the final counts in the state file (if this store keeps one), then closes
    /// the connections.
    pub async fn close(&self) {
        if let Some(tracker) = &self.tracker {
            tracker.record_logged(self).await;
        }
        self.pool.close().await;
    }

    pub(crate) fn with_tracker(mut self, tracker: std::sync::Arc<state_file::Tracker>) -> Self {
        self.tracker = Some(tracker);
        self
    }
}

/// An error and its causes on one line ("upsert rating: error returned from database: …").
pub fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut next = error.source();
    while let Some(e) = next {
        let more = e.to_string();
        if !text.ends_with(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        next = e.source();
    }
    text
}

/// Encodes a list column.
pub(crate) fn json_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

/// Decodes a list column; a damaged value reads as empty rather than failing the row.
pub(crate) fn parse_list(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}
