//! A fake TMDb: an axum server answering in TMDb's v3 response shapes with synthetic fixtures
//! (invented films, people and providers), counting calls per path, checking credentials, and
//! failing on demand. Tests start it on 127.0.0.1:0 ([`FakeTmdb::start`]);
//! `examples/fake_tmdb.rs` runs the same server on a fixed port for manual runs of the bot.
//!
//! What it knows:
//! - the synthetic films: five old ones ([`FILMS`]), four released this calendar year
//!   ([`recent_films`]) and one adult title that `include_adult=false` keeps out ([`ADULT_FILM`]);
//!   they make up search, discover, trending, popular, top-rated and person credits;
//! - the synthetic people ([`people`]): Ada Example, Nova Quill, Ines Marlow, Tobin Ashgrove,
//!   "Actor 1".."Actor 7", Dana Director and Writer Person, whose credits match the films';
//! - the bot's embedded catalog: `movie/{id}` for a catalog film answers with that film's own
//!   title, year, genres, cast and director (so lazily fetched details never rename it), and
//!   its similar films and recommendations come from the catalog;
//! - any other id answers as "Synthetic Film {id}";
//! - `find/tt{id:07}?external_source=imdb_id` finds the film whose TMDb id is `id`.
//!
//! Everything is computed from this file and the embedded catalog: no network, and nothing
//! random (the current-year films' dates follow the system clock's year).

// Each test binary (and the example) uses a different subset.
#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use moviebot::catalog::genres::TMDB_GENRES;
use serde_json::{Value, json};

/// The only v3 key the fake accepts.
pub const FAKE_KEY: &str = "fake-v3-key-7f3a9c0e51d24b8e";
/// The only v4 read token the fake accepts.
pub const FAKE_TOKEN: &str = "fake-v4-token-c2d8e4f6a1b3";

/// Results per page, as TMDb pages every list.
pub const PER_PAGE: usize = 20;

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

/// Called after each answer with the path (without `/3`), the query string (the `api_key`
/// value masked) and the HTTP status.
type Hook = Arc<dyn Fn(&str, &str, u16) + Send + Sync>;

#[derive(Default)]
struct Inner {
    calls: HashMap<String, usize>,
    arrivals: Vec<(Instant, String)>,
    queries: Vec<(String, String)>,
    next: VecDeque<Fault>,
    always: Option<Fault>,
    delay: Duration,
    /// Per-path-prefix delays; the longest matching prefix wins over `delay`.
    delays: Vec<(String, Duration)>,
    bad_auth: usize,
    hook: Option<Hook>,
}

#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Inner>>);

/// A running fake; dropped with the test's runtime.
pub struct FakeTmdb {
    /// Base URL including `/3`, as `[tmdb] base_url` expects.
    pub base_url: String,
    /// Where it listens.
    pub addr: SocketAddr,
    state: Shared,
}

impl FakeTmdb {
    /// On 127.0.0.1 and a free port.
    pub async fn start() -> FakeTmdb {
        FakeTmdb::start_on("127.0.0.1:0")
            .await
            .expect("bind fake TMDb")
    }

    /// On `addr` (e.g. `127.0.0.1:8787`).
    pub async fn start_on(addr: impl tokio::net::ToSocketAddrs) -> std::io::Result<FakeTmdb> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        FakeTmdb::serve(listener)
    }

    /// On a listener the caller bound; the server runs as a task on the current runtime.
    pub fn serve(listener: tokio::net::TcpListener) -> std::io::Result<FakeTmdb> {
        let state = Shared::default();
        let app = Router::new().fallback(handle).with_state(state.clone());
        let addr = listener.local_addr()?;
        tokio::spawn(async move {
            axum::serve(listener, app).await.expect("fake TMDb server");
        });
        Ok(FakeTmdb {
            base_url: format!("http://{addr}/3"),
            addr,
            state,
        })
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

    /// Answers whose path (without `/3`) starts with `path_prefix` wait `delay` first, instead
    /// of the global [`FakeTmdb::set_delay`]; when several prefixes match, the longest wins.
    /// `Duration::ZERO` makes those paths answer at once even under a global delay.
    pub fn set_delay_for(&self, path_prefix: &str, delay: Duration) {
        self.with(|s| {
            s.delays.retain(|(p, _)| p != path_prefix);
            s.delays.push((path_prefix.to_owned(), delay));
        });
    }

    /// Calls `hook(path, query, status)` after every answer (the query's `api_key` masked);
    /// the standalone example logs with it.
    pub fn on_request(&self, hook: impl Fn(&str, &str, u16) + Send + Sync + 'static) {
        self.with(|s| s.hook = Some(Arc::new(hook)));
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
    let response = answer(&state, &path, &query, &headers).await;
    let hook = state.0.lock().unwrap().hook.clone();
    if let Some(hook) = hook {
        hook(&path, &masked(&query), response.status().as_u16());
    }
    response
}

/// The query with the `api_key` value replaced, for logs.
fn masked(query: &str) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        out.append_pair(&k, if k == "api_key" { "***" } else { &v });
    }
    out.finish()
}

async fn answer(state: &Shared, path: &str, query: &str, headers: &HeaderMap) -> Response {
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
        *s.calls.entry(path.to_owned()).or_default() += 1;
        s.arrivals.push((Instant::now(), path.to_owned()));
        s.queries.push((path.to_owned(), query.to_owned()));
        if !(bearer_ok || key_ok) {
            s.bad_auth += 1;
        }
        let fault = s.next.pop_front().or_else(|| s.always.clone());
        let delay = s
            .delays
            .iter()
            .filter(|(p, _)| path.starts_with(p.as_str()))
            .max_by_key(|(p, _)| p.len())
            .map_or(s.delay, |(_, d)| *d);
        (fault, delay)
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
            let (status, code, message) = NOT_FOUND;
            return error(status, code, message);
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
    match fixture(path, &params) {
        Ok(body) => axum::Json(body).into_response(),
        Err((status, code, message)) => error(status, code, message),
    }
}

fn json_text(body: &'static str) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json;charset=utf-8")],
        body,
    )
        .into_response()
}

// ---- dates (no date crate: days since the epoch <-> civil dates, H. Hinnant's algorithms) ----

fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m as u32, d as u32)
}

fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let (m, d) = (i64::from(m), i64::from(d));
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn iso(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_of(date: &str) -> Option<i64> {
    let mut parts = date.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    Some(days_from_civil(y as i32, m, d))
}

fn today_days() -> i64 {
    moviebot::store::now().div_euclid(86_400)
}

/// Today's date (UTC), `YYYY-MM-DD`.
pub fn today() -> String {
    iso(today_days())
}

/// The current calendar year (UTC), from the system clock.
pub fn this_year() -> i32 {
    civil_from_days(today_days()).0
}

// ---- the synthetic films and people ----

/// The original synthetic films: (id, title, release date, genre ids, vote count). Their
/// details, credits and lists are built from [`all_films`].
pub const FILMS: &[(i64, &str, &str, &[i64], i64)] = &[
    (9001, "The Lantern Heist", "1996-03-14", &[28, 80], 5400),
    // Crime as well, so The Lantern Heist's top recommendation shares a genre with it.
    (9002, "Quiet Orbit", "2011-09-02", &[878, 18, 80], 3200),
    (9003, "Moss and Marrow", "1984-06-21", &[27], 900),
    (9004, "A Lantern for Two", "2019-02-08", &[10749, 35], 1500),
    (9005, "Tidewater Run", "1999-11-30", &[28, 53], 2700),
];

/// The current-year films ([`recent_films`]).
pub const NEON_HARBOR: i64 = 9006;
pub const THE_GLASS_ORCHARD: i64 = 9007;
pub const SALTWIND: i64 = 9008;
pub const VELVET_STATIC: i64 = 9009;
/// The one adult title ("Crimson Ledger Nights", 2005): only `include_adult=true` shows it.
pub const ADULT_FILM: i64 = 9090;

/// The named synthetic people.
pub const ADA_EXAMPLE: i64 = 501;
pub const NOVA_QUILL: i64 = 502;
pub const INES_MARLOW: i64 = 503;
pub const TOBIN_ASHGROVE: i64 = 504;
/// "Actor 1".."Actor 7" are 700..=706; then Dana Director and Writer Person.
pub const DANA_DIRECTOR: i64 = 800;
pub const WRITER_PERSON: i64 = 801;

/// People of the embedded catalog get ids from here up, in order of first appearance.
pub const CATALOG_PERSON_BASE: i64 = 100_000;

/// `top_rated` lists only films with at least this many votes (as TMDb keeps a floor), so
/// this year's films, with few votes yet, are not in it.
pub const TOP_RATED_MIN_VOTES: i64 = 300;

/// One acting credit.
#[derive(Debug, Clone, PartialEq)]
pub struct CastCredit {
    pub person: i64,
    pub name: String,
    pub character: String,
}

/// One crew credit.
#[derive(Debug, Clone, PartialEq)]
pub struct CrewCredit {
    pub person: i64,
    pub name: String,
    pub job: String,
    pub department: String,
}

/// A film as the fake serves it, whatever its source.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeFilm {
    pub id: i64,
    pub title: String,
    pub original_title: String,
    /// `YYYY-MM-DD`
    pub release_date: String,
    pub genre_ids: Vec<i64>,
    pub overview: String,
    pub runtime: i32,
    pub vote_average: f64,
    pub vote_count: i64,
    pub popularity: f64,
    pub adult: bool,
    pub imdb_id: Option<String>,
    /// None for catalog films (the catalog does not say).
    pub original_language: Option<String>,
    /// The US certification, "" when unknown.
    pub certification: String,
    /// `belongs_to_collection.name`, for films of a franchise.
    pub collection: Option<String>,
    pub keywords: Vec<String>,
    /// In billing order (`order` 0 first).
    pub cast: Vec<CastCredit>,
    pub crew: Vec<CrewCredit>,
}

impl FakeFilm {
    pub fn year(&self) -> i32 {
        self.release_date
            .get(..4)
            .and_then(|y| y.parse().ok())
            .unwrap_or(0)
    }

    /// `/poster{id}.jpg`, for every film.
    pub fn poster_path(&self) -> String {
        format!("/poster{}.jpg", self.id)
    }

    pub fn genre_names(&self) -> Vec<&'static str> {
        self.genre_ids
            .iter()
            .filter_map(|g| genre_name(*g))
            .collect()
    }

    fn has_person(&self, ids: &[i64], cast: bool, crew: bool) -> bool {
        (cast && self.cast.iter().any(|c| ids.contains(&c.person)))
            || (crew && self.crew.iter().any(|c| ids.contains(&c.person)))
    }
}

/// A person as the fake serves them.
#[derive(Debug, Clone, PartialEq)]
pub struct FakePerson {
    pub id: i64,
    pub name: String,
    pub known_for_department: String,
    pub popularity: f64,
    pub profile_path: Option<String>,
}

/// (id, name, known-for department, popularity) of the named synthetic people.
const NAMED_PEOPLE: &[(i64, &str, &str, f64)] = &[
    (ADA_EXAMPLE, "Ada Example", "Acting", 12.5),
    (NOVA_QUILL, "Nova Quill", "Acting", 18.2),
    (INES_MARLOW, "Ines Marlow", "Directing", 9.4),
    (TOBIN_ASHGROVE, "Tobin Ashgrove", "Acting", 7.7),
    (DANA_DIRECTOR, "Dana Director", "Directing", 3.1),
    (WRITER_PERSON, "Writer Person", "Writing", 1.2),
];

/// The synthetic people `search/person` looks through: the named ones and "Actor 1".."Actor 7"
/// (700..=706), who fill the old films' casts.
pub fn people() -> Vec<FakePerson> {
    let named = NAMED_PEOPLE
        .iter()
        .map(|&(id, name, dept, popularity)| FakePerson {
            id,
            name: name.to_owned(),
            known_for_department: dept.to_owned(),
            popularity,
            profile_path: Some(if id == ADA_EXAMPLE {
                "/ada.jpg".to_owned()
            } else {
                format!("/profile{id}.jpg")
            }),
        });
    let actors = (0..7).map(|i| FakePerson {
        id: 700 + i,
        name: format!("Actor {}", i + 1),
        known_for_department: "Acting".to_owned(),
        popularity: 2.0,
        profile_path: None,
    });
    let mut all: Vec<FakePerson> = named.chain(actors).collect();
    all.sort_by_key(|p| p.id);
    all
}

