//! The REST sidecar (axum) for admins and front ends: chat, ratings, recommendations, search,
//! films, users, genres and trending under `/api`, plus `/healthz`, `/metrics` and the
//! OpenAPI document. Each area has its own `router()`; [`router`] merges them and adds the
//! cross-cutting layers; [`serve`] takes a listener and a shutdown signal, so tests bind
//! 127.0.0.1:0 and stop it.
//!
//! - `chat`, `movies`, `users`, `services` (a user's streaming services), `taste_files`
//!   (import and export), `ops`: the endpoints.
//! - `error`: the one error type and the JSON/query/path extractors that produce it.
//! - `auth`: admin token for writes; `limit`: per-client rate limit; `metrics`: Prometheus.
//! - `live`: the slot for a live movie source (TMDb) behind providers and trending.
//! - `serve`: the listener (head deadline, connection cap, JSON for hyper's own rejections,
//!   lingering close, drain on shutdown); `request_guard`: the request deadline and
//!   `Connection: close` after a refused body.

mod auth;
mod chat;
mod dto;
pub mod error;
mod limit;
pub mod live;
pub mod metrics;
mod movies;
mod ops;
mod request_guard;
pub mod serve;
mod services;
mod state;
mod taste_files;
mod users;

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{Method, Uri};
use tokio::net::TcpListener;
use tower_http::trace::{DefaultOnFailure, TraceLayer};

pub use error::ApiError;
pub use live::{LiveSource, ProviderList, TimeWindow};
pub use ops::ApiDoc;
pub use state::AppState;

/// The whole API with its layers: per-client limit and body limit on `/api`, metrics and
/// tracing on everything, JSON errors for unknown routes and methods.
pub fn router(state: AppState) -> Router {
    router_with(state, Router::new())
}

/// [`router`] plus the chat platforms' webhook routes (`/discord/interactions`,
/// `/telegram/webhook`). Those carry their own state, body limits and authentication (the
/// platform's signature or secret): no admin token and no per-client limit, since every
/// request comes from the platform's few addresses; metrics and tracing still apply.
pub fn router_with(state: AppState, platforms: Router) -> Router {
    let limiter = state.limiter.clone();
    let body_limit = state.limits.max_body_bytes;
    let api = Router::new()
        .merge(chat::router())
        .merge(movies::router())
        .merge(users::router())
        .merge(services::router())
        .merge(taste_files::router())
        .layer(axum::middleware::from_fn(live::tmdb_budget))
        .layer(axum::middleware::from_fn_with_state(
            (limiter, body_limit),
            limit::per_client,
        ))
        .layer(DefaultBodyLimit::max(body_limit));
    let metrics = state.metrics.clone();
    let deadline = state.request_deadline;
    Router::new()
        .merge(api)
        .merge(ops::router())
        .with_state(state)
        .merge(platforms)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            deadline,
            request_guard::guard,
        ))
        .layer(axum::middleware::from_fn_with_state(
            metrics,
            metrics::track,
        ))
        // A 5xx here is usually an answer, not a crash (503 when TMDb is not configured or
        // down, which the handler already logged with its cause): WARN, not ERROR.
        .layer(
            TraceLayer::new_for_http()
                .on_failure(DefaultOnFailure::new().level(tracing::Level::WARN)),
        )
}

async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::NotFound(format!("no route {method} {}", uri.path()))
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::MethodNotAllowed(format!("{method} is not allowed on {}", uri.path()))
}

/// Serves until `shutdown` resolves, then lets in-flight requests finish (within
/// `[sidecar] drain_seconds`).
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    serve_with(listener, state, Router::new(), shutdown).await
}

/// [`serve`] with the platforms' webhook routes mounted (see [`router_with`]).
pub async fn serve_with(
    listener: TcpListener,
    state: AppState,
    platforms: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    // Housekeeping: notice model swaps promptly (for /metrics and /healthz) and forget
    // clients idle long enough to have refilled their quota, so memory stays bounded.
    let metrics = state.metrics.clone();
    let limiter = state.limiter.clone();
    let ticker = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        for n in 0u64.. {
            tick.tick().await;
            metrics.observe_model();
            if n % 60 == 59 {
                limiter.retain_recent();
                limiter.shrink_to_fit();
            }
        }
    });
    let serving = state.serving.clone();
    let app = router_with(state, platforms);
    let served = serve::serve(listener, app, serving, shutdown).await;
    ticker.abort();
    served
}
