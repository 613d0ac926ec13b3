//! The interactions endpoint with signed, realistic payloads: responses (embeds, components,
//! ephemeral flag), what the chat core received, and every refusal.

mod common;

use common::*;
use moviebot_discord::interactions_router;
use moviebot_protocol::{
    Action, Command, CompletionField, ConversationKind, Incoming, Page, Platform, PublicMovieId,
    Reply, Stars, command::FilmRef,
};
use serde_json::{Value, json};
use serenity::all::Interaction;

fn heat_reply() -> Reply {
    Reply::text("Here's one").with_cards([card(PublicMovieId(949), "Heat", 1995)])
}

fn three_cards() -> Reply {
    Reply::text("Films like Heat")
        .with_cards([
            card(PublicMovieId(949), "Heat", 1995),
            card(PublicMovieId(8489), "Ronin", 1998),
            card(PublicMovieId(1_000_000_000_042), "Local Film", 2001),
        ])
        .with_actions([Action::NextPage { query: 3, page: 1 }])
        .with_page(Page {
            index: 0,
            has_more: true,
        })
}

fn buttons(response: &Value) -> Vec<Value> {
    response["data"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row["components"].as_array().unwrap().clone())
        .collect()
}

#[test]
fn fixtures_are_interactions_serenity_accepts() {
    for v in [
        ping(),
        command("1", "rate", json!([]), true),
        command("1", "help", json!([]), false),
        autocomplete("1", "movie", "title", "He"),
        button("1", "mb1:r:949:40", true, 0),
        button("1", "mb1:r:949:40", false, 64),
        select("1", "mb1:i:949"),
    ] {
        serde_json::from_value::<Interaction>(v.clone()).unwrap_or_else(|e| panic!("{e}: {v:#}"));
    }
}

#[tokio::test]
async fn ping_gets_pong() {
    let core = FakeCore::new(|_| Reply::text("never"));
    let (status, body) = post_signed(&discord(core.clone(), None), &ping()).await;
    assert_eq!(status, 200);
    assert_eq!(body["type"], 1);
    assert!(core.events().is_empty());
}

