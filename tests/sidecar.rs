//! The REST sidecar end to end on the embedded catalog: every endpoint's success and error
//! answers, admin auth, the body limit, the per-client limit, "nothing written on a rejected
//! request", the OpenAPI document, metrics, and one real server on 127.0.0.1:0 with a real
//! HTTP client and a graceful shutdown. Everything else goes through `oneshot`.

mod support;

use std::net::SocketAddr;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use async_trait::async_trait;
use axum::Router;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::StatusCode;
use serde_json::{Value, json};

use moviebot::config::LimitsConfig;
use moviebot::sidecar::{self, LiveSource, ProviderList, TimeWindow};
use support::app::{TestApp, TestAppBuilder};
use support::http;

const TOKEN: &str = "test-admin-token-0123456789";
/// The Matrix in the embedded catalog (TMDb id).
const MATRIX: i64 = 603;

/// The app as `moviebot run` builds it (no platforms, no TMDb), with REST helpers.
struct App(TestApp);

impl Deref for App {
    type Target = TestApp;

    fn deref(&self) -> &TestApp {
        &self.0
    }
}

impl DerefMut for App {
    fn deref_mut(&mut self) -> &mut TestApp {
        &mut self.0
    }
}

impl App {
    /// One request through a fresh router; returns the status and the JSON body (or
    /// `Value::String` for non-JSON bodies, `Null` for empty ones).
    async fn call(
        &self,
        method: &str,
        uri: &str,
        body: Option<&str>,
        token: Option<&str>,
    ) -> (StatusCode, Value) {
        send(self.router(), method, uri, body, token).await
    }

    async fn get(&self, uri: &str) -> (StatusCode, Value) {
        self.call("GET", uri, None, None).await
    }

    async fn post(&self, uri: &str, body: &str) -> (StatusCode, Value) {
        self.call("POST", uri, Some(body), None).await
    }

    async fn new_user(&self, name: &str) -> i64 {
        self.store.create_user(name).await.unwrap().id.0
    }

    async fn ratings(&self) -> i64 {
        self.store.count_ratings().await.unwrap()
    }

    async fn users(&self) -> i64 {
        self.store.count_users().await.unwrap()
    }
}

async fn send(
    router: Router,
    method: &str,
    uri: &str,
    body: Option<&str>,
    token: Option<&str>,
) -> (StatusCode, Value) {
    http::send(router, http::request(method, uri, body, token)).await
}

async fn app_with(settings: TestAppBuilder) -> App {
    App(settings.build().await)
}

async fn app() -> App {
    app_with(TestApp::builder()).await
}

/// Asserts the error shape, status and code; returns the message.
fn error(got: &(StatusCode, Value), status: StatusCode, code: &str) -> String {
    assert_eq!(got.0, status, "{:?}", got.1);
    assert_eq!(got.1["error"]["code"], code, "{:?}", got.1);
    got.1["error"]["message"]
        .as_str()
        .expect("message")
        .to_string()
}

fn ids(v: &Value) -> Vec<i64> {
    v["movies"]
        .as_array()
        .expect("movies")
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect()
}

