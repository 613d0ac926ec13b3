//! Serving the sidecar on a TCP listener with the limits a public endpoint needs, which
//! `axum::serve` does not offer: a deadline for each request head (slowloris connections and
//! idle keep-alives are closed after `[sidecar] header_timeout_seconds`), a cap on connections
//! served at once (`max_connections`; past it, new ones wait in the listen queue instead of
//! exhausting file descriptors), hyper's own rejections (400/414/431) with a JSON body, and a
//! lingering close so a client still sending a refused body reads its status instead of a
//! reset (`guarded`). On shutdown the listener closes at once and open connections get
//! `drain_seconds` to finish their requests.

mod guarded;

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

pub use guarded::Guarded;

/// How a listener is served (from `[sidecar]`).
#[derive(Debug, Clone)]
pub struct Serving {
    pub header_timeout: Duration,
    pub max_connections: usize,
    pub drain: Duration,
}

impl Serving {
    pub fn from_config(sidecar: &crate::config::SidecarConfig) -> Self {
        Self {
            header_timeout: sidecar.header_timeout(),
            max_connections: sidecar.max_connections,
            drain: sidecar.drain(),
        }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then stops accepting and gives open
/// connections up to `serving.drain` to finish; connections still open after that are closed.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    serving: Serving,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(serving.header_timeout)
        .writev(false);
    let http = Arc::new(http);
    let slots = Arc::new(Semaphore::new(serving.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    // Past the drain deadline, connection tasks drop their connections.
    let (close_all, closing) = tokio::sync::watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            _ = &mut shutdown => break,
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
        };
        let (stream, remote) = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors or a connection reset before accept: wait a
                    // moment rather than spin; the listener itself is fine.
                    tracing::warn!(error = %e, "sidecar: accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(with_peer(app.clone(), remote));
        let conn = http.serve_connection(TokioIo::new(Guarded::new(stream)), service);
        let conn = graceful.watch(conn);
        let mut closing = closing.clone();
        tokio::spawn(async move {
            tokio::select! {
                served = conn => if let Err(e) = served {
                    tracing::debug!(error = %e, %remote, "sidecar: connection ended with an error");
                },
                _ = closing.wait_for(|closed| *closed) => {}
            }
            drop(slot);
        });
    }
    drop(listener);
    let open = graceful.count();
    if open > 0 {
        tracing::info!(open, drain = ?serving.drain, "sidecar: draining open connections");
    }
    if tokio::time::timeout(serving.drain, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            drain = ?serving.drain,
            "sidecar: connections still open after the drain deadline were closed"
        );
        let _ = close_all.send(true);
    }
    Ok(())
}

/// The router as a hyper service for one connection, with the peer's address where axum's
/// `ConnectInfo` extractor (and the per-client limit) look for it.
fn with_peer(
    app: Router,
    remote: SocketAddr,
) -> impl tower::Service<
    hyper::Request<Incoming>,
    Response = axum::response::Response,
    Error = Infallible,
    Future = impl Future<Output = Result<axum::response::Response, Infallible>> + Send,
> + Clone {
    app.map_request(move |req: hyper::Request<Incoming>| {
        let mut req = req.map(Body::new);
        req.extensions_mut().insert(ConnectInfo(remote));
        req
    })
}
