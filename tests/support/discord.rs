//! Discord test fixtures for the root crate: the adapter's shared test support (the test
//! key, signing, interaction JSON, the fake REST API; `moviebot_discord::testing`) plus
//! clicks on a bot message and reading a response's components. Self-contained, so benches
//! can include it.
#![allow(dead_code)]

use serde_json::{Value, json};

pub use moviebot_discord::testing::*;

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
