//! The database goes away and comes back (issue #22, section 4). On SQLite: a read-only
//! database, a full one, a file deleted while the app runs, unwritable files at start, a
//! vanished or emptied database at the next start, and the SIGBUS of a `-shm` that turns
//! read-only. On PostgreSQL (when `MOVIEBOT_TEST_POSTGRES_URL` is set): connections killed
//! with `pg_terminate_backend`, and the server away for a few seconds behind a TCP proxy.
//!
//! Each time: requests get a 503 (`database_unavailable`, with Retry-After) or the chat's
//! friendly sentence, never a 500 and never a confirmation of a write that failed; `/healthz`
//! turns 503 while writes fail; everything works again without a restart once the database
//! does; and every write that was acknowledged is stored.
//!
//! These tests run as root in CI, and root ignores file permissions, so "read-only" is made
//! with SQLite's own `PRAGMA query_only` and "full" with `PRAGMA max_page_count` (both set on
//! every connection of the app's pool), and the immutable flag (`chattr +i`) where it works.

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use http_body_util::BodyExt;
use moviebot::chat::texts::DATABASE_UNAVAILABLE;
use moviebot::store::Store;
use moviebot_protocol::{Action, Outcome, Platform, PlatformUser, PublicMovieId, Stars};
use serde_json::{Value, json};
use support::app::{TestApp, TestAppBuilder};
use support::http::request;
use tower::ServiceExt;

const HEAT: i64 = 949;
/// No per-client limit in the way of a burst of writes; a small pool, so every connection
/// can be held at once to change its settings.
const SETTINGS: &str = "[limits]\napi_per_second = 100000\napi_burst = 100000\n\
                        chat_per_minute = 100000\nchat_burst = 100000\n\
                        [database]\nmax_connections = 2\n";
/// The longest anything here waits for a state to change (health is re-checked every 5 s).
const PATIENCE: Duration = Duration::from_secs(30);

// ------------------------------------------------------------------ helpers

