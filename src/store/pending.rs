//! Platform events acknowledged but not yet answered (`pending_events`): a Telegram update is
//! stored before the webhook answers 200 (or before polling confirms it with the next offset)
//! and deleted once answered, so a crash or a drain deadline loses no acknowledged message.

use sqlx::Row;

use super::error::QueryContext;
use super::{Store, StoreError, now};

impl Store {
    /// Keeps an event (a redelivery of the same id is a no-op).
    pub async fn keep_pending(
        &self,
        platform: &str,
        event_id: i64,
        payload: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO pending_events (platform, event_id, payload, received_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (platform, event_id) DO NOTHING",
        )
        .bind(platform)
        .bind(event_id)
        .bind(payload)
        .bind(now())
        .execute(&self.pool)
        .await
        .context("keep pending event")?;
        Ok(())
    }

    /// Forgets an answered event.
    pub async fn finish_pending(&self, platform: &str, event_id: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM pending_events WHERE platform = $1 AND event_id = $2")
            .bind(platform)
            .bind(event_id)
            .execute(&self.pool)
            .await
            .context("finish pending event")?;
        Ok(())
    }

    /// Unanswered events of a platform, in the platform's order: (id, payload).
    pub async fn pending_events(&self, platform: &str) -> Result<Vec<(i64, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT event_id, payload FROM pending_events WHERE platform = $1 ORDER BY event_id",
        )
        .bind(platform)
        .fetch_all(&self.pool)
        .await
        .context("list pending events")?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<_, sqlx::Error>>()
            .context("read pending events")
    }
}
