//! Discord adapter for moviebot (serenity): slash commands with autocomplete, movie cards as
//! embeds with rating buttons, reaction ratings — over the gateway or the HTTP interactions
//! endpoint, both through one function from an interaction to its response.
//!
//! - [`settings`]: [`DiscordSettings`] and [`Mode`], plain values the root crate fills.
//! - [`commands`]: the slash command definitions (registered by bulk overwrite).
//! - [`interaction`]: a serenity interaction → a neutral event (who, where, what, event id).
//! - [`discord`]: [`Discord::interact`] — ask the core, render, defer when slow.
//! - [`render`] and [`wire`]: a neutral reply → Discord JSON within every limit.
//! - [`endpoint`]: `POST /discord/interactions` with signature and timestamp checks.
//! - [`rest`]: command registration, edits and follow-ups, retried with backoff.
//! - [`gateway`] and [`reactions`]: the serenity client and 1️⃣–5️⃣ reaction ratings.
//! - `testing` (feature `test-support`, tests and benches only): the test signing key, signed
//!   requests, interaction JSON and a fake Discord REST API.
//!
//! Depends on `moviebot-protocol` only: the core is any [`moviebot_protocol::ChatHandler`].

pub mod commands;
pub mod discord;
mod download;
pub mod endpoint;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub mod gateway;
pub mod interaction;
mod outbox;
pub mod reactions;
pub mod render;
pub mod rest;
pub mod settings;
#[cfg(feature = "test-support")]
pub mod testing;
pub mod wire;

use std::future::Future;
use std::sync::{Arc, OnceLock};

use serenity::client::ClientBuilder;
use serenity::gateway::ShardManager;
use tokio::task::JoinHandle;
use tracing::{error, info, warn};

pub use discord::{Answer, Discord, FollowUp, SettingsError};
pub use endpoint::interactions_router;
pub use settings::{DiscordSettings, Mode, RetryPolicy};

/// Why [`run`] could not start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunError {
    /// Gateway mode needs `discord.token`.
    MissingToken,
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::MissingToken => f.write_str("discord.token is required in gateway mode"),
        }
    }
}

impl std::error::Error for RunError {}

/// Registers the commands in the background (bulk overwrite, to `guild_id` when set), retrying
/// with backoff for as long as the policy allows; failures are logged, never fatal.
pub fn spawn_registration(discord: Arc<Discord>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let guild = discord.settings.guild_id;
        if let Err(e) = discord.rest.register_commands(guild).await {
            error!(error = %e, "Discord commands were not registered; slash commands may be \
                missing or stale until the next start");
        }
    })
}

/// Runs the adapter until `shutdown` resolves: registers commands in the background (when a
/// token is set) and, in gateway mode, keeps a gateway connection (reconnecting with backoff
/// when Discord is unreachable). In interactions mode, mount [`interactions_router`] on the
/// sidecar; this only registers commands and waits.
pub async fn run(
    discord: Arc<Discord>,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), RunError> {
    let token = discord
        .settings
        .token
        .clone()
        .filter(|t| !t.trim().is_empty());
    if discord.settings.mode == Mode::Gateway && token.is_none() {
        return Err(RunError::MissingToken);
    }
    let registration = match &token {
        Some(_) => Some(spawn_registration(discord.clone())),
        None => {
            warn!("discord.token is not set: slash commands are not registered");
            None
        }
    };
    match (discord.settings.mode, token) {
        (Mode::Gateway, Some(token)) => {
            let running = Running::default();
            tokio::select! {
                () = gateway_loop(discord.clone(), token, running.clone()) => {}
                () = shutdown => info!("Discord gateway stopping"),
            }
            let manager = running.lock().unwrap_or_else(|p| p.into_inner()).take();
            if let Some(manager) = manager {
                manager.shutdown_all().await;
            }
        }
        _ => shutdown.await,
    }
    if let Some(r) = registration {
        r.abort();
    }
    Ok(())
}

/// The running client's shard manager, to stop it on shutdown.
type Running = Arc<std::sync::Mutex<Option<Arc<ShardManager>>>>;

/// Connects, and reconnects with backoff whenever the client stops with an error.
async fn gateway_loop(discord: Arc<Discord>, token: String, running: Running) {
    let mut attempt = 0u32;
    loop {
        attempt += 1;
        let http = rest::build_http(
            &DiscordSettings {
                token: Some(token.clone()),
                ..discord.settings.clone()
            },
            rest::reqwest_client(),
        );
        let glue = gateway::Glue {
            discord: discord.clone(),
            bot: OnceLock::new(),
        };
        let built = ClientBuilder::new_with_http(http, gateway::intents())
            .event_handler(glue)
            .await;
        let result = match built {
            Ok(mut client) => {
                *running.lock().unwrap_or_else(|p| p.into_inner()) =
                    Some(client.shard_manager.clone());
                client.start().await
            }
            Err(e) => Err(e),
        };
        let wait = discord.settings.retry.delay(attempt);
        match result {
            Ok(()) => attempt = 0,
            Err(e) => warn!(error = %e, attempt, retry_in_s = wait.as_secs(),
                "Discord gateway stopped; reconnecting"),
        }
        tokio::time::sleep(wait).await;
    }
}
