//! Importing taste files end to end, on SQLite and PostgreSQL: a Letterboxd ZIP and an IMDb
//! CSV matched against the embedded catalog, re-imports that change nothing, ratings made in
//! the bot after the file's date kept, rows naming several films staged and picked with the
//! `ImportPick` button, TMDb's `find` by IMDb id (the fake TMDb), the REST routes, the
//! export and its round trip into an empty database, and the command line. Every file is
//! made up here.

mod support;

use std::io::Write;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use moviebot::chat::imports::ImportReport;
use moviebot::domain::UserId;
use moviebot::store::{MovieSource, NewMovie, Store};
use moviebot::taste_files::ImportFormat;
use moviebot_protocol::{Action, PublicMovieId, Stars};
use serde_json::Value;
use support::app::TestApp;
use support::fake_tmdb::FakeTmdb;
use zip::write::SimpleFileOptions;

const TOKEN: &str = "test-admin-token-0123456789";
const HEAT: i64 = 949;
const MATRIX: i64 = 603;
const FIGHT_CLUB: i64 = 550;
const ALIEN: i64 = 348;
/// 2024-01-05 and 2024-01-07 at UTC midnight.
const JAN_5: i64 = 1_704_412_800;
const JAN_7: i64 = 1_704_585_600;

fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in files {
        w.start_file(*name, SimpleFileOptions::default()).unwrap();
        w.write_all(body.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn letterboxd_zip() -> Vec<u8> {
    zip_of(&[
        (
            "ratings.csv",
            "Date,Name,Year,Letterboxd URI,Rating\n\
             2024-01-05,Heat,1995,https://boxd.it/a,4.5\n\
             2024-01-07,Matrix,1999,https://boxd.it/b,3\n\
             2024-01-08,A Film Nobody Made,2003,https://boxd.it/c,2\n\
             2024-01-09,Broken,2000,https://boxd.it/d,nine\n",
        ),
        (
            "watchlist.csv",
            "Date,Name,Year,Letterboxd URI\n2024-02-01,Fight Club,1999,https://boxd.it/e\n",
        ),
        (
            "watched.csv",
            "Date,Name,Year,Letterboxd URI\n2024-02-02,Alien,1979,https://boxd.it/f\n",
        ),
    ])
}

async fn app_on(store_url: Option<String>) -> TestApp {
    let mut b = TestApp::builder().admin_token(TOKEN);
    if let Some(url) = &store_url {
        b = b.database_url(url);
    }
    b.build().await
}

/// (TMDb id, stars, updated_at) of a user's ratings, by TMDb id.
async fn ratings(store: &Store, user: UserId) -> Vec<(i64, f32, i64)> {
    let mut r: Vec<_> = store
        .ratings_of(user)
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.tmdb_id.unwrap_or(-r.movie.0),
                r.rating.get(),
                r.updated_at,
            )
        })
        .collect();
    r.sort_by_key(|x| x.0);
    r
}

async fn watchlist(app: &TestApp, user: UserId) -> Vec<i64> {
    let lib = app.core.library();
    let mut w: Vec<i64> = app
        .core
        .ratings()
        .watchlist(user)
        .await
        .unwrap()
        .iter()
        .filter_map(|m| lib.get(*m).and_then(|m| m.movie.tmdb_id))
        .collect();
    w.sort_unstable();
    w
}

async fn import(app: &TestApp, user: UserId, bytes: &[u8]) -> ImportReport {
    app.core
        .imports()
        .import(user, ImportFormat::Auto, bytes, |_| {})
        .await
        .unwrap()
}

async fn letterboxd_import_is_idempotent_and_keeps_newer_bot_ratings(url: Option<String>) {
    let app = app_on(url).await;
    let alice = app.core.users().create("alice").await.unwrap().id;
    let r = import(&app, alice, &letterboxd_zip()).await;
    assert_eq!(
        r.summary(),
        "4 of 5 matched: 2 ratings, 1 on your watchlist, 1 seen but not rated; 1 not found, \
         1 unreadable row"
    );
    assert_eq!(r.not_found[0].title, "A Film Nobody Made");
    assert_eq!(
        (r.malformed[0].file.as_str(), r.malformed[0].line),
        ("ratings.csv", 5)
    );
    assert_eq!(
        ratings(&app.store, alice).await,
        [(MATRIX, 3.0, JAN_7), (HEAT, 4.5, JAN_5)]
    );
    assert_eq!(watchlist(&app, alice).await, [FIGHT_CLUB]);

    let again = import(&app, alice, &letterboxd_zip()).await;
    assert_eq!(
        (
            again.ratings_imported,
            again.watchlist_added,
            again.unchanged
        ),
        (0, 0, 3)
    );
    assert!(
        again.summary().contains("3 already here"),
        "{}",
        again.summary()
    );

    // Rated in the bot after the file's date: the bot's rating stays.
    let matrix = app
        .core
        .library()
        .by_public(PublicMovieId(MATRIX))
        .unwrap()
        .id;
    app.core
        .ratings()
        .rate(alice, matrix, Stars::new(5.0).unwrap())
        .await
        .unwrap();
    let third = import(&app, alice, &letterboxd_zip()).await;
    assert_eq!((third.kept_newer, third.ratings_imported), (1, 0));
    let now = ratings(&app.store, alice).await;
    assert_eq!((now[0].0, now[0].1), (MATRIX, 5.0));
}

