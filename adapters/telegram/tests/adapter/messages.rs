//! Private-chat messages and commands: what the core receives and what Telegram receives.

use moviebot_protocol::{ConversationKind, Incoming, Platform};
use serde_json::Value;

use super::support::*;

#[tokio::test]
async fn start_up_registers_commands_and_clears_the_webhook() {
    let app = spawn_app().await;
    let calls = app.fake.calls();
    let order: Vec<&str> = calls.iter().map(|c| c.method.as_str()).take(3).collect();
    assert_eq!(order, ["getMe", "setMyCommands", "deleteWebhook"]);
    let commands = &app.fake.calls_to("setMyCommands")[0].params["commands"];
    let names: Vec<&str> = commands
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["command"].as_str().unwrap())
        .collect();
    for want in [
        "start",
        "help",
        "recommend",
        "similar",
        "movie",
        "trending",
        "providers",
        "watchlist",
        "profile",
        "forgetme",
        "group",
        "rate",
    ] {
        assert!(names.contains(&want), "{want} missing from {names:?}");
    }
    assert!(
        commands
            .as_array()
            .unwrap()
            .iter()
            .all(|c| !c["description"].as_str().unwrap().is_empty())
    );
    app.stop().await;
}

#[tokio::test]
async fn free_text_reaches_the_core_and_the_answer_comes_back() {
    let app = spawn_app().await;
    app.fake.push(dm(1, 42, "something <scary> & fun"));
    let effects = app.fake.wait_effects(1).await;
    assert_eq!(effects.len(), 1, "{effects:#?}");
    let sent = &effects[0];
    assert_eq!(sent.method, "sendMessage");
    assert_eq!(sent.params["chat_id"], 42);
    assert_eq!(sent.params["parse_mode"], "HTML");
    assert_eq!(
        sent.params["text"],
        "You said: something &lt;scary&gt; &amp; fun"
    );

    let events = app.script.events();
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(e.incoming, Incoming::Text("something <scary> & fun".into()));
    assert_eq!(
        (
            e.user.platform,
            e.user.id.as_str(),
            e.user.display_name.as_str()
        ),
        (Platform::Telegram, "42", "Ada")
    );
    assert_eq!(e.conversation.kind, ConversationKind::Direct);
    assert_eq!(e.event_id.as_deref(), Some("u:1"));
    app.stop().await;
}

#[tokio::test]
async fn commands_become_core_commands_with_their_text() {
    let app = spawn_app().await;
    app.fake.push(dm(1, 42, "/similar Heat"));
    app.fake.push(dm(2, 42, "/rate@MovieBot Heat 4.5"));
    app.fake.push(dm(3, 42, "/start movie_949"));
    app.fake.push(dm(4, 42, "/help"));
    app.fake
        .wait_until(5, "four answers", |_| {
            app.script.events().len() == 4 && app.fake.effects().len() >= 4
        })
        .await;
    let cmds: Vec<(String, String)> = app
        .script
        .events()
        .into_iter()
        .map(|e| command_parts(&e.incoming).unwrap_or_else(|| panic!("{e:?}")))
        .collect();
    assert_eq!(
        cmds,
        [
            ("similar", "Heat"),
            ("rate", "Heat 4.5"),
            ("start", "949"),
            ("help", "")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // /start with a movie id: that film's card (a photo); /help: the TMDb attribution.
    let photo = &app.fake.calls_to("sendPhoto")[0];
    assert!(
        photo.params["caption"]
            .as_str()
            .unwrap()
            .starts_with("<b>Heat</b> (1995)")
    );
    let help = app.fake.calls_to("sendMessage").pop().unwrap();
    assert!(help.params["text"].as_str().unwrap().contains(TMDB));
    app.stop().await;
}

#[tokio::test]
async fn cards_are_photos_with_escaped_captions_and_keyboards_after_the_text() {
    let app = spawn_app().await;
    app.fake.push(dm(1, 42, "/recommend"));
    let effects = app.fake.wait_effects(4).await;
    let methods: Vec<&str> = effects.iter().map(|c| c.method.as_str()).collect();
    // Text first, then Heat and Inception as photos, The Matrix (no poster) as text.
    assert_eq!(
        methods,
        ["sendMessage", "sendPhoto", "sendPhoto", "sendMessage"]
    );
    assert_eq!(effects[0].params["text"], "Here are three picks for you:");
    let heat = &effects[1].params;
    assert_eq!(heat["photo"], "https://image.tmdb.org/t/p/w500/949.jpg");
    assert_eq!(heat["parse_mode"], "HTML");
    let caption = heat["caption"].as_str().unwrap();
    assert!(
        caption.contains("professional thieves &amp; a detective &lt;obsessed&gt;"),
        "{caption}"
    );
    assert!(caption.contains("<i>Because you liked Ronin</i>"));
    assert_eq!(
        labels(&heat["reply_markup"]),
        [
            vec!["★1", "★2", "★3", "★4", "★5"],
            vec!["More like this", "Where to watch"],
            vec!["+ Watchlist"]
        ]
    );
    // Only the last card carries "Next ▶".
    let last = labels(&effects[3].params["reply_markup"]);
    assert_eq!(last.last().unwrap(), &vec!["Next ▶".to_string()]);
    assert!(!format!("{:?}", labels(&effects[2].params["reply_markup"])).contains("Next"));
    app.stop().await;
}

#[tokio::test]
async fn long_replies_are_split_within_telegram_limits() {
    let app = spawn_app().await;
    app.fake.push(dm(1, 42, "/long"));
    let effects = app.fake.wait_effects(2).await;
    assert_eq!(effects.len(), 2, "{effects:#?}");
    assert!(effects.iter().all(|c| c.ok), "the fake accepted every part");
    let last = effects[1].params["text"].as_str().unwrap();
    assert!(last.ends_with("<i>data may be stale</i>"));
    app.stop().await;
}

#[tokio::test]
async fn stored_rating_is_marked_on_the_card() {
    let app = spawn_app().await;
    app.script.ratings.lock().unwrap().insert(
        ("telegram:42".into(), 949),
        moviebot_protocol::Stars::new(4.0).unwrap(),
    );
    app.fake.push(dm(1, 42, "/movie Heat"));
    let effects = app.fake.wait_effects(1).await;
    let rows = labels(&effects[0].params["reply_markup"]);
    assert_eq!(rows[0], ["★1", "★2", "★3", "★4 ✓", "★5"]);
    let _: &Value = &effects[0].params;
    app.stop().await;
}

#[tokio::test]
async fn after_a_restart_the_core_spots_the_redelivery_and_nothing_is_sent() {
    let app = spawn_app().await;
    let update = dm(9, 42, "hello");
    app.fake.push(update.clone());
    app.fake.wait_effects(1).await;
    // A fresh adapter (its memory of ids lost, as after a crash) gets the update again: the
    // core answers `Reply::duplicate` and the adapter sends nothing at all.
    let restarted =
        moviebot_telegram::Telegram::new(settings(&app.fake.url), app.script.clone()).unwrap();
    restarted
        .handle_update(serde_json::from_str(&update.to_string()).unwrap())
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert_eq!(app.fake.effects().len(), 1);
    let events = app.script.events();
    assert_eq!(events.len(), 2);
    assert_eq!(events[1].event_id.as_deref(), Some("u:9"));
    app.stop().await;
}
