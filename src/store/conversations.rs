//! Conversations (a DM, a Telegram group, a Discord guild) and who has spoken or rated there,
//! so group recommendations know the members.

use sqlx::Row;

use super::error::QueryContext;
use super::{Store, StoreError, now};
use crate::domain::UserId;

impl Store {
    /// Notes that `user` took part in a conversation, creating the conversation if new.
    pub async fn touch_conversation(
        &self,
        platform: &str,
        external_id: &str,
        group: bool,
        user: UserId,
    ) -> Result<i64, StoreError> {
        let t = now();
        sqlx::query(
            "INSERT INTO conversations (platform, external_id, kind, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (platform, external_id) DO NOTHING",
        )
        .bind(platform)
        .bind(external_id)
        .bind(if group { "group" } else { "direct" })
        .bind(t)
        .execute(&self.pool)
        .await
        .context("insert conversation")?;
        let id: i64 = sqlx::query_scalar(
            "SELECT id FROM conversations WHERE platform = $1 AND external_id = $2",
        )
        .bind(platform)
        .bind(external_id)
        .fetch_one(&self.pool)
        .await
        .context("select conversation")?;
        sqlx::query(
            "INSERT INTO conversation_members (conversation_id, user_id, last_seen_at) \
             VALUES ($1, $2, $3) ON CONFLICT (conversation_id, user_id) \
             DO UPDATE SET last_seen_at = excluded.last_seen_at",
        )
        .bind(id)
        .bind(user.0)
        .bind(t)
        .execute(&self.pool)
        .await
        .context("upsert member")?;
        Ok(id)
    }

    /// Members of a conversation who have rated at least one film.
    pub async fn rating_members(
        &self,
        platform: &str,
        external_id: &str,
    ) -> Result<Vec<UserId>, StoreError> {
        let rows = sqlx::query(
            "SELECT m.user_id FROM conversation_members m \
             JOIN conversations c ON c.id = m.conversation_id \
             WHERE c.platform = $1 AND c.external_id = $2 \
             AND EXISTS (SELECT 1 FROM ratings r WHERE r.user_id = m.user_id) \
             ORDER BY m.user_id",
        )
        .bind(platform)
        .bind(external_id)
        .fetch_all(&self.pool)
        .await
        .context("select members")?;
        rows.iter()
            .map(|r| Ok(UserId(r.try_get("user_id")?)))
            .collect::<Result<_, sqlx::Error>>()
            .context("read members")
    }

    /// Whether `user` has taken part in the conversation (spoken or pressed a button there).
    pub async fn is_member(
        &self,
        platform: &str,
        external_id: &str,
        user: UserId,
    ) -> Result<bool, StoreError> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT m.user_id FROM conversation_members m \
             JOIN conversations c ON c.id = m.conversation_id \
             WHERE c.platform = $1 AND c.external_id = $2 AND m.user_id = $3",
        )
        .bind(platform)
        .bind(external_id)
        .bind(user.0)
        .fetch_optional(&self.pool)
        .await
        .context("select member")?;
        Ok(found.is_some())
    }
}
