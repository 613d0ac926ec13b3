//! The doctor's HTTP: one client with a short timeout, JSON answers, and failures worded for
//! an admin — never with the URL, which may hold a token (Telegram puts it in the path).

use std::time::Duration;

use serde_json::Value;

/// A client whose every request gives up after `timeout`.
pub fn client(timeout: Duration) -> Client {
    let http = reqwest::Client::builder()
        .user_agent(concat!("moviebot-doctor/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(timeout)
        .timeout(timeout)
        .build()
        .unwrap_or_default();
    Client { http, timeout }
}

#[derive(Clone)]
pub struct Client {
    pub http: reqwest::Client,
    pub timeout: Duration,
}

/// What came back: the status and the body as JSON (`Null` when it was not JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub json: Value,
}

impl Answer {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Why there was no answer, worded for the report.
#[derive(Debug)]
pub enum Unreachable {
    Timeout(Duration),
    Connect(String),
    Other(String),
}

impl std::fmt::Display for Unreachable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreachable::Timeout(t) => write!(f, "no answer within {} s", t.as_secs()),
            Unreachable::Connect(host) => write!(f, "could not connect to {host}"),
            Unreachable::Other(e) => f.write_str(e),
        }
    }
}

impl Client {
    /// Sends `request` and reads the answer as JSON.
    pub async fn send(&self, request: reqwest::RequestBuilder) -> Result<Answer, Unreachable> {
        let response = request.send().await.map_err(|e| self.unreachable(&e))?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(|e| self.unreachable(&e))?;
        Ok(Answer {
            status,
            json: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        })
    }

    fn unreachable(&self, e: &reqwest::Error) -> Unreachable {
        // The host only: the path may carry a token.
        let host = e
            .url()
            .map(|u| match (u.host_str(), u.port()) {
                (Some(h), Some(p)) => format!("{h}:{p}"),
                (Some(h), None) => h.to_string(),
                _ => "the server".to_string(),
            })
            .unwrap_or_else(|| "the server".to_string());
        if e.is_timeout() {
            Unreachable::Timeout(self.timeout)
        } else if e.is_connect() {
            Unreachable::Connect(host)
        } else {
            Unreachable::Other(format!("{host}: {}", message_without_url(e)))
        }
    }
}

/// reqwest's message without the URL (`without_url` needs the error by value).
fn message_without_url(e: &reqwest::Error) -> String {
    let text = e.to_string();
    match e.url() {
        Some(url) => text
            .replace(&format!(" ({url})"), "")
            .replace(url.as_str(), "…"),
        None => text,
    }
}
