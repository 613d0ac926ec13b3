//! Whether the database can be read and written right now: the checks behind `/healthz`
//! (cached, so health polling does not multiply writes) and `moviebot doctor` (uncached).
//!
//! `SELECT 1` proves little: it answers while every write fails on a full disk or a read-only
//! file, and on SQLite it does not even touch the file. So the read check reads a row of
//! `app_meta`, and the write check commits a real write.

use std::time::{Duration, Instant};

use super::error::QueryContext;
use super::{Store, StoreError, now};

/// How long a health result is reused: polling `/healthz` every 100 ms still writes at most
/// once per interval.
pub const HEALTH_INTERVAL: Duration = Duration::from_secs(5);
/// How long each check may take: a database that cannot answer a one-row read or write in
/// this time is not serving anyone, and `/healthz` must answer before its pollers give up.
pub const HEALTH_TIMEOUT: Duration = Duration::from_secs(2);

/// The `app_meta` key of the last successful write check (Unix seconds, as text).
pub const WRITE_CHECK_KEY: &str = "health.write_check";
/// The `app_meta` key of the probe row a write check inserts and deletes again.
const PROBE_KEY: &str = "health.write_probe";
/// Larger than a SQLite page (4 KiB by default), so the probe needs pages of its own: a
/// database that cannot grow (disk full, `max_page_count` reached) fails the check even when
/// a small in-place update would still fit.
const PROBE_BYTES: usize = 8 * 1024;

/// One health reading of the database.
#[derive(Debug, Clone)]
pub struct DatabaseHealth {
    /// A row could be read.
    pub readable: bool,
    /// A write could be committed.
    pub writable: bool,
    /// What failed, in operator's words (the driver's text is in the log).
    pub problem: Option<String>,
    /// When this reading was taken.
    pub checked: Instant,
}

impl DatabaseHealth {
    pub fn ok(&self) -> bool {
        self.readable && self.writable
    }
}

/// The last reading, shared by every clone of a [`Store`].
#[derive(Debug, Default)]
pub(super) struct HealthCache {
    last: tokio::sync::Mutex<Option<DatabaseHealth>>,
}

impl Store {
    /// Reads one row of `app_meta` (the table every migrated database has).
    pub async fn check_readable(&self) -> Result<(), StoreError> {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM app_meta WHERE key = $1")
            .bind(WRITE_CHECK_KEY)
            .fetch_one(&self.pool)
            .await
            .context("read check")?;
        Ok(())
    }

    /// Commits one small write and reports whether it worked: for `/healthz` (through
    /// [`Store::health`], cached) and for `moviebot doctor` (call it directly).
    ///
    /// In one transaction it records the time in `app_meta['health.write_check']` and inserts
    /// and deletes an 8 KiB probe row (`health.write_probe`), then commits. The transaction
    /// commits on purpose: a rolled-back write never reaches SQLite's WAL or the disk, so it
    /// would miss a full disk, a read-only or failing file system and a read-only `-wal`; the
    /// probe needs fresh pages, so it also catches a database that cannot grow. The only
    /// lasting change is the timestamp row, which tells an admin when writes last worked.
    ///
    /// On failure the error's [`StoreError::outage`] says what kind of outage it was (`None`:
    /// not an outage, e.g. a damaged database).
    pub async fn check_writable(&self) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.context("write check: begin")?;
        let upsert = "INSERT INTO app_meta (key, value) VALUES ($1, $2) \
                      ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        sqlx::query(upsert)
            .bind(WRITE_CHECK_KEY)
            .bind(now().to_string())
            .execute(&mut *tx)
            .await
            .context("write check: heartbeat")?;
        sqlx::query(upsert)
            .bind(PROBE_KEY)
            .bind("x".repeat(PROBE_BYTES))
            .execute(&mut *tx)
            .await
            .context("write check: probe")?;
        sqlx::query("DELETE FROM app_meta WHERE key = $1")
            .bind(PROBE_KEY)
            .execute(&mut *tx)
            .await
            .context("write check: probe cleanup")?;
        tx.commit().await.context("write check: commit")?;
        Ok(())
    }

    /// Reads and writes the database now, uncached, within [`HEALTH_TIMEOUT`] each (the
    /// write is skipped when the read fails). Failures are logged here, once each.
    pub async fn check_health(&self) -> DatabaseHealth {
        let read = bounded(self.check_readable()).await;
        let write = match read {
            Ok(()) => Some(bounded(self.check_writable()).await),
            Err(_) => None,
        };
        let problem = match (&read, &write) {
            (Err(e), _) => Some(format!("reads fail: {e}")),
            (Ok(()), Some(Err(e))) => Some(format!("writes fail ({e}); reads work")),
            _ => None,
        };
        let write_failed = write.as_ref().and_then(|w| w.as_ref().err());
        for (what, failed) in [("read", read.as_ref().err()), ("write", write_failed)] {
            if let Some(failed) = failed {
                tracing::warn!(error = %failed.detail(), "database health check: the {what} failed");
            }
        }
        DatabaseHealth {
            readable: read.is_ok(),
            writable: matches!(write, Some(Ok(()))),
            problem,
            checked: Instant::now(),
        }
    }

    /// [`Store::check_health`], reused for [`HEALTH_INTERVAL`]: concurrent callers wait for
    /// the one check in progress rather than starting their own.
    pub async fn health(&self) -> DatabaseHealth {
        let mut last = self.health.last.lock().await;
        if let Some(h) = last.as_ref()
            && h.checked.elapsed() < HEALTH_INTERVAL
        {
            return h.clone();
        }
        let fresh = self.check_health().await;
        *last = Some(fresh.clone());
        fresh
    }
}

/// Why a check failed.
enum Failed {
    Error(StoreError),
    TimedOut,
}

impl Failed {
    /// The full error, for the log.
    fn detail(&self) -> String {
        match self {
            Failed::Error(e) => crate::store::error_chain(e),
            Failed::TimedOut => format!("no answer within {HEALTH_TIMEOUT:?}"),
        }
    }
}

/// In operator's words, for `/healthz`.
impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failed::Error(e) => match e.outage() {
                Some(outage) => f.write_str(outage.describe()),
                None => f.write_str("unexpected database error (see the server log)"),
            },
            Failed::TimedOut => write!(
                f,
                "the database did not answer within {} s",
                HEALTH_TIMEOUT.as_secs()
            ),
        }
    }
}

async fn bounded(check: impl Future<Output = Result<(), StoreError>>) -> Result<(), Failed> {
    match tokio::time::timeout(HEALTH_TIMEOUT, check).await {
        Ok(result) => result.map_err(Failed::Error),
        Err(_) => Err(Failed::TimedOut),
    }
}
