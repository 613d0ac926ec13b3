//! The plain client: one request per call, no retries, no cache. It knows how to authenticate
//! and how to read TMDb's answers; everything cross-cutting lives in [`super::CachedTmdb`].

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use super::error::TmdbError;
use crate::config::TmdbConfig;

/// How requests authenticate. The v4 token goes in a header, so it never appears in a URL.
#[derive(Clone)]
enum Auth {
    Bearer(SecretString),
    Key(SecretString),
}

/// One `reqwest::Client` bound to a base URL and credentials.
#[derive(Clone)]
pub struct TmdbClient {
    http: reqwest::Client,
    base: String,
    auth: Auth,
    timeout: Duration,
}

impl std::fmt::Debug for TmdbClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let auth = match self.auth {
            Auth::Bearer(_) => "bearer token",
            Auth::Key(_) => "api key",
        };
        f.debug_struct("TmdbClient")
            .field("base", &self.base)
            .field("auth", &auth)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl TmdbClient {
    /// A client for `config`; [`TmdbError::NotConfigured`] without a key or token.
    pub fn new(config: &TmdbConfig) -> Result<Self, TmdbError> {
        let auth = match (&config.read_access_token, &config.api_key) {
            (Some(token), _) => Auth::Bearer(token.clone()),
            (None, Some(key)) => Auth::Key(key.clone()),
            (None, None) => return Err(TmdbError::NotConfigured),
        };
        let http = reqwest::Client::builder()
            .user_agent(concat!("moviebot/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(config.timeout_secs.max(1)))
            .build()
            .map_err(|e| anyhow::anyhow!("cannot build the HTTP client: {}", e.without_url()))?;
        Ok(Self {
            http,
            base: config.base_url.trim_end_matches('/').to_owned(),
            auth,
            timeout: Duration::from_secs(config.timeout_secs.max(1)),
        })
    }

    /// Overrides the per-request timeout (tests use sub-second ones).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// GETs `path` (e.g. `/movie/550`) with `params` and returns the JSON body as text.
    /// Errors carry no URL: with a v3 key the URL holds the key.
    pub async fn get(&self, path: &str, params: &[(String, String)]) -> Result<String, TmdbError> {
        let mut url = url::Url::parse(&format!("{}{}", self.base, path))
            .map_err(|_| anyhow::anyhow!("invalid TMDb base URL or path"))?;
        {
            let mut query = url.query_pairs_mut();
            for (k, v) in params {
                query.append_pair(k, v);
            }
            if let Auth::Key(key) = &self.auth {
                query.append_pair("api_key", key.expose_secret());
            }
        }
        let mut request = self
            .http
            .get(url)
            .timeout(self.timeout)
            .header(reqwest::header::ACCEPT, "application/json");
        if let Auth::Bearer(token) = &self.auth {
            request = request.bearer_auth(token.expose_secret());
        }
        let response = request.send().await.map_err(|e| {
            let error = TmdbError::from_reqwest(&e);
            tracing::debug!(path, error = %e.without_url(), "TMDb request failed");
            error
        })?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(|s| Duration::from_secs_f64(s.min(3600.0)));
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let body = response.text().await.map_err(|e| {
            let error = TmdbError::from_reqwest(&e);
            tracing::debug!(path, error = %e.without_url(), "TMDb body failed");
            error
        })?;
        tracing::debug!(
            path,
            status = status.as_u16(),
            bytes = body.len(),
            "TMDb answered"
        );
        if !status.is_success() {
            return Err(TmdbError::from_status(status.as_u16(), &body, retry_after));
        }
        if !content_type.contains("json") {
            let shown: String = content_type.chars().take(60).collect();
            return Err(TmdbError::Malformed(format!(
                "expected JSON, got content type {shown:?}"
            )));
        }
        Ok(body)
    }
}