fn synthetic_name(person: i64) -> String {
    match person {
        700..=706 => format!("Actor {}", person - 699),
        _ => NAMED_PEOPLE
            .iter()
            .find(|p| p.0 == person)
            .map_or_else(|| format!("Person {person}"), |p| p.1.to_owned()),
    }
}

fn acting(roles: &[(i64, &str)]) -> Vec<CastCredit> {
    roles
        .iter()
        .map(|&(person, character)| CastCredit {
            person,
            name: synthetic_name(person),
            character: character.to_owned(),
        })
        .collect()
}

fn jobs(jobs: &[(i64, &str, &str)]) -> Vec<CrewCredit> {
    jobs.iter()
        .map(|&(person, job, department)| CrewCredit {
            person,
            name: synthetic_name(person),
            job: job.to_owned(),
            department: department.to_owned(),
        })
        .collect()
}

/// "Actor 1".."Actor 7" as "Role 0".."Role 6", the last part taken by `guest` when given.
fn stock_cast(guest: Option<(i64, &str)>) -> Vec<CastCredit> {
    let roles: Vec<(i64, String)> = (0..7)
        .map(|i| match (i, guest) {
            (6, Some((person, character))) => (person, character.to_owned()),
            _ => (700 + i, format!("Role {i}")),
        })
        .collect();
    acting(
        &roles
            .iter()
            .map(|(p, c)| (*p, c.as_str()))
            .collect::<Vec<_>>(),
    )
}

fn old_film(f: &(i64, &str, &str, &[i64], i64)) -> FakeFilm {
    let &(id, title, date, genres, votes) = f;
    type Extra = (
        f64,
        &'static str,
        &'static [&'static str],
        Option<(i64, &'static str)>,
    );
    let (vote_average, certification, keywords, guest): Extra = match id {
        9001 => (7.4, "R", &["heist", "lantern"], Some((ADA_EXAMPLE, "Mara"))),
        9002 => (
            7.9,
            "PG-13",
            &["space station", "murder", "isolation"],
            Some((NOVA_QUILL, "Dr. Iris Vane")),
        ),
        9003 => (6.2, "R", &["folk horror", "bog", "village"], None),
        9004 => (
            6.8,
            "PG-13",
            &["lantern", "festival", "second chance"],
            Some((NOVA_QUILL, "Juniper")),
        ),
        9005 => (
            7.1,
            "R",
            &["river", "chase", "smuggling"],
            Some((ADA_EXAMPLE, "Jo")),
        ),
        _ => (7.1, "R", &["heist", "lantern"], None),
    };
    let mut crew = jobs(&[
        (WRITER_PERSON, "Screenplay", "Writing"),
        (DANA_DIRECTOR, "Director", "Directing"),
    ]);
    match id {
        // Ada co-directed Moss and Marrow (listed after Dana, who stays "the" director).
        9003 => crew.extend(jobs(&[(ADA_EXAMPLE, "Director", "Directing")])),
        9005 => crew.extend(jobs(&[(INES_MARLOW, "Editor", "Editing")])),
        _ => {}
    }
    FakeFilm {
        id,
        title: title.to_owned(),
        original_title: title.to_owned(),
        release_date: date.to_owned(),
        genre_ids: genres.to_vec(),
        overview: format!("A synthetic overview of {title}."),
        runtime: 101,
        vote_average,
        vote_count: votes,
        popularity: votes as f64 / 100.0,
        adult: false,
        imdb_id: Some(format!("tt{id:07}")),
        original_language: Some("en".to_owned()),
        certification: certification.to_owned(),
        collection: None,
        keywords: keywords.iter().map(|k| (*k).to_owned()).collect(),
        cast: stock_cast(guest),
        crew,
    }
}

/// Any id the fake does not know: the answer the fake has always given.
fn unknown_film(id: i64) -> FakeFilm {
    FakeFilm {
        title: format!("Synthetic Film {id}"),
        original_title: format!("Synthetic Film {id}"),
        release_date: "2001-01-01".to_owned(),
        genre_ids: vec![18],
        overview: format!("A synthetic overview of Synthetic Film {id}."),
        vote_count: 10,
        popularity: 0.1,
        ..old_film(&(id, "", "", &[], 10))
    }
}

/// A current-year film released on `month`/`day`, or today if that is still ahead.
struct Recent {
    id: i64,
    title: &'static str,
    month: u32,
    day: u32,
    genres: &'static [i64],
    votes: i64,
    average: f64,
    popularity: f64,
    runtime: i32,
    certification: &'static str,
    keywords: &'static [&'static str],
    overview: &'static str,
    cast: &'static [(i64, &'static str)],
    crew: &'static [(i64, &'static str, &'static str)],
}

