//! Processed platform events, so a redelivered update or interaction has one effect, across
//! restarts.

use super::error::QueryContext;
use super::{Store, StoreError, now};

impl Store {
    /// Records an event id; returns true the first time, false for a duplicate.
    pub async fn first_delivery(&self, platform: &str, event_id: &str) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO processed_events (platform, event_id, seen_at) VALUES ($1, $2, $3) \
             ON CONFLICT (platform, event_id) DO NOTHING",
        )
        .bind(platform)
        .bind(event_id)
        .bind(now())
        .execute(&self.pool)
        .await
        .context("record event")?;
        Ok(done.rows_affected() > 0)
    }

    /// Forgets events older than `max_age_secs` (platforms stop redelivering after a day).
    pub async fn events_cleanup(&self, max_age_secs: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM processed_events WHERE seen_at < $1")
            .bind(now() - max_age_secs)
            .execute(&self.pool)
            .await
            .context("clean events")?;
        Ok(done.rows_affected())
    }
}
