//! Sending a reply: its messages in order, HTML parse mode, one retry after a 429's
//! retry_after (teloxide's `Throttle` keeps us under the flood limits the rest of the time).

use std::future::Future;

use moviebot_protocol::Reply;
use teloxide::RequestError;
use teloxide::payloads::{SendMessageSetters, SendPhotoSetters};
use teloxide::prelude::*;
use teloxide::types::{InputFile, LinkPreviewOptions, MessageId, ParseMode, ReplyParameters};

use crate::Telegram;
use crate::render::{self, Outgoing};

/// Runs a Bot API call; after a 429 waits the `retry_after` Telegram asked for and tries once
/// more (a second 429 is returned: the caller logs it and moves on).
pub(crate) async fn with_retry<T, F, Fut>(what: &str, call: F) -> Result<T, RequestError>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<T, RequestError>>,
{
    match call().await {
        Err(RequestError::RetryAfter(wait)) => {
            tracing::warn!(method = what, wait = ?wait.duration(), "telegram flood limit hit; retrying once after the wait");
            tokio::time::sleep(wait.duration()).await;
            call().await
        }
        result => result,
    }
}

fn no_preview() -> LinkPreviewOptions {
    LinkPreviewOptions {
        is_disabled: true,
        url: None,
        prefer_small_media: false,
        prefer_large_media: false,
        show_above_text: false,
    }
}

impl Telegram {
    /// Sends `reply` to `chat`; the first message replies to `reply_to` (groups). A failed
    /// message stops the rest, so the chat never shows cards out of order.
    pub(crate) async fn send_reply(
        &self,
        chat: ChatId,
        reply: &Reply,
        reply_to: Option<MessageId>,
    ) {
        if reply.duplicate {
            return;
        }
        for (i, message) in render::reply_messages(reply).into_iter().enumerate() {
            let reply_to = if i == 0 { reply_to } else { None };
            if let Err(error) = self.send_one(chat, message, reply_to).await {
                tracing::warn!(chat = chat.0, %error, "telegram: could not send a reply message");
                break;
            }
        }
    }

    pub(crate) async fn send_one(
        &self,
        chat: ChatId,
        message: Outgoing,
        reply_to: Option<MessageId>,
    ) -> Result<(), RequestError> {
        let reply_params =
            reply_to.map(|id| ReplyParameters::new(id).allow_sending_without_reply());
        match message {
            Outgoing::Text { html, keyboard } => {
                self.send_html(chat, &html, keyboard, reply_params).await
            }
            Outgoing::Photo {
                url,
                caption,
                fallback,
                keyboard,
            } => {
                let sent = with_retry("sendPhoto", || {
                    let mut req = self
                        .bot()
                        .send_photo(chat, InputFile::url(url.clone()))
                        .caption(caption.clone())
                        .parse_mode(ParseMode::Html);
                    if let Some(kb) = &keyboard {
                        req = req.reply_markup(kb.clone());
                    }
                    if let Some(p) = &reply_params {
                        req = req.reply_parameters(p.clone());
                    }
                    req.send()
                })
                .await;
                match sent {
                    Ok(_) => Ok(()),
                    // Telegram could not fetch the poster: the card still goes out, as text.
                    Err(RequestError::Api(error)) => {
                        tracing::info!(%error, %url, "telegram refused a poster; sending the card as text");
                        self.send_html(chat, &fallback, keyboard, reply_params)
                            .await
                    }
                    Err(e) => Err(e),
                }
            }
        }
    }

    async fn send_html(
        &self,
        chat: ChatId,
        html: &str,
        keyboard: Option<teloxide::types::InlineKeyboardMarkup>,
        reply_params: Option<ReplyParameters>,
    ) -> Result<(), RequestError> {
        with_retry("sendMessage", || {
            let mut req = self
                .bot()
                .send_message(chat, html.to_owned())
                .parse_mode(ParseMode::Html)
                .link_preview_options(no_preview());
            if let Some(kb) = &keyboard {
                req = req.reply_markup(kb.clone());
            }
            if let Some(p) = &reply_params {
                req = req.reply_parameters(p.clone());
            }
            req.send()
        })
        .await
        .map(|_| ())
    }
}
