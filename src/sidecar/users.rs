//! `GET /api/user/{id}`, `POST /api/user`, `DELETE /api/user/{id}`,
//! `POST /api/user/{id}/link-code`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json as JsonOut, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::Admin;
use super::dto::{MovieOut, movies};
use super::error::{ApiError, ErrorBody, Json, PathId};
use super::state::AppState;
use crate::chat::api::rated_public_id;
use crate::domain::UserId;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/user", post(create_user))
        .route("/api/user/{id}", get(user_profile).delete(delete_user))
        .route("/api/user/{id}/link-code", post(link_code))
}

/// The stored user behind an id from a request, or 404; an id that cannot be one (0,
/// negative) is a 400, as it is in a path.
pub async fn existing_user(state: &AppState, id: i64) -> Result<UserId, ApiError> {
    if id <= 0 {
        return Err(ApiError::invalid(
            "user_id",
            format!("expected a positive integer, got {id}"),
        ));
    }
    match state.core.users().get(UserId(id)).await? {
        Some(u) => Ok(u.id),
        None => Err(ApiError::NotFound(format!("no user with id {id}"))),
    }
}

/// Characters that show nothing: whitespace, controls, and the zero-width and direction
/// marks people paste by accident (or to impersonate a blank name).
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{3164}'
                | '\u{FEFF}'
                | '\u{FFA0}'
        )
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// 1–64 characters; ':' is reserved for platform accounts ("discord:…").
    #[schema(
        min_length = 1,
        max_length = 64,
        pattern = r"^[^:\x00-\x1f\x7f-\x9f\s]([^:\x00-\x1f\x7f-\x9f]*[^:\x00-\x1f\x7f-\x9f\s])?$"
    )]
    pub username: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserCreated {
    pub user_id: i64,
    pub username: String,
    /// Seconds since the Unix epoch.
    pub created_at: i64,
}

/// Creates a user.
#[utoipa::path(post, path = "/api/user", request_body = NewUser,
    responses((status = 201, body = UserCreated), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(("admin_token" = [])))]
pub async fn create_user(
    _admin: Admin,
    State(state): State<AppState>,
    Json(req): Json<NewUser>,
) -> Result<(StatusCode, JsonOut<UserCreated>), ApiError> {
    let name = req.username.trim();
    let n = name.chars().count();
    if n == 0 || n > 64 {
        return Err(ApiError::invalid("username", "expected 1 to 64 characters"));
    }
    if name.chars().all(invisible) {
        return Err(ApiError::invalid(
            "username",
            "needs at least one visible character",
        ));
    }
    if name.contains(':') || name.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            "username",
            "may not contain ':' (reserved for platform accounts) or control characters",
        ));
    }
    let user = state.core.users().create(name).await?;
    Ok((
        StatusCode::CREATED,
        JsonOut(UserCreated {
            user_id: user.id.0,
            username: user.username,
            created_at: user.created_at,
        }),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecentRating {
    pub movie_id: i64,
    pub title: String,
    pub rating: f64,
    pub rated_at: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserProfile {
    pub user_id: i64,
    pub username: String,
    pub created_at: i64,
    pub ratings_count: usize,
    /// Stated favourites first, then the genres of the films rated 4 stars or more.
    pub favourite_genres: Vec<String>,
    /// The ten most recent ratings, newest first.
    pub recent_ratings: Vec<RecentRating>,
    pub watchlist: Vec<MovieOut>,
    /// The platform accounts joined in this user (linked with `/link`), oldest first.
    pub identities: Vec<IdentityOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IdentityOut {
    /// `discord`, `telegram` or `console`.
    pub platform: String,
    /// The platform's own id for the account.
    pub platform_user_id: String,
    pub display_name: String,
    /// When the account first wrote to the bot (seconds since the Unix epoch).
    pub created_at: i64,
}

/// A user's profile.
#[utoipa::path(get, path = "/api/user/{id}",
    params(("id" = i64, Path, minimum = 1, description = "stored user id")),
    responses((status = 200, body = UserProfile), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn user_profile(
    State(state): State<AppState>,
    PathId(id): PathId,
) -> Result<JsonOut<UserProfile>, ApiError> {
    let user = state
        .core
        .users()
        .get(UserId(id))
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no user with id {id}")))?;
    let taste = state.core.ratings();
    let ratings = taste.of(user.id).await?;
    let prefs = taste.preferences(user.id).await?;
    let watch = taste.watchlist(user.id).await?;
    let identities = state.core.links().identities(user.id).await?;
    let favourite_genres = state
        .core
        .favourite_genres(&ratings, &prefs.favourite_genres);
    let mut recent: Vec<_> = ratings.iter().collect();
    recent.sort_by_key(|r| std::cmp::Reverse(r.updated_at));
    Ok(JsonOut(UserProfile {
        user_id: user.id.0,
        username: user.username,
        created_at: user.created_at,
        ratings_count: ratings.len(),
        favourite_genres,
        recent_ratings: recent
            .into_iter()
            .take(10)
            .map(|r| RecentRating {
                movie_id: rated_public_id(r).get(),
                title: r.title.clone(),
                rating: f64::from(r.rating.get()),
                rated_at: r.updated_at,
            })
            .collect(),
        watchlist: movies(state.core.cards_for(&watch).await),
        identities: identities
            .into_iter()
            .map(|i| IdentityOut {
                platform: i.platform,
                platform_user_id: i.platform_user_id,
                display_name: i.display_name,
                created_at: i.created_at,
            })
            .collect(),
    }))
}

/// Forgets a user and all their data (ratings, watchlist, preferences, exclusions, link
/// codes, identities).
#[utoipa::path(delete, path = "/api/user/{id}",
    params(("id" = i64, Path, minimum = 1, description = "stored user id")),
    responses((status = 204, description = "deleted"), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(("admin_token" = [])))]
pub async fn delete_user(
    _admin: Admin,
    State(state): State<AppState>,
    PathId(id): PathId,
) -> Result<StatusCode, ApiError> {
    state.core.forget_user(UserId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LinkCodeOut {
    pub user_id: i64,
    /// One-time code (`ABCD-EFGH`): sent as `/link ABCD-EFGH` on Discord, Telegram or the
    /// terminal, it joins that account's user into this one (this user's id stays).
    pub code: String,
    /// Seconds since the Unix epoch; the code works once, until then.
    pub expires_at: i64,
}

/// Makes a one-time link code for a user (10 minutes, single use; a new code replaces the
/// user's unused one).
#[utoipa::path(post, path = "/api/user/{id}/link-code",
    params(("id" = i64, Path, minimum = 1, description = "stored user id")),
    responses((status = 201, body = LinkCodeOut), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(("admin_token" = [])))]
pub async fn link_code(
    _admin: Admin,
    State(state): State<AppState>,
    PathId(id): PathId,
) -> Result<(StatusCode, JsonOut<LinkCodeOut>), ApiError> {
    let user = existing_user(&state, id).await?;
    let made = state.core.links().new_code(user).await?;
    Ok((
        StatusCode::CREATED,
        JsonOut(LinkCodeOut {
            user_id: user.0,
            code: made.code,
            expires_at: made.expires_at,
        }),
    ))
}
