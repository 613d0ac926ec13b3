//! Calls to Discord's REST API: command registration (bulk overwrite), edits of a deferred
//! original response, follow-ups and gateway interaction callbacks — each retried with
//! exponential backoff, honouring a 429's Retry-After.
//!
//! Requests are built by serenity ([`Request`], [`Route`], the bot token, the `api_base`
//! proxy rewrite) and sent on the same reqwest client serenity's [`Http`] uses; we read the
//! status ourselves because serenity drops Retry-After when its rate limiter is off (it must
//! be off for `HttpBuilder::proxy` to take effect).

use std::sync::Arc;
use std::time::Duration;

use moviebot_protocol::FileOut;
use serenity::all::{ApplicationId, CreateAttachment, GuildId, InteractionId};
use serenity::http::{Http, HttpBuilder, LightMethod, Multipart, MultipartUpload, Request, Route};
use tracing::{info, warn};

use crate::settings::{DiscordSettings, RetryPolicy};
use crate::wire::{AttachmentRef, InteractionResponse, Message};

/// Why a REST call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum RestError {
    /// 429: wait this long (from the body's `retry_after` or the Retry-After header).
    RateLimited(Duration),
    /// Any other non-success status, with Discord's message.
    Status(u16, String),
    /// Discord could not be reached (DNS, connect, timeout).
    Transport(String),
    /// We could not build the request (bad api_base, missing application id).
    Request(String),
}

impl std::fmt::Display for RestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RestError::RateLimited(d) => write!(f, "rate limited for {:.1}s", d.as_secs_f64()),
            RestError::Status(code, msg) => write!(f, "HTTP {code}: {msg}"),
            RestError::Transport(e) => write!(f, "Discord unreachable: {e}"),
            RestError::Request(e) => write!(f, "bad request: {e}"),
        }
    }
}

impl std::error::Error for RestError {}

impl RestError {
    /// Worth trying again: rate limits, server errors, network trouble, and 404 (an edit can
    /// race ahead of Discord recording the deferral it edits).
    fn retryable(&self) -> bool {
        match self {
            RestError::RateLimited(_) | RestError::Transport(_) => true,
            RestError::Status(code, _) => *code >= 500 || *code == 404,
            RestError::Request(_) => false,
        }
    }
}

/// serenity's [`Http`] for everything else, plus the raw path for the calls we retry.
pub struct Rest {
    http: Arc<Http>,
    client: reqwest::Client,
    application_id: ApplicationId,
    retry: RetryPolicy,
}

/// A serenity [`Http`] as the settings ask: `api_base` replaces `https://discord.com` (which
/// only works with serenity's rate limiter off).
pub fn build_http(settings: &DiscordSettings, client: reqwest::Client) -> Http {
    let token = settings.token.as_deref().unwrap_or_default();
    let mut builder = HttpBuilder::new(token).client(client);
    if settings.application_id != 0 {
        builder = builder.application_id(ApplicationId::new(settings.application_id));
    }
    if let Some(base) = &settings.api_base {
        builder = builder
            .proxy(base.trim_end_matches('/'))
            .ratelimiter_disabled(true);
    }
    builder.build()
}

/// The reqwest client every call goes through (rustls, sane timeouts).
pub fn reqwest_client() -> reqwest::Client {
    reqwest::Client::builder()
        .use_rustls_tls()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap_or_default()
}

impl Rest {
    pub fn new(settings: &DiscordSettings) -> Self {
        let client = reqwest_client();
        Self {
            http: Arc::new(build_http(settings, client.clone())),
            client,
            application_id: ApplicationId::new(settings.application_id.max(1)),
            retry: settings.retry,
        }
    }

    pub fn http(&self) -> &Arc<Http> {
        &self.http
    }

