//! A fake TMDb: an axum server on 127.0.0.1:0 answering in TMDb's v3 response shapes with
//! synthetic fixtures (invented films, people and providers), counting calls per path,
//! checking credentials, and failing on demand.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// The only v3 key the fake accepts.
pub const FAKE_KEY: &str = "fake-v3-key-7f3a9c0e51d24b8e";
/// The only v4 read token the fake accepts.
pub const FAKE_TOKEN: &str = "fake-v4-token-c2d8e4f6a1b3";

/// A fault the fake injects instead of a normal answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// 429 with `Retry-After: secs` (no header when None), TMDb status_code 25.
    TooMany(Option<u64>),
    /// 500, status_code 11.
    Internal,
    /// 503, status_code 9.
    Offline,
    /// 401, status_code 7.
    Unauthorized,
    /// 404, status_code 34.
    NotFound,
    /// The normal answer, after this delay.
    Slow(Duration),
    /// 200 with JSON cut off half way.
    Truncated,
    /// 200 with valid JSON of the wrong shape.
    WrongShape,
    /// 200 with an HTML body and `text/html`.
    WrongContentType,
}

#[derive(Default)]
struct Inner {
    calls: HashMap<String, usize>,
    arrivals: Vec<(Instant, String)>,
    queries: Vec<(String, String)>,
    next: VecDeque<Fault>,
    always: Option<Fault>,
    delay: Duration,
    bad_auth: usize,
}

#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Inner>>);

/// A running fake; dropped with the test's runtime.
pub struct FakeTmdb {
    /// Base URL including `/3`, as `[tmdb] base_url` expects.
    pub base_url: String,
    state: Shared,
}

impl FakeTmdb {
    pub async fn start() -> FakeTmdb {
        let state = Shared::default();
        let app = Router::new().fallback(handle).with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind fake TMDb");
        let addr = listener.local_addr().expect("fake TMDb address");
        tokio::spawn(async move {
            axum::serve(listener, app).await.expect("fake TMDb server");
        });
        FakeTmdb {
            base_url: format!("http://{addr}/3"),
            state,
        }
    }

    fn with<R>(&self, f: impl FnOnce(&mut Inner) -> R) -> R {
        f(&mut self.state.0.lock().unwrap())
    }

    /// Calls to `path` (e.g. `/movie/550`) so far.
    pub fn calls(&self, path: &str) -> usize {
        self.with(|s| s.calls.get(path).copied().unwrap_or(0))
    }

    pub fn total_calls(&self) -> usize {
        self.with(|s| s.calls.values().sum())
    }

    /// When each request arrived, in order, with its path.
    pub fn arrivals(&self) -> Vec<(Instant, String)> {
        self.with(|s| s.arrivals.clone())
    }

    /// Every query string received, with its path (credentials included, for leak checks).
    pub fn queries(&self) -> Vec<(String, String)> {
        self.with(|s| s.queries.clone())
    }

    /// The last query string seen for `path`.
    pub fn last_query(&self, path: &str) -> Option<String> {
        self.with(|s| {
            s.queries
                .iter()
                .rev()
                .find(|(p, _)| p == path)
                .map(|(_, q)| q.clone())
        })
    }

    /// Requests that arrived without valid credentials.
    pub fn bad_auth(&self) -> usize {
        self.with(|s| s.bad_auth)
    }

    /// The next `n` requests get `fault`.
    pub fn fail_next(&self, n: usize, fault: Fault) {
        self.with(|s| s.next.extend(std::iter::repeat_n(fault, n)));
    }

    /// Every request gets `fault` until [`FakeTmdb::heal`].
    pub fn fail_always(&self, fault: Fault) {
        self.with(|s| s.always = Some(fault));
    }

    pub fn heal(&self) {
        self.with(|s| {
            s.always = None;
            s.next.clear();
        });
    }

    /// Every answer waits this long first (to let concurrent requests pile up).
    pub fn set_delay(&self, delay: Duration) {
        self.with(|s| s.delay = delay);
    }
}

fn error(status: StatusCode, code: i64, message: &str) -> Response {
    let body = json!({"success": false, "status_code": code, "status_message": message});
    (status, axum::Json(body)).into_response()
}

