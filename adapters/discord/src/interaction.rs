//! A serenity [`Interaction`] as a neutral event: who (the member or user who interacted —
//! the clicker, never the message's author), where (a guild is one group conversation keyed
//! by guild id, so `/group` sees the server's raters; a DM is direct), what (a command with
//! named options, a decoded button or menu choice, an autocomplete query), and the interaction
//! id as the event id the core de-duplicates on.

use std::collections::BTreeMap;

use moviebot_protocol::command::Member as MemberArg;
use moviebot_protocol::{
    Action, Command, CompletionField, Conversation, Incoming, IncomingEvent, Platform, PlatformUser,
};
use serenity::all::{
    CommandDataOption, CommandDataOptionValue, CommandInteraction, ComponentInteraction,
    ComponentInteractionDataKind, GuildId, Interaction, Member, MessageFlags, User,
};

use crate::render::PICK_ID;

/// What to do with one interaction.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    /// Discord's endpoint check.
    Pong,
    /// Hand the event to the chat core and answer as `style` says, after fetching the files
    /// the user attached (an `/import`).
    Handle {
        event: IncomingEvent,
        style: Style,
        downloads: Vec<Download>,
    },
    /// Autocomplete: ask the core for choices.
    Complete {
        user: PlatformUser,
        field: CompletionField,
        prefix: String,
    },
    /// Answer with this private note without bothering the core (a button we did not mint,
    /// a modal we never open).
    Refuse(String),
}

/// A file the user attached to a command, to fetch from Discord's CDN before the core sees
/// the event (Discord sends its URL, name and size in the interaction's resolved data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    pub url: String,
    pub name: String,
    /// The size Discord declares, checked against the limit before fetching anything.
    pub size: u64,
}

/// How the core's answer reaches the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// A new message answering a slash command; `personal` ones are ephemeral from the start.
    Command { personal: bool },
    /// Replace the message the clicked component is on (ratings, paging, confirmations).
    Update,
    /// A new message only the clicker sees (details, more like this, where to watch…).
    Private,
}

/// The Discord user as the core knows them.
pub fn platform_user(user: &User, member: Option<&Member>) -> PlatformUser {
    let user = member.map_or(user, |m| &m.user);
    let name = member
        .and_then(|m| m.nick.clone())
        .or_else(|| user.global_name.clone())
        .unwrap_or_else(|| user.name.clone());
    PlatformUser::new(Platform::Discord, user.id.to_string(), name)
}

/// A guild is one group conversation (so group picks span its channels); a DM is direct.
pub fn conversation(guild: Option<GuildId>, user: &PlatformUser) -> Conversation {
    match guild {
        Some(g) => Conversation::group(Platform::Discord, g.to_string()),
        None => Conversation::direct(user),
    }
}

pub fn plan(interaction: &Interaction) -> Plan {
    match interaction {
        Interaction::Ping(_) => Plan::Pong,
        Interaction::Command(c) => command(c),
        Interaction::Autocomplete(c) => autocomplete(c),
        Interaction::Component(c) => component(c),
        Interaction::Modal(_) => Plan::Refuse("That form is not something I handle.".into()),
        _ => Plan::Refuse("I can't handle that yet.".into()),
    }
}

fn option_text(value: &CommandDataOptionValue) -> Option<String> {
    Some(match value {
        CommandDataOptionValue::String(s) => s.trim().to_string(),
        CommandDataOptionValue::Number(n) => format!("{n}"),
        CommandDataOptionValue::Integer(n) => n.to_string(),
        CommandDataOptionValue::Boolean(b) => b.to_string(),
        CommandDataOptionValue::Autocomplete { value, .. } => value.trim().to_string(),
        _ => return None,
    })
}

