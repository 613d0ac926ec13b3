//! The Discord side of the app as `moviebot run` wires it, for end-to-end tests: a `bot.toml`
//! with `[discord] mode = "interactions"` and the test key, the real chat core and sidecar
//! router, signed interactions POSTed to it; and a fake Discord REST API that records what
//! the adapter sends (registration, edits of deferred answers).
#![allow(dead_code)]

use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{Method, Request, Uri};
use http_body_util::BodyExt;
use moviebot::chat::ChatCore;
use moviebot::config::Config;
use moviebot::domain::UserId;
use moviebot::platforms::Platforms;
use moviebot::sidecar::{self, AppState};
use moviebot::store::Store;
use moviebot_protocol::Action;
use serde_json::{Value, json};
use tower::ServiceExt;

use super::discord::*;

pub struct App {
    pub router: Router,
    pub store: Store,
    pub config: Config,
    pub core: Arc<ChatCore>,
    pub platforms: Platforms,
    _dir: tempfile::TempDir,
}

/// The app as `moviebot run` wires it, from `[discord]` (interactions mode, the test key)
/// plus `extra` TOML (more `[discord]` keys first, then any other sections).
pub async fn app_with(extra: &str) -> App {
    let (store, dir) = super::sqlite_store().await;
    moviebot::catalog::ensure_loaded(&store).await.unwrap();
    let path = dir.path().join("bot.toml");
    let toml = format!(
        "[discord]\nmode = \"interactions\"\napplication_id = {APP_ID}\npublic_key = \"{}\"\n{extra}",
        public_key_hex()
    );
    std::fs::write(&path, toml).unwrap();
    let config = Config::load_with(Some(&path), Path::new("/nonexistent/bot.toml"), &[])
        .unwrap()
        .config;
    let core = ChatCore::from_config(store.clone(), &config).await.unwrap();
    let platforms = Platforms::from_config(&config, core.clone()).unwrap();
    let state = AppState::new(core.clone(), &config.sidecar, &config.limits);
    let router = sidecar::router_with(state, platforms.routes());
    App {
        router,
        store,
        config,
        core,
        platforms,
        _dir: dir,
    }
}

pub async fn app() -> App {
    app_with("").await
}

impl App {
    pub async fn call(&self, req: Request<Body>) -> (u16, Value) {
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status().as_u16();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    /// POSTs `interaction` signed now with the test key.
    pub async fn post(&self, interaction: &Value) -> (u16, Value) {
        self.call(signed(serde_json::to_vec(interaction).unwrap()))
            .await
    }

    /// Like [`App::post`], asserting a 200.
    pub async fn ok(&self, interaction: &Value) -> Value {
        let (status, body) = self.post(interaction).await;
        assert_eq!(status, 200, "{body}");
        body
    }

    pub async fn user(&self, who: Who) -> Option<UserId> {
        super::user_named(&self.store, &format!("discord:{}", who.id)).await
    }

    /// `who`'s ratings as (TMDb id, stars); empty when they are unknown.
    pub async fn ratings(&self, who: Who) -> Vec<(i64, f64)> {
        super::ratings_named(&self.store, &format!("discord:{}", who.id)).await
    }

    pub async fn counts(&self) -> (i64, i64) {
        super::counts(&self.store).await
    }
}

/// The public film ids a response shows: the film menu's values, or a single card's buttons.
pub fn film_ids(response: &Value) -> Vec<i64> {
    let mut ids: Vec<i64> = Vec::new();
    for c in components(response) {
        let values = c["options"]
            .as_array()
            .map(|o| o.iter().map(|o| o["value"].clone()).collect())
            .unwrap_or_else(|| vec![c["custom_id"].clone()]);
        for v in values {
            let film = match Action::decode(v.as_str().unwrap_or_default()) {
                Ok(Action::Details { movie } | Action::Rate { movie, .. }) => movie.get(),
                _ => continue,
            };
            if !ids.contains(&film) {
                ids.push(film);
            }
        }
    }
    ids
}

pub fn title_option(value: &str) -> Value {
    json!({"name": "title", "type": 3, "value": value})
}

/// `/rate title:<id> stars:<stars>` by `who` in the guild.
pub fn rate_command(id: &str, who: Who, film: i64, stars: f64) -> Value {
    let options = json!([title_option(&film.to_string()),
        {"name": "stars", "type": 10, "value": stars}]);
    command(id, who, "rate", options, true)
}

/// Requests the fake Discord REST API received: (method, path, authorization, JSON body).
pub type Seen = Arc<Mutex<Vec<(String, String, Option<String>, Value)>>>;

/// A fake Discord REST API on 127.0.0.1:0 that records requests and echoes PUT bodies.
pub async fn fake_discord() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let app = Router::new().fallback(
        move |method: Method, uri: Uri, headers: axum::http::HeaderMap, body: Bytes| {
            let log = log.clone();
            async move {
                let auth = headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string);
                let echo: Value = serde_json::from_slice(&body).unwrap_or(json!({}));
                log.lock().unwrap().push((
                    method.to_string(),
                    uri.path().to_string(),
                    auth,
                    echo.clone(),
                ));
                axum::Json(echo)
            }
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, seen)
}
