//! The tests' fake TMDb as a standalone server, for running the bot (or curl) against
//! synthetic TMDb data without a key or a network:
//!
//! ```text
//! cargo run --example fake_tmdb                      # http://127.0.0.1:8787/3
//! cargo run --example fake_tmdb -- --port 9000
//! cargo run --example fake_tmdb -- --addr 0.0.0.0:8787
//! ```
//!
//! It prints the base URL and the credentials it accepts, logs every request, and runs until
//! Ctrl-C.

#[path = "../tests/support/fake_tmdb.rs"]
mod fake_tmdb;

use std::net::SocketAddr;

use fake_tmdb::{FAKE_KEY, FAKE_TOKEN, FakeTmdb};

const USAGE: &str = "usage: cargo run --example fake_tmdb -- [--port PORT] [--addr HOST:PORT]
  --port PORT       listen on 127.0.0.1:PORT (default 8787; 0 picks a free port)
  --addr HOST:PORT  listen on this address instead";

fn parse_args() -> Result<SocketAddr, String> {
    let mut addr: SocketAddr = ([127, 0, 0, 1], 8787).into();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
            None => (arg.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or(format!("{name} needs a value"))
        };
        match name.as_str() {
            "--port" | "-p" => {
                let port = value()?;
                let port = port.parse().map_err(|_| format!("bad port {port:?}"))?;
                addr.set_port(port);
            }
            "--addr" => {
                let text = value()?;
                addr = text.parse().map_err(|_| format!("bad address {text:?}"))?;
            }
            "--help" | "-h" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(addr)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let addr = match parse_args() {
        Ok(addr) => addr,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("{e}");
            }
            eprintln!("{USAGE}");
            std::process::exit(if e.is_empty() { 0 } else { 2 });
        }
    };
    let fake = match FakeTmdb::start_on(addr).await {
        Ok(fake) => fake,
        Err(e) => {
            eprintln!("cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    fake.on_request(|path, query, status| {
        let sep = if query.is_empty() { "" } else { "?" };
        println!("GET /3{path}{sep}{query} -> {status}");
    });
    let base = &fake.base_url;
    println!("fake TMDb listening: {base}");
    println!("  v3 api key:     {FAKE_KEY}  (?api_key=...)");
    println!("  v4 read token:  {FAKE_TOKEN}  (Authorization: Bearer ...)");
    println!("point the bot at it:");
    println!("  MOVIEBOT_TMDB__BASE_URL={base} MOVIEBOT_TMDB__READ_ACCESS_TOKEN={FAKE_TOKEN}");
    println!("try:");
    println!("  curl -H 'Authorization: Bearer {FAKE_TOKEN}' '{base}/trending/movie/day'");
    println!(
        "synthetic films from {} include: {}",
        fake_tmdb::this_year(),
        fake_tmdb::recent_films()
            .iter()
            .map(|f| format!("{} ({})", f.title, f.id))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("Ctrl-C stops it.");
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("cannot wait for Ctrl-C: {e}");
        std::process::exit(1);
    }
    println!("stopped after {} requests", fake.total_calls());
}
