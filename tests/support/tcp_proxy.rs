//! A TCP proxy on 127.0.0.1 for outage tests: point the app's database URL at it, and
//! [`TcpProxy::cut`] plays a server that went away — every open connection is dropped and
//! new ones are refused (its port is closed) — until [`TcpProxy::restore`] opens the same
//! port again and forwards to the real server as before.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

pub struct TcpProxy {
    addr: SocketAddr,
    upstream: SocketAddr,
    shared: Arc<Shared>,
}

#[derive(Default)]
struct Shared {
    accept: Mutex<Option<JoinHandle<()>>>,
    /// One task per proxied connection; aborting it drops both sockets.
    links: Mutex<Vec<JoinHandle<()>>>,
}

impl TcpProxy {
    /// Listens on a free loopback port and forwards every connection to `upstream`.
    pub async fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let addr = listener.local_addr().unwrap();
        let proxy = Self {
            addr,
            upstream,
            shared: Arc::default(),
        };
        proxy.serve(listener);
        proxy
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `url` (e.g. `postgres://user@host:port/db`) with the host and port of this proxy.
    pub fn url_through(&self, url: &str) -> String {
        let mut u = url::Url::parse(url).expect("a URL");
        u.set_host(Some(&self.addr.ip().to_string())).unwrap();
        u.set_port(Some(self.addr.port())).unwrap();
        u.to_string()
    }

    /// The server "goes away": open connections are dropped, new ones refused.
    pub fn cut(&self) {
        if let Some(accept) = self.shared.accept.lock().unwrap().take() {
            accept.abort();
        }
        for link in self.shared.links.lock().unwrap().drain(..) {
            link.abort();
        }
    }

    /// The server is back on the same address.
    pub async fn restore(&self) {
        // Aborted tasks drop their sockets when they are next polled; give them a moment.
        tokio::task::yield_now().await;
        let mut tries = 0;
        let listener = loop {
            match TcpListener::bind(self.addr).await {
                Ok(l) => break l,
                Err(_) if tries < 50 => {
                    tries += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                }
                Err(e) => panic!("cannot listen on {} again: {e}", self.addr),
            }
        };
        self.serve(listener);
    }

    fn serve(&self, listener: TcpListener) {
        let shared = self.shared.clone();
        let upstream = self.upstream;
        let accept = tokio::spawn(async move {
            loop {
                let Ok((mut client, _)) = listener.accept().await else {
                    continue;
                };
                let link = tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                });
                let mut links = shared.links.lock().unwrap();
                links.retain(|l| !l.is_finished());
                links.push(link);
            }
        });
        *self.shared.accept.lock().unwrap() = Some(accept);
    }
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        self.cut();
    }
}
