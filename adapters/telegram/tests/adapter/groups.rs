//! Group chats: only commands, mentions and replies to the bot; reply-ratings per member;
//! the conversation is the group.

use moviebot_protocol::{Action, Command, ConversationKind, Incoming, PublicMovieId, Stars};

use super::support::*;

const GROUP: i64 = -100_123;

fn in_group(update_id: i64, from: i64, name: &str, text: &str) -> serde_json::Value {
    message_update(
        update_id,
        message(update_id + 500, group_chat(GROUP), user(from, name), text),
    )
}

#[tokio::test]
async fn group_messages_not_addressed_to_the_bot_are_ignored() {
    let app = spawn_app().await;
    app.fake.push(in_group(1, 42, "Ada", "anyone seen Heat?"));
    app.fake
        .push(in_group(2, 43, "Bea", "/rate@OtherBot Heat 5"));
    app.fake
        .push(in_group(3, 43, "Bea", "@MovieBot something scary"));
    app.fake.wait_effects(1).await;
    let events = app.script.events();
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].incoming, Incoming::Text("something scary".into()));
    assert_eq!(events[0].conversation.kind, ConversationKind::Group);
    assert_eq!(events[0].conversation.id, GROUP.to_string());
    assert_eq!(events[0].user.id, "43");
    // The answer replies to the message that asked.
    let sent = &app.fake.effects()[0];
    assert_eq!(sent.params["chat_id"], GROUP);
    assert_eq!(sent.params["reply_parameters"]["message_id"], 503);
    app.stop().await;
}

#[tokio::test]
async fn group_command_recommends_for_the_group() {
    let app = spawn_app().await;
    app.fake.push(in_group(1, 42, "Ada", "/group@MovieBot"));
    let effects = app.fake.wait_effects(2).await;
    assert_eq!(effects[0].params["text"], "Picks for everyone here:");
    let e = &app.script.events()[0];
    assert!(e.conversation.is_group());
    assert!(matches!(&e.incoming, Incoming::Command(Command::Group)));
    app.stop().await;
}

#[tokio::test]
async fn replying_to_a_card_with_a_rating_rates_it_for_that_member_only() {
    let app = spawn_app().await;
    app.fake.push(in_group(1, 42, "Ada", "/movie Heat"));
    app.fake.wait_effects(1).await;
    let card = app.fake.last_message(GROUP);
    app.fake.clear_calls();

    // Bea replies "4.5 stars" to the bot's card; Cy replies "★2"; Dee replies in words.
    for (uid, from, name, text) in [
        (2, 43, "Bea", "4.5 stars"),
        (3, 44, "Cy", "★2"),
        (4, 45, "Dee", "loved it"),
    ] {
        let mut m = message(uid + 500, group_chat(GROUP), user(from, name), text);
        m["reply_to_message"] = card.clone();
        app.fake.push(message_update(uid, m));
    }
    app.fake
        .wait_until(5, "three events", |_| app.script.events().len() == 4)
        .await;
    let effects = app.fake.wait_effects(3).await;
    assert_eq!(app.script.rating("telegram:43", 949), Stars::new(4.5));
    assert_eq!(app.script.rating("telegram:44", 949), Stars::new(2.0));
    assert_eq!(
        app.script.rating("telegram:42", 949),
        None,
        "the asker did not rate"
    );
    let events = app.script.events();
    assert_eq!(
        events[1].incoming,
        Incoming::Action(Action::Rate {
            movie: PublicMovieId(949),
            stars: Stars::new(4.5).unwrap()
        })
    );
    assert!(events[1].conversation.is_group());
    // A reply in words to the bot is still addressed to it: free text.
    assert_eq!(events[3].incoming, Incoming::Text("loved it".into()));
    // Confirmations are short texts replying to the rater, no second card.
    assert_eq!(effects[0].method, "sendMessage");
    assert_eq!(effects[0].params["text"], "Saved: Heat 4.5. Great taste.");
    assert_eq!(effects[0].params["reply_parameters"]["message_id"], 502);
    assert!(app.fake.calls_to("sendPhoto").is_empty());
    app.stop().await;
}
