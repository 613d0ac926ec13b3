//! Discord with TMDb live, through the real adapter and wiring (interactions mode): a film of
//! this year that only TMDb knows is found by `/movie`, shown with its poster, rated with its
//! button, listed by `/profile` and shapes `/recommend`; a slow TMDb is deferred, then the
//! answer edited in. Prints a transcript of the interaction responses.

use std::time::Duration;

use moviebot_protocol::Action;
use serde_json::{Value, json};

use super::support::discord::*;
use super::support::discord_app::{App, app_with, film_ids, title_option};
use super::support::fake_tmdb::{self as fake, FakeTmdb, NEON_HARBOR, SALTWIND};
use super::with_live_tmdb;

/// Discord in interactions mode on the fake TMDb, REST (deferred edits) to a fake Discord.
async fn discord_live(fake: &FakeTmdb, rest: &str) -> App {
    let app = app_with(|app| with_live_tmdb(app.discord_rest(rest), fake)).await;
    let films = app.core.films();
    films.refresh_images().await;
    // As `moviebot run` does at start: the most popular catalog films get their posters.
    films.prefetch_posters(1000, std::future::pending()).await;
    app
}

/// One line per embed of a response: its title and its poster (image or thumbnail).
fn transcript(label: &str, response: &Value) {
    eprintln!("discord {label}: type {}", response["type"]);
    let data = if response["data"].is_object() {
        &response["data"]
    } else {
        response
    };
    if let Some(content) = data["content"].as_str().filter(|c| !c.is_empty()) {
        eprintln!("  content: {content}");
    }
    for e in data["embeds"].as_array().into_iter().flatten() {
        let poster = e["image"]["url"]
            .as_str()
            .or(e["thumbnail"]["url"].as_str())
            .unwrap_or("(no poster)");
        eprintln!(
            "  embed: {} | poster {poster}",
            e["title"].as_str().unwrap_or("")
        );
    }
}

/// Every embed of a response has a poster (image or thumbnail).
fn every_embed_has_a_poster(response: &Value) {
    let embeds = response["data"]["embeds"].as_array().unwrap();
    assert!(!embeds.is_empty(), "{response:#}");
    for e in embeds {
        let url = e["image"]["url"]
            .as_str()
            .or(e["thumbnail"]["url"].as_str());
        assert!(
            url.is_some_and(|u| u.starts_with("https://img.example.test/t/p/w500/")),
            "{e:#}"
        );
    }
}

/// The custom_id of the button rating `film` with `stars`.
fn rate_button(response: &Value, film: i64, stars: f32) -> String {
    components(response)
        .iter()
        .filter_map(|c| c["custom_id"].as_str())
        .find(|id| {
            matches!(Action::decode(id), Ok(Action::Rate { movie, stars: s })
                if movie == film && s.get() == stars)
        })
        .unwrap_or_else(|| panic!("no {stars}★ button for {film} in {response:#}"))
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_film_only_tmdb_knows_is_found_rated_and_counts_on_discord() {
    let fake = FakeTmdb::start().await;
    let rest = FakeRest::start(Vec::new()).await;
    let app = discord_live(&fake, &rest.base).await;
    let before = app
        .ok(&command(
            "3000000000000000001",
            ADA,
            "recommend",
            json!([]),
            false,
        ))
        .await;

    let card = app
        .ok(&command(
            "3000000000000000002",
            ADA,
            "movie",
            json!([title_option("Neon Harbor")]),
            false,
        ))
        .await;
    transcript("/movie title:Neon Harbor", &card);
    let embed = &card["data"]["embeds"][0];
    let year = fake::this_year();
    assert_eq!(embed["title"], format!("Neon Harbor ({year})"), "{card:#}");
    every_embed_has_a_poster(&card);

    let press = rate_button(&card, NEON_HARBOR, 4.0);
    let components = card["data"]["components"].clone();
    let rated = app
        .ok(&click(
            "3000000000000000003",
            ADA,
            &press,
            components,
            ADA,
            0,
        ))
        .await;
    transcript("press 4★", &rated);
    assert_eq!(app.ratings(ADA).await, [(NEON_HARBOR, 4.0)]);

    let profile = app
        .ok(&command(
            "3000000000000000004",
            ADA,
            "profile",
            json!([]),
            false,
        ))
        .await;
    transcript("/profile", &profile);
    assert!(
        profile.to_string().contains("Neon Harbor 4★"),
        "{profile:#}"
    );

    let after = app
        .ok(&command(
            "3000000000000000005",
            ADA,
            "recommend",
            json!([]),
            false,
        ))
        .await;
    transcript("/recommend after the rating", &after);
    assert_ne!(
        film_ids(&after),
        film_ids(&before),
        "the rating moved the picks"
    );
    every_embed_has_a_poster(&after);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_tmdb_is_deferred_then_the_answer_edited_in() {
    let fake = FakeTmdb::start().await;
    let rest = FakeRest::start(Vec::new()).await;
    let app = discord_live(&fake, &rest.base).await;
    // Longer than the adapter's 2.5 s before it defers; shorter than the turn's deadline.
    fake.set_delay_for("/search/movie", Duration::from_millis(3500));
    let deferred = app
        .ok(&command(
            "3000000000000000011",
            BOB,
            "movie",
            json!([title_option("Saltwind")]),
            false,
        ))
        .await;
    assert_eq!(deferred, json!({"type": 5}), "deferred in time");
    let mut edit = None;
    for _ in 0..400 {
        edit = (rest.requests().into_iter())
            .find(|r| r.method == "PATCH" && r.path.ends_with("/messages/@original"));
        if edit.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let Recorded { path, body, .. } = edit.expect("the deferred answer was edited in");
    assert!(path.contains(&format!("/webhooks/{APP_ID}/")), "{path}");
    transcript("deferred /movie title:Saltwind, edited", &body);
    assert!(
        body["embeds"][0]["title"]
            .as_str()
            .is_some_and(|t| t.starts_with("Saltwind")),
        "{body:#}"
    );
    let id = film_ids(&json!({"data": body}));
    assert_eq!(id, [SALTWIND]);
}
