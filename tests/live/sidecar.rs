//! The REST API with TMDb live: any film by id, search merged with TMDb, posters everywhere.

use axum::Router;
use serde_json::{Value, json};

use super::support::fake_tmdb::{self as fake, Fault, NEON_HARBOR, THE_GLASS_ORCHARD};
use super::support::http;
use super::*;

async fn call(router: &Router, method: &str, uri: &str, body: Option<Value>) -> (u16, Value) {
    let body = body.map(|b| b.to_string());
    let req = http::request(method, uri, body.as_deref(), None);
    let (status, body) = http::send(router.clone(), req).await;
    (status.as_u16(), body)
}

fn movie_ids(v: &Value) -> Vec<i64> {
    v["movies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn any_tmdb_film_answers_by_id_and_every_movie_carries_a_poster() {
    let live = live().await;
    let api = live.app.router();

    let (status, v) = call(
        &api,
        "GET",
        &format!("/api/movie/{THE_GLASS_ORCHARD}"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["title"], "The Glass Orchard");
    assert_eq!(v["year"], fake::this_year());
    assert_eq!(v["director"], "Ines Marlow");
    assert_eq!(v["tmdb_id"], THE_GLASS_ORCHARD);
    assert_eq!(
        v["poster_url"],
        format!("{POSTER_BASE}/poster{THE_GLASS_ORCHARD}.jpg")
    );
    assert!(v["overview"].as_str().unwrap().contains("orchard"), "{v}");

    live.fake.fail_next(1, Fault::NotFound);
    let (status, v) = call(&api, "GET", "/api/movie/888888", None).await;
    assert_eq!(status, 404, "{v}");

    // Rating it by id works at once, and the user's profile lists it.
    let user = live.store.create_user("ann").await.unwrap().id.0;
    let rate = json!({"user_id": user, "movie_id": THE_GLASS_ORCHARD, "rating": 4.5});
    let (status, v) = call(&api, "POST", "/api/rate", Some(rate)).await;
    assert_eq!(status, 200, "{v}");
    let (_, v) = call(&api, "GET", &format!("/api/user/{user}"), None).await;
    assert!(v.to_string().contains("The Glass Orchard"), "{v}");

    let (status, v) = call(&api, "GET", "/api/search?query=neon", None).await;
    assert_eq!(status, 200, "{v}");
    assert!(movie_ids(&v).contains(&NEON_HARBOR), "{v}");

    let (status, v) = call(&api, "GET", "/api/trending?time_window=week", None).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["source"], "tmdb");
    let trending = v["movies"].as_array().unwrap();
    assert!(!trending.is_empty());
    for m in trending {
        assert!(m["poster_url"].as_str().is_some(), "{m}");
    }
}
