//! What operators see in the logs when Discord misbehaves. One test per binary: log capture
//! uses a thread-scoped subscriber, which tests running in parallel would race on.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use moviebot_discord::spawn_registration;
use moviebot_protocol::Reply;
use serde_json::json;

/// Captures log lines for the duration of a (current-thread) test.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Logs {
    fn install(&self) -> tracing::subscriber::DefaultGuard {
        let logs = self.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || logs.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_default(subscriber)
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

fn idle_core() -> Arc<FakeCore> {
    FakeCore::new(|_| Reply::text("ok"))
}

#[tokio::test]
async fn failures_are_logged_with_their_retries() {
    let logs = Logs::default();
    let _guard = logs.install();
    server_errors_are_retried_with_backoff_and_logged(&logs).await;
    logs.0.lock().unwrap().clear();
    discord_unreachable_is_retried_logged_and_blocks_nothing(&logs).await;
    logs.0.lock().unwrap().clear();
    let limited = json!({"message": "You are being rate limited.", "retry_after": 0.05});
    let fake = FakeRest::start(vec![Canned(429, limited, None)]).await;
    let d = discord(idle_core(), Some(fake.base.clone()));
    d.rest().register_commands(None).await.unwrap();
    let text = logs.text();
    assert!(
        text.contains("rate limited for 0.1s") || text.contains("rate limited for 0.0s"),
        "{text}"
    );
    assert!(text.contains("retry_in_ms=50"), "{text}");
}

async fn server_errors_are_retried_with_backoff_and_logged(logs: &Logs) {
    let oops = json!({"message": "internal", "code": 0});
    let fake = FakeRest::start(vec![
        Canned(500, oops.clone(), None),
        Canned(502, oops, None),
    ])
    .await;
    let d = discord(idle_core(), Some(fake.base.clone()));
    let started = Instant::now();
    assert_eq!(
        d.rest().register_commands(None).await,
        Ok(moviebot_protocol::Command::SPECS.len())
    );
    // Backoff 20 ms then 40 ms.
    assert!(started.elapsed() >= Duration::from_millis(60));
    assert_eq!(fake.requests().len(), 3);
    let text = logs.text();
    assert!(
        text.contains("register commands") && text.contains("HTTP 500"),
        "{text}"
    );
    assert!(text.contains("retrying"), "{text}");
}

async fn discord_unreachable_is_retried_logged_and_blocks_nothing(logs: &Logs) {
    // A port nobody listens on.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let core = idle_core();
    let d = discord(core.clone(), Some(base));
    let registration = spawn_registration(d.clone());
    // The endpoint keeps answering while registration fails.
    let (status, body) = post_signed(&d, &command("3001", "help", json!([]), false)).await;
    assert_eq!(
        (status, body["data"]["content"].as_str()),
        (200, Some("ok"))
    );
    registration.await.unwrap();
    let text = logs.text();
    assert_eq!(text.matches("retrying").count(), 5, "{text}");
    assert!(text.contains("Discord unreachable"), "{text}");
    assert!(text.contains("were not registered"), "{text}");
}
