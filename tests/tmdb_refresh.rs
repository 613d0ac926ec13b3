//! The background TMDb refresh against a fake TMDb (no network): what a first start fetches,
//! what a restart skips, what a due list refetches past the cache, and how it stops (shutdown,
//! TMDb down, a rejected key).

mod support;

use std::cell::RefCell;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use moviebot::catalog::refresh::{self, RefreshReport, RefreshSchedule};
use moviebot::catalog::sync::List;
use moviebot::config::TmdbConfig;
use moviebot::store::Store;
use moviebot::tmdb::{CachedTmdb, RetryPolicy, TimeWindow, TmdbClient};
use secrecy::SecretString;
use support::fake_tmdb::{FAKE_KEY, FILMS, FakeTmdb, Fault};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

const TRENDING: List = List::Trending(TimeWindow::Day);
const LISTS: [List; 3] = [TRENDING, List::Popular, List::TopRated];
/// The most any wait for the refresh may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(5);

fn config(base_url: &str) -> TmdbConfig {
    TmdbConfig {
        api_key: Some(SecretString::from(FAKE_KEY)),
        base_url: base_url.to_owned(),
        requests_per_second: 40,
        ..TmdbConfig::default()
    }
}

struct App {
    fake: FakeTmdb,
    store: Store,
    tmdb: CachedTmdb,
    schedule: RefreshSchedule,
    _dir: tempfile::TempDir,
}

async fn spawn_app() -> App {
    let fake = FakeTmdb::start().await;
    let (store, dir) = support::sqlite_store().await;
    let cfg = config(&fake.base_url);
    let client = TmdbClient::new(&cfg)
        .unwrap()
        .with_timeout(Duration::from_secs(2));
    let policy = RetryPolicy {
        max_attempts: 5,
        deadline: Duration::from_secs(15),
        base_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(80),
    };
    let tmdb = CachedTmdb::new(client, store.clone(), &cfg, policy);
    // The configured schedule (daily, weekly, 2 pages), with a quick retry.
    let schedule = RefreshSchedule {
        retry_delay: Duration::from_millis(200),
        ..RefreshSchedule::from_config(&cfg).expect("a key, and refresh on by default")
    };
    App {
        fake,
        store,
        tmdb,
        schedule,
        _dir: dir,
    }
}

