//! Updates in Telegram's JSON shape (what getUpdates returns and webhooks receive) and
//! helpers to read the inline keyboards the bot sent, for tests that push updates into
//! [`super::FakeApi`].

use serde_json::{Value, json};

pub fn user(id: i64, name: &str) -> Value {
    json!({"id": id, "is_bot": false, "first_name": name})
}

pub fn private_chat(id: i64) -> Value {
    json!({"id": id, "type": "private", "first_name": "User"})
}

pub fn group_chat(id: i64) -> Value {
    json!({"id": id, "type": "supergroup", "title": "Film club"})
}

pub fn message(id: i64, chat: Value, from: Value, text: &str) -> Value {
    let mut m =
        json!({"message_id": id, "date": 1_700_000_000, "chat": chat, "from": from, "text": text});
    if text.starts_with('/') {
        let len = text
            .split_whitespace()
            .next()
            .unwrap()
            .encode_utf16()
            .count();
        m["entities"] = json!([{"type": "bot_command", "offset": 0, "length": len}]);
    }
    m
}

pub fn message_update(update_id: i64, message: Value) -> Value {
    json!({"update_id": update_id, "message": message})
}

/// A text from `user_id` in their private chat.
pub fn dm(update_id: i64, user_id: i64, text: &str) -> Value {
    message_update(
        update_id,
        message(
            update_id + 10_000,
            private_chat(user_id),
            user(user_id, "Ada"),
            text,
        ),
    )
}

pub fn callback(update_id: i64, query_id: &str, from: Value, message: Value, data: &str) -> Value {
    json!({"update_id": update_id, "callback_query": {
        "id": query_id, "from": from, "message": message,
        "chat_instance": "ci-1", "data": data
    }})
}

pub fn inline_callback(
    update_id: i64,
    query_id: &str,
    from: Value,
    inline_id: &str,
    data: &str,
) -> Value {
    json!({"update_id": update_id, "callback_query": {
        "id": query_id, "from": from, "inline_message_id": inline_id,
        "chat_instance": "ci-2", "data": data
    }})
}

pub fn inline_query(update_id: i64, query_id: &str, from: Value, query: &str) -> Value {
    json!({"update_id": update_id, "inline_query": {
        "id": query_id, "from": from, "query": query, "offset": ""
    }})
}

/// The callback_data of the button labelled `label` in a recorded message/markup.
pub fn button_data(markup: &Value, label: &str) -> String {
    markup["inline_keyboard"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap())
        .find(|b| b["text"] == label)
        .unwrap_or_else(|| panic!("no button {label:?} in {markup}"))["callback_data"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub fn labels(markup: &Value) -> Vec<Vec<String>> {
    markup["inline_keyboard"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r.as_array()
                .unwrap()
                .iter()
                .map(|b| b["text"].as_str().unwrap().to_owned())
                .collect()
        })
        .collect()
}

/// A document message: `file_id` as [`super::FakeApi::add_file`] gave it, its declared size,
/// and a caption (entities marked for a leading `/command`, as Telegram does).
pub fn document(
    id: i64,
    chat: Value,
    from: Value,
    (file_id, file_name, size): (&str, &str, u64),
    caption: &str,
) -> Value {
    let mut m = json!({"message_id": id, "date": 1_700_000_000, "chat": chat, "from": from,
        "document": {"file_id": file_id, "file_unique_id": format!("u-{file_id}"),
            "file_name": file_name, "mime_type": "text/csv", "file_size": size}});
    if !caption.is_empty() {
        m["caption"] = json!(caption);
        if caption.starts_with('/') {
            let len = caption
                .split_whitespace()
                .next()
                .unwrap()
                .encode_utf16()
                .count();
            m["caption_entities"] = json!([{"type": "bot_command", "offset": 0, "length": len}]);
        }
    }
    m
}
