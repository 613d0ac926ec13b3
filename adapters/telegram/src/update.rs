//! A Telegram [`Update`] as the core's event: who, where, what — or why it is ignored.
//!
//! Private chats: every text. Groups: commands for this bot, messages that mention it, and
//! replies to its messages; a reply of just a rating ("4", "★4.5", "4 stars") to one of its
//! cards rates that film for the member who replied.

use moviebot_protocol::{
    Action, Command, Conversation, Incoming, IncomingEvent, Platform, PlatformUser, Stars,
};
use teloxide::types::{ChatId, Message, MessageId, Update, UpdateKind, User, UserId};

use crate::commands::{self, Parsed};
use crate::keyboard;

/// Who the bot is, from getMe: needed to spot mentions and commands addressed to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotIdentity {
    pub id: UserId,
    pub username: String,
}

/// A message the core should answer, and where the answer goes.
#[derive(Debug, Clone)]
pub struct MessageEvent {
    pub event: IncomingEvent,
    pub chat: ChatId,
    /// In groups the answer replies to the message that asked.
    pub reply_to: Option<MessageId>,
    /// A reply-rating: answer with the confirmation text only, not another card.
    pub text_only: bool,
}

/// What to do with an update.
#[derive(Debug)]
pub enum Routed {
    Message(Box<MessageEvent>),
    Callback(Box<teloxide::types::CallbackQuery>),
    Inline(Box<teloxide::types::InlineQuery>),
    Ignore(&'static str),
}

/// The event id the core keys idempotency on for a message update.
pub fn update_event_id(update: &Update) -> String {
    format!("u:{}", update.id.0)
}

/// The event id for a callback query (the same press redelivered has the same id).
pub fn callback_event_id(id: &str) -> String {
    format!("cq:{id}")
}

pub fn platform_user(user: &User) -> PlatformUser {
    PlatformUser::new(Platform::Telegram, user.id.0.to_string(), user.full_name())
}

/// The conversation a message belongs to: a group keyed by chat id, or the private chat.
pub fn conversation(msg: &Message, user: &PlatformUser) -> Conversation {
    if msg.chat.is_group() || msg.chat.is_supergroup() {
        Conversation::group(Platform::Telegram, msg.chat.id.0.to_string())
    } else {
        Conversation::direct(user)
    }
}

pub fn route(update: Update, me: Option<&BotIdentity>) -> Routed {
    let event_id = update_event_id(&update);
    match update.kind {
        UpdateKind::Message(msg) => route_message(msg, me, event_id),
        UpdateKind::CallbackQuery(q) => Routed::Callback(Box::new(q)),
        UpdateKind::InlineQuery(q) => Routed::Inline(Box::new(q)),
        _ => Routed::Ignore("update kind not handled"),
    }
}

fn route_message(msg: Message, me: Option<&BotIdentity>, event_id: String) -> Routed {
    if msg.chat.is_channel() {
        return Routed::Ignore("channel post");
    }
    let Some(from) = msg.from.as_ref().filter(|u| !u.is_bot) else {
        return Routed::Ignore("no human sender");
    };
    let Some(text) = msg.text().map(str::trim).filter(|t| !t.is_empty()) else {
        return Routed::Ignore("not a text message");
    };
    let user = platform_user(from);
    let conversation = conversation(&msg, &user);
    let group = conversation.is_group();
    let username = me.map(|m| m.username.as_str()).unwrap_or("");
    let replied = msg.reply_to_message();
    let reply_to_bot = replied.is_some_and(|r| match (me, r.from.as_ref()) {
        (Some(me), Some(author)) => author.id == me.id,
        (None, Some(author)) => author.is_bot,
        _ => false,
    });

    let incoming = match commands::parse(text, username) {
        Parsed::OtherBot => return Routed::Ignore("command for another bot"),
        Parsed::Command(parsed) => Incoming::command(parsed),
        Parsed::NotCommand => {
            let rated = replied
                .filter(|_| reply_to_bot)
                .and_then(|r| r.reply_markup())
                .and_then(keyboard::movie_of)
                .zip(parse_rating(&strip_mention(text, username)));
            if let Some((movie, stars)) = rated {
                let event = IncomingEvent::new(
                    user,
                    conversation,
                    Incoming::Action(Action::Rate { movie, stars }),
                )
                .with_event_id(event_id);
                return Routed::Message(Box::new(MessageEvent {
                    event,
                    chat: msg.chat.id,
                    reply_to: Some(msg.id),
                    text_only: true,
                }));
            }
            let mentioned = !username.is_empty() && mentions(text, username);
            if group && !mentioned && !reply_to_bot {
                return Routed::Ignore("group message not addressed to the bot");
            }
            let text = strip_mention(text, username);
            if text.is_empty() {
                Incoming::Command(Command::Help)
            } else {
                Incoming::Text(text)
            }
        }
    };
    let event = IncomingEvent::new(user, conversation, incoming).with_event_id(event_id);
    Routed::Message(Box::new(MessageEvent {
        event,
        chat: msg.chat.id,
        reply_to: group.then_some(msg.id),
        text_only: false,
    }))
}

/// Whether `text` contains `@username` as a whole word (Telegram usernames ignore case).
fn mentions(text: &str, username: &str) -> bool {
    let lower = text.to_lowercase();
    let needle = format!("@{}", username.to_lowercase());
    lower.match_indices(&needle).any(|(i, _)| {
        lower[i + needle.len()..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
    })
}

/// `text` without `@username` mentions, whitespace tidied.
fn strip_mention(text: &str, username: &str) -> String {
    if username.is_empty() {
        return text.trim().to_owned();
    }
    let needle = format!("@{}", username.to_lowercase());
    text.split_whitespace()
        .filter(|w| w.to_lowercase().trim_end_matches([',', ':', '!', '?', '.']) != needle)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A message that is only a rating: "4", "4.5", "4,5", "★4", "4★", "4 stars", "4/5", "★★★★".
pub fn parse_rating(text: &str) -> Option<Stars> {
    let t = text.trim().to_lowercase();
    if !t.is_empty() && t.chars().all(|c| c == '★' || c == '⭐') {
        return Stars::new(t.chars().count() as f32);
    }
    let t = t.trim_start_matches(['★', '⭐', '*']).trim();
    let t = t
        .strip_suffix("stars")
        .or_else(|| t.strip_suffix("star"))
        .or_else(|| t.strip_suffix("/5"))
        .unwrap_or(t)
        .trim()
        .trim_end_matches(['★', '⭐', '*'])
        .trim();
    if t.is_empty() || t.len() > 4 {
        return None;
    }
    let value: f32 = t.replace(',', ".").parse().ok()?;
    Stars::new(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_people_type() {
        let s = |v: f32| Stars::new(v);
        for (text, want) in [
            ("4", s(4.0)),
            ("4.5", s(4.5)),
            ("4,5", s(4.5)),
            ("★4", s(4.0)),
            ("4★", s(4.0)),
            ("4 stars", s(4.0)),
            ("1 star", s(1.0)),
            ("3/5", s(3.0)),
            ("★★★", s(3.0)),
            ("5 ⭐", s(5.0)),
        ] {
            assert_eq!(parse_rating(text), want, "{text}");
        }
        for bad in ["", "great", "6", "0", "4.3", "1995", "Heat 4"] {
            assert_eq!(parse_rating(bad), None, "{bad}");
        }
    }

    #[test]
    fn mentions_are_whole_usernames() {
        assert!(mentions("hey @MovieBot what's good", "moviebot"));
        assert!(mentions("@moviebot, hi", "MovieBot"));
        assert!(!mentions("@moviebot_fan hi", "moviebot"));
        assert_eq!(
            strip_mention("@MovieBot, something scary", "moviebot"),
            "something scary"
        );
    }
}