const RECENT: &[Recent] = &[
    Recent {
        id: NEON_HARBOR,
        title: "Neon Harbor",
        month: 1,
        day: 17,
        genres: &[80, 53],
        votes: 260,
        average: 7.3,
        popularity: 96.4,
        runtime: 112,
        certification: "R",
        keywords: &["harbor", "neon", "shipping container", "night shift"],
        overview: "A night-shift harbor pilot finds a shipping container that glows from the \
                   inside, and every crew that opens it goes missing.",
        cast: &[
            (NOVA_QUILL, "Wren Castellan"),
            (TOBIN_ASHGROVE, "Harbormaster Pell"),
            (702, "Dock Guard"),
        ],
        crew: &[
            (DANA_DIRECTOR, "Director", "Directing"),
            (INES_MARLOW, "Screenplay", "Writing"),
        ],
    },
    Recent {
        id: THE_GLASS_ORCHARD,
        title: "The Glass Orchard",
        month: 2,
        day: 6,
        genres: &[27, 18],
        votes: 180,
        average: 6.9,
        popularity: 71.8,
        runtime: 98,
        certification: "R",
        keywords: &["orchard", "glass", "haunting", "inheritance"],
        overview: "Two estranged sisters inherit an orchard whose trees bear fruit of blown \
                   glass, and the house beside it remembers them.",
        cast: &[
            (TOBIN_ASHGROVE, "Elias Thorn"),
            (701, "Greta Thorn"),
            (703, "The Glazier"),
        ],
        crew: &[
            (INES_MARLOW, "Director", "Directing"),
            (WRITER_PERSON, "Screenplay", "Writing"),
        ],
    },
    Recent {
        id: SALTWIND,
        title: "Saltwind",
        month: 3,
        day: 13,
        genres: &[53, 12],
        votes: 140,
        average: 7.6,
        popularity: 58.3,
        runtime: 121,
        certification: "PG-13",
        keywords: &["sailing", "storm", "drowned island", "salvage"],
        overview: "A salvage captain racing a storm to a drowned island learns that the wreck \
                   she is after was sunk on purpose.",
        cast: &[
            (NOVA_QUILL, "Captain Isolde Marr"),
            (700, "First Mate Osei"),
        ],
        crew: &[
            (INES_MARLOW, "Director", "Directing"),
            (WRITER_PERSON, "Screenplay", "Writing"),
        ],
    },
    Recent {
        id: VELVET_STATIC,
        title: "Velvet Static",
        month: 4,
        day: 3,
        genres: &[27, 878],
        votes: 95,
        average: 6.1,
        popularity: 44.0,
        runtime: 94,
        certification: "R",
        keywords: &["radio", "signal", "premonition", "late night"],
        overview: "A late-night radio host starts taking calls from listeners who describe \
                   tomorrow's broadcast word for word.",
        cast: &[(TOBIN_ASHGROVE, "Rafe Denholm"), (704, "The Caller")],
        crew: &[(DANA_DIRECTOR, "Director", "Directing")],
    },
];

fn recent_film(r: &Recent) -> FakeFilm {
    let planned = days_from_civil(this_year(), r.month, r.day);
    FakeFilm {
        id: r.id,
        title: r.title.to_owned(),
        original_title: r.title.to_owned(),
        release_date: iso(planned.min(today_days())),
        genre_ids: r.genres.to_vec(),
        overview: r.overview.to_owned(),
        runtime: r.runtime,
        vote_average: r.average,
        vote_count: r.votes,
        popularity: r.popularity,
        adult: false,
        imdb_id: Some(format!("tt{:07}", r.id)),
        original_language: Some("en".to_owned()),
        certification: r.certification.to_owned(),
        collection: None,
        keywords: r.keywords.iter().map(|k| (*k).to_owned()).collect(),
        cast: acting(r.cast),
        crew: jobs(r.crew),
    }
}

fn adult_film() -> FakeFilm {
    FakeFilm {
        id: ADULT_FILM,
        title: "Crimson Ledger Nights".to_owned(),
        original_title: "Crimson Ledger Nights".to_owned(),
        release_date: "2005-05-05".to_owned(),
        genre_ids: vec![10749, 18],
        overview: "A synthetic adult-only title: include_adult=false keeps it out.".to_owned(),
        runtime: 88,
        vote_average: 5.0,
        vote_count: 40,
        popularity: 3.3,
        adult: true,
        imdb_id: None,
        original_language: Some("en".to_owned()),
        certification: "NC-17".to_owned(),
        collection: None,
        keywords: vec!["erotic".to_owned()],
        cast: Vec::new(),
        crew: Vec::new(),
    }
}

static SYNTHETIC: LazyLock<Vec<FakeFilm>> = LazyLock::new(|| {
    FILMS
        .iter()
        .map(old_film)
        .chain(RECENT.iter().map(recent_film))
        .chain(std::iter::once(adult_film()))
        .collect()
});

/// Films released this calendar year (dates clamped to today, so all are out already):
/// Neon Harbor (Crime, Thriller), The Glass Orchard (Horror, Drama), Saltwind (Thriller,
/// Adventure), Velvet Static (Horror, Science Fiction).
pub fn recent_films() -> Vec<FakeFilm> {
    SYNTHETIC
        .iter()
        .filter(|f| RECENT.iter().any(|r| r.id == f.id))
        .cloned()
        .collect()
}

/// Every synthetic film: [`FILMS`], then [`recent_films`], then the adult title.
pub fn all_films() -> Vec<FakeFilm> {
    SYNTHETIC.clone()
}

/// The embedded catalog as the fake serves it, and its people.
struct Catalog {
    films: Vec<FakeFilm>,
    index: HashMap<i64, usize>,
    people: Vec<FakePerson>,
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    let source = moviebot::catalog::embedded::films();
    let mut people: Vec<FakePerson> = Vec::new();
    let mut ids: HashMap<String, i64> = HashMap::new();
    let mut person = |name: &str, dept: &str| -> i64 {
        *ids.entry(name.to_owned()).or_insert_with(|| {
            let id = CATALOG_PERSON_BASE + people.len() as i64;
            people.push(FakePerson {
                id,
                name: name.to_owned(),
                known_for_department: dept.to_owned(),
                popularity: 1.0,
                profile_path: None,
            });
            id
        })
    };
    let films: Vec<FakeFilm> = source
        .iter()
        .map(|c| {
            let crew = vec![CrewCredit {
                person: person(&c.director, "Directing"),
                name: c.director.clone(),
                job: "Director".to_owned(),
                department: "Directing".to_owned(),
            }];
            let cast = c
                .cast
                .iter()
                .map(|name| CastCredit {
                    person: person(name, "Acting"),
                    name: name.clone(),
                    character: String::new(),
                })
                .collect();
            FakeFilm {
                id: c.tmdb_id,
                title: c.title.clone(),
                original_title: c.original_title.clone(),
                release_date: c.release_date.clone(),
                genre_ids: c.genres.iter().filter_map(|g| genre_id(g)).collect(),
                overview: c.overview.clone(),
                runtime: c.runtime as i32,
                vote_average: c.vote_average,
                vote_count: c.vote_count,
                popularity: c.popularity,
                adult: false,
                imdb_id: None,
                original_language: c.original_language.clone(),
                certification: c.certification.clone().unwrap_or_default(),
                collection: c.collection.clone(),
                keywords: c.keywords.clone(),
                cast,
                crew,
            }
        })
        .collect();
    let index = films.iter().enumerate().map(|(i, f)| (f.id, i)).collect();
    Catalog {
        films,
        index,
        people,
    }
});

