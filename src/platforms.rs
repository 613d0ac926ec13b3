//! The chat platforms `moviebot run` starts next to the sidecar: `[discord]` and `[telegram]`
//! turned into adapter settings, the adapters built on the one shared chat core, the webhook
//! routes they add to the sidecar (authenticated by each platform, not the admin token), and
//! their run loops, which end when the shared shutdown signal fires.

use std::future::Future;
use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use moviebot_discord::{Discord, DiscordSettings};
use moviebot_protocol::ChatHandler;
use moviebot_telegram::{Telegram, TelegramSettings};
use secrecy::ExposeSecret;
use tokio::task::JoinHandle;

use crate::config::{Config, DiscordConfig, DiscordMode, TelegramConfig, TelegramMode};

/// `[discord]` as the adapter's settings; `None` when Discord is not configured.
pub fn discord_settings(config: &DiscordConfig) -> Option<DiscordSettings> {
    if !config.enabled() {
        return None;
    }
    let mut settings = DiscordSettings::new(
        config.application_id.unwrap_or(0),
        config.public_key.clone().unwrap_or_default(),
    );
    settings.token = config.token.as_ref().map(|t| t.expose_secret().to_owned());
    settings.mode = match config.mode {
        DiscordMode::Gateway => moviebot_discord::Mode::Gateway,
        DiscordMode::Interactions => moviebot_discord::Mode::Interactions,
    };
    settings.guild_id = config.guild_id;
    settings.api_base = config.api_base.clone();
    Some(settings)
}

/// `[telegram]` as the adapter's settings; `None` when Telegram is not configured.
pub fn telegram_settings(config: &TelegramConfig) -> Option<TelegramSettings> {
    let token = config.token.as_ref()?;
    let mut settings = TelegramSettings::new(token.expose_secret());
    settings.mode = match config.mode {
        TelegramMode::Polling => moviebot_telegram::Mode::Polling,
        TelegramMode::Webhook => moviebot_telegram::Mode::Webhook,
    };
    settings.webhook_url = config.webhook_url.clone();
    settings.secret_token = config
        .secret_token
        .as_ref()
        .map(|s| s.expose_secret().to_owned());
    settings.api_url = config.api_url.clone();
    Some(settings)
}

/// The configured adapters, each sharing the one chat core.
#[derive(Default)]
pub struct Platforms {
    pub discord: Option<Arc<Discord>>,
    pub telegram: Option<Arc<Telegram>>,
}

impl Platforms {
    /// Builds every configured adapter (nothing is contacted yet). Must run inside the tokio
    /// runtime: Telegram's flood-limit worker starts here.
    pub fn from_config(config: &Config, core: Arc<dyn ChatHandler>) -> anyhow::Result<Self> {
        let discord = discord_settings(&config.discord)
            .map(|s| Discord::new(s, core.clone()).map(Arc::new))
            .transpose()
            .context("[discord]")?;
        let telegram = telegram_settings(&config.telegram)
            .map(|s| Telegram::new(s, core.clone()).map(Arc::new))
            .transpose()
            .context("[telegram]")?;
        Ok(Self { discord, telegram })
    }

    /// The webhook routes to merge into the sidecar: `/discord/interactions` in interactions
    /// mode, `/telegram/webhook` in webhook mode. Empty when both use outgoing connections.
    pub fn routes(&self) -> Router {
        let mut routes = Router::new();
        if let Some(d) = &self.discord
            && d.settings().mode == moviebot_discord::Mode::Interactions
        {
            routes = routes.merge(moviebot_discord::interactions_router(d.clone()));
        }
        if let Some(t) = &self.telegram
            && t.settings().mode == moviebot_telegram::Mode::Webhook
        {
            routes = routes.merge(moviebot_telegram::webhook_router(t.clone()));
        }
        routes
    }

    /// One line per configured adapter, for the start-up banner.
    pub fn describe(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(d) = &self.discord {
            lines.push(match d.settings().mode {
                moviebot_discord::Mode::Gateway => {
                    "Discord: gateway connection (no public URL needed)".to_owned()
                }
                moviebot_discord::Mode::Interactions => format!(
                    "Discord: interactions endpoint at {} on the sidecar",
                    moviebot_discord::endpoint::PATH
                ),
            });
        }
        if let Some(t) = &self.telegram {
            lines.push(match t.settings().mode {
                moviebot_telegram::Mode::Polling => "Telegram: long polling".to_owned(),
                moviebot_telegram::Mode::Webhook => format!(
                    "Telegram: webhook at {} on the sidecar (registered as {})",
                    moviebot_telegram::WEBHOOK_PATH,
                    t.settings().webhook_url.as_deref().unwrap_or("?")
                ),
            });
        }
        lines
    }

    /// Starts each adapter's run loop; each ends when `shutdown` resolves. A platform that
    /// cannot be reached is retried inside its loop and never stops the others.
    pub fn spawn<F>(&self, shutdown: impl Fn() -> F) -> Vec<JoinHandle<()>>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let mut tasks = Vec::new();
        if let Some(d) = &self.discord {
            let (d, stop) = (d.clone(), shutdown());
            tasks.push(tokio::spawn(async move {
                if let Err(e) = moviebot_discord::run(d, stop).await {
                    tracing::error!(error = %e, "Discord adapter did not start");
                }
            }));
        }
        if let Some(t) = &self.telegram {
            tasks.push(tokio::spawn(moviebot_telegram::run(t.clone(), shutdown())));
        }
        tasks
    }
}
