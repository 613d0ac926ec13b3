//! Two guards on every request, webhooks included: a deadline for the whole request (a body
//! that trickles in, or a handler stuck on a dead dependency, gets a JSON 408 after
//! `[sidecar] body_timeout_seconds` instead of holding the connection forever), and
//! `Connection: close` on an error answered to a request that declared a body, since such an
//! answer (401, 413, 415, 429) is often sent before the body was read, and the connection
//! cannot be reused with the rest of that body still on it.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;

/// Middleware: the request deadline and the close after a refused body.
pub async fn guard(State(deadline): State<Duration>, req: Request, next: Next) -> Response {
    let has_body = req.headers().contains_key(header::TRANSFER_ENCODING)
        || req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .is_some_and(|n| n > 0);
    let mut response = match tokio::time::timeout(deadline, next.run(req)).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout(deadline).into_response(),
    };
    let status = response.status();
    if has_body && (status.is_client_error() || status.is_server_error()) {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}
