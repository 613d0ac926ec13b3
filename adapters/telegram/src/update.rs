//! A Telegram [`Update`] as the core's event: who, where, what — or why it is ignored.
//!
//! Private chats: every text. Groups: commands for this bot (`/compare` sent as a reply is
//! about the replied-to member), messages that mention it, and replies to its messages; a
//! reply of just a rating ("4", "★4.5", "4 stars") to one of its
//! cards rates that film for the member who replied.

use moviebot_protocol::command::{Arg, Attachment, ImportFormat, Member};
use moviebot_protocol::{
    Action, Command, Conversation, Incoming, IncomingEvent, Platform, PlatformUser, Stars,
};
use teloxide::types::{
    ChatId, Message, MessageEntityKind, MessageId, Update, UpdateKind, User, UserId,
};

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
    /// A document sent for `/import`, to fetch (getFile) before the core sees the event.
    pub download: Option<FileToFetch>,
}

/// A document a user sent, as Telegram describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileToFetch {
    pub file_id: String,
    pub name: String,
    /// The size Telegram declares, checked against the limit before fetching anything.
    pub size: u64,
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

/// The ids Telegram hands out: users 0 … 2⁴⁰−1, groups −1 … −(10¹²−1), supergroups and
/// channels −10¹² … −1 997 852 516 352. teloxide panics on any other chat id when it sorts a
/// send into its throttle queues (a panic that kills the queue's worker), so an update naming
/// one — only a forged update can — is dropped before anything is sent.
fn plausible_chat(id: i64) -> bool {
    (-1_997_852_516_352..=(1_i64 << 40) - 1).contains(&id)
}

fn plausible_user(id: UserId) -> bool {
    id.0 < (1 << 40)
}

/// Whether every chat and user the update names is one Telegram could have sent.
fn plausible(update: &Update) -> bool {
    match &update.kind {
        UpdateKind::Message(msg) => {
            plausible_chat(msg.chat.id.0) && msg.from.as_ref().is_none_or(|u| plausible_user(u.id))
        }
        UpdateKind::CallbackQuery(q) => {
            plausible_user(q.from.id)
                && q.message
                    .as_ref()
                    .is_none_or(|m| plausible_chat(m.chat().id.0))
        }
        UpdateKind::InlineQuery(q) => plausible_user(q.from.id),
        _ => true,
    }
}

pub fn route(update: Update, me: Option<&BotIdentity>) -> Routed {
    if !plausible(&update) {
        return Routed::Ignore("chat or user id outside Telegram's ranges");
    }
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
    if msg.document().is_some() {
        return route_document(&msg, from, me, event_id);
    }
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
        Parsed::Command(Ok(Command::Compare { member })) => Incoming::Command(Command::Compare {
            member: compared_member(&msg, me, member),
        }),
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
                    download: None,
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
        download: None,
    }))
}

/// A document: an `/import` of it. In a private chat any document is one (its caption may
/// name the format: "letterboxd", "/import imdb"); in a group only one captioned `/import`
/// for this bot, so files shared between members are left alone.
fn route_document(
    msg: &Message,
    from: &User,
    me: Option<&BotIdentity>,
    event_id: String,
) -> Routed {
    let Some(doc) = msg.document() else {
        return Routed::Ignore("not a document");
    };
    let user = platform_user(from);
    let conversation = conversation(msg, &user);
    let group = conversation.is_group();
    let caption = msg.caption().map(str::trim).unwrap_or("");
    let username = me.map(|m| m.username.as_str()).unwrap_or("");
    let format = match commands::parse(caption, username) {
        Parsed::OtherBot => return Routed::Ignore("document for another bot"),
        Parsed::Command(Ok(Command::Import { format, .. })) => format,
        Parsed::Command(_) if group => return Routed::Ignore("group document not for /import"),
        Parsed::NotCommand if group => return Routed::Ignore("group document without /import"),
        Parsed::Command(_) | Parsed::NotCommand => caption
            .split_whitespace()
            .find_map(|w| ImportFormat::parse(w.trim_start_matches('/')).ok()),
    };
    let name = doc
        .file_name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "file".into());
    let incoming = Incoming::Command(Command::Import {
        file: Some(Attachment(name.clone())),
        format,
    });
    let event = IncomingEvent::new(user, conversation, incoming).with_event_id(event_id);
    Routed::Message(Box::new(MessageEvent {
        event,
        chat: msg.chat.id,
        reply_to: group.then_some(msg.id),
        text_only: false,
        download: Some(FileToFetch {
            file_id: doc.file.id.0.clone(),
            name,
            size: u64::from(doc.file.size),
        }),
    }))
}

