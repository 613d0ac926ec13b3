//! What a user sent, already stripped of its platform's shape.

use serde::{Deserialize, Serialize};

use crate::{Action, Command, CommandError, Conversation, PlatformUser, Upload};

/// One thing a user sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Incoming {
    /// Free text, as typed (the core parses intent from it).
    Text(String),
    /// A command with typed arguments, whichever way the platform delivered it (Discord's
    /// options, Telegram's `/rate Heat 4.5`).
    Command(Command),
    /// A `/…` command that could not be understood (unknown name, or an argument such as
    /// "4.3 stars" that is not acceptable); the core explains what went wrong.
    BadCommand(CommandError),
    /// A button press, already decoded with [`Action::decode`].
    Action(Action),
    /// An autocomplete query for transports that only pass events (console, REST). Adapters
    /// that show structured choices call [`crate::ChatHandler::complete`] instead.
    Autocomplete {
        field: CompletionField,
        prefix: String,
    },
}

impl Incoming {
    /// A parsed command, or why it could not be parsed: the core answers both.
    pub fn command(parsed: Result<Command, CommandError>) -> Incoming {
        match parsed {
            Ok(command) => Incoming::Command(command),
            Err(problem) => Incoming::BadCommand(problem),
        }
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
    /// Already let through the user's flood limit when it arrived ([`crate::ChatHandler::admit`]);
    /// the core does not count it a second time.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub admitted: bool,
    /// Kept by the core on arrival and never answered (replayed after a restart): answered
    /// even if its id was recorded, since the process that recorded it may have died before
    /// the effect ([`crate::ChatHandler::pending`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub replayed: bool,
    /// Files the user attached, downloaded by the adapter (an `/import`'s export file).
    #[serde(skip)]
    pub uploads: Vec<Upload>,
}

impl IncomingEvent {
    /// An event in the user's direct conversation, without an event id.
    pub fn direct(user: PlatformUser, incoming: Incoming) -> Self {
        Self {
            conversation: Conversation::direct(&user),
            user,
            incoming,
            event_id: None,
            admitted: false,
            replayed: false,
            uploads: Vec::new(),
        }
    }

    pub fn new(user: PlatformUser, conversation: Conversation, incoming: Incoming) -> Self {
        Self {
            user,
            conversation,
            incoming,
            event_id: None,
            admitted: false,
            replayed: false,
            uploads: Vec::new(),
        }
    }

    /// Marks the event as let through [`crate::ChatHandler::admit`] on arrival.
    pub fn admitted(mut self) -> Self {
        self.admitted = true;
        self
    }

    /// Marks the event as replayed from the events kept unanswered.
    pub fn replayed(mut self, replayed: bool) -> Self {
        self.replayed = replayed;
        self
    }

    /// Adds a downloaded file.
    pub fn with_upload(mut self, upload: Upload) -> Self {
        self.uploads.push(upload);
        self
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
    fn commands_serialize_inside_their_event() {
        let json = serde_json::to_value(Incoming::Command(Command::Help)).unwrap();
        assert_eq!(json["type"], "command");
        assert_eq!(json["command"], "help");
        let back: Incoming = serde_json::from_value(json).unwrap();
        assert_eq!(back, Incoming::Command(Command::Help));
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
