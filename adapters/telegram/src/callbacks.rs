//! Button presses: always answered (a short toast, or the client spins), ratings redraw the
//! pressed keyboard to show the stored rating, service toggles redraw their list, other
//! actions answer with new messages.

use moviebot_protocol::{Action, Conversation, Incoming, IncomingEvent, Outcome, Reply};
use teloxide::payloads::{
    AnswerCallbackQuerySetters, EditMessageReplyMarkupInlineSetters, EditMessageReplyMarkupSetters,
    EditMessageTextSetters, PinChatMessageSetters,
};
use teloxide::prelude::*;
use teloxide::types::{CallbackQuery, CallbackQueryId, InlineKeyboardMarkup};

use crate::send::with_retry;
use crate::update::{callback_event_id, conversation, platform_user};
use crate::{Telegram, keyboard, render};

/// Where a press is answered with a new message: the chat of the message the button is under,
/// or the presser's private chat for inline-mode messages (they live in chats the bot may not
/// be in). Button redraws edit that same message, in that same chat.
pub(crate) fn answer_chat(q: &CallbackQuery) -> ChatId {
    q.message
        .as_ref()
        .and_then(|m| m.regular_message())
        .map(|m| m.chat.id)
        .unwrap_or(ChatId(q.from.id.0 as i64))
}

impl Telegram {
    pub(crate) async fn on_callback(&self, q: CallbackQuery, replayed: bool) {
        let Some(action) = q.data.as_deref().and_then(|d| Action::decode(d).ok()) else {
            self.answer_callback(&q.id, "That button no longer works.")
                .await;
            return;
        };
        // The clicker, never the author of the message the button sits under.
        let user = platform_user(&q.from);
        let message = q.message.as_ref().and_then(|m| m.regular_message());
        let conv = message
            .map(|m| conversation(m, &user))
            .unwrap_or_else(|| Conversation::direct(&user));
        let event = IncomingEvent::new(user, conv, Incoming::Action(action.clone()))
            .with_event_id(callback_event_id(&q.id.0))
            .admitted()
            .replayed(replayed);
        let reply = self.handler.handle(event).await;
        if reply.duplicate {
            return;
        }
        match action {
            Action::Rate { movie, .. } | Action::Unrate { movie } => {
                // The core says what the press did; only a changed rating redraws the card.
                let outcome = reply.outcome.as_ref().filter(|o| o.movie() == Some(movie));
                let toast = match outcome {
                    Some(Outcome::Rated { title, stars, .. }) => format!("Rated {title} {stars}★"),
                    _ => reply.text.clone(),
                };
                self.answer_callback(&q.id, &toast).await;
                let Some(outcome) = outcome else {
                    return;
                };
                let stored = outcome.stars();
                if let Some(msg) = message {
                    if let Some(new) = msg
                        .reply_markup()
                        .and_then(|kb| keyboard::remark(kb, movie, stored))
                    {
                        self.edit_keyboard(msg.chat.id, msg.id, new).await;
                    }
                } else if let (Some(inline_id), Some(card)) = (
                    &q.inline_message_id,
                    reply.cards.iter().find(|c| c.id == movie),
                ) {
                    let new = keyboard::card(card, &[]);
                    let sent = with_retry("editMessageReplyMarkup", || {
                        self.bot()
                            .edit_message_reply_markup_inline(inline_id.clone())
                            .reply_markup(new.clone())
                            .send()
                    })
                    .await;
                    if let Err(error) = sent {
                        tracing::info!(%error, "telegram: could not redraw an inline keyboard");
                    }
                }
            }
            Action::SetService { provider, on } if !reply.toggles.is_empty() => {
                let name = reply.toggles.iter().find_map(|t| match t.action {
                    Action::SetService { provider: p, .. } if p == provider => Some(&t.name),
                    _ => None,
                });
                let toast = match name {
                    Some(name) if on => format!("{name}: on"),
                    Some(name) => format!("{name}: off"),
                    None => String::new(),
                };
                self.answer_callback(&q.id, &toast).await;
                // The list redrawn in place; a doubled press changes nothing and edits nothing.
                let new =
                    keyboard::with_toggles(&reply.toggles, &reply.actions).unwrap_or_default();
                if let Some(msg) = message
                    && msg.reply_markup() != Some(&new)
                {
                    self.edit_keyboard(msg.chat.id, msg.id, new).await;
                }
            }
            // A shared message (a movie night's list or tally) redrawn for everyone.
            _ if matches!(reply.outcome, Some(Outcome::Updated { .. })) => {
                let Some(Outcome::Updated { toast, pin }) = &reply.outcome else {
                    unreachable!()
                };
                self.answer_callback(&q.id, toast).await;
                if let Some(msg) = message {
                    self.edit_text(msg.chat.id, msg.id, &reply).await;
                    if *pin {
                        self.pin(msg.chat.id, msg.id).await;
                    }
                }
                if !reply.cards.is_empty() {
                    let cards = Reply {
                        text: String::new(),
                        actions: Vec::new(),
                        outcome: None,
                        ..reply.clone()
                    };
                    self.send_reply(answer_chat(&q), &cards, None).await;
                }
            }
            Action::ConfirmForget | Action::Cancel => {
                self.answer_callback(&q.id, &reply.text).await;
                // The question is settled: take its buttons away so it cannot be pressed twice.
                if let Some(msg) = message {
                    self.edit_keyboard(msg.chat.id, msg.id, InlineKeyboardMarkup::default())
                        .await;
                }
            }
            other => {
                if toast_only(&reply) {
                    self.answer_callback(&q.id, &reply.text).await;
                    return;
                }
                self.answer_callback(&q.id, &other.label()).await;
                self.send_reply(answer_chat(&q), &reply, None).await;
            }
        }
    }