async fn imdb_ratings_map_to_half_stars(url: Option<String>) {
    let app = app_on(url).await;
    let bob = app.core.users().create("bob").await.unwrap().id;
    let csv = "Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,\
               Runtime (mins),Year,Genres,Num Votes,Release Date,Directors\n\
               tt0113277,9,2024-01-05,Heat,Heat,u,Movie,8.3,170,1995,Crime,1,1995-12-15,MM\n\
               tt0903747,10,2024-01-05,Breaking Bad,Breaking Bad,u,TV Series,9.5,49,2008,Crime,1,,\n\
               tt0133093,1,2024-01-07,The Matrix,The Matrix,u,Movie,8.7,136,1999,Action,1,,\n";
    let r = import(&app, bob, csv.as_bytes()).await;
    assert_eq!(
        (r.matched, r.skipped_non_movies, r.ratings_imported),
        (2, 1, 2)
    );
    assert_eq!(
        ratings(&app.store, bob).await,
        [(MATRIX, 0.5, JAN_7), (HEAT, 4.5, JAN_5)]
    );
}

async fn ambiguous_rows_wait_for_a_pick(store_url: Option<String>) {
    let mut b = TestApp::builder().seed(|store: Store| async move {
        for tmdb in [880_001, 880_002] {
            let film = NewMovie {
                tmdb_id: Some(tmdb),
                title: "Twin Film".into(),
                year: Some(1990),
                ..NewMovie::default()
            };
            store.insert_movie(&film, MovieSource::Tmdb).await.unwrap();
        }
    });
    if let Some(url) = &store_url {
        b = b.database_url(url);
    }
    let app = b.build().await;
    let who = support::chat::user("4242");
    let me = app.core.users().id_for(&who).await.unwrap();
    let csv = "Date,Name,Year,Letterboxd URI,Rating\n2024-01-05,Twin Film,1990,u,4\n";
    let r = import(&app, me, csv.as_bytes()).await;
    assert_eq!(r.ambiguous.len(), 1, "{r:?}");
    let row = &r.ambiguous[0];
    let offered: Vec<i64> = row.candidates.iter().map(|c| c.movie_id).collect();
    assert_eq!(offered.len(), 2);
    assert!(offered.contains(&880_001) && offered.contains(&880_002));
    let replies = app.core.imports().choices(&r);
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0].cards.len(), 2);
    let pick = replies[0].cards[1].actions[0].clone();
    assert!(matches!(pick, Action::ImportPick { .. }));
    let chosen = replies[0].cards[1].id.get();

    // Someone else's press does nothing.
    let other = support::chat::user("1");
    let reply = support::chat::press(&app.core, &other, pick.clone()).await;
    assert!(
        reply.text.contains("already made, or it expired"),
        "{}",
        reply.text
    );
    let reply = support::chat::press(&app.core, &who, pick.clone()).await;
    assert_eq!(
        reply.text,
        "Stored ★4 for Twin Film (1990) from your import."
    );
    assert_eq!(ratings(&app.store, me).await, [(chosen, 4.0, JAN_5)]);
    let reply = support::chat::press(&app.core, &who, pick).await;
    assert!(reply.text.contains("already made"), "{}", reply.text);

    // Staged rows go with the user.
    let again = import(&app, me, csv.as_bytes()).await;
    let staging = again.ambiguous[0].staging;
    app.core.forget_user(me).await.unwrap();
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM import_staging WHERE id = $1")
        .bind(staging)
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    assert_eq!(left, 0);
}

