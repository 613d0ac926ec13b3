//! Talking to the chat core directly, as any adapter does: a user, what they say, press or
//! command in a direct conversation, and the films a reply shows.
#![allow(dead_code)]

use moviebot::chat::ChatCore;
use moviebot_protocol::{
    Action, ChatHandler, Command, Incoming, IncomingEvent, Platform, PlatformUser, Reply,
};

pub fn user(id: &str) -> PlatformUser {
    PlatformUser::new(Platform::Telegram, id, format!("User {id}"))
}

pub async fn say(core: &ChatCore, who: &PlatformUser, text: &str) -> Reply {
    core.handle(IncomingEvent::direct(
        who.clone(),
        Incoming::Text(text.into()),
    ))
    .await
}

pub async fn press(core: &ChatCore, who: &PlatformUser, action: Action) -> Reply {
    core.handle(IncomingEvent::direct(who.clone(), Incoming::Action(action)))
        .await
}

pub async fn command(core: &ChatCore, who: &PlatformUser, name: &str, text: &str) -> Reply {
    core.handle(IncomingEvent::direct(
        who.clone(),
        Incoming::command(Command::from_text(name, text)),
    ))
    .await
}

/// The cards' titles, in order.
pub fn titles(r: &Reply) -> Vec<String> {
    r.cards.iter().map(|c| c.title.clone()).collect()
}

/// The cards' public film ids, in order.
pub fn ids(r: &Reply) -> Vec<i64> {
    r.cards.iter().map(|c| c.id.get()).collect()
}
