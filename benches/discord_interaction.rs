//! Discord interaction latency with the real chat core, in process: signed requests through
//! the app's router as `moviebot run` builds it (signature check, serenity parsing, the core
//! on the warm embedded catalog, rendering, metrics and tracing layers), one at a time.
//! Reports p50/p90/p99/max per kind and each p99 against PING's (signature + JSON only).
//! `cargo bench --bench discord_interaction` (`DISCORD_BENCH_REQUESTS` sets the count,
//! `DISCORD_BENCH_ONLY` keeps PING and the kinds whose name contains it).

#[path = "../tests/support/discord.rs"]
mod fixtures;
#[path = "support/seed.rs"]
mod seed;

use std::path::Path;
use std::time::{Duration, Instant};

use axum::Router;
use fixtures::*;
use http_body_util::BodyExt;
use moviebot::app::App;
use moviebot::config::Config;
use moviebot::domain::MovieId;
use moviebot_protocol::{Action, Stars};
use serde_json::{Value, json};
use tower::ServiceExt;

/// The bench user's films (public ids) and their starting ratings.
struct Setup {
    router: Router,
    rated: Vec<i64>,
}

async fn setup(dir: &Path) -> Setup {
    let (store, movies) = seed::catalog_store(dir).await;
    // 50 other users × 20 ratings for the collaborative model, deterministic.
    seed::seed_raters(&store, &movies, 50, 20).await;
    // Ada, who talks to the bot on Discord, has rated 20 films.
    let ada = store
        .user_for_identity("discord", ADA.id, ADA.name)
        .await
        .unwrap();
    let mut rated = Vec::new();
    for j in 0..20u64 {
        let m = &movies[((j * 53 + 11) % movies.len() as u64) as usize];
        let stars = (j % 10 + 1) as f64 / 2.0;
        store
            .upsert_rating(ada.id, MovieId(m.id.0), Stars::exact(stars).unwrap())
            .await
            .unwrap();
        rated.push(m.movie.tmdb_id.expect("catalog films have TMDb ids"));
    }
    store.close().await;
    let path = dir.join("bot.toml");
    let toml = format!(
        "[database]\nurl = \"{}\"\n\
         [discord]\nmode = \"interactions\"\napplication_id = {APP_ID}\npublic_key = \"{}\"\n\
         [limits]\nchat_per_minute = 1000000\nchat_burst = 1000000\n",
        seed::catalog_url(dir),
        public_key_hex()
    );
    std::fs::write(&path, toml).unwrap();
    let config = Config::load_with(Some(&path), Path::new("/nonexistent"), &[])
        .unwrap()
        .config;
    // The app exactly as `moviebot run` builds it, on the seeded database.
    let app = App::build(&config).await.unwrap();
    Setup {
        router: app.router(),
        rated,
    }
}

/// A kind of interaction: its name and the `i`-th request of it (each with its own id).
struct Kind {
    name: &'static str,
    make: Box<dyn Fn(u64) -> Value>,
}

fn kinds(rated: Vec<i64>) -> Vec<Kind> {
    let id = |base: u64, i: u64| (base + i).to_string();
    let rows = json!([{"type": 1, "components": [
        {"type": 2, "style": 2, "label": "★4", "custom_id": "mb1:r:949:40"}]}]);
    let prefixes = ["the", "Hea", "star", "in", "god", "matrix", "a", "Pul"];
    vec![
        Kind {
            name: "PING",
            make: Box::new(move |i| ping(&id(1_100_000_000_000_000_000, i))),
        },
        Kind {
            name: "rating button",
            make: Box::new(move |i| {
                let film = rated[i as usize % rated.len()];
                let stars = Stars::new((i % 10 + 1) as f32 / 2.0).unwrap();
                let custom = Action::Rate {
                    movie: moviebot_protocol::PublicMovieId(film),
                    stars,
                }
                .encode();
                click(
                    &id(2_100_000_000_000_000_000, i),
                    ADA,
                    &custom,
                    rows.clone(),
                    ADA,
                    0,
                )
            }),
        },
        Kind {
            name: "/recommend",
            make: Box::new(move |i| {
                command(
                    &id(2_200_000_000_000_000_000, i),
                    ADA,
                    "recommend",
                    json!([]),
                    true,
                )
            }),
        },
        Kind {
            name: "/recommend genre decade",
            make: Box::new(move |i| {
                let options = json!([{"name": "genre", "type": 3, "value": "Crime"},
                    {"name": "decade", "type": 3, "value": "1990s"}]);
                command(
                    &id(2_300_000_000_000_000_000, i),
                    ADA,
                    "recommend",
                    options,
                    true,
                )
            }),
        },
        Kind {
            name: "autocomplete /rate title",
            make: Box::new(move |i| {
                let prefix = prefixes[i as usize % prefixes.len()];
                autocomplete(
                    &id(2_400_000_000_000_000_000, i),
                    ADA,
                    "rate",
                    "title",
                    prefix,
                )
            }),
        },
    ]
}

