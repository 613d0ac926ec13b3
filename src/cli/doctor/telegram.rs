//! The Telegram checks, through `[telegram] api_url` when set: `getMe` (the token is valid;
//! the bot's username) and `getWebhookInfo` against the mode — in webhook mode the URL
//! Telegram delivers to must be the configured one; in polling mode a webhook blocks
//! `getUpdates` (and `moviebot run` deletes it at start).

use secrecy::ExposeSecret;
use serde_json::Value;

use super::Report;
use super::http::Client;
use crate::config::{TelegramConfig, TelegramMode};

const TOKEN_SETTING: &str = "[telegram] token (TELEGRAM_BOT_TOKEN)";

pub async fn check(report: &mut Report, config: &TelegramConfig, client: &Client) {
    let Some(token) = &config.token else {
        report.ok(
            "telegram",
            "not configured (set [telegram] token to add Telegram)",
        );
        return;
    };
    let api = Api {
        base: config
            .api_url
            .as_deref()
            .unwrap_or("https://api.telegram.org")
            .trim_end_matches('/')
            .to_string(),
        token: token.expose_secret().to_string(),
        client,
    };
    let Some(me) = api.call(report, "telegram.token", "getMe").await else {
        return;
    };
    let username = me["username"].as_str().unwrap_or("?");
    report.ok(
        "telegram.token",
        format!(
            "valid: @{username} (id {}) via {}",
            me["id"].as_i64().unwrap_or(0),
            api.base
        ),
    );
    let Some(info) = api.call(report, "telegram.webhook", "getWebhookInfo").await else {
        return;
    };
    webhook(report, config, &info);
}

struct Api<'a> {
    base: String,
    token: String,
    client: &'a Client,
}

impl Api<'_> {
    /// Calls `method`; its `result`, or `None` after reporting why not under `name`.
    async fn call(&self, report: &mut Report, name: &'static str, method: &str) -> Option<Value> {
        let url = format!("{}/bot{}/{method}", self.base, self.token);
        match self.client.send(self.client.http.post(url)).await {
            Ok(a) if a.ok() && a.json["ok"] == true => Some(a.json["result"].clone()),
            // Telegram answers 401 for a revoked token and 404 for one of the wrong shape.
            Ok(a) if a.status == 401 || a.status == 404 => {
                report.fail(
                    name,
                    format!(
                        "Telegram refused the token (HTTP {} {})",
                        a.status,
                        description(&a.json)
                    ),
                    format!("set {TOKEN_SETTING} to the token @BotFather gave (/token)"),
                );
                None
            }
            Ok(a) => {
                report.fail(
                    name,
                    format!(
                        "{method} failed: HTTP {} {}",
                        a.status,
                        description(&a.json)
                    ),
                    "check [telegram] api_url",
                );
                None
            }
            Err(e) => {
                report.fail(
                    name,
                    format!("Telegram unreachable: {e}"),
                    "check the network, proxy or firewall, and [telegram] api_url",
                );
                None
            }
        }
    }
}

fn description(json: &Value) -> String {
    json["description"].as_str().unwrap_or("").to_string()
}

/// `getWebhookInfo` against the configured mode.
fn webhook(report: &mut Report, config: &TelegramConfig, info: &Value) {
    let url = info["url"].as_str().unwrap_or("");
    let pending = info["pending_update_count"].as_i64().unwrap_or(0);
    let last_error = info["last_error_message"]
        .as_str()
        .filter(|m| !m.is_empty())
        .map(|m| {
            let when = info["last_error_date"]
                .as_i64()
                .map(|t| format!("{} s ago", (crate::store::now() - t).max(0)))
                .unwrap_or_else(|| "recently".into());
            format!("{m} ({when})")
        });
    match config.mode {
        TelegramMode::Polling if url.is_empty() => report.ok(
            "telegram.webhook",
            format!("no webhook set, so long polling receives updates ({pending} waiting)"),
        ),
        TelegramMode::Polling => report.warn(
            "telegram.webhook",
            format!(
                "a webhook is set ({url}): Telegram refuses getUpdates while it is; `moviebot \
                 run` deletes it at start, and delivery to {url} stops"
            ),
            "nothing to do if this bot owns it; if another deployment uses that webhook, \
             give this one its own bot token, or set [telegram] mode = \"webhook\"",
        ),
        TelegramMode::Webhook => {
            let configured = config.webhook_url.as_deref().unwrap_or("");
            if url.is_empty() {
                report.warn(
                    "telegram.webhook",
                    format!("no webhook registered yet ({pending} updates waiting)"),
                    format!("`moviebot run` registers {configured} at start (setWebhook)"),
                );
            } else if url != configured {
                report.fail(
                    "telegram.webhook",
                    format!(
                        "Telegram delivers to {url}, but [telegram] webhook_url is {configured}"
                    ),
                    "set [telegram] webhook_url (MOVIEBOT_TELEGRAM__WEBHOOK_URL) to the URL \
                     this bot serves; `moviebot run` registers it at start",
                );
            } else if let Some(error) = last_error {
                report.warn(
                    "telegram.webhook",
                    format!(
                        "registered as {url}, {pending} updates waiting; Telegram's last \
                         delivery failed: {error}"
                    ),
                    "check that the URL reaches the sidecar's /telegram/webhook over HTTPS \
                     (proxy, certificate, firewall)",
                );
            } else {
                report.ok(
                    "telegram.webhook",
                    format!("registered as {url}, {pending} updates waiting"),
                );
            }
        }
    }
}