/// The id the fake gives a person of the embedded catalog (cast or director), if any.
pub fn catalog_person_id(name: &str) -> Option<i64> {
    CATALOG.people.iter().find(|p| p.name == name).map(|p| p.id)
}

fn catalog_film(id: i64) -> Option<&'static FakeFilm> {
    CATALOG.index.get(&id).map(|&i| &CATALOG.films[i])
}

/// The film `movie/{id}` describes: a synthetic one, else an embedded-catalog one, else None
/// (the fake then answers "Synthetic Film {id}").
pub fn film(id: i64) -> Option<FakeFilm> {
    SYNTHETIC
        .iter()
        .find(|f| f.id == id)
        .or_else(|| catalog_film(id))
        .cloned()
}

fn genre_name(id: i64) -> Option<&'static str> {
    TMDB_GENRES.iter().find(|(g, _)| *g == id).map(|(_, n)| *n)
}

fn genre_id(name: &str) -> Option<i64> {
    TMDB_GENRES
        .iter()
        .find(|(_, n)| *n == name)
        .map(|(g, _)| *g)
}

// ---- response shapes ----

/// A film as lists show it (`search/movie`, `discover/movie`, `trending`, ...).
fn item(f: &FakeFilm) -> Value {
    let mut v = json!({
        "adult": f.adult,
        "backdrop_path": null,
        "genre_ids": f.genre_ids,
        "id": f.id,
        "original_title": f.original_title,
        "overview": f.overview,
        "popularity": f.popularity,
        "poster_path": f.poster_path(),
        "release_date": f.release_date,
        "title": f.title,
        "video": false,
        "vote_average": f.vote_average,
        "vote_count": f.vote_count,
    });
    if let Some(lang) = &f.original_language {
        v["original_language"] = json!(lang);
    }
    v
}

/// Page `page` (from 1) of `items`, [`PER_PAGE`] a page.
fn paged(items: Vec<Value>, page: usize) -> Value {
    let total = items.len();
    let results: Vec<Value> = items
        .into_iter()
        .skip((page - 1) * PER_PAGE)
        .take(PER_PAGE)
        .collect();
    json!({
        "page": page,
        "results": results,
        "total_pages": total.div_ceil(PER_PAGE).max(1),
        "total_results": total,
    })
}

/// TMDb's credit ids are 24 hex digits; these are derived from film, person and part, so a
/// film's credits and a person's credits name the same credit.
fn credit_id(film: i64, person: i64, n: usize) -> String {
    format!("{film:08x}{person:08x}{n:08x}")
}

fn person_of(id: i64) -> Option<FakePerson> {
    if id >= CATALOG_PERSON_BASE {
        return CATALOG
            .people
            .get((id - CATALOG_PERSON_BASE) as usize)
            .cloned();
    }
    people().into_iter().find(|p| p.id == id)
}

fn person_fields(id: i64, name: &str) -> Value {
    let p = person_of(id);
    json!({
        "adult": false,
        "gender": 0,
        "id": id,
        "known_for_department": p.as_ref().map_or("Acting", |p| p.known_for_department.as_str()),
        "name": name,
        "original_name": name,
        "popularity": p.as_ref().map_or(0.0, |p| p.popularity),
        "profile_path": p.and_then(|p| p.profile_path),
    })
}

fn credits(f: &FakeFilm) -> Value {
    // Listed last-billed first on purpose: clients must sort by `order`.
    let cast: Vec<Value> = f
        .cast
        .iter()
        .enumerate()
        .rev()
        .map(|(i, c)| {
            let mut v = person_fields(c.person, &c.name);
            extend(
                &mut v,
                json!({
                    "cast_id": i + 1,
                    "character": c.character,
                    "credit_id": credit_id(f.id, c.person, i),
                    "order": i,
                }),
            );
            v
        })
        .collect();
    let crew: Vec<Value> = f
        .crew
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut v = person_fields(c.person, &c.name);
            extend(
                &mut v,
                json!({
                    "credit_id": credit_id(f.id, c.person, 100 + i),
                    "department": c.department,
                    "job": c.job,
                }),
            );
            v
        })
        .collect();
    json!({"cast": cast, "crew": crew})
}

fn extend(v: &mut Value, extra: Value) {
    if let (Some(v), Value::Object(extra)) = (v.as_object_mut(), extra) {
        v.extend(extra);
    }
}

/// Keyword ids: FNV-1a of the name, so the same keyword has the same id in every film.
fn keyword_id(name: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % 900_000) as i64 + 1
}

fn keywords(f: &FakeFilm) -> Value {
    let list: Vec<Value> = f
        .keywords
        .iter()
        .map(|k| json!({"id": keyword_id(k), "name": k}))
        .collect();
    json!({"keywords": list})
}

fn release_dates(f: &FakeFilm) -> Value {
    let premiere = days_of(&f.release_date).map_or_else(|| f.release_date.clone(), |d| iso(d - 13));
    let at = |date: &str| format!("{date}T00:00:00.000Z");
    json!({"results": [{"iso_3166_1": "US", "release_dates": [
        {"certification": "", "descriptors": [], "iso_639_1": "", "note": "Premiere", "type": 1, "release_date": at(&premiere)},
        {"certification": f.certification, "descriptors": [], "iso_639_1": "", "note": "", "type": 3, "release_date": at(&f.release_date)},
    ]}]})
}

fn providers(id: i64) -> Value {
    let p = |id: i64, name: &str, prio: i64| json!({"logo_path": format!("/logo{id}.png"), "provider_id": id, "provider_name": name, "display_priority": prio});
    let link =
        |region: &str| format!("https://www.themoviedb.org/movie/{id}/watch?locale={region}");
    json!({
        "GB": {
            "link": link("GB"),
            "flatrate": [p(2, "StreamBox", 2), p(1, "FlixNet", 1)],
            "rent": [p(3, "RentalHub", 1)],
            "buy": [p(3, "RentalHub", 1), p(4, "ShopVid", 2)],
        },
        "US": {
            "link": link("US"),
            "rent": [p(3, "RentalHub", 1)],
        },
        "CA": {
            "link": link("CA"),
            "flatrate": streams_in_ca(id)
                .iter()
                .map(|s| p(s.0, s.1, s.0))
                .collect::<Vec<_>>(),
            "rent": [p(3, "RentalHub", 1)],
        }
    })
}

