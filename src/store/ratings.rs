//! Ratings: one per user and film, upserted, 0.5–5.0 in half steps — `Stars` in and out;
//! the column holds the number.

use moviebot_protocol::Stars;
use sqlx::Row;

use super::error::QueryContext;
use super::{Store, StoreError, now};
use crate::domain::{MovieId, UserId};

/// A rating as the recommender reads it: (user, movie, stars, last change).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RatingRow {
    pub user: UserId,
    pub movie: MovieId,
    pub rating: Stars,
    pub updated_at: i64,
}

/// A user's rating with the film's TMDb id, for replies and profiles.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoredRating {
    pub movie: MovieId,
    pub tmdb_id: Option<i64>,
    pub title: String,
    pub rating: Stars,
    pub updated_at: i64,
}

#[cfg(test)]
impl StoredRating {
    /// A rating of film `movie` (titled "film N", no TMDb id) for unit tests.
    pub fn for_test(movie: i64, rating: f64) -> Self {
        let rating = Stars::exact(rating).expect("a test rating is half stars");
        Self {
            movie: MovieId(movie),
            tmdb_id: None,
            title: format!("film {movie}"),
            rating,
            updated_at: 0,
        }
    }
}

/// A stored rating as stars: the schema only admits 0.5–5, so anything else is a decoding
/// error, not a value to pass on.
fn stars(value: f64) -> Result<Stars, sqlx::Error> {
    Stars::exact(value).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// Rows per multi-row INSERT: 4 binds each stays far below SQLite's variable limit.
const BATCH: usize = 500;

impl Store {
    /// Stores or replaces a rating. Unknown user or film is an error, and nothing is written.
    #[tracing::instrument(skip(self))]
    pub async fn upsert_rating(
        &self,
        user: UserId,
        movie: MovieId,
        rating: Stars,
    ) -> Result<(), StoreError> {
        let t = now();
        let result = sqlx::query(
            "INSERT INTO ratings (user_id, movie_id, rating, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) ON CONFLICT (user_id, movie_id) \
             DO UPDATE SET rating = excluded.rating, updated_at = excluded.updated_at",
        )
        .bind(user.0)
        .bind(movie.0)
        .bind(f64::from(rating.get()))
        .bind(t)
        .execute(&self.pool)
        .await;
        self.cache.forget(user.0);
        match result {
            Ok(_) => Ok(()),
            Err(e) if is_foreign_key_violation(&e) => {
                if self.user(user).await?.is_none() {
                    Err(StoreError::UnknownUser)
                } else {
                    Err(StoreError::UnknownMovie)
                }
            }
            Err(source) => Err(StoreError::Database {
                context: "upsert rating".into(),
                source,
            }),
        }
    }

    /// Upserts many ratings in batched statements inside one transaction (the importer).
    pub async fn upsert_ratings_bulk(&self, rows: &[RatingRow]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.context("begin")?;
        for chunk in rows.chunks(BATCH) {
            let mut sql = String::from(
                "INSERT INTO ratings (user_id, movie_id, rating, created_at, updated_at) VALUES ",
            );
            for i in 0..chunk.len() {
                let b = i * 4;
                if i > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!(
                    "(${}, ${}, ${}, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 4
                ));
            }
            sql.push_str(
                " ON CONFLICT (user_id, movie_id) DO UPDATE SET rating = excluded.rating, \
                 updated_at = excluded.updated_at",
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for r in chunk {
                q = q
                    .bind(r.user.0)
                    .bind(r.movie.0)
                    .bind(f64::from(r.rating.get()))
                    .bind(r.updated_at);
            }
            q.execute(&mut *tx).await.context("insert ratings")?;
        }
        tx.commit().await.context("commit ratings")?;
        self.cache.forget_all();
        Ok(())
    }

    /// Removes a rating; returns whether there was one.
    pub async fn delete_rating(&self, user: UserId, movie: MovieId) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM ratings WHERE user_id = $1 AND movie_id = $2")
            .bind(user.0)
            .bind(movie.0)
            .execute(&self.pool)
            .await
            .context("delete rating")?;
        self.cache.forget(user.0);
        Ok(done.rows_affected() > 0)
    }

    /// A user's ratings, newest first.
    pub async fn ratings_of(&self, user: UserId) -> Result<Vec<StoredRating>, StoreError> {
        Ok(self.ratings_shared(user).await?.as_ref().clone())
    }

    /// A user's ratings, newest first, shared with the in-process cache (no copy).
    pub async fn ratings_shared(
        &self,
        user: UserId,
    ) -> Result<std::sync::Arc<Vec<StoredRating>>, StoreError> {
        self.cache.ratings(user.0, self.load_ratings(user)).await
    }

    async fn load_ratings(&self, user: UserId) -> Result<Vec<StoredRating>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.movie_id, m.tmdb_id, m.title, r.rating, r.updated_at FROM ratings r \
             JOIN movies m ON m.id = r.movie_id WHERE r.user_id = $1 \
             ORDER BY r.updated_at DESC, r.movie_id",
        )
        .bind(user.0)
        .fetch_all(&self.pool)
        .await
        .context("select ratings")?;
        rows.iter()
            .map(|r| {
                Ok(StoredRating {
                    movie: MovieId(r.try_get("movie_id")?),
                    tmdb_id: r.try_get("tmdb_id")?,
                    title: r.try_get("title")?,
                    rating: stars(r.try_get("rating")?)?,
                    updated_at: r.try_get("updated_at")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .context("read ratings")
    }

    /// Every rating, for fitting the recommender.
    pub async fn all_ratings(&self) -> Result<Vec<RatingRow>, StoreError> {
        let rows = sqlx::query("SELECT user_id, movie_id, rating, updated_at FROM ratings")
            .fetch_all(&self.pool)
            .await
            .context("select all ratings")?;
        rows.iter()
            .map(|r| {
                Ok(RatingRow {
                    user: UserId(r.try_get("user_id")?),
                    movie: MovieId(r.try_get("movie_id")?),
                    rating: stars(r.try_get("rating")?)?,
                    updated_at: r.try_get("updated_at")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .context("read ratings")
    }

    pub async fn count_ratings(&self) -> Result<i64, StoreError> {
        sqlx::query_scalar("SELECT COUNT(*) FROM ratings")
            .fetch_one(&self.pool)
            .await
            .context("count ratings")
    }
}

fn is_foreign_key_violation(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            db.is_foreign_key_violation() || db.message().contains("FOREIGN KEY constraint failed")
        }
        _ => false,
    }
}
