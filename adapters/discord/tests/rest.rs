//! The REST side against a fake Discord on 127.0.0.1 (serenity's `HttpBuilder::proxy`):
//! command registration with retries (429 Retry-After, 500s, Discord down), and deferred
//! answers finished by editing the original response.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use moviebot_discord::rest::RestError;
use moviebot_discord::{Discord, spawn_registration};
use moviebot_protocol::{Action, Incoming, PublicMovieId, Reply};
use serde_json::json;

fn idle_core() -> Arc<FakeCore> {
    FakeCore::new(|_| Reply::text("ok"))
}

#[tokio::test]
async fn commands_are_registered_globally_by_bulk_overwrite() {
    let fake = FakeRest::start(vec![]).await;
    let d = discord(idle_core(), Some(fake.base.clone()));
    let count = d.rest().register_commands(None).await.unwrap();
    assert_eq!(count, moviebot_protocol::Command::SPECS.len());
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].method, "PUT");
    assert_eq!(
        reqs[0].path,
        format!("/api/v10/applications/{APP_ID}/commands")
    );
    assert_eq!(reqs[0].auth.as_deref(), Some("Bot test-token"));
    let names: Vec<&str> = reqs[0]
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    for name in [
        "recommend",
        "similar",
        "movie",
        "search",
        "trending",
        "rate",
        "providers",
        "watchlist",
        "profile",
        "ask",
        "group",
        "help",
        "forgetme",
        "start",
    ] {
        assert!(names.contains(&name), "{name}");
    }
}

#[tokio::test]
async fn guild_registration_goes_to_the_guild() {
    let fake = FakeRest::start(vec![]).await;
    let mut s = settings(Some(fake.base.clone()));
    s.guild_id = Some(42);
    let d = Arc::new(Discord::new(s, idle_core()).unwrap());
    spawn_registration(d).await.unwrap();
    let reqs = fake.requests();
    assert_eq!(
        reqs[0].path,
        format!("/api/v10/applications/{APP_ID}/guilds/42/commands")
    );
}

#[tokio::test]
async fn a_429_is_retried_after_its_retry_after() {
    let limited =
        json!({"message": "You are being rate limited.", "retry_after": 0.4, "global": false});
    let fake = FakeRest::start(vec![Canned(429, limited, Some("1"))]).await;
    let d = discord(idle_core(), Some(fake.base.clone()));
    let started = Instant::now();
    d.rest().register_commands(None).await.unwrap();
    let waited = started.elapsed();
    assert_eq!(fake.requests().len(), 2);
    assert!(waited >= Duration::from_millis(400), "{waited:?}");
    assert!(
        waited < Duration::from_millis(1000),
        "body's retry_after wins: {waited:?}"
    );
}

#[tokio::test]
async fn a_429_without_a_body_uses_the_header() {
    let fake = FakeRest::start(vec![Canned(429, json!(null), Some("0.3"))]).await;
    let d = discord(idle_core(), Some(fake.base.clone()));
    let started = Instant::now();
    d.rest().register_commands(None).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(fake.requests().len(), 2);
}

