//! [`TestApp`]: the app exactly as `moviebot run` builds it (`moviebot::app::App::build`),
//! from a `bot.toml` written the way a user would write it, on a database of its own (a
//! SQLite file in a temp dir unless told otherwise). Nothing is started: tests call the
//! router in process, spawn the platforms' run loops or serve on a port as they need.
//!
//! ```ignore
//! let app = TestApp::builder().admin_token(TOKEN).toml("[limits]\napi_burst = 3").build().await;
//! let (status, body) = app.call(request).await;
//! ```
#![allow(dead_code)]

use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use futures::future::BoxFuture;
use moviebot::app::App;
use moviebot::chat::{MovieSource, TmdbSource};
use moviebot::config::Config;
use moviebot::store::Store;
use moviebot::tmdb::{CachedTmdb, RetryPolicy, TmdbClient};
use moviebot_discord::testing as discord;
use serde_json::Value;

use super::fake_tmdb::{FAKE_KEY, FakeTmdb};

/// What runs on the database before the app starts on it.
type Seed = Box<dyn FnOnce(Store) -> BoxFuture<'static, ()> + Send>;

/// The built app (its store, core, platforms and sidecar state, through `Deref`) and the
/// configuration it was built from.
pub struct TestApp {
    app: App,
    pub config: Config,
    tmdb_retry: Option<RetryPolicy>,
    _dir: tempfile::TempDir,
}

impl TestApp {
    pub fn builder() -> TestAppBuilder {
        TestAppBuilder::default()
    }

    /// One request through the app's router (sidecar plus webhook routes).
    pub async fn call(&self, req: Request<Body>) -> (StatusCode, Value) {
        super::http::send(self.router(), req).await
    }

    /// A second app from the same configuration on the same database, as after a restart:
    /// nothing of this one's memory carries over.
    pub async fn restart(&self) -> App {
        build(&self.config, self.tmdb_retry.clone()).await
    }
}

impl Deref for TestApp {
    type Target = App;

    fn deref(&self) -> &App {
        &self.app
    }
}

impl DerefMut for TestApp {
    fn deref_mut(&mut self) -> &mut App {
        &mut self.app
    }
}

/// Collects `bot.toml` settings; later settings of the same key win.
#[derive(Default)]
pub struct TestAppBuilder {
    toml: toml::Table,
    seed: Option<Seed>,
    tmdb_retry: Option<RetryPolicy>,
}

impl TestAppBuilder {
    /// Any `bot.toml` text, merged key by key into what is set so far.
    pub fn toml(mut self, text: &str) -> Self {
        let more: toml::Table = text.parse().expect("valid TOML");
        merge(&mut self.toml, more);
        self
    }

    /// One `[section] key = value`.
    pub fn set(mut self, section: &str, key: &str, value: impl Into<toml::Value>) -> Self {
        let table = self
            .toml
            .entry(section)
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        table
            .as_table_mut()
            .expect("a section")
            .insert(key.into(), value.into());
        self
    }

    /// `[sidecar] admin_token`: REST writes need it.
    pub fn admin_token(self, token: &str) -> Self {
        self.set("sidecar", "admin_token", token)
    }

    /// `[tmdb]` with the fake's key and URL: TMDb becomes the live film source.
    pub fn tmdb(self, fake: &FakeTmdb) -> Self {
        self.set("tmdb", "api_key", FAKE_KEY)
            .set("tmdb", "base_url", fake.base_url.as_str())
    }

    /// TMDb retried by `policy` instead of the default (which waits seconds between tries).
    pub fn tmdb_retry(mut self, policy: RetryPolicy) -> Self {
        self.tmdb_retry = Some(policy);
        self
    }

    /// `[discord]` in interactions mode with the test application and signing key.
    pub fn discord_interactions(self) -> Self {
        let app_id = i64::try_from(discord::APP_ID).expect("fits TOML");
        self.set("discord", "mode", "interactions")
            .set("discord", "application_id", app_id)
            .set("discord", "public_key", discord::public_key_hex())
    }

    /// A bot token and REST through `base` (a fake Discord REST API).
    pub fn discord_rest(self, base: &str) -> Self {
        self.set("discord", "token", "test-token")
            .set("discord", "api_base", base)
    }

    /// `[telegram]` with a test token, the Bot API at `api_url` (the fake's), long polling.
    pub fn telegram(self, api_url: &str) -> Self {
        self.set("telegram", "token", "123456:TEST-TOKEN")
            .set("telegram", "api_url", api_url)
    }

    /// `[database] url`, e.g. a fresh PostgreSQL database (`support::fresh_postgres_url`).
    pub fn database_url(self, url: &str) -> Self {
        self.set("database", "url", url)
    }

    /// Runs `seed` on the database (migrated, catalog loaded) before the app starts on it.
    pub fn seed<F, Fut>(mut self, seed: F) -> Self
    where
        F: FnOnce(Store) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.seed = Some(Box::new(move |store| Box::pin(seed(store))));
        self
    }

    pub async fn build(self) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut builder = self;
        let database = builder.toml.get("database");
        if database.and_then(|d| d.get("url")).is_none() {
            let url = format!("sqlite://{}", dir.path().join("test.db").display());
            builder = builder.database_url(&url);
        }
        let path = dir.path().join("bot.toml");
        std::fs::write(&path, builder.toml.to_string()).expect("write bot.toml");
        let config = Config::load_with(Some(&path), Path::new("/nonexistent/bot.toml"), &[])
            .expect("a valid bot.toml")
            .config;
        if let Some(seed) = builder.seed {
            let store = moviebot::app::open_store_with_catalog(&config)
                .await
                .expect("open the database to seed it");
            seed(store.clone()).await;
            store.close().await;
        }
        TestApp {
            app: build(&config, builder.tmdb_retry.clone()).await,
            config,
            tmdb_retry: builder.tmdb_retry,
            _dir: dir,
        }
    }
}

async fn build(config: &Config, tmdb_retry: Option<RetryPolicy>) -> App {
    let Some(policy) = tmdb_retry else {
        return App::build(config).await.expect("the app builds");
    };
    App::build_with_source(config, |store| {
        let client = TmdbClient::new(&config.tmdb)?;
        let tmdb = CachedTmdb::new(client, store.clone(), &config.tmdb, policy);
        Ok(Arc::new(TmdbSource::new(tmdb)) as Arc<dyn MovieSource>)
    })
    .await
    .expect("the app builds")
}

/// `more` into `into`, table by table; other values replace.
fn merge(into: &mut toml::Table, more: toml::Table) {
    for (key, value) in more {
        match (into.get_mut(&key), value) {
            (Some(toml::Value::Table(old)), toml::Value::Table(new)) => merge(old, new),
            (_, value) => {
                into.insert(key, value);
            }
        }
    }
}
