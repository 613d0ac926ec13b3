//! One full chat turn in process: parse + recommend + reply, on the embedded catalog with
//! 1,000 stored ratings from 50 users. `cargo bench --bench chat_turn`.

use std::sync::Arc;

#[path = "support/seed.rs"]
mod seed;

use criterion::{Criterion, criterion_group, criterion_main};
use moviebot::chat::ChatCore;
use moviebot::config::{LimitsConfig, RecommenderConfig};
use moviebot_protocol::{ChatHandler, Incoming, IncomingEvent, Platform, PlatformUser};

fn setup(rt: &tokio::runtime::Runtime, dir: &std::path::Path) -> Arc<ChatCore> {
    rt.block_on(async {
        let (store, movies) = seed::catalog_store(dir).await;
        // 50 users × 20 ratings, deterministic.
        seed::seed_raters(&store, &movies, 50, 20).await;
        assert_eq!(store.count_ratings().await.unwrap(), 1000);
        let limits = LimitsConfig {
            chat_per_minute: 1_000_000,
            chat_burst: 1_000_000,
            ..LimitsConfig::default()
        };
        ChatCore::start(store, RecommenderConfig::default(), limits)
            .await
            .unwrap()
    })
}

fn chat_turn(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let core = setup(&rt, dir.path());
    let user = PlatformUser::new(Platform::Telegram, "bench7", "Bench");
    // Criterion reports means; the issue asks for a tail, so measure p50/p99 directly too.
    for text in [
        "90s action movies with Keanu Reeves",
        "something like Inception but newer",
        "what should I watch?",
    ] {
        let mut us: Vec<f64> = (0..5000)
            .map(|_| {
                let t = std::time::Instant::now();
                rt.block_on(core.handle(IncomingEvent::direct(
                    user.clone(),
                    Incoming::Text(text.into()),
                )));
                t.elapsed().as_secs_f64() * 1e6
            })
            .collect();
        us.sort_by(f64::total_cmp);
        println!(
            "chat turn {text:?}: p50 {:.1} µs, p90 {:.1} µs, p99 {:.1} µs over 5000 turns",
            us[2499], us[4499], us[4949]
        );
    }
    let mut group = c.benchmark_group("chat_turn");
    for (name, text) in [
        ("combined_filters", "90s action movies with Keanu Reeves"),
        ("similar", "something like Inception but newer"),
        ("personal", "what should I watch?"),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                rt.block_on(core.handle(IncomingEvent::direct(
                    user.clone(),
                    Incoming::Text(text.into()),
                )))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, chat_turn);
criterion_main!(benches);
