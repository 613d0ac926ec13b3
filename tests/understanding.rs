//! Chat understanding, level two (#16), end to end on the chat core and the embedded catalog
//! (no network, no key): the answers obey runtime, language, certification, score and
//! exclusion constraints; follow-ups refine the last request; "number 2" and "the last one"
//! point into the last list; opinions are ratings with an undo; a page holds one film per
//! collection unless the whole series is asked for; and `/api/chat` returns every filter.
//! Discord, Telegram and the terminal have their own checks in `discord.rs`, `telegram.rs`
//! and `chat.rs`.

mod support;

use std::sync::Arc;

use axum::body::Body;
use axum::http::Request;
use moviebot::chat::ChatCore;
use moviebot::store::MovieRecord;
use moviebot_protocol::{Action, PublicMovieId, Reply};
use serde_json::{Value, json};
use support::app::TestApp;
use support::chat::*;

/// Generous chat limits: a test says many things in a row, paging included.
const LIMITS: &str = "[limits]\nchat_per_minute = 100000\nchat_burst = 100000";

async fn core() -> (Arc<ChatCore>, TestApp) {
    let app = TestApp::builder().toml(LIMITS).build().await;
    (app.core.clone(), app)
}

/// The stored film behind a card.
fn film(core: &ChatCore, id: i64) -> Arc<MovieRecord> {
    core.library()
        .by_public(PublicMovieId(id))
        .cloned()
        .unwrap_or_else(|| panic!("film {id} is in the library"))
}

/// Every film of a list, following its "Next" button to the end.
async fn every_page(
    core: &ChatCore,
    me: &moviebot_protocol::PlatformUser,
    first: Reply,
) -> Vec<i64> {
    let mut all = ids(&first);
    let mut reply = first;
    for _ in 0..40 {
        let Some(next) = reply
            .actions
            .iter()
            .find(|a| matches!(a, Action::NextPage { .. }))
            .cloned()
        else {
            return all;
        };
        reply = press(core, me, next).await;
        all.extend(ids(&reply));
    }
    panic!("more than 40 pages");
}

