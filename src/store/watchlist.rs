//! The watchlist: films a user wants to see, newest first.

use sqlx::Row;

use super::error::QueryContext;
use super::{Store, StoreError, now};
use crate::domain::{MovieId, UserId};

impl Store {
    /// Adds a film; returns false when it was already there.
    pub async fn watchlist_add(&self, user: UserId, movie: MovieId) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO watchlist (user_id, movie_id, added_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, movie_id) DO NOTHING",
        )
        .bind(user.0)
        .bind(movie.0)
        .bind(now())
        .execute(&self.pool)
        .await
        .context("insert watchlist")?;
        Ok(done.rows_affected() > 0)
    }

    /// Removes a film; returns whether it was there.
    pub async fn watchlist_remove(&self, user: UserId, movie: MovieId) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM watchlist WHERE user_id = $1 AND movie_id = $2")
            .bind(user.0)
            .bind(movie.0)
            .execute(&self.pool)
            .await
            .context("delete watchlist")?;
        Ok(done.rows_affected() > 0)
    }

    /// The films on a user's watchlist, newest first.
    pub async fn watchlist(&self, user: UserId) -> Result<Vec<MovieId>, StoreError> {
        let rows = sqlx::query(
            "SELECT movie_id FROM watchlist WHERE user_id = $1 ORDER BY added_at DESC, movie_id",
        )
        .bind(user.0)
        .fetch_all(&self.pool)
        .await
        .context("select watchlist")?;
        rows.iter()
            .map(|r| Ok(MovieId(r.try_get("movie_id")?)))
            .collect::<Result<_, sqlx::Error>>()
            .context("read watchlist")
    }
}