#[tokio::test]
async fn a_rejected_registration_is_not_retried() {
    let fake = FakeRest::start(vec![Canned(
        400,
        json!({"message": "Invalid Form Body", "code": 50035}),
        None,
    )])
    .await;
    let d = discord(idle_core(), Some(fake.base.clone()));
    let err = d.rest().register_commands(None).await.unwrap_err();
    assert_eq!(err, RestError::Status(400, "Invalid Form Body".into()));
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn a_slow_answer_is_deferred_then_edited_into_the_original_response() {
    let fake = FakeRest::start(vec![]).await;
    let core = FakeCore::slow(Duration::from_millis(1000), |_| {
        Reply::text("Trending").with_cards([card(PublicMovieId(949), "Heat", 1995)])
    });
    let mut s = settings(Some(fake.base.clone()));
    s.defer_after = Duration::from_millis(100);
    let d = Arc::new(Discord::new(s, core.clone()).unwrap());
    let started = Instant::now();
    let (status, body) = post_signed(&d, &command("3002", "trending", json!([]), true)).await;
    assert!(started.elapsed() < Duration::from_millis(900));
    assert_eq!(status, 200);
    assert_eq!(body, json!({"type": 5}), "public deferral");
    let reqs = fake.wait_for(1).await;
    assert_eq!(reqs[0].method, "PATCH");
    assert_eq!(
        reqs[0].path,
        format!("/api/v10/webhooks/{APP_ID}/token-3002/messages/@original")
    );
    assert_eq!(reqs[0].body["content"], "Trending");
    assert_eq!(reqs[0].body["embeds"][0]["title"], "Heat (1995)");
    assert_eq!(reqs[0].body["components"].as_array().unwrap().len(), 2);
    assert_eq!(core.effects(), 1);
}

#[tokio::test]
async fn a_slow_personal_command_defers_privately() {
    let fake = FakeRest::start(vec![]).await;
    let core = FakeCore::slow(Duration::from_millis(300), |_| {
        Reply::text("Your watchlist")
    });
    let mut s = settings(Some(fake.base.clone()));
    s.defer_after = Duration::from_millis(50);
    let d = Arc::new(Discord::new(s, core).unwrap());
    let (_, body) = post_signed(&d, &command("3003", "watchlist", json!([]), true)).await;
    assert_eq!(body, json!({"type": 5, "data": {"flags": 64}}));
    let reqs = fake.wait_for(1).await;
    assert_eq!(reqs[0].body["content"], "Your watchlist");
}

#[tokio::test]
async fn a_slow_rating_click_defers_the_update_then_edits_the_card() {
    let fake = FakeRest::start(vec![]).await;
    let core = FakeCore::slow(Duration::from_millis(300), |e| match &e.incoming {
        Incoming::Action(Action::Rate { movie, stars }) => rated(*movie, "Heat", *stars),
        _ => Reply::text("?"),
    });
    let mut s = settings(Some(fake.base.clone()));
    s.defer_after = Duration::from_millis(50);
    let d = Arc::new(Discord::new(s, core).unwrap());
    let (_, body) = post_signed(&d, &button("3004", "mb1:r:949:30", false, 0)).await;
    assert_eq!(body, json!({"type": 6}));
    let reqs = fake.wait_for(1).await;
    assert_eq!(reqs[0].method, "PATCH");
    assert!(
        reqs[0]
            .path
            .ends_with("/webhooks/1000000000000000001/token-3004/messages/@original")
    );
    let rating = &reqs[0].body["components"][0]["components"][2];
    assert_eq!(
        (rating["label"].as_str(), rating["style"].as_u64()),
        (Some("★3"), Some(3))
    );
}

#[tokio::test]
async fn a_personal_answer_after_a_public_deferral_is_sent_privately() {
    let fake = FakeRest::start(vec![]).await;
    let core = FakeCore::slow(Duration::from_millis(200), |_| {
        Reply::text("just you").ephemeral()
    });
    let mut s = settings(Some(fake.base.clone()));
    s.defer_after = Duration::from_millis(50);
    let d = Arc::new(Discord::new(s, core).unwrap());
    let (_, body) = post_signed(&d, &command("3006", "ask", json!([]), true)).await;
    assert_eq!(body, json!({"type": 5}));
    let reqs = fake.wait_for(2).await;
    let original = format!("/api/v10/webhooks/{APP_ID}/token-3006/messages/@original");
    assert_eq!(
        (reqs[0].method.as_str(), reqs[0].path.as_str()),
        ("DELETE", original.as_str())
    );
    assert_eq!(reqs[1].method, "POST");
    assert_eq!(
        reqs[1].path,
        format!("/api/v10/webhooks/{APP_ID}/token-3006")
    );
    assert_eq!(reqs[1].body["flags"], 64);
    assert_eq!(reqs[1].body["content"], "just you");
}

#[tokio::test]
async fn an_edit_racing_the_deferral_is_retried() {
    // Discord may not have recorded the deferral yet: 404 Unknown Webhook, then success.
    let fake = FakeRest::start(vec![Canned(
        404,
        json!({"message": "Unknown Webhook", "code": 10015}),
        None,
    )])
    .await;
    let core = FakeCore::slow(Duration::from_millis(200), |_| Reply::text("late"));
    let mut s = settings(Some(fake.base.clone()));
    s.defer_after = Duration::from_millis(50);
    let d = Arc::new(Discord::new(s, core).unwrap());
    post_signed(&d, &command("3005", "ask", json!([]), false)).await;
    let reqs = fake.wait_for(2).await;
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[1].body["content"], "late");
}

#[tokio::test]
async fn gateway_answers_go_to_the_interaction_callback() {
    let fake = FakeRest::start(vec![]).await;
    let d = discord(idle_core(), Some(fake.base.clone()));
    let response = moviebot_discord::wire::InteractionResponse::pong();
    d.rest()
        .callback(serenity::all::InteractionId::new(77), "tok", &response)
        .await
        .unwrap();
    let reqs = fake.requests();
    assert_eq!(reqs[0].method, "POST");
    assert_eq!(reqs[0].path, "/api/v10/interactions/77/tok/callback");
    assert_eq!(reqs[0].body, json!({"type": 1}));
}
