//! A fake Telegram Bot API on 127.0.0.1:0 that the real teloxide `Bot` talks to through
//! `set_api_url`: getUpdates with real offset/long-poll semantics, the send/edit/answer
//! methods with Telegram's limits enforced the way Telegram fails, 429 and outage injection,
//! and a record of every call.
//!
//! The webhook is kept as Telegram keeps it: setWebhook stores the URL, deleteWebhook clears
//! it, getWebhookInfo reports it (with the pending updates and a delivery error set by
//! [`FakeApi::set_webhook_error`]), and getUpdates answers 409 while one is set. With
//! [`FakeApi::require_token`], calls with another token get Telegram's 401.
//!
//! Test support only, behind the `fake-api` feature: the adapter's own tests and bench and the
//! root crate's end-to-end tests share it. `html` is the strict parser of the HTML subset
//! Telegram accepts, which the fake applies to every text and caption.

pub mod html;
mod transcript;
pub mod updates;

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router, routing::post};
use serde_json::{Value, json};
use tokio::sync::Notify;

pub const BOT_ID: i64 = 999;
pub const BOT_USERNAME: &str = "MovieBot";

/// One Bot API call as the fake received it (multipart fields become JSON values).
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub params: Value,
    /// The answer: `true` when the fake accepted the call.
    pub ok: bool,
    /// When the fake received it.
    pub at: Instant,
}

#[derive(Debug, Clone, Copy)]
pub enum Fault {
    /// 429 with `parameters.retry_after`.
    TooManyRequests(u64),
}

#[derive(Default)]
struct State_ {
    calls: Vec<Call>,
    pending: Vec<Value>,
    faults: HashMap<String, VecDeque<Fault>>,
    /// Messages the bot sent (and their latest keyboard), by (chat, message id).
    messages: HashMap<(i64, i64), Value>,
    /// The registered webhook ("" when none), as getWebhookInfo reports it.
    webhook_url: String,
    /// The last failed delivery: (Unix time, Telegram's message).
    webhook_error: Option<(i64, String)>,
    /// When set, the only token accepted in `/bot<token>/<method>`.
    token: Option<String>,
    /// Files users sent, by file id (getFile and `/file/bot<token>/<path>` serve them).
    files: HashMap<String, Vec<u8>>,
    /// Users who never started a private chat with the bot: sends there are 403s.
    blocked: std::collections::HashSet<i64>,
}

#[derive(Clone)]
pub struct FakeApi {
    pub url: String,
    addr: std::net::SocketAddr,
    inner: Arc<Inner>,
    server: Arc<tokio::sync::Mutex<Option<Server>>>,
}

struct Server {
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

struct Inner {
    state: Mutex<State_>,
    new_update: Notify,
    down: AtomicBool,
    next_message_id: AtomicI64,
}

impl FakeApi {
    pub async fn start() -> FakeApi {
        let inner = Arc::new(Inner {
            state: Mutex::new(State_::default()),
            new_update: Notify::new(),
            down: AtomicBool::new(false),
            next_message_id: AtomicI64::new(100),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let fake = FakeApi {
            url: format!("http://{addr}"),
            addr,
            inner,
            server: Arc::new(tokio::sync::Mutex::new(None)),
        };
        fake.serve(listener).await;
        fake
    }

    async fn serve(&self, listener: tokio::net::TcpListener) {
        let app = Router::new()
            .route("/{bot}/{method}", post(dispatch))
            .route("/file/{bot}/{*path}", axum::routing::get(download))
            .with_state(self.inner.clone());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
                .unwrap()
        });
        *self.server.lock().await = Some(Server { stop, task });
    }

    /// Telegram unreachable: the listener closes, connections are refused.
    pub async fn go_down(&self) {
        if let Some(server) = self.server.lock().await.take() {
            let _ = server.stop.send(());
            let _ = server.task.await;
        }
    }

    /// Telegram back, on the same address, with the same state.
    pub async fn come_up(&self) {
        let listener = tokio::net::TcpListener::bind(self.addr).await.unwrap();
        self.serve(listener).await;
    }

    /// Queues an update for getUpdates.
    pub fn push(&self, update: Value) {
        self.inner.state.lock().unwrap().pending.push(update);
        self.inner.new_update.notify_waiters();
    }

