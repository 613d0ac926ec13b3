//! In-process cost of handling one Telegram update end to end: the real teloxide client
//! against the fake Bot API on 127.0.0.1, with a fast fake core. Prints p50/p99 for a
//! rating button press (answerCallbackQuery + editMessageReplyMarkup) and for a command that
//! answers with a poster card (sendPhoto, multipart), and a redelivery being dropped.
//!
//! `cargo bench -p moviebot-telegram --bench update`

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use moviebot_protocol::{
    Action, ChatHandler, Completion, CompletionField, Incoming, IncomingEvent, MovieCard,
    PlatformUser, PublicMovieId, Reply, Stars,
};
use moviebot_telegram::fake_api;
use moviebot_telegram::{Limits, Telegram, TelegramSettings};
use serde_json::{Value, json};

/// Updates per scenario (`BENCH_N` overrides).
fn n() -> usize {
    std::env::var("BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3_000)
}

/// Answers at once with a cached card: the adapter's cost, not the core's.
struct FastCore;

fn heat(rating: Option<Stars>) -> MovieCard {
    let mut c = MovieCard::new(PublicMovieId(949), "Heat");
    c.year = Some(1995);
    c.score = Some(7.9);
    c.genres = vec!["Crime".into(), "Drama".into()];
    c.overview = "A group of professional thieves and an obsessed detective.".into();
    c.poster_url = Some("https://image.tmdb.org/t/p/w500/heat.jpg".into());
    c.user_rating = rating;
    c.actions = (1..=5)
        .filter_map(|s| Stars::new(s as f32))
        .map(|stars| Action::Rate {
            movie: PublicMovieId(949),
            stars,
        })
        .chain([
            Action::MoreLikeThis {
                movie: PublicMovieId(949),
            },
            Action::WatchlistAdd {
                movie: PublicMovieId(949),
            },
        ])
        .collect();
    c
}

#[async_trait]
impl ChatHandler for FastCore {
    async fn handle(&self, event: IncomingEvent) -> Reply {
        match event.incoming {
            Incoming::Action(Action::Rate { stars, .. }) => {
                Reply::text(format!("Saved: Heat {stars}.")).with_cards([heat(Some(stars))])
            }
            _ => Reply::default().with_cards([heat(None)]),
        }
    }

    async fn complete(&self, _: &PlatformUser, _: CompletionField, _: &str) -> Vec<Completion> {
        Vec::new()
    }
}

fn percentiles(mut d: Vec<Duration>) -> (Duration, Duration, Duration) {
    d.sort();
    let at = |p: f64| d[((d.len() as f64 * p) as usize).min(d.len() - 1)];
    (at(0.50), at(0.99), *d.last().unwrap())
}

fn report(name: &str, d: Vec<Duration>) {
    let n = d.len();
    let (p50, p99, max) = percentiles(d);
    println!("{name:<44} n={n}  p50={p50:>9.3?}  p99={p99:>9.3?}  max={max:>9.3?}");
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let fake = fake_api::FakeApi::start().await;
        let mut settings = TelegramSettings::new("123456:BENCH");
        settings.api_url = Some(fake.url.clone());
        settings.limits = Limits {
            messages_per_sec_chat: 1_000,
            messages_per_min_chat: 100_000,
            messages_per_min_channel_or_supergroup: 100_000,
            messages_per_sec_overall: 10_000,
        };
        let telegram = Telegram::new(settings, Arc::new(FastCore)).unwrap();
        // From text, as the Bot API delivers it (teloxide's Update parses strings and bytes,
        // not an in-memory serde_json::Value).
        let update = |v: Value| serde_json::from_str(&v.to_string()).unwrap();
        let from = json!({"id": 42, "is_bot": false, "first_name": "Ada"});
        let chat = json!({"id": 42, "type": "private", "first_name": "Ada"});

        // A card message to press buttons on (and warm-up: getMe, connections).
        let mut next_id = 1;
        let command = |id: &mut i64| {
            *id += 1;
            json!({"update_id": *id, "message": {
                "message_id": *id, "date": 1_700_000_000, "chat": chat, "from": from, "text": "/movie Heat",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}]
            }})
        };
        for _ in 0..5 {
            telegram.handle_update(update(command(&mut next_id))).await;
        }
        let card = fake.last_message(42);

        // teloxide's Throttle releases queued sends on a 250 ms tick: a send right after
        // another waits for it, a send to an idle bot goes at once. Measure both.
        let mut times = Vec::new();
        for _ in 0..(n() / 15).max(10) {
            tokio::time::sleep(Duration::from_millis(300)).await;
            let u = update(command(&mut next_id));
            let t = Instant::now();
            telegram.handle_update(u).await;
            times.push(t.elapsed());
        }
        report("command → card (sendPhoto), idle bot", times);
        let mut times = Vec::new();
        for _ in 0..20 {
            let u = update(command(&mut next_id));
            let t = Instant::now();
            telegram.handle_update(u).await;
            times.push(t.elapsed());
        }
        report("command → card, back to back (Throttle tick)", times);

        let mut times = Vec::with_capacity(n());
        for i in 0..n() {
            next_id += 1;
            // Alternate ★4/★5 so every press changes the keyboard (an edit each time).
            let data = if i % 2 == 0 { "mb1:r:949:40" } else { "mb1:r:949:50" };
            let u = update(json!({"update_id": next_id, "callback_query": {
                "id": format!("cq-{next_id}"), "from": from, "message": card,
                "chat_instance": "ci", "data": data
            }}));
            let t = Instant::now();
            telegram.handle_update(u).await;
            times.push(t.elapsed());
        }
        report("rating press (answer + editMessageReplyMarkup)", times);

        let mut times = Vec::with_capacity(n());
        for _ in 0..n() {
            // A redelivered update: dropped before any Bot API call.
            let u = update(json!({"update_id": 2, "message": {
                "message_id": 2, "date": 1_700_000_000, "chat": chat, "from": from, "text": "/movie Heat"
            }}));
            let t = Instant::now();
            telegram.handle_update(u).await;
            times.push(t.elapsed());
        }
        report("redelivered update (dropped)", times);
        let refused = fake.calls().iter().filter(|c| !c.ok).count();
        println!("Bot API calls: {} ({refused} refused)", fake.calls().len());
    });
}
