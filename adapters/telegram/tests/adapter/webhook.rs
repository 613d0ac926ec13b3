//! The webhook endpoint: secret checked (401), body checked (400), 200 then handled once.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use moviebot_telegram::{Mode, webhook_router};
use serde_json::Value;
use tower::ServiceExt;

use super::support::*;

const SECRET: &str = "s3cret_token-1";

async fn webhook_app() -> TestApp {
    build(|s| {
        s.mode = Mode::Webhook;
        s.webhook_url = Some("https://bot.example.com/telegram/webhook".into());
        s.secret_token = Some(SECRET.into());
    })
    .await
}

async fn post(app: &TestApp, secret: Option<&str>, body: &str) -> (StatusCode, Value) {
    let mut req = Request::post("/telegram/webhook").header("content-type", "application/json");
    if let Some(s) = secret {
        req = req.header("X-Telegram-Bot-Api-Secret-Token", s);
    }
    let res = webhook_router(Arc::clone(&app.telegram))
        .oneshot(req.body(Body::from(body.to_owned())).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn run_in_webhook_mode_registers_the_webhook_with_its_secret() {
    let mut app = webhook_app().await;
    start(&mut app);
    let calls = app
        .fake
        .wait_until(5, "setWebhook", |c| {
            c.iter().any(|c| c.method == "setWebhook")
        })
        .await;
    let set = calls.iter().find(|c| c.method == "setWebhook").unwrap();
    assert_eq!(
        set.params["url"],
        "https://bot.example.com/telegram/webhook"
    );
    assert_eq!(set.params["secret_token"], SECRET);
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert!(
        app.fake.calls_to("getUpdates").is_empty(),
        "no polling in webhook mode"
    );
    app.stop().await;
}

#[tokio::test]
async fn right_secret_is_handled_once_even_when_redelivered() {
    let app = webhook_app().await;
    let update = dm(31, 42, "hello").to_string();
    let (status, body) = post(&app, Some(SECRET), &update).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["ok"], true);
    app.fake.wait_effects(1).await;
    let (status, _) = post(&app, Some(SECRET), &update).await;
    assert_eq!(status, StatusCode::OK, "a redelivery is acknowledged");
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    assert_eq!(app.fake.calls_to("sendMessage").len(), 1);
    assert_eq!(app.script.events().len(), 1);
}

#[tokio::test]
async fn wrong_or_missing_secret_is_401_and_nothing_is_handled() {
    let app = webhook_app().await;
    let update = dm(1, 42, "hello").to_string();
    for secret in [None, Some("wrong"), Some(""), Some("s3cret_token-10")] {
        let (status, body) = post(&app, secret, &update).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{secret:?}");
        assert_eq!(body["error"]["code"], "unauthorized");
    }
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    assert!(app.script.events().is_empty());
    assert!(app.fake.calls().is_empty(), "no Bot API call at all");
}

#[tokio::test]
async fn malformed_updates_are_400() {
    let app = webhook_app().await;
    for body in ["", "not json", "{}", r#"{"update_id":"x"}"#, "[1,2]"] {
        let (status, json) = post(&app, Some(SECRET), body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body:?}");
        assert_eq!(json["error"]["code"], "bad_request");
    }
    assert!(app.script.events().is_empty());
}
