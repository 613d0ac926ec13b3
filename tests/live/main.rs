//! TMDb as the live source of films, end to end against the fake TMDb (no network): any film
//! TMDb knows is found by id, title or person, opened, rated, listed and shown with its poster;
//! short answers are completed from TMDb; a turn spends at most its budget inline; TMDb
//! failing falls back to the stale cache, then the catalog, with one sentence saying so.
//!
//! - `core`: the chat core and its films service (what every adapter sees).
//! - `sidecar`: the REST API (`/api/movie/{id}`, `/api/search`, posters in every movie).
//! - `discord`, `telegram`: the same through each platform's real adapter and wiring, with a
//!   transcript (`cargo test --test live -- --nocapture`).
//! - `run`: `moviebot run` as a child process: the background refresh and poster warm-up.

#[path = "../support/mod.rs"]
mod support;

mod core;
mod discord;
mod run;
mod sidecar;
mod telegram;

use std::sync::Arc;
use std::time::Duration;

use moviebot::chat::ChatCore;
use moviebot::config::{LimitsConfig, RecommenderConfig, TmdbConfig};
use moviebot::store::Store;
use moviebot::tmdb::{CachedTmdb, RetryPolicy, TmdbClient, TmdbSource};
use moviebot_protocol::{
    Action, ChatHandler, CommandArgs, Incoming, IncomingEvent, Platform, PlatformUser, Reply,
};
use secrecy::SecretString;
use support::fake_tmdb::{FAKE_KEY, FakeTmdb};

/// The fake's image configuration: `secure_base_url` plus the size cards ask for.
pub const POSTER_BASE: &str = "https://img.example.test/t/p/w500";

/// A chat core on the embedded catalog with TMDb (the fake) as its live source.
pub struct Live {
    pub fake: FakeTmdb,
    pub store: Store,
    pub core: Arc<ChatCore>,
    _dir: tempfile::TempDir,
}

/// Retries quick enough for tests; the fake answers at once unless told otherwise.
fn quick_policy() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        deadline: Duration::from_secs(5),
        base_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
    }
}

/// The `[tmdb]` section that points a `bot.toml` at the fake.
pub fn tmdb_toml(fake: &FakeTmdb) -> String {
    format!(
        "[tmdb]\napi_key = \"{FAKE_KEY}\"\nbase_url = \"{}\"\nrequests_per_second = 40\nrefresh = false\n",
        fake.base_url
    )
}

pub async fn live() -> Live {
    let fake = FakeTmdb::start().await;
    let (store, dir) = support::sqlite_store().await;
    moviebot::catalog::ensure_loaded(&store).await.unwrap();
    let cfg = TmdbConfig {
        api_key: Some(SecretString::from(FAKE_KEY)),
        base_url: fake.base_url.clone(),
        requests_per_second: 40,
        ..TmdbConfig::default()
    };
    let client = TmdbClient::new(&cfg)
        .unwrap()
        .with_timeout(Duration::from_secs(2));
    let tmdb = CachedTmdb::new(client, store.clone(), &cfg, quick_policy());
    let core = ChatCore::start_with_source(
        store.clone(),
        RecommenderConfig::default(),
        LimitsConfig::default(),
        Arc::new(TmdbSource::new(tmdb)),
        "US".into(),
    )
    .await
    .unwrap();
    core.films().refresh_images().await;
    Live {
        fake,
        store,
        core,
        _dir: dir,
    }
}

pub fn user(id: &str) -> PlatformUser {
    PlatformUser::new(Platform::Telegram, id, format!("User {id}"))
}

pub async fn say(core: &ChatCore, who: &PlatformUser, text: &str) -> Reply {
    core.handle(IncomingEvent::direct(
        who.clone(),
        Incoming::Text(text.into()),
    ))
    .await
}

pub async fn press(core: &ChatCore, who: &PlatformUser, action: Action) -> Reply {
    core.handle(IncomingEvent::direct(who.clone(), Incoming::Action(action)))
        .await
}

pub async fn command(core: &ChatCore, who: &PlatformUser, name: &str, text: &str) -> Reply {
    core.handle(IncomingEvent::direct(
        who.clone(),
        Incoming::Command {
            name: name.into(),
            args: CommandArgs::text(text),
        },
    ))
    .await
}

pub fn ids(r: &Reply) -> Vec<i64> {
    r.cards.iter().map(|c| c.id).collect()
}

/// Waits (bounded) until `done` holds, for work that finishes in the background.
pub async fn eventually(what: &str, mut done: impl AsyncFnMut() -> bool) {
    for _ in 0..200 {
        if done().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("timed out waiting for {what}");
}
