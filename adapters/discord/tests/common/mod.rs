//! Test helpers: a scripted chat core, a test signing key, interaction fixtures in Discord's
//! real shapes (every field serenity needs), the router under test, and a fake Discord REST
//! server reached through serenity's `HttpBuilder::proxy`.
#![allow(dead_code)]

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{Method, Request, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use ed25519_dalek::{Signer, SigningKey};
use http_body_util::BodyExt;
use moviebot_discord::{Discord, DiscordSettings, RetryPolicy, interactions_router};
use moviebot_protocol::{
    Action, ChatHandler, Completion, CompletionField, IncomingEvent, MovieCard, PlatformUser,
    PublicMovieId, Reply, Stars,
};
use serde_json::{Value, json};
use tower::ServiceExt;

pub const APP_ID: u64 = 1_000_000_000_000_000_001;
pub const GUILD_ID: &str = "1300000000000000001";
pub const CHANNEL_ID: &str = "1400000000000000001";
pub const CLICKER_ID: &str = "1500000000000000001";
pub const AUTHOR_ID: &str = "1500000000000000009";

/// What the fake core answers.
pub type Script = dyn Fn(&IncomingEvent) -> Reply + Send + Sync;

/// A chat core that records every event, answers from a script, de-duplicates on event id
/// like the real core, and counts "effects" (first deliveries).
pub struct FakeCore {
    pub events: Mutex<Vec<IncomingEvent>>,
    pub effects: Mutex<usize>,
    seen: Mutex<HashSet<String>>,
    pub completions: Mutex<Vec<(CompletionField, String)>>,
    script: Box<Script>,
    pub delay: Duration,
}

impl FakeCore {
    pub fn new(script: impl Fn(&IncomingEvent) -> Reply + Send + Sync + 'static) -> Arc<Self> {
        Self::slow(Duration::ZERO, script)
    }

    pub fn slow(
        delay: Duration,
        script: impl Fn(&IncomingEvent) -> Reply + Send + Sync + 'static,
    ) -> Arc<Self> {
        Arc::new(Self {
            events: Mutex::default(),
            effects: Mutex::default(),
            seen: Mutex::default(),
            completions: Mutex::default(),
            script: Box::new(script),
            delay,
        })
    }

    pub fn events(&self) -> Vec<IncomingEvent> {
        self.events.lock().unwrap().clone()
    }

    pub fn effects(&self) -> usize {
        *self.effects.lock().unwrap()
    }
}

#[async_trait]
impl ChatHandler for FakeCore {
    async fn handle(&self, event: IncomingEvent) -> Reply {
        self.events.lock().unwrap().push(event.clone());
        if !self.delay.is_zero() {
            tokio::time::sleep(self.delay).await;
        }
        if let Some(key) = event.idempotency_key()
            && !self.seen.lock().unwrap().insert(key)
        {
            return Reply::duplicate();
        }
        *self.effects.lock().unwrap() += 1;
        (self.script)(&event)
    }

    async fn complete(
        &self,
        _user: &PlatformUser,
        field: CompletionField,
        prefix: &str,
    ) -> Vec<Completion> {
        self.completions
            .lock()
            .unwrap()
            .push((field, prefix.to_string()));
        (0..40)
            .map(|i| Completion::new(format!("{prefix} Part {i} (199{})", i % 10), i.to_string()))
            .collect()
    }
}

/// A film card the way the core builds one.
pub fn card(id: PublicMovieId, title: &str, year: i32) -> MovieCard {
    let mut c = MovieCard::new(id, title);
    c.year = Some(year);
    c.runtime = Some(170);
    c.score = Some(7.9);
    c.genres = vec!["Crime".into(), "Drama".into()];
    c.overview = "A group of professional bank robbers start to feel the heat.".into();
    c.poster_url = Some(format!("https://image.tmdb.org/t/p/w500/{id}.jpg"));
    c.why = Some("Because you liked Ronin".into());
    let mut actions: Vec<Action> = (1..=5)
        .map(|s| Action::Rate {
            movie: id,
            stars: Stars::new(s as f32).unwrap(),
        })
        .collect();
    actions.push(Action::MoreLikeThis { movie: id });
    actions.push(Action::WhereToWatch {
        movie: id,
        region: None,
    });
    actions.push(Action::WatchlistAdd { movie: id });
    c.actions = actions;
    c
}

pub fn signing_key() -> SigningKey {
    SigningKey::from_bytes(&[7u8; 32])
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn public_key_hex() -> String {
    hex(signing_key().verifying_key().as_bytes())
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// `(X-Signature-Ed25519, X-Signature-Timestamp)` for `body` signed at `timestamp`.
pub fn sign(body: &[u8], timestamp: u64) -> (String, String) {
    let ts = timestamp.to_string();
    let message = [ts.as_bytes(), body].concat();
    (hex(&signing_key().sign(&message).to_bytes()), ts)
}

pub fn settings(api_base: Option<String>) -> DiscordSettings {
    let mut s = DiscordSettings::new(APP_ID, public_key_hex());
    s.token = Some("test-token".into());
    s.api_base = api_base;
    s.retry = RetryPolicy {
        initial: Duration::from_millis(20),
        max: Duration::from_millis(200),
        max_attempts: Some(6),
    };
    s
}

pub fn discord(core: Arc<FakeCore>, api_base: Option<String>) -> Arc<Discord> {
    Arc::new(Discord::new(settings(api_base), core).unwrap())
}

fn user(id: &str, name: &str) -> Value {
    json!({
        "id": id, "username": name, "discriminator": "0", "global_name": name,
        "avatar": null, "bot": false, "public_flags": 0
    })
}

fn member(id: &str, name: &str) -> Value {
    json!({
        "user": user(id, name), "nick": null, "avatar": null, "roles": [],
        "joined_at": "2024-01-01T00:00:00.000000+00:00", "premium_since": null,
        "deaf": false, "mute": false, "flags": 0, "pending": false,
        "permissions": "2248473465835073", "communication_disabled_until": null
    })
}

/// The envelope every interaction shares; `guild` false makes it a DM.
fn envelope(kind: u8, id: &str, guild: bool) -> Value {
    let mut v = json!({
        "id": id, "application_id": APP_ID.to_string(), "type": kind,
        "channel_id": CHANNEL_ID,
        "channel": {"id": CHANNEL_ID, "type": if guild { 0 } else { 1 }},
        "token": format!("token-{id}"), "version": 1,
        "app_permissions": "2248473465835073", "locale": "en-GB",
        "entitlements": [], "authorizing_integration_owners": {"0": GUILD_ID},
        "context": if guild { 0 } else { 1 },
        "attachment_size_limit": 10485760
    });
    if guild {
        v["guild_id"] = json!(GUILD_ID);
        v["guild_locale"] = json!("en-US");
        v["member"] = member(CLICKER_ID, "ada");
    } else {
        v["user"] = user(CLICKER_ID, "ada");
    }
    v
}

pub fn ping() -> Value {
    json!({"id": "1100000000000000000", "application_id": APP_ID.to_string(), "type": 1,
        "token": "token-ping", "version": 1})
}

/// `/name` with options `[(name, type, value)]`.
pub fn command(id: &str, name: &str, options: Value, guild: bool) -> Value {
    let mut v = envelope(2, id, guild);
    v["data"] = json!({"id": "1200000000000000001", "name": name, "type": 1,
        "options": options});
    v
}

/// Autocomplete on `/name option:` with `prefix` typed.
pub fn autocomplete(id: &str, name: &str, option: &str, prefix: &str) -> Value {
    let mut v = envelope(4, id, true);
    v["data"] = json!({"id": "1200000000000000001", "name": name, "type": 1,
        "options": [{"name": option, "type": 3, "value": prefix, "focused": true}]});
    v
}

/// A message the bot sent earlier, with `components`, authored by the bot.
pub fn bot_message(components: Value, flags: u64) -> Value {
    json!({
        "id": "1600000000000000001", "channel_id": CHANNEL_ID,
        "author": {"id": APP_ID.to_string(), "username": "moviebot", "discriminator": "0",
            "global_name": null, "avatar": null, "bot": true},
        "content": "Here you go", "timestamp": "2026-01-01T00:00:00.000000+00:00",
        "edited_timestamp": null, "tts": false, "mention_everyone": false, "mentions": [],
        "mention_roles": [], "attachments": [], "embeds": [], "pinned": false, "type": 0,
        "flags": flags, "components": components
    })
}

pub fn buttons_row(ids: &[&str]) -> Value {
    json!([{"type": 1, "components": ids.iter().map(|id|
        json!({"type": 2, "style": 2, "label": "x", "custom_id": id})).collect::<Vec<_>>()}])
}

/// A button click on a message with `message_components`.
pub fn button(id: &str, custom_id: &str, guild: bool, message_flags: u64) -> Value {
    let mut v = envelope(3, id, guild);
    v["data"] = json!({"custom_id": custom_id, "component_type": 2});
    v["message"] = bot_message(buttons_row(&[custom_id]), message_flags);
    v
}

/// A choice in the "which film?" select menu.
pub fn select(id: &str, value: &str) -> Value {
    let mut v = envelope(3, id, true);
    v["data"] = json!({"custom_id": "mb:pick", "component_type": 3, "values": [value]});
    v["message"] = bot_message(
        json!([{"type": 1, "components": [{"type": 3, "custom_id": "mb:pick",
            "options": [{"label": "Heat (1995)", "value": value}]}]}]),
        0,
    );
    v
}

/// POSTs `body` to the router with the given headers; returns status and JSON.
pub async fn post_raw(router: Router, body: Vec<u8>, headers: &[(&str, String)]) -> (u16, Value) {
    let mut req = Request::post("/discord/interactions").header("content-type", "application/json");
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    let resp = router
        .oneshot(req.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// POSTs `interaction` signed now.
pub async fn post_signed(discord: &Arc<Discord>, interaction: &Value) -> (u16, Value) {
    let body = serde_json::to_vec(interaction).unwrap();
    let (sig, ts) = sign(&body, now());
    post_raw(
        interactions_router(discord.clone()),
        body,
        &[("x-signature-ed25519", sig), ("x-signature-timestamp", ts)],
    )
    .await
}

/// One request the fake Discord REST server received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub auth: Option<String>,
    pub body: Value,
}

/// A canned answer: status, JSON body, optional Retry-After header.
#[derive(Debug, Clone)]
pub struct Canned(pub u16, pub Value, pub Option<&'static str>);

#[derive(Default)]
pub struct FakeRestState {
    pub requests: Mutex<Vec<Recorded>>,
    pub script: Mutex<VecDeque<Canned>>,
    /// What `GET /api/v10/gateway` answers as the websocket URL.
    pub gateway_url: Mutex<Option<String>>,
}

/// The fake Discord REST API on 127.0.0.1:0; returns its base URL (for `api_base`).
pub struct FakeRest {
    pub base: String,
    pub state: Arc<FakeRestState>,
}

impl FakeRest {
    pub async fn start(script: Vec<Canned>) -> Self {
        let state = Arc::new(FakeRestState {
            requests: Mutex::default(),
            script: Mutex::new(script.into()),
            gateway_url: Mutex::default(),
        });
        let app = Router::new().fallback(record).with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { base, state }
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().unwrap().clone()
    }

    /// Waits until at least `n` requests arrived (or 5 s passed).
    pub async fn wait_for(&self, n: usize) -> Vec<Recorded> {
        for _ in 0..500 {
            if self.requests().len() >= n {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        self.requests()
    }
}

async fn record(
    State(state): State<Arc<FakeRestState>>,
    method: Method,
    uri: Uri,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Response {
    state.requests.lock().unwrap().push(Recorded {
        method: method.to_string(),
        path: uri.path().to_string(),
        auth: headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
    });
    if uri.path().ends_with("/gateway")
        && let Some(url) = state.gateway_url.lock().unwrap().clone()
    {
        return axum::Json(json!({ "url": url })).into_response();
    }
    let canned = state.script.lock().unwrap().pop_front();
    let Canned(status, json, retry_after) = canned.unwrap_or_else(|| {
        if method == Method::PUT {
            // Bulk overwrite answers with the commands it now has.
            Canned(
                200,
                serde_json::from_slice(&body).unwrap_or(json!([])),
                None,
            )
        } else {
            Canned(200, json!({}), None)
        }
    });
    let mut resp = (StatusCode::from_u16(status).unwrap(), axum::Json(json)).into_response();
    if let Some(r) = retry_after {
        resp.headers_mut().insert("retry-after", r.parse().unwrap());
    }
    resp
}

/// What the core answers to a rating press: the film's card with the stored rating, and the
/// outcome that lets the adapter replace the pressed card.
pub fn rated(movie: PublicMovieId, title: &str, stars: Stars) -> Reply {
    let mut c = card(movie, title, 1995);
    c.user_rating = Some(stars);
    Reply::text("Saved")
        .with_cards([c])
        .with_outcome(moviebot_protocol::Outcome::Rated {
            movie,
            title: title.into(),
            stars,
        })
}
