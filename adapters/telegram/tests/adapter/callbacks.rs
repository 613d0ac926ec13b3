//! Button presses: always answered, ratings redraw the keyboard, the clicker is the user,
//! repeats are dropped.

use moviebot_protocol::{Action, Incoming, PublicMovieId, Stars};
use serde_json::Value;

use super::support::*;

/// Sends /movie in Ada's chat and returns the card message the bot sent.
async fn heat_card(app: &TestApp) -> Value {
    app.fake.push(dm(1, 42, "/movie Heat"));
    app.fake.wait_effects(1).await;
    app.fake.clear_calls();
    app.fake.last_message(42)
}

#[tokio::test]
async fn rating_button_answers_with_a_toast_and_marks_the_stored_rating() {
    let app = spawn_app().await;
    let card = heat_card(&app).await;
    let data = button_data(&card["reply_markup"], "★4");
    app.fake
        .push(callback(2, "cq-1", user(77, "Bea"), card.clone(), &data));
    let effects = app.fake.wait_effects(2).await;
    let methods: Vec<&str> = effects.iter().map(|c| c.method.as_str()).collect();
    assert_eq!(methods, ["answerCallbackQuery", "editMessageReplyMarkup"]);
    assert_eq!(effects[0].params["callback_query_id"], "cq-1");
    assert_eq!(effects[0].params["text"], "Rated Heat 4★");
    assert_eq!(
        labels(&effects[1].params["reply_markup"])[0],
        ["★1", "★2", "★3", "★4 ✓", "★5"]
    );
    assert_eq!(effects[1].params["message_id"], card["message_id"]);
    // Stored for the clicker (Bea, 77), not for the author of the message.
    assert_eq!(app.script.rating("telegram:77", 949), Stars::new(4.0));
    assert_eq!(app.script.rating("telegram:42", 949), None);
    let e = app.script.events().pop().unwrap();
    assert_eq!(e.event_id.as_deref(), Some("cq:cq-1"));
    assert_eq!(
        e.incoming,
        Incoming::Action(Action::Rate {
            movie: PublicMovieId(949),
            stars: Stars::new(4.0).unwrap()
        })
    );

    // Pressing the marked star takes the rating back and unmarks it.
    app.fake.clear_calls();
    let card = app.fake.message(42, card["message_id"].as_i64().unwrap());
    let data = button_data(&card["reply_markup"], "★4 ✓");
    app.fake
        .push(callback(3, "cq-2", user(77, "Bea"), card, &data));
    let effects = app.fake.wait_effects(2).await;
    assert_eq!(effects[0].params["text"], "Removed your rating of Heat.");
    assert_eq!(
        labels(&effects[1].params["reply_markup"])[0],
        ["★1", "★2", "★3", "★4", "★5"]
    );
    assert_eq!(app.script.rating("telegram:77", 949), None);
    app.stop().await;
}

#[tokio::test]
async fn other_buttons_answer_and_reply_with_new_messages() {
    let app = spawn_app().await;
    let card = heat_card(&app).await;
    let data = button_data(&card["reply_markup"], "More like this");
    app.fake
        .push(callback(2, "cq-more", user(42, "Ada"), card.clone(), &data));
    let effects = app.fake.wait_effects(3).await;
    let methods: Vec<&str> = effects.iter().map(|c| c.method.as_str()).collect();
    assert_eq!(methods, ["answerCallbackQuery", "sendMessage", "sendPhoto"]);
    assert_eq!(effects[0].params["text"], "More like this");
    assert_eq!(effects[1].params["text"], "Films like Heat:");

    // An ephemeral one-liner is a toast only.
    app.fake.clear_calls();
    let data = button_data(&card["reply_markup"], "+ Watchlist");
    app.fake
        .push(callback(3, "cq-watch", user(42, "Ada"), card, &data));
    let effects = app.fake.wait_effects(1).await;
    assert_eq!(effects.len(), 1, "{effects:#?}");
    assert_eq!(effects[0].params["text"], "Added Heat to your watchlist.");
    app.stop().await;
}

#[tokio::test]
async fn a_redelivered_press_has_one_effect_and_one_answer() {
    let app = spawn_app().await;
    let card = heat_card(&app).await;
    let data = button_data(&card["reply_markup"], "★5");
    // Same callback query id in two updates (Telegram retrying), then the first update again.
    let press = callback(2, "cq-dup", user(42, "Ada"), card.clone(), &data);
    app.fake.push(press.clone());
    app.fake
        .push(callback(3, "cq-dup", user(42, "Ada"), card, &data));
    app.fake.wait_effects(2).await;
    app.telegram
        .handle_update(serde_json::from_str(&press.to_string()).unwrap())
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert_eq!(app.fake.calls_to("answerCallbackQuery").len(), 1);
    assert_eq!(app.fake.calls_to("editMessageReplyMarkup").len(), 1);
    assert_eq!(
        app.script.events().len(),
        2,
        "/movie and one press reached the core"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_foreign_button_is_still_answered() {
    let app = spawn_app().await;
    let card = heat_card(&app).await;
    app.fake.push(callback(
        2,
        "cq-bad",
        user(42, "Ada"),
        card,
        "not-an-action",
    ));
    let effects = app.fake.wait_effects(1).await;
    assert_eq!(effects[0].method, "answerCallbackQuery");
    assert_eq!(effects[0].params["text"], "That button no longer works.");
    assert_eq!(app.script.events().len(), 1, "only /movie reached the core");
    app.stop().await;
}

#[tokio::test]
async fn forget_me_confirmation_loses_its_buttons_once_answered() {
    let app = spawn_app().await;
    app.fake.push(dm(1, 42, "/forgetme"));
    let sent = app.fake.wait_effects(1).await;
    assert_eq!(
        labels(&sent[0].params["reply_markup"]),
        [["Yes, forget me", "Cancel"]]
    );
    let msg = app.fake.last_message(42);
    app.fake.clear_calls();
    let data = button_data(&msg["reply_markup"], "Yes, forget me");
    app.fake
        .push(callback(2, "cq-forget", user(42, "Ada"), msg, &data));
    let effects = app.fake.wait_effects(2).await;
    assert_eq!(
        effects[0].params["text"],
        "Done — I've forgotten everything about you."
    );
    assert_eq!(effects[1].method, "editMessageReplyMarkup");
    assert_eq!(
        effects[1].params["reply_markup"]["inline_keyboard"],
        serde_json::json!([])
    );
    app.stop().await;
}
