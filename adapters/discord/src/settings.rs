//! The adapter's settings: plain values the root crate fills from `[discord]` in bot.toml.

use std::time::Duration;

/// How Discord reaches the bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// A gateway (websocket) connection: no public URL needed. Interactions arrive as gateway
    /// events; reactions work too.
    #[default]
    Gateway,
    /// Discord POSTs interactions to `/discord/interactions` on the sidecar (needs a public
    /// HTTPS URL set as the application's "Interactions Endpoint URL"). No reactions.
    Interactions,
}

/// Everything the adapter needs to know. `Debug` leaves the token out.
#[derive(Clone)]
pub struct DiscordSettings {
    /// The bot token. Needed for the gateway and for command registration; without it the
    /// interactions endpoint still answers, but commands are not (re)registered.
    pub token: Option<String>,
    /// The application id (Developer Portal → General Information).
    pub application_id: u64,
    /// The application's Ed25519 public key, 64 hex digits (used to verify interactions).
    /// May be empty in gateway mode, where the interactions endpoint is not used.
    pub public_key: String,
    pub mode: Mode,
    /// Register commands to this guild only (instant updates while testing) instead of
    /// globally.
    pub guild_id: Option<u64>,
    /// Replaces `https://discord.com` in REST calls (a rate-limit proxy such as nirn-proxy, or
    /// a local fake in tests), without `/api/v10`. With it, serenity's own rate limiter is off
    /// and this crate honours 429 Retry-After itself.
    pub api_base: Option<String>,
    /// Answer with a deferred response when the chat core has not answered by then (Discord
    /// drops interactions not answered within 3 s).
    pub defer_after: Duration,
    /// Retries for command registration and deferred edits.
    pub retry: RetryPolicy,
}

impl std::fmt::Debug for DiscordSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DiscordSettings")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("application_id", &self.application_id)
            .field("public_key", &self.public_key)
            .field("mode", &self.mode)
            .field("guild_id", &self.guild_id)
            .field("api_base", &self.api_base)
            .field("defer_after", &self.defer_after)
            .field("retry", &self.retry)
            .finish()
    }
}

impl DiscordSettings {
    /// Settings with the defaults: gateway mode, global commands, discord.com, 2.5 s deferral.
    pub fn new(application_id: u64, public_key: impl Into<String>) -> Self {
        Self {
            token: None,
            application_id,
            public_key: public_key.into(),
            mode: Mode::default(),
            guild_id: None,
            api_base: None,
            defer_after: Duration::from_millis(2500),
            retry: RetryPolicy::default(),
        }
    }
}

/// Exponential backoff: `initial`, doubled per failure up to `max`; a 429's Retry-After wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub initial: Duration,
    pub max: Duration,
    /// Give up after this many attempts; `None` retries for as long as the bot runs.
    pub max_attempts: Option<u32>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            initial: Duration::from_secs(1),
            max: Duration::from_secs(300),
            max_attempts: None,
        }
    }
}

impl RetryPolicy {
    /// The wait after the `attempt`-th failure (1-based).
    pub fn delay(&self, attempt: u32) -> Duration {
        let factor = 1u32
            .checked_shl(attempt.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.initial.saturating_mul(factor).min(self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_token() {
        let mut s = DiscordSettings::new(1, "00");
        s.token = Some("secret-token".into());
        assert!(!format!("{s:?}").contains("secret-token"));
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(1), Duration::from_secs(1));
        assert_eq!(p.delay(4), Duration::from_secs(8));
        assert_eq!(p.delay(40), Duration::from_secs(300));
    }
}
