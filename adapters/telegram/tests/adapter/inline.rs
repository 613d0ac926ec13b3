//! Inline mode: photo and article results with the card keyboard, cached briefly; presses
//! on inline messages redraw through inline_message_id.

use super::support::*;

#[tokio::test]
async fn inline_query_answers_with_photo_and_article_results() {
    let app = spawn_app().await;
    app.fake
        .push(inline_query(1, "iq-1", user(42, "Ada"), "the"));
    let effects = app.fake.wait_effects(1).await;
    let call = &effects[0];
    assert_eq!(call.method, "answerInlineQuery");
    assert!(call.ok, "{call:#?}");
    assert_eq!(call.params["cache_time"], 30);
    let results = call.params["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["type"], "article"); // The Matrix has no poster
    assert_eq!(results[0]["title"], "The Matrix (1999)");
    assert_eq!(
        labels(&results[0]["reply_markup"])[0],
        ["★1", "★2", "★3", "★4", "★5"]
    );

    app.fake
        .push(inline_query(2, "iq-2", user(42, "Ada"), "Heat"));
    let effects = app.fake.wait_effects(2).await;
    let r = &effects[1].params["results"][0];
    assert_eq!(r["type"], "photo");
    assert_eq!(r["photo_url"], "https://image.tmdb.org/t/p/w500/949.jpg");
    assert!(r["caption"].as_str().unwrap().starts_with("<b>Heat</b>"));
    app.stop().await;
}

#[tokio::test]
async fn inline_answers_are_cached_per_user_and_query() {
    let app = spawn_app().await;
    app.fake
        .push(inline_query(1, "iq-1", user(42, "Ada"), "heat"));
    app.fake
        .push(inline_query(2, "iq-2", user(42, "Ada"), "Heat "));
    app.fake
        .push(inline_query(3, "iq-3", user(43, "Bea"), "heat"));
    app.fake.wait_effects(3).await;
    let searches = app.script.events().len();
    assert_eq!(searches, 2, "Ada's second query came from the cache");
    app.stop().await;
}

#[tokio::test]
async fn rating_an_inline_message_redraws_its_keyboard() {
    let app = spawn_app().await;
    app.fake.push(inline_callback(
        1,
        "cq-in",
        user(42, "Ada"),
        "inl-1",
        "mb1:r:949:30",
    ));
    let effects = app.fake.wait_effects(2).await;
    assert_eq!(effects[0].params["text"], "Rated Heat 3★");
    assert_eq!(effects[1].method, "editMessageReplyMarkup");
    assert_eq!(effects[1].params["inline_message_id"], "inl-1");
    assert_eq!(
        labels(&effects[1].params["reply_markup"])[0],
        ["★1", "★2", "★3 ✓", "★4", "★5"]
    );
    app.stop().await;
}
