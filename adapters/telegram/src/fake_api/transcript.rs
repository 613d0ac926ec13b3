//! A readable line per recorded Bot API call, for printed transcripts of conversations.

use serde_json::Value;

use super::Call;
use super::updates::labels;

fn keyboard(markup: &Value) -> String {
    if markup.is_null() {
        return String::new();
    }
    labels(markup)
        .iter()
        .map(|row| format!("\n      [{}]", row.join("] [")))
        .collect()
}

impl Call {
    /// One line (plus keyboard rows) saying what the bot asked Telegram to do, as in a
    /// printed transcript: `  → sendPhoto chat=42 photo=... caption="..."`.
    pub fn transcript_line(&self) -> String {
        let call = self;
        let p = &call.params;
        let body = match call.method.as_str() {
            "sendMessage" => format!(
                "chat={} {:?}{}",
                p["chat_id"],
                p["text"].as_str().unwrap_or(""),
                keyboard(&p["reply_markup"])
            ),
            "sendPhoto" => format!(
                "chat={} photo={} caption={:?}{}",
                p["chat_id"].as_str().unwrap_or(""),
                p["photo"].as_str().unwrap_or(""),
                p["caption"].as_str().unwrap_or(""),
                keyboard(&p["reply_markup"])
            ),
            "answerCallbackQuery" => format!(
                "id={} text={:?}",
                p["callback_query_id"],
                p["text"].as_str().unwrap_or("")
            ),
            "editMessageReplyMarkup" => format!(
                "message={}{}",
                p["message_id"],
                keyboard(&p["reply_markup"])
            ),
            "answerInlineQuery" => {
                let titles: Vec<String> = p["results"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| {
                        format!(
                            "{} {}",
                            r["type"].as_str().unwrap(),
                            r["title"].as_str().unwrap_or("")
                        )
                    })
                    .collect();
                format!(
                    "id={} cache_time={} results={titles:?}",
                    p["inline_query_id"], p["cache_time"]
                )
            }
            _ => p.to_string(),
        };
        format!(
            "  → {} {}{}",
            call.method,
            body,
            if call.ok { "" } else { "   (refused)" }
        )
    }
}