/// A refresh running in the background, reporting into a channel.
struct Running {
    reports: mpsc::UnboundedReceiver<RefreshReport>,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl Running {
    fn start(app: &App) -> Running {
        let (tx, reports) = mpsc::unbounded_channel();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(refresh::run(
            app.tmdb.clone(),
            app.schedule.clone(),
            move |report| {
                let _ = tx.send(report);
            },
            async {
                let _ = stopped.await;
            },
        ));
        Running {
            reports,
            stop,
            task,
        }
    }

    async fn next_report(&mut self) -> RefreshReport {
        tokio::time::timeout(PATIENCE, self.reports.recv())
            .await
            .expect("a list refreshed in time")
            .expect("the refresh is running")
    }

    /// Signals shutdown; returns how long the refresh took to return.
    async fn stop(self) -> Duration {
        let asked = Instant::now();
        let _ = self.stop.send(());
        tokio::time::timeout(PATIENCE, self.task)
            .await
            .expect("the refresh stopped")
            .expect("the refresh did not panic");
        asked.elapsed()
    }
}

/// Requests for a film's details (`/movie/{id}`), whichever films the fake lists.
fn details_calls(fake: &FakeTmdb) -> usize {
    fake.arrivals()
        .iter()
        .filter(|(_, path)| {
            path.strip_prefix("/movie/")
                .is_some_and(|id| id.parse::<i64>().is_ok())
        })
        .count()
}

/// A finished refresh that stored every film its list named, the fixture's films among them.
fn assert_stored_all(report: &RefreshReport) {
    let list = report.list;
    assert!(report.listed > 0, "{list}: {report:?}");
    assert_eq!(report.stored.len(), report.listed, "{list}: {report:?}");
    assert_eq!(report.failed, 0, "{list}: {report:?}");
    assert!(report.stored.is_sorted(), "{list}: {report:?}");
    for film in FILMS {
        assert!(report.stored.contains(&film.0), "{list} lacks {}", film.1);
    }
}

fn list_calls(fake: &FakeTmdb) -> [usize; 3] {
    ["/trending/movie/day", "/movie/popular", "/movie/top_rated"].map(|p| fake.calls(p))
}

async fn last_refreshed(store: &Store, list: List) -> Option<i64> {
    refresh::last_refreshed(store, list).await.unwrap()
}

async fn wait_until(what: &str, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < PATIENCE, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

thread_local! {
    static LOGS: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Appends to this thread's log buffer.
struct ThreadLogs;

impl std::io::Write for ThreadLogs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        LOGS.with_borrow_mut(|logs| logs.extend_from_slice(buf));
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Starts collecting this thread's INFO logs: on a current-thread runtime that is everything
/// the test and its tasks log. One global subscriber rather than one per test: tracing caches
/// per call site whether anyone listens, and per-thread subscribers in parallel tests can
/// miss events.
fn capture_logs() {
    static INIT: std::sync::Once = std::sync::Once::new();
    INIT.call_once(|| {
        let _ = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_writer(|| ThreadLogs)
            .with_ansi(false)
            .try_init();
    });
    LOGS.with_borrow_mut(Vec::clear);
}

fn captured_logs() -> String {
    LOGS.with_borrow(|logs| String::from_utf8_lossy(logs).into_owned())
}

#[test]
fn the_schedule_follows_the_config() {
    let hour = Duration::from_secs(3600);
    let keyless = TmdbConfig::default();
    assert_eq!(RefreshSchedule::from_config(&keyless), None);
    let off = TmdbConfig {
        refresh: false,
        ..config("http://x.test/3")
    };
    assert_eq!(RefreshSchedule::from_config(&off), None);
    let s = RefreshSchedule::from_config(&config("http://x.test/3")).unwrap();
    assert_eq!(
        s.lists,
        [
            (TRENDING, 24 * hour),
            (List::Popular, 168 * hour),
            (List::TopRated, 168 * hour)
        ]
    );
    assert_eq!(s.pages, 2);
    let custom = TmdbConfig {
        refresh_trending_hours: 6,
        refresh_lists_hours: 48,
        refresh_pages: 5,
        ..config("http://x.test/3")
    };
    let s = RefreshSchedule::from_config(&custom).unwrap();
    assert_eq!(s.lists[0].1, 6 * hour);
    assert_eq!(
        (s.lists[1].1, s.lists[2].1, s.pages),
        (48 * hour, 48 * hour, 5)
    );
}

/// A first start with a key refreshes all three lists at once, stores their films, records
/// each finish, and tells the caller what it stored.
#[tokio::test(flavor = "current_thread")]
async fn a_first_start_refreshes_every_list_and_stores_its_films() {
    capture_logs();
    let app = spawn_app().await;
    let mut running = Running::start(&app);
    let mut reports = Vec::new();
    for list in LISTS {
        let report = running.next_report().await;
        assert_eq!(report.list, list);
        assert_stored_all(&report);
        reports.push(report);
    }
    running.stop().await;

    // Up to two pages of each list (fewer when the list ends sooner); trending is today's.
    for (calls, list) in list_calls(&app.fake).into_iter().zip(LISTS) {
        assert!((1..=2).contains(&calls), "{list}: {calls} pages");
    }
    assert_eq!(app.fake.calls("/trending/movie/week"), 0);
    // Each film's details once: the later lists found them fresh in the cache.
    let mut stored: Vec<i64> = reports.iter().flat_map(|r| r.stored.clone()).collect();
    stored.sort_unstable();
    stored.dedup();
    assert_eq!(details_calls(&app.fake), stored.len());
    for id in stored {
        assert_eq!(app.fake.calls(&format!("/movie/{id}")), 1, "{id}");
        assert!(app.store.movie_by_tmdb(id).await.unwrap().is_some(), "{id}");
    }
    let now = moviebot::store::now();
    for list in LISTS {
        let at = last_refreshed(&app.store, list).await.expect("recorded");
        assert!((now - 60..=now).contains(&at), "{list}: {at} vs {now}");
    }
    let logs = captured_logs();
    let mut lines = vec![
        "refreshing trending: 2 pages".to_owned(),
        "TMDb refresh stopped".to_owned(),
    ];
    for r in &reports {
        let n = r.listed;
        lines.push(format!(
            "refreshed {}: {n} films, {n} stored, 0 failed",
            r.list
        ));
    }
    for line in lines {
        assert!(logs.contains(&line), "no {line:?} in:\n{logs}");
    }
}

/// A restart does nothing while every list is fresh; a list made due is refetched although
/// its pages are fresh in the cache, and its films' recent details come from the cache.
#[tokio::test]
async fn a_restart_skips_fresh_lists_and_refetches_due_ones_past_the_cache() {
    let app = spawn_app().await;
    let mut running = Running::start(&app);
    for _ in LISTS {
        running.next_report().await;
    }
    running.stop().await;
    let calls = app.fake.total_calls();
    let [trending, popular, top_rated] = list_calls(&app.fake);
    let details = details_calls(&app.fake);

    let mut running = Running::start(&app);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(running.reports.try_recv().is_err(), "nothing was due");
    running.stop().await;
    assert_eq!(app.fake.total_calls(), calls, "a restart fetched nothing");

    // Popular last refreshed eight days ago: due again.
    let eight_days_ago = moviebot::store::now() - 8 * 24 * 3600;
    app.store
        .meta_set(
            &refresh::meta_key(List::Popular),
            &eight_days_ago.to_string(),
        )
        .await
        .unwrap();
    let mut running = Running::start(&app);
    let report = running.next_report().await;
    assert_eq!(report.list, List::Popular);
    assert_stored_all(&report);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(running.reports.try_recv().is_err(), "only popular was due");
    running.stop().await;
    assert_eq!(
        list_calls(&app.fake),
        [trending, 2 * popular, top_rated],
        "popular's pages were fetched again"
    );
    assert_eq!(
        details_calls(&app.fake),
        details,
        "details came from the cache"
    );
    let at = last_refreshed(&app.store, List::Popular).await.unwrap();
    assert!(
        at > eight_days_ago + 7 * 24 * 3600,
        "the new finish is recorded"
    );
}

/// Shutdown in the middle of a slow refresh returns at once and records nothing, so the next
/// start redoes the list. Details are fetched at most four at a time.
#[tokio::test]
async fn shutdown_interrupts_a_refresh_at_once_and_it_is_redone_later() {
    let app = spawn_app().await;
    app.fake.set_delay(Duration::from_millis(300));
    let running = Running::start(&app);
    wait_until("the first details request", || details_calls(&app.fake) > 0).await;
    // The first answer is 300 ms away: whatever else has arrived was sent concurrently.
    tokio::time::sleep(Duration::from_millis(150)).await;
    let in_flight = details_calls(&app.fake);
    assert!(
        (1..=4).contains(&in_flight),
        "{in_flight} details in flight"
    );

    let took = running.stop().await;
    assert!(took < Duration::from_secs(2), "shutdown took {took:?}");
    assert_eq!(last_refreshed(&app.store, TRENDING).await, None);

    app.fake.set_delay(Duration::ZERO);
    let mut running = Running::start(&app);
    let report = running.next_report().await;
    assert_eq!(report.list, TRENDING);
    assert_stored_all(&report);
    running.stop().await;
    assert!(last_refreshed(&app.store, TRENDING).await.is_some());
}

/// With TMDb failing, nothing is recorded, nothing panics, and each list is retried after
/// the retry delay; once TMDb is back the same run catches up.
#[tokio::test]
async fn tmdb_down_leaves_every_list_due_and_retries() {
    let app = spawn_app().await;
    app.fake.fail_always(Fault::Internal);
    let mut running = Running::start(&app);
    // Five attempts per lookup: ten requests mean trending was tried twice.
    wait_until("a retry of trending", || {
        app.fake.calls("/trending/movie/day") >= 10
    })
    .await;
    assert!(running.reports.try_recv().is_err());
    assert!(app.fake.calls("/movie/popular") >= 5 && app.fake.calls("/movie/top_rated") >= 5);
    assert_eq!(details_calls(&app.fake), 0, "no list, no details");
    for list in LISTS {
        assert_eq!(last_refreshed(&app.store, list).await, None, "{list}");
    }

    app.fake.heal();
    for _ in LISTS {
        assert_stored_all(&running.next_report().await);
    }
    running.stop().await;
    for list in LISTS {
        assert!(last_refreshed(&app.store, list).await.is_some(), "{list}");
    }
}

/// A rejected key ends the refresh by itself, with one error, after one request.
#[tokio::test(flavor = "current_thread")]
async fn an_invalid_key_stops_the_refresh() {
    capture_logs();
    let app = spawn_app().await;
    app.fake.fail_always(Fault::Unauthorized);
    let reported = Arc::new(Mutex::new(Vec::new()));
    let sink = reported.clone();
    let task = tokio::spawn(refresh::run(
        app.tmdb.clone(),
        app.schedule.clone(),
        move |r| sink.lock().unwrap().push(r),
        std::future::pending(),
    ));
    tokio::time::timeout(PATIENCE, task)
        .await
        .expect("the refresh ended by itself")
        .expect("the refresh did not panic");
    assert_eq!(
        list_calls(&app.fake),
        [1, 0, 0],
        "not retried, nothing else tried"
    );
    assert!(reported.lock().unwrap().is_empty());
    assert_eq!(last_refreshed(&app.store, TRENDING).await, None);
    let logs = captured_logs();
    let errors: Vec<&str> = logs.lines().filter(|l| l.contains("ERROR")).collect();
    assert_eq!(errors.len(), 1, "{logs}");
    assert!(
        errors[0].contains("TMDb refresh stopped") && errors[0].contains("api_key"),
        "{logs}"
    );
}