#[tokio::test]
async fn rate_command_reaches_the_core_with_named_options_and_renders_a_card() {
    let core = FakeCore::new(|_| heat_reply());
    let d = discord(core.clone(), None);
    let options = json!([
        {"name": "title", "type": 3, "value": "949"},
        {"name": "stars", "type": 10, "value": 4.5}
    ]);
    let (status, body) = post_signed(&d, &command("2001", "rate", options, true)).await;
    assert_eq!(status, 200, "{body}");

    let events = core.events();
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(e.user.platform, Platform::Discord);
    assert_eq!(e.user.id, CLICKER_ID);
    assert_eq!(e.conversation.kind, ConversationKind::Group);
    assert_eq!(e.conversation.id, GUILD_ID);
    assert_eq!(e.event_id.as_deref(), Some("2001"));
    assert_eq!(
        e.incoming,
        Incoming::Command(Command::Rate {
            title: FilmRef("949".into()),
            stars: Stars::new(4.5),
        })
    );

    assert_eq!(body["type"], 4);
    assert!(body["data"]["flags"].is_null(), "public answer");
    assert_eq!(body["data"]["content"], "Here's one");
    let embed = &body["data"]["embeds"][0];
    assert_eq!(embed["title"], "Heat (1995)");
    assert_eq!(embed["url"], "https://www.themoviedb.org/movie/949");
    assert_eq!(
        embed["image"]["url"],
        "https://image.tmdb.org/t/p/w500/949.jpg"
    );
    assert!(embed["footer"]["text"].as_str().unwrap().contains("TMDB"));
    assert!(
        embed["description"]
            .as_str()
            .unwrap()
            .contains("Because you liked Ronin")
    );
    let rows = body["data"]["components"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{rows:#?}");
    let labels: Vec<String> = buttons(&body)
        .iter()
        .map(|b| b["label"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        labels,
        [
            "★1",
            "★2",
            "★3",
            "★4",
            "★5",
            "More like this",
            "Where to watch",
            "+ Watchlist"
        ]
    );
    assert_eq!(buttons(&body)[3]["custom_id"], "mb1:r:949:40");
}

#[tokio::test]
async fn personal_commands_are_ephemeral() {
    let core = FakeCore::new(|_| Reply::text("You've rated 3 films."));
    let d = discord(core.clone(), None);
    let (_, body) = post_signed(&d, &command("2002", "profile", json!([]), true)).await;
    assert_eq!(body["type"], 4);
    assert_eq!(body["data"]["flags"], 64);
    // And the core's own ephemeral flag is honoured on any command.
    let core = FakeCore::new(|_| Reply::text("secret").ephemeral());
    let d = discord(core, None);
    let (_, body) = post_signed(&d, &command("2003", "ask", json!([]), false)).await;
    assert_eq!(body["data"]["flags"], 64);
}

/// A user option (type 6) arrives as the user's id with the user in `data.resolved`: the core
/// gets one `Member` with the id, the server nickname (else the global name) and the bot flag,
/// in a server or a DM (where Discord resolves no member).
#[tokio::test]
async fn a_user_option_reaches_the_core_as_an_identified_member() {
    use moviebot_protocol::command::Member;
    let core = FakeCore::new(|_| Reply::text("compared"));
    let d = discord(core.clone(), None);
    let nicked = testing::command_with_user(
        "2005",
        ADA,
        "compare",
        "member",
        (BOB, Some("Bobby"), false),
        true,
    );
    serde_json::from_value::<Interaction>(nicked.clone()).expect("serenity accepts it");
    let plain =
        testing::command_with_user("2006", ADA, "compare", "member", (BOB, None, true), false);
    let mut unresolved = plain.clone();
    unresolved["id"] = json!("2007");
    unresolved["data"]["resolved"] = json!({});
    for v in [&nicked, &plain, &unresolved] {
        let (status, body) = post_signed(&d, v).await;
        assert_eq!(status, 200, "{body}");
    }
    let members: Vec<Incoming> = core.events().into_iter().map(|e| e.incoming).collect();
    let user = |name: &str, bot| {
        Incoming::Command(Command::Compare {
            member: Some(Member::User {
                id: BOB.id.into(),
                name: name.into(),
                bot,
            }),
        })
    };
    assert_eq!(
        members,
        [
            user("Bobby", false),
            user("bob", true),
            Incoming::Command(Command::Compare { member: None }),
        ]
    );
}

#[tokio::test]
async fn dm_commands_are_direct_conversations() {
    let core = FakeCore::new(|_| Reply::text("hi"));
    let d = discord(core.clone(), None);
    post_signed(&d, &command("2004", "help", json!([]), false)).await;
    let e = &core.events()[0];
    assert_eq!(e.conversation.kind, ConversationKind::Direct);
    assert_eq!(e.conversation.id, CLICKER_ID);
}

#[tokio::test]
async fn several_cards_get_embeds_and_a_film_menu_not_ambiguous_buttons() {
    let core = FakeCore::new(|_| three_cards());
    let d = discord(core, None);
    let options = json!([{"name": "title", "type": 3, "value": "Heat"}]);
    let (_, body) = post_signed(&d, &command("2005", "similar", options, true)).await;
    let embeds = body["data"]["embeds"].as_array().unwrap();
    assert_eq!(embeds.len(), 3);
    assert_eq!(
        embeds[1]["thumbnail"]["url"],
        "https://image.tmdb.org/t/p/w500/8489.jpg"
    );
    assert!(embeds[2]["url"].is_null(), "a local film has no TMDb link");
    let rows = body["data"]["components"].as_array().unwrap();
    let menu = &rows[0]["components"][0];
    assert_eq!(menu["type"], 3);
    assert_eq!(menu["placeholder"], "Rate or act on a film…");
    let values: Vec<&str> = menu["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["mb1:i:949", "mb1:i:8489", "mb1:i:1000000000042"]);
    assert_eq!(menu["options"][0]["label"], "Heat (1995)");
    assert_eq!(rows[1]["components"][0]["label"], "Next ▶");
    assert_eq!(rows.len(), 2);
}

#[tokio::test]
async fn autocomplete_answers_at_most_25_titles() {
    let core = FakeCore::new(|_| Reply::text("never"));
    let d = discord(core.clone(), None);
    let (_, body) = post_signed(&d, &autocomplete("2006", "movie", "title", "Hea")).await;
    assert_eq!(body["type"], 8);
    let choices = body["data"]["choices"].as_array().unwrap();
    assert_eq!(choices.len(), 25);
    assert_eq!(choices[0]["name"], "Hea Part 0 (1990)");
    assert_eq!(choices[0]["value"], "0");
    assert_eq!(
        core.completions.lock().unwrap().clone(),
        vec![(CompletionField::Title, "Hea".to_string())]
    );
    assert!(core.events().is_empty());
    let (_, _) = post_signed(&d, &autocomplete("2007", "providers", "region", "g")).await;
    assert_eq!(
        core.completions.lock().unwrap()[1].0,
        CompletionField::Region
    );
}

#[tokio::test]
async fn a_click_in_a_server_rates_for_the_clicker_and_answers_privately() {
    let core = FakeCore::new(|e| match &e.incoming {
        Incoming::Action(Action::Rate { movie, stars }) => {
            let mut c = card(*movie, "Heat", 1995);
            c.user_rating = Some(*stars);
            Reply::text("Saved: Heat 4★").with_cards([c])
        }
        _ => Reply::text("?"),
    });
    let d = discord(core.clone(), None);
    let (_, body) = post_signed(&d, &button("2008", "mb1:r:949:40", true, 0)).await;
    let e = &core.events()[0];
    assert_eq!(
        e.user.id, CLICKER_ID,
        "the clicker rates, not the message author"
    );
    assert_eq!(e.user.display_name, "ada");
    assert_eq!(
        e.incoming,
        Incoming::Action(Action::Rate {
            movie: PublicMovieId(949),
            stars: Stars::new(4.0).unwrap()
        })
    );
    assert_eq!(e.event_id.as_deref(), Some("2008"));
    // A shared card stays as it was; the clicker sees their rating privately.
    assert_eq!(body["type"], 4);
    assert_eq!(body["data"]["flags"], 64);
    let b = buttons(&body);
    assert_eq!(b[3]["label"], "★4");
    assert_eq!(b[3]["style"], 3, "stored rating highlighted");
    assert_eq!(b[2]["style"], 2);
}

#[tokio::test]
async fn a_rating_click_on_a_private_card_updates_it_in_place() {
    let core = FakeCore::new(|e| match &e.incoming {
        Incoming::Action(Action::Rate { movie, stars }) => rated(*movie, "Heat", *stars),
        _ => Reply::text("?"),
    });
    let d = discord(core.clone(), None);
    for (id, guild, flags) in [("2009", false, 0), ("2010", true, 64)] {
        let (_, body) = post_signed(&d, &button(id, "mb1:r:949:50", guild, flags)).await;
        assert_eq!(body["type"], 7, "{body}");
        assert_eq!(buttons(&body)[4]["style"], 3);
        assert_eq!(body["data"]["embeds"][0]["fields"][3]["value"], "★5");
    }
}

#[tokio::test]
async fn choosing_a_film_in_the_menu_answers_with_its_own_card_privately() {
    let core = FakeCore::new(|e| match &e.incoming {
        Incoming::Action(Action::Details { movie }) => {
            Reply::text("").with_cards([card(*movie, "Ronin", 1998)])
        }
        _ => Reply::text("?"),
    });
    let d = discord(core.clone(), None);
    let (_, body) = post_signed(&d, &select("2011", "mb1:i:8489")).await;
    assert_eq!(
        core.events()[0].incoming,
        Incoming::Action(Action::Details {
            movie: PublicMovieId(8489)
        })
    );
    assert_eq!(body["type"], 4);
    assert_eq!(body["data"]["flags"], 64);
    assert_eq!(body["data"]["embeds"][0]["title"], "Ronin (1998)");
    assert!(
        buttons(&body)
            .iter()
            .all(|b| b["custom_id"].as_str().unwrap().contains(":8489"))
    );
}

#[tokio::test]
async fn forget_me_confirmation_replaces_the_prompt() {
    let core = FakeCore::new(|_| Reply::text("Done — forgotten.").ephemeral());
    let d = discord(core, None);
    let (_, body) = post_signed(&d, &button("2012", "mb1:f", true, 64)).await;
    assert_eq!(body["type"], 7);
    assert_eq!(body["data"]["content"], "Done — forgotten.");
    assert_eq!(body["data"]["components"], json!([]));
}

#[tokio::test]
async fn a_button_we_did_not_mint_is_refused_without_the_core() {
    let core = FakeCore::new(|_| Reply::text("never"));
    let d = discord(core.clone(), None);
    let (status, body) = post_signed(&d, &button("2013", "mb1:r:949:99", true, 0)).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["flags"], 64);
    assert!(core.events().is_empty());
}

#[tokio::test]
async fn a_duplicate_delivery_has_one_effect() {
    let core = FakeCore::new(|_| heat_reply());
    let d = discord(core.clone(), None);
    let click = button("2014", "mb1:a:949", true, 0);
    let (_, first) = post_signed(&d, &click).await;
    let (_, second) = post_signed(&d, &click).await;
    assert_eq!(first["type"], 4);
    assert_eq!(second, json!({"type": 6}), "silent acknowledgement");
    let cmd = command("2015", "trending", json!([]), true);
    post_signed(&d, &cmd).await;
    let (_, again) = post_signed(&d, &cmd).await;
    assert_eq!(again["type"], 4);
    assert_eq!(again["data"]["flags"], 64);
    assert!(again["data"]["embeds"].as_array().unwrap().is_empty());
    assert_eq!(core.effects(), 2);
    assert_eq!(core.events().len(), 4);
}

type Headers = Vec<(&'static str, String)>;

async fn refused(headers: Headers, body: Vec<u8>) -> (u16, Value, usize) {
    let core = FakeCore::new(|_| Reply::text("never"));
    let d = discord(core.clone(), None);
    let (status, json) = post_raw(interactions_router(d), body, &headers).await;
    (status, json, core.events().len())
}

#[tokio::test]
async fn forged_missing_and_stale_signatures_are_401_and_reach_nothing() {
    let body = serde_json::to_vec(&command("2016", "help", json!([]), true)).unwrap();
    let (sig, ts) = sign(&body, now());

    // Forged: signed by another key.
    let other = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
    let forged =
        hex(&ed25519_dalek::Signer::sign(&other, &[ts.as_bytes(), &body].concat()).to_bytes());
    let mut tampered = body.clone();
    tampered[10] ^= 1;
    let stale = sign(&body, now() - 301);
    let future = sign(&body, now() + 301);
    let cases: Vec<(&str, Headers, Vec<u8>)> = vec![
        (
            "forged",
            vec![
                ("x-signature-ed25519", forged),
                ("x-signature-timestamp", ts.clone()),
            ],
            body.clone(),
        ),
        (
            "tampered body",
            vec![
                ("x-signature-ed25519", sig.clone()),
                ("x-signature-timestamp", ts.clone()),
            ],
            tampered,
        ),
        ("missing", vec![], body.clone()),
        (
            "missing timestamp",
            vec![("x-signature-ed25519", sig.clone())],
            body.clone(),
        ),
        (
            "not hex",
            vec![
                ("x-signature-ed25519", "zz".repeat(64)),
                ("x-signature-timestamp", ts.clone()),
            ],
            body.clone(),
        ),
        (
            "stale",
            vec![
                ("x-signature-ed25519", stale.0),
                ("x-signature-timestamp", stale.1),
            ],
            body.clone(),
        ),
        (
            "future",
            vec![
                ("x-signature-ed25519", future.0),
                ("x-signature-timestamp", future.1),
            ],
            body.clone(),
        ),
    ];
    for (name, headers, body) in cases {
        let (status, json, events) = refused(headers, body).await;
        assert_eq!(status, 401, "{name}");
        assert_eq!(json["error"]["code"], "unauthorized", "{name}");
        assert_eq!(events, 0, "{name}");
    }
}

#[tokio::test]
async fn garbage_after_a_valid_signature_is_400() {
    for body in [
        b"not json".to_vec(),
        b"{\"type\": 2}".to_vec(),
        b"{\"type\": 99}".to_vec(),
    ] {
        let (sig, ts) = sign(&body, now());
        let (status, json, events) = refused(
            vec![("x-signature-ed25519", sig), ("x-signature-timestamp", ts)],
            body,
        )
        .await;
        assert_eq!(status, 400);
        assert_eq!(json["error"]["code"], "bad_request");
        assert_eq!(events, 0);
    }
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let body = vec![b' '; 300 * 1024];
    let (sig, ts) = sign(&body, now());
    let (status, _, events) = refused(
        vec![("x-signature-ed25519", sig), ("x-signature-timestamp", ts)],
        body,
    )
    .await;
    assert_eq!(status, 413);
    assert_eq!(events, 0);
}

/// Prints a full `/recommend` response (for the closing note):
/// `cargo test -p moviebot-discord --test endpoint example -- --nocapture`.
#[tokio::test]
async fn example_recommend_response() {
    let core = FakeCore::new(|_| {
        let mut heat = card(PublicMovieId(949), "Heat", 1995);
        heat.user_rating = Stars::new(4.0);
        Reply::text("Crime films you might like")
            .with_cards([heat])
            .with_actions([Action::NextPage { query: 7, page: 1 }])
    });
    let d = discord(core, None);
    let options = json!([{"name": "genre", "type": 3, "value": "Crime"}]);
    let (status, body) = post_signed(&d, &command("2099", "recommend", options, true)).await;
    assert_eq!(status, 200);
    assert_eq!(buttons(&body).len(), 9);
    println!("{}", serde_json::to_string_pretty(&body).unwrap());
}

#[test]
fn unusable_settings_are_refused_with_the_setting_named() {
    use moviebot_discord::{Discord, DiscordSettings, SettingsError};
    let core = FakeCore::new(|_| Reply::text("never"));
    for key in ["", "abc", &"zz".repeat(32)] {
        let mut settings = DiscordSettings::new(APP_ID, key);
        settings.mode = moviebot_discord::Mode::Interactions;
        let err = Discord::new(settings, core.clone()).err().unwrap();
        assert!(matches!(err, SettingsError::PublicKey(_)), "{key}");
        assert!(err.to_string().starts_with("discord.public_key"));
    }
    // Gateway mode never uses the key, so it may be left out, but not given wrong.
    assert!(Discord::new(DiscordSettings::new(APP_ID, ""), core.clone()).is_ok());
    assert!(Discord::new(DiscordSettings::new(APP_ID, "abc"), core.clone()).is_err());
    let err = Discord::new(DiscordSettings::new(0, public_key_hex()), core)
        .err()
        .unwrap();
    assert_eq!(err, SettingsError::ApplicationId);
}

/// Without a public key (allowed in gateway mode) the endpoint refuses even signed requests.
#[tokio::test]
async fn the_endpoint_refuses_everything_without_a_public_key() {
    use moviebot_discord::{Discord, DiscordSettings};
    let core = FakeCore::new(|_| Reply::text("never"));
    let discord =
        std::sync::Arc::new(Discord::new(DiscordSettings::new(APP_ID, ""), core.clone()).unwrap());
    let (status, body) = post_signed(&discord, &json!({"type": 1})).await;
    assert_eq!(status, 401, "{body}");
    assert!(core.events().is_empty());
}