async fn exports_import_back_into_an_empty_database(url: Option<String>) {
    let app = app_on(url).await;
    let alice = app.core.users().create("alice").await.unwrap().id;
    import(&app, alice, &letterboxd_zip()).await;
    let prefs = moviebot::store::Preferences {
        favourite_genres: vec!["Crime".into()],
        region: Some("GB".into()),
        ..Default::default()
    };
    app.core
        .ratings()
        .set_preferences(alice, &prefs)
        .await
        .unwrap();
    let export = app.core.imports().export(alice).await.unwrap();
    let doc: Value = serde_json::from_slice(&export.json).unwrap();
    assert_eq!(doc["format"], "moviebot-export");
    assert_eq!(doc["user"]["username"], "alice");
    assert_eq!(doc["ratings"][1]["film"]["tmdb_id"], MATRIX);
    assert_eq!(doc["ratings"][1]["film"]["year"], 1999);
    assert!(doc["exclusions"].as_array().unwrap().is_empty());
    let csv = String::from_utf8(export.letterboxd_csv.clone()).unwrap();
    assert_eq!(
        csv,
        "Title,Year,imdbID,tmdbID,Rating10,WatchedDate\n\
         Heat,1995,,949,9,2024-01-05\nThe Matrix,1999,,603,6,2024-01-07\n"
    );
    assert!(export.json_name.starts_with("moviebot-alice-") && export.csv_name.ends_with(".csv"));

    let empty = TestApp::builder().build().await;
    let carol = empty.core.users().create("carol").await.unwrap().id;
    let r = empty
        .core
        .imports()
        .import(carol, ImportFormat::Moviebot, &export.json, |_| {})
        .await
        .unwrap();
    assert!(r.preferences_restored);
    assert_eq!(
        ratings(&empty.store, carol).await,
        ratings(&app.store, alice).await
    );
    assert_eq!(watchlist(&empty, carol).await, watchlist(&app, alice).await);
    assert_eq!(
        empty.core.ratings().preferences(carol).await.unwrap(),
        prefs
    );
    // The Letterboxd CSV reads back too.
    let dave = empty.core.users().create("dave").await.unwrap().id;
    let from_csv = import(&empty, dave, &export.letterboxd_csv).await;
    assert_eq!(from_csv.ratings_imported, 2);
    assert_eq!(
        ratings(&empty.store, dave).await,
        ratings(&app.store, alice).await
    );
}

fn upload(uri: &str, body: Vec<u8>, content_type: &str, token: Option<&str>) -> Request<Body> {
    let mut req = Request::builder()
        .method("POST")
        .uri(uri)
        .header("content-type", content_type);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    req.body(Body::from(body)).unwrap()
}

fn get(uri: &str, token: Option<&str>) -> Request<Body> {
    let mut req = Request::builder().uri(uri);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    req.body(Body::empty()).unwrap()
}

async fn rest_import_and_export(url: Option<String>) {
    let app = app_on(url).await;
    let id = app.core.users().create("erin").await.unwrap().id.0;
    let zip = letterboxd_zip();
    let path = format!("/api/user/{id}/import?format=letterboxd");
    let (status, body) = app
        .call(upload(&path, zip.clone(), "application/zip", None))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let (status, body) = app
        .call(upload(&path, zip.clone(), "text/plain", Some(TOKEN)))
        .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
    let (status, body) = app
        .call(upload(&path, zip.clone(), "application/zip", Some(TOKEN)))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["ratings_imported"], 2);
    assert_eq!(body["format"], "letterboxd");
    assert_eq!(body["not_found"][0]["title"], "A Film Nobody Made");
    let (status, body) = app
        .call(upload(&path, zip.clone(), "application/zip", Some(TOKEN)))
        .await;
    assert_eq!(
        (status, body["unchanged"].clone()),
        (StatusCode::OK, 3.into())
    );

    // A watchlist by name; a wrong format; a file that is none; an unknown user; too big.
    let wl = "Date,Name,Year,Letterboxd URI\n2024-02-01,Alien,1979,u\n";
    let named = format!("/api/user/{id}/import?name=watchlist.csv");
    let (status, body) = app
        .call(upload(&named, wl.into(), "text/csv", Some(TOKEN)))
        .await;
    assert_eq!(
        (status, body["watchlist_added"].clone()),
        (StatusCode::OK, 1.into())
    );
    let imdb = format!("/api/user/{id}/import?format=imdb");
    let (status, body) = app
        .call(upload(&imdb, wl.into(), "text/csv", Some(TOKEN)))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["error"]["message"],
        "file: That looks like a Letterboxd export, not an IMDb export."
    );
    let (status, _) = app
        .call(upload(
            &path,
            b"PK\x03\x04junk".to_vec(),
            "application/zip",
            Some(TOKEN),
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = app
        .call(upload(
            "/api/user/999999/import",
            wl.into(),
            "text/csv",
            Some(TOKEN),
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let big = vec![b'a'; 10 * 1024 * 1024 + 1];
    let (status, body) = app.call(upload(&path, big, "text/csv", Some(TOKEN))).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    let bad = format!("/api/user/{id}/import?format=netflix");
    let (status, _) = app
        .call(upload(&bad, wl.into(), "text/csv", Some(TOKEN)))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (status, _) = app.call(get(&format!("/api/user/{id}/export"), None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, body) = app
        .call(get(&format!("/api/user/{id}/export"), Some(TOKEN)))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["ratings"].as_array().unwrap().len(), 2);
    assert_eq!(body["watchlist"].as_array().unwrap().len(), 2);
    let (status, body) = app
        .call(get(
            &format!("/api/user/{id}/export?format=letterboxd"),
            Some(TOKEN),
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.as_str()
            .unwrap()
            .starts_with("Title,Year,imdbID,tmdbID,Rating10,WatchedDate\n")
    );
    let (status, _) = app.call(get("/api/user/999999/export", Some(TOKEN))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, doc) = app.call(get("/api/openapi.json", None)).await;
    assert!(doc["paths"]["/api/user/{id}/import"]["post"].is_object());
    assert!(doc["paths"]["/api/user/{id}/export"]["get"].is_object());
}

async fn sqlite_url() -> Option<String> {
    None
}

macro_rules! on_both {
    ($($name:ident;)*) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(super::sqlite_url().await).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(url) = super::support::fresh_postgres_url().await {
                        super::$name(Some(url)).await;
                    }
                }
            )*
        }
    };
}

