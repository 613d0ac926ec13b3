//! Shared test helpers: a fresh database per test on SQLite (a temp file) or PostgreSQL (a new
//! database on the server named by `MOVIEBOT_TEST_POSTGRES_URL`), the test data location, and
//! what the store holds for a platform user.
//!
//! - `app`: [`app::TestApp`], the app as `moviebot run` builds it, from a `bot.toml`.
//! - `chat`: a user's messages, presses and commands straight to the chat core.
//! - `http`: one request through a router, answered as (status, JSON).
//! - `discord`, `discord_app`: signed interactions and the Discord suites' app.
//! - `fake_tmdb`: a fake TMDb on 127.0.0.1.
//! - `tcp_proxy`: a TCP proxy that can play a database server going away and coming back.
//! - `process`: `moviebot run` as a child process on a database that outlives it.
//! - `writers`, `ledger`: concurrent REST and Telegram writers, and what they were told was
//!   stored, checked against the database.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use moviebot::domain::UserId;
use moviebot::store::Store;

/// A SQLite store in its own temp dir (kept alive by the returned guard).
pub async fn sqlite_store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let store = Store::open(&url, 8).await.expect("open sqlite");
    (store, dir)
}

/// A PostgreSQL store in a brand-new database, or None (with a note) when no server is set.
pub async fn postgres_store() -> Option<Store> {
    let url = fresh_postgres_url().await?;
    Some(Store::open(&url, 8).await.expect("open postgres"))
}

/// The URL of a brand-new database on the server named by `MOVIEBOT_TEST_POSTGRES_URL`, or
/// None (with a note) when no server is set.
pub async fn fresh_postgres_url() -> Option<String> {
    static N: AtomicU32 = AtomicU32::new(0);
    let Ok(admin_url) = std::env::var("MOVIEBOT_TEST_POSTGRES_URL") else {
        eprintln!("skipped: MOVIEBOT_TEST_POSTGRES_URL is not set (no PostgreSQL server)");
        return None;
    };
    let name = format!(
        "moviebot_test_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed),
        moviebot::store::now()
    );
    let admin = Store::connect(&admin_url, 1)
        .await
        .expect("connect to postgres");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(admin.pool())
        .await
        .expect("create test database");
    admin.close().await;
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("URL with a database name");
    Some(format!("{base}/{name}"))
}

/// Where MovieLens and Wikipedia data live, or None (with a note) when absent.
pub fn test_data() -> Option<PathBuf> {
    let dir = moviebot::cli::test_data_dir();
    if dir.join("ml-latest-small/movies.csv").exists() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: test data not found at {} (set MOVIEBOT_TEST_DATA)",
            dir.display()
        );
        None
    }
}

/// Runs one async test body against SQLite and, when configured, PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident => $body:ident;)*) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    let (store, _dir) = $crate::support::sqlite_store().await;
                    super::$body(store).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    if let Some(store) = $crate::support::postgres_store().await {
                        super::$body(store).await;
                    }
                }
            )*
        }
    };
}
pub mod app;
pub mod chat;
pub mod discord;
pub mod discord_app;
pub mod fake_tmdb;
pub mod http;
pub mod ledger;
pub mod process;
pub mod tcp_proxy;
pub mod writers;

/// The stored user behind a username (platform users are `platform:id`).
pub async fn user_named(store: &Store, username: &str) -> Option<UserId> {
    store.user_by_name(username).await.unwrap().map(|u| u.id)
}

/// A user's ratings as (TMDb id, stars), by TMDb id; empty when the user is unknown.
pub async fn ratings_named(store: &Store, username: &str) -> Vec<(i64, f64)> {
    let Some(user) = user_named(store, username).await else {
        return Vec::new();
    };
    let mut r: Vec<(i64, f64)> = store
        .ratings_of(user)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.tmdb_id.unwrap(), f64::from(r.rating.get())))
        .collect();
    r.sort_by_key(|x| x.0);
    r
}

/// (users, ratings) stored.
pub async fn counts(store: &Store) -> (i64, i64) {
    (
        store.count_users().await.unwrap(),
        store.count_ratings().await.unwrap(),
    )
}
