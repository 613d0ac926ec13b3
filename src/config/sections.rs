//! The configuration sections, their defaults and their per-section validation.
//! `bot.example.toml` documents each field; keep the two in step.

use std::net::SocketAddr;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer};

pub(super) type Check = Result<(), (&'static str, String)>;

/// Accepts a string, or a number/bool spelled as one (an all-digit token from the environment).
fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Any {
        S(String),
        I(i64),
        F(f64),
        B(bool),
    }
    Ok(Option::<Any>::deserialize(d)?.map(|v| match v {
        Any::S(s) => s,
        Any::I(i) => i.to_string(),
        Any::F(f) => f.to_string(),
        Any::B(b) => b.to_string(),
    }))
}

fn secret<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SecretString>, D::Error> {
    Ok(lenient_string(d)?
        .filter(|s| !s.is_empty())
        .map(SecretString::from))
}

fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(lenient_string(d)?.filter(|s| !s.is_empty()))
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    /// `sqlite://PATH` (created if missing) or `postgres://...`.
    pub url: String,
    pub max_connections: u32,
    /// How long a user's row, ratings and preferences stay in this process's cache. Writes
    /// through this process clear it at once; the TTL bounds staleness from other processes
    /// sharing a PostgreSQL database. 0 turns the cache off.
    pub user_cache_seconds: u64,
    /// Start even when the SQLite database that held data is missing or empty (its
    /// `<file>.state` says so), creating a new empty one. For one start after a deliberate
    /// reset; `moviebot --fresh-database` sets it for a single command.
    #[serde(deserialize_with = "flag")]
    pub fresh: bool,
}

/// A boolean that also accepts 1 and 0, as environment variables often spell it
/// (`MOVIEBOT_DATABASE__FRESH=1`).
fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Int(i64),
    }
    match Flag::deserialize(d) {
        Ok(Flag::Bool(b)) => Ok(b),
        Ok(Flag::Int(0)) => Ok(false),
        Ok(Flag::Int(1)) => Ok(true),
        _ => Err(serde::de::Error::custom(
            "expected true or false (or 1 or 0)",
        )),
    }
}

/// How long a user's cached rows live unless a write forgets them first; also what a store
/// opened without a configuration (tests, benches) uses.
pub const DEFAULT_USER_CACHE_TTL: Duration = Duration::from_secs(5);

/// The longest `user_cache_seconds` accepted: an hour.
pub const MAX_USER_CACHE_SECONDS: u64 = 3600;

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self {
            url: "sqlite://moviebot.db".into(),
            max_connections: 8,
            user_cache_seconds: DEFAULT_USER_CACHE_TTL.as_secs(),
            fresh: false,
        }
    }
}