on_both! {
    letterboxd_import_is_idempotent_and_keeps_newer_bot_ratings;
    imdb_ratings_map_to_half_stars;
    ambiguous_rows_wait_for_a_pick;
    exports_import_back_into_an_empty_database;
    rest_import_and_export;
}

/// With TMDb configured, an IMDb id the library lacks is looked up with `find` (the fake
/// files its films under tt + their id) and the film stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn imdb_ids_the_library_lacks_are_found_on_tmdb() {
    let fake = FakeTmdb::start().await;
    let app = TestApp::builder().tmdb(&fake).build().await;
    let user = app.core.users().create("fay").await.unwrap().id;
    let csv = "Const,Your Rating,Date Rated,Title,URL,Title Type,Year\n\
               tt0009001,8,2024-01-05,The Lantern Heist,u,Movie,1996\n\
               tt0008999,6,2024-01-05,Nobody Knows This,u,Movie,1996\n";
    let r = import(&app, user, csv.as_bytes()).await;
    assert_eq!(
        (r.tmdb_lookups, r.ratings_imported, r.not_found_count),
        (2, 1, 1),
        "{r:?}"
    );
    assert_eq!(fake.calls("/find/tt0009001"), 1);
    assert_eq!(ratings(&app.store, user).await, [(9001, 4.0, JAN_5)]);
    let stored = app.store.movie_by_tmdb(9001).await.unwrap().unwrap();
    assert_eq!(stored.movie.imdb_id.as_deref(), Some("tt0009001"));
    // Known now: a second import asks TMDb nothing.
    let again = import(&app, user, csv.as_bytes()).await;
    assert_eq!(fake.calls("/find/tt0009001"), 1);
    assert_eq!(again.unchanged, 1);
}

/// `moviebot import letterboxd FILE --user NAME`, then `moviebot export --user NAME`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_imports_and_exports() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("letterboxd.zip");
    std::fs::write(&zip, letterboxd_zip()).unwrap();
    let db = format!("sqlite://{}", dir.path().join("cli.db").display());
    let run = |args: Vec<String>| {
        let db = db.clone();
        let dir = dir.path().to_path_buf();
        async move {
            let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_moviebot"))
                .args(&args)
                .current_dir(&dir)
                .env_clear()
                .env("MOVIEBOT_DATABASE__URL", &db)
                .kill_on_drop(true)
                .output();
            let out = tokio::time::timeout(Duration::from_secs(120), out)
                .await
                .expect("moviebot finishes")
                .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
            eprintln!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
            (out.status.code(), stdout)
        }
    };
    let zip_arg = zip.display().to_string();
    let (code, out) = run(vec![
        "import".into(),
        "letterboxd".into(),
        zip_arg.clone(),
        "--user".into(),
        "gus".into(),
    ])
    .await;
    assert_eq!(code, Some(0));
    assert!(
        out.starts_with("4 of 5 matched: 2 ratings, 1 on your watchlist"),
        "{out}"
    );
    assert!(
        out.contains("not found: A Film Nobody Made (2003)"),
        "{out}"
    );
    assert!(out.contains("unreadable: ratings.csv:5:"), "{out}");
    let (code, out) = run(vec![
        "import".into(),
        "imdb".into(),
        zip_arg,
        "--user".into(),
        "gus".into(),
    ])
    .await;
    assert_ne!(code, Some(0));
    let _ = out;
    let (code, out) = run(vec![
        "export".into(),
        "--user".into(),
        "gus".into(),
        "--out".into(),
        "out".into(),
    ])
    .await;
    assert_eq!(code, Some(0), "{out}");
    let files: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
    // The old subcommands still parse.
    let (code, out) = run(vec!["import".into(), "--help".into()]).await;
    assert_eq!(code, Some(0));
    assert!(out.contains("movielens") && out.contains("wikipedia") && out.contains("letterboxd"));
    let _ = ALIEN;
}
