//! One error type for everything TMDb can do wrong. Every message is safe to show a user or an
//! admin: no URLs (they may carry the v3 key), no raw bodies, no reqwest text.

use std::sync::Arc;
use std::time::Duration;

/// Why a TMDb lookup failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum TmdbError {
    /// No key or token is configured, so only the local catalog can answer.
    #[error("this needs TMDb, and no TMDb key is configured")]
    NotConfigured,
    /// TMDb refused the credentials (HTTP 401, `status_code` 7).
    #[error("TMDb rejected the configured API key or token (check [tmdb] api_key)")]
    InvalidKey,
    /// The movie, person or page does not exist (HTTP 404, `status_code` 34).
    #[error("TMDb has no such movie or person")]
    NotFound,
    /// TMDb kept answering 429 until the retries or the deadline ran out.
    #[error("TMDb is rate limiting us; try again in {} s", retry_after.as_secs().max(1))]
    RateLimited { retry_after: Duration },
    /// TMDb is down, overloaded or too slow (5xx, timeout, connection failure).
    #[error("TMDb is unavailable right now ({0})")]
    Unavailable(Unavailable),
    /// TMDb answered 200 but the body was not the JSON we expected.
    #[error("TMDb sent a response we could not read ({0})")]
    Malformed(String),
    /// Any other 4xx, with TMDb's own status code and message (e.g. 22 "invalid page").
    #[error("TMDb refused the request (status {status}, code {code:?}): {message}")]
    Rejected {
        status: u16,
        code: Option<i64>,
        message: String,
    },
    /// Not fetched while the user waits: this turn's TMDb budget is spent (or its deadline
    /// passed). The request carries on in the background, so the next turn finds it cached.
    #[error("TMDb lookup deferred to the background (this turn's budget is spent)")]
    Deferred,
    /// Anything else (a database error while caching, say).
    #[error("unexpected error talking to TMDb: {0:#}")]
    Unexpected(Arc<anyhow::Error>),
}

/// Why TMDb is unavailable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Unavailable {
    #[error("HTTP {0}")]
    Status(u16),
    #[error("timed out")]
    Timeout,
    #[error("could not connect")]
    Connect,
}

impl From<anyhow::Error> for TmdbError {
    fn from(e: anyhow::Error) -> Self {
        TmdbError::Unexpected(Arc::new(e))
    }
}

impl From<crate::store::StoreError> for TmdbError {
    fn from(e: crate::store::StoreError) -> Self {
        TmdbError::Unexpected(Arc::new(e.into()))
    }
}

impl TmdbError {
    /// Whether trying again may help (429, 5xx, timeouts, connection failures).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            TmdbError::RateLimited { .. } | TmdbError::Unavailable(_)
        )
    }

    /// From a reqwest error: never its text, which includes the URL and so maybe the key.
    pub(crate) fn from_reqwest(e: &reqwest::Error) -> Self {
        if e.is_timeout() {
            TmdbError::Unavailable(Unavailable::Timeout)
        } else if e.is_decode() || e.is_body() {
            TmdbError::Malformed("the body was cut short".into())
        } else {
            TmdbError::Unavailable(Unavailable::Connect)
        }
    }

    /// From a non-success status and TMDb's error body
    /// (`{"success": false, "status_code": N, "status_message": "..."}`).
    pub(crate) fn from_status(status: u16, body: &str, retry_after: Option<Duration>) -> Self {
        #[derive(serde::Deserialize)]
        struct Body {
            status_code: Option<i64>,
            status_message: Option<String>,
        }
        let parsed: Option<Body> = serde_json::from_str(body).ok();
        let code = parsed.as_ref().and_then(|b| b.status_code);
        match (status, code) {
            (401, _) | (_, Some(3 | 7 | 10)) => TmdbError::InvalidKey,
            (404, _) | (_, Some(34)) => TmdbError::NotFound,
            (429, _) | (_, Some(25)) => TmdbError::RateLimited {
                retry_after: retry_after.unwrap_or(Duration::from_secs(1)),
            },
            (500..=599, _) => TmdbError::Unavailable(Unavailable::Status(status)),
            _ => TmdbError::Rejected {
                status,
                code,
                // TMDb's own wording, trimmed; it never echoes credentials.
                message: parsed
                    .and_then(|b| b.status_message)
                    .unwrap_or_default()
                    .chars()
                    .take(200)
                    .collect(),
            },
        }
    }
}
