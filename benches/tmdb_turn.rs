//! A chat turn that must ask TMDb (nothing cached, the film never seen) against a fake TMDb
//! that answers every request after 50 ms, beside the same turn once it is cached: p50/p99 of
//! each, in one run. Three kinds of turn: a film by id (`/movie 600123`: one details request),
//! a title (`/movie Synthetic Film 700123`: search, then details), and films like one the
//! model does not know (`/similar Synthetic Film 800123`: search, details with TMDb's related
//! lists, then the content model on the film's own keywords and cast).
//!
//! `cargo bench --bench tmdb_turn` (`TMDB_TURN_SAMPLES=200` for more turns per kind; default
//! 100). The fake runs in the same process, on loopback.

#[path = "../tests/support/fake_tmdb.rs"]
mod fake_tmdb;

use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_tmdb::{FAKE_KEY, FakeTmdb};
use moviebot::chat::{ChatCore, TmdbSource};
use moviebot::config::{LimitsConfig, RecommenderConfig, TmdbConfig};
use moviebot::tmdb::CachedTmdb;
use moviebot_protocol::{ChatHandler, Command, Incoming, IncomingEvent, Platform, PlatformUser};
use secrecy::SecretString;

/// How long the fake takes to answer each request.
const TMDB_LATENCY: Duration = Duration::from_millis(50);

fn percentile(sorted_ms: &[f64], q: f64) -> f64 {
    let i = ((sorted_ms.len() as f64 - 1.0) * q).round() as usize;
    sorted_ms[i]
}

async fn time_turn(core: &ChatCore, event: IncomingEvent) -> (f64, usize) {
    let started = Instant::now();
    let reply = core.handle(event).await;
    let ms = started.elapsed().as_secs_f64() * 1e3;
    (ms, reply.cards.len())
}

fn main() {
    let samples: usize = std::env::var("TMDB_TURN_SAMPLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    rt.block_on(async {
        let fake = FakeTmdb::start().await;
        let url = format!("sqlite://{}", dir.path().join("bench.db").display());
        let store = moviebot::store::Store::open(&url, 8).await.unwrap();
        moviebot::catalog::ensure_loaded(&store).await.unwrap();
        let cfg = TmdbConfig {
            api_key: Some(SecretString::from(FAKE_KEY)),
            base_url: fake.base_url.clone(),
            requests_per_second: 40,
            ..TmdbConfig::default()
        };
        let tmdb = CachedTmdb::from_config(&cfg, store.clone()).unwrap();
        let limits = LimitsConfig {
            chat_per_minute: 1_000_000,
            chat_burst: 1_000_000,
            ..LimitsConfig::default()
        };
        let core = ChatCore::start_with_source(
            store,
            RecommenderConfig::default(),
            limits,
            Arc::new(TmdbSource::new(tmdb)),
            "US".into(),
        )
        .await
        .unwrap();
        core.films().refresh_images().await;
        fake.set_delay(TMDB_LATENCY);
        let me = PlatformUser::new(Platform::Console, "bench", "Bench");
        let command =
            |name: &str, text: String| Incoming::command(Command::from_text(name, &text));
        let by_id = |i: usize| command("movie", (600_000 + i).to_string());
        let title = |i: usize| command("movie", format!("Synthetic Film {}", 700_000 + i));
        let like = |i: usize| command("similar", format!("Synthetic Film {}", 800_000 + i));
        let kinds: [(&str, &dyn Fn(usize) -> Incoming); 3] =
            [("film by id", &by_id), ("title", &title), ("movies like", &like)];
        println!(
            "tmdb_turn: {samples} turns per kind, fake TMDb answering after {} ms",
            TMDB_LATENCY.as_millis()
        );
        for (name, incoming) in kinds {
            let mut cold = Vec::with_capacity(samples);
            let mut warm = Vec::with_capacity(samples);
            let requests_before = fake.total_calls();
            for i in 0..samples {
                let event = || IncomingEvent::direct(me.clone(), incoming(i));
                let (ms, cards) = time_turn(&core, event()).await;
                assert!(cards > 0, "{name} {i}: no card ({:?})", incoming(i));
                cold.push(ms);
                let (ms, _) = time_turn(&core, event()).await;
                warm.push(ms);
            }
            // Let background requests started by these turns land before counting.
            tokio::time::sleep(Duration::from_millis(500)).await;
            let requests = (fake.total_calls() - requests_before) as f64 / samples as f64;
            cold.sort_by(f64::total_cmp);
            warm.sort_by(f64::total_cmp);
            let (c50, c99) = (percentile(&cold, 0.5), percentile(&cold, 0.99));
            let (w50, w99) = (percentile(&warm, 0.5), percentile(&warm, 0.99));
            println!(
                "  {name:12} cold p50 {c50:7.1} ms  p99 {c99:7.1} ms | warm p50 {w50:6.2} ms  \
                 p99 {w99:6.2} ms | cold/warm p50 {:5.0}× | {requests:.1} TMDb requests per cold turn (inline and background)",
                c50 / w50
            );
        }
    });
}