/// One signed request through the router; the time covers verification to the last body byte.
async fn time_one(router: &Router, interaction: &Value) -> Duration {
    let req = signed(serde_json::to_vec(interaction).unwrap());
    let started = Instant::now();
    let resp = router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    let elapsed = started.elapsed();
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    elapsed
}

fn percentile(sorted: &[Duration], q: f64) -> Duration {
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn median(times: &[Duration]) -> Duration {
    let mut v = times.to_vec();
    v.sort();
    percentile(&v, 0.5)
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1e3)
}

fn main() {
    let n: u64 = std::env::var("DISCORD_BENCH_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5_000);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let Setup { router, rated } = rt.block_on(setup(dir.path()));
    // `DISCORD_BENCH_ONLY=genre` keeps PING plus the kinds whose name contains it (profiling).
    let only = std::env::var("DISCORD_BENCH_ONLY").unwrap_or_default();
    let kinds: Vec<Kind> = kinds(rated)
        .into_iter()
        .enumerate()
        .filter(|(i, k)| *i == 0 || k.name.contains(only.as_str()))
        .map(|(_, k)| k)
        .collect();
    let warmup = (n / 10).max(50);
    let mut rows = Vec::new();
    for kind in &kinds {
        let mut times: Vec<Duration> = rt.block_on(async {
            for i in 0..warmup {
                time_one(&router, &(kind.make)(n + i)).await;
            }
            let mut times = Vec::with_capacity(n as usize);
            for i in 0..n {
                times.push(time_one(&router, &(kind.make)(i)).await);
            }
            times
        });
        // Does latency creep up as requests accumulate (sessions, processed events, ratings)?
        let tenth = (times.len() / 10).max(1);
        let drift = median(&times[times.len() - tenth..]).as_secs_f64()
            / median(&times[..tenth]).as_secs_f64();
        times.sort();
        rows.push((kind.name, times, drift));
    }
    println!(
        "\nDiscord interactions through the sidecar router, real chat core, SQLite, embedded \
         catalog (warm), {n} sequential requests each after {warmup} warm-up; times in ms\n"
    );
    println!(
        "{:<26} {:>8} {:>8} {:>8} {:>8} {:>8} {:>10} {:>7}",
        "interaction", "p50", "p90", "p99", "max", "mean", "p99/PING", "drift"
    );
    let base = percentile(&rows[0].1, 0.99);
    for (name, t, drift) in &rows {
        let mean = t.iter().sum::<Duration>() / t.len() as u32;
        let p99 = percentile(t, 0.99);
        println!(
            "{name:<26} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9.1}× {drift:>6.2}×",
            ms(percentile(t, 0.50)),
            ms(percentile(t, 0.90)),
            ms(p99),
            ms(*t.last().unwrap()),
            ms(mean),
            p99.as_secs_f64() / base.as_secs_f64()
        );
    }
    let worst = rows[1..]
        .iter()
        .map(|(_, t, _)| percentile(t, 0.99))
        .max()
        .unwrap();
    println!(
        "\ngoal: p99 ≤ 5 ms in process for a command with cached data — worst command p99 {} ms: {}",
        ms(worst),
        if worst <= Duration::from_millis(5) {
            "met"
        } else {
            "MISSED"
        }
    );
    println!("drift: median of the last tenth of requests over the first tenth's");
}
