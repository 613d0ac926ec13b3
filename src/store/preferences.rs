//! Per-user preferences: favourite genres and people (cold start), region and language.

use sqlx::Row;

use super::error::QueryContext;
use super::{Store, StoreError, json_list, now, parse_list};
use crate::domain::UserId;

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Preferences {
    pub favourite_genres: Vec<String>,
    pub favourite_people: Vec<String>,
    pub region: Option<String>,
    pub language: Option<String>,
}

fn preferences_from(r: &sqlx::any::AnyRow) -> Result<Preferences, sqlx::Error> {
    Ok(Preferences {
        favourite_genres: parse_list(&r.try_get::<String, _>("favourite_genres")?),
        favourite_people: parse_list(&r.try_get::<String, _>("favourite_people")?),
        region: r.try_get("region")?,
        language: r.try_get("language")?,
    })
}

impl Store {
    /// A user's preferences (empty when never set).
    pub async fn preferences(&self, user: UserId) -> Result<Preferences, StoreError> {
        Ok(self.preferences_shared(user).await?.as_ref().clone())
    }

    /// A user's preferences, shared with the in-process cache (no copy).
    pub async fn preferences_shared(
        &self,
        user: UserId,
    ) -> Result<std::sync::Arc<Preferences>, StoreError> {
        self.cache
            .preferences(user.0, self.load_preferences(user))
            .await
    }

    async fn load_preferences(&self, user: UserId) -> Result<Preferences, StoreError> {
        let row = sqlx::query(
            "SELECT favourite_genres, favourite_people, region, language \
             FROM user_preferences WHERE user_id = $1",
        )
        .bind(user.0)
        .fetch_optional(&self.pool)
        .await
        .context("select preferences")?;
        let Some(r) = row else {
            return Ok(Preferences::default());
        };
        preferences_from(&r).context("read preferences")
    }

    /// Replaces a user's preferences.
    pub async fn set_preferences(&self, user: UserId, p: &Preferences) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO user_preferences \
             (user_id, favourite_genres, favourite_people, region, language, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id) DO UPDATE SET \
             favourite_genres = excluded.favourite_genres, \
             favourite_people = excluded.favourite_people, region = excluded.region, \
             language = excluded.language, updated_at = excluded.updated_at",
        )
        .bind(user.0)
        .bind(json_list(&p.favourite_genres))
        .bind(json_list(&p.favourite_people))
        .bind(p.region.clone())
        .bind(p.language.clone())
        .bind(now())
        .execute(&self.pool)
        .await
        .context("upsert preferences")?;
        self.cache.forget(user.0);
        Ok(())
    }
}
