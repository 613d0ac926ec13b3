//! Discord's JSON shapes for what we send: interaction responses, messages, embeds and
//! components. Plain structs (not serenity's builders) so rendering can measure every field
//! against Discord's limits and tests can inspect what goes out.

use serde::Serialize;

/// The ephemeral message flag: only the user who interacted sees the message.
pub const EPHEMERAL: u64 = 1 << 6;

/// An interaction callback: `{"type": N, "data": …}`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InteractionResponse {
    #[serde(rename = "type")]
    pub kind: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<ResponseData>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(untagged)]
pub enum ResponseData {
    Message(Message),
    Choices { choices: Vec<Choice> },
    Flags { flags: u64 },
}

impl InteractionResponse {
    pub const PONG: u8 = 1;
    pub const MESSAGE: u8 = 4;
    pub const DEFERRED_MESSAGE: u8 = 5;
    pub const DEFERRED_UPDATE: u8 = 6;
    pub const UPDATE: u8 = 7;
    pub const AUTOCOMPLETE: u8 = 8;

    pub fn pong() -> Self {
        Self {
            kind: Self::PONG,
            data: None,
        }
    }

    /// A new message (type 4), ephemeral when asked.
    pub fn message(mut message: Message, ephemeral: bool) -> Self {
        if ephemeral {
            message.flags = Some(EPHEMERAL);
        }
        Self {
            kind: Self::MESSAGE,
            data: Some(ResponseData::Message(message)),
        }
    }

    /// Replace the message the clicked component sits on (type 7).
    pub fn update(message: Message) -> Self {
        Self {
            kind: Self::UPDATE,
            data: Some(ResponseData::Message(message)),
        }
    }

    /// "Thinking…" (type 5): the answer follows as an edit of the original response.
    pub fn deferred_message(ephemeral: bool) -> Self {
        Self {
            kind: Self::DEFERRED_MESSAGE,
            data: ephemeral.then_some(ResponseData::Flags { flags: EPHEMERAL }),
        }
    }

    /// Acknowledge a click without changing anything yet (type 6).
    pub fn deferred_update() -> Self {
        Self {
            kind: Self::DEFERRED_UPDATE,
            data: None,
        }
    }

    pub fn autocomplete(choices: Vec<Choice>) -> Self {
        Self {
            kind: Self::AUTOCOMPLETE,
            data: Some(ResponseData::Choices { choices }),
        }
    }
}

/// One autocomplete choice (name and value ≤ 100 characters).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Choice {
    pub name: String,
    pub value: String,
}

/// A message body: for a new message, an update, or an edit of the original response.
/// `content`, `embeds` and `components` are always sent, so an update replaces all three.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Message {
    pub content: String,
    pub embeds: Vec<Embed>,
    pub components: Vec<ActionRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flags: Option<u64>,
    /// Never ping anyone: titles and user text go out verbatim.
    pub allowed_mentions: AllowedMentions,
    /// The files sent with the message (multipart `files[n]`), by their part's index.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<AttachmentRef>,
}

/// A file part of a multipart message, as `payload_json` names it.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct AttachmentRef {
    pub id: u64,
    pub filename: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct AllowedMentions {
    pub parse: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Embed {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<Media>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<Media>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub footer: Option<Footer>,
}

impl Embed {
    /// The characters Discord counts towards the 6,000 per message.
    pub fn text_len(&self) -> usize {
        use crate::render::discord_len as len;
        let opt = |s: &Option<String>| s.as_deref().map_or(0, len);
        opt(&self.title)
            + opt(&self.description)
            + self.footer.as_ref().map_or(0, |f| len(&f.text))
            + self
                .fields
                .iter()
                .map(|f| len(&f.name) + len(&f.value))
                .sum::<usize>()
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Field {
    pub name: String,
    pub value: String,
    pub inline: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Media {
    pub url: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Footer {
    pub text: String,
}

/// A row of up to five buttons or one select menu.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ActionRow {
    #[serde(rename = "type")]
    pub kind: u8,
    pub components: Vec<Component>,
}

impl ActionRow {
    pub fn new(components: Vec<Component>) -> Self {
        Self {
            kind: 1,
            components,
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(untagged)]
pub enum Component {
    Button(Button),
    Select(Select),
}

impl Component {
    pub fn custom_id(&self) -> &str {
        match self {
            Component::Button(b) => &b.custom_id,
            Component::Select(s) => &s.custom_id,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ButtonStyle {
    Primary = 1,
    Secondary = 2,
    Success = 3,
    Danger = 4,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Button {
    #[serde(rename = "type")]
    pub kind: u8,
    pub style: u8,
    pub label: String,
    pub custom_id: String,
}

impl Button {
    pub fn new(style: ButtonStyle, label: String, custom_id: String) -> Self {
        Self {
            kind: 2,
            style: style as u8,
            label,
            custom_id,
        }
    }
}

/// A string select menu (one choice).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Select {
    #[serde(rename = "type")]
    pub kind: u8,
    pub custom_id: String,
    pub placeholder: String,
    pub min_values: u8,
    pub max_values: u8,
    pub options: Vec<SelectOption>,
}

impl Select {
    pub fn new(custom_id: &str, placeholder: &str, options: Vec<SelectOption>) -> Self {
        Self {
            kind: 3,
            custom_id: custom_id.into(),
            placeholder: placeholder.into(),
            min_values: 1,
            max_values: 1,
            options,
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SelectOption {
    pub label: String,
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}
