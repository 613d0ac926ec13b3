//! Lasting exclusions: films a user never wants recommended again ("not that one", "never
//! show me Titanic") and the genres, people and keywords they want less of ("fewer films
//! like this"), one row each, until the user undoes them.

use sqlx::Row;

use super::error::QueryContext;
use super::{Store, StoreError, now};
use crate::domain::{MovieId, UserId};

/// What an exclusion is about.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ExclusionKind {
    /// Never recommend this film.
    Film,
    /// Down-weight films of this genre.
    Genre,
    /// Down-weight films with this person (cast or director).
    Person,
    /// Down-weight films with this keyword.
    Keyword,
}

impl ExclusionKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            ExclusionKind::Film => "film",
            ExclusionKind::Genre => "genre",
            ExclusionKind::Person => "person",
            ExclusionKind::Keyword => "keyword",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Film, Self::Genre, Self::Person, Self::Keyword]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// One stored exclusion, as a user's profile lists it and an export writes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Exclusion {
    pub id: i64,
    pub kind: ExclusionKind,
    /// The film's id for a film; the genre's, person's or keyword's name otherwise.
    pub value: String,
    /// The film (films only).
    #[serde(skip)]
    pub movie: Option<MovieId>,
    /// The film's TMDb id, when it has one (films only).
    pub tmdb_id: Option<i64>,
    /// What the user is shown: the film's title, the genre's name.
    pub label: String,
    /// Seconds since the Unix epoch.
    pub created_at: i64,
}

impl Exclusion {
    /// A down-weight rather than a film never to show.
    pub fn is_down_weight(&self) -> bool {
        self.kind != ExclusionKind::Film
    }
}

/// An exclusion to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewExclusion {
    Film { movie: MovieId, title: String },
    DownWeight { kind: ExclusionKind, name: String },
}

fn exclusion_from(r: &sqlx::any::AnyRow) -> Result<Exclusion, sqlx::Error> {
    let kind: String = r.try_get("kind")?;
    Ok(Exclusion {
        id: r.try_get("id")?,
        kind: ExclusionKind::parse(&kind)
            .ok_or_else(|| sqlx::Error::Decode(format!("exclusion kind {kind:?}").into()))?,
        value: r.try_get("value")?,
        movie: r.try_get::<Option<i64>, _>("movie_id")?.map(MovieId),
        tmdb_id: r.try_get("tmdb_id")?,
        label: r.try_get("label")?,
        created_at: r.try_get("created_at")?,
    })
}

const SELECT: &str = "SELECT e.id, e.kind, e.value, e.movie_id, m.tmdb_id, e.label, e.created_at \
     FROM user_exclusions e LEFT JOIN movies m ON m.id = e.movie_id";

impl Store {
    /// Stores an exclusion; returns it and whether it is new (false: it was already there).
    #[tracing::instrument(skip(self))]
    pub async fn add_exclusion(
        &self,
        user: UserId,
        new: &NewExclusion,
    ) -> Result<(Exclusion, bool), StoreError> {
        let (kind, value, movie, label) = match new {
            NewExclusion::Film { movie, title } => (
                ExclusionKind::Film,
                movie.0.to_string(),
                Some(movie.0),
                title.clone(),
            ),
            NewExclusion::DownWeight { kind, name } => (*kind, name.clone(), None, name.clone()),
        };
        let done = sqlx::query(
            "INSERT INTO user_exclusions (user_id, kind, value, movie_id, label, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, kind, value) DO NOTHING",
        )
        .bind(user.0)
        .bind(kind.as_str())
        .bind(&value)
        .bind(movie)
        .bind(&label)
        .bind(now())
        .execute(&self.pool)
        .await
        .context("insert exclusion")?;
        self.cache.forget(user.0);
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE e.user_id = $1 AND e.kind = $2 AND e.value = $3"
        )))
        .bind(user.0)
        .bind(kind.as_str())
        .bind(&value)
        .fetch_one(&self.pool)
        .await
        .context("select exclusion")?;
        Ok((
            exclusion_from(&row).context("read exclusion")?,
            done.rows_affected() > 0,
        ))
    }

    /// A user's exclusions, oldest first (what `/profile` lists and an export writes).
    pub async fn exclusions(&self, user: UserId) -> Result<Vec<Exclusion>, StoreError> {
        Ok(self.exclusions_shared(user).await?.as_ref().clone())
    }

    /// As [`Store::exclusions`], shared with the in-process cache (every recommendation
    /// reads them).
    pub async fn exclusions_shared(
        &self,
        user: UserId,
    ) -> Result<std::sync::Arc<Vec<Exclusion>>, StoreError> {
        self.cache
            .exclusions(user.0, self.load_exclusions(user))
            .await
    }

    async fn load_exclusions(&self, user: UserId) -> Result<Vec<Exclusion>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE e.user_id = $1 ORDER BY e.created_at, e.id"
        )))
        .bind(user.0)
        .fetch_all(&self.pool)
        .await
        .context("select exclusions")?;
        rows.iter()
            .map(exclusion_from)
            .collect::<Result<_, sqlx::Error>>()
            .context("read exclusions")
    }

    /// Removes one of the user's exclusions (another user's id removes nothing); returns it.
    #[tracing::instrument(skip(self))]
    pub async fn remove_exclusion(
        &self,
        user: UserId,
        id: i64,
    ) -> Result<Option<Exclusion>, StoreError> {
        let found = self
            .exclusions_shared(user)
            .await?
            .iter()
            .find(|e| e.id == id)
            .cloned();
        let done = sqlx::query("DELETE FROM user_exclusions WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user.0)
            .execute(&self.pool)
            .await
            .context("delete exclusion")?;
        self.cache.forget(user.0);
        Ok(found.filter(|_| done.rows_affected() > 0))
    }
}
