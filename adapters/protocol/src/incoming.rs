//! What a user sent, already stripped of its platform's shape.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Action, Conversation, PlatformUser};

/// One thing a user sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Incoming {
    /// Free text, as typed (the core parses intent from it).
    Text(String),
    /// A command such as Telegram's `/rate Heat 4.5` or Discord's `/rate title:Heat stars:4.5`.
    /// `name` has no leading slash and is lowercase.
    Command { name: String, args: CommandArgs },
    /// A button press, already decoded with [`Action::decode`].
    Action(Action),
    /// An autocomplete query for transports that only pass events (console, REST). Adapters
    /// that show structured choices call [`crate::ChatHandler::complete`] instead.
    Autocomplete {
        field: CompletionField,
        prefix: String,
    },
}

/// A command's arguments, in whichever shape the platform has them.
///
/// Telegram only has the text after the command (`text`); Discord has named, typed options
/// (`options`, values rendered as strings). The core reads named options first and falls back
/// to parsing `text`, so both platforms share one command implementation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandArgs {
    /// Everything after the command name, trimmed.
    pub text: String,
    /// Named options, by option name.
    pub options: BTreeMap<String, String>,
}

impl CommandArgs {
    /// Arguments that are only free text (Telegram, the console).
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into().trim().to_owned(),
            options: BTreeMap::new(),
        }
    }

    /// Adds a named option (Discord).
    pub fn with_option(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.insert(name.into(), value.into());
        self
    }

    pub fn option(&self, name: &str) -> Option<&str> {
        self.options.get(name).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty() && self.options.is_empty()
    }
}

/// What an autocomplete query is completing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompletionField {
    /// A movie title (rate, where to watch, watchlist).
    Title,
    /// An actor or director.
    Person,
    /// A genre name.
    Genre,
    /// A two-letter region.
    Region,
}

/// An [`Incoming`] with who sent it, where, and the platform's id for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncomingEvent {
    pub user: PlatformUser,
    pub conversation: Conversation,
    pub incoming: Incoming,
    /// The platform's id for this event (Discord interaction id, Telegram `update_id` or
    /// callback query id) when it has one. Platforms redeliver events; the core records the
    /// ids it has handled and answers a repeat without repeating its effects.
    pub event_id: Option<String>,
}

impl IncomingEvent {
    /// An event in the user's direct conversation, without an event id.
    pub fn direct(user: PlatformUser, incoming: Incoming) -> Self {
        Self {
            conversation: Conversation::direct(&user),
            user,
            incoming,
            event_id: None,
        }
    }

    pub fn new(user: PlatformUser, conversation: Conversation, incoming: Incoming) -> Self {
        Self {
            user,
            conversation,
            incoming,
            event_id: None,
        }
    }

    pub fn with_event_id(mut self, id: impl Into<String>) -> Self {
        self.event_id = Some(id.into());
        self
    }

    /// `platform:event_id`: event ids are only unique within one platform.
    pub fn idempotency_key(&self) -> Option<String> {
        let id = self.event_id.as_ref()?;
        Some(format!("{}:{id}", self.user.platform))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Platform;

    #[test]
    fn idempotency_key_is_scoped_by_platform() {
        let user = PlatformUser::new(Platform::Telegram, "7", "Ada");
        let event = IncomingEvent::direct(user, Incoming::Text("hi".into()));
        assert_eq!(event.idempotency_key(), None);
        let event = event.with_event_id("1001");
        assert_eq!(event.idempotency_key().as_deref(), Some("telegram:1001"));
    }

    #[test]
    fn command_args_prefer_named_options() {
        let args = CommandArgs::text("  Heat 4.5 ").with_option("stars", "4.5");
        assert_eq!(args.text, "Heat 4.5");
        assert_eq!(args.option("stars"), Some("4.5"));
        assert_eq!(args.option("title"), None);
        assert!(CommandArgs::default().is_empty());
    }

    #[test]
    fn incoming_serializes_with_a_type_tag() {
        let json = serde_json::to_value(Incoming::Autocomplete {
            field: CompletionField::Title,
            prefix: "inc".into(),
        })
        .unwrap();
        assert_eq!(json["type"], "autocomplete");
        assert_eq!(json["field"], "title");
    }
}
