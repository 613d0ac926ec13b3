//! `POST /api/chat`, `POST /api/rate`, `GET /api/recommendations/{user_id}`.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json as JsonOut, Router};
use moviebot_protocol::{PublicMovieId, Stars};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::Admin;
use super::dto::{MovieOut, integer, movies};
use super::error::{ApiError, ErrorBody, Json, PathId, Query};
use super::state::AppState;
use super::users::existing_user;
use crate::chat::intent::IntentFilters;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/chat", post(chat))
        .route("/api/rate", post(rate))
        .route("/api/recommendations/{user_id}", get(recommendations))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChatRequest {
    #[schema(minimum = 1)]
    #[serde(deserialize_with = "integer")]
    pub user_id: i64,
    /// Up to `[limits] max_message_chars` characters (2,000 by default), not all blank.
    #[schema(min_length = 1, max_length = 2000, pattern = r"\S")]
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChatResponse {
    pub reply: String,
    /// The parsed intent, e.g. `genre`, `similar_movie`, `unknown`.
    pub intent: String,
    /// genres, person, similar_to, title, mood, year_from, year_to (always all present).
    #[schema(value_type = Object)]
    pub filters: IntentFilters,
    pub movies: Vec<MovieOut>,
}

/// One chat turn for a stored user.
#[utoipa::path(post, path = "/api/chat", request_body = ChatRequest,
    responses((status = 200, body = ChatResponse), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(("admin_token" = [])))]
pub async fn chat(
    _admin: Admin,
    State(state): State<AppState>,
    Json(req): Json<ChatRequest>,
) -> Result<JsonOut<ChatResponse>, ApiError> {
    let message = req.message.trim();
    if message.is_empty() {
        return Err(ApiError::invalid("message", "must not be empty"));
    }
    let max = state.core.max_message_chars();
    if message.chars().count() > max {
        return Err(ApiError::invalid(
            "message",
            format!("longer than {max} characters"),
        ));
    }
    let user = existing_user(&state, req.user_id).await?;
    // Per user as well as per address: one user's flood costs the same here as on a platform.
    state
        .core
        .chat_quota(&format!("http:{user}"))
        .map_err(|retry_after| ApiError::TooManyRequests { retry_after })?;
    let (parsed, reply) = state.core.chat_api(user, message).await?;
    state.metrics.intent(parsed.intent.as_str());
    Ok(JsonOut(ChatResponse {
        reply: reply.text,
        intent: parsed.intent.as_str().to_string(),
        filters: parsed.filters,
        movies: movies(reply.cards),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RateRequest {
    #[schema(minimum = 1)]
    #[serde(deserialize_with = "integer")]
    pub user_id: i64,
    /// Public film id (TMDb id).
    #[schema(minimum = 1)]
    #[serde(deserialize_with = "integer")]
    pub movie_id: i64,
    /// 0.5 to 5.0 in half steps.
    #[schema(minimum = 0.5, maximum = 5.0, multiple_of = 0.5)]
    pub rating: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RateResponse {
    pub user_id: i64,
    pub movie_id: i64,
    pub rating: f64,
}

/// Stores (or replaces) a rating.
#[utoipa::path(post, path = "/api/rate", request_body = RateRequest,
    responses((status = 200, body = RateResponse), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(("admin_token" = [])))]
pub async fn rate(
    _admin: Admin,
    State(state): State<AppState>,
    Json(req): Json<RateRequest>,
) -> Result<JsonOut<RateResponse>, ApiError> {
    let stars = Stars::exact(req.rating).map_err(|e| ApiError::invalid("rating", e.to_string()))?;
    let user = existing_user(&state, req.user_id).await?;
    if req.movie_id <= 0 {
        return Err(ApiError::invalid(
            "movie_id",
            format!("expected a positive integer, got {}", req.movie_id),
        ));
    }
    let movie = state
        .core
        .films()
        .by_public(PublicMovieId(req.movie_id))
        .await
        .ok_or_else(|| ApiError::NotFound(format!("no movie with id {}", req.movie_id)))?;
    state.core.ratings().rate(user, movie.id, stars).await?;
    Ok(JsonOut(RateResponse {
        user_id: user.0,
        movie_id: req.movie_id,
        rating: f64::from(stars.get()),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LimitParam {
    /// How many films, 1–50 (default 10).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 50)]
    pub limit: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecommendationsResponse {
    pub user_id: i64,
    pub movies: Vec<MovieOut>,
}

/// Parses an optional count parameter within `range`.
pub fn count_param(
    raw: Option<&str>,
    field: &str,
    default: usize,
    range: std::ops::RangeInclusive<usize>,
) -> Result<usize, ApiError> {
    let Some(raw) = raw else { return Ok(default) };
    match raw.trim().parse::<usize>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(ApiError::invalid(
            field,
            format!(
                "expected an integer from {} to {}, got {raw:?}",
                range.start(),
                range.end()
            ),
        )),
    }
}

/// A user's personal picks, each with why.
#[utoipa::path(get, path = "/api/recommendations/{user_id}",
    params(("user_id" = i64, Path, minimum = 1, description = "stored user id"), LimitParam),
    responses((status = 200, body = RecommendationsResponse), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn recommendations(
    State(state): State<AppState>,
    PathId(user_id): PathId,
    Query(q): Query<LimitParam>,
) -> Result<JsonOut<RecommendationsResponse>, ApiError> {
    let limit = count_param(q.limit.as_deref(), "limit", 10, 1..=50)?;
    let user = existing_user(&state, user_id).await?;
    let cards = state.core.picks().top_cards(user, limit).await?;
    Ok(JsonOut(RecommendationsResponse {
        user_id: user.0,
        movies: movies(cards.iter().cloned()),
    }))
}