fn has_person(m: &MovieRecord, name: &str) -> bool {
    m.movie.cast.iter().any(|c| c == name) || m.movie.director.as_deref() == Some(name)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_obeys_the_constraints_it_was_given() {
    let (core, _app) = core().await;
    let me = user("constraints");

    // Exclusions: with the person, then without; the whole list, not just a page.
    let with = every_page(&core, &me, say(&core, &me, "comedies from the 90s").await).await;
    assert!(
        with.iter()
            .any(|id| has_person(&film(&core, *id), "Jim Carrey")),
        "90s comedies include Jim Carrey's: {with:?}"
    );
    let r = say(&core, &me, "90s comedies without Jim Carrey").await;
    assert!(r.text.contains("without Jim Carrey"), "{}", r.text);
    let without = every_page(&core, &me, r).await;
    assert!(!without.is_empty());
    for id in &without {
        let m = film(&core, *id);
        assert!(!has_person(&m, "Jim Carrey"), "{}", m.movie.title);
        assert!(
            m.movie.genres.iter().any(|g| g == "Comedy"),
            "{}",
            m.movie.title
        );
        assert!(
            (1990..=1999).contains(&m.movie.year.unwrap()),
            "{}",
            m.movie.title
        );
    }

    let r = say(&core, &me, "action films but no science fiction").await;
    assert!(!r.cards.is_empty(), "{r:?}");
    for id in every_page(&core, &me, r).await {
        let m = film(&core, id);
        assert!(
            !m.movie.genres.iter().any(|g| g == "Science Fiction"),
            "{} {:?}",
            m.movie.title,
            m.movie.genres
        );
    }

    let r = say(&core, &me, "sci-fi movies but not Interstellar").await;
    let all = every_page(&core, &me, r).await;
    assert!(!all.is_empty());
    assert!(
        all.iter()
            .all(|id| film(&core, *id).movie.title != "Interstellar"),
        "{all:?}"
    );

    // Runtime.
    let r = say(&core, &me, "dramas under 100 minutes").await;
    assert!(!r.cards.is_empty(), "{r:?}");
    for id in every_page(&core, &me, r).await {
        let m = film(&core, id);
        assert!(
            m.movie.runtime.is_some_and(|r| r <= 100),
            "{} {:?}",
            m.movie.title,
            m.movie.runtime
        );
    }
    let r = say(&core, &me, "an epic war film").await;
    assert!(!r.cards.is_empty(), "{r:?}");
    for c in &r.cards {
        let m = film(&core, c.id.get());
        assert!(
            m.movie.runtime.is_some_and(|r| r >= 140),
            "{} {:?}",
            m.movie.title,
            m.movie.runtime
        );
    }

    // Original language.
    for (asked, code) in [
        ("danish films", "da"),
        ("a Korean thriller", "ko"),
        ("anime", "ja"),
    ] {
        let r = say(&core, &me, asked).await;
        assert!(!r.cards.is_empty(), "{asked}: {r:?}");
        for c in &r.cards {
            let m = film(&core, c.id.get());
            assert_eq!(
                m.movie.original_language.as_deref(),
                Some(code),
                "{asked}: {}",
                m.movie.title
            );
            if asked == "anime" {
                assert!(
                    m.movie.genres.iter().any(|g| g == "Animation"),
                    "{}",
                    m.movie.title
                );
            }
        }
    }

    // Certification: within the limit, and the reply says what that leaves out.
    let r = say(&core, &me, "adventure films suitable for a 10-year-old").await;
    assert!(!r.cards.is_empty(), "{r:?}");
    assert!(
        r.notice
            .as_deref()
            .is_some_and(|n| n.contains("without a known US rating")),
        "{r:?}"
    );
    for id in every_page(&core, &me, r).await {
        let m = film(&core, id);
        assert!(
            matches!(m.movie.certification.as_deref(), Some("G" | "PG")),
            "{} {:?}",
            m.movie.title,
            m.movie.certification
        );
    }
    let r = say(&core, &me, "thrillers, nothing above PG-13").await;
    for id in every_page(&core, &me, r).await {
        let m = film(&core, id);
        assert!(
            matches!(m.movie.certification.as_deref(), Some("G" | "PG" | "PG-13")),
            "{} {:?}",
            m.movie.title,
            m.movie.certification
        );
    }

    // Quality.
    let r = say(&core, &me, "top rated crime films").await;
    assert!(!r.cards.is_empty(), "{r:?}");
    for c in &r.cards {
        let m = film(&core, c.id.get());
        assert!(
            m.movie.vote_average.is_some_and(|v| v >= 7.5),
            "{} {:?}",
            m.movie.title,
            m.movie.vote_average
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_ups_refine_the_last_request_and_keep_the_rest() {
    let (core, _app) = core().await;
    let me = user("follow");
    let r = say(&core, &me, "comedies").await;
    assert!(!r.cards.is_empty());

    let r = say(&core, &me, "what about the 90s?").await;
    assert!(!r.cards.is_empty(), "{r:?}");
    for c in &r.cards {
        let m = film(&core, c.id.get());
        assert!(
            m.movie.genres.iter().any(|g| g == "Comedy"),
            "still comedies: {}",
            m.movie.title
        );
        assert!(
            (1990..=1999).contains(&m.movie.year.unwrap()),
            "{}",
            m.movie.title
        );
    }

    let r = say(&core, &me, "without Jim Carrey").await;
    let all = every_page(&core, &me, r).await;
    assert!(!all.is_empty());
    for id in &all {
        let m = film(&core, *id);
        assert!(!has_person(&m, "Jim Carrey"), "{}", m.movie.title);
        assert!(
            m.movie.genres.iter().any(|g| g == "Comedy"),
            "{}",
            m.movie.title
        );
        assert!(
            (1990..=1999).contains(&m.movie.year.unwrap()),
            "{}",
            m.movie.title
        );
    }

    let r = say(&core, &me, "something newer").await;
    assert!(!r.cards.is_empty(), "{r:?}");
    for c in &r.cards {
        let m = film(&core, c.id.get());
        assert!(
            m.movie.year.unwrap() >= 2000,
            "newer than the 90s: {}",
            m.movie.title
        );
        assert!(
            m.movie.genres.iter().any(|g| g == "Comedy"),
            "{}",
            m.movie.title
        );
    }

    let r = say(&core, &me, "only ones under 2 hours").await;
    assert!(!r.cards.is_empty(), "{r:?}");
    for c in &r.cards {
        let m = film(&core, c.id.get());
        assert!(
            m.movie.runtime.is_some_and(|r| r <= 120),
            "{}",
            m.movie.title
        );
        assert!(m.movie.year.unwrap() >= 2000, "{}", m.movie.title);
        assert!(!has_person(&m, "Jim Carrey"), "{}", m.movie.title);
    }

    let r = say(&core, &me, "make it scarier").await;
    assert!(!r.cards.is_empty(), "{r:?}");
    for c in &r.cards {
        let m = film(&core, c.id.get());
        assert!(
            m.movie.runtime.is_some_and(|r| r <= 120),
            "{}",
            m.movie.title
        );
    }

    // A new, complete request starts afresh.
    let r = say(&core, &me, "westerns from the 60s").await;
    for c in &r.cards {
        let m = film(&core, c.id.get());
        assert!(
            m.movie.genres.iter().any(|g| g == "Western"),
            "{}",
            m.movie.title
        );
        assert!(
            (1960..=1969).contains(&m.movie.year.unwrap()),
            "{}",
            m.movie.title
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn numbers_and_the_last_one_point_into_the_last_list() {
    let (core, app) = core().await;
    let me = user("ordinal");
    let list = say(&core, &me, "90s action movies").await;
    let shown = ids(&list);
    assert_eq!(shown.len(), 5, "{list:?}");

    let r = say(&core, &me, "rate number 2 five stars").await;
    assert!(r.text.starts_with("Saved:"), "{}", r.text);
    let r = say(&core, &me, "give the last one 3").await;
    assert!(r.text.starts_with("Saved:"), "{}", r.text);
    let mut stored = support::ratings_named(&app.store, "telegram:ordinal").await;
    stored.sort_by_key(|r| r.0);
    let mut expected = vec![(shown[1], 5.0), (shown[4], 3.0)];
    expected.sort_by_key(|r| r.0);
    assert_eq!(stored, expected);

    let r = say(&core, &me, "tell me about the fourth").await;
    assert_eq!(ids(&r), vec![shown[3]], "{r:?}");
    // "it" is now the fourth; the list is still the one shown.
    say(&core, &me, "rate it 4 stars").await;
    let stored = support::ratings_named(&app.store, "telegram:ordinal").await;
    assert!(stored.contains(&(shown[3], 4.0)), "{stored:?}");
    let r = say(&core, &me, "more like the first").await;
    let first = film(&core, shown[0]);
    assert!(r.text.contains(&first.movie.title), "{}", r.text);
    assert!(!ids(&r).contains(&shown[0]));

    // With no list to point into, the bot asks instead of guessing.
    let stranger = user("ordinal-stranger");
    let r = say(&core, &stranger, "rate number 2 five stars").await;
    assert!(r.cards.is_empty());
    assert!(r.text.contains("Which film"), "{}", r.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_opinion_is_stored_as_a_rating_with_an_undo() {
    let (core, app) = core().await;
    let me = user("opinion");
    let name = "telegram:opinion";
    let titanic = core
        .library()
        .find("Titanic")
        .unwrap()
        .0
        .movie
        .tmdb_id
        .unwrap();

    let r = say(&core, &me, "Titanic was awful").await;
    assert!(
        r.text.contains("Titanic") && r.text.contains("1★"),
        "{}",
        r.text
    );
    assert_eq!(
        support::ratings_named(&app.store, name).await,
        [(titanic, 1.0)]
    );
    let undo = r
        .actions
        .iter()
        .find(|a| matches!(a, Action::UndoRating { .. }))
        .cloned()
        .unwrap_or_else(|| panic!("an undo button: {r:?}"));
    let r = press(&core, &me, undo).await;
    assert!(r.text.starts_with("Undone"), "{}", r.text);
    assert!(support::ratings_named(&app.store, name).await.is_empty());

    // Over an earlier rating, the undo goes back to it.
    say(&core, &me, "I'd give Titanic 4 stars").await;
    let r = say(&core, &me, "Titanic was disappointing").await;
    assert_eq!(
        support::ratings_named(&app.store, name).await,
        [(titanic, 2.0)]
    );
    let undo = r
        .actions
        .iter()
        .find(|a| matches!(a, Action::UndoRating { .. }))
        .cloned()
        .unwrap();
    press(&core, &me, undo).await;
    assert_eq!(
        support::ratings_named(&app.store, name).await,
        [(titanic, 4.0)]
    );

    let r = say(&core, &me, "I really enjoyed Amélie").await;
    assert!(r.text.contains("4★"), "{}", r.text);
    let r = say(&core, &me, "best film I've seen this year: Dune").await;
    assert!(r.text.contains("5★"), "{}", r.text);
    assert_eq!(support::ratings_named(&app.store, name).await.len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_holds_one_film_per_collection_unless_the_series_is_asked_for() {
    let (core, _app) = core().await;
    let me = user("variety");
    // A taste that would fill a page with one franchise.
    for t in ["Alien", "Aliens", "The Terminator", "Star Wars"] {
        say(&core, &me, &format!("I'd give {t} 5 stars")).await;
    }
    let r = say(&core, &me, "sci-fi films").await;
    let all = every_page(&core, &me, r).await;
    assert!(all.len() > 10);
    for page in all.chunks(5) {
        let mut seen: Vec<String> = Vec::new();
        for id in page {
            if let Some(c) = film(&core, *id).movie.collection.clone() {
                assert!(!seen.contains(&c), "two films of {c} on one page: {page:?}");
                seen.push(c);
            }
        }
    }

    let r = say(&core, &me, "all the Alien films").await;
    let series = every_page(&core, &me, r).await;
    let films: Vec<_> = series.iter().map(|id| film(&core, *id)).collect();
    assert!(films.len() >= 4, "{series:?}");
    let key = films[0]
        .movie
        .collection
        .clone()
        .expect("Alien has a collection");
    assert!(
        films
            .iter()
            .all(|m| m.movie.collection.as_ref() == Some(&key))
    );
    let years: Vec<i32> = films.iter().map(|m| m.movie.year.unwrap()).collect();
    assert!(
        years.windows(2).all(|w| w[0] <= w[1]),
        "in release order: {years:?}"
    );
}

/// `POST /api/chat` as a front end sees it.
async fn api_chat(app: &TestApp, user: i64, message: &str) -> Value {
    let body = json!({"user_id": user, "message": message}).to_string();
    let req = Request::post("/api/chat")
        .header("content-type", "application/json")
        .body(Body::from(body))
        .unwrap();
    let (status, body) = app.call(req).await;
    assert_eq!(status.as_u16(), 200, "{body}");
    body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_returns_every_filter_and_a_chat_rating_shows_at_once() {
    let app = TestApp::builder().toml(LIMITS).build().await;
    let req = Request::post("/api/user")
        .header("content-type", "application/json")
        .body(Body::from(
            json!({"username": "api-understanding"}).to_string(),
        ))
        .unwrap();
    let (status, created) = app.call(req).await;
    assert!(status.is_success(), "{created}");
    let id = created["user_id"].as_i64().unwrap();

    let body = api_chat(
        &app,
        id,
        "danish dramas under 2 hours without Mads Mikkelsen, nothing above PG-13, top rated",
    )
    .await;
    let f = &body["filters"];
    for field in [
        "runtime_min",
        "runtime_max",
        "languages",
        "exclude_genres",
        "exclude_people",
        "exclude_titles",
        "certification_max",
        "min_vote",
    ] {
        assert!(f.get(field).is_some(), "{field} missing: {f}");
    }
    assert_eq!(f["runtime_max"], 120, "{f}");
    assert_eq!(f["languages"], json!(["da"]), "{f}");
    assert_eq!(f["exclude_people"], json!(["Mads Mikkelsen"]), "{f}");
    assert_eq!(f["certification_max"], "PG-13", "{f}");
    assert!(f["min_vote"].as_f64().is_some(), "{f}");

    // A follow-up's filters are the refined request's.
    let body = api_chat(&app, id, "what about the 90s?").await;
    let f = &body["filters"];
    assert_eq!(
        (f["year_from"].clone(), f["year_to"].clone()),
        (json!(1990), json!(1999)),
        "{f}"
    );
    assert_eq!(f["languages"], json!(["da"]), "kept: {f}");
    assert_eq!(f["exclude_people"], json!(["Mads Mikkelsen"]), "kept: {f}");

    api_chat(&app, id, "Titanic was awful").await;
    let req = Request::get(format!("/api/user/{id}"))
        .body(Body::empty())
        .unwrap();
    let (status, profile) = app.call(req).await;
    assert_eq!(status.as_u16(), 200);
    let ratings = profile["recent_ratings"].as_array().unwrap();
    assert!(
        ratings
            .iter()
            .any(|r| r["title"] == "Titanic" && r["rating"] == 1.0),
        "{profile}"
    );
}