/// The services a film streams on (flat rate) in Canada, the region where they differ per
/// film: odd ids on FlixNet (1), multiples of three on StreamBox (2).
pub fn streams_in_ca(id: i64) -> Vec<(i64, &'static str)> {
    let mut on = Vec::new();
    if id % 2 == 1 {
        on.push((1, "FlixNet"));
    }
    if id % 3 == 0 {
        on.push((2, "StreamBox"));
    }
    on
}

/// `watch/providers/movie`: FlixNet, StreamBox and RentalHub first, then "Service 10" to
/// "Service 39" (more than any keyboard shows), each with its display priority in every
/// region the fake models.
fn provider_list(region: &str) -> Value {
    let named = [(1, "FlixNet", 1), (2, "StreamBox", 2), (3, "RentalHub", 3)];
    let filler = (10..40).map(|i| (i, "", i));
    let results: Vec<Value> = named
        .into_iter()
        .map(|(id, name, prio)| (id, name.to_owned(), prio))
        .chain(filler.map(|(id, _, prio)| (id, format!("Service {id}"), prio)))
        .map(|(id, name, prio)| {
            json!({
                "provider_id": id,
                "provider_name": name,
                "logo_path": format!("/logo{id}.png"),
                "display_priority": prio,
                "display_priorities": {region: prio, "GB": prio, "US": prio, "CA": prio},
            })
        })
        .collect();
    json!({ "results": results })
}

#[derive(Clone, Copy)]
enum Related {
    /// Most genres in common first, then the most popular.
    Similar,
    /// The most voted first (a stand-in for "people who liked this also liked").
    Recommendations,
}

/// Films sharing a genre with `f`, never `f` itself nor an adult title; drawn from the
/// catalog for a catalog film, from the synthetic films otherwise.
fn related(f: &FakeFilm, kind: Related) -> Vec<&'static FakeFilm> {
    let pool: &'static [FakeFilm] = if catalog_film(f.id).is_some() {
        &CATALOG.films
    } else {
        &SYNTHETIC
    };
    let mut hits: Vec<(usize, &FakeFilm)> = pool
        .iter()
        .filter(|o| o.id != f.id && !o.adult)
        .map(|o| {
            let shared = o.genre_ids.iter().filter(|g| f.genre_ids.contains(g));
            (shared.count(), o)
        })
        .filter(|(shared, _)| *shared > 0)
        .collect();
    match kind {
        Related::Similar => hits.sort_by(|(na, a), (nb, b)| {
            nb.cmp(na)
                .then(b.popularity.total_cmp(&a.popularity))
                .then(a.id.cmp(&b.id))
        }),
        Related::Recommendations => {
            hits.sort_by(|(_, a), (_, b)| b.vote_count.cmp(&a.vote_count).then(a.id.cmp(&b.id)))
        }
    }
    hits.into_iter().map(|(_, o)| o).collect()
}

fn related_page(f: &FakeFilm, kind: Related, page: usize) -> Value {
    paged(related(f, kind).into_iter().map(item).collect(), page)
}

/// `movie/{id}` with the parts `append_to_response` asks for (and only those).
/// A stable id for a collection name (TMDb's are numbers).
fn collection_id(name: &str) -> i64 {
    name.bytes()
        .fold(17i64, |h, b| (h.wrapping_mul(31) + b as i64) % 1_000_000)
        + 1
}

fn details(f: &FakeFilm, append: &str) -> Value {
    let genres: Vec<Value> = f
        .genre_ids
        .iter()
        .map(|g| json!({"id": g, "name": genre_name(*g).unwrap_or("Drama")}))
        .collect();
    let mut v = json!({
        "adult": f.adult,
        "backdrop_path": null,
        "belongs_to_collection": f.collection.as_ref().map(|name| json!({
            "id": collection_id(name),
            "name": name,
            "poster_path": null,
            "backdrop_path": null,
        })),
        "budget": 0,
        "genres": genres,
        "homepage": "",
        "id": f.id,
        "imdb_id": f.imdb_id,
        "original_title": f.original_title,
        "overview": f.overview,
        "popularity": f.popularity,
        "poster_path": f.poster_path(),
        "production_companies": [],
        "production_countries": [],
        "release_date": f.release_date,
        "revenue": 0,
        "runtime": f.runtime,
        "spoken_languages": [],
        "status": "Released",
        "tagline": "",
        "title": f.title,
        "video": false,
        "vote_average": f.vote_average,
        "vote_count": f.vote_count,
    });
    if let Some(lang) = &f.original_language {
        v["original_language"] = json!(lang);
    }
    for part in append.split(',').map(str::trim) {
        let value = match part {
            "credits" => credits(f),
            "keywords" => keywords(f),
            "release_dates" => release_dates(f),
            "watch/providers" => json!({"results": providers(f.id)}),
            "recommendations" => related_page(f, Related::Recommendations, 1),
            "similar" => related_page(f, Related::Similar, 1),
            // TMDb ignores parts it does not know.
            _ => continue,
        };
        v[part] = value;
    }
    v
}

/// `person/{id}/movie_credits`: the person's films in the pool they belong to.
fn person_credits(id: i64) -> Option<Value> {
    let person = person_of(id)?;
    let pool: &[FakeFilm] = if id >= CATALOG_PERSON_BASE {
        &CATALOG.films
    } else {
        &SYNTHETIC
    };
    let mut cast = Vec::new();
    let mut crew = Vec::new();
    for f in pool.iter().filter(|f| !f.adult) {
        for (i, c) in f.cast.iter().enumerate().filter(|(_, c)| c.person == id) {
            let mut v = item(f);
            extend(
                &mut v,
                json!({"character": c.character, "credit_id": credit_id(f.id, id, i), "order": i}),
            );
            cast.push(v);
        }
        for (i, c) in f.crew.iter().enumerate().filter(|(_, c)| c.person == id) {
            let mut v = item(f);
            extend(
                &mut v,
                json!({"credit_id": credit_id(f.id, id, 100 + i), "department": c.department, "job": c.job}),
            );
            crew.push(v);
        }
    }
    Some(json!({"id": person.id, "cast": cast, "crew": crew}))
}

