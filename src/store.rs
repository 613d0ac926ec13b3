//! Data access over sqlx's `Any` driver, so one set of query texts serves SQLite (the default:
//! a file, WAL, busy timeout, foreign keys) and PostgreSQL (chosen by a `postgres://` URL).
//!
//! Queries use `$N` placeholders, which both backends accept, and store times as Unix seconds
//! and lists as JSON text so no backend-specific type is needed. Each submodule owns one
//! table family and adds methods to [`Store`].

mod conversations;
mod error;
mod events;
mod meta;
mod migrations;
mod movies;
mod preferences;
mod ratings;
mod tmdb_cache;
mod user_cache;
mod users;
mod watchlist;

pub use error::StoreError;
pub use migrations::migrator;
pub use movies::{MovieRecord, MovieSource, NewMovie};
pub use preferences::Preferences;
pub use ratings::{RatingRow, StoredRating};
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

/// A cheap-to-clone handle on the database.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    cache: std::sync::Arc<user_cache::UserCache>,
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
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
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
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open the {backend:?} database"))?;
        Ok(Self {
            pool,
            backend,
            // Until the builder says otherwise (`with_user_cache_ttl`), config's default.
            cache: std::sync::Arc::new(user_cache::UserCache::new(DEFAULT_USER_CACHE_TTL)),
        })
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

    /// Whether the database answers (for health checks).
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Encodes a list column.
pub(crate) fn json_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

/// Decodes a list column; a damaged value reads as empty rather than failing the row.
pub(crate) fn parse_list(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}
