//! Small key/value facts about the database itself (e.g. which catalog version is loaded).

use super::error::QueryContext;
use super::{Store, StoreError};

impl Store {
    pub async fn meta_get(&self, key: &str) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar("SELECT value FROM app_meta WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .context("read meta")
    }

    pub async fn meta_set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO app_meta (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await
        .context("write meta")?;
        Ok(())
    }

    /// Stores `value` under `key` unless the key has one already; returns the value stored
    /// (the first writer wins, also between processes sharing the database).
    pub async fn meta_get_or_insert(&self, key: &str, value: &str) -> Result<String, StoreError> {
        sqlx::query(
            "INSERT INTO app_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
        )
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await
        .context("write meta")?;
        Ok(self
            .meta_get(key)
            .await?
            .unwrap_or_else(|| value.to_string()))
    }

    /// Whether any user exists (cheap, unlike counting).
    pub async fn has_users(&self) -> Result<bool, StoreError> {
        let one: Option<i64> = sqlx::query_scalar("SELECT id FROM users LIMIT 1")
            .fetch_optional(&self.pool)
            .await
            .context("look for users")?;
        Ok(one.is_some())
    }
}
