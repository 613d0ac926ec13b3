//! Films: `GET /api/search`, `/api/movie/{id}`, `/api/movie/{id}/providers`, `/api/genres`,
//! `/api/trending`. Answered from the in-memory library; providers and trending ask the live
//! source when one is plugged in.

use moviebot_protocol::PublicMovieId;
use std::sync::Arc;

use axum::extract::State;
use axum::routing::get;
use axum::{Json as JsonOut, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::chat::count_param;
use super::dto::{MovieOut, movies};
use super::error::{ApiError, ErrorBody, JUSTWATCH_ATTRIBUTION, PathId, Query};
use super::live::{ProviderList, TimeWindow};
use super::state::AppState;
use crate::catalog::genres::{TMDB_GENRES, canonical};
use crate::recommend::Filters;
use crate::store::MovieRecord;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/search", get(search))
        .route("/api/movie/{id}", get(movie))
        .route("/api/movie/{id}/providers", get(providers))
        .route("/api/genres", get(genres))
        .route("/api/trending", get(trending))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Part of a title (case-insensitive).
    pub query: Option<String>,
    /// Genre name (any case) or TMDb genre id.
    pub genre: Option<String>,
    /// Release year.
    #[param(value_type = Option<i32>, minimum = 1870, maximum = 2100)]
    pub year: Option<String>,
    /// How many films, 1–50 (default 20).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 50)]
    pub limit: Option<String>,
}

