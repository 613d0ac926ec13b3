//! Discord test fixtures for the root crate: a test Ed25519 key and request signing, signed
//! requests to `/discord/interactions`, and interaction JSON in Discord's real shapes (every
//! field serenity 0.12 needs to deserialize it). Self-contained, so benches can include it.
#![allow(dead_code)]

use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::http::Request;
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{Value, json};

pub const PATH: &str = "/discord/interactions";
pub const APP_ID: u64 = 1_000_000_000_000_000_001;
pub const GUILD_ID: &str = "1300000000000000001";
pub const CHANNEL_ID: &str = "1400000000000000001";

/// A Discord account taking part in a test.
#[derive(Debug, Clone, Copy)]
pub struct Who {
    pub id: &'static str,
    pub name: &'static str,
}

pub const ADA: Who = Who {
    id: "1500000000000000001",
    name: "ada",
};
pub const BOB: Who = Who {
    id: "1500000000000000002",
    name: "bob",
};

pub fn signing_key() -> SigningKey {
    SigningKey::from_bytes(&[7u8; 32])
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The public key to put in `[discord] public_key`.
pub fn public_key_hex() -> String {
    hex(signing_key().verifying_key().as_bytes())
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
}

/// `(X-Signature-Ed25519, X-Signature-Timestamp)` for `body` signed by `key` at `timestamp`.
pub fn sign_with(key: &SigningKey, body: &[u8], timestamp: u64) -> (String, String) {
    let ts = timestamp.to_string();
    let signature = key.sign(&[ts.as_bytes(), body].concat());
    (hex(&signature.to_bytes()), ts)
}

pub fn sign(body: &[u8], timestamp: u64) -> (String, String) {
    sign_with(&signing_key(), body, timestamp)
}

/// A POST to the interactions endpoint with exactly these headers.
pub fn request(body: Vec<u8>, headers: &[(&str, String)]) -> Request<Body> {
    let mut req = Request::post(PATH).header("content-type", "application/json");
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    req.body(Body::from(body)).expect("request")
}

/// A POST of `body` signed now with the test key.
pub fn signed(body: Vec<u8>) -> Request<Body> {
    let (sig, ts) = sign(&body, now());
    request(
        body,
        &[("x-signature-ed25519", sig), ("x-signature-timestamp", ts)],
    )
}

fn user(who: Who) -> Value {
    json!({
        "id": who.id, "username": who.name, "discriminator": "0", "global_name": who.name,
        "avatar": null, "bot": false, "public_flags": 0
    })
}

fn member(who: Who) -> Value {
    json!({
        "user": user(who), "nick": null, "avatar": null, "roles": [],
        "joined_at": "2024-01-01T00:00:00.000000+00:00", "premium_since": null,
        "deaf": false, "mute": false, "flags": 0, "pending": false,
        "permissions": "2248473465835073", "communication_disabled_until": null
    })
}

/// What every interaction carries; `guild` false makes it a DM.
fn envelope(kind: u8, id: &str, who: Who, guild: bool) -> Value {
    let mut v = json!({
        "id": id, "application_id": APP_ID.to_string(), "type": kind,
        "channel_id": CHANNEL_ID,
        "channel": {"id": CHANNEL_ID, "type": if guild { 0 } else { 1 }},
        "token": format!("token-{id}"), "version": 1,
        "app_permissions": "2248473465835073", "locale": "en-GB", "entitlements": [],
        "authorizing_integration_owners": {"0": GUILD_ID},
        "context": if guild { 0 } else { 1 }, "attachment_size_limit": 10485760
    });
    if guild {
        v["guild_id"] = json!(GUILD_ID);
        v["guild_locale"] = json!("en-US");
        v["member"] = member(who);
    } else {
        v["user"] = user(who);
    }
    v
}

pub fn ping(id: &str) -> Value {
    json!({"id": id, "application_id": APP_ID.to_string(), "type": 1,
        "token": "token-ping", "version": 1})
}

/// `/name` run by `who`; `options` as `[{"name", "type", "value"}]`.
pub fn command(id: &str, who: Who, name: &str, options: Value, guild: bool) -> Value {
    let mut v = envelope(2, id, who, guild);
    v["data"] = json!({"id": "1200000000000000001", "name": name, "type": 1,
        "options": options});
    v
}

/// `who` typing `prefix` into `/name option:`.
pub fn autocomplete(id: &str, who: Who, name: &str, option: &str, prefix: &str) -> Value {
    let mut v = envelope(4, id, who, true);
    v["data"] = json!({"id": "1200000000000000001", "name": name, "type": 1,
        "options": [{"name": option, "type": 3, "value": prefix, "focused": true}]});
    v
}

/// `clicker` pressing `custom_id` on a bot message with `components` (the rows the bot sent)
/// that answered a command `invoker` ran.
pub fn click(
    id: &str,
    clicker: Who,
    custom_id: &str,
    components: Value,
    invoker: Who,
    flags: u64,
) -> Value {
    let mut v = envelope(3, id, clicker, true);
    v["data"] = json!({"custom_id": custom_id, "component_type": 2});
    v["message"] = json!({
        "id": "1600000000000000001", "channel_id": CHANNEL_ID,
        "author": {"id": APP_ID.to_string(), "username": "moviebot", "discriminator": "0",
            "global_name": null, "avatar": null, "bot": true},
        "content": "", "timestamp": "2026-01-01T00:00:00.000000+00:00",
        "edited_timestamp": null, "tts": false, "mention_everyone": false, "mentions": [],
        "mention_roles": [], "attachments": [], "embeds": [], "pinned": false, "type": 20,
        "flags": flags, "components": components,
        "interaction": {"id": "1700000000000000001", "type": 2, "name": "movie",
            "user": user(invoker)}
    });
    v
}

/// Every button and menu in a response's action rows.
pub fn components(response: &Value) -> Vec<Value> {
    response["data"]["components"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
                .collect()
        })
        .unwrap_or_default()
}

/// The custom_id of the button labelled `label` in a response.
pub fn button_id(response: &Value, label: &str) -> String {
    components(response)
        .iter()
        .find(|c| c["label"] == label)
        .and_then(|c| c["custom_id"].as_str())
        .unwrap_or_else(|| panic!("no {label:?} button in {response:#}"))
        .to_string()
}
