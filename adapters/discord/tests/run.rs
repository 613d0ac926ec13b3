//! `run`: registration in the background, a clean stop on shutdown, and a gateway that keeps
//! retrying (without blocking anything) when Discord cannot be reached.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use moviebot_discord::{Discord, Mode, RunError, run};
use moviebot_protocol::Reply;
use tokio::sync::oneshot;

#[tokio::test]
async fn interactions_mode_registers_commands_and_stops_on_shutdown() {
    let fake = FakeRest::start(vec![]).await;
    let mut s = settings(Some(fake.base.clone()));
    s.mode = Mode::Interactions;
    let d = Arc::new(Discord::new(s, FakeCore::new(|_| Reply::text("ok"))).unwrap());
    let (stop, stopped) = oneshot::channel::<()>();
    let running = tokio::spawn(run(d, async {
        let _ = stopped.await;
    }));
    let reqs = fake.wait_for(1).await;
    assert_eq!(reqs[0].method, "PUT");
    stop.send(()).unwrap();
    let result = tokio::time::timeout(Duration::from_secs(2), running).await;
    assert_eq!(result.unwrap().unwrap(), Ok(()));
}

#[tokio::test]
async fn gateway_mode_needs_a_token() {
    let mut s = settings(None);
    s.token = None;
    let d = Arc::new(Discord::new(s, FakeCore::new(|_| Reply::text("ok"))).unwrap());
    assert_eq!(run(d, async {}).await, Err(RunError::MissingToken));
}

#[tokio::test]
async fn an_unreachable_gateway_does_not_block_and_shutdown_still_stops_it() {
    // The gateway URL Discord hands out points at a closed local port: no outside network.
    let fake = FakeRest::start(vec![]).await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("ws://{}", closed.local_addr().unwrap());
    drop(closed);
    *fake.state.gateway_url.lock().unwrap() = Some(url);
    let core = FakeCore::new(|_| Reply::text("ok"));
    let d = Arc::new(Discord::new(settings(Some(fake.base.clone())), core.clone()).unwrap());
    let started = Instant::now();
    let (stop, stopped) = oneshot::channel::<()>();
    let running = tokio::spawn(run(d.clone(), async {
        let _ = stopped.await;
    }));
    // Meanwhile the endpoint answers and registration goes through.
    let (status, _) = post_signed(&d, &command("4001", "help", serde_json::json!([]), false)).await;
    assert_eq!(status, 200);
    let reqs = fake.wait_for(2).await;
    assert!(reqs.iter().any(|r| r.method == "PUT"), "{reqs:?}");
    assert!(
        reqs.iter().any(|r| r.path == "/api/v10/gateway"),
        "{reqs:?}"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.send(()).unwrap();
    let result = tokio::time::timeout(Duration::from_secs(5), running).await;
    assert_eq!(result.expect("stops on shutdown").unwrap(), Ok(()));
    assert!(started.elapsed() < Duration::from_secs(6));
}
