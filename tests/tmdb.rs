//! The TMDb client against a fake TMDb (no network): endpoints, cache, limits, retries,
//! coalescing, typed faults, fallbacks and secret hygiene.

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use moviebot::catalog::from_tmdb;
use moviebot::chat::source::{MovieSource, OfflineSource, TmdbSource, providers_in};
use moviebot::config::TmdbConfig;
use moviebot::store::{MovieSource as Origin, NewMovie, Store};
use moviebot::tmdb::error::Unavailable;
use moviebot::tmdb::{
    CachedTmdb, Discover, ImageConfig, RetryPolicy, TimeWindow, TmdbClient, TmdbError,
};
use moviebot_protocol::Region;
use secrecy::SecretString;
use support::fake_tmdb::{FAKE_KEY, FAKE_TOKEN, FakeTmdb, Fault};

const TIMEOUT: Duration = Duration::from_millis(300);

fn config(base_url: &str, rps: u32) -> TmdbConfig {
    TmdbConfig {
        api_key: Some(SecretString::from(FAKE_KEY)),
        base_url: base_url.to_owned(),
        requests_per_second: rps,
        ..TmdbConfig::default()
    }
}

fn quick_policy() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 5,
        deadline: Duration::from_secs(15),
        base_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(80),
    }
}

struct App {
    fake: FakeTmdb,
    store: Store,
    tmdb: CachedTmdb,
    _dir: tempfile::TempDir,
}

async fn spawn_app_with(rps: u32, policy: RetryPolicy, token: bool) -> App {
    let fake = FakeTmdb::start().await;
    let (store, dir) = support::sqlite_store().await;
    let mut cfg = config(&fake.base_url, rps);
    if token {
        cfg.api_key = None;
        cfg.read_access_token = Some(SecretString::from(FAKE_TOKEN));
    }
    let client = TmdbClient::new(&cfg).unwrap().with_timeout(TIMEOUT);
    let tmdb = CachedTmdb::new(client, store.clone(), &cfg, policy);
    App {
        fake,
        store,
        tmdb,
        _dir: dir,
    }
}

async fn spawn_app() -> App {
    spawn_app_with(40, quick_policy(), false).await
}

/// Marks every cache entry as expired long ago (but still present as a fallback).
async fn expire_cache(store: &Store) {
    sqlx::query("UPDATE tmdb_cache SET expires_at = 0")
        .execute(store.pool())
        .await
        .unwrap();
}