    /// Queues several updates at once: a long poll waiting now gets them in one batch (as
    /// when Telegram hands out the same update twice).
    pub fn push_all(&self, updates: impl IntoIterator<Item = Value>) {
        self.inner.state.lock().unwrap().pending.extend(updates);
        self.inner.new_update.notify_waiters();
    }

    /// Keeps `bytes` as a file a user sent; returns its file id (for [`updates::document`]).
    pub fn add_file(&self, bytes: Vec<u8>) -> String {
        let mut s = self.inner.state.lock().unwrap();
        let id = format!("doc-{}", s.files.len() + 1);
        s.files.insert(id.clone(), bytes);
        id
    }

    /// `user` has never opened a private chat with the bot: messages to it are refused (403).
    pub fn never_started(&self, user: i64) {
        self.inner.state.lock().unwrap().blocked.insert(user);
    }

    /// The next call(s) of `method` fail with `fault`.
    pub fn fail_next(&self, method: &str, fault: Fault) {
        let mut s = self.inner.state.lock().unwrap();
        s.faults.entry(method.into()).or_default().push_back(fault);
    }

    /// Only `token` is accepted from now on; other tokens get 401 Unauthorized.
    pub fn require_token(&self, token: &str) {
        self.inner.state.lock().unwrap().token = Some(token.to_string());
    }

    /// A webhook registered by someone else (`""` removes it), as setWebhook would leave it.
    pub fn set_webhook(&self, url: &str) {
        self.inner.state.lock().unwrap().webhook_url = url.to_string();
    }

    /// Telegram's record of the last failed delivery to the webhook.
    pub fn set_webhook_error(&self, unix_time: i64, message: &str) {
        self.inner.state.lock().unwrap().webhook_error = Some((unix_time, message.to_string()));
    }

    /// While set, every call gets a 502 with an HTML body (teloxide then waits 10 s itself).
    pub fn set_down(&self, down: bool) {
        self.inner.down.store(down, Ordering::SeqCst);
    }

    pub fn calls(&self) -> Vec<Call> {
        self.inner.state.lock().unwrap().calls.clone()
    }

    pub fn calls_to(&self, method: &str) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| c.method == method)
            .collect()
    }

    /// Calls other than the polling and start-up ones: what users would see.
    pub fn effects(&self) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| {
                !matches!(
                    c.method.as_str(),
                    "getUpdates" | "getMe" | "setMyCommands" | "deleteWebhook" | "setWebhook"
                )
            })
            .collect()
    }

    pub fn clear_calls(&self) {
        self.inner.state.lock().unwrap().calls.clear();
    }

    /// A message the bot sent, as Telegram would include it in an update (with its current
    /// keyboard).
    pub fn message(&self, chat: i64, id: i64) -> Value {
        self.inner.state.lock().unwrap().messages[&(chat, id)].clone()
    }

    /// Every message the bot sent to `chat` (with its current keyboard), oldest first.
    pub fn messages(&self, chat: i64) -> Vec<Value> {
        let state = self.inner.state.lock().unwrap();
        let mut ids: Vec<i64> = (state.messages.keys())
            .filter(|(c, _)| *c == chat)
            .map(|(_, id)| *id)
            .collect();
        ids.sort_unstable();
        ids.iter()
            .map(|id| state.messages[&(chat, *id)].clone())
            .collect()
    }

    /// The latest message the bot sent to `chat`.
    pub fn last_message(&self, chat: i64) -> Value {
        let state = self.inner.state.lock().unwrap();
        let id = state
            .messages
            .keys()
            .filter(|(c, _)| *c == chat)
            .map(|(_, id)| *id)
            .max();
        state.messages[&(chat, id.expect("the bot sent nothing to this chat"))].clone()
    }

    /// Waits until `done(calls)` holds (polling every 5 ms), or panics after `secs`.
    pub async fn wait_until(
        &self,
        secs: u64,
        what: &str,
        done: impl Fn(&[Call]) -> bool,
    ) -> Vec<Call> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let calls = self.calls();
            if done(&calls) {
                return calls;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; calls: {calls:#?}");
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Waits for `n` effect calls (then a little longer, to catch extra ones).
    pub async fn wait_effects(&self, n: usize) -> Vec<Call> {
        self.wait_until(10, &format!("{n} effect calls"), |_| {
            self.effects().len() >= n
        })
        .await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        self.effects()
    }
}

fn ok(result: Value) -> Response {
    Json(json!({"ok": true, "result": result})).into_response()
}

fn bad_request(description: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"ok": false, "error_code": 400, "description": format!("Bad Request: {description}")})),
    )
        .into_response()
}