// ---- /api/chat ----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_answers_with_intent_filters_and_cards() {
    let app = app().await;
    let id = app.new_user("ann").await;
    let body = json!({"user_id": id, "message": "90s action movies with Keanu Reeves"});
    let (status, v) = app.post("/api/chat", &body.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["intent"], "actor");
    assert_eq!(v["filters"]["genres"], json!(["Action"]));
    assert_eq!(v["filters"]["person"], "Keanu Reeves");
    assert_eq!(v["filters"]["year_from"], 1990);
    assert_eq!(v["filters"]["year_to"], 1999);
    for key in ["similar_to", "title", "mood"] {
        assert!(v["filters"][key].is_null(), "{key} present as null: {v}");
    }
    assert!(v["reply"].as_str().unwrap().contains("Keanu"));
    let movies = v["movies"].as_array().unwrap();
    assert!(!movies.is_empty());
    for m in movies {
        for key in [
            "id",
            "title",
            "year",
            "genres",
            "vote_average",
            "overview",
            "poster_url",
            "why",
        ] {
            assert!(m.get(key).is_some(), "{key} missing in {m}");
        }
    }
    // Rating through chat writes, like any chat platform.
    let body = json!({"user_id": id, "message": "I'd give The Matrix 4.5 stars"});
    let (status, v) = app.post("/api/chat", &body.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["intent"], "rate");
    assert_eq!(app.ratings().await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_rejections_name_the_field_and_write_nothing() {
    let app = app().await;
    let id = app.new_user("ann").await;
    let users = app.users().await;
    let msg = error(
        &app.post("/api/chat", "{\"user_id\": 1, \"message\": ")
            .await,
        StatusCode::BAD_REQUEST,
        "malformed_json",
    );
    assert!(!msg.is_empty());
    let msg = error(
        &app.post("/api/chat", r#"{"message": "hi"}"#).await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    );
    assert!(msg.contains("user_id"), "{msg}");
    let msg = error(
        &app.post("/api/chat", r#"{"user_id": "one", "message": "hi"}"#)
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    );
    assert!(msg.starts_with("user_id"), "{msg}");
    let msg = error(
        &app.post(
            "/api/chat",
            &json!({"user_id": id, "message": "  "}).to_string(),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    );
    assert!(msg.starts_with("message"), "{msg}");
    let long = "a".repeat(LimitsConfig::default().max_message_chars + 1);
    let msg = error(
        &app.post(
            "/api/chat",
            &json!({"user_id": id, "message": long}).to_string(),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    );
    assert!(msg.starts_with("message"), "{msg}");
    error(
        &app.post(
            "/api/chat",
            &json!({"user_id": 999, "message": "I'd give The Matrix 5 stars"}).to_string(),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    assert_eq!(app.ratings().await, 0);
    assert_eq!(app.users().await, users, "no user created on the fly");
}

// ---- /api/rate ----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_upserts_and_rejections_write_nothing() {
    let app = app().await;
    let id = app.new_user("ann").await;
    let ok = |r: f64| json!({"user_id": id, "movie_id": MATRIX, "rating": r}).to_string();
    let (status, v) = app.post("/api/rate", &ok(4.5)).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v, json!({"user_id": id, "movie_id": MATRIX, "rating": 4.5}));
    let (status, _) = app.post("/api/rate", &ok(3.0)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.ratings().await, 1, "upsert, not a second row");
    // JSON Schema's integers include integral floats; other floats name the field.
    let floats = format!(r#"{{"user_id": {id}.0, "movie_id": {MATRIX}.0, "rating": 3}}"#);
    assert_eq!(app.post("/api/rate", &floats).await.0, StatusCode::OK);
    let msg = error(
        &app.post(
            "/api/rate",
            &format!(r#"{{"user_id": {id}, "movie_id": 603.5, "rating": 3}}"#),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    );
    assert!(msg.starts_with("movie_id"), "{msg}");
    let stored = app
        .store
        .ratings_of(moviebot::domain::UserId(id))
        .await
        .unwrap();
    assert_eq!(stored[0].rating.get(), 3.0);

    for bad in [0.0, 3.3, 5.5, -1.0] {
        let msg = error(
            &app.post("/api/rate", &ok(bad)).await,
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        );
        assert!(msg.starts_with("rating"), "{msg}");
    }
    let other = app.new_user("bob").await;
    let msg = error(
        &app.post(
            "/api/rate",
            &json!({"user_id": other, "movie_id": 4_242_424_242i64, "rating": 4}).to_string(),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    assert!(msg.contains("movie"), "{msg}");
    let msg = error(
        &app.post(
            "/api/rate",
            &json!({"user_id": 12345, "movie_id": MATRIX, "rating": 4}).to_string(),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    assert!(msg.contains("user"), "{msg}");
    error(
        &app.post("/api/rate", "not json").await,
        StatusCode::BAD_REQUEST,
        "malformed_json",
    );
    let msg = error(
        &app.post(
            "/api/rate",
            &json!({"user_id": other, "movie_id": "x", "rating": 4}).to_string(),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    );
    assert!(msg.starts_with("movie_id"), "{msg}");
    assert_eq!(app.ratings().await, 1, "rejected requests wrote nothing");
}

// ---- /api/recommendations/{user_id} ----

/// Repeated requests are answered from the picks memo, but never across a change: a new
/// rating, a rating taken back, or a model rebuild each give fresh picks at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recommendations_follow_every_rating_at_once() {
    let app = app().await;
    let id = app.new_user("cal").await;
    let rate = |movie: i64| json!({"user_id": id, "movie_id": movie, "rating": 4.5}).to_string();
    app.post("/api/rate", &rate(MATRIX)).await;
    let url = format!("/api/recommendations/{id}?limit=5");
    let first = ids(&app.get(&url).await.1);
    assert_eq!(
        first,
        ids(&app.get(&url).await.1),
        "same inputs, same picks"
    );

    // Rating the top pick removes it from the very next answer.
    let (status, _) = app.post("/api/rate", &rate(first[0])).await;
    assert_eq!(status, StatusCode::OK);
    let second = ids(&app.get(&url).await.1);
    assert!(!second.contains(&first[0]), "{first:?} then {second:?}");

    // Taking it back (through the store, as a chat "unrate" does) brings it back.
    let movie = app
        .core
        .films()
        .by_public(moviebot_protocol::PublicMovieId(first[0]))
        .await
        .unwrap()
        .id;
    app.store
        .delete_rating(moviebot::domain::UserId(id), movie)
        .await
        .unwrap();
    assert_eq!(ids(&app.get(&url).await.1), first);

    // A rebuilt model is a new input too: the answer is recomputed, not replayed.
    app.core.refresh().await.unwrap();
    let (status, v) = app.get(&url).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ids(&v).len(), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recommendations_limit_and_errors() {
    let app = app().await;
    let id = app.new_user("ann").await;
    app.post(
        "/api/rate",
        &json!({"user_id": id, "movie_id": MATRIX, "rating": 5}).to_string(),
    )
    .await;
    let (status, v) = app.get(&format!("/api/recommendations/{id}")).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["user_id"], id);
    let got = ids(&v);
    assert_eq!(got.len(), 10, "default limit");
    assert!(!got.contains(&MATRIX), "never what the user rated");
    assert!(v["movies"][0]["why"].is_string());
    let (_, v) = app.get(&format!("/api/recommendations/{id}?limit=3")).await;
    assert_eq!(ids(&v).len(), 3);
    let (_, v) = app
        .get(&format!("/api/recommendations/{id}?limit=50"))
        .await;
    assert_eq!(ids(&v).len(), 50);
    for bad in ["0", "51", "ten", "-1"] {
        let msg = error(
            &app.get(&format!("/api/recommendations/{id}?limit={bad}"))
                .await,
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        );
        assert!(msg.starts_with("limit"), "{msg}");
    }
    error(
        &app.get("/api/recommendations/9999").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let msg = error(
        &app.get("/api/recommendations/abc").await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    );
    assert!(msg.starts_with("user_id"), "{msg}");
}

// ---- /api/search, /api/movie, /api/genres ----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_by_any_combination() {
    let app = app().await;
    let (status, v) = app.get("/api/search?query=matrix").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(ids(&v)[0], MATRIX);
    let by_name = app
        .get("/api/search?genre=science%20fiction&year=1999")
        .await;
    let by_id = app.get("/api/search?genre=878&year=1999").await;
    assert_eq!(by_name.0, StatusCode::OK);
    assert_eq!(by_name.1, by_id.1, "genre by name or TMDb id");
    assert!(ids(&by_name.1).contains(&MATRIX));
    for m in by_name.1["movies"].as_array().unwrap() {
        assert_eq!(m["year"], 1999);
        assert!(
            m["genres"]
                .as_array()
                .unwrap()
                .contains(&json!("Science Fiction"))
        );
    }
    let (_, v) = app.get("/api/search?query=matrix&genre=Comedy").await;
    assert!(!ids(&v).contains(&MATRIX));
    let (_, v) = app.get("/api/search?year=1994&limit=2").await;
    assert_eq!(ids(&v).len(), 2);

    let msg = error(
        &app.get("/api/search").await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    );
    assert!(msg.contains("query"), "{msg}");
    let msg = error(
        &app.get("/api/search?genre=polka").await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    );
    assert!(msg.starts_with("genre"), "{msg}");
    let msg = error(
        &app.get("/api/search?year=nineties").await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    );
    assert!(msg.starts_with("year"), "{msg}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn movie_details_and_genres() {
    let app = app().await;
    let (status, v) = app.get(&format!("/api/movie/{MATRIX}")).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["id"], MATRIX);
    assert_eq!(v["title"], "The Matrix");
    assert_eq!(v["year"], 1999);
    assert_eq!(v["tmdb_id"], MATRIX);
    error(
        &app.get("/api/movie/4242424242").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let msg = error(
        &app.get("/api/movie/neo").await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    );
    assert!(msg.starts_with("id"), "{msg}");

    let (status, v) = app.get("/api/genres").await;
    assert_eq!(status, StatusCode::OK);
    let genres = v["genres"].as_array().unwrap();
    assert_eq!(genres.len(), 19);
    assert!(genres.contains(&json!({"id": 28, "name": "Action"})));
}

// ---- providers and trending, with and without a live source ----

struct FakeLive {
    fail: bool,
}

#[async_trait]
impl LiveSource for FakeLive {
    async fn providers(&self, _tmdb: i64, region: &str) -> anyhow::Result<Option<ProviderList>> {
        if self.fail {
            anyhow::bail!("TMDb down");
        }
        Ok(Some(ProviderList {
            flatrate: vec![format!("Streamer {region}")],
            ..ProviderList::default()
        }))
    }

    async fn trending(&self, _window: TimeWindow) -> anyhow::Result<Vec<i64>> {
        if self.fail {
            anyhow::bail!("TMDb down");
        }
        Ok(vec![MATRIX, 4_242_424_242])
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn providers_need_a_live_source() {
    let mut app = app().await;
    let (status, v) = app.get(&format!("/api/movie/{MATRIX}/providers")).await;
    error(
        &(status, v.clone()),
        StatusCode::SERVICE_UNAVAILABLE,
        "tmdb_unavailable",
    );
    assert!(
        v["error"]["attribution"]
            .as_str()
            .unwrap()
            .contains("JustWatch")
    );
    error(
        &app.get("/api/movie/4242424242/providers").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let msg = error(
        &app.get(&format!("/api/movie/{MATRIX}/providers?region=USA"))
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    );
    assert!(msg.starts_with("region"), "{msg}");

    app.sidecar = app
        .sidecar
        .clone()
        .with_live_source(Arc::new(FakeLive { fail: false }));
    let (status, v) = app
        .get(&format!("/api/movie/{MATRIX}/providers?region=gb"))
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["region"], "GB");
    assert_eq!(v["providers"]["flatrate"], json!(["Streamer GB"]));
    assert!(v["attribution"].as_str().unwrap().contains("JustWatch"));

    app.sidecar = app
        .sidecar
        .clone()
        .with_live_source(Arc::new(FakeLive { fail: true }));
    error(
        &app.get(&format!("/api/movie/{MATRIX}/providers")).await,
        StatusCode::SERVICE_UNAVAILABLE,
        "tmdb_unavailable",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trending_live_or_by_popularity() {
    let mut app = app().await;
    for window in ["", "?time_window=day", "?time_window=week"] {
        let (status, v) = app.get(&format!("/api/trending{window}")).await;
        assert_eq!(status, StatusCode::OK, "{v}");
        assert_eq!(v["source"], "popularity");
        assert!(!ids(&v).is_empty());
    }
    let (_, v) = app.get("/api/trending?time_window=week").await;
    assert_eq!(v["time_window"], "week");
    for bad in ["month", ""] {
        let msg = error(
            &app.get(&format!("/api/trending?time_window={bad}")).await,
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        );
        assert!(msg.starts_with("time_window"), "{msg}");
    }

    app.sidecar = app
        .sidecar
        .clone()
        .with_live_source(Arc::new(FakeLive { fail: false }));
    let (_, v) = app.get("/api/trending").await;
    assert_eq!(v["source"], "tmdb");
    assert_eq!(ids(&v), vec![MATRIX], "films unknown here are skipped");
    app.sidecar = app
        .sidecar
        .clone()
        .with_live_source(Arc::new(FakeLive { fail: true }));
    let (status, v) = app.get("/api/trending").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["source"], "popularity", "falls back when TMDb fails");
}

/// With TMDb configured, the sidecar asks the chat core's own TMDb source (a local fake here)
/// for providers and trending: no separate wiring, one cache and one rate limit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn providers_and_trending_come_from_the_cores_tmdb_source() {
    let fake = support::fake_tmdb::FakeTmdb::start().await;
    let app = app_with(TestApp::builder().tmdb(&fake)).await;
    let state = app.sidecar.clone();
    assert!(state.live.is_some(), "a live core fills the sidecar's slot");

    let (status, v) = send(
        sidecar::router(state.clone()),
        "GET",
        &format!("/api/movie/{MATRIX}/providers?region=gb"),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["providers"]["flatrate"], json!(["FlixNet", "StreamBox"]));
    assert_eq!(v["providers"]["rent"], json!(["RentalHub"]));
    assert_eq!(fake.calls(&format!("/movie/{MATRIX}/watch/providers")), 1);

    let (status, v) = send(sidecar::router(state), "GET", "/api/trending", None, None).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(fake.calls("/trending/movie/day"), 1, "trending asked TMDb");
    // The fake's trending films are not in the local library, so the answer falls back to
    // local popularity rather than an empty list.
    assert!(!ids(&v).is_empty());
}

// ---- users ----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_create_read_delete() {
    let app = app().await;
    let (status, v) = app.post("/api/user", r#"{"username": "ann"}"#).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert_eq!(v["username"], "ann");
    assert!(v["created_at"].as_i64().unwrap() > 0);
    let id = v["user_id"].as_i64().unwrap();
    let users = app.users().await;
    error(
        &app.post("/api/user", r#"{"username": "ann"}"#).await,
        StatusCode::CONFLICT,
        "conflict",
    );
    for bad in [r#"{"username": ""}"#, r#"{"username": "discord:1"}"#] {
        let msg = error(
            &app.post("/api/user", bad).await,
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        );
        assert!(msg.starts_with("username"), "{msg}");
    }
    error(
        &app.post("/api/user", r#"{"name": "x"}"#).await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    );
    assert_eq!(app.users().await, users, "rejections created nobody");

    app.post(
        "/api/rate",
        &json!({"user_id": id, "movie_id": MATRIX, "rating": 5}).to_string(),
    )
    .await;
    app.store
        .watchlist_add(
            moviebot::domain::UserId(id),
            app.core
                .films()
                .by_public(moviebot_protocol::PublicMovieId(MATRIX))
                .await
                .unwrap()
                .id,
        )
        .await
        .unwrap();
    let (status, v) = app.get(&format!("/api/user/{id}")).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["ratings_count"], 1);
    assert_eq!(v["recent_ratings"][0]["movie_id"], MATRIX);
    assert_eq!(v["recent_ratings"][0]["rating"], 5.0);
    assert!(
        v["favourite_genres"]
            .as_array()
            .unwrap()
            .contains(&json!("Science Fiction")),
        "{v}"
    );
    assert_eq!(v["watchlist"][0]["id"], MATRIX);
    error(
        &app.get("/api/user/777").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    error(
        &app.get("/api/user/x").await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    );

    let (status, v) = app
        .call("DELETE", &format!("/api/user/{id}"), None, None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{v}");
    assert_eq!(app.ratings().await, 0, "their ratings went with them");
    error(
        &app.get(&format!("/api/user/{id}")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    error(
        &app.call("DELETE", &format!("/api/user/{id}"), None, None)
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

// ---- auth, body limit, rate limit ----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_need_the_admin_token_when_set() {
    let app = app_with(TestApp::builder().admin_token(TOKEN)).await;
    let id = app.new_user("ann").await;
    let users = app.users().await;
    let rate = json!({"user_id": id, "movie_id": MATRIX, "rating": 4}).to_string();
    let chat = json!({"user_id": id, "message": "I'd give Heat 4 stars"}).to_string();
    for token in [None, Some("wrong"), Some("test-admin-token-012345678X")] {
        for (method, uri, body) in [
            ("POST", "/api/user", Some(r#"{"username": "eve"}"#)),
            ("POST", "/api/rate", Some(rate.as_str())),
            ("POST", "/api/chat", Some(chat.as_str())),
            ("DELETE", "/api/user/1", None),
        ] {
            let got = app.call(method, uri, body, token).await;
            error(&got, StatusCode::UNAUTHORIZED, "unauthorized");
        }
    }
    // Auth is checked before the body is read: even a malformed body gets 401.
    error(
        &app.call("POST", "/api/rate", Some("{oops"), None).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    assert_eq!(app.users().await, users);
    assert_eq!(app.ratings().await, 0);
    assert!(
        app.store
            .user(moviebot::domain::UserId(id))
            .await
            .unwrap()
            .is_some()
    );

    // Reads stay open; the right token writes.
    assert_eq!(app.get("/api/genres").await.0, StatusCode::OK);
    assert_eq!(app.get(&format!("/api/user/{id}")).await.0, StatusCode::OK);
    let (status, _) = app
        .call("POST", "/api/rate", Some(&rate), Some(TOKEN))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .call(
            "POST",
            "/api/user",
            Some(r#"{"username": "eve"}"#),
            Some(TOKEN),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = app
        .call("DELETE", &format!("/api/user/{id}"), None, Some(TOKEN))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_over_the_limit_get_413_and_write_nothing() {
    let app = app_with(TestApp::builder().toml("[limits]\nmax_body_bytes = 512")).await;
    let id = app.new_user("ann").await;
    let users = app.users().await;
    let name = "x".repeat(600);
    let msg = error(
        &app.post("/api/user", &json!({"username": name}).to_string())
            .await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    );
    assert!(msg.contains("512"), "{msg}");
    let padded = format!(
        r#"{{"user_id": {id}, "movie_id": {MATRIX}, "rating": 4{}}}"#,
        " ".repeat(600)
    );
    error(
        &app.post("/api/rate", &padded).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    );
    assert_eq!(app.users().await, users);
    assert_eq!(app.ratings().await, 0);
    // Just under the limit is fine.
    let (status, _) = app
        .post(
            "/api/rate",
            &json!({"user_id": id, "movie_id": MATRIX, "rating": 4}).to_string(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_client_address_has_its_own_quota() {
    let app =
        app_with(TestApp::builder().toml("[limits]\napi_per_second = 1\napi_burst = 3")).await;
    let from = |ip: [u8; 4]| {
        app.router()
            .layer(MockConnectInfo(SocketAddr::from((ip, 40_000))))
    };
    let a = [10, 0, 0, 1];
    for _ in 0..3 {
        let (status, _) = send(from(a), "GET", "/api/genres", None, None).await;
        assert_eq!(status, StatusCode::OK);
    }
    let users = app.users().await;
    let got = send(
        from(a),
        "POST",
        "/api/user",
        Some(r#"{"username": "flood"}"#),
        None,
    )
    .await;
    error(&got, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    assert_eq!(app.users().await, users, "nothing written when limited");
    // Another address is unaffected; health checks are never limited.
    let (status, _) = send(from([10, 0, 0, 2]), "GET", "/api/genres", None, None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send(from(a), "GET", "/healthz", None, None).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_users_chat_flood_is_limited_whatever_the_address() {
    let app = app_with(TestApp::builder().toml(
        "[limits]\napi_per_second = 1000\napi_burst = 1000\nchat_per_minute = 1\nchat_burst = 2",
    ))
    .await;
    let (flood, calm) = (app.new_user("flood").await, app.new_user("calm").await);
    let chat = |ip: u8, user: i64| {
        let body = json!({"user_id": user, "message": "hello"}).to_string();
        let router = app
            .router()
            .layer(MockConnectInfo(SocketAddr::from(([10, 0, 1, ip], 40_000))));
        async move { send(router, "POST", "/api/chat", Some(&body), None).await }
    };
    // Each turn from a new address: the per-address quota never bites, the per-user one does.
    for ip in 1..=2 {
        let (status, v) = chat(ip, flood).await;
        assert_eq!(status, StatusCode::OK, "{v}");
    }
    let got = chat(3, flood).await;
    let message = error(&got, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    assert!(message.contains("slow down"), "{message}");
    // Another user, from the same address, still talks.
    let (status, v) = chat(3, calm).await;
    assert_eq!(status, StatusCode::OK, "{v}");
}

// ---- unknown routes, health, metrics, OpenAPI ----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_routes_and_methods_answer_json() {
    let app = app().await;
    error(
        &app.get("/api/nope").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    error(
        &app.call("PUT", "/api/genres", None, None).await,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_metrics() {
    let app = app().await;
    let (status, v) = app.get("/healthz").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["status"], "ok");
    assert_eq!(v["database"], true);
    assert!(v["model_age_seconds"].is_u64());
    assert!(v["films"].as_u64().unwrap() >= 700);

    let id = app.new_user("ann").await;
    app.get("/api/genres").await;
    app.get("/api/movie/4242424242").await;
    app.post(
        "/api/chat",
        &json!({"user_id": id, "message": "some horror films"}).to_string(),
    )
    .await;
    app.core.refresh().await.unwrap();
    let (status, text) = app.get("/metrics").await;
    assert_eq!(status, StatusCode::OK);
    let text = text.as_str().expect("plain text").to_string();
    for line in [
        r#"moviebot_http_requests_total{route="/api/genres",method="GET",status="200"} 1"#,
        r#"moviebot_http_requests_total{route="/api/movie/{id}",method="GET",status="404"} 1"#,
        r#"moviebot_http_request_duration_seconds_count{route="/api/genres"} 1"#,
        r#"moviebot_http_request_duration_seconds_bucket{route="/api/genres",le="+Inf"} 1"#,
        r#"moviebot_chat_intents_total{intent="genre"} 1"#,
        "moviebot_model_rebuilds_total 1",
        "moviebot_tmdb_calls_total 0",
        "# TYPE moviebot_model_age_seconds gauge",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi_lists_every_route() {
    let app = app().await;
    let (status, v) = app.get("/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(v["openapi"].as_str().unwrap().starts_with("3."));
    let paths = v["paths"].as_object().unwrap();
    for (path, method) in [
        ("/api/chat", "post"),
        ("/api/rate", "post"),
        ("/api/recommendations/{user_id}", "get"),
        ("/api/search", "get"),
        ("/api/movie/{id}", "get"),
        ("/api/movie/{id}/providers", "get"),
        ("/api/user/{id}", "get"),
        ("/api/user", "post"),
        ("/api/user/{id}", "delete"),
        ("/api/user/{id}/import", "post"),
        ("/api/user/{id}/export", "get"),
        ("/api/user/{id}/link-code", "post"),
        ("/api/user/{id}/services", "get"),
        ("/api/user/{id}/services", "put"),
        ("/api/genres", "get"),
        ("/api/trending", "get"),
        ("/healthz", "get"),
        ("/metrics", "get"),
        ("/api/openapi.json", "get"),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} missing"
        );
    }
    assert_eq!(paths.len(), 17);
    assert!(v["components"]["securitySchemes"]["admin_token"].is_object());
}

// ---- a real server ----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_on_a_real_port_and_shuts_down_gracefully() {
    let app = app_with(TestApp::builder().admin_token(TOKEN)).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(sidecar::serve(listener, app.sidecar.clone(), async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::new();
    let base = format!("http://{addr}");
    let health: Value = client
        .get(format!("{base}/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    let created = client
        .post(format!("{base}/api/user"))
        .bearer_auth(TOKEN)
        .json(&json!({"username": "real"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let id = created.json::<Value>().await.unwrap()["user_id"]
        .as_i64()
        .unwrap();
    let recs = client
        .get(format!("{base}/api/recommendations/{id}?limit=5"))
        .send()
        .await
        .unwrap();
    assert_eq!(recs.status().as_u16(), 200);
    assert_eq!(ids(&recs.json::<Value>().await.unwrap()).len(), 5);

    stop.send(()).unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(5), server)
        .await
        .expect("server stops promptly")
        .unwrap()
        .unwrap();
    assert!(
        client.get(format!("{base}/healthz")).send().await.is_err(),
        "port closed after shutdown"
    );
}

// ---- cross-site writes, body shapes, Retry-After ----

/// A request with an explicit `content-type` (or none), as a browser form or `fetch` without
/// headers would send it.
fn typed(
    method: &str,
    uri: &str,
    content_type: Option<&str>,
    body: &str,
) -> axum::http::Request<axum::body::Body> {
    let mut req = axum::http::Request::builder().method(method).uri(uri);
    if let Some(t) = content_type {
        req = req.header("content-type", t);
    }
    req.body(axum::body::Body::from(body.to_string())).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_need_a_json_content_type_and_an_object() {
    let app = app().await;
    let user = app.new_user("ct").await;
    let rate = format!(r#"{{"user_id": {user}, "movie_id": {MATRIX}, "rating": 4}}"#);
    let (ratings, users) = (app.ratings().await, app.users().await);
    // What a web page can POST cross-site without a preflight: text/plain, a form, no type.
    for content_type in [
        Some("text/plain"),
        Some("text/plain;charset=UTF-8"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        None,
    ] {
        let got = http::send(
            app.router(),
            typed("POST", "/api/rate", content_type, &rate),
        )
        .await;
        let message = error(
            &got,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        );
        assert!(message.contains("application/json"), "{message}");
        let got = http::send(
            app.router(),
            typed("POST", "/api/user", content_type, r#"{"username": "csrf"}"#),
        )
        .await;
        error(
            &got,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        );
    }
    assert_eq!(
        (app.ratings().await, app.users().await),
        (ratings, users),
        "nothing written"
    );
    // An array is not an object, even where its items would fill the fields in order.
    let got = app
        .post("/api/rate", &format!("[{user}, {MATRIX}, 3]"))
        .await;
    let message = error(&got, StatusCode::BAD_REQUEST, "invalid_parameter");
    assert!(message.contains("object"), "{message}");
    assert_eq!(app.ratings().await, ratings);
    // JSON with parameters or in any case is JSON.
    let got = http::send(
        app.router(),
        typed(
            "POST",
            "/api/rate",
            Some("Application/JSON; charset=utf-8"),
            &rate,
        ),
    )
    .await;
    assert_eq!(got.0, StatusCode::OK, "{:?}", got.1);
    assert_eq!(app.ratings().await, ratings + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_limited_client_is_told_when_to_retry() {
    use tower::ServiceExt;
    let app =
        app_with(TestApp::builder().toml("[limits]\napi_per_second = 1\napi_burst = 1")).await;
    let get = || {
        app.router()
            .layer(MockConnectInfo(SocketAddr::from(([10, 0, 0, 9], 40_000))))
            .oneshot(http::request("GET", "/api/genres", None, None))
    };
    assert_eq!(get().await.unwrap().status(), StatusCode::OK);
    let limited = get().await.unwrap();
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let secs: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&secs), "Retry-After {secs}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn impossible_ids_in_bodies_are_400_like_in_paths_and_blank_names_are_refused() {
    let app = app().await;
    let user = app.new_user("ids").await;
    let (ratings, users) = (app.ratings().await, app.users().await);
    for (uri, body, field) in [
        (
            "/api/rate",
            format!(r#"{{"user_id": 0, "movie_id": {MATRIX}, "rating": 4}}"#),
            "user_id",
        ),
        (
            "/api/rate",
            format!(r#"{{"user_id": -5, "movie_id": {MATRIX}, "rating": 4}}"#),
            "user_id",
        ),
        (
            "/api/rate",
            format!(r#"{{"user_id": {user}, "movie_id": 0, "rating": 4}}"#),
            "movie_id",
        ),
        (
            "/api/chat",
            r#"{"user_id": 0, "message": "hi"}"#.to_string(),
            "user_id",
        ),
    ] {
        let got = app.post(uri, &body).await;
        let message = error(&got, StatusCode::BAD_REQUEST, "invalid_parameter");
        assert!(message.starts_with(field), "{uri} {body}: {message}");
    }
    // The same id in a path was already a 400.
    error(
        &app.get("/api/user/0").await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
    );
    // Names that show nothing: zero-width spaces, a word joiner, a BOM, Hangul fillers.
    for blank in [
        "\u{200B}\u{200B}",
        "\u{2060}",
        "\u{FEFF} \u{200C}",
        "\u{3164}",
    ] {
        let body = serde_json::to_string(&json!({ "username": blank })).unwrap();
        let got = app.post("/api/user", &body).await;
        let message = error(&got, StatusCode::BAD_REQUEST, "invalid_parameter");
        assert!(message.contains("visible"), "{message}");
    }
    assert_eq!((app.ratings().await, app.users().await), (ratings, users));
    // A name with something visible in it is fine.
    let got = app.post("/api/user", r#"{"username": "\u200bAda"}"#).await;
    assert_eq!(got.0, StatusCode::CREATED, "{:?}", got.1);
}