/// The options' values as text, by name (empty values count as not given).
fn options(options: &[CommandDataOption]) -> BTreeMap<String, String> {
    options
        .iter()
        .filter_map(|o| Some((o.name.clone(), option_text(&o.value)?)))
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

/// The attachment options: their values become the files' names (the core's `Attachment`
/// argument), and each file one [`Download`]. An attachment id missing from the resolved
/// data (only a forged interaction could do that) counts as not given.
fn attachments(c: &CommandInteraction, options: &mut BTreeMap<String, String>) -> Vec<Download> {
    let mut downloads = Vec::new();
    for o in &c.data.options {
        let CommandDataOptionValue::Attachment(id) = &o.value else {
            continue;
        };
        match c.data.resolved.attachments.get(id) {
            Some(a) => {
                options.insert(o.name.clone(), a.filename.clone());
                downloads.push(Download {
                    url: a.url.clone(),
                    name: a.filename.clone(),
                    size: u64::from(a.size),
                });
            }
            None => {
                options.remove(&o.name);
            }
        }
    }
    downloads
}

/// The user options: Discord sends the user's id as the value and the user (and, in a
/// server, their membership with its nickname) in the resolved data; each becomes one
/// [`MemberArg`] value naming them as the server shows them. An id missing from the resolved
/// data counts as not given.
fn members(c: &CommandInteraction, options: &mut BTreeMap<String, String>) {
    for o in &c.data.options {
        let CommandDataOptionValue::User(id) = &o.value else {
            continue;
        };
        match c.data.resolved.users.get(id) {
            Some(u) => {
                let nick = c.data.resolved.members.get(id).and_then(|m| m.nick.clone());
                let name = nick
                    .or_else(|| u.global_name.clone())
                    .unwrap_or_else(|| u.name.clone());
                let value = MemberArg::option_value(&id.to_string(), &name, u.bot);
                options.insert(o.name.clone(), value);
            }
            None => {
                options.remove(&o.name);
            }
        }
    }
}

fn command(c: &CommandInteraction) -> Plan {
    let user = platform_user(&c.user, c.member.as_deref());
    let name = c.data.name.to_lowercase();
    let personal = Command::find(&name).is_some_and(|spec| spec.private);
    let mut options = options(&c.data.options);
    let downloads = attachments(c, &mut options);
    members(c, &mut options);
    let incoming = match Command::from_options(&name, &options) {
        Ok(command) => Incoming::Command(command),
        Err(problem) => Incoming::BadCommand(problem),
    };
    let event = IncomingEvent::new(user.clone(), conversation(c.guild_id, &user), incoming)
        .with_event_id(c.id.to_string());
    Plan::Handle {
        event,
        style: Style::Command { personal },
        downloads,
    }
}

fn autocomplete(c: &CommandInteraction) -> Plan {
    let user = platform_user(&c.user, c.member.as_deref());
    // Only title and region options autocomplete; anything else reads as a title.
    let (field, prefix) = c.data.autocomplete().map_or((None, ""), |o| {
        let field = Command::find(&c.data.name)
            .and_then(|spec| spec.arg(o.name))
            .and_then(|arg| arg.autocomplete);
        (field, o.value)
    });
    Plan::Complete {
        user,
        field: field.unwrap_or(CompletionField::Title),
        prefix: prefix.to_string(),
    }
}

/// How a click is answered: in place where the click changes that message, privately else. A
/// rating replaces the card only where nobody else sees it (a DM, an ephemeral card): a shared
/// card in a server must not turn into one member's rating.
fn style_for(action: &Action, private_message: bool) -> Style {
    match action {
        Action::Rate { .. } | Action::Unrate { .. } if private_message => Style::Update,
        Action::NextPage { .. }
        | Action::PrevPage { .. }
        | Action::ConfirmForget
        | Action::Cancel
        | Action::SetService { .. } => Style::Update,
        // A movie night's shared message is redrawn for everyone when the core says so
        // (`Outcome::Updated`); a refusal goes to the presser alone.
        Action::Night { .. } => Style::Update,
        _ => Style::Private,
    }
}

fn component(c: &ComponentInteraction) -> Plan {
    let user = platform_user(&c.user, c.member.as_ref());
    let raw = match &c.data.kind {
        ComponentInteractionDataKind::StringSelect { values } if c.data.custom_id == PICK_ID => {
            values.first().cloned().unwrap_or_default()
        }
        ComponentInteractionDataKind::Button => c.data.custom_id.clone(),
        _ => String::new(),
    };
    let Ok(action) = Action::decode(&raw) else {
        return Plan::Refuse("That button has expired — ask me again.".into());
    };
    let private_message = c.guild_id.is_none()
        || c.message
            .flags
            .is_some_and(|f| f.contains(MessageFlags::EPHEMERAL));
    let style = style_for(&action, private_message);
    let event = IncomingEvent::new(
        user.clone(),
        conversation(c.guild_id, &user),
        Incoming::Action(action),
    )
    .with_event_id(c.id.to_string());
    Plan::Handle {
        event,
        style,
        downloads: Vec::new(),
    }
}