    /// The HTTP client every call goes through (also fetches attachments).
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// One attempt.
    async fn send(&self, req: Request<'_>) -> Result<reqwest::Response, RestError> {
        let req = req
            .build(&self.client, self.http.token(), self.http.proxy.as_deref())
            .map_err(|e| RestError::Request(e.to_string()))?;
        let resp = req
            .send()
            .await
            .map_err(|e| RestError::Transport(e.without_url().to_string()))?;
        let status = resp.status().as_u16();
        if resp.status().is_success() {
            return Ok(resp);
        }
        let header = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok());
        let body = resp.text().await.unwrap_or_default();
        let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        if status == 429 {
            let secs = json["retry_after"].as_f64().or(header).unwrap_or(1.0);
            return Err(RestError::RateLimited(Duration::from_secs_f64(
                secs.clamp(0.0, 3600.0),
            )));
        }
        let msg = json["message"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| body.chars().take(200).collect());
        Err(RestError::Status(status, msg))
    }

    /// Sends what `make` builds until it succeeds, a non-retryable error comes back, or the
    /// policy's attempts run out. `what` names the call in logs.
    async fn send_retrying<'a>(
        &self,
        what: &str,
        policy: RetryPolicy,
        make: impl Fn() -> Request<'a>,
    ) -> Result<reqwest::Response, RestError> {
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let err = match self.send(make()).await {
                Ok(resp) => return Ok(resp),
                Err(e) => e,
            };
            let out_of_attempts = policy.max_attempts.is_some_and(|max| attempt >= max);
            if !err.retryable() || out_of_attempts {
                warn!(what, attempt, error = %err, "Discord call failed; giving up");
                return Err(err);
            }
            let wait = match &err {
                RestError::RateLimited(d) => *d,
                _ => policy.delay(attempt),
            };
            warn!(what, attempt, error = %err, retry_in_ms = wait.as_millis() as u64,
                "Discord call failed; retrying");
            tokio::time::sleep(wait).await;
        }
    }

    /// Bulk-overwrites the commands (globally, or in `guild` only); returns how many Discord
    /// now has. Retries per the settings' policy (by default for as long as it takes).
    pub async fn register_commands(&self, guild: Option<u64>) -> Result<usize, RestError> {
        let body = serde_json::to_vec(&crate::commands::definitions())
            .map_err(|e| RestError::Request(e.to_string()))?;
        let application_id = self.application_id;
        let route = move || match guild {
            Some(g) => Route::GuildCommands {
                application_id,
                guild_id: GuildId::new(g.max(1)),
            },
            None => Route::Commands { application_id },
        };
        let resp = self
            .send_retrying("register commands", self.retry, || {
                Request::new(route(), LightMethod::Put).body(Some(body.clone()))
            })
            .await?;
        let body = resp.bytes().await.unwrap_or_default();
        let count = serde_json::from_slice::<Vec<serde_json::Value>>(&body)
            .map(|v| v.len())
            .unwrap_or(0);
        info!(count, guild, "Discord commands registered");
        Ok(count)
    }

    /// Edits the original response of a (deferred) interaction.
    pub async fn edit_original(&self, token: &str, message: &Message) -> Result<(), RestError> {
        self.edit_original_with(token, message, None).await
    }

    /// [`Rest::edit_original`] with a file attached (multipart, `files[0]`).
    pub async fn edit_original_with(
        &self,
        token: &str,
        message: &Message,
        file: Option<&FileOut>,
    ) -> Result<(), RestError> {
        let route = Route::WebhookOriginalInteractionResponse {
            application_id: self.application_id,
            token,
        };
        self.send_message(
            "edit original response",
            route,
            LightMethod::Patch,
            message,
            file,
        )
        .await
    }

    /// Deletes the original response of an interaction.
    pub async fn delete_original(&self, token: &str) -> Result<(), RestError> {
        let application_id = self.application_id;
        self.send_retrying("delete original response", self.short_policy(), || {
            Request::new(
                Route::WebhookOriginalInteractionResponse {
                    application_id,
                    token,
                },
                LightMethod::Delete,
            )
        })
        .await
        .map(drop)
    }

    /// Sends a follow-up message to an interaction (e.g. a private note after a deferral).
    pub async fn followup(&self, token: &str, message: &Message) -> Result<(), RestError> {
        self.followup_with(token, message, None).await
    }

    /// [`Rest::followup`] with a file attached (multipart, `files[0]`).
    pub async fn followup_with(
        &self,
        token: &str,
        message: &Message,
        file: Option<&FileOut>,
    ) -> Result<(), RestError> {
        let route = Route::WebhookFollowupMessages {
            application_id: self.application_id,
            token,
        };
        self.send_message(
            "interaction follow-up",
            route,
            LightMethod::Post,
            message,
            file,
        )
        .await
    }

    /// A direct message to a user: their DM channel (`POST /users/@me/channels`), then a
    /// message in it (`POST /channels/{id}/messages`). Discord refuses (403) a user who shares
    /// no server with the bot or has closed their DMs.
    pub async fn send_dm(&self, user: u64, message: &Message) -> Result<(), RestError> {
        let body = serde_json::to_vec(&serde_json::json!({"recipient_id": user.to_string()}))
            .map_err(|e| RestError::Request(e.to_string()))?;
        let resp = self
            .send_retrying("open a DM channel", self.short_policy(), || {
                Request::new(Route::UserMeDmChannels, LightMethod::Post).body(Some(body.clone()))
            })
            .await?;
        let channel: serde_json::Value = resp
            .json()
            .await
            .map_err(|e| RestError::Transport(e.without_url().to_string()))?;
        let channel_id: u64 = channel["id"]
            .as_str()
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| RestError::Status(200, format!("no channel id in {channel}")))?;
        self.send_message(
            "a direct message",
            Route::ChannelMessages {
                channel_id: channel_id.into(),
            },
            LightMethod::Post,
            message,
            None,
        )
        .await
    }

    /// A message (with a file or not) to `route`, retried per the short policy.
    async fn send_message(
        &self,
        what: &str,
        route: Route<'_>,
        method: LightMethod,
        message: &Message,
        file: Option<&FileOut>,
    ) -> Result<(), RestError> {
        let (body, multipart) = with_file(message, file)?;
        self.send_retrying(what, self.short_policy(), || {
            Request::new(route, method)
                .body(body.clone())
                .multipart(multipart.clone())
        })
        .await
        .map(drop)
    }

    /// Answers a gateway interaction (`POST /interactions/{id}/{token}/callback`).
    pub async fn callback(
        &self,
        id: InteractionId,
        token: &str,
        response: &InteractionResponse,
    ) -> Result<(), RestError> {
        let body = serde_json::to_vec(response).map_err(|e| RestError::Request(e.to_string()))?;
        let policy = RetryPolicy {
            max_attempts: Some(2),
            ..self.short_policy()
        };
        self.send_retrying("interaction callback", policy, || {
            Request::new(
                Route::InteractionResponse {
                    interaction_id: id,
                    token,
                },
                LightMethod::Post,
            )
            .body(Some(body.clone()))
        })
        .await
        .map(drop)
    }

    /// Edits and follow-ups live as long as the 15-minute interaction token: a few quick
    /// retries, never the registration's patience.
    fn short_policy(&self) -> RetryPolicy {
        RetryPolicy {
            initial: self.retry.initial.min(Duration::from_millis(250)),
            max: self.retry.max.min(Duration::from_secs(5)),
            max_attempts: Some(5),
        }
    }
}

/// The message as a JSON body, or with a file as multipart (`payload_json` naming the file
/// as attachment 0, the bytes as `files[0]`).
fn with_file(
    message: &Message,
    file: Option<&FileOut>,
) -> Result<(Option<Vec<u8>>, Option<Multipart>), RestError> {
    let encode = |m: &Message| serde_json::to_vec(m).map_err(|e| RestError::Request(e.to_string()));
    let Some(file) = file else {
        return Ok((Some(encode(message)?), None));
    };
    let mut message = message.clone();
    message.attachments = vec![AttachmentRef {
        id: 0,
        filename: file.name.clone(),
        description: file.caption.chars().take(1024).collect(),
    }];
    let payload =
        String::from_utf8(encode(&message)?).map_err(|e| RestError::Request(e.to_string()))?;
    Ok((
        None,
        Some(Multipart {
            upload: MultipartUpload::Attachments(vec![CreateAttachment::bytes(
                file.bytes.clone(),
                file.name.clone(),
            )]),
            fields: Vec::new(),
            payload_json: Some(payload),
        }),
    ))
}
