//! Who spoke and where: platforms, platform users and conversations.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A chat platform moviebot can be reached on.
///
/// The lowercase string form ([`Platform::as_str`], serde, `Display`, `FromStr`) is stable: it
/// is stored next to platform user ids and keys idempotency records, so renaming a variant's
/// string would orphan stored identities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Discord,
    Telegram,
    Console,
    Http,
}

impl Platform {
    /// Every platform, in declaration order.
    pub const ALL: [Platform; 4] = [
        Platform::Discord,
        Platform::Telegram,
        Platform::Console,
        Platform::Http,
    ];

    /// The stable lowercase name: `discord`, `telegram`, `console`, `http`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Platform::Discord => "discord",
            Platform::Telegram => "telegram",
            Platform::Console => "console",
            Platform::Http => "http",
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The string named no known platform.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown platform {0:?} (expected discord, telegram, console or http)")]
pub struct UnknownPlatform(pub String);

impl FromStr for Platform {
    type Err = UnknownPlatform;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Platform::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownPlatform(s.to_owned()))
    }
}

/// A person as one platform knows them.
///
/// `id` is the platform's own stable id (a Discord snowflake, a Telegram user id, a console
/// user name) as a string, because platforms disagree on its type; `display_name` is for
/// greetings only and may change at any time.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PlatformUser {
    pub platform: Platform,
    pub id: String,
    pub display_name: String,
}

impl PlatformUser {
    pub fn new(platform: Platform, id: impl Into<String>, display_name: impl Into<String>) -> Self {
        Self {
            platform,
            id: id.into(),
            display_name: display_name.into(),
        }
    }

    /// `platform:id`, unique across platforms (the same person on two platforms has two keys
    /// until the core links them).
    pub fn key(&self) -> String {
        format!("{}:{}", self.platform, self.id)
    }
}

/// Whether a conversation is one-to-one or shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConversationKind {
    /// A private chat with the bot (a DM, a Telegram private chat, the terminal).
    Direct,
    /// A guild channel or a group chat: the core records who speaks there for group picks.
    Group,
}

/// Where an event happened: a DM, a guild channel, a group chat, a terminal session.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Conversation {
    pub platform: Platform,
    /// The platform's chat, channel or guild id.
    pub id: String,
    pub kind: ConversationKind,
}

impl Conversation {
    /// The private conversation with `user`; its id is the user's id, which is what Discord
    /// DMs, Telegram private chats and the console all amount to.
    pub fn direct(user: &PlatformUser) -> Self {
        Self {
            platform: user.platform,
            id: user.id.clone(),
            kind: ConversationKind::Direct,
        }
    }

    pub fn group(platform: Platform, id: impl Into<String>) -> Self {
        Self {
            platform,
            id: id.into(),
            kind: ConversationKind::Group,
        }
    }

    pub fn is_group(&self) -> bool {
        self.kind == ConversationKind::Group
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_string_form_is_stable_and_round_trips() {
        let names: Vec<_> = Platform::ALL.iter().map(|p| p.as_str()).collect();
        assert_eq!(names, ["discord", "telegram", "console", "http"]);
        for p in Platform::ALL {
            assert_eq!(p.to_string().parse::<Platform>(), Ok(p));
            assert_eq!(serde_json::to_string(&p).unwrap(), format!("\"{p}\""));
        }
        assert_eq!(" Discord ".parse::<Platform>(), Ok(Platform::Discord));
        assert!("irc".parse::<Platform>().is_err());
    }

    #[test]
    fn direct_conversation_uses_the_user_id() {
        let user = PlatformUser::new(Platform::Telegram, "42", "Ada");
        let conv = Conversation::direct(&user);
        assert_eq!(conv.id, "42");
        assert!(!conv.is_group());
        assert_eq!(user.key(), "telegram:42");
    }
}
