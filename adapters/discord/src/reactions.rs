//! Reaction rating (gateway mode): 1️⃣–5️⃣ on one of our single-film messages rates that film
//! for the member who reacted; taking the reaction back removes the rating. A plain function,
//! so it is tested without a gateway.

use std::collections::BTreeSet;

use moviebot_protocol::{Action, Incoming, IncomingEvent, PlatformUser, PublicMovieId, Stars};
use serenity::all::{ActionRowComponent, ButtonKind, GuildId, Message, ReactionType, UserId};

use crate::interaction::conversation;

/// The stars a keycap emoji stands for: "1️⃣" (with or without the variation selector) → 1.
pub fn keycap_stars(emoji: &ReactionType) -> Option<Stars> {
    let ReactionType::Unicode(s) = emoji else {
        return None;
    };
    let mut chars = s.chars().filter(|c| *c != '\u{FE0F}');
    let (Some(digit), Some('\u{20E3}'), None) = (chars.next(), chars.next(), chars.next()) else {
        return None;
    };
    let n = digit.to_digit(10).filter(|n| (1..=5).contains(n))?;
    Stars::from_halves(n as u8 * 2)
}

/// The one film a message's buttons and menu act on; `None` when they name none or several.
pub fn film_of(message: &Message) -> Option<PublicMovieId> {
    let mut films = BTreeSet::new();
    for row in &message.components {
        for component in &row.components {
            let ids: Vec<&str> = match component {
                ActionRowComponent::Button(b) => match &b.data {
                    ButtonKind::NonLink { custom_id, .. } => vec![custom_id.as_str()],
                    _ => vec![],
                },
                ActionRowComponent::SelectMenu(s) => {
                    s.options.iter().map(|o| o.value.as_str()).collect()
                }
                _ => vec![],
            };
            films.extend(
                ids.into_iter()
                    .filter_map(|id| Action::decode(id).ok())
                    .filter_map(|a| a.movie()),
            );
        }
    }
    match (films.len(), films.first()) {
        (1, Some(film)) => Some(*film),
        _ => None,
    }
}

/// The event for a reaction added (`added`) or removed by `reactor` on `message` in `guild`,
/// when it is a rating: a 1️⃣–5️⃣ keycap, on a message `bot` sent about exactly one film, by
/// someone other than the bot. Reactions carry no event id.
pub fn reaction_event(
    message: &Message,
    emoji: &ReactionType,
    reactor: &PlatformUser,
    guild: Option<GuildId>,
    bot: UserId,
    added: bool,
) -> Option<IncomingEvent> {
    if message.author.id != bot || reactor.id == bot.to_string() {
        return None;
    }
    let stars = keycap_stars(emoji)?;
    let movie = film_of(message)?;
    let action = if added {
        Action::Rate { movie, stars }
    } else {
        Action::Unrate { movie }
    };
    Some(IncomingEvent::new(
        reactor.clone(),
        conversation(guild.or(message.guild_id), reactor),
        Incoming::Action(action),
    ))
}
