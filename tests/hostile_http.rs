//! The sidecar on a real port against clients that misbehave at the HTTP level, the way a
//! hostile client or a broken proxy would: requests hyper rejects itself (malformed request
//! line, 100 KB query strings, thousands of headers) answer JSON; a head sent slowly and an
//! idle keep-alive are closed after the head deadline while `/healthz` answers a fresh client
//! beside 2,000 slow connections; a body that trickles is cut off with a JSON 408; a refused
//! body's status reaches a client still uploading it, in a flood; the connection cap holds;
//! and shutdown closes the listener at once and lets an in-flight request finish.

mod support;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

use support::app::{TestApp, TestAppBuilder};

/// A served app; dropping `stop` (or sending on it) shuts it down.
struct Served {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    server: tokio::task::JoinHandle<anyhow::Result<()>>,
    _app: TestApp,
}

async fn serve(builder: TestAppBuilder) -> Served {
    let app = builder.build().await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(app.serve(listener, async {
        let _ = stopped.await;
    }));
    Served {
        addr,
        stop: Some(stop),
        server,
        _app: app,
    }
}

/// Lets this test process hold a few thousand sockets.
fn raise_fd_limit() {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut limit = getrlimit(Resource::Nofile);
    limit.current = limit.maximum.map(|m| m.min(65_536)).or(Some(65_536));
    let _ = setrlimit(Resource::Nofile, limit);
}

/// Writes `bytes`, then reads until the server closes (or 10 s pass).
async fn exchange(addr: SocketAddr, bytes: &[u8]) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(bytes).await.unwrap();
    read_to_close(&mut s).await
}

async fn read_to_close(s: &mut TcpStream) -> String {
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

/// (status, headers lowercased, JSON body) of a raw HTTP/1.1 response.
fn parse(response: &str) -> (u16, String, Value) {
    let (head, body) = response
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("not an HTTP response: {response:?}"));
    let status = head[9..12].parse().unwrap();
    let body = serde_json::from_str(body).unwrap_or(Value::Null);
    (status, head.to_ascii_lowercase(), body)
}