/// Films matching any combination of title words, genre and year (at least one).
#[utoipa::path(get, path = "/api/search", params(SearchParams),
    responses((status = 200, body = super::dto::MovieList), (status = 400, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    Query(q): Query<SearchParams>,
) -> Result<JsonOut<super::dto::MovieList>, ApiError> {
    let query = q
        .query
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase);
    let genre = match q.genre.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(g) => Some(
            canonical(g)
                .ok_or_else(|| ApiError::invalid("genre", format!("unknown genre {g:?}")))?,
        ),
        None => None,
    };
    let year = match q.year.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(y) => match y.parse::<i32>() {
            Ok(v) if (1870..=2100).contains(&v) => Some(v),
            _ => {
                return Err(ApiError::invalid(
                    "year",
                    format!("expected a year like 1999, got {y:?}"),
                ));
            }
        },
        None => None,
    };
    if query.is_none() && genre.is_none() && year.is_none() {
        return Err(ApiError::invalid(
            "query",
            "give at least one of query, genre or year",
        ));
    }
    let limit = count_param(q.limit.as_deref(), "limit", 20, 1..=50)?;
    let in_genre = |m: &MovieRecord| genre.is_none_or(|g| m.movie.genres.iter().any(|x| x == g));
    let found: Vec<Arc<MovieRecord>> = match &query {
        // Titles: the library first, TMDb when no local title matches exactly.
        Some(q) => state
            .core
            .films()
            .search(q, year, 50)
            .await
            .into_iter()
            .filter(|m| in_genre(m))
            .take(limit)
            .collect(),
        // Genre and year alone: the library's most voted.
        None => {
            let lib = state.core.library();
            let mut hits: Vec<Arc<MovieRecord>> = lib
                .records()
                .filter(|m| year.is_none_or(|y| m.movie.year == Some(y)))
                .filter(|m| in_genre(m))
                .cloned()
                .collect();
            hits.sort_by(|a, b| {
                b.movie
                    .vote_count
                    .unwrap_or(0)
                    .cmp(&a.movie.vote_count.unwrap_or(0))
                    .then(a.id.cmp(&b.id))
            });
            hits.truncate(limit);
            hits
        }
    };
    Ok(JsonOut(super::dto::MovieList {
        movies: movies(state.core.cards_of(found).await),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MovieDetails {
    #[serde(flatten)]
    pub movie: MovieOut,
    pub original_title: Option<String>,
    pub release_date: Option<String>,
    pub runtime: Option<i32>,
    pub director: Option<String>,
    pub cast: Vec<String>,
    pub keywords: Vec<String>,
    pub vote_count: Option<i64>,
    pub popularity: Option<f64>,
    pub imdb_id: Option<String>,
    pub tmdb_id: Option<i64>,
}

/// One film by public id.
#[utoipa::path(get, path = "/api/movie/{id}",
    params(("id" = i64, Path, minimum = 1, description = "public film id (TMDb id)")),
    responses((status = 200, body = MovieDetails), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn movie(
    State(state): State<AppState>,
    PathId(id): PathId,
) -> Result<JsonOut<MovieDetails>, ApiError> {
    // With TMDb, any film TMDb knows: fetched with its details, stored, and from then on in
    // the library like any other.
    let (m, card) = state
        .core
        .film_for_public(PublicMovieId(id))
        .await
        .ok_or_else(|| ApiError::NotFound(format!("no movie with id {id}")))?;
    let mut out = MovieOut::from(card);
    // The full overview here; cards trim theirs to fit chat platforms.
    out.overview = m.movie.overview.clone();
    Ok(JsonOut(MovieDetails {
        movie: out,
        original_title: m.movie.original_title.clone(),
        release_date: m.movie.release_date.clone(),
        runtime: m.movie.runtime.filter(|r| *r > 0),
        director: m.movie.director.clone(),
        cast: m.movie.cast.clone(),
        keywords: m.movie.keywords.clone(),
        vote_count: m.movie.vote_count,
        popularity: m.movie.popularity,
        imdb_id: m.movie.imdb_id.clone(),
        tmdb_id: m.movie.tmdb_id,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegionParam {
    /// Two-letter region code (default US).
    #[param(pattern = "^[A-Za-z]{2}$")]
    pub region: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProvidersResponse {
    pub movie_id: i64,
    pub region: String,
    /// `null` when nothing streams the film in the region.
    pub providers: Option<ProviderList>,
    pub attribution: String,
}

/// Where a film streams, rents or sells in a region (needs TMDb).
#[utoipa::path(get, path = "/api/movie/{id}/providers",
    params(("id" = i64, Path, minimum = 1, description = "public film id (TMDb id)"), RegionParam),
    responses((status = 200, body = ProvidersResponse), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
pub async fn providers(
    State(state): State<AppState>,
    PathId(id): PathId,
    Query(q): Query<RegionParam>,
) -> Result<JsonOut<ProvidersResponse>, ApiError> {
    let region = match q.region.as_deref().map(str::trim) {
        None | Some("") => "US".to_string(),
        Some(r) if r.len() == 2 && r.chars().all(|c| c.is_ascii_alphabetic()) => {
            r.to_ascii_uppercase()
        }
        Some(r) => {
            return Err(ApiError::invalid(
                "region",
                format!("expected a two-letter code like US or GB, got {r:?}"),
            ));
        }
    };
    let tmdb_id = state
        .core
        .films()
        .by_public(PublicMovieId(id))
        .await
        .ok_or_else(|| ApiError::NotFound(format!("no movie with id {id}")))?
        .movie
        .tmdb_id;
    let unavailable = |why: &str| ApiError::Unavailable {
        code: "tmdb_unavailable",
        message: format!("streaming providers need TMDb: {why}"),
    };
    let (Some(live), Some(tmdb_id)) = (&state.live, tmdb_id) else {
        return Err(unavailable(if state.live.is_none() {
            "no TMDb credentials are configured"
        } else {
            "this film has no TMDb id"
        }));
    };
    let providers = live.providers(tmdb_id, &region).await.map_err(|e| {
        tracing::warn!(error = %format!("{e:#}"), tmdb_id, "providers lookup failed");
        unavailable("TMDb and its cache both failed")
    })?;
    Ok(JsonOut(ProvidersResponse {
        movie_id: id,
        region,
        providers,
        attribution: JUSTWATCH_ATTRIBUTION.to_string(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GenreOut {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GenreList {
    pub genres: Vec<GenreOut>,
}

/// TMDb's movie genres with their ids.
#[utoipa::path(get, path = "/api/genres",
    responses((status = 200, body = GenreList), (status = 429, body = ErrorBody)))]
pub async fn genres() -> JsonOut<GenreList> {
    JsonOut(GenreList {
        genres: TMDB_GENRES
            .iter()
            .map(|(id, name)| GenreOut {
                id: *id,
                name: name.to_string(),
            })
            .collect(),
    })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrendingParams {
    /// `day` or `week` (default day).
    #[param(value_type = Option<TimeWindow>)]
    pub time_window: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TrendingResponse {
    pub time_window: TimeWindow,
    /// `tmdb` when live, `popularity` when ranked locally (no TMDb, or TMDb failed).
    pub source: String,
    pub movies: Vec<MovieOut>,
}

/// Trending films: TMDb's list when live, else the most popular films here.
#[utoipa::path(get, path = "/api/trending", params(TrendingParams),
    responses((status = 200, body = TrendingResponse), (status = 400, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
pub async fn trending(
    State(state): State<AppState>,
    Query(q): Query<TrendingParams>,
) -> Result<JsonOut<TrendingResponse>, ApiError> {
    // Absent means the default; present must be one of the two (an empty value is an error,
    // as the schema's enum says).
    let window = match q.time_window.as_deref().map(str::trim) {
        None | Some("day") => TimeWindow::Day,
        Some("week") => TimeWindow::Week,
        Some(other) => {
            return Err(ApiError::invalid(
                "time_window",
                format!("expected day or week, got {other:?}"),
            ));
        }
    };
    const N: usize = 20;
    if let Some(live) = &state.live {
        match live.trending(window).await {
            Ok(ids) => {
                // Listed films are in the library (the core's source adds them as it lists
                // them); a film no one can resolve is skipped.
                let mut found = Vec::new();
                for id in ids {
                    if found.len() == N {
                        break;
                    }
                    found.extend(state.core.films().by_public(PublicMovieId(id)).await);
                }
                let cards = state.core.cards_of(found).await;
                if !cards.is_empty() {
                    return Ok(JsonOut(TrendingResponse {
                        time_window: window,
                        source: "tmdb".into(),
                        movies: movies(cards),
                    }));
                }
            }
            Err(e) => tracing::warn!(error = %format!("{e:#}"), "trending lookup failed"),
        }
    }
    let picks = state.core.recommender().popular(&Filters::default(), N);
    let ids: Vec<_> = picks
        .iter()
        .map(|p| crate::domain::MovieId(p.item))
        .collect();
    Ok(JsonOut(TrendingResponse {
        time_window: window,
        source: "popularity".into(),
        movies: movies(state.core.cards_for(&ids).await),
    }))
}
