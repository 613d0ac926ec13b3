//! Operations: `GET /healthz`, `GET /metrics`, `GET /api/openapi.json`. Not rate limited, so
//! monitoring keeps working while a client is being throttled.

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json as JsonOut, Router};
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

use super::error::{ApiError, ErrorBody};
use super::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/api/openapi.json", get(openapi))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    pub status: String,
    /// The database can be read and written (both checks below).
    pub database: bool,
    /// A row could be read.
    pub database_readable: bool,
    /// A write could be committed (checked at most every few seconds).
    pub database_writable: bool,
    /// Seconds since the database was last checked.
    pub database_checked_seconds_ago: u64,
    /// Seconds since the recommender model in use was fitted.
    pub model_age_seconds: u64,
    pub model_rebuilds: u64,
    pub films: usize,
    pub uptime_seconds: u64,
}

/// Liveness and readiness: the database can be read and written, and a model is loaded.
/// 503 `database_unwritable` when writes fail but reads work (a full disk, a read-only file),
/// 503 `database_unreachable` when reads fail too; the message says why.
#[utoipa::path(get, path = "/healthz",
    responses((status = 200, body = Health), (status = 503, body = ErrorBody)))]
pub async fn healthz(State(state): State<AppState>) -> Result<JsonOut<Health>, ApiError> {
    let db = state.core.database_health().await;
    if !db.ok() {
        let problem = db.problem.unwrap_or_else(|| "database check failed".into());
        return Err(ApiError::Unavailable {
            code: if db.readable {
                "database_unwritable"
            } else {
                "database_unreachable"
            },
            message: format!("database: {problem}"),
        });
    }
    Ok(JsonOut(Health {
        status: "ok".into(),
        database: true,
        database_readable: true,
        database_writable: true,
        database_checked_seconds_ago: db.checked.elapsed().as_secs(),
        model_age_seconds: state.metrics.model_age_secs(),
        model_rebuilds: state.metrics.rebuilds(),
        films: state.core.library().len(),
        uptime_seconds: state.started.elapsed().as_secs(),
    }))
}

/// Prometheus text exposition.
#[utoipa::path(get, path = "/metrics",
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        state.metrics.render(),
    )
}

/// This document.
#[utoipa::path(get, path = "/api/openapi.json",
    responses((status = 200, description = "OpenAPI 3 document", content_type = "application/json")))]
pub async fn openapi() -> impl IntoResponse {
    JsonOut(ApiDoc::openapi())
}

struct AdminToken;

impl Modify for AdminToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "admin_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "moviebot REST sidecar",
        description = "Movie recommendations over HTTP. Errors are always \
            {\"error\": {\"code\", \"message\"}}. POST, PUT and DELETE need \
            `Authorization: Bearer <admin_token>` when one is configured."
    ),
    paths(
        super::chat::chat,
        super::chat::rate,
        super::chat::recommendations,
        super::movies::search,
        super::movies::movie,
        super::movies::providers,
        super::movies::genres,
        super::movies::trending,
        super::users::user_profile,
        super::users::create_user,
        super::users::delete_user,
        super::taste_files::import,
        super::taste_files::export,
        super::users::link_code,
        super::services::user_services,
        super::services::set_user_services,
        healthz,
        metrics,
        openapi,
    ),
    modifiers(&AdminToken)
)]
pub struct ApiDoc;
