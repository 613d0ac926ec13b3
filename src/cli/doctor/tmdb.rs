//! The TMDb checks: with a key or token, `GET /configuration` through the configured base URL
//! (a 401 means the credentials are wrong, a timeout that TMDb is unreachable), then what the
//! bot will spend: rate limit, cache, refresh. TMDb publishes no quota to query: the limit is
//! the one configured here.

use std::time::{Duration, Instant};

use super::Report;
use crate::config::TmdbConfig;
use crate::tmdb::error::Unavailable;
use crate::tmdb::{TmdbClient, TmdbError};

const KEY_SETTING: &str = "[tmdb] api_key (TMDB_API_KEY) or read_access_token \
                           (MOVIEBOT_TMDB__READ_ACCESS_TOKEN)";

pub async fn check(report: &mut Report, config: &TmdbConfig, timeout: Duration) {
    if !config.has_credentials() {
        report.ok(
            "tmdb",
            format!(
                "not configured: films come from the embedded catalog and imports (set \
                 {KEY_SETTING} to use TMDb)"
            ),
        );
        return;
    }
    let kind = if config.read_access_token.is_some() {
        "v4 read access token"
    } else {
        "v3 API key"
    };
    let client = match TmdbClient::new(config) {
        Ok(client) => client.with_timeout(timeout),
        Err(e) => {
            report.fail("tmdb.key", e.to_string(), format!("check {KEY_SETTING}"));
            return;
        }
    };
    let started = Instant::now();
    let answer = client.get("/configuration", &[]).await;
    let took = started.elapsed().as_millis();
    let base = &config.base_url;
    match answer {
        Ok(_) => report.ok("tmdb.key", format!("{kind} accepted by {base} ({took} ms)")),
        Err(TmdbError::InvalidKey) => report.fail(
            "tmdb.key",
            format!("TMDb refused the {kind} (HTTP 401): the key is wrong or revoked"),
            format!("set {KEY_SETTING} to the key from https://www.themoviedb.org/settings/api"),
        ),
        Err(TmdbError::Unavailable(Unavailable::Timeout)) => report.fail(
            "tmdb.key",
            format!(
                "TMDb unreachable: no answer from {base} within {} s",
                timeout.as_secs()
            ),
            "check the network, proxy or firewall, and [tmdb] base_url",
        ),
        Err(TmdbError::Unavailable(Unavailable::Connect)) => report.fail(
            "tmdb.key",
            format!("TMDb unreachable: could not connect to {base}"),
            "check DNS, the network, proxy or firewall, and [tmdb] base_url",
        ),
        Err(e @ (TmdbError::Unavailable(_) | TmdbError::RateLimited { .. })) => report.warn(
            "tmdb.key",
            format!("TMDb answered but is failing: {e}"),
            "nothing to change here if it passes later; the bot falls back to its cache and \
             catalog meanwhile",
        ),
        Err(e) => report.fail(
            "tmdb.key",
            format!("unexpected answer from {base}: {e}"),
            "check [tmdb] base_url (it must end in /3)",
        ),
    }
    let refresh = if config.refresh {
        format!(
            "background refresh on (trending every {} h, popular and top rated every {} h, {} \
             pages)",
            config.refresh_trending_hours, config.refresh_lists_hours, config.refresh_pages
        )
    } else {
        "background refresh off".to_string()
    };
    report.ok(
        "tmdb.limits",
        format!(
            "at most {} requests/s, responses cached {} h, {} s timeout, {refresh}",
            config.requests_per_second, config.cache_hours, config.timeout_secs
        ),
    );
}
