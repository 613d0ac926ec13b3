//! `POST /discord/interactions`: Discord's HTTP interactions endpoint. Every request must carry
//! a valid Ed25519 signature over `timestamp ++ body` (serenity's [`Verifier`]) and a
//! timestamp within five minutes of now — Discord probes with bad signatures and drops
//! endpoints that accept them, and the window stops replays. Only then is the body parsed.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::json;
use serenity::all::Interaction;
use serenity::interactions_endpoint::Verifier;
use tracing::debug;

use crate::Discord;

/// The route's path.
pub const PATH: &str = "/discord/interactions";
/// Largest body accepted (interaction payloads are a few KiB; a component click carries its
/// message, at most ~20 KiB of embeds).
pub const BODY_LIMIT: usize = 256 * 1024;
/// How far a signed timestamp may be from now, either way.
pub const MAX_SKEW: Duration = Duration::from_secs(300);

/// Why a request was refused before its body was read as an interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    MissingSignature,
    BadSignature,
    StaleTimestamp,
}

impl Rejection {
    fn message(self) -> &'static str {
        match self {
            Rejection::MissingSignature => "missing X-Signature-Ed25519 or X-Signature-Timestamp",
            Rejection::BadSignature => "invalid request signature",
            Rejection::StaleTimestamp => "request timestamp is too old or in the future",
        }
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Checks signature and timestamp of one request; `now` is Unix seconds.
pub fn verify(
    verifier: &Verifier,
    headers: &HeaderMap,
    body: &[u8],
    now: u64,
) -> Result<(), Rejection> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let (Some(signature), Some(timestamp)) = (
        header("x-signature-ed25519"),
        header("x-signature-timestamp"),
    ) else {
        return Err(Rejection::MissingSignature);
    };
    verifier
        .verify(signature, timestamp, body)
        .map_err(|()| Rejection::BadSignature)?;
    let at: u64 = timestamp
        .trim()
        .parse()
        .map_err(|_| Rejection::StaleTimestamp)?;
    if at.abs_diff(now) > MAX_SKEW.as_secs() {
        return Err(Rejection::StaleTimestamp);
    }
    Ok(())
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(json!({ "error": { "code": code, "message": message } })),
    )
        .into_response()
}

/// A verified body as an interaction (the JSON Discord posts).
pub(crate) fn parse(body: &[u8]) -> serde_json::Result<Interaction> {
    serde_json::from_slice(body)
}

/// The interactions endpoint, ready to merge into the sidecar's router.
pub fn interactions_router(discord: Arc<Discord>) -> Router {
    Router::new()
        .route(PATH, post(interactions))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(discord)
}

async fn interactions(
    State(discord): State<Arc<Discord>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(verifier) = &discord.verifier else {
        return error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "discord.public_key is not configured",
        );
    };
    if let Err(why) = verify(verifier, &headers, &body, unix_now()) {
        debug!(?why, "refused an interaction request");
        return error(StatusCode::UNAUTHORIZED, "unauthorized", why.message());
    }
    let interaction = match parse(&body) {
        Ok(i) => i,
        Err(e) => {
            debug!(error = %e, "unreadable interaction");
            return error(
                StatusCode::BAD_REQUEST,
                "bad_request",
                "body is not an interaction",
            );
        }
    };
    let answer = discord.interact(&interaction).await;
    if let Some(followup) = answer.followup {
        let discord = discord.clone();
        tokio::spawn(async move { followup.finish(discord.rest()).await });
    }
    Json(answer.response).into_response()
}
