//! A fake Discord REST API on 127.0.0.1:0, reached through `DiscordSettings::api_base`: it
//! records every request (method, path, authorization, JSON body), answers from a script of
//! canned responses (rate limits, outages) and otherwise succeeds, echoing a bulk overwrite's
//! commands back as Discord does.
//!
//! It also keeps what `moviebot doctor` reads: the bot user (`GET /users/@me`), the
//! application (`GET /applications/@me`, editable in [`FakeRestState::application`]), and the
//! commands each bulk overwrite stored (`GET .../commands` lists them, as Discord's command
//! objects with ids). With [`FakeRestState::token`] set, any other `Authorization` gets
//! Discord's 401.

use std::collections::{HashMap, VecDeque};
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
    /// The JSON body, or a multipart request's `payload_json`.
    pub body: Value,
    /// A multipart request's file parts.
    pub files: Vec<RecordedFile>,
}

/// One file part of a multipart request.
#[derive(Debug, Clone)]
pub struct RecordedFile {
    /// The part's name (`files[0]`).
    pub part: String,
    pub filename: String,
    pub bytes: Vec<u8>,
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
    /// When set, the only accepted `Authorization: Bot <token>`; others get a 401.
    pub token: Mutex<Option<String>>,
    /// What `GET /api/v10/applications/@me` answers ([`application`] by default).
    pub application: Mutex<Value>,
    /// The commands stored by bulk overwrites, by their path (global or guild).
    pub commands: Mutex<HashMap<String, Vec<Value>>>,
    /// Files served as Discord's CDN serves attachments (`GET /attachments/...`), by path.
    pub cdn: Mutex<HashMap<String, Vec<u8>>>,
}

/// The bot user's id in `GET /users/@me`.
pub const BOT_USER_ID: &str = "1000000000000000099";

/// The test application as `GET /applications/@me` answers it: [`super::APP_ID`], its
/// public key, no privileged intents, no Interactions Endpoint URL.
pub fn application() -> Value {
    json!({
        "id": super::APP_ID.to_string(),
        "name": "moviebot-test",
        "icon": null,
        "description": "",
        "bot_public": true,
        "bot_require_code_grant": false,
        "verify_key": super::public_key_hex(),
        "flags": 0,
        "interactions_endpoint_url": null,
        "bot": bot_user(),
    })
}

