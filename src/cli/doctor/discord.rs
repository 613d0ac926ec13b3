//! The Discord checks, through `[discord] api_base` when set: the token (`GET /users/@me`),
//! the application it belongs to (`GET /applications/@me`: its id against `application_id`,
//! its flags against the gateway intents the adapter asks for, its Interactions Endpoint URL
//! against the mode), and the registered slash commands (`GET .../commands`) against the
//! ones `moviebot run` registers from `Command::SPECS`.

mod commands;

use secrecy::ExposeSecret;
use serde_json::{Value, json};

use super::Report;
use super::http::Client;
use crate::config::{DiscordConfig, DiscordMode};

const TOKEN_SETTING: &str = "[discord] token (DISCORD_TOKEN)";

pub async fn check(report: &mut Report, config: &DiscordConfig, client: &Client) {
    if !config.enabled() {
        report.ok(
            "discord",
            "not configured (set [discord] token to add Discord)",
        );
        return;
    }
    let Some(token) = &config.token else {
        report.warn(
            "discord.token",
            "no token: the interactions endpoint answers, but moviebot cannot check or \
             register its slash commands",
            format!("set {TOKEN_SETTING} to let `moviebot run` register them"),
        );
        return;
    };
    let api = Api {
        base: format!(
            "{}/api/v10",
            config
                .api_base
                .as_deref()
                .unwrap_or("https://discord.com")
                .trim_end_matches('/')
        ),
        token: token.expose_secret().to_string(),
        client,
    };
    if !bot_user(report, &api).await {
        return;
    }
    let Some(app) = application(report, &api, config).await else {
        return;
    };
    intents(report, config, &app);
    endpoint(report, config, &app, client).await;
    commands::check(report, &api, config).await;
}

/// Discord's REST API with the bot token.
pub struct Api<'a> {
    pub base: String,
    token: String,
    pub client: &'a Client,
}

impl Api<'_> {
    /// GET `path` (after `/api/v10`); a failure is reported under `name` and gives `None`.
    pub async fn get(&self, report: &mut Report, name: &'static str, path: &str) -> Option<Value> {
        let request = self
            .client
            .http
            .get(format!("{}{path}", self.base))
            .header("authorization", format!("Bot {}", self.token));
        match self.client.send(request).await {
            Ok(a) if a.ok() => Some(a.json),
            Ok(a) if a.status == 401 => {
                report.fail(
                    name,
                    "Discord refused the token (HTTP 401 Unauthorized)",
                    format!(
                        "set {TOKEN_SETTING} to the bot token (Developer Portal → Bot → Reset \
                         Token)"
                    ),
                );
                None
            }
            Ok(a) => {
                let message = a.json["message"]
                    .as_str()
                    .unwrap_or("no message")
                    .to_string();
                report.fail(
                    name,
                    format!("Discord answered HTTP {} on {path}: {message}", a.status),
                    "check [discord] api_base and the token's application",
                );
                None
            }
            Err(e) => {
                report.fail(
                    name,
                    format!("Discord unreachable: {e}"),
                    "check the network, proxy or firewall, and [discord] api_base",
                );
                None
            }
        }
    }
}

/// `GET /users/@me`: the token is valid and is a bot's.
async fn bot_user(report: &mut Report, api: &Api<'_>) -> bool {
    let Some(user) = api.get(report, "discord.token", "/users/@me").await else {
        return false;
    };
    let name = user["username"].as_str().unwrap_or("?");
    let id = user["id"].as_str().unwrap_or("?");
    if user["bot"].as_bool() != Some(true) {
        report.fail(
            "discord.token",
            format!("the token is a user account's ({name}), not a bot's"),
            format!("set {TOKEN_SETTING} to the token under Developer Portal → Bot"),
        );
        return false;
    }
    report.ok(
        "discord.token",
        format!("valid: bot {name} (user id {id}) via {}", api.base),
    );
    true
}

/// `GET /applications/@me`: the token's application is the configured one.
async fn application(report: &mut Report, api: &Api<'_>, config: &DiscordConfig) -> Option<Value> {
    let app = api
        .get(report, "discord.application", "/applications/@me")
        .await?;
    let actual = app["id"].as_str().and_then(|id| id.parse::<u64>().ok());
    let configured = config.application_id.unwrap_or(0);
    let name = app["name"].as_str().unwrap_or("?");
    match actual {
        Some(id) if id == configured => {
            report.ok(
                "discord.application",
                format!("application {name} ({id}) matches application_id"),
            );
            Some(app)
        }
        Some(id) => {
            report.fail(
                "discord.application",
                format!(
                    "the token belongs to application {name} ({id}), but application_id is \
                     {configured}"
                ),
                format!(
                    "set [discord] application_id = {id} (MOVIEBOT_DISCORD__APPLICATION_ID), or \
                     use this application's token"
                ),
            );
            None
        }
        None => {
            report.fail(
                "discord.application",
                "Discord's answer names no application id",
                "check [discord] api_base: it must reach Discord's REST API",
            );
            None
        }
    }
}