fn assert_json_error(response: &str, status: u16, code: &str) {
    let (got, head, body) = parse(response);
    assert_eq!(got, status, "{response}");
    assert!(
        head.contains("content-type: application/json"),
        "{response}"
    );
    assert_eq!(body["error"]["code"], code, "{response}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_hyper_refuses_itself_answer_json() {
    let served = serve(TestApp::builder()).await;
    let addr = served.addr;
    assert_json_error(
        &exchange(addr, b"GARBAGE\r\n\r\n").await,
        400,
        "bad_request",
    );
    let long_query = format!(
        "GET /api/search?q={} HTTP/1.1\r\nHost: x\r\n\r\n",
        "a".repeat(100_000)
    );
    assert_json_error(
        &exchange(addr, long_query.as_bytes()).await,
        414,
        "uri_too_long",
    );
    let many_headers: String = (0..3000).map(|i| format!("X-H-{i}: v\r\n")).collect();
    let request = format!("GET /healthz HTTP/1.1\r\nHost: x\r\n{many_headers}\r\n");
    assert_json_error(
        &exchange(addr, request.as_bytes()).await,
        431,
        "headers_too_large",
    );
    // A huge single header too.
    let request = format!(
        "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "b".repeat(600_000)
    );
    assert_json_error(
        &exchange(addr, request.as_bytes()).await,
        431,
        "headers_too_large",
    );
    // And the service is still up.
    let ok = exchange(
        addr,
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(parse(&ok).0, 200, "{ok}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_heads_and_idle_connections_are_closed_and_health_still_answers() {
    raise_fd_limit();
    let served = serve(TestApp::builder().set("sidecar", "header_timeout_seconds", 1)).await;
    let addr = served.addr;
    // 2,000 slowloris connections, each with half a head sent.
    let mut slow = Vec::new();
    for _ in 0..2000 {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .await
            .unwrap();
        slow.push(s);
    }
    // A fresh client is answered meanwhile.
    let ok = exchange(
        addr,
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(parse(&ok).0, 200, "{ok}");
    // Every slow connection is closed by the server (EOF or reset), none answered.
    let started = Instant::now();
    for s in &mut slow {
        let mut buf = [0u8; 64];
        let read = tokio::time::timeout(Duration::from_secs(20), s.read(&mut buf))
            .await
            .expect("the server closes a slow head");
        assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");
    }
    eprintln!("2,000 slow heads closed within {:?}", started.elapsed());
    // An idle keep-alive connection is closed after the same deadline.
    let mut idle = TcpStream::connect(addr).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let answered = read_to_close(&mut idle).await;
    assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trickling_body_gets_a_json_408_and_writes_nothing() {
    let served = serve(TestApp::builder().set("sidecar", "body_timeout_seconds", 1)).await;
    let mut s = TcpStream::connect(served.addr).await.unwrap();
    s.write_all(
        b"POST /api/user HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
          Content-Length: 40\r\n\r\n{\"username\":",
    )
    .await
    .unwrap();
    let response = read_to_close(&mut s).await;
    assert_json_error(&response, 408, "request_timeout");
    assert!(
        parse(&response).1.contains("connection: close"),
        "{response}"
    );
    let (users, _) = support::counts(&served._app.store).await;
    assert_eq!(users, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_body_still_delivers_its_status_in_a_flood() {
    let served = serve(
        TestApp::builder()
            .admin_token("hostile-http-test-token")
            .toml("[limits]\napi_burst = 100000\napi_per_second = 100000"),
    )
    .await;
    let addr = served.addr;
    // 50 clients each announce an 8 MB body (more than the socket buffers hold), get 401 (no token) before it is read, and
    // keep uploading it: each must be able to send the whole body without a reset (EPIPE is
    // what a client that writes before it reads reports) and then read its status, with
    // Connection: close.
    let mut tasks = Vec::new();
    for _ in 0..50 {
        tasks.push(tokio::spawn(async move {
            let mut s = TcpStream::connect(addr).await.unwrap();
            s.write_all(
                b"POST /api/user HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
                  Content-Length: 8000000\r\n\r\n",
            )
            .await
            .unwrap();
            let chunk = vec![b' '; 64 * 1024];
            for _ in 0..122 {
                s.write_all(&chunk)
                    .await
                    .expect("the server keeps reading a refused body for a moment");
            }
            read_to_close(&mut s).await
        }));
    }
    let mut delivered = 0;
    for task in tasks {
        let response = task.await.unwrap();
        assert_json_error(&response, 401, "unauthorized");
        assert!(
            parse(&response).1.contains("connection: close"),
            "{response}"
        );
        delivered += 1;
    }
    assert_eq!(delivered, 50);
    let (users, _) = support::counts(&served._app.store).await;
    assert_eq!(users, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_past_the_cap_wait_for_a_free_slot() {
    let served = serve(TestApp::builder().set("sidecar", "max_connections", 3).set(
        "sidecar",
        "header_timeout_seconds",
        2,
    ))
    .await;
    let addr = served.addr;
    // Three idle connections take every slot…
    let mut idle = Vec::new();
    for _ in 0..3 {
        idle.push(TcpStream::connect(addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    // …so a fourth is not served while they are open (it waits in the listen queue)…
    let mut fourth = TcpStream::connect(addr).await.unwrap();
    fourth
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 16];
    let early = tokio::time::timeout(Duration::from_millis(500), fourth.read(&mut buf)).await;
    assert!(early.is_err(), "served past the cap: {early:?}");
    // …and is answered once the head deadline frees a slot.
    let response = read_to_close(&mut fourth).await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_closes_the_listener_and_lets_an_in_flight_request_finish() {
    let mut served = serve(TestApp::builder().set("sidecar", "drain_seconds", 5)).await;
    let addr = served.addr;
    let body = br#"{"username":"drained"}"#;
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(
        format!(
            "POST /api/user HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    s.write_all(&body[..5]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    served.stop.take().unwrap().send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "the listener is closed at once"
    );
    s.write_all(&body[5..]).await.unwrap();
    let response = read_to_close(&mut s).await;
    assert_eq!(parse(&response).0, 201, "{response}");
    tokio::time::timeout(Duration::from_secs(10), &mut served.server)
        .await
        .expect("the server stops within the drain deadline")
        .unwrap()
        .unwrap();
    let (users, _) = support::counts(&served._app.store).await;
    assert_eq!(users, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_that_never_finishes_does_not_hold_shutdown_past_the_deadline() {
    let mut served = serve(TestApp::builder().set("sidecar", "drain_seconds", 1).set(
        "sidecar",
        "body_timeout_seconds",
        600,
    ))
    .await;
    let mut s = TcpStream::connect(served.addr).await.unwrap();
    s.write_all(
        b"POST /api/user HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
          Content-Length: 100\r\n\r\n{\"user",
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    served.stop.take().unwrap().send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), &mut served.server)
        .await
        .expect("shutdown ends at the drain deadline, not when the client pleases")
        .unwrap()
        .unwrap();
    let mut buf = [0u8; 16];
    let read = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf)).await;
    assert!(
        matches!(read, Ok(Ok(0)) | Ok(Err(_))),
        "the stuck connection was closed: {read:?}"
    );
}
