//! Telegram with TMDb live, through the real adapter and wiring against the fake Bot API: a
//! film of this year that only TMDb knows is found in plain words, sent as a photo card,
//! rated with its ★ button, listed by /profile and shapes the next picks; inline mode finds
//! TMDb films with thumbnails. Prints a transcript of the Bot API calls.

use moviebot::platforms::Platforms;
use moviebot_telegram::fake_api::updates::{
    button_data, callback, dm, inline_query, user as tg_user,
};
use moviebot_telegram::fake_api::{Call, FakeApi};
use serde_json::Value;

use super::support::app::TestApp;
use super::support::fake_tmdb::{self as fake, FakeTmdb, NEON_HARBOR, SALTWIND};
use super::*;

const ADA: i64 = 42;

/// Handles `update` in process on the Telegram adapter, as polling or the webhook would, and
/// returns the Bot API calls it led to.
async fn handle(platforms: &Platforms, api: &FakeApi, update: Value) -> Vec<Call> {
    let before = api.effects().len();
    let telegram = platforms.telegram.as_ref().expect("Telegram is configured");
    telegram
        .handle_update(serde_json::from_str(&update.to_string()).unwrap())
        .await;
    api.effects()[before..].to_vec()
}

fn cards(calls: &[Call]) -> Vec<&Call> {
    calls
        .iter()
        .filter(|c| {
            matches!(c.method.as_str(), "sendMessage" | "sendPhoto")
                && c.params["reply_markup"].to_string().contains("★5")
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_film_only_tmdb_knows_is_found_rated_and_counts_on_telegram() {
    let tmdb = FakeTmdb::start().await;
    let api = FakeApi::start().await;
    let app = with_live_tmdb(TestApp::builder().telegram(&api.url), &tmdb)
        .build()
        .await;
    let (store, core, platforms) = (&app.store, &app.core, &app.platforms);
    core.films().refresh_images().await;
    // As `moviebot run` does at start: the most popular catalog films get their posters.
    core.films()
        .prefetch_posters(1000, std::future::pending())
        .await;
    let mut transcript = vec![String::new()];
    let mut log = |what: &str, calls: &[Call]| {
        transcript.push(format!("Ada: {what}"));
        transcript.extend(calls.iter().map(Call::transcript_line));
    };

    let before = handle(platforms, &api, dm(1, ADA, "recommend me something")).await;
    log("recommend me something", &before);
    let found = handle(platforms, &api, dm(2, ADA, "tell me about Neon Harbor")).await;
    log("tell me about Neon Harbor", &found);
    let card = cards(&found);
    assert_eq!(card.len(), 1, "{found:#?}");
    assert_eq!(card[0].method, "sendPhoto");
    assert_eq!(
        card[0].params["photo"],
        format!("{POSTER_BASE}/poster{NEON_HARBOR}.jpg")
    );
    let caption = card[0].params["caption"].as_str().unwrap();
    assert!(
        caption.contains(&format!("<b>Neon Harbor</b> ({})", fake::this_year())),
        "{caption}"
    );

    let message = api.last_message(ADA);
    let star5 = button_data(&message["reply_markup"], "★5");
    let pressed = handle(
        platforms,
        &api,
        callback(3, "cq-3", tg_user(ADA, "Ada"), message, &star5),
    )
    .await;
    log("presses ★5 under Neon Harbor", &pressed);
    let ratings = support::ratings_named(store, &format!("telegram:{ADA}")).await;
    assert_eq!(ratings, [(NEON_HARBOR, 5.0)]);

    let profile = handle(platforms, &api, dm(4, ADA, "/profile")).await;
    log("/profile", &profile);
    assert!(
        profile.iter().any(|c| c.params["text"]
            .as_str()
            .is_some_and(|t| t.contains("Neon Harbor 5★"))),
        "{profile:#?}"
    );

    let after = handle(platforms, &api, dm(5, ADA, "recommend me something")).await;
    log("recommend me something (again)", &after);
    let films = |calls: &[Call]| -> Vec<String> {
        cards(calls)
            .iter()
            .map(|c| c.params["caption"].to_string())
            .collect()
    };
    assert_ne!(films(&after), films(&before), "the rating moved the picks");

    let inline = handle(
        platforms,
        &api,
        inline_query(6, "iq-6", tg_user(ADA, "Ada"), "saltwind"),
    )
    .await;
    log("@bot saltwind (inline)", &inline);
    let answer = inline
        .iter()
        .find(|c| c.method == "answerInlineQuery")
        .expect("an inline answer");
    let first = &answer.params["results"][0];
    assert_eq!(first["type"], "photo", "{first:#}");
    assert_eq!(
        first["photo_url"],
        format!("{POSTER_BASE}/poster{SALTWIND}.jpg")
    );
    assert!(first["thumbnail_url"].as_str().is_some(), "{first:#}");

    // Every card in the conversation went out as a photo.
    for calls in [&before, &found, &after] {
        for c in cards(calls) {
            assert_eq!(c.method, "sendPhoto", "{c:#?}");
        }
    }
    eprintln!("{}", transcript.join("\n"));
}