/// A person as `search/person` lists them, with up to three of their best-known films.
fn person_item(p: &FakePerson) -> Value {
    let mut films: Vec<&FakeFilm> = SYNTHETIC
        .iter()
        .filter(|f| !f.adult && f.has_person(&[p.id], true, true))
        .collect();
    films.sort_by(|a, b| b.popularity.total_cmp(&a.popularity));
    let known_for: Vec<Value> = films
        .into_iter()
        .take(3)
        .map(|f| {
            let mut v = item(f);
            v["media_type"] = json!("movie");
            v
        })
        .collect();
    let mut v = person_fields(p.id, &p.name);
    v["known_for"] = json!(known_for);
    v
}

// ---- routes ----

type Failure = (StatusCode, i64, &'static str);

const NOT_FOUND: Failure = (
    StatusCode::NOT_FOUND,
    34,
    "The resource you requested could not be found.",
);
const BAD_PAGE: Failure = (
    StatusCode::BAD_REQUEST,
    22,
    "Invalid page: Pages start at 1 and max at 500. They are expected to be an integer.",
);

/// The synthetic films lists show (no adult titles), most popular first.
fn listed() -> Vec<&'static FakeFilm> {
    let mut all: Vec<&FakeFilm> = SYNTHETIC.iter().filter(|f| !f.adult).collect();
    all.sort_by(|a, b| b.popularity.total_cmp(&a.popularity).then(a.id.cmp(&b.id)));
    all
}

fn top_rated() -> Vec<&'static FakeFilm> {
    let mut top: Vec<&FakeFilm> = listed()
        .into_iter()
        .filter(|f| f.vote_count >= TOP_RATED_MIN_VOTES)
        .collect();
    top.sort_by(|a, b| b.vote_average.total_cmp(&a.vote_average));
    top
}

/// What `trending/movie/{day,week}` and `movie/popular` list, in their order: every synthetic
/// film but the adult one (the old five and this year's four), most popular first.
pub fn listed_films() -> Vec<FakeFilm> {
    listed().into_iter().cloned().collect()
}

/// What `movie/top_rated` lists: the films with at least [`TOP_RATED_MIN_VOTES`] votes (the
/// old five), best rated first.
pub fn top_rated_films() -> Vec<FakeFilm> {
    top_rated().into_iter().cloned().collect()
}

fn items<'a>(films: impl IntoIterator<Item = &'a FakeFilm>) -> Vec<Value> {
    films.into_iter().map(item).collect()
}

fn fixture(path: &str, q: &HashMap<String, String>) -> Result<Value, Failure> {
    let page = match q.get("page") {
        None => 1,
        Some(p) => p
            .parse::<usize>()
            .ok()
            .filter(|p| (1..=500).contains(p))
            .ok_or(BAD_PAGE)?,
    };
    let adult_ok = q.get("include_adult").is_some_and(|v| v == "true");
    let movie_id = |id: &str| id.parse::<i64>().map_err(|_| NOT_FOUND);
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    Ok(match segments.as_slice() {
        ["search", "movie"] => {
            let needle = q.get("query").map(|s| s.trim().to_lowercase());
            let year = |key: &str| q.get(key).filter(|y| !y.is_empty());
            let (year, primary) = (year("year"), year("primary_release_year"));
            let hits = SYNTHETIC
                .iter()
                .filter(|f| adult_ok || !f.adult)
                .filter(|f| {
                    needle.as_ref().is_some_and(|n| {
                        !n.is_empty()
                            && (f.title.to_lowercase().contains(n)
                                || f.original_title.to_lowercase().contains(n))
                    })
                })
                .filter(|f| year.is_none_or(|y| f.release_date.starts_with(y.as_str())))
                .filter(|f| primary.is_none_or(|y| f.release_date.starts_with(y.as_str())));
            // "Synthetic Film 123456" names the film any unknown id stands for, so a bench can
            // ask for as many distinct, never-cached titles as it likes.
            let numbered = needle
                .as_deref()
                .and_then(|n| n.strip_prefix("synthetic film "))
                .and_then(|id| id.trim().parse::<i64>().ok())
                .filter(|id| film(*id).is_none())
                .map(unknown_film);
            let mut hits = items(hits);
            hits.extend(numbered.iter().map(item));
            paged(hits, page)
        }
        ["search", "person"] => {
            let needle = q.get("query").map(|s| s.trim().to_lowercase());
            let hits: Vec<Value> = people()
                .iter()
                .filter(|p| {
                    needle
                        .as_ref()
                        .is_some_and(|n| !n.is_empty() && p.name.to_lowercase().contains(n))
                })
                .map(person_item)
                .collect();
            paged(hits, page)
        }
        // Every synthetic film's IMDb id is "tt" + its TMDb id in seven digits.
        ["find", external] => {
            let by_imdb = q.get("external_source").is_some_and(|s| s == "imdb_id");
            let found = external
                .strip_prefix("tt")
                .and_then(|n| n.parse::<i64>().ok())
                .filter(|_| by_imdb)
                .and_then(film)
                .filter(|f| f.imdb_id.as_deref() == Some(*external));
            json!({
                "movie_results": found.iter().map(item).collect::<Vec<_>>(),
                "person_results": [],
                "tv_results": [],
                "tv_episode_results": [],
                "tv_season_results": [],
            })
        }
        ["discover", "movie"] => paged(items(discover(q)), page),
        ["trending", "movie", "day" | "week"] | ["movie", "popular"] => {
            paged(items(listed()), page)
        }
        ["movie", "top_rated"] => paged(items(top_rated()), page),
        ["movie", "now_playing"] => {
            let year = this_year().to_string();
            let now = listed()
                .into_iter()
                .filter(|f| f.release_date.starts_with(&year));
            let mut v = paged(items(now), page);
            v["dates"] = json!({"minimum": format!("{year}-01-01"), "maximum": today()});
            v
        }
        // Action, Drama and Science Fiction first (tests index into the list), then the rest.
        ["genre", "movie", "list"] => {
            let first = [28, 18, 878];
            let order = first.iter().copied().chain(
                TMDB_GENRES
                    .iter()
                    .map(|(g, _)| *g)
                    .filter(|g| !first.contains(g)),
            );
            let genres: Vec<Value> = order
                .map(|g| json!({"id": g, "name": genre_name(g)}))
                .collect();
            json!({ "genres": genres })
        }
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
        ["person", id, "movie_credits"] => person_credits(movie_id(id)?).ok_or(NOT_FOUND)?,
        ["watch", "providers", "movie"] => {
            provider_list(q.get("watch_region").map_or("US", String::as_str))
        }
        ["movie", id, "watch", "providers"] => {
            let id = movie_id(id)?;
            json!({"id": id, "results": providers(id)})
        }
        ["movie", id, part @ ("similar" | "recommendations")] => {
            let f = lookup(movie_id(id)?);
            let kind = if *part == "similar" {
                Related::Similar
            } else {
                Related::Recommendations
            };
            related_page(&f, kind, page)
        }
        [
            "movie",
            id,
            part @ ("credits" | "keywords" | "release_dates"),
        ] => {
            let f = lookup(movie_id(id)?);
            let mut v = details(&f, part)[*part].take();
            v["id"] = json!(f.id);
            v
        }
        ["movie", id] => {
            let f = lookup(movie_id(id)?);
            details(&f, q.get("append_to_response").map_or("", String::as_str))
        }
        _ => return Err(NOT_FOUND),
    })
}

