//! Everything stored about one user, read for `moviebot export` and `GET
//! /api/user/{id}/export`: ratings and watchlist with each film's ids, title and
//! year, and the conversations they took part in. (Identities: `links.rs`; preferences:
//! `preferences.rs`.)

use moviebot_protocol::Stars;
use sqlx::Row;

use super::error::QueryContext;
use super::{Store, StoreError};
use crate::domain::{MovieId, UserId};

/// A film as an export names it.
#[derive(Debug, Clone, PartialEq)]
pub struct FilmRef {
    pub id: MovieId,
    pub title: String,
    pub year: Option<i32>,
    pub imdb_id: Option<String>,
    pub tmdb_id: Option<i64>,
}

/// A conversation the user was seen in.
#[derive(Debug, Clone, PartialEq)]
pub struct MembershipRow {
    pub platform: String,
    pub external_id: String,
    pub kind: String,
    pub last_seen_at: i64,
}

fn film_from(r: &sqlx::any::AnyRow) -> Result<FilmRef, sqlx::Error> {
    Ok(FilmRef {
        id: MovieId(r.try_get("movie_id")?),
        title: r.try_get("title")?,
        year: r.try_get::<Option<i64>, _>("year")?.map(|y| y as i32),
        imdb_id: r.try_get("imdb_id")?,
        tmdb_id: r.try_get("tmdb_id")?,
    })
}

impl Store {
    /// The user's ratings with their films, oldest first.
    pub async fn rated_films(
        &self,
        user: UserId,
    ) -> Result<Vec<(FilmRef, Stars, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.movie_id, m.title, m.year, m.imdb_id, m.tmdb_id, r.rating, r.updated_at \
             FROM ratings r JOIN movies m ON m.id = r.movie_id WHERE r.user_id = $1 \
             ORDER BY r.updated_at, r.movie_id",
        )
        .bind(user.0)
        .fetch_all(&self.pool)
        .await
        .context("select rated films")?;
        rows.iter()
            .map(|r| {
                let value: f64 = r.try_get("rating")?;
                let stars = Stars::exact(value).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
                Ok((film_from(r)?, stars, r.try_get("updated_at")?))
            })
            .collect::<Result<_, sqlx::Error>>()
            .context("read rated films")
    }

    /// The user's watchlist with its films and when each was added, oldest first.
    pub async fn watchlist_films(&self, user: UserId) -> Result<Vec<(FilmRef, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT w.movie_id, m.title, m.year, m.imdb_id, m.tmdb_id, w.added_at \
             FROM watchlist w JOIN movies m ON m.id = w.movie_id WHERE w.user_id = $1 \
             ORDER BY w.added_at, w.movie_id",
        )
        .bind(user.0)
        .fetch_all(&self.pool)
        .await
        .context("select watchlist films")?;
        rows.iter()
            .map(|r| Ok((film_from(r)?, r.try_get("added_at")?)))
            .collect::<Result<_, sqlx::Error>>()
            .context("read watchlist films")
    }

    pub async fn memberships_of(&self, user: UserId) -> Result<Vec<MembershipRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT c.platform, c.external_id, c.kind, m.last_seen_at \
             FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id \
             WHERE m.user_id = $1 ORDER BY c.platform, c.external_id",
        )
        .bind(user.0)
        .fetch_all(&self.pool)
        .await
        .context("select conversations")?;
        rows.iter()
            .map(|r| {
                Ok(MembershipRow {
                    platform: r.try_get("platform")?,
                    external_id: r.try_get("external_id")?,
                    kind: r.try_get("kind")?,
                    last_seen_at: r.try_get("last_seen_at")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .context("read conversations")
    }
}
