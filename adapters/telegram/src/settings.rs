//! The adapter's settings as plain values (the root crate maps `[telegram]` in bot.toml onto
//! them) and their validation.

use std::time::Duration;

pub use teloxide::adaptors::throttle::Limits;

/// How updates reach the adapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// `getUpdates` long polling: no public URL needed (the default).
    #[default]
    Polling,
    /// Telegram POSTs updates to `webhook_url`, served by [`crate::webhook_router`].
    Webhook,
}

/// Everything the adapter needs to talk to Telegram.
#[derive(Clone)]
pub struct TelegramSettings {
    /// The bot token from @BotFather.
    pub token: String,
    pub mode: Mode,
    /// Public HTTPS URL Telegram posts to in webhook mode, ending in `/telegram/webhook`.
    pub webhook_url: Option<String>,
    /// Webhook secret (1–256 of `A-Z a-z 0-9 _ -`), echoed by Telegram in
    /// `X-Telegram-Bot-Api-Secret-Token`. Required in webhook mode.
    pub secret_token: Option<String>,
    /// Another Bot API server (a self-hosted one, or a test fake); Telegram's by default.
    pub api_url: Option<String>,
    /// Flood limits for teloxide's `Throttle` (Telegram's published limits by default).
    pub limits: Limits,
    /// Long-poll timeout for `getUpdates`; must stay under the HTTP client's 17 s timeout.
    pub poll_timeout: Duration,
    /// First and longest wait between attempts while Telegram cannot be reached.
    pub retry_initial: Duration,
    pub retry_max: Duration,
    /// How long inline-query answers are cached (here and by Telegram, `cache_time`).
    pub inline_cache: Duration,
}

impl TelegramSettings {
    /// Polling with Telegram's own server and the default limits and timings.
    pub fn new(token: impl Into<String>) -> Self {
        Self {
            token: token.into(),
            mode: Mode::Polling,
            webhook_url: None,
            secret_token: None,
            api_url: None,
            limits: Limits::default(),
            poll_timeout: Duration::from_secs(10),
            retry_initial: Duration::from_secs(1),
            retry_max: Duration::from_secs(60),
            inline_cache: Duration::from_secs(30),
        }
    }

    /// Checks what Telegram would refuse later, so a bad setting fails at start-up with a
    /// message naming it.
    pub fn validate(&self) -> Result<(), SettingsError> {
        if self.token.trim().is_empty() {
            return Err(SettingsError("telegram.token is empty".into()));
        }
        if let Some(url) = &self.api_url {
            url::Url::parse(url)
                .map_err(|e| SettingsError(format!("telegram.api_url {url:?}: {e}")))?;
        }
        if let Some(secret) = &self.secret_token {
            let ok = (1..=256).contains(&secret.len())
                && secret
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if !ok {
                return Err(SettingsError(
                    "telegram.secret_token must be 1-256 characters of A-Z, a-z, 0-9, _ and -"
                        .into(),
                ));
            }
        }
        if self.mode == Mode::Webhook {
            let url = self.webhook_url.as_deref().ok_or_else(|| {
                SettingsError("telegram.webhook_url is required in webhook mode".into())
            })?;
            url::Url::parse(url)
                .map_err(|e| SettingsError(format!("telegram.webhook_url {url:?}: {e}")))?;
            if self.secret_token.is_none() {
                return Err(SettingsError(
                    "telegram.secret_token is required in webhook mode".into(),
                ));
            }
        }
        Ok(())
    }
}

// The token is a credential: keep it out of logs.
impl std::fmt::Debug for TelegramSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TelegramSettings")
            .field("token", &"<redacted>")
            .field("mode", &self.mode)
            .field("webhook_url", &self.webhook_url)
            .field(
                "secret_token",
                &self.secret_token.as_ref().map(|_| "<redacted>"),
            )
            .field("api_url", &self.api_url)
            .field("poll_timeout", &self.poll_timeout)
            .finish_non_exhaustive()
    }
}

/// A setting Telegram would refuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError(pub String);

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SettingsError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_mode_needs_url_and_a_valid_secret() {
        let mut s = TelegramSettings::new("1:abc");
        assert!(s.validate().is_ok());
        s.mode = Mode::Webhook;
        assert!(s.validate().unwrap_err().0.contains("webhook_url"));
        s.webhook_url = Some("https://bot.example.com/telegram/webhook".into());
        assert!(s.validate().unwrap_err().0.contains("secret_token"));
        s.secret_token = Some("bad secret!".into());
        assert!(s.validate().is_err());
        s.secret_token = Some("good_Secret-1".into());
        assert!(s.validate().is_ok());
        assert!(!format!("{s:?}").contains("1:abc"));
    }
}
