//! `moviebot backup PATH`, run as the real binary: a copy of a SQLite database taken while
//! ratings are being written through the store is one consistent snapshot (integrity and
//! foreign keys hold, its counts lie between those before and after, every row it holds is in
//! the source); an existing PATH is kept unless `--force`; PostgreSQL gets the `pg_dump`
//! command with the password left out; and a restored copy passes `moviebot doctor`.

mod support;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use moviebot::domain::UserId;
use moviebot::store::Store;
use moviebot_protocol::Stars;
use sqlx::Row;

/// Runs `moviebot ARGS` in `dir` with only `env`; (exit code, stdout, stderr).
async fn moviebot(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_moviebot"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .envs(env.iter().copied())
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(Duration::from_secs(120), out)
        .await
        .expect("moviebot finishes")
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    eprintln!("{stdout}{stderr}");
    (out.status.code().unwrap_or(-1), stdout, stderr)
}

fn url_of(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

/// A migrated database with the embedded catalog and `users` users.
async fn database(dir: &Path, users: usize) -> (Store, Vec<UserId>, Vec<i64>) {
    let store = Store::open(&url_of(&dir.join("moviebot.db")), 8)
        .await
        .unwrap();
    moviebot::catalog::ensure_loaded(&store).await.unwrap();
    let mut ids = Vec::new();
    for i in 0..users {
        ids.push(store.create_user(&format!("user{i}")).await.unwrap().id);
    }
    let films: Vec<i64> = sqlx::query_scalar("SELECT id FROM movies ORDER BY id")
        .fetch_all(store.pool())
        .await
        .unwrap();
    (store, ids, films)
}

/// (users, ratings) in the database at `url`.
async fn counts(pool: &sqlx::SqlitePool) -> (i64, i64) {
    let n = |sql: &'static str| async move {
        sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(pool)
            .await
            .unwrap()
    };
    (
        n("SELECT COUNT(*) FROM users").await,
        n("SELECT COUNT(*) FROM ratings").await,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_while_ratings_are_written_is_one_consistent_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let (store, users, films) = database(dir.path(), 50).await;
    let db_url = url_of(&dir.path().join("moviebot.db"));
    let (users_before, ratings_before) = support::counts(&store).await;

    // Writers: ratings from every user, and new users, until told to stop.
    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let mut writers = Vec::new();
    for w in 0..4usize {
        let (store, users, films) = (store.clone(), users.clone(), films.clone());
        let (stop, acknowledged) = (stop.clone(), acknowledged.clone());
        writers.push(tokio::spawn(async move {
            let mut i = w;
            while !stop.load(Ordering::Relaxed) {
                let user = users[i % users.len()];
                let film = moviebot::domain::MovieId(films[(i * 7 + w) % films.len()]);
                let stars = Stars::from_halves((i % 10 + 1) as u8).unwrap();
                store.upsert_rating(user, film, stars).await.unwrap();
                if i % 25 == 0 {
                    store.create_user(&format!("late{w}_{i}")).await.unwrap();
                }
                acknowledged.fetch_add(1, Ordering::Relaxed);
                i += 4;
            }
        }));
    }
    while acknowledged.load(Ordering::Relaxed) < 200 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let during = acknowledged.load(Ordering::Relaxed);
    let copy = dir.path().join("backups/moviebot-copy.db");
    std::fs::create_dir(dir.path().join("backups")).unwrap();
    let (code, out, _) = moviebot(
        dir.path(),
        &["backup", copy.to_str().unwrap()],
        &[("MOVIEBOT_DATABASE__URL", &db_url)],
    )
    .await;
    let after_backup = acknowledged.load(Ordering::Relaxed);
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.unwrap();
    }
    assert_eq!(code, 0, "{out}");
    assert!(
        after_backup > during,
        "writes went on while the backup ran ({during} → {after_backup})"
    );
    let (users_after, ratings_after) = support::counts(&store).await;
    store.close().await;

    let copy_pool = sqlx::SqlitePool::connect(&format!("{}?mode=ro", url_of(&copy)))
        .await
        .unwrap();
    let check: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&copy_pool)
        .await
        .unwrap();
    assert_eq!(check, ["ok"]);
    let orphans = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&copy_pool)
        .await
        .unwrap();
    assert!(
        orphans.is_empty(),
        "{} rows break a foreign key",
        orphans.len()
    );
    let (users_copy, ratings_copy) = counts(&copy_pool).await;
    assert!(
        (users_before..=users_after).contains(&users_copy),
        "{users_before} ≤ {users_copy} ≤ {users_after}"
    );
    assert!(
        (ratings_before..=ratings_after).contains(&ratings_copy),
        "{ratings_before} ≤ {ratings_copy} ≤ {ratings_after}"
    );
    assert!(ratings_copy > 0);
    // What it says it copied is what the copy holds.
    assert!(
        out.contains(&format!("{users_copy} users, {ratings_copy} ratings")),
        "{out}"
    );
    // Nothing is deleted by the writers, so every row of the snapshot is in the source.
    let source = sqlx::SqlitePool::connect(&db_url).await.unwrap();
    let pairs = sqlx::query("SELECT user_id, movie_id FROM ratings")
        .fetch_all(&copy_pool)
        .await
        .unwrap();
    for row in pairs {
        let (u, m): (i64, i64) = (row.get(0), row.get(1));
        let found: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM ratings WHERE user_id = ? AND movie_id = ?")
                .bind(u)
                .bind(m)
                .fetch_one(&source)
                .await
                .unwrap();
        assert_eq!(
            found, 1,
            "rating ({u}, {m}) of the copy is not in the source"
        );
    }
    // No temporary file is left beside the copy.
    let left: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["moviebot-copy.db"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_existing_file_is_kept_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let (store, users, films) = database(dir.path(), 1).await;
    store
        .upsert_rating(
            users[0],
            moviebot::domain::MovieId(films[0]),
            Stars::new(4.0).unwrap(),
        )
        .await
        .unwrap();
    store.close().await;
    let db_url = url_of(&dir.path().join("moviebot.db"));
    let env = [("MOVIEBOT_DATABASE__URL", db_url.as_str())];
    let target = dir.path().join("keep.db");
    std::fs::write(&target, "precious").unwrap();
    let (code, _, stderr) = moviebot(dir.path(), &["backup", "keep.db"], &env).await;
    assert_eq!(code, 1);
    assert!(
        stderr.contains("keep.db already exists") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");

    let (code, out, _) = moviebot(dir.path(), &["backup", "keep.db", "--force"], &env).await;
    assert_eq!(code, 0);
    assert!(out.contains("1 user, 1 rating"), "{out}");
    assert!(
        std::fs::read(&target)
            .unwrap()
            .starts_with(b"SQLite format 3\0")
    );

    // The database itself is never the target.
    let (code, _, stderr) = moviebot(dir.path(), &["backup", "moviebot.db", "--force"], &env).await;
    assert_eq!(code, 1);
    assert!(stderr.contains("is the database itself"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_database_is_not_created_by_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gone.db");
    let (code, _, stderr) = moviebot(
        dir.path(),
        &["backup", "copy.db"],
        &[("DATABASE_URL", &url_of(&db))],
    )
    .await;
    assert_eq!(code, 1);
    assert!(stderr.contains("no database at"), "{stderr}");
    assert!(!db.exists() && !dir.path().join("copy.db").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_is_told_the_pg_dump_command_without_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let url = "postgres://moviebot:hunter2pass@db.internal:5433/movies?sslmode=require";
    let (code, out, stderr) = moviebot(
        dir.path(),
        &["backup", "/backups/movies.dump"],
        &[("DATABASE_URL", url)],
    )
    .await;
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        stderr.contains(
            "pg_dump --format=custom --file=/backups/movies.dump \
             'postgres://moviebot@db.internal:5433/movies?sslmode=require'"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("PGPASSWORD") && !stderr.contains("hunter2"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restored_backup_passes_the_doctor() {
    let dir = tempfile::tempdir().unwrap();
    let (store, users, films) = database(dir.path(), 3).await;
    for (i, u) in users.iter().enumerate() {
        let film = moviebot::domain::MovieId(films[i]);
        store
            .upsert_rating(*u, film, Stars::new(3.5).unwrap())
            .await
            .unwrap();
    }
    let db_url = url_of(&dir.path().join("moviebot.db"));
    let env = [("MOVIEBOT_DATABASE__URL", db_url.as_str())];
    let (code, _, _) = moviebot(dir.path(), &["backup", "saved.db"], &env).await;
    assert_eq!(code, 0);
    store.close().await;

    // The README's restore: the bot stopped, the copy over the database, stale -wal/-shm gone.
    let restored = dir.path().join("restored/moviebot.db");
    std::fs::create_dir(restored.parent().unwrap()).unwrap();
    std::fs::copy(dir.path().join("saved.db"), &restored).unwrap();
    let restored_url = url_of(&restored);
    let (code, out, _) = moviebot(
        dir.path(),
        &["doctor"],
        &[("MOVIEBOT_DATABASE__URL", &restored_url)],
    )
    .await;
    assert_eq!(code, 0, "{out}");
    for name in [
        "database.files",
        "database.integrity",
        "database.migrations",
        "database.writable",
    ] {
        let line = out
            .lines()
            .find(|l| l.split_whitespace().nth(1) == Some(name))
            .unwrap();
        assert!(line.starts_with("ok"), "{line}");
    }
    assert!(out.contains("3 users, 3 ratings"), "{out}");

    // A damaged copy is caught.
    let mut bytes = std::fs::read(&restored).unwrap();
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 4096] {
        *b = 0x5a;
    }
    std::fs::write(&restored, bytes).unwrap();
    let (code, out, _) = moviebot(
        dir.path(),
        &["doctor"],
        &[("MOVIEBOT_DATABASE__URL", &restored_url)],
    )
    .await;
    assert_eq!(code, 1, "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("FAIL") && l.contains("database.integrity")),
        "{out}"
    );
}
