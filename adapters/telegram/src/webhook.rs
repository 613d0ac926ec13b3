//! `POST /telegram/webhook`: Telegram's secret header checked in constant time (401
//! otherwise), the body parsed as an Update (400 otherwise), admitted and kept by the core
//! (`arrival`; 503 when it cannot be kept, so Telegram retries), then 200 at once and the
//! update handled in the background so Telegram never waits on the core.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::json;
use subtle::ConstantTimeEq;
use teloxide::types::Update;

use crate::Telegram;

/// Where the router listens; `webhook_url` must end with it.
pub const WEBHOOK_PATH: &str = "/telegram/webhook";
/// The header Telegram echoes the configured secret in.
pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

/// A webhook body as an update (the JSON Telegram posts).
pub(crate) fn parse(body: &[u8]) -> serde_json::Result<Update> {
    serde_json::from_slice(body)
}

/// The webhook endpoint, to be merged into the sidecar's router.
pub fn webhook_router(telegram: Arc<Telegram>) -> Router {
    Router::new()
        .route(WEBHOOK_PATH, post(receive))
        .with_state(telegram)
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(json!({"error": {"code": code, "message": message}})),
    )
        .into_response()
}

async fn receive(
    State(telegram): State<Arc<Telegram>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let given = headers
        .get(SECRET_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    // No configured secret means nothing is accepted: the endpoint fails closed.
    let ok = match telegram.settings.secret_token.as_deref() {
        Some(secret) => bool::from(secret.as_bytes().ct_eq(given)),
        None => false,
    };
    if !ok {
        return error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "missing or wrong X-Telegram-Bot-Api-Secret-Token",
        );
    }
    let update = match parse(&body) {
        Ok(update) => update,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                "bad_request",
                &format!("not a Telegram update: {e}"),
            );
        }
    };
    match telegram.arrive(update, Some(&body)).await {
        Ok(()) => (StatusCode::OK, Json(json!({"ok": true}))).into_response(),
        // Not kept, so not acknowledged: Telegram delivers it again later.
        Err(_) => error(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "cannot store the update right now; deliver it again later",
        ),
    }
}
