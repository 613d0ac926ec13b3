//! The `movies` table: one row per film, whichever source first named it (embedded catalog,
//! MovieLens, Wikipedia, TMDb), keyed by an internal id with unique TMDb and MovieLens ids.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::error::QueryContext;
use super::{Store, StoreError, json_list, now, parse_list};
use crate::domain::MovieId;

/// Where a film's descriptive fields came from. TMDb data is the freshest and is never
/// overwritten by the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MovieSource {
    Catalog,
    MovieLens,
    Wikipedia,
    Tmdb,
}

impl MovieSource {
    pub fn as_str(self) -> &'static str {
        match self {
            MovieSource::Catalog => "catalog",
            MovieSource::MovieLens => "movielens",
            MovieSource::Wikipedia => "wikipedia",
            MovieSource::Tmdb => "tmdb",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "catalog" => MovieSource::Catalog,
            "movielens" => MovieSource::MovieLens,
            "wikipedia" => MovieSource::Wikipedia,
            _ => MovieSource::Tmdb,
        }
    }
}

/// A film's descriptive fields, as written by an importer or the TMDb client.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct NewMovie {
    pub tmdb_id: Option<i64>,
    pub movielens_id: Option<i64>,
    pub imdb_id: Option<String>,
    pub title: String,
    pub original_title: Option<String>,
    pub year: Option<i32>,
    pub release_date: Option<String>,
    pub genres: Vec<String>,
    pub overview: String,
    /// Attribution for the overview when it is not ours (e.g. a Wikipedia article link).
    pub overview_source: Option<String>,
    pub keywords: Vec<String>,
    pub cast: Vec<String>,
    pub director: Option<String>,
    pub runtime: Option<i32>,
    pub poster_path: Option<String>,
    pub vote_average: Option<f64>,
    pub vote_count: Option<i64>,
    pub popularity: Option<f64>,
    pub adult: bool,
    /// ISO 639-1 code of the original language, as TMDb's `original_language` ("ja").
    pub original_language: Option<String>,
    /// US MPA certification ("PG-13"), or "NR" when known to be unrated.
    pub certification: Option<String>,
    /// The TMDb collection (franchise) the film belongs to, by name ("Alien Collection").
    pub collection: Option<String>,
}

/// A stored film.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MovieRecord {
    pub id: MovieId,
    pub source: MovieSource,
    pub cached_at: i64,
    #[serde(flatten)]
    pub movie: NewMovie,
}

const COLUMNS: &str = "id, tmdb_id, movielens_id, imdb_id, title, original_title, year, \
    release_date, genres, overview, overview_source, keywords, top_cast, director, runtime, \
    poster_path, vote_average, vote_count, popularity, \
    CASE WHEN adult THEN 1 ELSE 0 END AS adult, source, cached_at, original_language, \
    certification, collection";

fn record_from(r: &AnyRow) -> Result<MovieRecord, sqlx::Error> {
    let opt_i32 = |name: &str| -> Result<Option<i32>, sqlx::Error> {
        Ok(r.try_get::<Option<i64>, _>(name)?.map(|v| v as i32))
    };
    Ok(MovieRecord {
        id: MovieId(r.try_get("id")?),
        source: MovieSource::parse(&r.try_get::<String, _>("source")?),
        cached_at: r.try_get("cached_at")?,
        movie: NewMovie {
            tmdb_id: r.try_get("tmdb_id")?,
            movielens_id: r.try_get("movielens_id")?,
            imdb_id: r.try_get("imdb_id")?,
            title: r.try_get("title")?,
            original_title: r.try_get("original_title")?,
            year: opt_i32("year")?,
            release_date: r.try_get("release_date")?,
            genres: parse_list(&r.try_get::<String, _>("genres")?),
            overview: r.try_get("overview")?,
            overview_source: r.try_get("overview_source")?,
            keywords: parse_list(&r.try_get::<String, _>("keywords")?),
            cast: parse_list(&r.try_get::<String, _>("top_cast")?),
            director: r.try_get("director")?,
            runtime: opt_i32("runtime")?,
            poster_path: r.try_get("poster_path")?,
            vote_average: r.try_get("vote_average")?,
            vote_count: r.try_get("vote_count")?,
            popularity: r.try_get("popularity")?,
            adult: r.try_get::<i64, _>("adult")? != 0,
            original_language: r.try_get("original_language")?,
            certification: r.try_get("certification")?,
            collection: r.try_get("collection")?,
        },
    })
}

