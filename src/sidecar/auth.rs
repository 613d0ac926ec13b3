//! Admin auth for writes and deletes: `Authorization: Bearer <admin_token>` when a token is
//! configured. As an extractor listed before the body, it refuses before anything is read.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use secrecy::ExposeSecret;

use super::error::ApiError;
use super::state::AppState;

/// Proof that the request may write.
pub struct Admin;

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(token) = &state.admin_token else {
            return Ok(Admin);
        };
        let given = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(bearer)
            .unwrap_or("");
        if constant_time_eq(given.as_bytes(), token.expose_secret().as_bytes()) {
            Ok(Admin)
        } else {
            Err(ApiError::Unauthorized)
        }
    }
}

/// The credentials of a `Bearer` authorization (RFC 6750: the scheme in any case, then one or
/// more spaces); `None` for any other scheme.
fn bearer(value: &str) -> Option<&str> {
    let (scheme, rest) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| rest.trim_start_matches(' ').trim_end())
}

/// Compares without an early exit, so timing does not reveal how much of a guess was right
/// (only the length, which a token's owner picks long enough anyway).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::{bearer, constant_time_eq};

    #[test]
    fn the_bearer_scheme_is_read_as_rfc_6750_says() {
        assert_eq!(bearer("Bearer tok"), Some("tok"));
        assert_eq!(bearer("bearer tok"), Some("tok"));
        assert_eq!(bearer("BEARER  tok"), Some("tok"));
        assert_eq!(bearer("Basic dG9rOg=="), None);
        assert_eq!(bearer("Bearertok"), None);
        assert_eq!(bearer("Bearer"), None);
    }

    #[test]
    fn compares_whole_tokens() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"secret!"));
        assert!(!constant_time_eq(b"", b"x"));
    }
}