/// Application flags that allow a privileged intent (the full and the "limited" one, for
/// bots in fewer than 100 servers).
const PRESENCE_FLAGS: u64 = (1 << 12) | (1 << 13);
const MEMBERS_FLAGS: u64 = (1 << 14) | (1 << 15);
const MESSAGE_CONTENT_FLAGS: u64 = (1 << 18) | (1 << 19);

/// The gateway intents the adapter asks for, against what the portal allows.
fn intents(report: &mut Report, config: &DiscordConfig, app: &Value) {
    if config.mode == DiscordMode::Interactions {
        report.ok(
            "discord.intents",
            "interactions mode opens no gateway connection: no intents needed",
        );
        return;
    }
    let wanted = moviebot_discord::gateway::intents();
    let flags = app["flags"].as_u64().unwrap_or(0);
    let mut missing = Vec::new();
    for (needed, flag, name) in [
        (wanted.guild_presences(), PRESENCE_FLAGS, "Presence Intent"),
        (
            wanted.guild_members(),
            MEMBERS_FLAGS,
            "Server Members Intent",
        ),
        (
            wanted.message_content(),
            MESSAGE_CONTENT_FLAGS,
            "Message Content Intent",
        ),
    ] {
        if needed && flags & flag == 0 {
            missing.push(name);
        }
    }
    let names = wanted
        .iter_names()
        .map(|(name, _)| name)
        .collect::<Vec<_>>()
        .join(" | ");
    if missing.is_empty() {
        let privileged = if wanted.is_privileged() {
            "privileged ones enabled in the portal"
        } else {
            "none privileged, so nothing to enable in the portal"
        };
        report.ok(
            "discord.intents",
            format!("the gateway asks for {names}: {privileged}"),
        );
    } else {
        report.fail(
            "discord.intents",
            format!(
                "the gateway asks for {names}, but the portal has not enabled {}",
                missing.join(", ")
            ),
            "Developer Portal → Bot → Privileged Gateway Intents: turn them on",
        );
    }
}

/// The application's Interactions Endpoint URL against the mode; in interactions mode, whether
/// it answers a badly signed PING with 401 as Discord requires.
async fn endpoint(report: &mut Report, config: &DiscordConfig, app: &Value, client: &Client) {
    let url = app["interactions_endpoint_url"]
        .as_str()
        .filter(|u| !u.is_empty());
    let path = moviebot_discord::endpoint::PATH;
    match (config.mode, url) {
        (DiscordMode::Gateway, None) => report.ok(
            "discord.endpoint",
            "no Interactions Endpoint URL: interactions arrive over the gateway",
        ),
        (DiscordMode::Gateway, Some(url)) => report.fail(
            "discord.endpoint",
            format!("the application sends interactions to {url}, so none arrive over the gateway"),
            "clear the Interactions Endpoint URL (Developer Portal → General Information), or \
             set [discord] mode = \"interactions\" and serve it",
        ),
        (DiscordMode::Interactions, None) => report.fail(
            "discord.endpoint",
            "the application has no Interactions Endpoint URL, so Discord sends moviebot nothing",
            format!(
                "set it to https://YOUR-HOST{path} (Developer Portal → General Information) \
                 while `moviebot run` serves it: Discord checks it with a signed PING"
            ),
        ),
        (DiscordMode::Interactions, Some(url)) => ping(report, url, path, client).await,
    }
}

/// POSTs a PING with a wrong signature: moviebot's endpoint answers 401, which is also what
/// Discord checks before it accepts the URL. A 2xx means signatures are not checked.
async fn ping(report: &mut Report, url: &str, path: &str, client: &Client) {
    let timestamp = crate::store::now().to_string();
    let request = client
        .http
        .post(url)
        .header("x-signature-ed25519", "0".repeat(128))
        .header("x-signature-timestamp", timestamp)
        .json(&json!({"type": 1}));
    let suffix = if url.trim_end_matches('/').ends_with(path) {
        String::new()
    } else {
        format!(" (moviebot serves {path}: fine if a proxy maps this URL onto it)")
    };
    match client.send(request).await {
        Ok(a) if a.status == 401 => report.ok(
            "discord.endpoint",
            format!("{url} answers and refuses a badly signed PING (401){suffix}"),
        ),
        Ok(a) if a.ok() => report.fail(
            "discord.endpoint",
            format!(
                "{url} accepted a PING with a wrong signature (HTTP {})",
                a.status
            ),
            "Discord refuses endpoints that do not check signatures: point the URL at \
             moviebot's /discord/interactions and check [discord] public_key",
        ),
        Ok(a) => report.warn(
            "discord.endpoint",
            format!("{url} answered a PING with HTTP {}{suffix}", a.status),
            format!("the URL must reach {path} on `moviebot run`'s sidecar"),
        ),
        Err(e) => report.warn(
            "discord.endpoint",
            format!("{url} is set, but could not be reached from here: {e}"),
            "if Discord can reach it (a public URL this host cannot see), nothing to do; \
             otherwise start `moviebot run` and check the proxy in front of it",
        ),
    }
}