fn forbidden(description: &str) -> Response {
    (
        StatusCode::FORBIDDEN,
        Json(json!({"ok": false, "error_code": 403, "description": format!("Forbidden: {description}")})),
    )
        .into_response()
}

/// `GET /file/bot<token>/<file_path>`: a file's bytes, as Telegram serves downloads.
async fn download(
    State(inner): State<Arc<Inner>>,
    Path((bot, path)): Path<(String, String)>,
) -> Response {
    let state = inner.state.lock().unwrap();
    if let Some(token) = &state.token
        && bot.strip_prefix("bot") != Some(token.as_str())
    {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let id = path.strip_prefix("documents/").unwrap_or("");
    match state.files.get(id) {
        Some(bytes) => bytes.clone().into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

fn too_many(secs: u64) -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        Json(json!({
            "ok": false, "error_code": 429,
            "description": format!("Too Many Requests: retry after {secs}"),
            "parameters": {"retry_after": secs}
        })),
    )
        .into_response()
}

/// Request parameters as JSON, whether sent as JSON or multipart/form-data (teloxide sends
/// sendPhoto as multipart even for a URL; nested objects arrive as JSON strings).
async fn params(req: Request) -> Value {
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if multipart {
        let mut form = Multipart::from_request(req, &()).await.unwrap();
        let mut map = serde_json::Map::new();
        while let Some(field) = form.next_field().await.unwrap() {
            let name = field.name().unwrap_or("").to_owned();
            if let Some(filename) = field.file_name().map(str::to_owned) {
                let bytes = field.bytes().await.unwrap();
                map.insert(
                    name,
                    json!({"filename": filename, "content": String::from_utf8_lossy(&bytes)}),
                );
                continue;
            }
            let text = field.text().await.unwrap();
            let value = match name.as_str() {
                "reply_markup" | "caption_entities" | "reply_parameters" => {
                    serde_json::from_str(&text).unwrap_or(Value::String(text))
                }
                _ => Value::String(text),
            };
            map.insert(name, value);
        }
        // `"document": "attach://<part>"` names the part holding the file, as Telegram reads it.
        let attached: Vec<(String, Value)> = map
            .iter()
            .filter_map(|(k, v)| {
                let part = v.as_str()?.strip_prefix("attach://")?;
                Some((k.clone(), map.get(part)?.clone()))
            })
            .collect();
        map.extend(attached);
        Value::Object(map)
    } else {
        let bytes = axum::body::to_bytes(req.into_body(), usize::MAX)
            .await
            .unwrap();
        if bytes.is_empty() {
            json!({})
        } else {
            serde_json::from_slice(&bytes).unwrap_or(json!({}))
        }
    }
}

fn as_i64(v: &Value) -> Option<i64> {
    v.as_i64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
}

fn chat_json(id: i64) -> Value {
    if id < 0 {
        json!({"id": id, "type": "supergroup", "title": "Film club"})
    } else {
        json!({"id": id, "type": "private", "first_name": "User"})
    }
}

pub fn bot_user() -> Value {
    json!({"id": BOT_ID, "is_bot": true, "first_name": "moviebot", "username": BOT_USERNAME})
}

/// Telegram's checks on a keyboard: callback_data 1–64 bytes.
fn check_markup(markup: Option<&Value>) -> Result<(), String> {
    let Some(rows) = markup
        .and_then(|m| m.get("inline_keyboard"))
        .and_then(Value::as_array)
    else {
        return Ok(());
    };
    for button in rows.iter().filter_map(Value::as_array).flatten() {
        if let Some(data) = button.get("callback_data").and_then(Value::as_str)
            && !(1..=64).contains(&data.len())
        {
            return Err("BUTTON_DATA_INVALID".into());
        }
    }
    Ok(())
}

/// Parses `text` like Telegram does in HTML mode and checks its visible length.
fn check_text(
    text: &str,
    html_mode: bool,
    max: usize,
    min: usize,
    what: &str,
) -> Result<String, String> {
    let plain = if html_mode {
        html::parse(text).map_err(|e| format!("can't parse entities: {e}"))?
    } else {
        text.to_owned()
    };
    let n = html::len(plain.trim());
    if n < min {
        return Err(format!("{what} is empty"));
    }
    if n > max {
        return Err(if what == "caption" {
            "message caption is too long".into()
        } else {
            "message is too long".into()
        });
    }
    Ok(plain)
}

async fn dispatch(
    State(inner): State<Arc<Inner>>,
    Path((bot, method)): Path<(String, String)>,
    req: Request,
) -> Response {
    let wanted = inner.state.lock().unwrap().token.clone();
    if let Some(token) = wanted
        && bot.strip_prefix("bot") != Some(token.as_str())
    {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"ok": false, "error_code": 401, "description": "Unauthorized"})),
        )
            .into_response();
    }
    // Telegram's method names are case-insensitive; teloxide sends "GetMe", "SendMessage".
    let mut chars = method.chars();
    let method: String = chars
        .next()
        .map(|c| c.to_ascii_lowercase())
        .into_iter()
        .chain(chars)
        .collect();
    let params = params(req).await;
    if inner.down.load(Ordering::SeqCst) {
        record(&inner, &method, &params, false);
        return (StatusCode::BAD_GATEWAY, "<html>502 Bad Gateway</html>").into_response();
    }
    let fault = inner
        .state
        .lock()
        .unwrap()
        .faults
        .get_mut(&method)
        .and_then(VecDeque::pop_front);
    if let Some(Fault::TooManyRequests(secs)) = fault {
        record(&inner, &method, &params, false);
        return too_many(secs);
    }
    let response = answer(&inner, &method, &params).await;
    let accepted = response.status() == StatusCode::OK;
    record(&inner, &method, &params, accepted);
    response
}

