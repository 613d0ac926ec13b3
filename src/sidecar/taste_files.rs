//! `POST /api/user/{id}/import` (a Letterboxd, IMDb or moviebot export file as the raw body)
//! and `GET /api/user/{id}/export` (everything stored about a user, as JSON or as the CSV
//! Letterboxd imports). Both need the admin token. The upload may be up to the import limit
//! (10 MB), whatever the API's usual body limit; it must not be sent with a type a browser
//! could send cross-site without asking (text/plain, forms), as other writes must be JSON.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::auth::Admin;
use super::error::{ApiError, ErrorBody, PathId, Query};
use super::state::AppState;
use super::users::existing_user;
use crate::chat::imports::{ImportError, ImportReport};
use crate::taste_files::moviebot_json::ExportDoc;
use crate::taste_files::{FileError, ImportFormat, Limits};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/user/{id}/import",
            post(import).layer(DefaultBodyLimit::max(Limits::default().max_file_bytes)),
        )
        .route("/api/user/{id}/export", get(export))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// `auto` (default: told from the file), `letterboxd`, `imdb` or `moviebot`.
    #[serde(default)]
    #[param(value_type = Option<String>)]
    pub format: Option<String>,
    /// The uploaded file's name ("watchlist.csv"): a Letterboxd watchlist and list of films
    /// watched share their columns, so only the name tells them apart.
    pub name: Option<String>,
}

/// Media types a web page can POST to another site without a CORS preflight.
fn cross_site_sendable(headers: &HeaderMap) -> bool {
    let essence = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    matches!(
        essence.as_str(),
        "" | "text/plain" | "application/x-www-form-urlencoded" | "multipart/form-data"
    )
}

/// Imports a taste file for a user: a Letterboxd export (ZIP, or ratings.csv / watchlist.csv
/// / watched.csv / diary.csv), an IMDb ratings or watchlist CSV, or a moviebot export JSON,
/// as the raw body (Content-Type e.g. `application/zip`, `text/csv`, `application/json`;
/// up to 10 MB). Re-importing a file changes nothing; ratings made in the bot after the
/// file's dates are kept. Rows naming several films are offered as choices in chat.
#[utoipa::path(post, path = "/api/user/{id}/import",
    params(("id" = i64, Path, minimum = 1, description = "stored user id"), ImportParams),
    request_body(content = Vec<u8>, description = "the file, as it was downloaded",
        content_type = "application/octet-stream"),
    responses((status = 200, body = ImportReport), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 429, body = ErrorBody)),
    security(("admin_token" = [])))]
pub async fn import(
    _admin: Admin,
    State(state): State<AppState>,
    PathId(id): PathId,
    Query(params): Query<ImportParams>,
    req: Request,
) -> Result<axum::Json<ImportReport>, ApiError> {
    let user = existing_user(&state, id).await?;
    let format: ImportFormat = params
        .format
        .as_deref()
        .unwrap_or("auto")
        .parse()
        .map_err(|e: String| ApiError::invalid("format", e))?;
    if cross_site_sendable(req.headers()) {
        return Err(ApiError::UnsupportedFileType);
    }
    let limit = state.core.imports().limits().max_file_bytes;
    let body = Bytes::from_request(req, &state)
        .await
        .map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::TooLarge(limit)
            } else {
                ApiError::invalid("body", rejection.body_text())
            }
        })?;
    let report = state
        .core
        .imports()
        .import_named(user, format, params.name.as_deref(), &body, |_| {})
        .await
        .map_err(|e| match e {
            ImportError::File(FileError::TooBig { limit }) => ApiError::TooLarge(limit),
            ImportError::File(f) => ApiError::invalid("file", f.to_string()),
            ImportError::UnknownUser => ApiError::NotFound(format!("no user with id {id}")),
            ImportError::Store(s) => s.into(),
            ImportError::Internal(m) => ApiError::Unexpected(anyhow::anyhow!(m)),
        })?;
    Ok(axum::Json(report))
}

#[derive(Debug, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// `json` (default: everything stored) or `letterboxd` (the ratings as the CSV
    /// Letterboxd's importer reads: Title, Year, imdbID, tmdbID, Rating10, WatchedDate).
    #[serde(default)]
    #[param(value_type = Option<String>)]
    pub format: Option<String>,
}

/// Everything stored about a user (identities, ratings, watchlist, preferences,
/// conversations) as JSON — importable with `format=moviebot` — or their ratings as a CSV
/// Letterboxd imports.
#[utoipa::path(get, path = "/api/user/{id}/export",
    params(("id" = i64, Path, minimum = 1, description = "stored user id"), ExportParams),
    responses((status = 200, body = ExportDoc),
        (status = 200, description = "with format=letterboxd", content_type = "text/csv"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)),
    security(("admin_token" = [])))]
pub async fn export(
    _admin: Admin,
    State(state): State<AppState>,
    PathId(id): PathId,
    Query(params): Query<ExportParams>,
) -> Result<Response, ApiError> {
    let user = existing_user(&state, id).await?;
    let csv = match params.format.as_deref().map(str::trim) {
        None | Some("" | "json") => false,
        Some("letterboxd" | "csv") => true,
        Some(other) => {
            return Err(ApiError::invalid(
                "format",
                format!("unknown format {other:?} (json, letterboxd)"),
            ));
        }
    };
    let export = state.core.imports().export(user).await?;
    let (body, name, kind) = if csv {
        (
            export.letterboxd_csv,
            export.csv_name,
            "text/csv; charset=utf-8",
        )
    } else {
        (export.json, export.json_name, "application/json")
    };
    Ok((
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}
