//! Test helpers: a scripted chat core, the adapter under test on the test key, clicks and
//! menu choices on a bot message, and requests to the endpoint. The signing key, interaction
//! JSON and the fake Discord REST server are the crate's `testing` module (feature
//! `test-support`), shared with the root crate's end-to-end tests.
#![allow(dead_code)]

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use axum::Router;
use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use moviebot_discord::{Discord, DiscordSettings, RetryPolicy, interactions_router};
use moviebot_protocol::{
    Action, ChatHandler, Completion, CompletionField, IncomingEvent, MovieCard, PlatformUser,
    PublicMovieId, Reply, Stars,
};
use serde_json::{Value, json};
use tower::ServiceExt;

pub use moviebot_discord::testing::{self, *};

pub const CLICKER_ID: &str = ADA.id;
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

/// The account that runs commands and clicks in these tests.
const CLICKER: Who = Who {
    id: CLICKER_ID,
    name: "ada",
};

pub fn ping() -> Value {
    testing::ping("1100000000000000000")
}

/// `/name` with options `[(name, type, value)]`.
pub fn command(id: &str, name: &str, options: Value, guild: bool) -> Value {
    testing::command(id, CLICKER, name, options, guild)
}

/// Autocomplete on `/name option:` with `prefix` typed.
pub fn autocomplete(id: &str, name: &str, option: &str, prefix: &str) -> Value {
    testing::autocomplete(id, CLICKER, name, option, prefix)
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
    let mut v = envelope(3, id, CLICKER, guild);
    v["data"] = json!({"custom_id": custom_id, "component_type": 2});
    v["message"] = bot_message(buttons_row(&[custom_id]), message_flags);
    v
}

/// A choice in the "which film?" select menu.
pub fn select(id: &str, value: &str) -> Value {
    let mut v = envelope(3, id, CLICKER, true);
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
    let headers = signature_headers(&body);
    post_raw(interactions_router(discord.clone()), body, &headers).await
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
