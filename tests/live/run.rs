//! `moviebot run` with a TMDb key, as a child process against the fake TMDb: the background
//! refresh stores TMDb's lists and their films join the library (opening one asks TMDb
//! nothing more), the poster warm-up fills the catalog's posters, `/api/movie/{id}` answers a
//! film it has never seen, and SIGTERM stops it cleanly.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use super::support::fake_tmdb::{FAKE_KEY, FakeTmdb, NEON_HARBOR};
use super::*;

/// Stops the child on drop, so a failing test leaves no process behind.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn get(client: &reqwest::Client, url: &str) -> Option<(u16, Value)> {
    let r = client.get(url).send().await.ok()?;
    let status = r.status().as_u16();
    Some((status, r.json().await.unwrap_or(Value::Null)))
}

async fn scalar(store: &Store, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(store.pool())
        .await
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moviebot_run_keeps_the_catalog_fresh_and_answers_any_tmdb_film() {
    let fake = FakeTmdb::start().await;
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("run.db").display());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_moviebot"))
        .arg("run")
        .current_dir(dir.path())
        .env("MOVIEBOT_DATABASE__URL", &db)
        .env("MOVIEBOT_SIDECAR__BIND", format!("127.0.0.1:{port}"))
        .env("MOVIEBOT_TMDB__BASE_URL", &fake.base_url)
        .env("MOVIEBOT_TMDB__API_KEY", FAKE_KEY)
        .env("MOVIEBOT_TMDB__REFRESH_PAGES", "1")
        .env("MOVIEBOT_TMDB__PREFETCH_POSTERS", "40")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut running = Running(child);
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let health = format!("{base}/healthz");
    eventually("the sidecar", async || {
        get(&client, &health).await.is_some_and(|(s, _)| s == 200)
    })
    .await;

    // The refresh runs at start (no list was ever refreshed) and records each list.
    let store = Store::open(&db, 2).await.unwrap();
    eventually("the three lists refreshed", async || {
        scalar(
            &store,
            "SELECT COUNT(*) FROM app_meta WHERE key LIKE 'tmdb_refresh:%'",
        )
        .await
            == 3
    })
    .await;
    // A refreshed film is in the library: opening it asks TMDb nothing more.
    let details = format!("/movie/{NEON_HARBOR}");
    assert_eq!(fake.calls(&details), 1, "fetched once, by the refresh");
    let (status, v) = get(&client, &format!("{base}/api/movie/{NEON_HARBOR}"))
        .await
        .unwrap();
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["title"], "Neon Harbor");
    assert_eq!(fake.calls(&details), 1, "{v}");

    // A film nobody asked about before: fetched on the request, with its poster.
    let (status, v) = get(&client, &format!("{base}/api/movie/424242"))
        .await
        .unwrap();
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["title"], "Synthetic Film 424242");
    assert_eq!(
        v["poster_url"],
        "https://img.example.test/t/p/w500/poster424242.jpg"
    );

    // The warm-up gives the most popular catalog films their posters.
    eventually("40 catalog posters", async || {
        scalar(
            &store,
            "SELECT COUNT(*) FROM movies WHERE poster_path IS NOT NULL \
             AND tmdb_id NOT BETWEEN 9000 AND 9099 AND tmdb_id <> 424242",
        )
        .await
            >= 40
    })
    .await;
    store.close().await;

    let pid = running.0.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let mut status = None;
    for _ in 0..200 {
        status = running.0.try_wait().unwrap();
        if status.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(status.is_some_and(|s| s.success()), "{status:?}");
}
