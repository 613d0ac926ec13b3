//! Reaction rating: 1️⃣–5️⃣ on a single-film bot message rates that film for whoever reacted;
//! removing the reaction removes the rating; anything else is ignored.

mod common;

use common::*;
use moviebot_discord::gateway::intents;
use moviebot_discord::reactions::{film_of, keycap_stars, reaction_event};
use moviebot_protocol::{
    Action, ConversationKind, Incoming, Platform, PlatformUser, PublicMovieId, Stars,
};
use serde_json::{Value, json};
use serenity::all::{GatewayIntents, GuildId, Message, ReactionType, UserId};

fn message(components: Value) -> Message {
    serde_json::from_value(bot_message(components, 0)).unwrap()
}

fn single_film() -> Message {
    message(buttons_row(&[
        "mb1:r:949:10",
        "mb1:r:949:50",
        "mb1:m:949",
        "mb1:n:3:1",
    ]))
}

fn keycap(n: u32) -> ReactionType {
    ReactionType::Unicode(format!("{n}\u{FE0F}\u{20E3}"))
}

fn bob() -> PlatformUser {
    PlatformUser::new(Platform::Discord, "1500000000000000002", "bob")
}

fn bot() -> UserId {
    UserId::new(APP_ID)
}

fn guild() -> Option<GuildId> {
    Some(GuildId::new(GUILD_ID.parse().unwrap()))
}

#[test]
fn keycaps_one_to_five_are_stars() {
    assert_eq!(keycap_stars(&keycap(4)), Stars::new(4.0));
    assert_eq!(
        keycap_stars(&ReactionType::Unicode("1\u{20E3}".into())),
        Stars::new(1.0)
    );
    for other in [
        "6\u{FE0F}\u{20E3}",
        "0\u{FE0F}\u{20E3}",
        "👍",
        "4",
        "44\u{20E3}",
    ] {
        assert_eq!(
            keycap_stars(&ReactionType::Unicode(other.into())),
            None,
            "{other}"
        );
    }
}

#[test]
fn a_keycap_on_a_single_film_card_rates_it_for_the_reactor() {
    let event = reaction_event(&single_film(), &keycap(4), &bob(), guild(), bot(), true).unwrap();
    assert_eq!(
        event.incoming,
        Incoming::Action(Action::Rate {
            movie: PublicMovieId(949),
            stars: Stars::new(4.0).unwrap()
        })
    );
    assert_eq!(event.user, bob());
    assert_eq!(event.conversation.kind, ConversationKind::Group);
    assert_eq!(event.conversation.id, GUILD_ID);
}

#[test]
fn removing_the_reaction_removes_the_rating() {
    let event = reaction_event(&single_film(), &keycap(2), &bob(), None, bot(), false).unwrap();
    assert_eq!(
        event.incoming,
        Incoming::Action(Action::Unrate {
            movie: PublicMovieId(949)
        })
    );
    assert_eq!(event.conversation.kind, ConversationKind::Direct);
}

#[test]
fn the_film_comes_from_buttons_or_the_menu() {
    assert_eq!(film_of(&single_film()), Some(PublicMovieId(949)));
    let menu_of = |values: &[&str]| {
        message(
            json!([{"type": 1, "components": [{"type": 3, "custom_id": "mb:pick",
            "options": values.iter().map(|v| json!({"label": "x", "value": v})).collect::<Vec<_>>()}]}]),
        )
    };
    assert_eq!(
        film_of(&menu_of(&["mb1:i:8489"])),
        Some(PublicMovieId(8489))
    );
    assert_eq!(film_of(&menu_of(&["mb1:i:949", "mb1:i:8489"])), None);
    assert_eq!(film_of(&message(json!([]))), None);
    assert_eq!(film_of(&message(buttons_row(&["mb1:n:3:1", "junk"]))), None);
}

#[test]
fn other_reactions_are_ignored() {
    let several = message(buttons_row(&["mb1:r:949:40", "mb1:r:8489:40"]));
    assert!(reaction_event(&several, &keycap(4), &bob(), guild(), bot(), true).is_none());
    let thumbs = ReactionType::Unicode("👍".into());
    assert!(reaction_event(&single_film(), &thumbs, &bob(), guild(), bot(), true).is_none());
    // Not our message.
    let mut theirs = single_film();
    theirs.author.id = UserId::new(AUTHOR_ID.parse().unwrap());
    assert!(reaction_event(&theirs, &keycap(4), &bob(), guild(), bot(), true).is_none());
    // Our own seed reactions.
    let me = PlatformUser::new(Platform::Discord, APP_ID.to_string(), "moviebot");
    assert!(reaction_event(&single_film(), &keycap(4), &me, guild(), bot(), true).is_none());
}

#[test]
fn the_gateway_asks_only_for_non_privileged_intents() {
    let i = intents();
    assert!(i.contains(GatewayIntents::GUILD_MESSAGE_REACTIONS));
    assert!(i.contains(GatewayIntents::DIRECT_MESSAGE_REACTIONS));
    assert!(!i.intersects(GatewayIntents::privileged()));
    assert!(!i.contains(GatewayIntents::GUILD_MESSAGES));
}