fn record(inner: &Inner, method: &str, params: &Value, ok: bool) {
    inner.state.lock().unwrap().calls.push(Call {
        method: method.to_owned(),
        params: params.clone(),
        ok,
        at: Instant::now(),
    });
}

async fn answer(inner: &Arc<Inner>, method: &str, p: &Value) -> Response {
    let html_mode = p.get("parse_mode").and_then(Value::as_str) == Some("HTML");
    match method {
        "getMe" => ok(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "moviebot", "username": BOT_USERNAME,
            "can_join_groups": true, "can_read_all_group_messages": false,
            "supports_inline_queries": true, "has_main_web_app": false
        })),
        "getUpdates" => get_updates(inner, p).await,
        "sendMessage" | "sendPhoto" => {
            let chat = p.get("chat_id").and_then(as_i64).unwrap_or(0);
            let (text, max, min, what) = if method == "sendMessage" {
                (p.get("text").and_then(Value::as_str).unwrap_or(""), 4096, 1, "text")
            } else {
                (p.get("caption").and_then(Value::as_str).unwrap_or(""), 1024, 0, "caption")
            };
            let plain = match check_text(text, html_mode, max, min, what) {
                Ok(plain) => plain,
                Err(e) => return bad_request(&e),
            };
            if let Err(e) = check_markup(p.get("reply_markup")) {
                return bad_request(&e);
            }
            if method == "sendPhoto" && p.get("photo").and_then(Value::as_str).is_none() {
                return bad_request("there is no photo in the request");
            }
            if chat > 0 && inner.state.lock().unwrap().blocked.contains(&chat) {
                return forbidden("bot can't initiate conversation with a user");
            }
            let id = inner.next_message_id.fetch_add(1, Ordering::SeqCst);
            let mut msg = json!({
                "message_id": id, "date": 1_700_000_000, "chat": chat_json(chat),
                "from": bot_user(), "text": plain,
            });
            if let Some(markup) = p.get("reply_markup") {
                msg["reply_markup"] = markup.clone();
            }
            inner.state.lock().unwrap().messages.insert((chat, id), msg.clone());
            ok(msg)
        }
        "editMessageReplyMarkup" | "editMessageCaption" => {
            if let Err(e) = check_markup(p.get("reply_markup")) {
                return bad_request(&e);
            }
            if let Some(caption) = p.get("caption").and_then(Value::as_str)
                && let Err(e) = check_text(caption, html_mode, 1024, 0, "caption")
            {
                return bad_request(&e);
            }
            if p.get("inline_message_id").is_some() {
                return ok(json!(true));
            }
            let chat = p.get("chat_id").and_then(as_i64).unwrap_or(0);
            let id = p.get("message_id").and_then(as_i64).unwrap_or(0);
            let mut state = inner.state.lock().unwrap();
            let Some(msg) = state.messages.get_mut(&(chat, id)) else {
                return bad_request("message to edit not found");
            };
            let markup = p.get("reply_markup").cloned().unwrap_or(json!({"inline_keyboard": []}));
            if msg.get("reply_markup") == Some(&markup) {
                return bad_request("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
            }
            msg["reply_markup"] = markup;
            ok(msg.clone())
        }
        "getFile" => {
            let id = p.get("file_id").and_then(Value::as_str).unwrap_or("");
            match inner.state.lock().unwrap().files.get(id) {
                Some(bytes) => ok(json!({"file_id": id, "file_unique_id": format!("u-{id}"),
                    "file_size": bytes.len(), "file_path": format!("documents/{id}")})),
                None => bad_request("wrong file_id or the file is temporarily unavailable"),
            }
        }
        "sendDocument" => {
            let chat = p.get("chat_id").and_then(as_i64).unwrap_or(0);
            let Some(name) = p["document"]["filename"].as_str() else {
                return bad_request("there is no document in the request");
            };
            let caption = p.get("caption").and_then(Value::as_str).unwrap_or("");
            if let Err(e) = check_text(caption, html_mode, 1024, 0, "caption") {
                return bad_request(&e);
            }
            if chat > 0 && inner.state.lock().unwrap().blocked.contains(&chat) {
                return forbidden("bot can't initiate conversation with a user");
            }
            let id = inner.next_message_id.fetch_add(1, Ordering::SeqCst);
            let msg = json!({
                "message_id": id, "date": 1_700_000_000, "chat": chat_json(chat),
                "from": bot_user(), "caption": caption,
                "document": {"file_id": format!("sent-{id}"), "file_unique_id": format!("su-{id}"),
                    "file_name": name},
            });
            inner.state.lock().unwrap().messages.insert((chat, id), msg.clone());
            ok(msg)
        }
        // The bot may pin here (in a real group it needs the admin right to).
        "pinChatMessage" => {
            let chat = p.get("chat_id").and_then(as_i64).unwrap_or(0);
            let id = p.get("message_id").and_then(as_i64).unwrap_or(0);
            let mut state = inner.state.lock().unwrap();
            match state.messages.get_mut(&(chat, id)) {
                Some(msg) => {
                    msg["pinned"] = json!(true);
                    ok(json!(true))
                }
                None => bad_request("message to pin not found"),
            }
        }
        "deleteMessage" => {
            let chat = p.get("chat_id").and_then(as_i64).unwrap_or(0);
            let id = p.get("message_id").and_then(as_i64).unwrap_or(0);
            match inner.state.lock().unwrap().messages.remove(&(chat, id)) {
                Some(_) => ok(json!(true)),
                None => bad_request("message to delete not found"),
            }
        }
        "editMessageText" => {
            if let Err(e) = check_markup(p.get("reply_markup")) {
                return bad_request(&e);
            }
            let text = p.get("text").and_then(Value::as_str).unwrap_or("");
            let plain = match check_text(text, html_mode, 4096, 1, "text") {
                Ok(plain) => plain,
                Err(e) => return bad_request(&e),
            };
            let chat = p.get("chat_id").and_then(as_i64).unwrap_or(0);
            let id = p.get("message_id").and_then(as_i64).unwrap_or(0);
            let mut state = inner.state.lock().unwrap();
            let Some(msg) = state.messages.get_mut(&(chat, id)) else {
                return bad_request("message to edit not found");
            };
            // As Telegram: the markup given replaces the keyboard; none removes it.
            let markup = p.get("reply_markup").cloned().map(|m| match m {
                Value::String(s) => serde_json::from_str(&s).unwrap_or(Value::Null),
                other => other,
            });
            let same_markup = match &markup {
                Some(m) => msg.get("reply_markup") == Some(m),
                None => msg.get("reply_markup").is_none(),
            };
            if msg["text"] == json!(plain) && same_markup {
                return bad_request("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
            }
            msg["text"] = json!(plain);
            match markup {
                Some(m) => msg["reply_markup"] = m,
                None => {
                    if let Some(o) = msg.as_object_mut() {
                        o.remove("reply_markup");
                    }
                }
            }
            ok(msg.clone())
        }
        "answerCallbackQuery" => {
            let text = p.get("text").and_then(Value::as_str).unwrap_or("");
            if html::len(text) > 200 {
                return bad_request("MESSAGE_TOO_LONG");
            }
            ok(json!(true))
        }
        "answerInlineQuery" => {
            let results = p.get("results").and_then(Value::as_array).cloned().unwrap_or_default();
            if results.len() > 50 {
                return bad_request("RESULTS_TOO_MUCH");
            }
            for r in &results {
                if let Err(e) = check_markup(r.get("reply_markup")) {
                    return bad_request(&e);
                }
                let r_html = r.get("parse_mode").and_then(Value::as_str) == Some("HTML");
                if let Some(c) = r.get("caption").and_then(Value::as_str)
                    && let Err(e) = check_text(c, r_html, 1024, 0, "caption")
                {
                    return bad_request(&e);
                }
                if let Some(content) = r.get("input_message_content") {
                    let c_html = content.get("parse_mode").and_then(Value::as_str) == Some("HTML");
                    let t = content.get("message_text").and_then(Value::as_str).unwrap_or("");
                    if let Err(e) = check_text(t, c_html, 4096, 1, "text") {
                        return bad_request(&e);
                    }
                }
            }
            ok(json!(true))
        }
        "setMyCommands" => {
            let commands = p.get("commands").and_then(Value::as_array).cloned().unwrap_or_default();
            for c in &commands {
                let name = c.get("command").and_then(Value::as_str).unwrap_or("");
                let valid = (1..=32).contains(&name.len())
                    && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
                let desc = c.get("description").and_then(Value::as_str).unwrap_or("");
                if !valid || !(1..=256).contains(&desc.chars().count()) {
                    return bad_request("BOT_COMMAND_INVALID");
                }
            }
            ok(json!(true))
        }
        "setWebhook" => {
            let Some(url) = p.get("url").and_then(Value::as_str) else {
                return bad_request("bad webhook: an HTTPS URL must be provided for webhook");
            };
            let mut state = inner.state.lock().unwrap();
            state.webhook_url = url.to_string();
            state.webhook_error = None;
            ok(json!(true))
        }
        "deleteWebhook" => {
            inner.state.lock().unwrap().webhook_url.clear();
            ok(json!(true))
        }
        "getWebhookInfo" => {
            let state = inner.state.lock().unwrap();
            let mut info = json!({
                "url": state.webhook_url,
                "has_custom_certificate": false,
                "pending_update_count": state.pending.len(),
            });
            if !state.webhook_url.is_empty() {
                info["max_connections"] = json!(40);
            }
            if let Some((date, message)) = &state.webhook_error {
                info["last_error_date"] = json!(date);
                info["last_error_message"] = json!(message);
            }
            ok(info)
        }
        other => (
            StatusCode::NOT_FOUND,
            Json(json!({"ok": false, "error_code": 404, "description": format!("Not Found: method {other}")})),
        )
            .into_response(),
    }
}

/// Long polling: `offset` confirms (drops) every earlier update; with nothing pending the
/// call waits up to `timeout` seconds for one.
async fn get_updates(inner: &Arc<Inner>, p: &Value) -> Response {
    if !inner.state.lock().unwrap().webhook_url.is_empty() {
        return (
            StatusCode::CONFLICT,
            Json(json!({"ok": false, "error_code": 409, "description": "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"})),
        )
            .into_response();
    }
    let offset = p.get("offset").and_then(as_i64).unwrap_or(0);
    let timeout = p.get("timeout").and_then(as_i64).unwrap_or(0).max(0) as u64;
    let limit = p.get("limit").and_then(as_i64).unwrap_or(100).clamp(1, 100) as usize;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
    loop {
        let notified = inner.new_update.notified();
        {
            let mut state = inner.state.lock().unwrap();
            state
                .pending
                .retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
            if !state.pending.is_empty() {
                let batch: Vec<Value> = state.pending.iter().take(limit).cloned().collect();
                return ok(Value::Array(batch));
            }
        }
        if tokio::time::timeout_at(deadline, notified).await.is_err() {
            return ok(json!([]));
        }
    }
}