async fn handle(State(state): State<Shared>, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri
        .path()
        .strip_prefix("/3")
        .unwrap_or(uri.path())
        .to_owned();
    let query = uri.query().unwrap_or("").to_owned();
    let params: HashMap<String, String> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let bearer_ok = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == format!("Bearer {FAKE_TOKEN}"));
    let key_ok = params.get("api_key").is_some_and(|k| k == FAKE_KEY);
    let (fault, delay) = {
        let mut s = state.0.lock().unwrap();
        *s.calls.entry(path.clone()).or_default() += 1;
        s.arrivals.push((Instant::now(), path.clone()));
        s.queries.push((path.clone(), query));
        if !(bearer_ok || key_ok) {
            s.bad_auth += 1;
        }
        let fault = s.next.pop_front().or_else(|| s.always.clone());
        (fault, s.delay)
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    if !(bearer_ok || key_ok) {
        return error(
            StatusCode::UNAUTHORIZED,
            7,
            "Invalid API key: You must be granted a valid key.",
        );
    }
    match fault {
        Some(Fault::TooMany(secs)) => {
            let mut r = error(
                StatusCode::TOO_MANY_REQUESTS,
                25,
                "Your request count is over the allowed limit.",
            );
            if let Some(secs) = secs {
                r.headers_mut()
                    .insert(header::RETRY_AFTER, secs.to_string().parse().unwrap());
            }
            return r;
        }
        Some(Fault::Internal) => {
            return error(StatusCode::INTERNAL_SERVER_ERROR, 11, "Internal error.");
        }
        Some(Fault::Offline) => {
            return error(StatusCode::SERVICE_UNAVAILABLE, 9, "Service offline.");
        }
        Some(Fault::Unauthorized) => {
            return error(
                StatusCode::UNAUTHORIZED,
                7,
                "Invalid API key: You must be granted a valid key.",
            );
        }
        Some(Fault::NotFound) => {
            return error(
                StatusCode::NOT_FOUND,
                34,
                "The resource you requested could not be found.",
            );
        }
        Some(Fault::Slow(d)) => tokio::time::sleep(d).await,
        Some(Fault::Truncated) => {
            return json_text(r#"{"id": 9001, "title": "The Cut Off Sent"#);
        }
        Some(Fault::WrongShape) => {
            return json_text(r#"{"id": "nine thousand", "results": 7, "genres": "none"}"#);
        }
        Some(Fault::WrongContentType) => {
            return (
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                "<html><body>Bad gateway</body></html>",
            )
                .into_response();
        }
        None => {}
    }
    match fixture(&path, &params) {
        Some(body) => axum::Json(body).into_response(),
        None => error(
            StatusCode::NOT_FOUND,
            34,
            "The resource you requested could not be found.",
        ),
    }
}

fn json_text(body: &'static str) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json;charset=utf-8")],
        body,
    )
        .into_response()
}

/// Synthetic films: (id, title, release date, genre ids, vote count).
pub const FILMS: &[(i64, &str, &str, &[i64], i64)] = &[
    (9001, "The Lantern Heist", "1996-03-14", &[28, 80], 5400),
    (9002, "Quiet Orbit", "2011-09-02", &[878, 18], 3200),
    (9003, "Moss and Marrow", "1984-06-21", &[27], 900),
    (9004, "A Lantern for Two", "2019-02-08", &[10749, 35], 1500),
    (9005, "Tidewater Run", "1999-11-30", &[28, 53], 2700),
];

fn item(f: &(i64, &str, &str, &[i64], i64)) -> Value {
    json!({
        "adult": false,
        "backdrop_path": null,
        "genre_ids": f.3,
        "id": f.0,
        "original_language": "en",
        "original_title": f.1,
        "overview": format!("A synthetic overview of {}.", f.1),
        "popularity": f.4 as f64 / 100.0,
        "poster_path": format!("/poster{}.jpg", f.0),
        "release_date": f.2,
        "title": f.1,
        "video": false,
        "vote_average": 6.5,
        "vote_count": f.4,
    })
}

fn page(items: Vec<Value>, page: u64) -> Value {
    let n = items.len();
    json!({"page": page, "results": items, "total_pages": 3, "total_results": n * 3})
}

fn film(id: i64) -> (i64, String, &'static str, &'static [i64], i64) {
    match FILMS.iter().find(|f| f.0 == id) {
        Some(f) => (f.0, f.1.to_owned(), f.2, f.3, f.4),
        None => (id, format!("Synthetic Film {id}"), "2001-01-01", &[18], 10),
    }
}

fn providers() -> Value {
    let p = |id: i64, name: &str, prio: i64| json!({"logo_path": format!("/logo{id}.png"), "provider_id": id, "provider_name": name, "display_priority": prio});
    json!({
        "GB": {
            "link": "https://www.themoviedb.org/movie/9001-the-lantern-heist/watch?locale=GB",
            "flatrate": [p(2, "StreamBox", 2), p(1, "FlixNet", 1)],
            "rent": [p(3, "RentalHub", 1)],
            "buy": [p(3, "RentalHub", 1), p(4, "ShopVid", 2)],
        },
        "US": {
            "link": "https://www.themoviedb.org/movie/9001-the-lantern-heist/watch?locale=US",
            "rent": [p(3, "RentalHub", 1)],
        }
    })
}

fn details(id: i64) -> Value {
    let (id, title, date, genres, votes) = film(id);
    let names: HashMap<i64, &str> = [
        (28, "Action"),
        (80, "Crime"),
        (878, "Science Fiction"),
        (18, "Drama"),
        (27, "Horror"),
        (10749, "Romance"),
        (35, "Comedy"),
        (53, "Thriller"),
    ]
    .into();
    let cast: Vec<Value> = (0..7)
        .rev()
        .map(|i| json!({"id": 700 + i, "name": format!("Actor {}", i + 1), "character": format!("Role {i}"), "order": i, "known_for_department": "Acting"}))
        .collect();
    json!({
        "adult": false,
        "id": id,
        "imdb_id": format!("tt{:07}", id),
        "title": title,
        "original_title": title,
        "overview": format!("A synthetic overview of {title}."),
        "release_date": date,
        "runtime": 101,
        "genres": genres.iter().map(|g| json!({"id": g, "name": names.get(g).copied().unwrap_or("Drama")})).collect::<Vec<_>>(),
        "poster_path": format!("/poster{id}.jpg"),
        "popularity": votes as f64 / 100.0,
        "vote_average": 7.1,
        "vote_count": votes,
        "status": "Released",
        "credits": {
            "cast": cast,
            "crew": [
                {"id": 801, "name": "Writer Person", "job": "Screenplay", "department": "Writing"},
                {"id": 800, "name": "Dana Director", "job": "Director", "department": "Directing"},
            ],
        },
        "keywords": {"keywords": [{"id": 1, "name": "heist"}, {"id": 2, "name": "lantern"}]},
        "watch/providers": {"results": providers()},
        "recommendations": page(vec![item(&FILMS[1])], 1),
        "release_dates": {"results": [
            {"iso_3166_1": "US", "release_dates": [{"certification": "", "type": 1, "release_date": "1996-03-01T00:00:00.000Z"}, {"certification": "R", "type": 3, "release_date": "1996-03-14T00:00:00.000Z"}]}
        ]},
    })
}

fn fixture(path: &str, q: &HashMap<String, String>) -> Option<Value> {
    let page_no = q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
    let all = || FILMS.iter().map(item).collect::<Vec<_>>();
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    Some(match segments.as_slice() {
        ["search", "movie"] => {
            let needle = q.get("query")?.to_lowercase();
            let year = q.get("year");
            let hits = FILMS
                .iter()
                .filter(|f| f.1.to_lowercase().contains(&needle))
                .filter(|f| year.is_none_or(|y| f.2.starts_with(y.as_str())))
                .map(item)
                .collect();
            page(hits, page_no)
        }
        ["search", "person"] => page(
            vec![json!({
                "adult": false, "id": 501, "name": "Ada Example", "known_for_department": "Acting",
                "popularity": 12.5, "profile_path": "/ada.jpg",
                "known_for": [item(&FILMS[0])],
            })],
            page_no,
        ),
        ["discover", "movie"] => {
            let genre: Option<i64> = q
                .get("with_genres")
                .and_then(|g| g.split(',').next()?.parse().ok());
            let hits = FILMS
                .iter()
                .filter(|f| genre.is_none_or(|g| f.3.contains(&g)))
                .map(item)
                .collect();
            page(hits, page_no)
        }
        ["trending", "movie", "day" | "week"] => page(all(), page_no),
        ["movie", "popular" | "top_rated"] => page(all(), page_no),
        ["genre", "movie", "list"] => json!({"genres": [
            {"id": 28, "name": "Action"}, {"id": 18, "name": "Drama"}, {"id": 878, "name": "Science Fiction"}
        ]}),
        ["configuration"] => json!({
            "images": {
                "base_url": "http://img.example.test/t/p/",
                "secure_base_url": "https://img.example.test/t/p/",
                "backdrop_sizes": ["w300", "original"],
                "poster_sizes": ["w92", "w185", "w500", "original"],
                "profile_sizes": ["w45", "original"],
            },
            "change_keys": ["title"],
        }),
        ["person", id, "movie_credits"] => {
            let id: i64 = id.parse().ok()?;
            let credit = |f: &(i64, &str, &str, &[i64], i64), extra: Value| {
                let mut v = item(f);
                v.as_object_mut()?.extend(extra.as_object()?.clone());
                Some(v)
            };
            json!({
                "id": id,
                "cast": [credit(&FILMS[0], json!({"character": "Mara", "credit_id": "c1"}))?,
                         credit(&FILMS[4], json!({"character": "Jo", "credit_id": "c2"}))?],
                "crew": [credit(&FILMS[2], json!({"job": "Director", "department": "Directing", "credit_id": "c3"}))?],
            })
        }
        ["movie", id, "watch", "providers"] => {
            json!({"id": id.parse::<i64>().ok()?, "results": providers()})
        }
        ["movie", id] => details(id.parse().ok()?),
        _ => return None,
    })
}
