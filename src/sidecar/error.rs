//! The sidecar's one error type and the extractors that produce it, so every failure — a bad
//! body, a bad parameter, an unknown film, the store falling over — answers
//! `{"error": {"code", "message"}}` with the right status.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;

use crate::store::Outage;

/// Streaming-availability data comes from JustWatch through TMDb, which asks for credit.
pub const JUSTWATCH_ATTRIBUTION: &str = "Streaming availability data by JustWatch (via TMDb)";

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("malformed JSON body: {0}")]
    MalformedJson(String),
    /// A parameter or body field with a bad value; the message starts with the field name.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("missing or wrong admin token (send Authorization: Bearer <token>)")]
    Unauthorized,
    #[error("request body over {0} bytes")]
    TooLarge(usize),
    /// A body that is not declared as JSON. Browsers send `text/plain` and form bodies from
    /// any web page without asking first; requiring `application/json` makes such a
    /// cross-site write impossible (it would need a CORS preflight, which is never granted).
    #[error("send the body as JSON with Content-Type: application/json")]
    UnsupportedMediaType,
    /// An upload with a type any web page may send cross-site (text/plain, a form).
    #[error(
        "send the file with its own Content-Type (application/zip, text/csv, \
         application/json or application/octet-stream)"
    )]
    UnsupportedFileType,
    /// Over the per-client or per-user quota; `retry_after` is how long until the next request
    /// is let in.
    #[error("too many requests; slow down")]
    TooManyRequests { retry_after: std::time::Duration },
    #[error("{0}")]
    MethodNotAllowed(String),
    /// The request (its body, or the work it asked for) took longer than the deadline.
    #[error("the request was not completed within {} s", .0.as_secs())]
    Timeout(std::time::Duration),
    /// A live source (TMDb) and its cache both failed.
    #[error("{message}")]
    Unavailable { code: &'static str, message: String },
    /// The database cannot serve this right now (down, restarting, full, read-only): 503
    /// with `Retry-After`, never a 500. `cause` is the full error, for the log only.
    #[error(
        "the database is unavailable right now ({outage}); the request did not complete, try again in a few seconds"
    )]
    DatabaseUnavailable { outage: Outage, cause: String },
    #[error(transparent)]
    Unexpected(anyhow::Error),
}

/// How long a client is asked to wait after a database outage: about one health-check
/// interval, by which time a recovered database is noticed.
pub const DATABASE_RETRY_AFTER: u64 = 5;

impl ApiError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::MalformedJson(_) => (StatusCode::BAD_REQUEST, "malformed_json"),
            Self::Invalid { .. } => (StatusCode::BAD_REQUEST, "invalid_parameter"),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            Self::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            Self::UnsupportedMediaType | Self::UnsupportedFileType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            Self::TooManyRequests { .. } => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            Self::MethodNotAllowed(_) => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            Self::Timeout(_) => (StatusCode::REQUEST_TIMEOUT, "request_timeout"),
            Self::Unavailable { code, .. } => (StatusCode::SERVICE_UNAVAILABLE, code),
            Self::DatabaseUnavailable { .. } => {
                (StatusCode::SERVICE_UNAVAILABLE, "database_unavailable")
            }
            Self::Unexpected(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> Self {
        use crate::store::StoreError;
        match e {
            StoreError::UnknownUser => Self::NotFound("no such user".into()),
            StoreError::UnknownMovie => Self::NotFound("no such movie".into()),
            StoreError::UsernameTaken => Self::Conflict("that username is taken".into()),
            other => match other.outage() {
                Some(outage) => Self::DatabaseUnavailable {
                    outage,
                    cause: crate::store::error_chain(&other),
                },
                None => Self::Unexpected(other.into()),
            },
        }
    }
}

/// Any failure; one that comes from a database outage (anywhere in its chain) is a 503.
impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        match crate::store::outage_in_anyhow(&e) {
            Some(outage) => Self::DatabaseUnavailable {
                outage,
                cause: format!("{e:#}"),
            },
            None => Self::Unexpected(e),
        }
    }
}

