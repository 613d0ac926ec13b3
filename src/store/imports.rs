//! What an uploaded taste file writes: a user's ratings and watchlist entries in one
//! transaction (a rating changed since the file's date is never overwritten, even by a
//! race), and `import_staging`, the rows that named several films until the user picks one.

use moviebot_protocol::Stars;
use sqlx::Row;

use super::error::QueryContext;
use super::{Store, StoreError, now};
use crate::domain::{MovieId, UserId};

/// Rows per multi-row INSERT (3–4 binds each, far below SQLite's variable limit).
const BATCH: usize = 400;

/// A rating to store as of `at` (Unix seconds).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DatedRating {
    pub movie: MovieId,
    pub stars: Stars,
    pub at: i64,
}

/// A staged row's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct StagedRow {
    pub id: i64,
    pub user: UserId,
    pub title: String,
    pub year: Option<i32>,
    /// "rating", "watchlist" or "watched".
    pub kind: String,
    pub stars: Option<Stars>,
    pub date: Option<i64>,
    pub candidates: Vec<MovieId>,
    pub expires_at: i64,
}

impl Store {
    /// Stores ratings and watchlist entries for `user` in one transaction. A stored rating
    /// changed after a row's date keeps its value.
    #[tracing::instrument(skip_all, fields(user = user.0, ratings = ratings.len(), watchlist = watchlist.len()))]
    pub async fn import_taste(
        &self,
        user: UserId,
        ratings: &[DatedRating],
        watchlist: &[(MovieId, i64)],
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.context("begin import")?;
        for chunk in ratings.chunks(BATCH) {
            let mut sql = String::from(
                "INSERT INTO ratings (user_id, movie_id, rating, created_at, updated_at) VALUES ",
            );
            for i in 0..chunk.len() {
                let b = i * 3;
                if i > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!(
                    "($1, ${}, ${}, ${}, ${})",
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 4
                ));
            }
            sql.push_str(
                " ON CONFLICT (user_id, movie_id) DO UPDATE SET rating = excluded.rating, \
                 updated_at = excluded.updated_at WHERE ratings.updated_at <= excluded.updated_at",
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(user.0);
            for r in chunk {
                q = q.bind(r.movie.0).bind(f64::from(r.stars.get())).bind(r.at);
            }
            q.execute(&mut *tx).await.context("import ratings")?;
        }
        for chunk in watchlist.chunks(BATCH) {
            let mut sql =
                String::from("INSERT INTO watchlist (user_id, movie_id, added_at) VALUES ");
            for i in 0..chunk.len() {
                if i > 0 {
                    sql.push(',');
                }
                sql.push_str(&format!("($1, ${}, ${})", i * 2 + 2, i * 2 + 3));
            }
            sql.push_str(" ON CONFLICT (user_id, movie_id) DO NOTHING");
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(user.0);
            for (movie, at) in chunk {
                q = q.bind(movie.0).bind(*at);
            }
            q.execute(&mut *tx).await.context("import watchlist")?;
        }
        let done = tx.commit().await.context("commit import");
        self.cache.forget(user.0);
        done
    }

    /// Replaces `user`'s staged rows with `rows` (an import's ambiguous rows; ids are
    /// ignored) kept for `ttl_secs`, and drops everyone's expired ones. Returns the new ids in
    /// order.
    pub async fn stage_import(
        &self,
        user: UserId,
        rows: &[StagedRow],
        ttl_secs: i64,
    ) -> Result<Vec<i64>, StoreError> {
        let t = now();
        let mut tx = self.pool.begin().await.context("begin staging")?;
        sqlx::query("DELETE FROM import_staging WHERE user_id = $1 OR expires_at < $2")
            .bind(user.0)
            .bind(t)
            .execute(&mut *tx)
            .await
            .context("clear staging")?;
        let mut ids = Vec::with_capacity(rows.len());
        for r in rows {
            let candidates: Vec<i64> = r.candidates.iter().map(|m| m.0).collect();
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO import_staging (user_id, title, year, kind, rating, row_date, \
                 candidates, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 RETURNING id",
            )
            .bind(user.0)
            .bind(r.title.clone())
            .bind(r.year.map(i64::from))
            .bind(r.kind.clone())
            .bind(r.stars.map(|s| f64::from(s.get())))
            .bind(r.date)
            .bind(serde_json::to_string(&candidates).unwrap_or_else(|_| "[]".into()))
            .bind(t)
            .bind(t + ttl_secs)
            .fetch_one(&mut *tx)
            .await
            .context("stage row")?;
            ids.push(id);
        }
        tx.commit().await.context("commit staging")?;
        Ok(ids)
    }

    /// A staged row that has not expired.
    pub async fn staged(&self, id: i64) -> Result<Option<StagedRow>, StoreError> {
        let row = sqlx::query(
            "SELECT id, user_id, title, year, kind, rating, row_date, candidates, expires_at \
             FROM import_staging WHERE id = $1 AND expires_at >= $2",
        )
        .bind(id)
        .bind(now())
        .fetch_optional(&self.pool)
        .await
        .context("select staged row")?;
        let Some(r) = row else {
            return Ok(None);
        };
        let read = || -> Result<StagedRow, sqlx::Error> {
            let candidates: Vec<i64> =
                serde_json::from_str(&r.try_get::<String, _>("candidates")?).unwrap_or_default();
            Ok(StagedRow {
                id: r.try_get("id")?,
                user: UserId(r.try_get("user_id")?),
                title: r.try_get("title")?,
                year: r.try_get::<Option<i64>, _>("year")?.map(|y| y as i32),
                kind: r.try_get("kind")?,
                stars: r
                    .try_get::<Option<f64>, _>("rating")?
                    .and_then(|v| Stars::new(v as f32)),
                date: r.try_get("row_date")?,
                candidates: candidates.into_iter().map(MovieId).collect(),
                expires_at: r.try_get("expires_at")?,
            })
        };
        read().map(Some).context("read staged row")
    }

    /// Deletes a staged row; `false` when it was gone already (a second press).
    pub async fn unstage(&self, id: i64) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM import_staging WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await
            .context("delete staged row")?;
        Ok(done.rows_affected() > 0)
    }
}