/// The bot user as `GET /users/@me` answers it.
pub fn bot_user() -> Value {
    json!({
        "id": BOT_USER_ID, "username": "moviebot-test", "discriminator": "0",
        "global_name": null, "avatar": null, "bot": true,
    })
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
            token: Mutex::default(),
            application: Mutex::new(application()),
            commands: Mutex::default(),
            cdn: Mutex::default(),
        });
        let app = Router::new().fallback(record).with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { base, state }
    }

    /// Only `Authorization: Bot <token>` is accepted from now on.
    pub fn require_token(&self, token: &str) {
        *self.state.token.lock().unwrap() = Some(format!("Bot {token}"));
    }

    /// Stores `commands` at `path` as a bulk overwrite would.
    pub fn set_commands(&self, path: &str, commands: Vec<Value>) {
        let stored = stored_commands(path, commands);
        self.state
            .commands
            .lock()
            .unwrap()
            .insert(path.to_string(), stored);
    }

    /// Serves `bytes` as an attachment called `filename`; returns its CDN URL (for an
    /// interaction's resolved attachment).
    pub fn attach(&self, filename: &str, bytes: Vec<u8>) -> String {
        let mut cdn = self.state.cdn.lock().unwrap();
        let path = format!("/attachments/1/{}/{filename}", 2_000 + cdn.len());
        cdn.insert(path.clone(), bytes);
        format!("{}{path}", self.base)
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
    if method == Method::GET && uri.path().starts_with("/attachments/") {
        // The CDN: no authorization, not recorded.
        return match state.cdn.lock().unwrap().get(uri.path()) {
            Some(bytes) => bytes.clone().into_response(),
            None => StatusCode::NOT_FOUND.into_response(),
        };
    }
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let (json_body, files) = match multipart_boundary(&headers) {
        Some(boundary) => multipart(&body, &boundary),
        None => (
            serde_json::from_slice(&body).unwrap_or(Value::Null),
            Vec::new(),
        ),
    };
    state.requests.lock().unwrap().push(Recorded {
        method: method.to_string(),
        path: uri.path().to_string(),
        auth: auth.clone(),
        body: json_body,
        files,
    });
    let wanted = state.token.lock().unwrap().clone();
    if let Some(wanted) = wanted
        && auth.as_deref() != Some(wanted.as_str())
    {
        // Discord's answer to a bad or missing bot token.
        let body = json!({"message": "401: Unauthorized", "code": 0});
        return (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response();
    }
    if uri.path().ends_with("/gateway")
        && let Some(url) = state.gateway_url.lock().unwrap().clone()
    {
        return axum::Json(json!({ "url": url })).into_response();
    }
    let canned = state.script.lock().unwrap().pop_front();
    let path = uri.path();
    let is_commands = path.ends_with("/commands");
    let Canned(status, json, retry_after) = canned.unwrap_or_else(|| match method {
        Method::PUT if is_commands => {
            // Bulk overwrite replaces the commands and answers with what it now has.
            let sent = serde_json::from_slice::<Vec<Value>>(&body).unwrap_or_default();
            let stored = stored_commands(path, sent);
            let mut commands = state.commands.lock().unwrap();
            commands.insert(path.to_string(), stored.clone());
            Canned(200, Value::Array(stored), None)
        }
        Method::PUT => Canned(
            200,
            serde_json::from_slice(&body).unwrap_or(json!([])),
            None,
        ),
        Method::GET if is_commands => {
            let commands = state.commands.lock().unwrap();
            Canned(
                200,
                json!(commands.get(path).cloned().unwrap_or_default()),
                None,
            )
        }
        Method::GET if path.ends_with("/users/@me") => Canned(200, bot_user(), None),
        // A DM channel (type 1) with the recipient the body names.
        Method::POST if path.ends_with("/users/@me/channels") => Canned(
            200,
            json!({"id": "1900000000000000001", "type": 1, "last_message_id": null,
                   "recipients": [{"id": serde_json::from_slice::<Value>(&body)
                       .unwrap_or_default()["recipient_id"], "username": "member",
                                   "discriminator": "0", "avatar": null}]}),
            None,
        ),
        Method::GET if path.ends_with("/applications/@me") => {
            Canned(200, state.application.lock().unwrap().clone(), None)
        }
        _ => Canned(200, json!({}), None),
    });
    let mut resp = (StatusCode::from_u16(status).unwrap(), axum::Json(json)).into_response();
    if let Some(r) = retry_after {
        resp.headers_mut().insert("retry-after", r.parse().unwrap());
    }
    resp
}

fn multipart_boundary(headers: &HeaderMap) -> Option<String> {
    let ct = headers.get("content-type")?.to_str().ok()?;
    ct.starts_with("multipart/form-data")
        .then(|| ct.split("boundary=").nth(1))
        .flatten()
        .map(|b| b.trim_matches('"').to_string())
}

/// A multipart/form-data body: its `payload_json` and its file parts.
fn multipart(body: &[u8], boundary: &str) -> (Value, Vec<RecordedFile>) {
    let delimiter = format!("--{boundary}");
    let mut payload = Value::Null;
    let mut files = Vec::new();
    for part in split(body, delimiter.as_bytes()).into_iter().skip(1) {
        if part.starts_with(b"--") {
            break;
        }
        let part = part.strip_prefix(b"\r\n").unwrap_or(part);
        let Some(at) = part.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&part[..at]).to_string();
        let content = &part[at + 4..];
        let content = content.strip_suffix(b"\r\n").unwrap_or(content);
        let attr = |key: &str| {
            head.split(';')
                .filter_map(|kv| kv.trim().strip_prefix(&format!("{key}=")))
                .next()
                .map(|v| v.lines().next().unwrap_or(v).trim_matches('"').to_string())
        };
        match (attr("name"), attr("filename")) {
            (Some(name), Some(filename)) => files.push(RecordedFile {
                part: name,
                filename,
                bytes: content.to_vec(),
            }),
            (Some(name), None) if name == "payload_json" => {
                payload = serde_json::from_slice(content).unwrap_or(Value::Null);
            }
            _ => {}
        }
    }
    (payload, files)
}

fn split<'a>(body: &'a [u8], delimiter: &[u8]) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    let mut rest = body;
    while let Some(at) = rest.windows(delimiter.len()).position(|w| w == delimiter) {
        parts.push(&rest[..at]);
        rest = &rest[at + delimiter.len()..];
    }
    parts.push(rest);
    parts
}

/// Commands as Discord stores and lists them: what was sent, plus an id, the application id,
/// a version, the default type and the guild for a guild's commands.
fn stored_commands(path: &str, sent: Vec<Value>) -> Vec<Value> {
    let guild = path
        .split('/')
        .skip_while(|p| *p != "guilds")
        .nth(1)
        .map(str::to_string);
    sent.into_iter()
        .enumerate()
        .map(|(i, mut c)| {
            c["id"] = json!(format!("11000000000000000{i:02}"));
            c["application_id"] = json!(super::APP_ID.to_string());
            c["version"] = json!("1");
            if c.get("type").is_none() {
                c["type"] = json!(1);
            }
            if let Some(g) = &guild {
                c["guild_id"] = json!(g);
            }
            c
        })
        .collect()
}
