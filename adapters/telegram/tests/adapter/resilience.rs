//! Flood limits and outages: a 429 is retried after retry_after; an unreachable Telegram is
//! retried with backoff and never stops the adapter; long polling confirms by offset.

use std::time::{Duration, Instant};

use super::support::*;
use moviebot_telegram::fake_api::Fault;

#[tokio::test]
async fn a_429_on_send_is_retried_once_after_retry_after() {
    let app = spawn_app().await;
    app.fake.fail_next("sendMessage", Fault::TooManyRequests(1));
    let started = Instant::now();
    app.fake.push(dm(1, 42, "hello"));
    let effects = app.fake.wait_effects(2).await;
    assert_eq!(effects.len(), 2, "{effects:#?}");
    assert!(!effects[0].ok && effects[1].ok);
    assert_eq!(effects[1].params["text"], "You said: hello");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited retry_after"
    );
    app.stop().await;
}

#[tokio::test]
async fn telegram_down_at_start_is_retried_until_it_answers() {
    let mut app = build(|_| {}).await;
    app.fake.go_down().await;
    start(&mut app);
    // Connection refused: the adapter keeps retrying with backoff (20, 40, 80… ms here).
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(app.fake.calls().is_empty());
    app.fake.come_up().await;
    app.fake
        .wait_until(5, "polling after recovery", |c| {
            c.iter().any(|c| c.method == "getUpdates" && c.ok)
        })
        .await;
    app.fake.push(dm(1, 42, "still there?"));
    let effects = app.fake.wait_effects(1).await;
    assert_eq!(effects[0].params["text"], "You said: still there?");
    app.stop().await;
}

#[tokio::test]
async fn polling_survives_an_outage_and_confirms_updates_by_offset() {
    let app = spawn_app().await;
    app.fake.push(dm(5, 42, "one"));
    app.fake.wait_effects(1).await;
    app.fake.go_down().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.fake.come_up().await;
    app.fake.push(dm(6, 42, "two"));
    app.fake.wait_effects(2).await;
    // Each update handled once; later polls carried an offset past it.
    let texts: Vec<String> = app
        .fake
        .effects()
        .iter()
        .map(|c| c.params["text"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(texts, ["You said: one", "You said: two"]);
    let offsets = |calls: &[moviebot_telegram::fake_api::Call]| -> Vec<i64> {
        calls
            .iter()
            .filter(|c| c.method == "getUpdates")
            .filter_map(|c| c.params["offset"].as_i64())
            .collect()
    };
    app.fake
        .wait_until(5, "a poll confirming update 6", |c| offsets(c).contains(&7))
        .await;
    assert!(offsets(&app.fake.calls()).contains(&6));
    assert_eq!(app.script.events().len(), 2);
    app.stop().await;
}

#[tokio::test]
async fn shutdown_stops_run_even_while_telegram_is_down() {
    let mut app = build(|_| {}).await;
    app.fake.go_down().await;
    start(&mut app);
    tokio::time::sleep(Duration::from_millis(100)).await;
    app.stop().await; // panics if run does not return
}

#[tokio::test]
async fn flood_limits_pace_a_busy_chat_without_stalling_others() {
    // Telegram's real limits: about one message per second per chat.
    let mut app = build(|s| s.limits = moviebot_telegram::Limits::default()).await;
    start(&mut app);
    app.fake
        .wait_until(5, "polling", |c| {
            c.iter().any(|c| c.method == "deleteWebhook")
        })
        .await;
    app.fake.push(dm(1, 42, "/recommend")); // four messages to chat 42
    app.fake.push(dm(2, 43, "hi")); // one message to chat 43
    let calls = app
        .fake
        .wait_until(10, "all five messages", |_| app.fake.effects().len() >= 5)
        .await;
    let sends: Vec<_> = calls
        .iter()
        .filter(|c| c.method.starts_with("send"))
        .collect();
    let to = |chat: i64| -> Vec<Instant> {
        sends
            .iter()
            .filter(|c| {
                let id = &c.params["chat_id"];
                id.as_i64()
                    .or_else(|| id.as_str().and_then(|s| s.parse().ok()))
                    == Some(chat)
            })
            .map(|c| c.at)
            .collect()
    };
    let (busy, other) = (to(42), to(43));
    assert_eq!((busy.len(), other.len()), (4, 1));
    let spread = *busy.last().unwrap() - busy[0];
    assert!(
        spread >= Duration::from_millis(2500),
        "paced by Throttle: {spread:?}"
    );
    assert!(
        other[0] < *busy.last().unwrap(),
        "chat 43 did not wait for chat 42"
    );
    app.stop().await;
}
