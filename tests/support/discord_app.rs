//! The Discord suites' app: [`TestApp`] with `[discord]` in interactions mode on the test
//! key, answering signed interactions POSTed to its router, and what the store holds for a
//! Discord user; plus reading film ids off a response and `/rate` as Discord sends it.
#![allow(dead_code)]

use std::ops::{Deref, DerefMut};

use axum::body::Body;
use axum::http::Request;
use moviebot::domain::UserId;
use moviebot_protocol::Action;
use serde_json::{Value, json};

use super::app::{TestApp, TestAppBuilder};
use super::discord::*;

pub struct App(TestApp);

/// The app as `moviebot run` builds it from `[discord]` in interactions mode (the test key).
pub async fn app() -> App {
    app_with(|app| app).await
}

/// [`app`] with more settings.
pub async fn app_with(more: impl FnOnce(TestAppBuilder) -> TestAppBuilder) -> App {
    App(more(TestApp::builder().discord_interactions())
        .build()
        .await)
}

impl Deref for App {
    type Target = TestApp;

    fn deref(&self) -> &TestApp {
        &self.0
    }
}

impl DerefMut for App {
    fn deref_mut(&mut self) -> &mut TestApp {
        &mut self.0
    }
}

impl App {
    pub async fn call(&self, req: Request<Body>) -> (u16, Value) {
        let (status, body) = self.0.call(req).await;
        (status.as_u16(), body)
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