/// The column list and `$1..$24` placeholders shared by insert and upsert.
const INSERT_COLUMNS: &str = "tmdb_id, movielens_id, imdb_id, title, original_title, year, \
    release_date, genres, overview, overview_source, keywords, top_cast, director, runtime, \
    poster_path, vote_average, vote_count, popularity, adult, source, cached_at, \
    original_language, certification, collection";
const INSERT_VALUES: &str = "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24";
/// Descriptive columns a fresher source may replace (ids are never replaced).
const DESCRIPTIVE: &[(&str, &str)] = &[
    ("imdb_id", "COALESCE(excluded.imdb_id, movies.imdb_id)"),
    ("title", "excluded.title"),
    (
        "original_title",
        "COALESCE(excluded.original_title, movies.original_title)",
    ),
    ("year", "COALESCE(excluded.year, movies.year)"),
    (
        "release_date",
        "COALESCE(excluded.release_date, movies.release_date)",
    ),
    ("genres", "excluded.genres"),
    ("overview", "excluded.overview"),
    ("overview_source", "excluded.overview_source"),
    ("keywords", "excluded.keywords"),
    ("top_cast", "excluded.top_cast"),
    ("director", "COALESCE(excluded.director, movies.director)"),
    ("runtime", "COALESCE(excluded.runtime, movies.runtime)"),
    (
        "poster_path",
        "COALESCE(excluded.poster_path, movies.poster_path)",
    ),
    (
        "vote_average",
        "COALESCE(excluded.vote_average, movies.vote_average)",
    ),
    (
        "vote_count",
        "COALESCE(excluded.vote_count, movies.vote_count)",
    ),
    (
        "popularity",
        "COALESCE(excluded.popularity, movies.popularity)",
    ),
    ("adult", "excluded.adult"),
    (
        "original_language",
        "COALESCE(excluded.original_language, movies.original_language)",
    ),
    (
        "certification",
        "COALESCE(excluded.certification, movies.certification)",
    ),
    (
        "collection",
        "COALESCE(excluded.collection, movies.collection)",
    ),
    ("source", "excluded.source"),
    ("cached_at", "excluded.cached_at"),
];

fn bind_movie<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    m: &NewMovie,
    source: MovieSource,
    cached_at: i64,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    q.bind(m.tmdb_id)
        .bind(m.movielens_id)
        .bind(m.imdb_id.clone())
        .bind(m.title.clone())
        .bind(m.original_title.clone())
        .bind(m.year.map(i64::from))
        .bind(m.release_date.clone())
        .bind(json_list(&m.genres))
        .bind(m.overview.clone())
        .bind(m.overview_source.clone())
        .bind(json_list(&m.keywords))
        .bind(json_list(&m.cast))
        .bind(m.director.clone())
        .bind(m.runtime.map(i64::from))
        .bind(m.poster_path.clone())
        .bind(m.vote_average)
        .bind(m.vote_count)
        .bind(m.popularity)
        .bind(m.adult)
        .bind(source.as_str())
        .bind(cached_at)
        .bind(m.original_language.clone())
        .bind(m.certification.clone())
        .bind(m.collection.clone())
}

impl Store {
    pub async fn movie(&self, id: MovieId) -> Result<Option<MovieRecord>, StoreError> {
        self.movie_where("id = $1", id.0).await
    }

    pub async fn movie_by_tmdb(&self, tmdb_id: i64) -> Result<Option<MovieRecord>, StoreError> {
        self.movie_where("tmdb_id = $1", tmdb_id).await
    }