#[tokio::test]
async fn every_endpoint_parses() {
    let app = spawn_app().await;
    let t = &app.tmdb;

    let found = t.search_movie("lantern", None, 1).await.unwrap();
    assert!(!found.stale);
    let titles: Vec<_> = found
        .value
        .results
        .iter()
        .map(|m| m.title.as_str())
        .collect();
    assert_eq!(titles, ["The Lantern Heist", "A Lantern for Two"]);
    let q = app.fake.last_query("/search/movie").unwrap();
    assert!(
        q.contains("include_adult=false") && q.contains("language=en-US"),
        "{q}"
    );
    let by_year = t.search_movie("lantern", Some(2019), 1).await.unwrap();
    assert_eq!(by_year.value.results.len(), 1);

    let people = t.search_person("ada", 1).await.unwrap().value;
    assert_eq!(people.results[0].name, "Ada Example");
    assert_eq!(
        people.results[0].known_for_department.as_deref(),
        Some("Acting")
    );

    let filters = Discover {
        with_genres: vec![28],
        with_cast: vec![501, 502],
        release_gte: Some("1990-01-01".into()),
        release_lte: Some("1999-12-31".into()),
        sort_by: Some("vote_average.desc".into()),
        vote_count_gte: Some(100),
        page: Some(2),
        ..Discover::default()
    };
    let discovered = t.discover_movie(&filters).await.unwrap().value;
    // The fake pages for real: both matches (The Lantern Heist, Tidewater Run) are on page 1.
    assert_eq!(discovered.page, 2);
    assert!(discovered.results.is_empty());
    assert_eq!((discovered.total_results, discovered.total_pages), (2, 1));
    let q = app.fake.last_query("/discover/movie").unwrap();
    for part in [
        "with_genres=28",
        "with_cast=501%2C502",
        "primary_release_date.gte=1990-01-01",
        "primary_release_date.lte=1999-12-31",
        "sort_by=vote_average.desc",
        "vote_count.gte=100",
        "include_adult=false",
    ] {
        assert!(q.contains(part), "{part} missing from {q}");
    }

    // The filters chat understands (runtime, language, certification, score, exclusions)
    // as discover's documented parameters; the fake applies them.
    let limits = Discover {
        runtime_lte: Some(110),
        runtime_gte: Some(90),
        original_language: Some("en".into()),
        certification_lte: Some(("US".into(), "PG-13".into())),
        vote_average_gte: Some(6.5),
        without_genres: vec![27],
        ..Discover::default()
    };
    let found = t.discover_movie(&limits).await.unwrap().value;
    let q = app.fake.last_query("/discover/movie").unwrap();
    for part in [
        "with_runtime.lte=110",
        "with_runtime.gte=90",
        "with_original_language=en",
        "certification_country=US",
        "certification.lte=PG-13",
        "vote_average.gte=6.5",
        "without_genres=27",
    ] {
        assert!(q.contains(part), "{part} missing from {q}");
    }
    assert!(
        !found.results.is_empty(),
        "the PG-13 synthetic film matches"
    );
    for film in &found.results {
        let d = from_tmdb::details(t, film.id).await.unwrap().value;
        assert!(d.runtime.is_some_and(|r| (90..=110).contains(&r)));
        assert!(matches!(d.certification("US"), Some("G" | "PG" | "PG-13")));
        assert!(!d.genres.iter().any(|g| g.id == 27));
    }

    let details = from_tmdb::details(t, 9001).await.unwrap().value;
    assert_eq!(details.title, "The Lantern Heist");
    assert_eq!(details.runtime, Some(101));
    assert_eq!(details.credits.cast.len(), 7);
    assert_eq!(details.recommendations.results[0].id, 9002);
    assert_eq!(details.certification("US"), Some("R"));
    let q = app.fake.last_query("/movie/9001").unwrap();
    assert!(
        q.contains("append_to_response=credits%2Ckeywords%2Cwatch%2Fproviders%2Crecommendations%2Csimilar%2Crelease_dates"),
        "{q}"
    );
    // Details upserted the catalog row.
    let row = app.store.movie_by_tmdb(9001).await.unwrap().unwrap();
    assert_eq!(row.source, Origin::Tmdb);
    let m = &row.movie;
    assert_eq!(m.genres, ["Action", "Crime"]);
    assert_eq!(
        m.cast,
        ["Actor 1", "Actor 2", "Actor 3", "Actor 4", "Actor 5"]
    );
    assert_eq!(m.director.as_deref(), Some("Dana Director"));
    assert_eq!(m.keywords, ["heist", "lantern"]);
    assert_eq!(
        (m.runtime, m.year, m.vote_count),
        (Some(101), Some(1996), Some(5400))
    );
    assert_eq!(m.poster_path.as_deref(), Some("/poster9001.jpg"));
    assert_eq!(m.imdb_id.as_deref(), Some("tt0009001"));

    let credits = t.person_movie_credits(501).await.unwrap().value;
    assert_eq!(credits.cast.len(), 2);
    assert_eq!(credits.cast[0].character.as_deref(), Some("Mara"));
    assert_eq!(credits.crew[0].job.as_deref(), Some("Director"));
    assert_eq!(credits.crew[0].movie.title, "Moss and Marrow");

    for window in [TimeWindow::Day, TimeWindow::Week] {
        // The five old films and this year's four.
        assert_eq!(t.trending(window, 1).await.unwrap().value.results.len(), 9);
    }
    assert_eq!(app.fake.calls("/trending/movie/day"), 1);
    assert_eq!(app.fake.calls("/trending/movie/week"), 1);
    assert_eq!(t.popular(2).await.unwrap().value.page, 2);
    assert_eq!(t.top_rated(1).await.unwrap().value.results.len(), 5);

    let genres = t.genre_list().await.unwrap().value.genres;
    assert_eq!(genres[2].name, "Science Fiction");

    let images = t.image_config().await.unwrap().value;
    assert_eq!(
        images.poster_url("/poster9001.jpg", 300),
        "https://img.example.test/t/p/w500/poster9001.jpg"
    );
    assert_eq!(
        images.poster_url("/p.jpg", 2000),
        "https://img.example.test/t/p/original/p.jpg"
    );
    assert_eq!(
        ImageConfig::default().poster_url("/p.jpg", 100),
        "https://image.tmdb.org/t/p/w154/p.jpg"
    );

    let providers = t.watch_providers(9001).await.unwrap().value;
    let gb = providers_in(&providers, Region::parse("gb").unwrap());
    assert_eq!(gb.stream, ["FlixNet", "StreamBox"]);
    assert_eq!(gb.rent, ["RentalHub"]);
    assert_eq!(gb.buy, ["RentalHub", "ShopVid"]);
    assert!(gb.link.unwrap().contains("locale=GB"));
    let fr = providers_in(&providers, Region::parse("FR").unwrap());
    assert!(fr.is_empty() && fr.link.is_none());
    assert_eq!(app.fake.bad_auth(), 0);
}

#[tokio::test]
async fn the_read_token_goes_in_a_header_not_the_url() {
    let app = spawn_app_with(40, quick_policy(), true).await;
    app.tmdb.movie_details(9002).await.unwrap();
    assert_eq!(app.fake.bad_auth(), 0);
    let q = app.fake.last_query("/movie/9002").unwrap();
    assert!(!q.contains("api_key") && !q.contains(FAKE_TOKEN), "{q}");
}

#[tokio::test]
async fn no_credentials_is_a_clear_error() {
    let cfg = TmdbConfig::default();
    let err = TmdbClient::new(&cfg).unwrap_err();
    assert!(matches!(err, TmdbError::NotConfigured));
    assert!(err.to_string().contains("no TMDb key"));
}

#[tokio::test]
async fn fresh_cache_hits_make_no_request_and_expiry_refetches() {
    let app = spawn_app().await;
    for _ in 0..3 {
        app.tmdb.movie_details(9003).await.unwrap();
        app.tmdb.search_movie("orbit", None, 1).await.unwrap();
    }
    assert_eq!(app.fake.calls("/movie/9003"), 1);
    assert_eq!(app.fake.calls("/search/movie"), 1);
    // Same parameters in another order, another page: one more call, not two.
    app.tmdb.search_movie("orbit", None, 2).await.unwrap();
    assert_eq!(app.fake.calls("/search/movie"), 2);

    expire_cache(&app.store).await;
    let again = app.tmdb.movie_details(9003).await.unwrap();
    assert!(!again.stale);
    assert_eq!(app.fake.calls("/movie/9003"), 2);
    app.tmdb.movie_details(9003).await.unwrap();
    assert_eq!(app.fake.calls("/movie/9003"), 2);
}

