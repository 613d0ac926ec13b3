//! Users and their platform identities (a Discord or Telegram id maps to one stored user).

use sqlx::Row;

use super::error::QueryContext;
use super::{Store, StoreError, now};
use crate::domain::UserId;

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub created_at: i64,
}

fn user_from(row: &sqlx::any::AnyRow) -> Result<User, sqlx::Error> {
    Ok(User {
        id: UserId(row.try_get("id")?),
        username: row.try_get("username")?,
        created_at: row.try_get("created_at")?,
    })
}

impl Store {
    /// Creates a user; `UsernameTaken` when the name exists.
    #[tracing::instrument(skip(self))]
    pub async fn create_user(&self, username: &str) -> Result<User, StoreError> {
        let row = sqlx::query(
            "INSERT INTO users (username, created_at) VALUES ($1, $2) \
             ON CONFLICT (username) DO NOTHING RETURNING id, username, created_at",
        )
        .bind(username)
        .bind(now())
        .fetch_optional(&self.pool)
        .await
        .context("insert user")?;
        match row {
            Some(row) => user_from(&row).context("read user"),
            None => Err(StoreError::UsernameTaken),
        }
    }

    pub async fn user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        self.cache.user(id.0, self.load_user(id)).await
    }

    async fn load_user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        let row = sqlx::query("SELECT id, username, created_at FROM users WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await
            .context("select user")?;
        row.map(|r| user_from(&r)).transpose().context("read user")
    }

    pub async fn user_by_name(&self, username: &str) -> Result<Option<User>, StoreError> {
        let row = sqlx::query("SELECT id, username, created_at FROM users WHERE username = $1")
            .bind(username)
            .fetch_optional(&self.pool)
            .await
            .context("select user by name")?;
        row.map(|r| user_from(&r)).transpose().context("read user")
    }

    /// Gets the user behind a platform identity, creating both on first contact. Safe under
    /// concurrent first contacts: the loser of the race reads the winner's row.
    #[tracing::instrument(skip(self, display_name))]
    pub async fn user_for_identity(
        &self,
        platform: &str,
        platform_user_id: &str,
        display_name: &str,
    ) -> Result<User, StoreError> {
        if let Some(user) = self.identity_user(platform, platform_user_id).await? {
            return Ok(user);
        }
        let username = format!("{platform}:{platform_user_id}");
        let user = match self.create_user(&username).await {
            Ok(u) => u,
            Err(StoreError::UsernameTaken) => self
                .user_by_name(&username)
                .await?
                .ok_or(StoreError::UnknownUser)?,
            Err(e) => return Err(e),
        };
        sqlx::query(
            "INSERT INTO platform_identities \
             (platform, platform_user_id, user_id, display_name, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (platform, platform_user_id) DO NOTHING",
        )
        .bind(platform)
        .bind(platform_user_id)
        .bind(user.id.0)
        .bind(display_name)
        .bind(now())
        .execute(&self.pool)
        .await
        .context("insert identity")?;
        // Re-read: another task may have linked the identity first.
        self.identity_user(platform, platform_user_id)
            .await?
            .ok_or(StoreError::UnknownUser)
    }

    /// The name a platform showed for this user when they first wrote (the latest identity's),
    /// or `None` for users without one (REST-created users, empty names).
    pub async fn display_name(&self, user: UserId) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar(
            "SELECT display_name FROM platform_identities \
             WHERE user_id = $1 AND display_name <> '' ORDER BY created_at DESC LIMIT 1",
        )
        .bind(user.0)
        .fetch_optional(&self.pool)
        .await
        .context("select display name")
    }

    /// The user behind a platform identity, without creating one.
    pub async fn identity_user(
        &self,
        platform: &str,
        platform_user_id: &str,
    ) -> Result<Option<User>, StoreError> {
        let row = sqlx::query(
            "SELECT u.id, u.username, u.created_at FROM platform_identities p \
             JOIN users u ON u.id = p.user_id WHERE p.platform = $1 AND p.platform_user_id = $2",
        )
        .bind(platform)
        .bind(platform_user_id)
        .fetch_optional(&self.pool)
        .await
        .context("select identity")?;
        row.map(|r| user_from(&r)).transpose().context("read user")
    }

    /// Forgets a user and everything that hangs off them (ratings, watchlist, identities...).
    #[tracing::instrument(skip(self))]
    pub async fn delete_user(&self, id: UserId) -> Result<(), StoreError> {
        let done = sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(id.0)
            .execute(&self.pool)
            .await
            .context("delete user")?;
        self.cache.forget(id.0);
        if done.rows_affected() == 0 {
            return Err(StoreError::UnknownUser);
        }
        Ok(())
    }

    pub async fn count_users(&self) -> Result<i64, StoreError> {
        sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
            .await
            .context("count users")
    }
}