/// One request through the app's router: status, headers and JSON body.
async fn send(app: &TestApp, method: &str, uri: &str, body: Option<Value>) -> Reply {
    let body = body.map(|b| b.to_string());
    let req = request(method, uri, body.as_deref(), None);
    let response = app.router().oneshot(req).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

impl Reply {
    /// A 503 for an outage: our code, a message, Retry-After in seconds.
    fn assert_unavailable(&self) {
        assert_eq!(
            self.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{}",
            self.body
        );
        assert_eq!(
            self.body["error"]["code"], "database_unavailable",
            "{}",
            self.body
        );
        let retry: u64 = (self.headers.get("retry-after"))
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .expect("Retry-After in seconds");
        assert!(retry >= 1, "{retry}");
    }
}

async fn rate(app: &TestApp, user: i64, film: i64, stars: f64) -> Reply {
    let body = json!({"user_id": user, "movie_id": film, "rating": stars});
    send(app, "POST", "/api/rate", Some(body)).await
}

/// Waits until `/healthz` answers `status`; returns its body.
async fn health_becomes(app: &TestApp, status: StatusCode) -> Value {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let r = send(app, "GET", "/healthz", None).await;
        if r.status == status {
            return r.body;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "/healthz stayed {} ({}), expected {status}",
            r.status,
            r.body
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Runs `sql` on every connection of the store's pool: all `n` are held at once, so each
/// one gets it (SQLite's `query_only` and `max_page_count` are per connection).
async fn on_every_connection(store: &Store, n: u32, sql: &str) {
    let mut held = Vec::new();
    for _ in 0..n {
        held.push(store.pool().acquire().await.unwrap());
    }
    for conn in &mut held {
        sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(&mut **conn)
            .await
            .unwrap();
    }
}

/// The stored ratings as (user, TMDb id) → stars.
async fn stored(store: &Store, users: &[i64]) -> BTreeMap<(i64, i64), f64> {
    let mut all = BTreeMap::new();
    for &u in users {
        for r in store.ratings_of(moviebot::domain::UserId(u)).await.unwrap() {
            all.insert((u, r.tmdb_id.unwrap()), f64::from(r.rating.get()));
        }
    }
    all
}

/// Every acknowledged rating must be stored with its stars.
fn assert_acknowledged_stored(
    acked: &BTreeMap<(i64, i64), f64>,
    stored: &BTreeMap<(i64, i64), f64>,
) {
    for (key, stars) in acked {
        assert_eq!(
            stored.get(key),
            Some(stars),
            "acknowledged rating {key:?} = {stars} is not stored"
        );
    }
}

/// Catalog films' TMDb ids, for writing many distinct ratings.
async fn films(app: &TestApp, n: usize) -> Vec<i64> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT tmdb_id FROM movies WHERE tmdb_id IS NOT NULL ORDER BY tmdb_id LIMIT $1",
    )
    .bind(n as i64)
    .fetch_all(app.store.pool())
    .await
    .unwrap();
    assert_eq!(ids.len(), n, "the catalog has {n} films");
    ids
}

async fn app(more: impl FnOnce(TestAppBuilder) -> TestAppBuilder) -> TestApp {
    more(TestApp::builder().toml(SETTINGS)).build().await
}

fn console(name: &str) -> PlatformUser {
    PlatformUser::new(Platform::Console, name, name)
}

async fn press(app: &TestApp, who: &PlatformUser, action: Action) -> moviebot_protocol::Reply {
    use moviebot_protocol::{ChatHandler, Incoming, IncomingEvent};
    app.core
        .handle(IncomingEvent::direct(who.clone(), Incoming::Action(action)))
        .await
}

fn rate_action(film: i64, stars: f32) -> Action {
    Action::Rate {
        movie: PublicMovieId(film),
        stars: Stars::new(stars).unwrap(),
    }
}

// ------------------------------------------------------------------ SQLite

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_read_only_writes_are_503_and_the_chat_says_so_then_all_recovers() {
    let app = app(|b| b).await;
    let user = send(&app, "POST", "/api/user", Some(json!({"username": "ann"}))).await;
    assert_eq!(user.status, StatusCode::CREATED, "{}", user.body);
    let id = user.body["user_id"].as_i64().unwrap();
    let mut acked = BTreeMap::new();
    assert_eq!(rate(&app, id, HEAT, 4.0).await.status, StatusCode::OK);
    acked.insert((id, HEAT), 4.0);
    let ok = health_becomes(&app, StatusCode::OK).await;
    assert_eq!(ok["database_writable"], true, "{ok}");

    on_every_connection(&app.store, 2, "PRAGMA query_only = 1").await;
    let films = films(&app, 6).await;
    for &film in &films[..3] {
        rate(&app, id, film, 3.0).await.assert_unavailable();
    }
    send(&app, "POST", "/api/user", Some(json!({"username": "bob"})))
        .await
        .assert_unavailable();
    // Reads still work while writes fail.
    let profile = send(&app, "GET", &format!("/api/user/{id}"), None).await;
    assert_eq!(profile.status, StatusCode::OK, "{}", profile.body);
    let down = health_becomes(&app, StatusCode::SERVICE_UNAVAILABLE).await;
    assert_eq!(down["error"]["code"], "database_unwritable", "{down}");
    let message = down["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("read-only") && message.contains("reads work"),
        "{message}"
    );

    // The chat: a star press is answered with the sentence, nothing confirmed.
    let carl = console("carl");
    let reply = press(&app, &carl, rate_action(HEAT, 5.0)).await;
    assert_eq!(reply.text, DATABASE_UNAVAILABLE);
    assert_eq!(reply.outcome, None, "no rating is confirmed");
    assert!(reply.cards.is_empty());
    let add = press(
        &app,
        &console("ann-chat"),
        Action::WatchlistAdd {
            movie: PublicMovieId(HEAT),
        },
    )
    .await;
    assert_eq!(add.text, DATABASE_UNAVAILABLE);

    // The database is writable again: no restart needed.
    on_every_connection(&app.store, 2, "PRAGMA query_only = 0").await;
    for &film in &films[3..] {
        assert_eq!(rate(&app, id, film, 2.5).await.status, StatusCode::OK);
        acked.insert((id, film), 2.5);
    }
    let reply = press(&app, &carl, rate_action(HEAT, 5.0)).await;
    assert!(
        matches!(reply.outcome, Some(Outcome::Rated { .. })),
        "{reply:?}"
    );
    health_becomes(&app, StatusCode::OK).await;

    let now = stored(&app.store, &[id]).await;
    assert_acknowledged_stored(&acked, &now);
    for &film in &films[..3] {
        assert!(
            !now.contains_key(&(id, film)),
            "a refused rating was stored"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_full_database_writes_are_503_then_recover() {
    // One connection, so the size limit set on it holds for every request.
    let app = app(|b| b.toml("[database]\nmax_connections = 1")).await;
    let id = app.store.create_user("ann").await.unwrap().id.0;
    {
        // Fill the database up to a limit it may not grow past: "the disk is full".
        let mut conn = app.store.pool().acquire().await.unwrap();
        sqlx::query("CREATE TABLE filler (junk TEXT)")
            .execute(&mut *conn)
            .await
            .unwrap();
        let pages: i64 = sqlx::query_scalar("PRAGMA page_count")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "PRAGMA max_page_count = {}",
            pages + 50
        )))
        .execute(&mut *conn)
        .await
        .unwrap();
        let full = loop {
            let done = sqlx::query("INSERT INTO filler (junk) VALUES ($1)")
                .bind("j".repeat(1000))
                .execute(&mut *conn)
                .await;
            if let Err(e) = done {
                break e;
            }
        };
        assert_eq!(
            moviebot::store::outage_in(&full),
            Some(moviebot::store::Outage::Full),
            "{full}"
        );
    }
    let down = health_becomes(&app, StatusCode::SERVICE_UNAVAILABLE).await;
    assert_eq!(down["error"]["code"], "database_unwritable", "{down}");
    assert!(
        down["error"]["message"].as_str().unwrap().contains("full"),
        "{down}"
    );

    // Ratings fill the free room left in their pages, then need a new page and fail.
    let films = films(&app, 400).await;
    let mut acked = BTreeMap::new();
    let mut refused = Vec::new();
    for &film in &films {
        let r = rate(&app, id, film, 4.0).await;
        match r.status {
            StatusCode::OK => {
                acked.insert((id, film), 4.0);
            }
            _ => {
                r.assert_unavailable();
                refused.push(film);
            }
        }
    }
    assert!(!refused.is_empty(), "a full database refused no write");

    // Room again: writes and health recover by themselves.
    sqlx::query("DROP TABLE filler")
        .execute(app.store.pool())
        .await
        .unwrap();
    for &film in &refused {
        assert_eq!(rate(&app, id, film, 1.0).await.status, StatusCode::OK);
        acked.insert((id, film), 1.0);
    }
    health_becomes(&app, StatusCode::OK).await;
    assert_acknowledged_stored(&acked, &stored(&app.store, &[id]).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn telegram_star_press_is_not_confirmed_when_the_write_fails() {
    use moviebot_telegram::fake_api::FakeApi;
    use moviebot_telegram::fake_api::updates::{button_data, callback, dm, user};
    const ADA: i64 = 42;
    let fake = FakeApi::start().await;
    let app = app(|b| b.telegram(&fake.url)).await;
    let telegram = app
        .platforms
        .telegram
        .as_ref()
        .expect("Telegram is configured");
    let handle = |update: Value| async move {
        telegram
            .handle_update(serde_json::from_str(&update.to_string()).unwrap())
            .await
    };
    handle(dm(1, ADA, "tell me about Heat")).await;
    let card = (fake.messages(ADA).into_iter().rev())
        .find(|m| m["reply_markup"].to_string().contains("★4"))
        .unwrap_or_else(|| panic!("no card: {:#?}", fake.effects()));
    let star4 = button_data(&card["reply_markup"], "★4");

    on_every_connection(&app.store, 2, "PRAGMA query_only = 1").await;
    let before = fake.effects().len();
    handle(callback(2, "cq-2", user(ADA, "Ada"), card.clone(), &star4)).await;
    let press = fake.effects()[before..].to_vec();
    let toast = press
        .iter()
        .find(|c| c.method == "answerCallbackQuery")
        .expect("the press is answered");
    assert_eq!(toast.params["text"], DATABASE_UNAVAILABLE, "{press:#?}");
    assert!(
        press.iter().all(|c| c.method == "answerCallbackQuery"),
        "no redrawn stars, no message: {press:#?}"
    );
    let ada = support::ratings_named(&app.store, &format!("telegram:{ADA}")).await;
    assert_eq!(ada, []);

    on_every_connection(&app.store, 2, "PRAGMA query_only = 0").await;
    let before = fake.effects().len();
    handle(callback(3, "cq-3", user(ADA, "Ada"), card, &star4)).await;
    let press = fake.effects()[before..].to_vec();
    let toast = press.iter().find(|c| c.method == "answerCallbackQuery");
    assert_eq!(toast.unwrap().params["text"], "Rated Heat 4★", "{press:#?}");
    assert!(press.iter().any(|c| c.method == "editMessageReplyMarkup"));
    let ada = support::ratings_named(&app.store, &format!("telegram:{ADA}")).await;
    assert_eq!(ada, [(HEAT, 4.0)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn discord_star_click_is_not_confirmed_when_the_write_fails() {
    use support::discord::{ADA, button_id, click, command};
    use support::discord_app::{app_with, title_option};
    let app = app_with(|b| b.toml(SETTINGS)).await;
    let card = app
        .ok(&command(
            "2000000000000000011",
            ADA,
            "movie",
            json!([title_option(&HEAT.to_string())]),
            true,
        ))
        .await;
    let rows = card["data"]["components"].clone();
    let four = button_id(&card, "★4");

    on_every_connection(&app.store, 2, "PRAGMA query_only = 1").await;
    // On the public card (answered privately) and on a private one (normally redrawn in
    // place, type 7): a private message with the sentence, no card, nothing confirmed.
    for (id, flags) in [("2000000000000000012", 0), ("2000000000000000013", 64)] {
        let answer = app
            .ok(&click(id, ADA, &four, rows.clone(), ADA, flags))
            .await;
        assert_eq!(answer["type"], 4, "{answer}");
        assert_eq!(answer["data"]["flags"], 64, "{answer}");
        assert_eq!(answer["data"]["content"], DATABASE_UNAVAILABLE, "{answer}");
        let embeds = answer["data"]["embeds"].as_array().map_or(0, Vec::len);
        assert_eq!(embeds, 0, "{answer}");
    }
    assert_eq!(app.ratings(ADA).await, []);

    on_every_connection(&app.store, 2, "PRAGMA query_only = 0").await;
    let answer = app
        .ok(&click("2000000000000000014", ADA, &four, rows, ADA, 64))
        .await;
    assert_eq!(answer["type"], 7, "the private card is redrawn: {answer}");
    assert!(answer.to_string().contains("Your rating"), "{answer}");
    assert_eq!(app.ratings(ADA).await, [(HEAT, 4.0)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_file_deleted_while_running_is_refused_at_the_next_start() {
    let mut app = app(|b| b).await;
    let id = app.store.create_user("ann").await.unwrap().id.0;
    assert_eq!(rate(&app, id, HEAT, 4.0).await.status, StatusCode::OK);
    let films = films(&app, 2).await;
    let url = app.config.database.url.clone();
    let files = moviebot::store::sqlite_files::SqliteFiles::from_url(&url).unwrap();
    // The app records within seconds that its database now holds data.
    let state = moviebot::store::state_file::StateFile::new(files.state());
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while state.read().unwrap().is_none_or(|s| s.ratings != 1) {
        assert!(tokio::time::Instant::now() < deadline, "{:?}", state.read());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    for f in [files.db().to_path_buf(), files.wal(), files.shm()] {
        let _ = std::fs::remove_file(f);
    }
    // SQLite in WAL mode would go on writing to the deleted file (acknowledged, then lost
    // with it); the store notices the file is gone before handing out a connection.
    rate(&app, id, films[1], 3.0).await.assert_unavailable();
    let down = health_becomes(&app, StatusCode::SERVICE_UNAVAILABLE).await;
    assert_eq!(down["error"]["code"], "database_unreachable", "{down}");
    assert!(!files.db().exists(), "no new file is created in its place");
    app.store.close().await;

    // A restart does not silently begin an empty database.
    let refused = match moviebot::app::App::build(&app.config).await {
        Ok(_) => panic!("an app started on a vanished database"),
        Err(e) => format!("{e:#}"),
    };
    assert!(
        refused.contains(&format!("{} is missing", files.db().display())),
        "{refused}"
    );
    assert!(refused.contains("it held 1 user and 1 rating"), "{refused}");
    assert!(refused.contains("--fresh-database"), "{refused}");
    assert!(!files.db().exists(), "nothing was created");

    // Unless the admin asks for a fresh one.
    app.config.database.fresh = true;
    let fresh = moviebot::app::App::build(&app.config).await.unwrap();
    assert_eq!(fresh.store.count_users().await.unwrap(), 0);
    fresh.store.close().await;
    // That start recorded the new, empty database: the next plain start is fine.
    app.config.database.fresh = false;
    moviebot::app::App::build(&app.config).await.unwrap();
}

// ------------------------------------------------------------------ the binary

/// `moviebot <args>` in `dir` with `env`, run to completion.
fn moviebot(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_moviebot"));
    cmd.args(args).current_dir(dir).env_remove("DATABASE_URL");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(Stdio::null()).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Adds a user with one rating straight through the store, as the running bot would.
async fn add_rating(url: &str, name: &str) {
    let store = Store::open(url, 1).await.unwrap();
    let user = store.create_user(name).await.unwrap().id;
    let heat = store.movie_by_tmdb(HEAT).await.unwrap().unwrap().id;
    store
        .upsert_rating(user, heat, Stars::new(4.0).unwrap())
        .await
        .unwrap();
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_refuses_a_vanished_or_emptied_database_unless_told_fresh() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("moviebot.db");
    let url = format!("sqlite://{}", db.display());
    let env = [("MOVIEBOT_DATABASE__URL", url.as_str())];

    // A brand-new install starts, and records its (empty) database.
    let out = moviebot(dir.path(), &["migrate"], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    let state = dir.path().join("moviebot.db.state");
    let recorded: Value = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    assert_eq!(
        (recorded["users"].as_i64(), recorded["ratings"].as_i64()),
        (Some(0), Some(0))
    );

    // People use it; the next start records what it holds.
    add_rating(&url, "ann").await;
    let out = moviebot(dir.path(), &["migrate"], &env);
    assert!(out.status.success(), "{}", stderr(&out));

    // The file vanishes: refused, and nothing is created in its place.
    std::fs::remove_file(&db).unwrap();
    let out = moviebot(dir.path(), &["migrate"], &env);
    assert!(!out.status.success());
    let e = stderr(&out);
    assert!(
        e.contains(&format!("the database {} is missing", db.display())),
        "{e}"
    );
    assert!(e.contains("it held 1 user and 1 rating on"), "{e}");
    assert!(
        e.contains("restore it from a backup") && e.contains("--fresh-database"),
        "{e}"
    );
    assert!(!db.exists());
    // Every command that opens the database refuses, `run` included.
    let out = moviebot(dir.path(), &["run"], &env);
    assert!(!out.status.success() && stderr(&out).contains("is missing"));

    // Asked for: a fresh database.
    let out = moviebot(dir.path(), &["migrate", "--fresh-database"], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(db.exists());

    // Emptied rather than deleted: refused too; the environment variable also allows it.
    add_rating(&url, "bob").await;
    assert!(moviebot(dir.path(), &["migrate"], &env).status.success());
    let store = Store::open(&url, 1).await.unwrap();
    sqlx::query("DELETE FROM users")
        .execute(store.pool())
        .await
        .unwrap();
    store.close().await;
    let out = moviebot(dir.path(), &["migrate"], &env);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains(&format!("{} is empty", db.display())),
        "{}",
        stderr(&out)
    );
    let fresh = [env[0], ("MOVIEBOT_DATABASE__FRESH", "1")];
    let out = moviebot(dir.path(), &["migrate"], &fresh);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_refuses_a_database_it_could_not_write() {
    let dir = tempfile::tempdir().unwrap();
    // A folder that is not there (a volume that is not mounted) is named, not created.
    let missing = dir.path().join("not-mounted/moviebot.db");
    let url = format!("sqlite://{}", missing.display());
    let out = moviebot(
        dir.path(),
        &["migrate"],
        &[("MOVIEBOT_DATABASE__URL", &url)],
    );
    assert!(!out.status.success());
    let e = stderr(&out);
    assert!(
        e.contains("not-mounted") && e.contains("does not exist"),
        "{e}"
    );

    let db = dir.path().join("moviebot.db");
    let url = format!("sqlite://{}", db.display());
    let env = [("MOVIEBOT_DATABASE__URL", url.as_str())];
    assert!(moviebot(dir.path(), &["migrate"], &env).status.success());
    // The -shm (and -wal) SQLite leaves after an unclean stop, made unwritable.
    let shm = dir.path().join("moviebot.db-shm");
    std::fs::write(&shm, vec![0u8; 32 * 1024]).unwrap();
    let Some(_locked) = ReadOnly::make(&shm) else {
        return;
    };
    let out = moviebot(dir.path(), &["migrate"], &env);
    assert!(!out.status.success());
    let e = stderr(&out);
    assert!(
        e.contains(&format!(
            "{} is not writable by this process",
            shm.display()
        )),
        "{e}"
    );
}

/// A file this process cannot write, undone on drop: `chmod 444` for a normal user,
/// `chattr +i` for root (which ignores permission bits); `None` (with a note) when neither
/// works here.
struct ReadOnly(std::path::PathBuf, bool);

impl ReadOnly {
    fn make(path: &Path) -> Option<Self> {
        use std::os::unix::fs::PermissionsExt;
        let root = nix::unistd::geteuid().is_root();
        if !root {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o444)).ok()?;
            return Some(Self(path.into(), false));
        }
        let done = Command::new("chattr").arg("+i").arg(path).output();
        if done.is_ok_and(|o| o.status.success()) {
            Some(Self(path.into(), true))
        } else {
            eprintln!("skipped: running as root and `chattr +i` does not work here");
            None
        }
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        if self.1 {
            let _ = Command::new("chattr").arg("-i").arg(&self.0).output();
        } else {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o644));
        }
    }
}

/// Regression for "a read-only -shm kills the process with SIGBUS": a `-shm` that turns
/// unwritable while the bot runs still ends the process (the kernel's answer to a write into
/// its shared mapping), but now with a note saying why, and the next start is refused with
/// the file named instead of running into it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shm_made_immutable_while_running_is_explained_and_refused_at_start() {
    if !nix::unistd::geteuid().is_root() {
        eprintln!("skipped: only root can make a file immutable while the bot runs");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("moviebot.db");
    let url = format!("sqlite://{}", db.display());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_moviebot"))
        .arg("run")
        .current_dir(dir.path())
        .env("MOVIEBOT_DATABASE__URL", &url)
        .env("MOVIEBOT_SIDECAR__BIND", format!("127.0.0.1:{port}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut running = Child(Some(child));
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while !client
        .get(format!("{base}/healthz"))
        .send()
        .await
        .is_ok_and(|r| r.status() == 200)
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "moviebot did not start"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let user = json!({"username": "ann"});
    let r = client
        .post(format!("{base}/api/user"))
        .json(&user)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);

    let shm = dir.path().join("moviebot.db-shm");
    let Some(_locked) = ReadOnly::make(&shm) else {
        return;
    };
    // The next database access writes into the mapped -shm.
    let _ = client
        .post(format!("{base}/api/user"))
        .json(&json!({"username": "bob"}))
        .send()
        .await;
    let out = tokio::task::spawn_blocking(move || running.0.take().unwrap().wait_with_output())
        .await
        .unwrap()
        .unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(
        out.status.signal(),
        Some(7),
        "ended by SIGBUS: {:?}",
        out.status
    );
    let e = stderr(&out);
    assert!(
        e.contains("moviebot: SIGBUS while using the SQLite database"),
        "{e}"
    );

    // The next start names the file instead of running into it.
    let out = moviebot(
        dir.path(),
        &["migrate"],
        &[("MOVIEBOT_DATABASE__URL", &url)],
    );
    assert!(!out.status.success());
    let e = stderr(&out);
    assert!(
        e.contains("-shm is not writable") && e.contains("chattr -i"),
        "{e}"
    );
}

/// Kills the child on drop, so a failing test leaves no process behind.
struct Child(Option<std::process::Child>);

impl Drop for Child {
    fn drop(&mut self) {
        if let Some(mut c) = self.0.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

// ------------------------------------------------------------------ PostgreSQL

/// Writers rating distinct films as fast as they can until told to stop; what each got.
struct Writers {
    stop: tokio::sync::watch::Sender<bool>,
    tasks: Vec<tokio::task::JoinHandle<Vec<(i64, i64, StatusCode)>>>,
}

impl Writers {
    fn start(app: &std::sync::Arc<TestApp>, users: &[i64], films: &[i64]) -> Self {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let tasks = users
            .iter()
            .map(|&user| {
                let (app, films, stopped) = (app.clone(), films.to_vec(), stopped.clone());
                tokio::spawn(async move {
                    let mut seen = Vec::new();
                    for film in films {
                        if *stopped.borrow() {
                            break;
                        }
                        let r = rate(&app, user, film, 3.5).await;
                        assert!(
                            r.status == StatusCode::OK
                                || r.status == StatusCode::SERVICE_UNAVAILABLE,
                            "{} {}",
                            r.status,
                            r.body
                        );
                        if r.status != StatusCode::OK {
                            r.assert_unavailable();
                        }
                        seen.push((user, film, r.status));
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                    seen
                })
            })
            .collect();
        Self { stop, tasks }
    }

    async fn finish(self) -> Vec<(i64, i64, StatusCode)> {
        self.stop.send(true).unwrap();
        let mut all = Vec::new();
        for t in self.tasks {
            all.extend(t.await.unwrap());
        }
        all
    }
}

fn acknowledged(seen: &[(i64, i64, StatusCode)]) -> BTreeMap<(i64, i64), f64> {
    seen.iter()
        .filter(|(_, _, s)| *s == StatusCode::OK)
        .map(|(u, f, _)| ((*u, *f), 3.5))
        .collect()
}

async fn users(app: &TestApp, n: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    for i in 0..n {
        ids.push(app.store.create_user(&format!("w{i}")).await.unwrap().id.0);
    }
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_connections_killed_by_the_server_are_replaced_without_a_restart() {
    let Some(url) = support::fresh_postgres_url().await else {
        return;
    };
    let app = std::sync::Arc::new(
        app(|b| b.database_url(&url).toml("[database]\nmax_connections = 4")).await,
    );
    let admin = Store::connect(&url, 1).await.unwrap();
    let kill = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                WHERE datname = current_database() AND pid <> pg_backend_pid()";
    let users = users(&app, 3).await;
    let films = films(&app, 200).await;
    let writers = Writers::start(&app, &users, &films[..190]);
    for _ in 0..5 {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let killed = sqlx::query(kill).fetch_all(admin.pool()).await.unwrap();
        assert!(!killed.is_empty(), "the app had connections to kill");
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let seen = writers.finish().await;
    assert!(seen.iter().any(|(_, _, s)| *s == StatusCode::OK));
    // Right after its connections are killed, the app works: no restart.
    sqlx::query(kill).fetch_all(admin.pool()).await.unwrap();
    let last = films[films.len() - 1];
    assert_eq!(rate(&app, users[0], last, 5.0).await.status, StatusCode::OK);
    let mut acked = acknowledged(&seen);
    acked.insert((users[0], last), 5.0);
    health_becomes(&app, StatusCode::OK).await;
    assert_acknowledged_stored(&acked, &stored(&app.store, &users).await);
    let refused = seen.iter().filter(|(_, _, s)| *s != StatusCode::OK).count();
    println!(
        "{} writes, {refused} answered 503 while connections were killed",
        seen.len()
    );
    admin.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_away_for_seconds_gives_503_then_recovers_losing_nothing_acknowledged() {
    let Some(url) = support::fresh_postgres_url().await else {
        return;
    };
    let server = url::Url::parse(&url).unwrap();
    let upstream = (server.host_str().unwrap(), server.port().unwrap_or(5432));
    let upstream = tokio::net::lookup_host(upstream)
        .await
        .unwrap()
        .next()
        .unwrap();
    let proxy = support::tcp_proxy::TcpProxy::start(upstream).await;
    let through = proxy.url_through(&url);
    let app = std::sync::Arc::new(
        app(|b| {
            b.database_url(&through)
                .toml("[database]\nmax_connections = 4")
        })
        .await,
    );
    let users = users(&app, 3).await;
    let films = films(&app, 400).await;
    let writers = Writers::start(&app, &users, &films[..390]);
    tokio::time::sleep(Duration::from_millis(500)).await;

    proxy.cut();
    let started = tokio::time::Instant::now();
    let r = tokio::time::timeout(PATIENCE, rate(&app, users[0], films[399], 1.0))
        .await
        .expect("a request during the outage is answered, not left hanging");
    r.assert_unavailable();
    let waited = started.elapsed();
    let down = health_becomes(&app, StatusCode::SERVICE_UNAVAILABLE).await;
    assert_eq!(down["error"]["code"], "database_unreachable", "{down}");
    tokio::time::sleep(Duration::from_secs(1)).await;

    proxy.restore().await;
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while rate(&app, users[0], films[399], 1.0).await.status != StatusCode::OK {
        assert!(
            tokio::time::Instant::now() < deadline,
            "writes never recovered"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    health_becomes(&app, StatusCode::OK).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let seen = writers.finish().await;

    let mut acked = acknowledged(&seen);
    acked.insert((users[0], films[399]), 1.0);
    assert_acknowledged_stored(&acked, &stored(&app.store, &users).await);
    let refused = seen.iter().filter(|(_, _, s)| *s != StatusCode::OK).count();
    assert!(refused > 0, "the writers saw the outage");
    println!(
        "{} writes, {refused} answered 503 during the outage; first 503 after {waited:?}",
        seen.len()
    );
}
