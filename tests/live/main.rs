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
use moviebot::store::Store;
use moviebot::tmdb::RetryPolicy;
use moviebot_protocol::{Action, ChatHandler};
use support::app::{TestApp, TestAppBuilder};
use support::chat::*;
use support::fake_tmdb::{FAKE_KEY, FakeTmdb};

/// The fake's image configuration: `secure_base_url` plus the size cards ask for.
pub const POSTER_BASE: &str = "https://img.example.test/t/p/w500";

/// The app on the embedded catalog with TMDb (the fake) as its live source, and its parts.
pub struct Live {
    pub fake: FakeTmdb,
    pub store: Store,
    pub core: Arc<ChatCore>,
    pub app: TestApp,
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

/// `[tmdb]` pointing at the fake, at a rate the tests need, without the background refresh.
pub fn with_live_tmdb(app: TestAppBuilder, fake: &FakeTmdb) -> TestAppBuilder {
    app.tmdb(fake)
        .toml("[tmdb]\nrequests_per_second = 40\nrefresh = false\n")
}

pub async fn live() -> Live {
    let fake = FakeTmdb::start().await;
    let app = with_live_tmdb(TestApp::builder(), &fake)
        .toml("[tmdb]\ntimeout_secs = 2\n")
        .tmdb_retry(quick_policy())
        .build()
        .await;
    app.core.films().refresh_images().await;
    Live {
        fake,
        store: app.store.clone(),
        core: app.core.clone(),
        app,
    }
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