    pub(crate) async fn answer_callback(&self, id: &CallbackQueryId, text: &str) {
        let toast = render::toast(text);
        let sent = with_retry("answerCallbackQuery", || {
            let mut req = self.bot().answer_callback_query(id.clone());
            if !toast.is_empty() {
                req = req.text(toast.clone());
            }
            req.send()
        })
        .await;
        if let Err(error) = sent {
            tracing::info!(%error, "telegram: could not answer a callback query");
        }
    }

    /// Pins a message quietly; a chat where the bot may not pin (no admin right, or a private
    /// chat setting) keeps it unpinned, which is only logged.
    async fn pin(&self, chat: ChatId, id: teloxide::types::MessageId) {
        let sent = with_retry("pinChatMessage", || {
            self.bot()
                .pin_chat_message(chat, id)
                .disable_notification(true)
                .send()
        })
        .await;
        if let Err(error) = sent {
            tracing::info!(%error, "telegram: could not pin a message");
        }
    }

    /// Replaces a text message's words and buttons with the reply's.
    async fn edit_text(&self, chat: ChatId, id: teloxide::types::MessageId, reply: &Reply) {
        let html = render::text_messages(&reply.text, reply.notice.as_deref())
            .into_iter()
            .next()
            .unwrap_or_default();
        let kb = keyboard::actions(&reply.actions).unwrap_or_default();
        let sent = with_retry("editMessageText", || {
            self.bot()
                .edit_message_text(chat, id, html.clone())
                .parse_mode(teloxide::types::ParseMode::Html)
                .reply_markup(kb.clone())
                .send()
        })
        .await;
        if let Err(error) = sent {
            tracing::info!(%error, "telegram: could not redraw a message");
        }
    }

    async fn edit_keyboard(
        &self,
        chat: ChatId,
        id: teloxide::types::MessageId,
        kb: InlineKeyboardMarkup,
    ) {
        let sent = with_retry("editMessageReplyMarkup", || {
            self.bot()
                .edit_message_reply_markup(chat, id)
                .reply_markup(kb.clone())
                .send()
        })
        .await;
        if let Err(error) = sent {
            // "message is not modified" and edits of very old messages land here; harmless.
            tracing::info!(%error, "telegram: could not redraw a keyboard");
        }
    }
}

/// An ephemeral one-liner ("Added to your watchlist") is exactly what a toast is for: only
/// the clicker sees it, and the chat stays uncluttered.
fn toast_only(reply: &Reply) -> bool {
    reply.ephemeral
        && reply.cards.is_empty()
        && reply.actions.is_empty()
        && !reply.text.contains('\n')
        && render::visible_len(reply.text.trim()) <= render::MAX_TOAST
}