#[tokio::test]
async fn cleanup_deletes_long_expired_entries_only() {
    let app = spawn_app().await;
    app.tmdb.movie_details(9001).await.unwrap();
    app.tmdb.movie_details(9002).await.unwrap();
    assert_eq!(app.tmdb.cleanup().await.unwrap(), 0);
    sqlx::query("UPDATE tmdb_cache SET expires_at = 0 WHERE request_key LIKE '/movie/9001%'")
        .execute(app.store.pool())
        .await
        .unwrap();
    assert_eq!(app.tmdb.cleanup().await.unwrap(), 1);
    app.tmdb.movie_details(9002).await.unwrap();
    assert_eq!(app.fake.calls("/movie/9002"), 1);
}

#[tokio::test]
async fn a_429_is_waited_out_then_succeeds() {
    let app = spawn_app().await;
    app.fake.fail_next(1, Fault::TooMany(Some(1)));
    let started = Instant::now();
    let got = app.tmdb.movie_details(9001).await.unwrap();
    let waited = started.elapsed();
    println!("429 then 200: answered after {waited:?}");
    assert_eq!(got.value.title, "The Lantern Heist");
    assert_eq!(app.fake.calls("/movie/9001"), 2);
    // A lower bound only: Retry-After was honoured.
    assert!(waited >= Duration::from_millis(950), "{waited:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_429_pauses_every_caller() {
    let app = spawn_app().await;
    // No Retry-After header: the default pause is one second.
    app.fake.fail_next(1, Fault::TooMany(None));
    let tasks: Vec<_> = (0..6)
        .map(|i| {
            let t = app.tmdb.clone();
            tokio::spawn(async move { t.movie_details(9100 + i).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let arrivals = app.fake.arrivals();
    let first = arrivals[0].0;
    let during_pause = arrivals
        .iter()
        .filter(|(t, _)| {
            let d = t.duration_since(first);
            d > Duration::from_millis(150) && d < Duration::from_millis(900)
        })
        .count();
    assert_eq!(during_pause, 0, "requests were sent during the pause");
    assert_eq!(arrivals.len(), 7);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn a_burst_of_200_lookups_stays_within_the_configured_rate() {
    const RPS: u32 = 40;
    let app = spawn_app_with(RPS, RetryPolicy::default(), false).await;
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let t = app.tmdb.clone();
            tokio::spawn(async move { t.movie_details(20_000 + i).await.map(|d| d.value.id) })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let times: Vec<Instant> = app.fake.arrivals().into_iter().map(|(t, _)| t).collect();
    assert_eq!(times.len(), 200);
    let span = times[199].duration_since(times[0]).as_secs_f64();
    let average = 199.0 / span;
    let busiest = (0..times.len())
        .map(|i| {
            times[i..]
                .iter()
                .take_while(|t| t.duration_since(times[i]) < Duration::from_secs(1))
                .count()
        })
        .max()
        .unwrap();
    println!(
        "burst: 200 requests in {span:.2} s = {average:.1} req/s on average; \
         busiest 1 s window held {busiest} (configured {RPS}/s)"
    );
    assert!(average <= f64::from(RPS) * 1.02, "average {average:.1}/s");
    // One extra allowed for arrival jitter at the window's edge (sending is evenly spaced).
    assert!(busiest <= RPS as usize + 1, "busiest window {busiest}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn identical_concurrent_lookups_share_one_request() {
    let app = spawn_app().await;
    app.fake.set_delay(Duration::from_millis(150));
    let tasks: Vec<_> = (0..25)
        .map(|_| {
            let t = app.tmdb.clone();
            tokio::spawn(async move { t.movie_details(9004).await.unwrap().value })
        })
        .collect();
    let mut titles = Vec::new();
    for task in tasks {
        titles.push(task.await.unwrap().title);
    }
    assert!(titles.iter().all(|t| t == "A Lantern for Two"));
    assert_eq!(app.fake.calls("/movie/9004"), 1);
}

async fn fault_gives(fault: Fault, check: fn(&TmdbError) -> bool, calls: usize) {
    let app = spawn_app().await;
    app.fake.fail_always(fault.clone());
    let err = app.tmdb.movie_details(9001).await.unwrap_err();
    assert!(check(&err), "{fault:?} gave {err:?}");
    assert_eq!(app.fake.calls("/movie/9001"), calls, "{fault:?}");
    // Failures are not cached: once TMDb recovers, the next lookup asks again.
    app.fake.heal();
    assert!(!app.tmdb.movie_details(9001).await.unwrap().stale);
}

#[tokio::test]
async fn invalid_key_is_typed_and_not_retried() {
    fault_gives(
        Fault::Unauthorized,
        |e| matches!(e, TmdbError::InvalidKey),
        1,
    )
    .await;
}

#[tokio::test]
async fn not_found_is_typed_and_not_retried() {
    fault_gives(Fault::NotFound, |e| matches!(e, TmdbError::NotFound), 1).await;
}

#[tokio::test]
async fn server_errors_are_retried_five_times_then_unavailable() {
    fault_gives(
        Fault::Internal,
        |e| matches!(e, TmdbError::Unavailable(Unavailable::Status(500))),
        5,
    )
    .await;
    fault_gives(
        Fault::Offline,
        |e| matches!(e, TmdbError::Unavailable(Unavailable::Status(503))),
        5,
    )
    .await;
}

#[tokio::test]
async fn a_slow_answer_times_out_as_unavailable() {
    fault_gives(
        Fault::Slow(TIMEOUT * 3),
        |e| matches!(e, TmdbError::Unavailable(Unavailable::Timeout)),
        5,
    )
    .await;
}

#[tokio::test]
async fn bad_bodies_are_malformed_and_not_cached() {
    for fault in [Fault::Truncated, Fault::WrongShape, Fault::WrongContentType] {
        fault_gives(fault, |e| matches!(e, TmdbError::Malformed(_)), 1).await;
    }
}

#[tokio::test]
async fn transient_failures_then_success() {
    let app = spawn_app().await;
    app.fake.fail_next(1, Fault::Internal);
    app.fake.fail_next(1, Fault::Slow(TIMEOUT * 2));
    app.fake.fail_next(1, Fault::Offline);
    let got = app.tmdb.search_movie("tidewater", None, 1).await.unwrap();
    assert_eq!(got.value.results[0].id, 9005);
    assert_eq!(app.fake.calls("/search/movie"), 4);
}

#[tokio::test]
async fn rate_limited_past_the_deadline() {
    let policy = RetryPolicy {
        deadline: Duration::from_millis(1500),
        ..quick_policy()
    };
    let app = spawn_app_with(40, policy, false).await;
    app.fake.fail_always(Fault::TooMany(Some(1)));
    let err = app.tmdb.genre_list().await.unwrap_err();
    assert!(matches!(err, TmdbError::RateLimited { .. }), "{err:?}");
    assert!(err.to_string().contains("rate limiting"));
    assert_eq!(app.fake.calls("/genre/movie/list"), 2);
}

#[tokio::test]
async fn stale_cache_answers_when_tmdb_fails() {
    let app = spawn_app().await;
    app.tmdb.search_movie("orbit", None, 1).await.unwrap();
    from_tmdb::details(&app.tmdb, 9002).await.unwrap();
    expire_cache(&app.store).await;
    app.fake.fail_always(Fault::Offline);

    let found = app.tmdb.search_movie("orbit", None, 1).await.unwrap();
    assert!(found.stale);
    assert_eq!(found.value.results[0].title, "Quiet Orbit");

    let source = TmdbSource::new(app.tmdb.clone());
    let details = source.details(9002).await;
    assert!(details.stale);
    assert_eq!(details.value.unwrap().movie.title, "Quiet Orbit");
    let providers = source
        .providers(9002, Region::parse("GB").unwrap())
        .await
        .unwrap_err();
    assert!(matches!(providers, TmdbError::Unavailable(_)));
}

#[tokio::test]
async fn tmdb_source_answers_fresh_from_tmdb() {
    let app = spawn_app().await;
    let source = TmdbSource::new(app.tmdb.clone());
    assert!(source.is_live());
    let found = source.search("lantern", None).await;
    assert!(!found.stale);
    assert_eq!(found.value.len(), 2);
    assert_eq!(found.value[0].movie.tmdb_id, Some(9001));
    let trending = source.trending(TimeWindow::Week).await;
    assert_eq!((trending.value.len(), trending.stale), (9, false));
    let details = source.details(9005).await;
    assert_eq!(details.value.unwrap().movie.cast.len(), 5);
    let us = source
        .providers(9001, Region::parse("US").unwrap())
        .await
        .unwrap();
    assert_eq!((us.value.rent.len(), us.stale), (1, false));
    let missing = source.details(404_404).await;
    app.fake.fail_always(Fault::NotFound);
    let gone = source.details(31337).await;
    assert!(!gone.stale && gone.value.is_none());
    drop(missing);
}

#[tokio::test]
async fn tmdb_source_falls_back_to_the_catalog_flagged_stale() {
    let app = spawn_app().await;
    let offline_film = NewMovie {
        tmdb_id: Some(777),
        title: "Paper Lantern Festival".into(),
        year: Some(2004),
        vote_count: Some(99),
        ..NewMovie::default()
    };
    app.store
        .insert_movie(&offline_film, Origin::Catalog)
        .await
        .unwrap();
    app.fake.fail_always(Fault::Offline);
    let source = TmdbSource::new(app.tmdb.clone());

    let found = source.search("paper lantern", None).await;
    assert!(found.stale);
    assert_eq!(found.value[0].movie.title, "Paper Lantern Festival");
    let trending = source.trending(TimeWindow::Day).await;
    assert!(trending.stale);
    assert_eq!(trending.value[0].movie.tmdb_id, Some(777));
    let details = source.details(777).await;
    assert!(details.stale && details.value.is_some());
}

#[tokio::test]
async fn offline_source_answers_from_the_store() {
    let (store, _dir) = support::sqlite_store().await;
    for (i, title, votes) in [(1, "Harbour Lights", 10), (2, "Harbour Lights II", 500)] {
        let m = NewMovie {
            tmdb_id: Some(i),
            title: title.into(),
            year: Some(1990 + i as i32),
            vote_count: Some(votes),
            ..NewMovie::default()
        };
        store.insert_movie(&m, Origin::Catalog).await.unwrap();
    }
    let source = OfflineSource::new(store);
    assert!(!source.is_live());
    let found = source.search("harbour", None).await;
    assert_eq!(found.value.len(), 2);
    assert!(!found.stale);
    assert_eq!(source.search("harbour", Some(1991)).await.value.len(), 1);
    let trending = source.trending(TimeWindow::Week).await.value;
    assert_eq!(trending[0].movie.title, "Harbour Lights II");
    assert!(source.details(1).await.value.is_some());
    let err = source
        .providers(1, Region::parse("US").unwrap())
        .await
        .unwrap_err();
    assert!(matches!(err, TmdbError::NotConfigured));
}

/// A `MakeWriter` that appends everything to a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_key_never_appears_in_errors_or_logs() {
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(logs.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let app = spawn_app().await;
    let mut errors = Vec::new();
    for fault in [
        Fault::Unauthorized,
        Fault::NotFound,
        Fault::Internal,
        Fault::Slow(TIMEOUT * 2),
        Fault::Truncated,
        Fault::WrongShape,
        Fault::WrongContentType,
        Fault::TooMany(Some(0)),
    ] {
        app.fake.heal();
        app.fake.fail_always(fault);
        let err = app.tmdb.movie_details(9001).await.unwrap_err();
        errors.push(format!("{err} | {err:?}"));
    }
    app.fake.heal();
    app.tmdb.movie_details(9001).await.unwrap();

    // A server that is not there: reqwest's connect error carries the URL (and so the key).
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead_url = format!("http://{}/3", closed.local_addr().unwrap());
    drop(closed);
    let cfg = config(&dead_url, 40);
    let client = TmdbClient::new(&cfg).unwrap().with_timeout(TIMEOUT);
    let dead = CachedTmdb::new(client, app.store.clone(), &cfg, quick_policy());
    let err = dead.trending(TimeWindow::Day, 1).await.unwrap_err();
    assert!(
        matches!(err, TmdbError::Unavailable(Unavailable::Connect)),
        "{err:?}"
    );
    errors.push(format!("{err} | {err:?} | {:?}", dead));

    // The key really was sent (so the check below means something).
    assert!(app.fake.queries().iter().any(|(_, q)| q.contains(FAKE_KEY)));
    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(logs.lines().count() > 10, "logging was not captured");
    for text in errors.iter().chain(std::iter::once(&logs)) {
        assert!(!text.contains(FAKE_KEY), "key leaked: {text}");
        assert!(!text.contains("api_key="), "URL leaked: {text}");
    }
}

#[tokio::test]
async fn sync_pulls_lists_and_details_into_the_catalog() {
    let app = spawn_app().await;
    let listed = std::sync::atomic::AtomicUsize::new(0);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let summary = moviebot::catalog::sync::pull(
        &app.tmdb,
        2,
        |n| listed.store(n, std::sync::atomic::Ordering::SeqCst),
        || {
            done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        },
    )
    .await
    .unwrap();
    // The five old films and this year's four (the adult title is never listed).
    assert_eq!((summary.listed, summary.stored, summary.failed), (9, 9, 0));
    assert_eq!(listed.into_inner(), 9);
    assert_eq!(done.into_inner(), 9);
    for path in ["/movie/popular", "/movie/top_rated", "/trending/movie/week"] {
        assert_eq!(app.fake.calls(path), 2, "{path}");
    }
    let q = app.fake.last_query("/movie/popular").unwrap();
    assert!(q.contains("region=US"), "{q}");
    let row = app.store.movie_by_tmdb(9003).await.unwrap().unwrap();
    assert_eq!(row.movie.director.as_deref(), Some("Dana Director"));

    // A revoked key with nothing cached to fall back on stops the sync.
    app.fake.fail_always(Fault::Unauthorized);
    sqlx::query("DELETE FROM tmdb_cache")
        .execute(app.store.pool())
        .await
        .unwrap();
    let err = moviebot::catalog::sync::pull(&app.tmdb, 1, |_| {}, || {})
        .await
        .unwrap_err();
    assert!(matches!(err, TmdbError::InvalidKey), "{err:?}");
}

/// The lookups a short chat would make (search, open a film, where to watch, trending, and
/// the same again as the user pages back), through `TmdbSource`.
#[tokio::test]
async fn cache_hit_ratio_over_a_scripted_session() {
    let app = spawn_app().await;
    let source = TmdbSource::new(app.tmdb.clone());
    let gb = Region::parse("GB").unwrap();
    let mut lookups = 0;
    for round in 0..3 {
        for query in ["lantern", "orbit", "tidewater"] {
            source.search(query, None).await;
            lookups += 1;
        }
        for id in [9001, 9002, 9005] {
            assert!(source.details(id).await.value.is_some());
            source.providers(id, gb).await.unwrap();
            lookups += 2;
        }
        source.trending(TimeWindow::Week).await;
        lookups += 1;
        if round == 0 {
            source.trending(TimeWindow::Day).await;
            lookups += 1;
        }
    }
    let upstream = app.fake.total_calls();
    let ratio = 1.0 - upstream as f64 / lookups as f64;
    println!(
        "scripted session: {lookups} lookups, {upstream} TMDb calls, cache hit ratio {ratio:.2}"
    );
    assert_eq!(upstream, 11);
}

#[tokio::test]
async fn sync_without_a_key_says_what_to_set() {
    if std::env::var_os("TMDB_API_KEY").is_some()
        || std::env::var_os("MOVIEBOT_TMDB__API_KEY").is_some()
    {
        eprintln!("skipped: a TMDb key is set in the environment");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bot.toml");
    let db = dir.path().join("sync.db");
    std::fs::write(
        &file,
        format!("[database]\nurl = \"sqlite://{}\"\n", db.display()),
    )
    .unwrap();
    let cli = <moviebot::cli::Cli as clap::Parser>::parse_from([
        "moviebot",
        "--config",
        file.to_str().unwrap(),
        "sync",
        "--pages",
        "1",
    ]);
    let err = moviebot::cli::run(cli).await.unwrap_err().to_string();
    assert!(
        err.contains("needs TMDb") && err.contains("api_key"),
        "{err}"
    );
}

// ---- the fake's own fixtures (tests/support/fake_tmdb.rs): this year's films, people,
// discover filters and paging, similar films, embedded-catalog details, per-path delays ----

use support::fake_tmdb::{
    ADA_EXAMPLE, ADULT_FILM, INES_MARLOW, NOVA_QUILL, SALTWIND, THE_GLASS_ORCHARD, VELVET_STATIC,
};

/// A raw GET against the fake (for parameters the client does not send), with the key.
async fn fake_get(fake: &FakeTmdb, path_and_query: &str) -> (u16, serde_json::Value) {
    let sep = if path_and_query.contains('?') {
        '&'
    } else {
        '?'
    };
    let url = format!("{}{path_and_query}{sep}api_key={FAKE_KEY}", fake.base_url);
    let response = reqwest::get(url).await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

fn result_ids(page: &serde_json::Value) -> Vec<i64> {
    page["results"]
        .as_array()
        .unwrap_or_else(|| panic!("no results in {page}"))
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn fake_has_films_from_this_year() {
    use support::fake_tmdb::{FILMS, recent_films, this_year, today};
    let year = this_year();
    let recent = recent_films();
    assert!(recent.len() >= 3);
    let catalog = moviebot::catalog::films();
    let mut genres = std::collections::BTreeSet::new();
    for f in &recent {
        assert_eq!(f.year(), year, "{}", f.title);
        assert!(
            f.release_date <= today(),
            "{} is not out yet",
            f.release_date
        );
        assert!(!FILMS.iter().any(|old| old.1 == f.title));
        assert!(
            !catalog
                .iter()
                .any(|c| c.title.eq_ignore_ascii_case(&f.title)),
            "{} is a catalog title",
            f.title
        );
        genres.extend(f.genre_ids.iter().copied());
    }
    assert!(genres.contains(&27) && genres.contains(&53), "{genres:?}");

    let app = spawn_app().await;
    let t = &app.tmdb;
    let ids = |page: &moviebot::tmdb::types::Page<moviebot::tmdb::types::MovieItem>| {
        page.results.iter().map(|m| m.id).collect::<Vec<_>>()
    };
    let trending = t.trending(TimeWindow::Day, 1).await.unwrap().value;
    let popular = t.popular(1).await.unwrap().value;
    let top = t.top_rated(1).await.unwrap().value;
    for f in &recent {
        assert!(ids(&trending).contains(&f.id), "{} not trending", f.title);
        assert!(ids(&popular).contains(&f.id), "{} not popular", f.title);
        assert!(!ids(&top).contains(&f.id), "{} has too few votes", f.title);
    }
    assert!(trending.results.iter().all(|m| m.poster_path.is_some()));

    let found = t
        .search_movie("saltwind", Some(year), 1)
        .await
        .unwrap()
        .value;
    assert_eq!(ids(&found), [SALTWIND]);
    let last_year = t.search_movie("saltwind", Some(year - 1), 1).await;
    assert!(last_year.unwrap().value.results.is_empty());
    let (_, v) = fake_get(
        &app.fake,
        &format!("/search/movie?query=the&primary_release_year={year}"),
    )
    .await;
    assert_eq!(result_ids(&v), [THE_GLASS_ORCHARD]);

    let details = from_tmdb::details(t, THE_GLASS_ORCHARD)
        .await
        .unwrap()
        .value;
    assert_eq!(details.title, "The Glass Orchard");
    let genres: Vec<_> = details.genres.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(genres, ["Horror", "Drama"]);
    let row = app
        .store
        .movie_by_tmdb(THE_GLASS_ORCHARD)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.movie.year, Some(year));
    assert_eq!(row.movie.director.as_deref(), Some("Ines Marlow"));
    assert_eq!(row.movie.poster_path.as_deref(), Some("/poster9007.jpg"));
}

#[tokio::test]
async fn fake_discover_filters_sorts_and_pages() {
    let fake = FakeTmdb::start().await;
    let discover = |query: String| {
        let fake = &fake;
        async move { fake_get(fake, &format!("/discover/movie?{query}")).await.1 }
    };
    let cases: Vec<(String, Vec<i64>)> = vec![
        // Most popular first by default; the adult title only when asked for.
        (
            "with_genres=27".into(),
            vec![THE_GLASS_ORCHARD, VELVET_STATIC, 9003],
        ),
        ("with_genres=27,18".into(), vec![THE_GLASS_ORCHARD]),
        (
            "with_genres=27|10749".into(),
            vec![THE_GLASS_ORCHARD, VELVET_STATIC, 9004, 9003],
        ),
        ("with_genres=10749&include_adult=false".into(), vec![9004]),
        (
            "with_genres=10749&include_adult=true".into(),
            vec![9004, ADULT_FILM],
        ),
        (
            "without_genres=27,28".into(),
            vec![9006, SALTWIND, 9002, 9004],
        ),
        (
            "primary_release_date.gte=1990-01-01&primary_release_date.lte=1999-12-31".into(),
            vec![9001, 9005],
        ),
        (
            format!("with_cast={NOVA_QUILL}"),
            vec![9006, SALTWIND, 9002, 9004],
        ),
        (
            format!("with_crew={INES_MARLOW}"),
            vec![9006, THE_GLASS_ORCHARD, SALTWIND, 9005],
        ),
        (format!("with_cast={ADA_EXAMPLE}"), vec![9001, 9005]),
        (format!("with_crew={ADA_EXAMPLE}"), vec![9003]),
        (format!("with_people={ADA_EXAMPLE}"), vec![9001, 9005, 9003]),
        (
            format!("with_cast={ADA_EXAMPLE},{NOVA_QUILL}&primary_release_year=2011"),
            vec![9002],
        ),
        ("vote_count.gte=1000".into(), vec![9001, 9002, 9005, 9004]),
        (
            "vote_count.gte=100&sort_by=vote_average.desc".into(),
            vec![
                9002,
                SALTWIND,
                9001,
                9006,
                9005,
                THE_GLASS_ORCHARD,
                9004,
                9003,
            ],
        ),
    ];
    for (query, expected) in cases {
        assert_eq!(
            result_ids(&discover(query.clone()).await),
            expected,
            "{query}"
        );
    }

    let year = support::fake_tmdb::this_year();
    let mut recent = support::fake_tmdb::recent_films();
    recent.sort_by(|a, b| b.release_date.cmp(&a.release_date).then(a.id.cmp(&b.id)));
    let newest: Vec<i64> = recent.iter().map(|f| f.id).collect();
    let v = discover(format!(
        "primary_release_year={year}&sort_by=primary_release_date.desc"
    ))
    .await;
    assert_eq!(result_ids(&v), newest);

    // Paging: 20 a page; past the end is an empty page; 0 and 501 are TMDb's error 22.
    let v = discover(String::new()).await;
    assert_eq!(
        (v["page"].as_i64(), v["total_results"].as_i64()),
        (Some(1), Some(9))
    );
    assert_eq!(v["total_pages"], 1);
    let v = discover("page=2".into()).await;
    assert_eq!(
        (v["page"].as_i64(), v["total_results"].as_i64()),
        (Some(2), Some(9))
    );
    assert!(result_ids(&v).is_empty());
    for bad in ["0", "501", "x"] {
        let (status, v) = fake_get(&fake, &format!("/discover/movie?page={bad}")).await;
        assert_eq!(
            (status, v["status_code"].as_i64()),
            (400, Some(22)),
            "page={bad}"
        );
    }

    // Through the bot's client: this year's horror.
    let (store, _dir) = support::sqlite_store().await;
    let cfg = config(&fake.base_url, 40);
    let client = TmdbClient::new(&cfg).unwrap().with_timeout(TIMEOUT);
    let tmdb = CachedTmdb::new(client, store, &cfg, quick_policy());
    let filters = Discover {
        with_genres: vec![27],
        release_gte: Some(format!("{year}-01-01")),
        ..Discover::default()
    };
    let found = tmdb.discover_movie(&filters).await.unwrap().value;
    let ids: Vec<i64> = found.results.iter().map(|m| m.id).collect();
    assert_eq!(ids, [THE_GLASS_ORCHARD, VELVET_STATIC]);
}

#[tokio::test]
async fn fake_people_search_and_credits_agree_with_details() {
    let app = spawn_app().await;
    let t = &app.tmdb;
    for (query, expected) in [
        ("ada", vec![ADA_EXAMPLE]),
        ("NOVA", vec![NOVA_QUILL]),
        ("marlow", vec![INES_MARLOW]),
        ("nobody at all", vec![]),
    ] {
        let found = t.search_person(query, 1).await.unwrap().value;
        let ids: Vec<i64> = found.results.iter().map(|p| p.id).collect();
        assert_eq!(ids, expected, "{query}");
    }
    let (_, v) = fake_get(&app.fake, "/search/person?query=nova").await;
    assert_eq!(v["results"][0]["known_for_department"], "Acting");
    assert_eq!(
        result_ids(&serde_json::json!({"results": v["results"][0]["known_for"]})),
        [9006, SALTWIND, 9002]
    );

    let nova = t.person_movie_credits(NOVA_QUILL).await.unwrap().value;
    let films: Vec<i64> = nova.cast.iter().map(|c| c.movie.id).collect();
    assert_eq!(films, [9002, 9004, 9006, SALTWIND]);
    assert!(nova.crew.is_empty());
    let ines = t.person_movie_credits(INES_MARLOW).await.unwrap().value;
    assert!(ines.cast.is_empty());
    let jobs: Vec<(i64, &str)> = ines
        .crew
        .iter()
        .map(|c| (c.movie.id, c.job.as_deref().unwrap()))
        .collect();
    assert_eq!(
        jobs,
        [
            (9005, "Editor"),
            (9006, "Screenplay"),
            (THE_GLASS_ORCHARD, "Director"),
            (SALTWIND, "Director"),
        ]
    );
    let (_, raw) = fake_get(&app.fake, &format!("/person/{INES_MARLOW}/movie_credits")).await;
    assert_eq!(raw["crew"][0]["department"], "Editing");

    // Each credit is mirrored in the film's own credits.
    for credit in &nova.cast {
        let d = t.movie_details(credit.movie.id).await.unwrap().value;
        let role = d.credits.cast.iter().find(|c| c.id == NOVA_QUILL);
        assert_eq!(
            role.and_then(|c| c.character.as_deref()),
            credit.character.as_deref(),
            "{}",
            d.title
        );
    }
    for credit in &ines.crew {
        let d = t.movie_details(credit.movie.id).await.unwrap().value;
        assert!(
            d.credits
                .crew
                .iter()
                .any(|c| c.id == INES_MARLOW && Some(c.job.as_str()) == credit.job.as_deref()),
            "{}",
            d.title
        );
    }
    // Ada co-directed Moss and Marrow; Dana Director stays first.
    let moss = t.movie_details(9003).await.unwrap().value;
    let directors: Vec<&str> = moss
        .credits
        .crew
        .iter()
        .filter(|c| c.job == "Director")
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(directors, ["Dana Director", "Ada Example"]);

    let err = t.person_movie_credits(4242).await.unwrap_err();
    assert!(matches!(err, TmdbError::NotFound), "{err:?}");
    let (status, v) = fake_get(&app.fake, "/person/4242/movie_credits").await;
    assert_eq!((status, v["status_code"].as_i64()), (404, Some(34)));

    // People of the embedded catalog have credits too, matching the catalog's details.
    let fincher = support::fake_tmdb::catalog_person_id("David Fincher").unwrap();
    let credits = t.person_movie_credits(fincher).await.unwrap().value;
    assert!(credits.crew.iter().any(|c| c.movie.id == 550));
    let fight_club = t.movie_details(550).await.unwrap().value;
    assert!(fight_club.credits.crew.iter().any(|c| c.id == fincher));
}

#[tokio::test]
async fn fake_similar_recommendations_and_append_to_response() {
    let fake = FakeTmdb::start().await;
    let genres_of = |v: &serde_json::Value| -> Vec<i64> {
        v["genre_ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g.as_i64().unwrap())
            .collect()
    };
    for kind in ["similar", "recommendations"] {
        let (status, v) = fake_get(&fake, &format!("/movie/9001/{kind}")).await;
        assert_eq!(status, 200);
        let results = v["results"].as_array().unwrap();
        assert!(!results.is_empty(), "{kind}");
        for m in results {
            assert_ne!(m["id"], 9001, "{kind} lists the film itself");
            assert!(
                genres_of(m).iter().any(|g| [28, 80].contains(g)),
                "{kind}: {m} shares no genre"
            );
        }
    }
    let (_, v) = fake_get(&fake, &format!("/movie/{THE_GLASS_ORCHARD}/similar")).await;
    assert_eq!(result_ids(&v), [VELVET_STATIC, 9002, 9003]);

    // A catalog film's similar films come from the catalog, 20 a page.
    let catalog: std::collections::HashSet<i64> = moviebot::catalog::films()
        .iter()
        .map(|f| f.tmdb_id)
        .collect();
    let (_, one) = fake_get(&fake, "/movie/550/similar").await;
    let (_, two) = fake_get(&fake, "/movie/550/similar?page=2").await;
    let total = one["total_results"].as_u64().unwrap();
    assert!(total > 40, "{total}");
    assert_eq!(one["total_pages"].as_u64(), Some(total.div_ceil(20)));
    let (first, second) = (result_ids(&one), result_ids(&two));
    assert_eq!((first.len(), second.len()), (20, 20));
    assert!(
        first
            .iter()
            .chain(&second)
            .all(|id| catalog.contains(id) && *id != 550)
    );
    assert!(first.iter().all(|id| !second.contains(id)));

    // Details carry only the appended parts that were asked for.
    let parts = [
        "credits",
        "keywords",
        "release_dates",
        "watch/providers",
        "recommendations",
        "similar",
    ];
    let (_, bare) = fake_get(&fake, "/movie/9001").await;
    assert_eq!(bare["title"], "The Lantern Heist");
    assert!(parts.iter().all(|p| bare.get(p).is_none()), "{bare}");
    let (_, some) = fake_get(&fake, "/movie/9001?append_to_response=similar,credits").await;
    for p in parts {
        assert_eq!(
            some.get(p).is_some(),
            ["similar", "credits"].contains(&p),
            "{p}"
        );
    }
    assert_eq!(some["credits"]["cast"].as_array().unwrap().len(), 7);
    let all = parts.join(",");
    let (_, full) = fake_get(&fake, &format!("/movie/9001?append_to_response={all}")).await;
    assert!(parts.iter().all(|p| full.get(p).is_some()), "{full}");
    assert_eq!(full["recommendations"]["results"][0]["id"], 9002);
    let (_, credits) = fake_get(&fake, "/movie/9001/credits").await;
    assert_eq!(
        (credits["id"].as_i64(), credits["crew"][1]["job"].as_str()),
        (Some(9001), Some("Director"))
    );
}

#[tokio::test]
async fn fake_details_of_catalog_films_keep_their_own_data() {
    let app = spawn_app().await;
    for id in [550, 603, 27205] {
        let film = moviebot::catalog::films()
            .iter()
            .find(|f| f.tmdb_id == id)
            .unwrap();
        let d = from_tmdb::details(&app.tmdb, id).await.unwrap().value;
        assert_eq!(d.title, film.title);
        assert_eq!(d.release_date.as_deref(), Some(film.release_date.as_str()));
        assert_eq!(d.runtime, Some(film.runtime as i32));
        assert_eq!(d.poster_path, Some(format!("/poster{id}.jpg")));
        let m = from_tmdb::detailed(&d);
        assert_eq!(m.genres, film.genres);
        assert_eq!(m.director.as_deref(), Some(film.director.as_str()));
        assert_eq!(m.cast, film.cast[..film.cast.len().min(5)]);
        assert_eq!(m.keywords, film.keywords);
        let row = app.store.movie_by_tmdb(id).await.unwrap().unwrap();
        assert_eq!(
            (row.movie.title.as_str(), row.movie.year),
            (film.title.as_str(), Some(film.year))
        );
    }
    let unknown = app.tmdb.movie_details(31337).await.unwrap().value;
    assert_eq!(unknown.title, "Synthetic Film 31337");
}

#[tokio::test]
async fn fake_delays_per_path_and_runs_on_a_chosen_listener() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let fake = FakeTmdb::serve(listener).unwrap();
    assert_eq!(fake.base_url, format!("http://{addr}/3"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    fake.on_request(move |path, query, status| {
        log.lock().unwrap().push(format!("{path}?{query} {status}"));
    });

    const SLOW: Duration = Duration::from_millis(400);
    fake.set_delay_for("/movie/9002", SLOW);
    let timed = |path: &'static str| {
        let fake = &fake;
        async move {
            let started = Instant::now();
            assert_eq!(fake_get(fake, path).await.0, 200);
            started.elapsed()
        }
    };
    assert!(timed("/movie/9002").await >= SLOW);
    assert!(timed("/movie/9002/similar").await >= SLOW);
    assert!(timed("/movie/9001").await < SLOW);
    // The longest matching prefix wins over the global delay.
    fake.set_delay(SLOW);
    fake.set_delay_for("/configuration", Duration::ZERO);
    assert!(timed("/configuration").await < SLOW);
    assert!(timed("/genre/movie/list").await >= SLOW);

    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 5);
    assert_eq!(seen[0], "/movie/9002?api_key=*** 200");
    assert!(seen.iter().all(|line| !line.contains(FAKE_KEY)));
}