    async fn movie_where(
        &self,
        clause: &str,
        value: i64,
    ) -> Result<Option<MovieRecord>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM movies WHERE {clause}");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(value)
            .fetch_optional(&self.pool)
            .await
            .context("select movie")?;
        row.map(|r| record_from(&r))
            .transpose()
            .context("read movie")
    }

    /// Every film (the recommender's universe and the title index).
    pub async fn all_movies(&self) -> Result<Vec<MovieRecord>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM movies ORDER BY id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await
            .context("select movies")?;
        rows.iter()
            .map(record_from)
            .collect::<Result<_, _>>()
            .context("read movies")
    }

    /// Inserts a film and returns its id.
    pub async fn insert_movie(
        &self,
        m: &NewMovie,
        source: MovieSource,
    ) -> Result<MovieId, StoreError> {
        let sql =
            format!("INSERT INTO movies ({INSERT_COLUMNS}) VALUES ({INSERT_VALUES}) RETURNING id");
        let id: i64 = bind_movie(sqlx::query(sqlx::AssertSqlSafe(sql)), m, source, now())
            .fetch_one(&self.pool)
            .await
            .with_context(|| format!("insert movie {:?}", m.title))?
            .try_get("id")
            .context("read inserted movie id")?;
        Ok(MovieId(id))
    }

    /// Inserts or refreshes a film keyed by its TMDb id. A row whose data came from TMDb is
    /// only replaced by TMDb data, so the catalog never overwrites fresher facts.
    pub async fn upsert_movie_by_tmdb(
        &self,
        m: &NewMovie,
        source: MovieSource,
    ) -> Result<MovieId, StoreError> {
        if m.tmdb_id.is_none() {
            return Err(StoreError::Invalid("upsert by TMDb id needs a TMDb id"));
        }
        let set = DESCRIPTIVE
            .iter()
            .map(|(c, e)| format!("{c} = {e}"))
            .collect::<Vec<_>>()
            .join(", ");
        let guard = if source == MovieSource::Tmdb {
            String::new()
        } else {
            " WHERE movies.source <> 'tmdb'".to_string()
        };
        let sql = format!(
            "INSERT INTO movies ({INSERT_COLUMNS}) VALUES ({INSERT_VALUES}) \
             ON CONFLICT (tmdb_id) DO UPDATE SET {set}{guard}"
        );
        bind_movie(sqlx::query(sqlx::AssertSqlSafe(sql)), m, source, now())
            .execute(&self.pool)
            .await
            .with_context(|| format!("upsert movie {:?}", m.title))?;
        let id: i64 = sqlx::query_scalar("SELECT id FROM movies WHERE tmdb_id = $1")
            .bind(m.tmdb_id)
            .fetch_one(&self.pool)
            .await
            .context("read upserted movie id")?;
        Ok(MovieId(id))
    }

    /// Stored films by TMDb id, in the order asked (unknown ids are skipped).
    pub async fn movies_by_tmdb(&self, tmdb_ids: &[i64]) -> Result<Vec<MovieRecord>, StoreError> {
        if tmdb_ids.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (1..=tmdb_ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT {COLUMNS} FROM movies WHERE tmdb_id IN ({})",
            marks.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in tmdb_ids {
            q = q.bind(*id);
        }
        let rows = q.fetch_all(&self.pool).await.context("select movies")?;
        let mut found: std::collections::HashMap<i64, MovieRecord> = rows
            .iter()
            .map(record_from)
            .collect::<Result<Vec<_>, _>>()
            .context("read movies")?
            .into_iter()
            .filter_map(|m| Some((m.movie.tmdb_id?, m)))
            .collect();
        Ok(tmdb_ids.iter().filter_map(|id| found.remove(id)).collect())
    }

    /// Films named by a TMDb list (search, discover, trending, credits, recommendations): a
    /// new film is stored from the list's fields; a known one only gains the poster it lacked,
    /// so list fields never overwrite details. Writes (one transaction) only when something
    /// changes: a list read again costs one query. Returns the stored rows in the list's order.
    pub async fn upsert_listed(&self, films: &[NewMovie]) -> Result<Vec<MovieRecord>, StoreError> {
        let ids: Vec<i64> = films.iter().filter_map(|m| m.tmdb_id).collect();
        let known = self.movies_by_tmdb(&ids).await?;
        let changes: Vec<&NewMovie> = films
            .iter()
            .filter(|m| {
                let stored = known.iter().find(|k| k.movie.tmdb_id == m.tmdb_id);
                stored.is_none_or(|k| k.movie.poster_path.is_none() && m.poster_path.is_some())
            })
            .filter(|m| m.tmdb_id.is_some())
            .collect();
        if changes.is_empty() {
            return Ok(known);
        }
        let sql = format!(
            "INSERT INTO movies ({INSERT_COLUMNS}) VALUES ({INSERT_VALUES}) \
             ON CONFLICT (tmdb_id) DO UPDATE SET \
             poster_path = COALESCE(movies.poster_path, excluded.poster_path)"
        );
        let mut tx = self.pool.begin().await.context("begin")?;
        let t = now();
        for m in changes {
            bind_movie(
                sqlx::query(sqlx::AssertSqlSafe(sql.clone())),
                m,
                MovieSource::Tmdb,
                t,
            )
            .execute(&mut *tx)
            .await
            .with_context(|| format!("store listed movie {:?}", m.title))?;
        }
        tx.commit().await.context("commit listed movies")?;
        self.movies_by_tmdb(&ids).await
    }

    /// Overwrites a film's descriptive fields (importers merging their data).
    pub async fn update_movie(
        &self,
        id: MovieId,
        m: &NewMovie,
        source: MovieSource,
    ) -> Result<(), StoreError> {
        let sql = "UPDATE movies SET imdb_id = $1, title = $2, original_title = $3, year = $4, \
            release_date = $5, genres = $6, overview = $7, overview_source = $8, keywords = $9, \
            top_cast = $10, director = $11, runtime = $12, vote_average = $13, vote_count = $14, \
            popularity = $15, source = $16, movielens_id = COALESCE(movielens_id, $17), \
            tmdb_id = COALESCE(tmdb_id, $18) WHERE id = $19";
        sqlx::query(sql)
            .bind(m.imdb_id.clone())
            .bind(m.title.clone())
            .bind(m.original_title.clone())
            .bind(m.year.map(i64::from))
            .bind(m.release_date.clone())
            .bind(json_list(&m.genres))
            .bind(m.overview.clone())
            .bind(m.overview_source.clone())
            .bind(json_list(&m.keywords))
            .bind(json_list(&m.cast))
            .bind(m.director.clone())
            .bind(m.runtime.map(i64::from))
            .bind(m.vote_average)
            .bind(m.vote_count)
            .bind(m.popularity)
            .bind(source.as_str())
            .bind(m.movielens_id)
            .bind(m.tmdb_id)
            .bind(id.0)
            .execute(&self.pool)
            .await
            .with_context(|| format!("update movie {}", id.0))?;
        Ok(())
    }

    /// Case-insensitive title search (substring), most-voted first.
    pub async fn search_movies(
        &self,
        query: &str,
        limit: i64,
    ) -> Result<Vec<MovieRecord>, StoreError> {
        let pattern = format!("%{}%", query.to_lowercase().replace(['%', '_'], ""));
        let sql = format!(
            "SELECT {COLUMNS} FROM movies WHERE LOWER(title) LIKE $1 \
             ORDER BY COALESCE(vote_count, 0) DESC, id LIMIT $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(pattern)
            .bind(limit)
            .fetch_all(&self.pool)
            .await
            .context("search movies")?;
        rows.iter()
            .map(record_from)
            .collect::<Result<_, _>>()
            .context("read movies")
    }

    /// Film counts per source, for `catalog stats`.
    pub async fn movie_counts(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let rows =
            sqlx::query("SELECT source, COUNT(*) AS n FROM movies GROUP BY source ORDER BY source")
                .fetch_all(&self.pool)
                .await
                .context("count movies")?;
        rows.iter()
            .map(|r| Ok((r.try_get("source")?, r.try_get("n")?)))
            .collect::<Result<_, sqlx::Error>>()
            .context("read counts")
    }
}
