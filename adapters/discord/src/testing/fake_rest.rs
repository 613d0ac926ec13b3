//! A fake Discord REST API on 127.0.0.1:0, reached through `DiscordSettings::api_base`: it
//! records every request (method, path, authorization, JSON body), answers from a script of
//! canned responses (rate limits, outages) and otherwise succeeds, echoing a bulk overwrite's
//! commands back as Discord does.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// One request the fake Discord REST server received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub auth: Option<String>,
    pub body: Value,
}

/// A canned answer: status, JSON body, optional Retry-After header.
#[derive(Debug, Clone)]
pub struct Canned(pub u16, pub Value, pub Option<&'static str>);

#[derive(Default)]
pub struct FakeRestState {
    pub requests: Mutex<Vec<Recorded>>,
    pub script: Mutex<VecDeque<Canned>>,
    /// What `GET /api/v10/gateway` answers as the websocket URL.
    pub gateway_url: Mutex<Option<String>>,
}

/// The fake Discord REST API on 127.0.0.1:0; returns its base URL (for `api_base`).
pub struct FakeRest {
    pub base: String,
    pub state: Arc<FakeRestState>,
}

impl FakeRest {
    pub async fn start(script: Vec<Canned>) -> Self {
        let state = Arc::new(FakeRestState {
            requests: Mutex::default(),
            script: Mutex::new(script.into()),
            gateway_url: Mutex::default(),
        });
        let app = Router::new().fallback(record).with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { base, state }
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().unwrap().clone()
    }

    /// Waits until at least `n` requests arrived (or 5 s passed).
    pub async fn wait_for(&self, n: usize) -> Vec<Recorded> {
        for _ in 0..500 {
            if self.requests().len() >= n {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        self.requests()
    }
}

async fn record(
    State(state): State<Arc<FakeRestState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    state.requests.lock().unwrap().push(Recorded {
        method: method.to_string(),
        path: uri.path().to_string(),
        auth: headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
    });
    if uri.path().ends_with("/gateway")
        && let Some(url) = state.gateway_url.lock().unwrap().clone()
    {
        return axum::Json(json!({ "url": url })).into_response();
    }
    let canned = state.script.lock().unwrap().pop_front();
    let Canned(status, json, retry_after) = canned.unwrap_or_else(|| {
        if method == Method::PUT {
            // Bulk overwrite answers with the commands it now has.
            Canned(
                200,
                serde_json::from_slice(&body).unwrap_or(json!([])),
                None,
            )
        } else {
            Canned(200, json!({}), None)
        }
    });
    let mut resp = (StatusCode::from_u16(status).unwrap(), axum::Json(json)).into_response();
    if let Some(r) = retry_after {
        resp.headers_mut().insert("retry-after", r.parse().unwrap());
    }
    resp
}
