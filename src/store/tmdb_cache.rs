//! Raw TMDb responses with an expiry, so a fresh hit costs no request.

use super::error::QueryContext;
use super::{Store, StoreError, now};

impl Store {
    /// The cached body for `key` if it has not expired.
    pub async fn cache_get(&self, key: &str) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar("SELECT body FROM tmdb_cache WHERE request_key = $1 AND expires_at > $2")
            .bind(key)
            .bind(now())
            .fetch_optional(&self.pool)
            .await
            .context("read cache")
    }

    /// The cached body for `key` even if expired (the fallback when TMDb is down).
    pub async fn cache_get_stale(&self, key: &str) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar("SELECT body FROM tmdb_cache WHERE request_key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .context("read stale cache")
    }

    pub async fn cache_put(&self, key: &str, body: &str, ttl_secs: i64) -> Result<(), StoreError> {
        let t = now();
        sqlx::query(
            "INSERT INTO tmdb_cache (request_key, body, fetched_at, expires_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (request_key) DO UPDATE SET \
             body = excluded.body, fetched_at = excluded.fetched_at, expires_at = excluded.expires_at",
        )
        .bind(key)
        .bind(body)
        .bind(t)
        .bind(t + ttl_secs)
        .execute(&self.pool)
        .await
        .context("write cache")?;
        Ok(())
    }

    /// Deletes entries that expired more than `grace_secs` ago; returns how many.
    pub async fn cache_cleanup(&self, grace_secs: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM tmdb_cache WHERE expires_at < $1")
            .bind(now() - grace_secs)
            .execute(&self.pool)
            .await
            .context("clean cache")?;
        Ok(done.rows_affected())
    }
}