fn lookup(id: i64) -> FakeFilm {
    film(id).unwrap_or_else(|| unknown_film(id))
}

/// Ids from a comma- or pipe-separated list.
fn id_list(s: &str) -> Vec<i64> {
    s.split([',', '|'])
        .filter_map(|p| p.trim().parse().ok())
        .collect()
}

/// `with_genres`: commas are AND, pipes OR (`27,18` = both; `27|18` = either).
fn has_genres(f: &FakeFilm, spec: &str) -> bool {
    spec.split(',').filter(|g| !g.trim().is_empty()).all(|any| {
        any.split('|')
            .filter_map(|g| g.trim().parse::<i64>().ok())
            .any(|g| f.genre_ids.contains(&g))
    })
}

/// The order of the US certifications (TMDb's `order` in `/certification/movie/list`).
fn us_rank(c: &str) -> Option<u8> {
    ["G", "PG", "PG-13", "R", "NC-17"]
        .iter()
        .position(|x| *x == c)
        .map(|p| p as u8 + 1)
}

/// `discover/movie` over the synthetic films: genre, date, people and vote filters, then
/// `sort_by` (popularity.desc by default; ties by id).
fn discover(q: &HashMap<String, String>) -> Vec<&'static FakeFilm> {
    let get = |k: &str| q.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let adult_ok = get("include_adult") == Some("true");
    let mut hits: Vec<&FakeFilm> = SYNTHETIC
        .iter()
        .filter(|f| adult_ok || !f.adult)
        .filter(|f| get("with_genres").is_none_or(|g| has_genres(f, g)))
        // Only Canada's flat-rate streaming is modelled per film (`streams_in_ca`).
        .filter(|f| {
            get("with_watch_providers").is_none_or(|p| {
                let wanted = id_list(p);
                get("watch_region") == Some("CA")
                    && get("with_watch_monetization_types").is_none_or(|m| m.contains("flatrate"))
                    && streams_in_ca(f.id).iter().any(|(s, _)| wanted.contains(s))
            })
        })
        .filter(|f| {
            get("without_genres")
                .is_none_or(|g| !id_list(g).iter().any(|g| f.genre_ids.contains(g)))
        })
        .filter(|f| get("primary_release_date.gte").is_none_or(|d| f.release_date.as_str() >= d))
        .filter(|f| get("primary_release_date.lte").is_none_or(|d| f.release_date.as_str() <= d))
        .filter(|f| {
            [get("primary_release_year"), get("year")]
                .into_iter()
                .flatten()
                .all(|y| y.parse::<i32>().ok() == Some(f.year()))
        })
        .filter(|f| get("with_cast").is_none_or(|p| f.has_person(&id_list(p), true, false)))
        .filter(|f| get("with_crew").is_none_or(|p| f.has_person(&id_list(p), false, true)))
        .filter(|f| get("with_people").is_none_or(|p| f.has_person(&id_list(p), true, true)))
        .filter(|f| {
            get("vote_count.gte").is_none_or(|n| n.parse::<i64>().is_ok_and(|n| f.vote_count >= n))
        })
        .filter(|f| {
            get("vote_count.lte").is_none_or(|n| n.parse::<i64>().is_ok_and(|n| f.vote_count <= n))
        })
        .filter(|f| {
            get("vote_average.gte")
                .is_none_or(|n| n.parse::<f64>().is_ok_and(|n| f.vote_average >= n))
        })
        .filter(|f| {
            get("vote_average.lte")
                .is_none_or(|n| n.parse::<f64>().is_ok_and(|n| f.vote_average <= n))
        })
        .filter(|f| {
            get("with_runtime.gte").is_none_or(|n| n.parse::<i32>().is_ok_and(|n| f.runtime >= n))
        })
        .filter(|f| {
            get("with_runtime.lte").is_none_or(|n| n.parse::<i32>().is_ok_and(|n| f.runtime <= n))
        })
        .filter(|f| {
            get("with_original_language").is_none_or(|l| f.original_language.as_deref() == Some(l))
        })
        // Only US certifications are modelled; `certification.lte` leaves out the unrated.
        .filter(|f| {
            get("certification.lte").is_none_or(|limit| {
                get("certification_country") == Some("US")
                    && us_rank(&f.certification).is_some_and(|r| Some(r) <= us_rank(limit))
            })
        })
        .collect();
    let sort = get("sort_by").unwrap_or("popularity.desc");
    let (key, order) = sort.rsplit_once('.').unwrap_or((sort, "desc"));
    hits.sort_by(|a, b| {
        let by = match key {
            "vote_average" => a.vote_average.total_cmp(&b.vote_average),
            "vote_count" => a.vote_count.cmp(&b.vote_count),
            "primary_release_date" | "release_date" => a.release_date.cmp(&b.release_date),
            "title" | "original_title" => a.title.cmp(&b.title),
            _ => a.popularity.total_cmp(&b.popularity),
        };
        let by = if order == "asc" { by } else { by.reverse() };
        by.then(a.id.cmp(&b.id))
    });
    hits
}