/// Whom a `/compare` is about. Telegram identifies a person by a text mention (a name linked
/// to an account, for people without a username) or by the message the command replies to;
/// a typed `@username` only names someone (the Bot API cannot look usernames up), unless it
/// is this bot's own. A reply counts only when nothing was typed (typed words say whom the
/// sender means), and never the opening message of a forum topic, which Telegram sets as the
/// reply of every message posted in the topic.
fn compared_member(
    msg: &Message,
    me: Option<&BotIdentity>,
    typed: Option<Member>,
) -> Option<Member> {
    let identified = |u: &User| Member::User {
        id: u.id.0.to_string(),
        name: u.full_name(),
        bot: u.is_bot,
    };
    let mentioned = msg
        .entities()
        .into_iter()
        .flatten()
        .find_map(|e| match &e.kind {
            MessageEntityKind::TextMention { user } => Some(user),
            _ => None,
        });
    if let Some(user) = mentioned {
        return Some(identified(user));
    }
    match typed {
        Some(Member::Named(words)) => match me {
            Some(me)
                if words
                    .trim_start_matches('@')
                    .eq_ignore_ascii_case(&me.username) =>
            {
                Some(Member::User {
                    id: me.id.0.to_string(),
                    name: format!("@{}", me.username),
                    bot: true,
                })
            }
            _ => Some(Member::Named(words)),
        },
        Some(other) => Some(other),
        None => msg
            .reply_to_message()
            .filter(|r| r.forum_topic_created().is_none())
            .and_then(|r| r.from.as_ref())
            .map(identified),
    }
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
    fn updates_with_ids_telegram_never_issues_are_dropped_before_any_send() {
        use crate::fake_api::updates::{
            callback, dm, group_chat, message, message_update, private_chat, user,
        };
        let route_json =
            |v: serde_json::Value| route(serde_json::from_str(&v.to_string()).unwrap(), None);
        // 2^53: the forged id that panicked teloxide's throttle worker.
        for id in [1_i64 << 53, 1 << 40, -1_997_852_516_353, i64::MIN, i64::MAX] {
            let basic_group = serde_json::json!({"id": id, "type": "group", "title": "g"});
            for chat in [private_chat(id), group_chat(id), basic_group] {
                let forged = message_update(1, message(5, chat, user(42, "Eve"), "hi"));
                let routed = route_json(forged);
                assert!(
                    matches!(routed, Routed::Ignore(why) if why.contains("outside")),
                    "{id}: {routed:?}"
                );
            }
        }
        let press = callback(
            2,
            "cq",
            user(1 << 53, "Eve"),
            message(5, private_chat(7), user(1, "Bot"), "x"),
            "mb1:r:949:40",
        );
        let routed = route_json(press);
        assert!(
            matches!(routed, Routed::Ignore(why) if why.contains("outside")),
            "{routed:?}"
        );
        let inline = crate::fake_api::updates::inline_query(5, "iq", user(1 << 40, "Eve"), "heat");
        let routed = route_json(inline);
        assert!(
            matches!(routed, Routed::Ignore(why) if why.contains("outside")),
            "{routed:?}"
        );
        // Real edges still work: the largest user id, a supergroup.
        assert!(matches!(
            route_json(dm(3, (1 << 40) - 1, "hi")),
            Routed::Message(_)
        ));
        let group =
            serde_json::json!({"id": -1_001_234_567_890_i64, "type": "supergroup", "title": "g"});
        let msg = crate::fake_api::updates::message_update(
            4,
            message(6, group, user(42, "Ada"), "/help"),
        );
        assert!(matches!(route_json(msg), Routed::Message(_)));
    }

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
    fn compare_is_about_the_member_replied_to_or_mentioned_never_a_topic_opener() {
        use crate::fake_api::updates::{group_chat, message, message_update, user};
        let me = BotIdentity {
            id: UserId(1),
            username: "MovieBot".into(),
        };
        let compare_of = |m: serde_json::Value| {
            let update = serde_json::from_str(&message_update(9, m).to_string()).unwrap();
            match route(update, Some(&me)) {
                Routed::Message(e) => match e.event.incoming {
                    Incoming::Command(Command::Compare { member }) => member,
                    other => panic!("{other:?}"),
                },
                other => panic!("{other:?}"),
            }
        };
        let bob = Member::User {
            id: "43".into(),
            name: "Bob".into(),
            bot: false,
        };
        let ask = |text: &str| message(5, group_chat(-100), user(42, "Ada"), text);
        let bobs = message(4, group_chat(-100), user(43, "Bob"), "Heat is overrated");

        let mut reply = ask("/compare");
        reply["reply_to_message"] = bobs.clone();
        assert_eq!(compare_of(reply), Some(bob.clone()));

        // Typed words say whom the sender means, even in a reply; a username stays a name.
        let mut named = ask("/compare @carol");
        named["reply_to_message"] = bobs.clone();
        assert_eq!(compare_of(named), Some(Member::Named("@carol".into())));
        assert!(matches!(
            compare_of(ask("/compare@MovieBot @moviebot")),
            Some(Member::User { bot: true, .. })
        ));

        // A text mention links the name to the account.
        let mut mention = ask("/compare Bob");
        mention["entities"] = serde_json::json!([
            {"type": "bot_command", "offset": 0, "length": 8},
            {"type": "text_mention", "offset": 9, "length": 3, "user": user(43, "Bob")}
        ]);
        assert_eq!(compare_of(mention), Some(bob));

        // In a forum topic every message replies to the topic's opening message.
        let mut opener = message(3, group_chat(-100), user(44, "Carol"), "");
        opener["forum_topic_created"] = serde_json::json!({"name": "Films", "icon_color": 7322096});
        opener.as_object_mut().unwrap().remove("text");
        let mut in_topic = ask("/compare");
        in_topic["reply_to_message"] = opener;
        in_topic["is_topic_message"] = serde_json::json!(true);
        in_topic["message_thread_id"] = serde_json::json!(3);
        assert_eq!(compare_of(in_topic), None);
        assert_eq!(compare_of(ask("/compare")), None);
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