impl DatabaseConfig {
    pub(super) fn validate(&self) -> Check {
        let ok = ["sqlite:", "postgres://", "postgresql://"]
            .iter()
            .any(|p| self.url.starts_with(p));
        if !ok {
            return Err((
                "database.url",
                "expected a URL starting with sqlite: or postgres://".into(),
            ));
        }
        if self.max_connections == 0 {
            return Err(("database.max_connections", "expected at least 1".into()));
        }
        if self.user_cache_seconds > MAX_USER_CACHE_SECONDS {
            return Err((
                "database.user_cache_seconds",
                format!("expected 0 to {MAX_USER_CACHE_SECONDS}"),
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TmdbConfig {
    /// v3 API key (sent as the `api_key` query parameter).
    #[serde(deserialize_with = "secret")]
    pub api_key: Option<SecretString>,
    /// v4 read access token (sent as `Authorization: Bearer`); preferred when set.
    #[serde(deserialize_with = "secret")]
    pub read_access_token: Option<SecretString>,
    pub base_url: String,
    pub language: String,
    pub region: String,
    pub cache_hours: u32,
    pub requests_per_second: u32,
    pub timeout_secs: u64,
    /// Whether `moviebot run` keeps the catalog fresh from TMDb's lists in the background
    /// (only with credentials).
    pub refresh: bool,
    /// How often trending (today's) is refreshed.
    pub refresh_trending_hours: u32,
    /// How often popular and top rated are refreshed.
    pub refresh_lists_hours: u32,
    /// Pages of each list a refresh reads (20 films a page).
    pub refresh_pages: u32,
    /// How many of the most popular films stored without a poster `moviebot run` fetches
    /// details (and so posters) for in the background at start; 0 turns it off.
    pub prefetch_posters: usize,
}

impl Default for TmdbConfig {
    fn default() -> Self {
        Self {
            api_key: None,
            read_access_token: None,
            base_url: "https://api.themoviedb.org/3".into(),
            language: "en-US".into(),
            region: "US".into(),
            cache_hours: 24,
            requests_per_second: 20,
            timeout_secs: 5,
            refresh: true,
            refresh_trending_hours: 24,
            refresh_lists_hours: 24 * 7,
            refresh_pages: 2,
            prefetch_posters: 1000,
        }
    }
}

/// TMDb's terms: cache nothing longer than six months.
pub const TMDB_MAX_CACHE_HOURS: u32 = 24 * 183;

/// TMDb serves pages 1 to 500 of any list.
pub const TMDB_MAX_PAGES: u32 = 500;

impl TmdbConfig {
    /// Whether TMDb is usable at all (otherwise the embedded catalog answers).
    pub fn has_credentials(&self) -> bool {
        self.api_key.is_some() || self.read_access_token.is_some()
    }

    pub(super) fn validate(&self) -> Check {
        if !(self.base_url.starts_with("http://") || self.base_url.starts_with("https://")) {
            return Err(("tmdb.base_url", "expected an http(s) URL".into()));
        }
        if self.cache_hours == 0 || self.cache_hours > TMDB_MAX_CACHE_HOURS {
            return Err((
                "tmdb.cache_hours",
                format!("expected 1 to {TMDB_MAX_CACHE_HOURS} (TMDb allows at most 6 months)"),
            ));
        }
        if self.region.len() != 2 || !self.region.chars().all(|c| c.is_ascii_uppercase()) {
            return Err((
                "tmdb.region",
                "expected a two-letter upper-case country code like US".into(),
            ));
        }
        if self.requests_per_second == 0 || self.requests_per_second > 40 {
            return Err((
                "tmdb.requests_per_second",
                "expected 1 to 40 (TMDb's guidance)".into(),
            ));
        }
        if self.timeout_secs == 0 {
            return Err(("tmdb.timeout_secs", "expected at least 1".into()));
        }
        if self.refresh_trending_hours == 0 {
            return Err(("tmdb.refresh_trending_hours", "expected at least 1".into()));
        }
        if self.refresh_lists_hours == 0 {
            return Err(("tmdb.refresh_lists_hours", "expected at least 1".into()));
        }
        if self.refresh_pages == 0 || self.refresh_pages > TMDB_MAX_PAGES {
            return Err((
                "tmdb.refresh_pages",
                format!("expected 1 to {TMDB_MAX_PAGES} (TMDb's page limit)"),
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DiscordMode {
    #[default]
    Gateway,
    Interactions,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DiscordConfig {
    #[serde(deserialize_with = "secret")]
    pub token: Option<SecretString>,
    pub application_id: Option<u64>,
    /// Hex Ed25519 public key from the developer portal (interactions mode).
    #[serde(deserialize_with = "opt_string")]
    pub public_key: Option<String>,
    pub mode: DiscordMode,
    pub guild_id: Option<u64>,
    /// Replaces `https://discord.com` for REST calls (a rate-limit proxy, or a fake in tests).
    #[serde(deserialize_with = "opt_string")]
    pub api_base: Option<String>,
}

impl DiscordConfig {
    /// A token (gateway, or interactions with command registration), or interactions mode
    /// with its public key (the endpoint answers; commands were registered elsewhere).
    pub fn enabled(&self) -> bool {
        self.token.is_some()
            || (self.mode == DiscordMode::Interactions && self.public_key.is_some())
    }

    pub(super) fn validate(&self) -> Check {
        if let Some(key) = &self.public_key
            && (key.len() != 64 || !key.chars().all(|c| c.is_ascii_hexdigit()))
        {
            return Err((
                "discord.public_key",
                "expected 64 hex characters (the application's public key)".into(),
            ));
        }
        if self.mode == DiscordMode::Interactions && self.enabled() && self.public_key.is_none() {
            return Err((
                "discord.public_key",
                "required when discord.mode = \"interactions\"".into(),
            ));
        }
        if self.enabled() && self.application_id.unwrap_or(0) == 0 {
            return Err((
                "discord.application_id",
                "required with a Discord token (Developer Portal → General Information)".into(),
            ));
        }
        if let Some(base) = &self.api_base
            && url::Url::parse(base).is_err()
        {
            return Err((
                "discord.api_base",
                format!("expected a URL like http://127.0.0.1:8081, got {base:?}"),
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TelegramMode {
    #[default]
    Polling,
    Webhook,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TelegramConfig {
    #[serde(deserialize_with = "secret")]
    pub token: Option<SecretString>,
    pub mode: TelegramMode,
    #[serde(deserialize_with = "opt_string")]
    pub webhook_url: Option<String>,
    #[serde(deserialize_with = "secret")]
    pub secret_token: Option<SecretString>,
    /// A self-hosted Bot API server (or a fake in tests).
    #[serde(deserialize_with = "opt_string")]
    pub api_url: Option<String>,
}

impl TelegramConfig {
    pub fn enabled(&self) -> bool {
        self.token.is_some()
    }

    pub(super) fn validate(&self) -> Check {
        if let Some(secret) = &self.secret_token {
            let s = secret.expose_secret();
            let ok = (1..=256).contains(&s.len())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !ok {
                return Err((
                    "telegram.secret_token",
                    "expected 1-256 characters from A-Z a-z 0-9 _ -".into(),
                ));
            }
        }
        for (key, url) in [
            ("telegram.webhook_url", &self.webhook_url),
            ("telegram.api_url", &self.api_url),
        ] {
            if let Some(url) = url
                && url::Url::parse(url).is_err()
            {
                return Err((key, format!("expected a URL, got {url:?}")));
            }
        }
        if self.mode == TelegramMode::Webhook && self.enabled() {
            if self.webhook_url.is_none() {
                return Err((
                    "telegram.webhook_url",
                    "required when telegram.mode = \"webhook\"".into(),
                ));
            }
            if self.secret_token.is_none() {
                return Err((
                    "telegram.secret_token",
                    "required when telegram.mode = \"webhook\"".into(),
                ));
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SidecarConfig {
    pub bind: String,
    #[serde(deserialize_with = "secret")]
    pub admin_token: Option<SecretString>,
    /// A client must send a request's whole head within this many seconds (slowloris), and an
    /// idle keep-alive connection is closed after it.
    pub header_timeout_seconds: u64,
    /// A request body must arrive within this many seconds (408 otherwise).
    pub body_timeout_seconds: u64,
    /// Connections served at once; past it, new ones wait in the listen queue.
    pub max_connections: usize,
    /// On SIGTERM, in-flight requests and chat events get this many seconds to finish.
    pub drain_seconds: u64,
}

impl Default for SidecarConfig {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            admin_token: None,
            header_timeout_seconds: 10,
            body_timeout_seconds: 30,
            max_connections: 4096,
            drain_seconds: 10,
        }
    }
}

impl SidecarConfig {
    pub fn addr(&self) -> SocketAddr {
        self.bind.parse().expect("validated at load")
    }

    pub fn header_timeout(&self) -> Duration {
        Duration::from_secs(self.header_timeout_seconds)
    }

    pub fn body_timeout(&self) -> Duration {
        Duration::from_secs(self.body_timeout_seconds)
    }

    pub fn drain(&self) -> Duration {
        Duration::from_secs(self.drain_seconds)
    }

    pub(super) fn validate(&self) -> Check {
        let addr: SocketAddr = self.bind.parse().map_err(|_| {
            (
                "sidecar.bind",
                format!(
                    "expected ADDRESS:PORT like 127.0.0.1:8080, got {:?}",
                    self.bind
                ),
            )
        })?;
        for (key, v) in [
            (
                "sidecar.header_timeout_seconds",
                self.header_timeout_seconds,
            ),
            ("sidecar.body_timeout_seconds", self.body_timeout_seconds),
            ("sidecar.max_connections", self.max_connections as u64),
        ] {
            if v == 0 {
                return Err((key, "expected at least 1".into()));
            }
        }
        let public = !addr.ip().is_loopback();
        match &self.admin_token {
            None if public => Err((
                "sidecar.admin_token",
                "required when sidecar.bind is not a loopback address".into(),
            )),
            Some(token) => check_admin_token(token.expose_secret(), public),
            None => Ok(()),
        }
    }
}

/// The shortest admin token accepted for a public bind: guessable tokens are no protection
/// for an API anyone can reach.
pub const MIN_PUBLIC_ADMIN_TOKEN: usize = 16;

/// A token that can be sent as `Authorization: Bearer <token>` (no surrounding or control
/// whitespace, not empty), long enough when the sidecar is public.
fn check_admin_token(token: &str, public: bool) -> Check {
    let bad = |why: String| Err(("sidecar.admin_token", why));
    if token.is_empty() || token.trim() != token {
        return bad("may not be empty or start or end with whitespace".into());
    }
    if token.chars().any(char::is_control) {
        return bad("may not contain control characters".into());
    }
    if public && token.chars().count() < MIN_PUBLIC_ADMIN_TOKEN {
        return bad(format!(
            "at least {MIN_PUBLIC_ADMIN_TOKEN} characters when sidecar.bind is not a loopback \
             address"
        ));
    }
    Ok(())
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LimitsConfig {
    /// Longer chat messages are refused politely.
    pub max_message_chars: usize,
    /// Per-user chat turns per minute, and the burst allowed above it.
    pub chat_per_minute: u32,
    pub chat_burst: u32,
    /// Per-client REST requests per second, and the burst.
    pub api_per_second: u32,
    pub api_burst: u32,
    /// Largest accepted REST body, in bytes.
    pub max_body_bytes: usize,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        Self {
            max_message_chars: 2000,
            chat_per_minute: 30,
            chat_burst: 10,
            api_per_second: 20,
            api_burst: 100,
            max_body_bytes: 64 * 1024,
        }
    }
}

impl LimitsConfig {
    pub(super) fn validate(&self) -> Check {
        for (key, v) in [
            ("limits.max_message_chars", self.max_message_chars),
            ("limits.chat_per_minute", self.chat_per_minute as usize),
            ("limits.chat_burst", self.chat_burst as usize),
            ("limits.api_per_second", self.api_per_second as usize),
            ("limits.api_burst", self.api_burst as usize),
            ("limits.max_body_bytes", self.max_body_bytes),
        ] {
            if v == 0 {
                return Err((key, "expected at least 1".into()));
            }
        }
        Ok(())
    }
}