/// The error body every non-2xx answer carries.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code, e.g. `not_found`, `invalid_parameter`.
    pub code: String,
    pub message: String,
    /// Credit for streaming data (providers answers only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let message = match &self {
            // Logged once here with its cause chain; the client gets no internals.
            Self::Unexpected(e) => {
                tracing::error!(error = %format!("{e:#}"), "sidecar request failed");
                "internal error; see the server log".to_string()
            }
            Self::DatabaseUnavailable { cause, .. } => {
                tracing::warn!(error = %cause, "sidecar request failed: database unavailable");
                self.to_string()
            }
            other => other.to_string(),
        };
        let attribution = matches!(
            self,
            Self::Unavailable {
                code: "tmdb_unavailable",
                ..
            }
        )
        .then(|| JUSTWATCH_ATTRIBUTION.to_string());
        let body = ErrorBody {
            error: ErrorDetail {
                code: code.to_string(),
                message,
                attribution,
            },
        };
        let retry_after = match &self {
            // Whole seconds, rounded up: a client that waits that long is let in.
            Self::TooManyRequests { retry_after } => {
                Some(retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0))
            }
            Self::DatabaseUnavailable { .. } => Some(DATABASE_RETRY_AFTER),
            _ => None,
        };
        let mut response = (status, axum::Json(body)).into_response();
        let headers = response.headers_mut();
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        if let Some(secs) = retry_after {
            headers.insert(axum::http::header::RETRY_AFTER, secs.max(1).into());
        }
        response
    }
}

/// A JSON body whose errors name the offending field (via `serde_path_to_error`).
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        if !is_json(req.headers()) {
            return Err(ApiError::UnsupportedMediaType);
        }
        let limit = req
            .extensions()
            .get::<BodyLimit>()
            .map(|l| l.0)
            .unwrap_or(usize::MAX);
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::TooLarge(limit)
            } else {
                ApiError::MalformedJson(rejection.body_text())
            }
        })?;
        parse_json(&bytes).map(Json)
    }
}

/// The configured body limit, carried in request extensions for the error message.
#[derive(Clone, Copy, Debug)]
pub struct BodyLimit(pub usize);

/// `Content-Type: application/json` (any parameters, any case) or a `+json` type.
fn is_json(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // Every body the API takes is an object; serde would also fill a struct from an array
    // (`[1, 2, 3]` as user 1, film 2, 3★), which no client means.
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(ApiError::invalid(
            "body",
            "expected a JSON object, got an array",
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            ApiError::MalformedJson(inner.to_string())
        } else if path == "." {
            // A missing field or a body of the wrong shape: serde's text names the field.
            ApiError::invalid("body", inner.to_string())
        } else {
            ApiError::invalid(path, inner.to_string())
        }
    })?;
    de.end()
        .map_err(|e| ApiError::MalformedJson(e.to_string()))?;
    Ok(value)
}

/// Query parameters; a rejection names the parameter when serde can.
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| Query(q.0))
            .map_err(|e| ApiError::invalid("query", e.body_text()))
    }
}

/// One numeric path segment (`/api/user/{id}`); a rejection names the segment.
pub struct PathId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let axum::extract::Path(pairs) =
            axum::extract::Path::<Vec<(String, String)>>::from_request_parts(parts, state)
                .await
                .map_err(|e| ApiError::invalid("path", e.body_text()))?;
        let (name, raw) = pairs
            .into_iter()
            .next()
            .ok_or_else(|| ApiError::invalid("path", "missing id"))?;
        match raw.trim().parse::<i64>() {
            Ok(v) if v > 0 => Ok(PathId(v)),
            _ => Err(ApiError::invalid(
                name,
                format!("expected a positive integer, got {raw:?}"),
            )),
        }
    }
}
